#pragma once

#include "ui/document/analysis_result.h"
#include "ui/tabs/summary_view.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <vector>

class QGridLayout;
class QLabel;
class QScrollArea;

namespace initscope {

class DepthPlot;
class NetworkDocument;
class PhaseDiagramPlot;
class ProbeSettingsBar;
class SignalHistogramPlot;

/// The Propagation tab: what the initialized network does to a batch (the probe) beside what the
/// mean-field theory predicts — the reason Xavier and Kaiming exist.
/// - Above, the probe's settings (ProbeSettingsBar: batch size and input, undoable edits saved in
///   the config) and what was computed ("batch 1,000 · normal input · 12 ms"); beneath them a
///   message when something could not be computed (a conv network without input_shape, memory).
/// - Left, small multiples, one row per layer: the histogram of its pre-activations a and of its
///   post-activations h = φ(a), each with μ and σ; the post plot writes the saturated share
///   (tanh, sigmoid, with the thresholds as dashed lines) or the dead-unit and zero shares (relu).
///   Bounded activations keep their range on the x axis ([−1, 1] for tanh), so collapse and
///   saturation read at a glance. Deep networks show kMaxRows layers spread evenly over the
///   depth, first and last included, and say so.
/// - Right, std vs depth (measured std of a, h and ∂L/∂a as dots and lines; the mean-field √q_l
///   and predicted std of ∂L/∂a as dashed lines; a log axis when they span more than a factor 20,
///   so vanishing and exploding are straight lines), the saturated and dead shares vs depth, and
///   the phase diagram of the activation most hidden layers use, with a dot per layer.
/// Everything comes from the AnalysisResult; the summary is not used.
class PropagationTab : public QWidget, public SummaryView, public AnalysisView {
    Q_OBJECT
public:
    /// The most layers the small multiples show.
    static constexpr int kMaxRows = 24;

    /// `document` is where the probe settings are edited; it must outlive the tab.
    explicit PropagationTab(NetworkDocument* document, QWidget* parent = nullptr);

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    QWidget* export_widget() override { return this; }
    /// nullptr clears (the network cannot be computed); a summary itself shows nothing here.
    void show_summary(std::shared_ptr<const NetworkSummary> summary,
                      const ViewOptions& options) override;
    void show_analysis(std::shared_ptr<const AnalysisResult> analysis) override;

    /// An A/B comparison: the std-vs-depth plot also shows `other`'s measured std of a and of
    /// ∂L/∂a (DepthSeries::compared), named "<letter>: a (pre)"; nullptr: only this one's.
    void set_compared(std::shared_ptr<const AnalysisResult> other, const QString& letter);

    ProbeSettingsBar* probe_bar() const { return probe_bar_; }
    /// The layers whose small multiples are shown (indices into the network), in order.
    const std::vector<int>& shown_layers() const { return shown_layers_; }
    /// The pre- and post-activation plot of the row-th shown layer (nullptr out of range).
    SignalHistogramPlot* pre_plot(int row) const;
    SignalHistogramPlot* post_plot(int row) const;
    /// Every small multiple shown: pre, post of the first row, then of the next…
    QList<SignalHistogramPlot*> multiples() const;
    DepthPlot* std_plot() const { return std_plot_; }
    DepthPlot* fraction_plot() const { return fraction_plot_; }
    PhaseDiagramPlot* phase_plot() const { return phase_plot_; }
    /// The message shown above the plots (why something is missing); empty when hidden.
    QString message() const;
    /// "batch 1,000 · normal input · analysed in 12 ms"
    QString status() const;
    /// "24 of 200 layers, evenly spaced"; empty when every layer is shown.
    QString rows_note() const;

    /// The layers a network of `layers` layers shows: all up to kMaxRows, else kMaxRows spread
    /// evenly (the first and the last included).
    static std::vector<int> rows_for(int layers);

private:
    struct Row {
        SignalHistogramPlot* pre = nullptr;
        SignalHistogramPlot* post = nullptr;
        QLabel* unavailable = nullptr;
    };
    void refresh();
    void refresh_multiples();
    void refresh_depth_plots();
    void refresh_phase();
    void set_row_count(int rows);

    std::shared_ptr<const AnalysisResult> analysis_;
    std::shared_ptr<const AnalysisResult> compared_;  ///< the other set-up's (A/B), or null
    QString compared_letter_;
    ProbeSettingsBar* probe_bar_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* rows_note_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QWidget* grid_widget_ = nullptr;
    QGridLayout* grid_ = nullptr;
    std::vector<Row> rows_;
    std::vector<int> shown_layers_;
    DepthPlot* std_plot_ = nullptr;
    DepthPlot* fraction_plot_ = nullptr;
    PhaseDiagramPlot* phase_plot_ = nullptr;
};

}  // namespace initscope
