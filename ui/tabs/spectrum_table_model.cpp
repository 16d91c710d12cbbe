#include "ui/tabs/spectrum_table_model.h"

#include "core/stats/number_format.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

QString grouped(int64_t value) {
    return QString::fromStdString(NumberFormat::grouped(value));
}

bool is_number_column(int column) {
    return column >= SpectrumTableModel::MinColumn;
}

}  // namespace

SpectrumTableModel::SpectrumTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SpectrumTableModel::set_analysis(std::shared_ptr<const AnalysisResult> analysis) {
    const auto& before = analysis_ ? analysis_->spectra : std::vector<WeightSpectrum>{};
    const auto& after = analysis ? analysis->spectra : std::vector<WeightSpectrum>{};
    bool same_rows = before.size() == after.size();
    for (size_t i = 0; same_rows && i < after.size(); ++i)
        same_rows = before[i].layer == after[i].layer;
    if (same_rows) {
        analysis_ = std::move(analysis);
        if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    analysis_ = std::move(analysis);
    endResetModel();
}

const WeightSpectrum* SpectrumTableModel::spectrum(int row) const {
    if (!analysis_ || row < 0 || row >= rowCount()) return nullptr;
    return &analysis_->spectra[static_cast<size_t>(row)];
}

int SpectrumTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !analysis_) return 0;
    return static_cast<int>(analysis_->spectra.size());
}

int SpectrumTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SpectrumTableModel::theory_name(SpectrumTheory::Kind kind) {
    switch (kind) {
        case SpectrumTheory::Kind::MarchenkoPastur:
            return tr("Marchenko–Pastur");
        case SpectrumTheory::Kind::Exact:
            return tr("exact");
        case SpectrumTheory::Kind::None:
            return tr("none");
    }
    return {};
}

QString SpectrumTableModel::number_text(double value) {
    if (std::isnan(value)) return QStringLiteral("—");
    if (std::isinf(value)) return value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    QString text = QString::fromStdString(NumberFormat::short_number(value, 4));
    if (text.startsWith('-')) text.replace(0, 1, QChar(0x2212));  // typographic minus
    return text;
}

double SpectrumTableModel::raw(const WeightSpectrum& s, int column) const {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const bool theory = s.theory.kind != SpectrumTheory::Kind::None;
    switch (column) {
        case MinColumn:
            return s.singular_values.empty() ? nan : s.singular_values.back();
        case MaxColumn:
            return s.spectral_norm;
        case ConditionColumn:
            return s.condition_number;
        case LowerColumn:
            return theory ? s.theory.lower : nan;
        case UpperColumn:
            return theory ? s.theory.upper : nan;
        case LowerRatioColumn:
            return s.lower_ratio;
        case UpperRatioColumn:
            return s.upper_ratio;
        default:
            return nan;
    }
}

QVariant SpectrumTableModel::display(int row, int column) const {
    const WeightSpectrum& s = *spectrum(row);
    switch (column) {
        case LayerColumn:
            return QString::fromStdString(s.layer);
        case ShapeColumn: {
            QString text = grouped(s.rows) + QStringLiteral(" × ") + grouped(s.cols);
            const Network* network = analysis_->network.get();
            if (network && static_cast<size_t>(row) < network->layers.size()) {
                const TensorShape shape = network->layers[static_cast<size_t>(row)].weight_shape();
                if (shape.dims().size() != 2)
                    text += QStringLiteral(" (") + QString::fromStdString(shape.to_string()) +
                            QStringLiteral(")");
            }
            return text;
        }
        case TheoryColumn:
            return theory_name(s.theory.kind);
        default:
            return number_text(raw(s, column));
    }
}

QVariant SpectrumTableModel::data(const QModelIndex& index, int role) const {
    const WeightSpectrum* s = index.isValid() ? spectrum(index.row()) : nullptr;
    if (!s || index.column() >= ColumnCount) return {};
    switch (role) {
        case Qt::DisplayRole:
            return display(index.row(), index.column());
        case RawValueRole:
            if (is_number_column(index.column())) return raw(*s, index.column());
            return display(index.row(), index.column());
        case LayerIndexRole:
            return index.row();
        case Qt::ToolTipRole:
            return QString::fromStdString(s->theory.note);
        case Qt::TextAlignmentRole:
            return is_number_column(index.column()) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                    : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant SpectrumTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case ShapeColumn:
                return tr("The weight as a matrix: out × in·∏kernel");
            case MaxColumn:
                return tr("The largest singular value, the spectral norm ‖W‖₂");
            case ConditionColumn:
                return tr("s_max / s_min (∞ when s_min = 0)");
            case LowerColumn:
            case UpperColumn:
                return tr("Marchenko–Pastur edges σ(√N ∓ √M), or the exact values");
            case LowerRatioColumn:
            case UpperRatioColumn:
                return tr("Edge agreement: the measured edge over the theory's (1 = on it)");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case LayerColumn:
            return tr("layer");
        case ShapeColumn:
            return tr("matrix");
        case TheoryColumn:
            return tr("theory");
        case MinColumn:
            return tr("s_min");
        case MaxColumn:
            return tr("s_max = ‖W‖₂");
        case ConditionColumn:
            return tr("κ");
        case LowerColumn:
            return tr("theory lower");
        case UpperColumn:
            return tr("theory upper");
        case LowerRatioColumn:
            return tr("s_min / lower");
        case UpperRatioColumn:
            return tr("s_max / upper");
        default:
            return {};
    }
}

}  // namespace initscope
