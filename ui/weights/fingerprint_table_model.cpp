#include "ui/weights/fingerprint_table_model.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/fingerprint_verdict.h"
#include "core/stats/number_format.h"

#include <QFont>

namespace initscope {

namespace {

QString number(double value, int digits) {
    return QString::fromStdString(NumberFormat::short_number(value, digits));
}

}  // namespace

FingerprintTableModel::FingerprintTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void FingerprintTableModel::show_fingerprint(const InitFingerprint& fingerprint,
                                             const SampleStatistics& stats) {
    beginResetModel();
    rows_.clear();
    alike_ks_ = FingerprintVerdict::looks_alike_ks(stats.n);
    for (const InitFingerprint::Match& match : fingerprint.matches) {
        const SchemeInfo& info = SchemeRegistry::info(match.scheme);
        rows_.push_back({QString::fromStdString(info.display_name), match.ks, match.theory_std,
                         match.std_ratio,
                         QString::fromStdString(info.formula) + QStringLiteral("\n") +
                             QString::fromStdString(info.torch_call)});
    }
    if (stats.n >= 2 && stats.stddev > 0) {
        const InitFingerprint::Fit& fit = fingerprint.fit;
        rows_.push_back(
            {tr("fitted %1")
                 .arg(QString::fromStdString(FingerprintVerdict::normal_text(fit, stats.n))),
             fit.ks_normal, fit.stddev, 1.0, tr("The normal with the tensor's mean and std")});
        rows_.push_back(
            {tr("fitted %1")
                 .arg(QString::fromStdString(FingerprintVerdict::uniform_text(fit, stats.n))),
             fit.ks_uniform, fit.stddev, 1.0,
             tr("The uniform with the tensor's mean and std: mean ± √3·std")});
    }
    endResetModel();
}

void FingerprintTableModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

int FingerprintTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int FingerprintTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FingerprintTableModel::headerData(int section, Qt::Orientation orientation,
                                           int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Ks:
                return tr(
                    "Kolmogorov–Smirnov distance between the tensor's values and the "
                    "scheme's theory for its shape: sup |F_n − F|");
            case TheoryStd:
                return tr("The scheme's σ for this tensor's fans");
            case StdRatio:
                return tr("The tensor's std over the scheme's σ");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case Scheme:
            return tr("scheme");
        case Ks:
            return tr("KS");
        case TheoryStd:
            return tr("theory std");
        case StdRatio:
            return tr("std ratio");
        default:
            return {};
    }
}

QVariant FingerprintTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& row = rows_[size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case Scheme:
                    return row.name;
                case Ks:
                    return number(row.ks, 2);
                case TheoryStd:
                    return number(row.theory_std, 3);
                case StdRatio:
                    return number(row.std_ratio, 3) + QStringLiteral("×");
                default:
                    return {};
            }
        case Qt::TextAlignmentRole:
            if (index.column() != Scheme) return int(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case Qt::FontRole:
            if (index.row() == 0) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        case Qt::ToolTipRole:
            if (index.column() == Ks)
                return row.ks <= alike_ks_ ? tr("KS ≤ %1: the values look like this distribution")
                                                 .arg(number(alike_ks_, 2))
                                           : tr("KS > %1: the values differ from this distribution")
                                                 .arg(number(alike_ks_, 2));
            return row.tool_tip;
        default:
            return {};
    }
}

}  // namespace initscope
