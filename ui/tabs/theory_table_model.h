#pragma once

#include "core/stats/network_summary.h"

#include <QAbstractTableModel>

#include <memory>

namespace initscope {

/// Theory vs sample, one row per tensor (the notebook's "theoretical sigma vs empirical" cell for
/// every tensor at once): tensor, scheme (its display name), n, the theory folded into one
/// two-line cell ("0 ± 0.0577" over its support "±0.1"), its variance, the sample the same way
/// (mean ± σ over [min, max]), its variance and the KS distance — narrow enough for the tab of a
/// 1024-px window.
/// σ and variance show 3 significant digits, a mean as many decimals as its σ. The std ratio
/// (sample / theory) is in the sample's tooltip and the tab's details. Rows whose
/// TensorSummary::deviates() are highlighted (translucent vermillion background, readable on light
/// and dark palettes) and their tooltip says why. Numbers are right-aligned; RawValueRole gives the
/// unformatted value. Read-only. Updating with a summary of the same tensors changes data in place
/// (the view keeps its selection); otherwise the model is reset.
class TheoryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TensorColumn,
        SchemeColumn,
        CountColumn,
        TheoryColumn,     ///< two lines: mean ± σ, and the support
        TheoryVarColumn,  ///< the theory's variance σ²
        SampleColumn,     ///< two lines: sample mean ± σ, and [min, max]
        SampleVarColumn,  ///< sample variance (population, as np.var)
        KsColumn,
        ColumnCount
    };
    enum Role {
        /// double for single-number columns (n as double; NaN where undefined); for the theory
        /// a QVariantList {mean, σ, lo, hi}, for the sample {mean, σ, min, max}; for tensor and
        /// scheme the plain text.
        RawValueRole = Qt::UserRole,
        LayerIndexRole,  ///< int, any column
        TensorRoleRole,  ///< int(TensorRole), any column
        DeviatesRole,    ///< bool, any column
    };

    explicit TheoryTableModel(QObject* parent = nullptr);

    void set_summary(std::shared_ptr<const NetworkSummary> summary);
    const NetworkSummary* summary() const { return summary_.get(); }
    /// The tensor shown in `row`, or nullptr.
    const TensorSummary* tensor(int row) const;
    /// The row of a tensor, or −1.
    int row_of(int layer_index, TensorRole role) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Sample std / theory std; NaN when the theory std is 0.
    static double std_ratio(const TensorSummary& tensor);
    /// Why a row is highlighted: each check with its numbers and its tolerance.
    static QString deviation_explanation(const TensorSummary& tensor);
    /// "±0.1", "[0, 1]", "(−∞, ∞)", "{0}"
    static QString bounds_text(const Theory& theory);
    /// "0 ± 0.0577": a mean with as many decimals as the 3 significant digits of σ show.
    static QString mean_std_text(double mean, double stddev);
    /// The theory cell: "0 ± 0.0577\n±0.1", "0.5 ± 0.289\n[0, 1]", "0 ± 0.141\n(−∞, ∞)", "{0.1}"
    /// (a constant).
    static QString theory_text(const Theory& theory);
    /// The sample cell: "−0.0002 ± 0.0576\n[−0.0999, 0.0998]", "{0.1}" (all equal).
    static QString sample_text(const SampleStatistics& stats);

private:
    QVariant display(const TensorSummary& t, int column) const;
    QVariant raw(const TensorSummary& t, int column) const;
    QVariant tooltip(const TensorSummary& t, int column) const;

    std::shared_ptr<const NetworkSummary> summary_;
};

}  // namespace initscope
