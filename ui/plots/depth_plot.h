#pragma once

#include "ui/plots/depth_series.h"
#include "ui/plots/live_plot.h"

#include <qcustomplot.h>
#include <QString>

#include <vector>

namespace initscope {

class PlotCaption;
class PlotLabel;

/// Values against depth (layer 1, 2, …, L on the x axis): measured series as lines through dots,
/// predictions as dashed lines in the colour of what they predict; the legend outside the axes
/// (below them or right of the title, LegendPlace), so it never covers a curve. The y axis is
/// - Auto: logarithmic when the positive values span more than kLogRatio (vanishing and exploding
///   signals become straight lines; values ≤ 0 are gaps there), else linear from 0;
/// - Percent: linear over [0, 100].
/// An empty_text ("no layer saturates or dies: …") is written in the middle when no series has a
/// finite value. Graphs are reused; replots only when on screen (LivePlot::request_replot()).
class DepthPlot : public LivePlot {
    Q_OBJECT
public:
    enum class YScale { Auto, Percent };
    /// The positive values' max/min above which Auto goes logarithmic.
    static constexpr double kLogRatio = 20;

    /// Where the legend goes: a row below the axes (as many columns as fit), or one line right
    /// of the title (a short plot with few series).
    enum class LegendPlace { Below, BesideTitle };

    explicit DepthPlot(LegendPlace place = LegendPlace::Below, QWidget* parent = nullptr);

    void set_title(const QString& title);
    void set_y_label(const QString& label);
    void set_y_scale(YScale scale);
    void set_empty_text(const QString& text);
    /// Replaces the series; `layers` is the number of layers (the x range).
    void set_series(const std::vector<DepthSeries>& series, int layers);
    /// The x of a series' first value (1 unless set: "layer 1"); 0 for layer indices that start
    /// at 0 (a checkpoint's model.layers.0). Takes effect at the next set_series.
    void set_first_layer(int first) { first_layer_ = first; }

    QString title() const;
    int series_count() const { return static_cast<int>(graphs_.size()); }
    QCPGraph* graph(int index) const;
    bool log_y() const;
    /// The text in the middle, when shown; empty otherwise.
    QString shown_empty_text() const;
    /// Whether Auto takes a log axis for these series.
    static bool wants_log(const std::vector<DepthSeries>& series);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    /// Lays the legend out in as many columns as fit `width` pixels.
    void fit_legend(int width);
    /// Wraps the title to what `width` pixels leave it (beside the legend, if there).
    void fit_title(int width);

    LegendPlace legend_place_;
    PlotCaption* title_ = nullptr;
    PlotLabel* empty_ = nullptr;
    QString empty_text_;
    std::vector<QCPGraph*> graphs_;
    std::vector<DepthSeries> series_;
    YScale y_scale_ = YScale::Auto;
    int first_layer_ = 1;
    QSharedPointer<QCPAxisTicker> linear_ticker_;
    QSharedPointer<QCPAxisTickerFixed> percent_ticker_;
    QSharedPointer<QCPAxisTickerLog> log_ticker_;
};

}  // namespace initscope
