#pragma once

#include "core/stats/network_summary.h"

#include <QAbstractTableModel>

#include <memory>

namespace initscope {

/// Theory vs sample, one row per tensor (the notebook's "theoretical sigma vs empirical" cell for
/// every tensor at once): tensor, scheme, n, theory mean / std / bounds, sample mean / std / min /
/// max, std ratio (sample / theory) and KS distance. Rows whose TensorSummary::deviates() are
/// highlighted (translucent vermillion background, readable on light and dark palettes) and
/// their tooltip says why. Numbers are right-aligned; RawValueRole gives the unformatted value.
/// Read-only. Updating with a summary of the same tensors changes data in place (the view keeps
/// its selection); otherwise the model is reset.
class TheoryTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TensorColumn,
        SchemeColumn,
        CountColumn,
        TheoryMeanColumn,
        TheoryStdColumn,
        TheoryBoundsColumn,
        SampleMeanColumn,
        SampleStdColumn,
        SampleMinColumn,
        SampleMaxColumn,
        StdRatioColumn,
        KsColumn,
        ColumnCount
    };
    enum Role {
        /// double for number columns (n as double; NaN where undefined); for the bounds column a
        /// QVariantList {lo, hi}; for tensor and scheme the plain text.
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

private:
    QVariant display(const TensorSummary& t, int column) const;
    QVariant raw(const TensorSummary& t, int column) const;
    QVariant tooltip(const TensorSummary& t, int column) const;

    std::shared_ptr<const NetworkSummary> summary_;
};

}  // namespace initscope
