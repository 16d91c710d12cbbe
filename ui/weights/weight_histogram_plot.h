#pragma once

#include "core/io/checkpoint_analysis.h"
#include "core/schemes/theory.h"
#include "core/stats/network_summary.h"
#include "ui/plots/histogram_plot.h"

#include <optional>

namespace initscope {

/// A checkpoint tensor's histogram as the Layers tab draws a layer's (HistogramPlot: bars, the
/// theory curve and its bounds), titled "<tensor name> — <best fit>": the theory is the scheme
/// its InitFingerprint found closest (SchemeInfo display name), or the fitted normal when no
/// scheme fits its shape. With a fresh init asked for, the density of the tensor freshly
/// initialized by PyTorch's default (for its fans) is drawn too, dotted, scaled like the bars.
class WeightHistogramPlot : public HistogramPlot {
    Q_OBJECT
public:
    explicit WeightHistogramPlot(QWidget* parent = nullptr);

    /// Shows an analysed tensor (analysis.analysed must be true).
    void show_analysis(const CheckpointTensorAnalysis& analysis, bool fresh_init);

    /// The fresh init's dotted curve (empty when not asked for or not defined).
    QCPGraph* fresh_curve() const { return fresh_curve_; }

    /// The summary the histogram is drawn from: the tensor's statistics and histogram with the
    /// best-fitting scheme (or the fitted normal, or for a constant tensor its constant) as
    /// spec and theory.
    static TensorSummary summary_of(const CheckpointTensorAnalysis& analysis);
    /// "model.layers.0.mlp.up_proj.weight — Kaiming / He uniform".
    static QString title_of(const CheckpointTensorAnalysis& analysis);
    /// PyTorch's default init for the tensor (its fans: a weight's own, a bias's weight's), or
    /// nullopt when it has none (no fans).
    static std::optional<Theory> fresh_theory(const CheckpointTensorAnalysis& analysis);

protected:
    void restyle() override;

private:
    QCPGraph* fresh_curve_ = nullptr;
};

}  // namespace initscope
