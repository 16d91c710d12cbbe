#pragma once

#include "ui/document/analysis_result.h"

#include <QAbstractTableModel>

#include <memory>

namespace initscope {

/// The spectra of the weights, one row per layer (AnalysisResult::spectra): layer, the weight's
/// matrix shape (out × in·∏k, with the tensor's shape when it is not 2-D), the theory it is
/// compared with, s_min, s_max (= the spectral norm ‖W‖₂), the condition number s_max / s_min,
/// the theory's lower and upper value (MP edges or the exact values) and the edge agreement
/// s_min / lower and s_max / upper (1 = where the theory puts the edge). The theory's note is
/// each row's tool tip. Numbers are right-aligned; RawValueRole gives the unformatted double
/// (NaN where undefined, +inf for a singular matrix's condition number). Read-only. An update
/// with the same layers changes data in place (the view keeps its selection); otherwise the
/// model is reset.
class SpectrumTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        LayerColumn,
        ShapeColumn,
        TheoryColumn,
        MinColumn,
        MaxColumn,
        ConditionColumn,
        LowerColumn,
        UpperColumn,
        LowerRatioColumn,
        UpperRatioColumn,
        ColumnCount
    };
    enum Role {
        RawValueRole = Qt::UserRole,  ///< double for number columns, plain text otherwise
        LayerIndexRole,               ///< int, any column
    };

    explicit SpectrumTableModel(QObject* parent = nullptr);

    void set_analysis(std::shared_ptr<const AnalysisResult> analysis);
    const WeightSpectrum* spectrum(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// "Marchenko–Pastur", "exact", "none".
    static QString theory_name(SpectrumTheory::Kind kind);
    /// The number a cell shows: 4 significant digits, "—" for NaN, "∞" for +inf.
    static QString number_text(double value);

private:
    QVariant display(int row, int column) const;
    double raw(const WeightSpectrum& s, int column) const;

    std::shared_ptr<const AnalysisResult> analysis_;
};

}  // namespace initscope
