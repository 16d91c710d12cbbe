#pragma once

#include "core/stats/network_summary.h"
#include "ui/compare/comparison_side.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace initscope {

/// The theory table of an A/B comparison, as paired columns: one row per tensor (A's tensors in
/// A's order, so row r is row r of A's own TheoryTableModel; then B's tensors A lacks), and for
/// each quantity A's column beside B's — scheme (its short name: "Xavier normal"; the tooltip
/// has the whole one), theory σ, sample σ, theory variance, sample variance; headers on two
/// lines ("Theory σ" over the side's letter). A tensor one side lacks shows "—" there. A's columns
/// are tinted with A's colour, B's with B's. Numbers are right-aligned; RawValueRole gives the
/// unformatted value. Read-only. New summaries of the same tensors change data in place (the view
/// keeps its selection).
class TheoryComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TensorColumn,
        SchemeA,
        SchemeB,
        TheoryStdA,
        TheoryStdB,
        SampleStdA,
        SampleStdB,
        TheoryVarA,
        TheoryVarB,
        SampleVarA,
        SampleVarB,
        ColumnCount
    };
    enum Role {
        /// double for number columns (NaN where the side lacks the tensor); text otherwise.
        RawValueRole = Qt::UserRole,
        LayerIndexRole,  ///< int, any column
        TensorRoleRole,  ///< int(TensorRole), any column
    };

    explicit TheoryComparisonModel(QObject* parent = nullptr);

    void set_summaries(std::shared_ptr<const NetworkSummary> a,
                       std::shared_ptr<const NetworkSummary> b);
    /// The side a column shows (the tensor column: A).
    static ComparisonSide side_of(int column);
    /// The tensor of `side` in `row`, or nullptr.
    const TensorSummary* tensor(int row, ComparisonSide side) const;
    /// The row of a tensor, or −1.
    int row_of(int layer_index, TensorRole role) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        int layer_index = 0;
        TensorRole role = TensorRole::Weight;
        const TensorSummary* a = nullptr;
        const TensorSummary* b = nullptr;
    };
    double raw(const TensorSummary& t, int column) const;

    std::shared_ptr<const NetworkSummary> a_, b_;
    std::vector<Row> rows_;
};

}  // namespace initscope
