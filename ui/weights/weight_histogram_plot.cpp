#include "ui/weights/weight_histogram_plot.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/fingerprint_verdict.h"
#include "ui/plots/pdf_curve.h"
#include "ui/plots/plot_curve.h"
#include "ui/plots/plot_style.h"

#include <algorithm>

namespace initscope {

namespace {

/// The spec whose theory is drawn: the best-fitting scheme, else the fitted normal, else (a
/// constant tensor) its constant.
InitSpec drawn_spec(const CheckpointTensorAnalysis& analysis) {
    if (!analysis.fingerprint.matches.empty())
        return SchemeRegistry::defaults(analysis.fingerprint.matches.front().scheme);
    if (analysis.stats.stddev > 0) {
        InitSpec normal(SchemeId::Normal);
        normal.set("mean", analysis.fingerprint.fit.mean);
        normal.set("std", analysis.fingerprint.fit.stddev);
        return normal;
    }
    InitSpec constant(SchemeId::Constant);
    constant.set("val", analysis.stats.mean);
    return constant;
}

}  // namespace

WeightHistogramPlot::WeightHistogramPlot(QWidget* parent) : HistogramPlot(parent) {
    fresh_curve_ = new PlotCurve(xAxis, yAxis);
    fresh_curve_->setLineStyle(QCPGraph::lsLine);
    fresh_curve_->setAntialiased(true);
    fresh_curve_->setName(tr("fresh init: PyTorch default"));
    restyle();
}

TensorSummary WeightHistogramPlot::summary_of(const CheckpointTensorAnalysis& analysis) {
    TensorSummary summary;
    summary.layer_name = analysis.tensor ? analysis.tensor->name : std::string();
    summary.role = analysis.context.role;
    summary.spec = drawn_spec(analysis);
    summary.shape = analysis.context.shape;
    summary.fans = analysis.context.weight_fans;
    summary.stats = analysis.stats;
    summary.theory = Theory::of(summary.spec, analysis.context);
    summary.ks = analysis.fingerprint.matches.empty() ? analysis.fingerprint.fit.ks_normal
                                                      : analysis.fingerprint.matches.front().ks;
    summary.histogram = analysis.histogram;
    return summary;
}

QString WeightHistogramPlot::title_of(const CheckpointTensorAnalysis& analysis) {
    const QString name =
        analysis.tensor ? QString::fromStdString(analysis.tensor->name) : QString();
    QString fit;
    if (!analysis.fingerprint.matches.empty())
        fit = QString::fromStdString(
            SchemeRegistry::info(analysis.fingerprint.matches.front().scheme).display_name);
    else if (analysis.stats.stddev > 0)
        fit = tr("fitted %1")
                  .arg(QString::fromStdString(
                      FingerprintVerdict::normal_text(analysis.fingerprint.fit, analysis.stats.n)));
    else
        fit = tr("constant");
    return name + QStringLiteral(" — ") + fit;
}

std::optional<Theory> WeightHistogramPlot::fresh_theory(const CheckpointTensorAnalysis& analysis) {
    const Fans& fans = analysis.context.weight_fans;
    if (!(fans.fan_in > 0 && fans.fan_out > 0)) return std::nullopt;
    const InitSpec spec = SchemeRegistry::defaults(SchemeId::TorchDefault);
    if (SchemeRegistry::check(spec, analysis.context)) return std::nullopt;
    return Theory::of(spec, analysis.context);
}

void WeightHistogramPlot::show_analysis(const CheckpointTensorAnalysis& analysis, bool fresh_init) {
    show_tensor(summary_of(analysis), HistogramScale::Counts, title_of(analysis));
    fresh_curve_->data()->clear();
    const std::optional<Theory> fresh = fresh_init ? fresh_theory(analysis) : std::nullopt;
    if (fresh && analysis.histogram.bins() > 0) {
        // Counts: pdf · bin width · values binned, as the theory curve.
        const double factor =
            analysis.histogram.bin_width() * static_cast<double>(analysis.histogram.binned());
        const QCPRange x = xAxis->range();
        const PdfCurve curve = PdfCurve::sample(*fresh, x.lower, x.upper, theory_points, factor);
        fresh_curve_->setData(curve.keys, curve.values, true);
        // Room for the fresh curve's peak (capped, as the theory's, at 3× the tallest bar).
        double tallest = 0;
        for (const QCPBarsData& bar : *bars()->data()) tallest = std::max(tallest, bar.value);
        const double peak = tallest > 0 ? std::min(curve.max, 3 * tallest) : curve.max;
        if (peak * 1.28 > yAxis->range().upper) yAxis->setRangeUpper(peak * 1.28);
    }
    request_replot();
}

void WeightHistogramPlot::restyle() {
    HistogramPlot::restyle();
    if (fresh_curve_) fresh_curve_->setPen(QPen(PlotStyle::layer_color(0), 2.5, Qt::DotLine));
}

}  // namespace initscope
