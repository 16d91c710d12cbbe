#include "ui/compare/theory_comparison_model.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"

#include <QBrush>
#include <QColor>

#include <cmath>
#include <limits>

namespace initscope {

namespace {

QString num(double value) {
    if (std::isnan(value)) return QStringLiteral("—");
    QString text = QString::fromStdString(NumberFormat::short_number(value, 4));
    if (text.startsWith('-')) text.replace(0, 1, QChar(0x2212));  // typographic minus
    return text;
}

/// The scheme's display name without the second author ("Xavier / Glorot normal" → "Xavier
/// normal"), so that the paired columns fit; the tooltip gives the whole name.
QString short_scheme_name(const TensorSummary& t) {
    const QString name = QString::fromStdString(SchemeRegistry::info(t.spec.scheme()).display_name);
    const qsizetype slash = name.indexOf(QStringLiteral(" / "));
    if (slash < 0) return name;
    const qsizetype space = name.indexOf(' ', slash + 3);
    return space < 0 ? name.left(slash) : name.left(slash) + name.mid(space);
}

const TensorSummary* find(const NetworkSummary* summary, int layer_index, TensorRole role) {
    if (!summary) return nullptr;
    for (const TensorSummary& t : summary->tensors)
        if (t.layer_index == layer_index && t.role == role) return &t;
    return nullptr;
}

}  // namespace

TheoryComparisonModel::TheoryComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void TheoryComparisonModel::set_summaries(std::shared_ptr<const NetworkSummary> a,
                                          std::shared_ptr<const NetworkSummary> b) {
    std::vector<Row> rows;
    if (a)
        for (const TensorSummary& t : a->tensors)
            rows.push_back({t.layer_index, t.role, &t, find(b.get(), t.layer_index, t.role)});
    if (b)
        for (const TensorSummary& t : b->tensors)
            if (!find(a.get(), t.layer_index, t.role))
                rows.push_back({t.layer_index, t.role, nullptr, &t});
    bool same_rows = rows.size() == rows_.size();
    for (size_t i = 0; same_rows && i < rows.size(); ++i)
        same_rows = rows[i].layer_index == rows_[i].layer_index && rows[i].role == rows_[i].role &&
                    bool(rows[i].a) == bool(rows_[i].a) && bool(rows[i].b) == bool(rows_[i].b);
    if (!same_rows) beginResetModel();
    a_ = std::move(a);
    b_ = std::move(b);
    rows_ = std::move(rows);
    if (!same_rows)
        endResetModel();
    else if (!rows_.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

ComparisonSide TheoryComparisonModel::side_of(int column) {
    return column == TensorColumn || column % 2 == 1 ? ComparisonSide::A : ComparisonSide::B;
}

const TensorSummary* TheoryComparisonModel::tensor(int row, ComparisonSide side) const {
    if (row < 0 || row >= rowCount()) return nullptr;
    return side == ComparisonSide::A ? rows_[size_t(row)].a : rows_[size_t(row)].b;
}

int TheoryComparisonModel::row_of(int layer_index, TensorRole role) const {
    for (size_t row = 0; row < rows_.size(); ++row)
        if (rows_[row].layer_index == layer_index && rows_[row].role == role) return int(row);
    return -1;
}

int TheoryComparisonModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int TheoryComparisonModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

double TheoryComparisonModel::raw(const TensorSummary& t, int column) const {
    switch (column) {
        case TheoryStdA:
        case TheoryStdB:
            return t.theory.stddev();
        case SampleStdA:
        case SampleStdB:
            return t.stats.stddev;
        case TheoryVarA:
        case TheoryVarB:
            return t.theory.variance();
        case SampleVarA:
        case SampleVarB:
            return t.stats.variance;
        default:
            return std::numeric_limits<double>::quiet_NaN();
    }
}

QVariant TheoryComparisonModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = rows_[size_t(index.row())];
    const int column = index.column();
    if (role == LayerIndexRole) return row.layer_index;
    if (role == TensorRoleRole) return int(row.role);
    const TensorSummary* named = row.a ? row.a : row.b;
    const TensorSummary* t = side_of(column) == ComparisonSide::A ? row.a : row.b;
    const bool text_column = column == TensorColumn || column == SchemeA || column == SchemeB;
    switch (role) {
        case Qt::DisplayRole:
        case RawValueRole:
            if (column == TensorColumn) return QString::fromStdString(named->label());
            if (column == SchemeA || column == SchemeB)
                return t ? short_scheme_name(*t) : QStringLiteral("—");
            {
                const double value = t ? raw(*t, column) : std::numeric_limits<double>::quiet_NaN();
                return role == RawValueRole ? QVariant(value) : QVariant(num(value));
            }
        case Qt::TextAlignmentRole:
            return int((text_column ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
        case Qt::BackgroundRole: {
            if (column == TensorColumn) return {};
            QColor tint = side_color(side_of(column));
            tint.setAlpha(40);  // translucent: readable on light and dark bases
            return QBrush(tint);
        }
        case Qt::ToolTipRole:
            if (column == TensorColumn) return {};
            if (t && (column == SchemeA || column == SchemeB))
                return QString::fromStdString(SchemeRegistry::info(t->spec.scheme()).display_name);
            return t ? QString()
                     : tr("%1 has no %2")
                           .arg(side_letter(side_of(column)),
                                QString::fromStdString(named->label()));
        default:
            return {};
    }
}

QVariant TheoryComparisonModel::headerData(int section, Qt::Orientation orientation,
                                           int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ForegroundRole && section != TensorColumn)
        return QBrush(side_color(side_of(section)));
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case TheoryStdA:
            case TheoryStdB:
                return tr("The scheme's standard deviation for this tensor");
            case SampleStdA:
            case SampleStdB:
                return tr("The standard deviation of the drawn values");
            case TheoryVarA:
            case TheoryVarB:
                return tr("The scheme's variance σ² (e.g. Xavier: 2/(fan_in + fan_out))");
            case SampleVarA:
            case SampleVarB:
                return tr("The variance of the drawn values");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    const QString side = section == TensorColumn ? QString() : side_letter(side_of(section));
    switch (section) {
        case TensorColumn:
            return tr("Tensor");
        case SchemeA:
        case SchemeB:
            return tr("Scheme\n%1").arg(side);
        case TheoryStdA:
        case TheoryStdB:
            return tr("Theory σ\n%1").arg(side);
        case SampleStdA:
        case SampleStdB:
            return tr("Sample σ\n%1").arg(side);
        case TheoryVarA:
        case TheoryVarB:
            return tr("Theory var\n%1").arg(side);
        case SampleVarA:
        case SampleVarB:
            return tr("Sample var\n%1").arg(side);
        default:
            return {};
    }
}

}  // namespace initscope
