#include "ui/panels/layer_table_model.h"

#include "core/model/choice_spelling.h"
#include "core/model/network_edits.h"
#include "core/schemes/scheme_registry.h"
#include "core/schemes/theory.h"
#include "core/stats/number_format.h"
#include "ui/document/network_document.h"
#include "ui/plots/plot_style.h"

#include <QColor>
#include <QRegularExpression>

namespace initscope {

namespace {

QString qs(std::string_view text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString role_word(TensorRole role) {
    return qs(Layer::role_name(role));
}

/// The weight σ as the theory gives it, or "—" when the scheme does not fit the tensor.
QString theory_std_text(const Layer& layer) {
    const TensorContext context = layer.context(TensorRole::Weight);
    if (SchemeRegistry::check(layer.weight_init, context)) return QStringLiteral("—");
    return qs(NumberFormat::short_number(Theory::of(layer.weight_init, context).stddev()));
}

}  // namespace

LayerTableModel::LayerTableModel(NetworkDocument* document, QObject* parent)
    : QAbstractTableModel(parent), document_(document), shown_(document->network()) {
    connect(document_, &NetworkDocument::networkChanged, this, &LayerTableModel::sync);
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(shown_.layers.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const Layer& LayerTableModel::layer(int row) const {
    return shown_.layers.at(size_t(row));
}

TensorRole LayerTableModel::role_of_column(int column) {
    return column == BiasScheme ? TensorRole::Bias : TensorRole::Weight;
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Layer& l = layer(index.row());
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return display(l, column);
        case Qt::EditRole:
            switch (column) {
                case WeightScheme:
                    return qs(SchemeRegistry::key(l.weight_init.scheme()));
                case BiasScheme:
                    return qs(SchemeRegistry::key(l.bias_init.scheme()));
                default:
                    return display(l, column);
            }
        case Qt::ToolTipRole:
            return tool_tip(l, column);
        case Qt::TextAlignmentRole:
            if (column == FanIn || column == FanOut || column == WeightStd)
                return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        case Qt::DecorationRole:
            // The colour that marks weights and biases on every plot, so the table reads alike.
            if (column == WeightScheme) return PlotStyle::tensor_color(TensorRole::Weight);
            if (column == BiasScheme && l.bias) return PlotStyle::tensor_color(TensorRole::Bias);
            return {};
        default:
            return {};
    }
}

QVariant LayerTableModel::display(const Layer& l, int column) const {
    const Fans fans = l.context(TensorRole::Weight).weight_fans;
    switch (column) {
        case Name:
            return QString::fromStdString(l.name);
        case Kind:
            return qs(Layer::kind_name(l.kind));
        case Shape:
            return QString::fromStdString(l.weight_shape().to_string());
        case Activation:
            return qs(ChoiceSpelling::name(l.activation));
        case WeightScheme:  // display names, as the combos show them; the EditRole is the key
            return qs(SchemeRegistry::info(l.weight_init.scheme()).display_name);
        case BiasScheme:
            return l.bias ? qs(SchemeRegistry::info(l.bias_init.scheme()).display_name)
                          : tr("— (no bias)");
        case FanIn:
            return qlonglong(fans.fan_in);
        case FanOut:
            return qlonglong(fans.fan_out);
        case WeightStd:
            return theory_std_text(l);
        default:
            return {};
    }
}

QVariant LayerTableModel::tool_tip(const Layer& l, int column) const {
    auto scheme_tip = [&l](TensorRole role) -> QString {
        const InitSpec& spec = l.init(role);
        const TensorContext context = l.context(role);
        const SchemeInfo& info = SchemeRegistry::info(spec.scheme());
        QString tip = QStringLiteral("<b>%1.%2: %3</b><br>%4")
                          .arg(QString::fromStdString(l.name), role_word(role),
                               QString::fromStdString(info.display_name),
                               QString::fromStdString(info.description).toHtmlEscaped());
        if (std::optional<std::string> why = SchemeRegistry::check(spec, context))
            return tip + QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(*why));
        return tip + QStringLiteral("<br>%1").arg(
                         QString::fromStdString(Theory::of(spec, context).formula_filled())
                             .toHtmlEscaped());
    };
    switch (column) {
        case Name:
            return tr("Layer name (double-click to rename)");
        case Shape:
            return tr("weight %1 = %2, bias %3<br>Edit it (e.g. 50 × %4): the next layer's input "
                      "follows%5")
                .arg(QString::fromStdString(l.weight_shape().to_string()),
                     l.is_conv() ? tr("[out_channels, in_channels/groups, kernel…]")
                                 : tr("[out_features, in_features]"),
                     l.bias ? QString::fromStdString(l.bias_shape().to_string()) : tr("none"),
                     QString::number(l.weight_shape()[1]),
                     l.is_conv() ? tr("; the kernel sizes can change too") : QString());
        case Activation:
            return tr("The nonlinearity after this layer (calculate_gain's name)");
        case WeightScheme:
            return scheme_tip(TensorRole::Weight);
        case BiasScheme:
            return l.bias ? scheme_tip(TensorRole::Bias) : tr("This layer has no bias");
        case FanIn:
            return tr("fan_in = in/groups × kernel elements");
        case FanOut:
            return tr("fan_out = out × kernel elements");
        case WeightStd:
            return scheme_tip(TensorRole::Weight);
        default:
            return {};
    }
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole) return section + 1;
        return {};
    }
    static const char* const titles[ColumnCount] = {
        QT_TR_NOOP("Name"),       QT_TR_NOOP("Kind"),    QT_TR_NOOP("Shape"),
        QT_TR_NOOP("Activation"), QT_TR_NOOP("Weight"),  QT_TR_NOOP("Bias"),
        QT_TR_NOOP("fan_in"),     QT_TR_NOOP("fan_out"), QT_TR_NOOP("σ weight")};
    static const char* const tips[ColumnCount] = {
        QT_TR_NOOP("Layer name"),
        QT_TR_NOOP("linear, conv1d or conv2d"),
        QT_TR_NOOP("Weight shape in PyTorch order: out × in (× kernel); editable, the next "
                   "layer's input follows"),
        QT_TR_NOOP("Nonlinearity after the layer"),
        QT_TR_NOOP("Weight initialization scheme"),
        QT_TR_NOOP("Bias initialization scheme"),
        QT_TR_NOOP("fan_in of the weight, as torch computes it"),
        QT_TR_NOOP("fan_out of the weight, as torch computes it"),
        QT_TR_NOOP("Theoretical standard deviation of one weight")};
    if (section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) return tr(titles[section]);
    if (role == Qt::ToolTipRole) return tr(tips[section]);
    return {};
}

