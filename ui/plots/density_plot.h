#pragma once

#include "ui/plots/density_curve.h"
#include "ui/plots/live_plot.h"

#include <qcustomplot.h>
#include <QColor>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace initscope {

class PlotCaption;

/// Several densities on one axis (one per layer, or weights vs biases), each drawn from a core
/// histogram in Density scale: a frequency polygon (a line through the bin centres, closed to 0
/// half a bin beyond each end) or steps. The legend, in a row below the axes (as many columns as
/// fit), names each curve and its n. The
/// y-range includes every curve's peak (a 2-element output bias is two tall spikes, and shows as
/// such); a point-mass curve (DensityCurve::point_mass: a zero bias) is a spike at its value with a
/// disc at its tip, outside the x- and y-range computation unless every curve is one. Titles wrap,
/// never cut. Graphs are reused between updates; only a change in the curve count adds or removes
/// graphs; a set_curves that changes nothing drawn does not replot. Replots with rpQueuedReplot
/// when on screen (LivePlot::request_replot()).
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
    /// "fc1 (n = 500, all 0)" for a point mass.
    static QString legend_text(const QString& name, int64_t n,
                               std::optional<double> point_mass = std::nullopt);
    /// Lock axes: keeps these ranges across set_curves until unlock_ranges().
    void lock_ranges(const QCPRange& x, const QCPRange& y);
    void unlock_ranges();

    /// The title as set; shown_title() adds the n all curves share, when they do and there
    /// are more than three ("Bias densities per layer · n = 500 each, all 0"; the legend then
    /// names only the curves).
    QString title() const;
    QString shown_title() const;
    int curve_count() const { return static_cast<int>(curves_.size()); }
    QCPGraph* curve(int index) const;

protected:
    void restyle() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    /// The legend below the axes, in as many columns as fit `width`.
    void place_legend(int width, int height);
    void show_title();
    PlotCaption* title_ = nullptr;
    std::vector<QCPGraph*> curves_;
    std::vector<QColor> colors_;
    std::vector<bool> compared_;  ///< per curve: DensityCurve::compared
    std::vector<bool> point_masses_;
    QString title_text_;
    QString common_n_;  ///< "n = 500 each", or empty
    std::optional<QCPRange> locked_x_, locked_y_;
    Style style_ = Style::Polygon;
};

}  // namespace initscope
