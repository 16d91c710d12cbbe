#pragma once

#include "core/propagation/phase_diagram.h"
#include "ui/plots/live_plot.h"

#include <qcustomplot.h>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <vector>

namespace initscope {

class PlotCaption;
class PlotLabel;

/// The phase diagram of one activation (Poole et al. 2016, Schoenholz et al. 2017): χ1 at the
/// fixed point q* over the (σw², σb²) plane as a colour map, blue where χ1 < 1 (ordered: inputs
/// become alike, gradients vanish), vermillion where χ1 > 1 (chaotic: they decorrelate, gradients
/// explode), light at the edge of chaos χ1 = 1, on a logarithmic colour scale from 0.1 to 10 (a
/// colour bar on the right); grey where q has no fixed point (it grows without bound; a note
/// says so when there is grey). The critical line is drawn over it (a dot when it is one point),
/// and one dot per layer at its (σw², σb²), labelled with its name (stacked where labels would
/// overlap). Layers at the same point share a dot and one label ("fc2–fc9", "fc2 +3"); a point
/// outside the diagram sits on its border as a triangle, its label giving the value ("σw² = 500").
class PhaseDiagramPlot : public LivePlot {
    Q_OBJECT
public:
    /// A layer's point.
    struct Point {
        QString layer;
        double sigma_w2 = 0, sigma_b2 = 0;
    };
    /// The χ1 range of the colour scale.
    static constexpr double kChiLow = 0.1, kChiHigh = 10;

    explicit PhaseDiagramPlot(QWidget* parent = nullptr);

    /// Shows `diagram` of the activation named `activation` ("tanh") with `points`, in order.
    void show_diagram(const PhaseDiagram& diagram, const QString& activation,
                      const std::vector<Point>& points);
    /// Nothing to show: an empty map and `message` in the middle.
    void clear(const QString& message);

    QString title() const;
    QCPColorMap* color_map() const { return map_; }
    QCPCurve* critical_curve() const { return critical_; }
    /// The dots drawn: inside the diagram, and on its border (outside points), as (σw², σb²).
    QCPGraph* inside_points() const { return inside_; }
    QCPGraph* border_points() const { return border_; }
    /// The labels, one per dot, in the order of the first layer at each dot.
    QStringList point_labels() const;

    /// "fc3", "fc2–fc9" (consecutive layers), "fc2 +3" (others).
    static QString group_label(const QStringList& layers, bool consecutive);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    PlotCaption* title_ = nullptr;
    QCPColorMap* map_ = nullptr;
    QCPColorScale* scale_ = nullptr;
    QCPCurve* critical_ = nullptr;
    QCPGraph* inside_ = nullptr;
    QCPGraph* border_ = nullptr;
    PlotLabel* ordered_ = nullptr;
    PlotLabel* chaotic_ = nullptr;
    PlotLabel* message_ = nullptr;
    /// Places each point's label beside its dot, stacked upward where labels would overlap.
    void place_labels();

    std::vector<PlotLabel*> labels_;
    std::vector<QPointF> label_points_;  ///< each label's dot, in plot coordinates
};

}  // namespace initscope
