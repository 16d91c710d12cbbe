#pragma once

#include "core/propagation/weight_spectrum.h"
#include "ui/plots/live_plot.h"

#include <qcustomplot.h>

#include <array>
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
/// The title names the weight and its matrix ("fc1.weight — 500 × 500"), with its spectral norm
/// and condition number beside it when both fit; below, the theory's note (after the MP edges'
/// values), word-wrapped on as many lines as it needs (never cut); all of it in full as the tool
/// tip. x label "singular value", y label "count".
class SpectrumPlot : public LivePlot {
    Q_OBJECT
public:
    explicit SpectrumPlot(QWidget* parent = nullptr);
    ~SpectrumPlot() override;

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
    /// "‖W‖₂ = 1.151 · κ = 2498" (shown beside the title when both fit)
    QString stats_text() const;
    /// The theory's note, unwrapped ("MP edges 0 – 1.155 · iid entries …").
    QString note_text() const;
    /// The note as drawn: wrapped to the width ('\n' between its lines).
    QString shown_note() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    void set_edges(const std::vector<double>& edges);
    /// Stems at the exact values, labelled on the side of `x_mid` with more room.
    void set_stems(const std::vector<std::pair<double, int64_t>>& stems, double x_mid);
    /// Fits the texts to the width: the statistics beside the title when both fit (else only
    /// the title; the table has them), the note wrapped to the width.
    void fit_texts();
    bool second_line_placed() const;

    PlotHeader* header_ = nullptr;
    /// note_text_ word-wrapped on two rows (the second only in the layout when used).
    std::array<PlotCaption*, 2> note_lines_{};
    QString stats_, note_text_;
    QCPBars* bars_ = nullptr;
    QCPGraph* curve_ = nullptr;
    std::vector<QCPItemStraightLine*> edges_;
    std::vector<QCPItemLine*> stems_;
    std::vector<QCPItemText*> stem_labels_;
};

}  // namespace initscope
