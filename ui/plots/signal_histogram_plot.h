#pragma once

#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"
#include "ui/plots/live_plot.h"

#include <qcustomplot.h>
#include <QColor>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace initscope {

class PlotCaption;
class PlotHeader;

/// One layer's pre- or post-activations as a small multiple of the Propagation tab: the probe's
/// histogram as bars in density scale (the shape; the y axis has no tick labels), a header with
/// the title ("3 fc2 · a") and "σ = 0.632 · μ = 0.012", and, when given, a share written inside the
/// plot at its top right ("saturated" over "31.2 %"; "dead 4 %" over "zeros 52 %") and dashed
/// threshold lines (tanh's |h| = 0.97). The x-range is the histogram's (plus 4 %), or a fixed one
/// (a bounded activation's range, [−1, 1] for tanh, so collapse and saturation read at a glance);
/// threshold lines outside it are hidden. Replots only when on screen (LivePlot::request_replot()).
class SignalHistogramPlot : public LivePlot {
    Q_OBJECT
public:
    explicit SignalHistogramPlot(QWidget* parent = nullptr);

    /// What one plot shows.
    struct Content {
        QString title;
        Histogram histogram;
        SampleStatistics stats;
        QColor color;
        QString share;                                     ///< written on the plot; empty: none
        std::vector<double> thresholds;                    ///< dashed vertical lines
        std::optional<std::pair<double, double>> x_range;  ///< fixed x-range (lo < hi)
    };
    void show_signal(const Content& content);

    QString title() const;
    /// "σ = 0.632 · μ = 0.012"
    QString stats_text() const;
    /// The share written on the plot; empty when none.
    QString share_text() const;
    QCPBars* bars() const { return bars_; }
    /// The visible threshold lines.
    QList<QCPItemStraightLine*> threshold_lines() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    PlotHeader* header_ = nullptr;
    PlotCaption* title_ = nullptr;
    PlotCaption* stats_ = nullptr;
    QCPBars* bars_ = nullptr;
    QCPItemText* share_ = nullptr;  ///< may take two lines: not a PlotLabel
    std::vector<QCPItemStraightLine*> thresholds_;
    QColor color_;
};

}  // namespace initscope