Qt::ItemFlags LayerTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    switch (index.column()) {
        case Name:
        case Shape:
        case Activation:
        case WeightScheme:
            return f | Qt::ItemIsEditable;
        case BiasScheme:
            return layer(index.row()).bias ? f | Qt::ItemIsEditable : f;
        default:
            return f;
    }
}

bool LayerTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
        !(flags(index) & Qt::ItemIsEditable))
        return false;
    return set_cell(index.row(), index.column(), value);
}

bool LayerTableModel::set_cell(int row, int column, const QVariant& value) {
    const Network& network = document_->network();
    const Layer& l = network.layers.at(size_t(row));
    const QString name = QString::fromStdString(l.name);
    switch (column) {
        case Name: {
            const QString new_name = value.toString().trimmed();
            if (new_name.isEmpty()) return false;
            return document_->edit(NetworkEdits::rename_layer(network, row, new_name.toStdString()),
                                   tr("rename %1 → %2").arg(name, new_name));
        }
        case Shape: {
            std::vector<int64_t> dims;
            if (std::optional<QString> why = parse_shape(l, value.toString(), dims)) {
                emit document_->editRefused(tr("%1 shape: %2").arg(name, *why));
                return false;
            }
            NetworkEdits::Result edited = NetworkEdits::set_shape(network, row, dims);
            if (!edited) {
                emit document_->editRefused(tr("%1 shape: %2").arg(name, qs(edited.error)));
                return false;
            }
            const QString text =
                tr("%1 shape → %2")
                    .arg(name, QString::fromStdString(
                                   edited.network->layers[size_t(row)].weight_shape().to_string()));
            return document_->edit(std::move(edited), text);
        }
        case Activation: {
            const QString activation = value.toString();
            const auto parsed =
                ChoiceSpelling::parse<initscope::Activation>(activation.toStdString());
            if (!parsed) return false;
            return document_->edit(NetworkEdits::set_activation(network, row, *parsed),
                                   tr("%1 activation → %2").arg(name, activation));
        }
        case WeightScheme:
        case BiasScheme: {
            const SchemeInfo* info = SchemeRegistry::find(value.toString().toStdString());
            if (info == nullptr) return false;
            const TensorRole role = role_of_column(column);
            return document_->edit(
                NetworkEdits::set_scheme(network, row, role, info->id),
                tr("%1 %2 → %3").arg(name, role_word(role), QString::fromStdString(info->key)));
        }
        default:
            return false;
    }
}

