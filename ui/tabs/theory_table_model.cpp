#include "ui/tabs/theory_table_model.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"
#include "ui/plots/plot_style.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

QString num(double value, int digits = 4) {
    if (std::isnan(value)) return QStringLiteral("—");
    if (std::isinf(value)) return value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    QString text = QString::fromStdString(NumberFormat::short_number(value, digits));
    if (text.startsWith('-')) text.replace(0, 1, QChar(0x2212));  // typographic minus
    return text;
}

/// The decimals that show 3 significant digits of `stddev`; −1 when it is 0 or not finite.
int decimals_of(double stddev) {
    if (!(stddev > 0) || !std::isfinite(stddev)) return -1;
    return std::clamp(2 - int(std::floor(std::log10(stddev))), 0, 12);
}

/// `value` with `decimals` decimals, typographic minus, and 0 for what rounds to zero.
QString fixed(double value, int decimals) {
    if (decimals < 0 || !std::isfinite(value)) return num(value);
    QString text = QString::number(value, 'f', decimals);
    bool zero = true;
    for (QChar c : text) zero = zero && (c == '0' || c == '.' || c == '-');
    if (zero) return QStringLiteral("0");
    if (text.startsWith('-')) text.replace(0, 1, QChar(0x2212));
    return text;
}

QString grouped(int64_t value) {
    return QString::fromStdString(NumberFormat::grouped(value));
}

bool is_number_column(int column) {
    return column != TheoryTableModel::TensorColumn && column != TheoryTableModel::SchemeColumn;
}

QString mark(bool ok) {
    return ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ");
}

}  // namespace

TheoryTableModel::TheoryTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TheoryTableModel::set_summary(std::shared_ptr<const NetworkSummary> summary) {
    bool same_rows = summary_ && summary && summary_->tensors.size() == summary->tensors.size();
    for (size_t i = 0; same_rows && i < summary->tensors.size(); ++i) {
        const TensorSummary& a = summary_->tensors[i];
        const TensorSummary& b = summary->tensors[i];
        same_rows = a.layer_index == b.layer_index && a.role == b.role;
    }
    if (same_rows) {
        summary_ = std::move(summary);
        if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    summary_ = std::move(summary);
    endResetModel();
}

const TensorSummary* TheoryTableModel::tensor(int row) const {
    if (!summary_ || row < 0 || row >= rowCount()) return nullptr;
    return &summary_->tensors[static_cast<size_t>(row)];
}

int TheoryTableModel::row_of(int layer_index, TensorRole role) const {
    for (int row = 0; row < rowCount(); ++row) {
        const TensorSummary* t = tensor(row);
        if (t->layer_index == layer_index && t->role == role) return row;
    }
    return -1;
}

int TheoryTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !summary_) return 0;
    return static_cast<int>(summary_->tensors.size());
}

int TheoryTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

double TheoryTableModel::std_ratio(const TensorSummary& tensor) {
    const double theory = tensor.theory.stddev();
    return theory > 0 ? tensor.stats.stddev / theory : std::numeric_limits<double>::quiet_NaN();
}

QString TheoryTableModel::bounds_text(const Theory& theory) {
    const double lo = theory.support_lo(), hi = theory.support_hi();
    if (std::isinf(lo) && std::isinf(hi)) return QStringLiteral("(−∞, ∞)");
    if (lo == hi) return QStringLiteral("{") + num(lo) + QStringLiteral("}");
    if (lo == -hi) return QStringLiteral("±") + num(hi);
    return QStringLiteral("[") + num(lo) + QStringLiteral(", ") + num(hi) + QStringLiteral("]");
}

QString TheoryTableModel::mean_std_text(double mean, double stddev) {
    const int decimals = decimals_of(stddev);
    if (decimals < 0) return num(mean);
    return fixed(mean, decimals) + QStringLiteral(" ± ") + num(stddev, 3);
}

QString TheoryTableModel::theory_text(const Theory& theory) {
    const QString bounds = bounds_text(theory);
    if (theory.kind() == DistributionKind::PointMass || bounds.startsWith('{')) return bounds;
    return mean_std_text(theory.mean(), theory.stddev()) + '\n' + bounds;
}

