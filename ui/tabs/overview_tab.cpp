#include "ui/tabs/overview_tab.h"

#include "core/stats/number_format.h"
#include "ui/plots/density_plot.h"
#include "ui/plots/histogram_plot.h"
#include "ui/plots/plot_style.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace initscope {

OverviewTab::OverviewTab(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    headline_ = new QLabel(this);
    headline_->setFont(PlotStyle::scaled_font(1.5, true));
    headline_->setTextFormat(Qt::PlainText);
    headline_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(headline_);

    auto* grid = new QGridLayout;
    grid->setSpacing(6);
    bias_plot_ = new HistogramPlot(this);
    weight_plot_ = new HistogramPlot(this);
    density_plot_ = new DensityPlot(this);
    density_plot_->set_title(tr("Densities: all biases and all weights"));
    grid->addWidget(bias_plot_, 0, 0);
    grid->addWidget(weight_plot_, 0, 1);
    grid->addWidget(density_plot_, 1, 0, 1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    for (QWidget* w : {static_cast<QWidget*>(bias_plot_), static_cast<QWidget*>(weight_plot_),
                       static_cast<QWidget*>(density_plot_)})
        w->setMinimumSize(240, 150);  // the window fits 960×540 (2× scaling of 1920×1080)
    layout->addLayout(grid, 1);
    refresh();
}

bool OverviewTab::event(QEvent* event) {
    // The headline's font is its own: it follows the application font (zoom) by hand.
    if (event->type() == QEvent::ApplicationFontChange)
        headline_->setFont(PlotStyle::scaled_font(1.5, true));
    return QWidget::event(event);
}

QString OverviewTab::headline_text(int64_t bias_count, int64_t weight_count) {
    return QString::fromStdString(NumberFormat::grouped(bias_count)) +
           (bias_count == 1 ? tr(" bias") : tr(" biases")) + QStringLiteral(" · ") +
           QString::fromStdString(NumberFormat::grouped(weight_count)) +
           (weight_count == 1 ? tr(" weight") : tr(" weights"));
}

QString OverviewTab::headline() const {
    return headline_->text();
}

QString OverviewTab::title() const {
    return tr("Overview");
}

QString OverviewTab::tool_tip() const {
    return tr("All weights and all biases: histograms and densities");
}

void OverviewTab::show_summary(std::shared_ptr<const NetworkSummary> summary, const ViewOptions&) {
    summary_ = std::move(summary);
    refresh();
}

void OverviewTab::set_scale(HistogramScale scale) {
    scale_ = scale;
    refresh();
}

void OverviewTab::set_compared(std::shared_ptr<const NetworkSummary> other, const QString& letter) {
    compared_ = std::move(other);
    compared_letter_ = letter;
    refresh();
}

QList<QCustomPlot*> OverviewTab::plots() const {
    return {bias_plot_, weight_plot_, density_plot_};
}

void OverviewTab::refresh() {
    if (!summary_) {
        headline_->setText(tr("No network"));
        bias_plot_->show_aggregate(tr("All biases"), Histogram{}, SampleStatistics{},
                                   TensorRole::Bias, scale_);
        weight_plot_->show_aggregate(tr("All weights"), Histogram{}, SampleStatistics{},
                                     TensorRole::Weight, scale_);
        density_plot_->set_curves({});
        return;
    }
    const NetworkSummary& s = *summary_;
    headline_->setText(headline_text(s.bias_count, s.weight_count));
    bias_plot_->show_aggregate(tr("All biases"), s.biases_histogram, s.all_biases, TensorRole::Bias,
                               scale_);
    weight_plot_->show_aggregate(tr("All weights"), s.weights_histogram, s.all_weights,
                                 TensorRole::Weight, scale_);
    std::vector<DensityCurve> curves;
    if (s.bias_count > 0)
        curves.push_back({tr("biases"), s.biases_histogram, s.all_biases.n,
                          PlotStyle::tensor_color(TensorRole::Bias), false, std::nullopt});
    curves.push_back({tr("weights"), s.weights_histogram, s.all_weights.n,
                      PlotStyle::tensor_color(TensorRole::Weight), false, std::nullopt});
    if (const NetworkSummary* o = compared_.get()) {
        if (o->bias_count > 0)
            curves.push_back({compared_letter_ + tr(": biases"), o->biases_histogram,
                              o->all_biases.n, PlotStyle::tensor_color(TensorRole::Bias), true,
                              std::nullopt});
        curves.push_back({compared_letter_ + tr(": weights"), o->weights_histogram,
                          o->all_weights.n, PlotStyle::tensor_color(TensorRole::Weight), true,
                          std::nullopt});
    }
    density_plot_->set_curves(curves);
}

}  // namespace initscope
