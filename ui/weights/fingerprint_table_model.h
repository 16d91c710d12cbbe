#pragma once

#include "core/stats/init_fingerprint.h"
#include "core/stats/sample_statistics.h"

#include <QAbstractTableModel>

namespace initscope {

/// A tensor's InitFingerprint as a table, best first: one row per scheme that fits its shape
/// (SchemeInfo display name, KS distance, the scheme's σ for this tensor, the tensor's std over
/// it), then the fitted normal and the fitted uniform (FingerprintVerdict's "N(0, 0.02²)",
/// "U(±0.035)"; their σ is the sample's, ratio 1). The first row is bold; a KS within
/// FingerprintVerdict::looks_alike_ks(n) is marked in the tool tip. Read only.
class FingerprintTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Scheme, Ks, TheoryStd, StdRatio, ColumnCount };

    explicit FingerprintTableModel(QObject* parent = nullptr);

    /// Shows `fingerprint` of a tensor with statistics `stats`; clear() empties.
    void show_fingerprint(const InitFingerprint& fingerprint, const SampleStatistics& stats);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        double ks = 0, theory_std = 0, std_ratio = 0;
        QString tool_tip;
    };
    std::vector<Row> rows_;
    double alike_ks_ = 0;
};

}  // namespace initscope