QString TheoryTableModel::sample_text(const SampleStatistics& stats) {
    if (stats.n > 0 && stats.min == stats.max)
        return QStringLiteral("{") + num(stats.min) + QStringLiteral("}");
    // The range to 3 significant digits, as the theory's bounds: [−0.0998, 0.1], not
    // [−0.0998, 0.1000] (the columns must fit a 1024 px window).
    return mean_std_text(stats.mean, stats.stddev) + QStringLiteral("\n[") + num(stats.min, 3) +
           QStringLiteral(", ") + num(stats.max, 3) + QStringLiteral("]");
}

QString TheoryTableModel::deviation_explanation(const TensorSummary& t) {
    // The core's checks (TensorSummary::checks), with their numbers.
    QStringList lines;
    lines << tr("%1 differs from its theory more than a sample of n = %2 explains:")
                 .arg(QString::fromStdString(t.label()), grouped(t.stats.n));
    using Kind = DeviationCheck::Kind;
    for (const DeviationCheck& c : t.checks()) {
        switch (c.kind) {
            case Kind::NonFinite:
                if (!c.passed)
                    lines << mark(false) +
                                 tr("%1 non-finite values").arg(grouped(t.stats.non_finite));
                break;
            case Kind::Support:
                lines << mark(c.passed) +
                             tr("sample range [%1, %2], theory support %3")
                                 .arg(num(t.stats.min), num(t.stats.max), bounds_text(t.theory));
                break;
            case Kind::PointMass:
                lines << mark(c.passed) +
                             tr("the theory is the single value %1; the sample mean is %2")
                                 .arg(num(c.theory), num(c.sample));
                break;
            case Kind::Mean:
                lines << mark(c.passed) +
                             tr("mean %1 vs theory %2 (tolerance 4σ/√n = %3)")
                                 .arg(num(c.sample), num(c.theory), num(c.tolerance, 3));
                break;
            case Kind::Variance:
                lines
                    << mark(c.passed) +
                           tr("std %1 vs theory %2, ratio %3 (variance tolerance 5σ²·√(2/n) = %4)")
                               .arg(num(t.stats.stddev), num(t.theory.stddev()),
                                    num(std_ratio(t), 4), num(c.tolerance, 3));
                break;
            case Kind::Ks:
                lines << mark(c.passed) +
                             tr("KS distance %1 vs the 0.1 % critical value 1.95/√n = %2")
                                 .arg(num(c.sample), num(c.tolerance, 3));
                break;
        }
    }
    return lines.join('\n');
}

QVariant TheoryTableModel::display(const TensorSummary& t, int column) const {
    switch (column) {
        case TensorColumn:
            return QString::fromStdString(t.label());
        case SchemeColumn:
            return QString::fromStdString(SchemeRegistry::info(t.spec.scheme()).display_name);
        case CountColumn:
            return grouped(t.stats.n);
        case TheoryColumn:
            return theory_text(t.theory);
        case TheoryVarColumn:
            return num(t.theory.variance(), 3);
        case SampleColumn:
            return sample_text(t.stats);
        case SampleVarColumn:
            return num(t.stats.variance, 3);
        case KsColumn:
            return num(t.ks, 2);
    }
    return {};
}

QVariant TheoryTableModel::raw(const TensorSummary& t, int column) const {
    switch (column) {
        case TensorColumn:
        case SchemeColumn:
            return display(t, column);
        case CountColumn:
            return static_cast<double>(t.stats.n);
        case TheoryColumn:
            return QVariantList{t.theory.mean(), t.theory.stddev(), t.theory.support_lo(),
                                t.theory.support_hi()};
        case TheoryVarColumn:
            return t.theory.variance();
        case SampleColumn:
            return QVariantList{t.stats.mean, t.stats.stddev, t.stats.min, t.stats.max};
        case SampleVarColumn:
            return t.stats.variance;
        case KsColumn:
            return t.ks;
    }
    return {};
}

