#include "ui/weights/weights_tree_model.h"

#include "core/io/checkpoint_names.h"
#include "core/model/tensor_shape.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"
#include "ui/weights/opened_checkpoint.h"

#include <algorithm>
#include <cctype>

namespace initscope {

namespace {

bool numeric(const QString& label) {
    bool ok = false;
    label.toLongLong(&ok);
    return ok && !label.isEmpty() && label[0].isDigit();
}

QString grouped(int64_t value) {
    return QString::fromStdString(NumberFormat::grouped(value));
}

}  // namespace

WeightsTreeModel::WeightsTreeModel(QObject* parent)
    : QAbstractItemModel(parent), root_(std::make_unique<Node>()) {}

WeightsTreeModel::~WeightsTreeModel() = default;

QString WeightsTreeModel::shape_filter_text(const std::vector<int64_t>& shape) {
    QStringList dims;
    for (int64_t d : shape) dims << QString::number(d);
    return dims.join(QLatin1Char('x'));
}

void WeightsTreeModel::order_children(Node& node) {
    const bool all_numeric =
        !node.children.empty() &&
        std::all_of(node.children.begin(), node.children.end(),
                    [](const std::unique_ptr<Node>& child) { return numeric(child->label); });
    if (all_numeric)
        std::stable_sort(node.children.begin(), node.children.end(),
                         [](const std::unique_ptr<Node>& a, const std::unique_ptr<Node>& b) {
                             return a->label.toLongLong() < b->label.toLongLong();
                         });
    for (int row = 0; row < int(node.children.size()); ++row) {
        node.children[size_t(row)]->row = row;
        order_children(*node.children[size_t(row)]);
    }
}

void WeightsTreeModel::set_checkpoint(const OpenedCheckpoint* opened) {
    beginResetModel();
    opened_ = opened;
    root_ = std::make_unique<Node>();
    leaves_.clear();
    const int count = opened ? opened->tensor_count() : 0;
    leaves_.assign(size_t(count), nullptr);
    for (int i = 0; i < count; ++i) {
        const CheckpointTensor& tensor = opened->tensor(i);
        const std::vector<std::string> path = CheckpointNames::tree_path(tensor.name);
        Node* at = root_.get();
        for (size_t p = 0; p + 1 < path.size(); ++p) {
            at->tensors += 1;
            at->numel += tensor.numel;
            Node*& group = at->groups[path[p]];
            if (!group) {
                auto made = std::make_unique<Node>();
                made->label = QString::fromStdString(path[p]);
                made->parent = at;
                group = made.get();
                at->children.push_back(std::move(made));
            }
            at = group;
        }
        at->tensors += 1;
        at->numel += tensor.numel;
        auto leaf = std::make_unique<Node>();
        leaf->label = QString::fromStdString(path.back());
        leaf->tensor = i;
        leaf->parent = at;
        leaves_[size_t(i)] = leaf.get();
        at->children.push_back(std::move(leaf));
    }
    order_children(*root_);
    endResetModel();
}

void WeightsTreeModel::tensor_analysed(int index) {
    if (index < 0 || index >= int(leaves_.size())) return;
    const Node* leaf = leaves_[size_t(index)];
    const QModelIndex parent = leaf->parent == root_.get()
                                   ? QModelIndex()
                                   : createIndex(leaf->parent->row, 0, leaf->parent);
    emit dataChanged(this->index(leaf->row, Std, parent), this->index(leaf->row, Ks, parent));
}

QModelIndex WeightsTreeModel::index_of_tensor(int tensor) const {
    if (tensor < 0 || tensor >= int(leaves_.size())) return {};
    Node* leaf = leaves_[size_t(tensor)];
    return createIndex(leaf->row, 0, leaf);
}

int WeightsTreeModel::tensor_at(const QModelIndex& index) const {
    const Node* n = node(index);
    return n && index.isValid() ? n->tensor : -1;
}

WeightsTreeModel::Node* WeightsTreeModel::node(const QModelIndex& index) const {
    if (!index.isValid()) return root_.get();
    return static_cast<Node*>(index.internalPointer());
}

QModelIndex WeightsTreeModel::index(int row, int column, const QModelIndex& parent) const {
    const Node* at = node(parent);
    if (!at || row < 0 || row >= int(at->children.size()) || column < 0 || column >= ColumnCount)
        return {};
    return createIndex(row, column, at->children[size_t(row)].get());
}

QModelIndex WeightsTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    const Node* at = node(child);
    Node* up = at->parent;
    if (!up || up == root_.get()) return {};
    return createIndex(up->row, 0, up);
}

int WeightsTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    const Node* at = node(parent);
    return at ? int(at->children.size()) : 0;
}

int WeightsTreeModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant WeightsTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("name");
        case Dtype:
            return tr("dtype");
        case Shape:
            return tr("shape");
        case Numel:
            return tr("numel");
        case Std:
            return tr("std");
        case BestFit:
            return tr("best fit");
        case Ks:
            return tr("KS");
        default:
            return {};
    }
}

QVariant WeightsTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !opened_) return {};
    const Node* at = node(index);
    if (at->tensor >= 0) return tensor_data(*at, index.column(), role);
    switch (role) {
        case Qt::DisplayRole:
            if (index.column() == Name) return at->label;
            if (index.column() == Shape)
                return at->tensors == 1 ? tr("1 tensor") : tr("%1 tensors").arg(at->tensors);
            if (index.column() == Numel) return grouped(at->numel);
            return {};
        case Qt::TextAlignmentRole:
            if (index.column() == Numel) return int(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case kFilterRole:
            return QString();
        case kTensorRole:
            return -1;
        default:
            return {};
    }
}

QVariant WeightsTreeModel::tensor_data(const Node& leaf, int column, int role) const {
    const CheckpointTensor& tensor = opened_->tensor(leaf.tensor);
    const CheckpointTensorAnalysis* analysis = opened_->analysis(leaf.tensor);
    const QString shape = QString::fromStdString(TensorShape(tensor.shape).to_string());
    switch (role) {
        case kFilterRole:
            return QString::fromStdString(tensor.name) + QLatin1Char(' ') +
                   shape_filter_text(tensor.shape) + QLatin1Char(' ') + shape + QLatin1Char(' ') +
                   QString::fromUtf8(TensorDtypes::name(tensor.dtype));
        case kTensorRole:
            return leaf.tensor;
        case Qt::ToolTipRole:
            return QString::fromStdString(tensor.name);
        case Qt::TextAlignmentRole:
            if (column == Numel || column == Std || column == Ks)
                return int(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case Qt::DisplayRole:
            break;
        default:
            return {};
    }
    const bool fitted = analysis && analysis->analysed;
    const bool matched = fitted && !analysis->fingerprint.matches.empty();
    const QString none = analysis && !matched ? QStringLiteral("—") : QString();
    switch (column) {
        case Name:
            return leaf.label;
        case Dtype:
            return QString::fromUtf8(TensorDtypes::name(tensor.dtype));
        case Shape:
            return shape;
        case Numel:
            return grouped(tensor.numel);
        case Std:
            if (!fitted) return analysis ? QStringLiteral("—") : QString();
            return QString::fromStdString(NumberFormat::short_number(analysis->stats.stddev, 3));
        case BestFit:
            if (!matched) return none;
            return QString::fromStdString(
                SchemeRegistry::info(analysis->fingerprint.matches.front().scheme).display_name);
        case Ks:
            if (!matched) return none;
            return QString::fromStdString(
                NumberFormat::short_number(analysis->fingerprint.matches.front().ks, 2));
        default:
            return {};
    }
}

}  // namespace initscope
