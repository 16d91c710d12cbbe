#pragma once

#include "ui/plots/density_curve.h"
#include "ui/plots/live_plot.h"

#include <qcustomplot.h>
#include <QColor>
#include <QString>

#include <cstdint>
#include <vector>

namespace initscope {

/// Several densities on one axis (one per layer, or weights vs biases), each drawn from a core
/// histogram in Density scale: a frequency polygon (a line through the bin centres, closed to 0
/// half a bin beyond each end) or steps. The legend, right of the plot, names each curve and
/// its n. The y-range follows the curves with n ≥ 50 (tiny samples, like a 2-element output
/// bias, are clipped rather than flattening the others). Graphs are reused between updates; only a
/// change in the curve count adds or removes graphs; a set_curves that changes nothing drawn
/// does not replot. Replots with rpQueuedReplot when on screen (LivePlot::request_replot()).
class DensityPlot : public LivePlot {
    Q_OBJECT
public:
    enum class Style { Polygon, Steps };

    explicit DensityPlot(QWidget* parent = nullptr);

    void set_title(const QString& title);
    void set_style(Style style);
    /// Replaces the curves. Curves from index 7 on are dashed (the palette has 7 colours);
    /// compared ones (another set-up's) dotted.
    void set_curves(const std::vector<DensityCurve>& curves);
    /// The legend text for a curve: "fc1 (n = 10,000)".
    static QString legend_text(const QString& name, int64_t n);

    QString title() const;
    int curve_count() const { return static_cast<int>(curves_.size()); }
    QCPGraph* curve(int index) const;

protected:
    void restyle() override;

private:
    QCPTextElement* title_ = nullptr;
    std::vector<QCPGraph*> curves_;
    std::vector<QColor> colors_;
    std::vector<bool> compared_;  ///< per curve: DensityCurve::compared
    Style style_ = Style::Polygon;
};

}  // namespace initscope
