#pragma once

#include "core/propagation/weight_spectrum.h"
#include "ui/plots/live_plot.h"

#include <qcustomplot.h>

#include <vector>

namespace initscope {

class PlotCaption;
class PlotHeader;

/// One weight's singular values as the core binned them (WeightSpectrum::histogram, in counts),
/// with what random-matrix theory says beside them (signal-propagation.md §3):
/// - Marchenko–Pastur: the density SpectrumTheory::density scaled to counts (density · bin
///   width · number of values), and its edges as dashed lines;
/// - Exact (orthogonal, eye, dirac): a stem at each exact value, as tall as a bar holding all the
///   values there, labelled with their count ("×500");
/// - None (sparse, constant): no curve; the note line says why.
/// The title names the weight and its matrix ("fc1.weight — 500 × 500"); the line below it gives
/// its spectral norm and condition number, then the theory's note (after the MP edges' values),
/// elided to the width, in full as the tool tip. x label "singular value", y label "count".
class SpectrumPlot : public LivePlot {
    Q_OBJECT
public:
    explicit SpectrumPlot(QWidget* parent = nullptr);

    void show_spectrum(const WeightSpectrum& spectrum);

    /// Points at which the MP density is evaluated across the edges.
    static constexpr int kCurvePoints = 241;

    QCPBars* bars() const { return bars_; }
    /// The MP curve; empty for Exact and None.
    QCPGraph* theory_curve() const { return curve_; }
    /// The visible edge lines (MP: two, or one when both coincide).
    QList<QCPItemStraightLine*> edge_lines() const;
    /// The visible exact-value stems (Exact only).
    QList<QCPItemLine*> exact_stems() const;
    QString title() const;
    /// "‖W‖₂ = 1.151 · κ = 2498"
    QString stats_text() const;
    /// The theory's part of the line under the title ("MP edges 0 – 1.155 · iid entries …").
    QString note_text() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    void set_edges(const std::vector<double>& edges);
    void set_stems(const std::vector<std::pair<double, int64_t>>& stems);

    PlotHeader* header_ = nullptr;
    PlotCaption* note_ = nullptr;  ///< the line under the title: stats_ · note_text_
    QString stats_, note_text_;
    QCPBars* bars_ = nullptr;
    QCPGraph* curve_ = nullptr;
    std::vector<QCPItemStraightLine*> edges_;
    std::vector<QCPItemLine*> stems_;
    std::vector<QCPItemText*> stem_labels_;
};

}  // namespace initscope
