#pragma once

#include "core/model/tensor_context.h"
#include "core/schemes/theory.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "core/stats/sample_statistics.h"

#include "ui/plots/live_plot.h"

#include <qcustomplot.h>

#include <optional>
#include <utility>
#include <vector>

namespace initscope {

class PlotCaption;
class PlotHeader;

/// One tensor's histogram (or an aggregate's), as the core computed it, with its theory on top:
/// - bars: the core Histogram's heights(scale) (QCPBars, plot-coordinate width = bin width, no
///   antialiasing), in the tensor role's colour;
/// - theory curve: Theory::pdf evaluated at plot points and scaled like the bars — density: pdf;
///   probability: pdf·w; counts: pdf·w·binned (w the bin width, binned the histogram's binned
///   count) — so a sample that matches its theory follows the curve. Each point mass (x, p) of
///   Theory::atoms() is a stem at x ending where a bar holding the whole atom would end
///   (density p/w, probability p, counts p·binned), labelled "P(x = 0) = 0.1";
/// - bounds: Theory::bound_marks() as dashed vertical lines with a label ("±1/√fan_in = ±0.1");
/// - a header with the title ("fc1.weight — xavier_normal") and the sample's n and σ; x label
///   "value", y label "count" / "probability" / "density".
/// No statistics here: everything shown comes from the core's summary. Plottables and items are
/// created once and reused; an update whose drawn content equals what is shown (same bars,
/// curve, marks, texts and ranges) does not replot at all; otherwise it replots once, with
/// rpQueuedReplot, when on screen (LivePlot::request_replot()).
/// The x-range always includes the bound marks and point masses (plus a 4 % margin), so a bound
/// line and its label are never cut off. The header (title, n and σ) is one row when both fit,
/// else two; a title wider than the plot is elided, so the plot can shrink to any width.
class HistogramPlot : public LivePlot {
    Q_OBJECT
public:
    explicit HistogramPlot(QWidget* parent = nullptr);

    /// Shows one tensor's histogram, theory curve, point mass and bounds.
    void show_tensor(const TensorSummary& tensor, HistogramScale scale);
    /// The same with `title` in place of "fc1.weight — scheme" (a checkpoint's tensor).
    void show_tensor(const TensorSummary& tensor, HistogramScale scale, const QString& title);
    /// Shows an aggregate (all weights, all biases): bars only, no theory or bounds.
    void show_aggregate(const QString& title, const Histogram& histogram,
                        const SampleStatistics& stats, TensorRole role, HistogramScale scale);

    /// Fixes the x-range (shared across small multiples), lo < hi; kept until clear_x_range().
    void set_x_range(double lo, double hi);
    /// Returns to the automatic x-range: the histogram's range, widened to the bound marks within
    /// 10 spans of it, plus 4 % each side.
    void clear_x_range();
    /// Lock axes: keeps these x and y ranges across updates (the theory curve is drawn across
    /// x), until unlock_ranges(); they take precedence over set_x_range.
    void lock_ranges(const QCPRange& x, const QCPRange& y);
    void unlock_ranges();
    bool ranges_locked() const { return locked_x_.has_value(); }

    QCPBars* bars() const { return bars_; }
    /// The theory curve; empty for aggregates and for pure point masses.
    QCPGraph* theory_curve() const { return theory_curve_; }
    /// The visible point-mass stems, one per Theory::atoms() entry.
    QList<QCPItemLine*> atom_stems() const;
    /// The visible bound lines, one per Theory::bound_marks() entry.
    QList<QCPItemStraightLine*> bound_lines() const;
    /// The label drawn at the bound lines ("±1/√fan_in = ±0.1"); empty when none.
    QStringList bound_texts() const;
    QString title() const;
    /// "n = 10,000 · σ = 0.0577 (theory 0.0577)"
    QString stats_text() const;
    HistogramScale scale() const { return scale_; }
    TensorRole role() const { return role_; }

    /// Points at which the pdf is evaluated across the visible x-range (plus the support ends).
    static constexpr int theory_points = 241;
    /// The y-axis label for a scale: "count", "probability", "density".
    static QString scale_label(HistogramScale scale);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    void display(const QString& title, const QString& stats, const Histogram& histogram,
                 TensorRole role, HistogramScale scale);
    void set_bounds(const TensorSummary* tensor);
    void update_theory_and_ranges();
    /// The room the labels need above the bars, for a plot `plot_height` pixels tall.
    void update_label_room(int plot_height);
    /// Replots if what is drawn differs from the last replotted content.
    void replot_if_changed();

    // Layout elements, plottables and items (owned by QCustomPlot).
    PlotHeader* header_ = nullptr;
    PlotCaption* title_ = nullptr;  ///< the header's
    PlotCaption* stats_ = nullptr;  ///< the header's
    QCPBars* bars_ = nullptr;
    QCPGraph* theory_curve_ = nullptr;
    std::vector<QCPItemLine*> atom_stems_;
    std::vector<QCPItemText*> atom_labels_;
    std::vector<QCPItemStraightLine*> bound_lines_;
    std::vector<QCPItemText*> bound_labels_;

    // What is shown, kept to redraw the curve when the x-range changes.
    std::optional<Theory> theory_;
    double bin_width_ = 1;
    double binned_ = 0;
    double histogram_lo_ = 0, histogram_hi_ = 1;
    double bar_max_ = 0;
    std::optional<std::pair<double, double>> fixed_x_range_;
    std::optional<QCPRange> locked_x_, locked_y_;
    int label_room_ = 30;    ///< pixels kept free above the tallest bar for the labels
    int axis_height_ = 150;  ///< the axis rect's height, estimated from the plot's
    HistogramScale scale_ = HistogramScale::Counts;
    TensorRole role_ = TensorRole::Weight;
    /// What was last drawn (numbers and texts), to skip replots that would change nothing.
    std::vector<double> drawn_numbers_;
    QStringList drawn_texts_;
    QSharedPointer<QCPAxisTicker> count_ticker_, fraction_ticker_;
};

}  // namespace initscope