std::optional<QString> LayerTableModel::parse_shape(const Layer& layer, const QString& text,
                                                    std::vector<int64_t>& dims) {
    static const QRegularExpression separator(QStringLiteral("\\s*[×xX*,]\\s*|\\s+"));
    const QStringList parts = text.trimmed().split(separator, Qt::SkipEmptyParts);
    const int rank = layer.weight_shape().rank();
    if (parts.size() != rank)
        return tr("expected %1 sizes (%2), got \"%3\"")
            .arg(rank)
            .arg(QString::fromStdString(layer.weight_shape().to_string()), text);
    dims.clear();
    for (const QString& part : parts) {
        bool ok = false;
        const qlonglong size = part.toLongLong(&ok);
        if (!ok || size <= 0) return tr("\"%1\" is not a positive size").arg(part);
        dims.push_back(size);
    }
    return std::nullopt;
}

int LayerTableModel::add_layer(int row) {
    const NetworkEdits::Result edited = NetworkEdits::add_layer(document_->network(), row);
    if (!edited) return -1;
    const QString added = QString::fromStdString(edited.network->layers[size_t(edited.layer)].name);
    return document_->edit(edited, tr("add layer %1").arg(added)) ? edited.layer : -1;
}

bool LayerTableModel::remove_layer(int row) {
    const Network& network = document_->network();
    if (row < 0 || row >= int(network.layers.size())) return false;
    return document_->edit(
        NetworkEdits::remove_layer(network, row),
        tr("remove %1").arg(QString::fromStdString(network.layers[size_t(row)].name)));
}

int LayerTableModel::duplicate_layer(int row) {
    const Network& network = document_->network();
    if (row < 0 || row >= int(network.layers.size())) return -1;
    const NetworkEdits::Result edited = NetworkEdits::duplicate_layer(network, row);
    const QString text =
        tr("duplicate %1").arg(QString::fromStdString(network.layers[size_t(row)].name));
    return document_->edit(edited, text) ? edited.layer : -1;
}

int LayerTableModel::move_layer(int row, int delta) {
    const Network& network = document_->network();
    const int count = int(network.layers.size());
    if (row < 0 || row >= count || row + delta < 0 || row + delta >= count || delta == 0) return -1;
    const NetworkEdits::Result edited = NetworkEdits::move_layer(network, row, delta);
    const QString text = tr("move %1 %2")
                             .arg(QString::fromStdString(network.layers[size_t(row)].name),
                                  delta < 0 ? tr("up") : tr("down"));
    return document_->edit(edited, text) ? edited.layer : -1;
}

bool LayerTableModel::apply_to_all(TensorRole role, const InitSpec& spec) {
    const QString text = tr("all %1 → %2")
                             .arg(role == TensorRole::Weight ? tr("weights") : tr("biases"),
                                  qs(SchemeRegistry::key(spec.scheme())));
    return document_->edit(NetworkEdits::apply_to_all(document_->network(), role, spec), text);
}

void LayerTableModel::sync() {
    const Network& next = document_->network();
    const auto& old_layers = shown_.layers;
    const auto& new_layers = next.layers;
    const int old_count = int(old_layers.size());
    const int new_count = int(new_layers.size());
    // The first row whose layer name differs locates an inserted or removed layer.
    int first = 0;
    while (first < std::min(old_count, new_count) &&
           old_layers[size_t(first)].name == new_layers[size_t(first)].name)
        ++first;
    if (new_count == old_count + 1) {
        beginInsertRows({}, first, first);
        shown_ = next;
        endInsertRows();
    } else if (new_count + 1 == old_count) {
        beginRemoveRows({}, first, first);
        shown_ = next;
        endRemoveRows();
    } else if (new_count != old_count) {
        beginResetModel();
        shown_ = next;
        endResetModel();
        return;
    } else {
        shown_ = next;
    }
    if (!shown_.layers.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

}  // namespace initscope