QVariant TheoryTableModel::tooltip(const TensorSummary& t, int column) const {
    if (t.deviates()) return deviation_explanation(t);
    switch (column) {
        case SchemeColumn:
            return QString::fromStdString(SchemeRegistry::info(t.spec.scheme()).description);
        case TheoryColumn:
        case TheoryVarColumn: {
            QString text = QString::fromStdString(t.theory.formula_filled());
            for (const std::string& note : t.theory.notes())
                text += '\n' + QString::fromStdString(note);
            return text + '\n' +
                   tr("mean %1, σ %2, σ² %3, support %4")
                       .arg(num(t.theory.mean()), num(t.theory.stddev()), num(t.theory.variance()),
                            bounds_text(t.theory));
        }
        case SampleColumn:
        case SampleVarColumn:
            return tr("mean %1, σ %2, σ² %3; σ ratio (sample / theory) %4")
                .arg(num(t.stats.mean), num(t.stats.stddev), num(t.stats.variance),
                     num(std_ratio(t), 4));
        case KsColumn:
            if (std::isnan(t.ks)) return tr("No KS distance: the theory has a point mass");
            return tr("Kolmogorov–Smirnov distance %1: the largest gap between the sample's CDF "
                      "and the theory's; below 1.95/√n = %2 is what chance explains")
                .arg(num(t.ks, 4),
                     num(1.95 / std::sqrt(std::max<double>(1, static_cast<double>(t.stats.n))), 3));
        default:
            return tr("Within what a sample of n = %1 explains").arg(grouped(t.stats.n));
    }
}

QVariant TheoryTableModel::data(const QModelIndex& index, int role) const {
    const TensorSummary* t = index.isValid() ? tensor(index.row()) : nullptr;
    if (!t || index.column() < 0 || index.column() >= ColumnCount) return {};
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return display(*t, column);
        case RawValueRole:
            return raw(*t, column);
        case LayerIndexRole:
            return t->layer_index;
        case TensorRoleRole:
            return static_cast<int>(t->role);
        case DeviatesRole:
            return t->deviates();
        case Qt::TextAlignmentRole:
            return is_number_column(column) ? int(Qt::AlignRight | Qt::AlignVCenter)
                                            : int(Qt::AlignLeft | Qt::AlignVCenter);
        case Qt::BackgroundRole:
            if (t->deviates()) return QBrush(PlotStyle::deviation_color());
            return {};
        case Qt::DecorationRole:
            if (column == TensorColumn) return PlotStyle::tensor_color(t->role);
            return {};
        case Qt::FontRole:
            if (t->deviates() &&
                (column == TensorColumn || column == SampleColumn || column == KsColumn)) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::ToolTipRole:
            return tooltip(*t, column);
        default:
            return {};
    }
}

QVariant TheoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    // Two-line headers where the values are narrower than the name: the whole table fits the
    // tab of a 1024-px window.
    static const char* const names[ColumnCount] = {
        QT_TR_NOOP("Tensor"),        QT_TR_NOOP("Scheme"),      QT_TR_NOOP("n"),
        QT_TR_NOOP("Theory\nμ ± σ"), QT_TR_NOOP("Theory\nVar"), QT_TR_NOOP("Sample\nμ ± σ"),
        QT_TR_NOOP("Sample\nVar"),   QT_TR_NOOP("KS"),
    };
    static const char* const tips[ColumnCount] = {
        QT_TR_NOOP("The layer's weight or bias"),
        QT_TR_NOOP("Initialization scheme (hover a cell for its description)"),
        QT_TR_NOOP("Number of finite values in the tensor"),
        QT_TR_NOOP("The distribution each element is drawn from: mean ± standard deviation, and "
                   "beneath it its support, where values can fall (uniform on ±b: σ = b/√3)"),
        QT_TR_NOOP("Variance σ² of that distribution (Xavier: 2/(fan_in+fan_out), Kaiming: "
                   "gain²/fan_mode)"),
        QT_TR_NOOP("Sample mean ± standard deviation of the tensor (population, as np.std), and "
                   "beneath it its smallest and largest value"),
        QT_TR_NOOP("Sample variance (population, as np.var): compare with the theory's"),
        QT_TR_NOOP("Kolmogorov–Smirnov distance: the largest gap between the sample's CDF and "
                   "the theory's; highlighted rows exceed what the sample size explains"),
    };
    switch (role) {
        case Qt::DisplayRole:
            return tr(names[section]);
        case Qt::ToolTipRole:
            return tr(tips[section]);
        case Qt::TextAlignmentRole:
            return is_number_column(section) ? int(Qt::AlignRight | Qt::AlignVCenter)
                                             : int(Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return {};
    }
}

}  // namespace initscope
