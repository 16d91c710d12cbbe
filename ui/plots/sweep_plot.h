#pragma once

#include "ui/plots/live_plot.h"

#include <qcustomplot.h>
#include <QColor>
#include <QString>

#include <vector>

namespace initscope {

class PlotHeader;

/// One line of a SweepPlot: a value per layer (layer l at x = l + 1) and, when known, the
/// theory's value per layer. Values that a log axis cannot show (≤ 0, NaN, ±inf) are gaps.
struct SweepLine {
    QString label;  ///< drawn at the line's right end, in its colour
    QColor color;
    QCPScatterStyle::ScatterShape marker = QCPScatterStyle::ssDisc;
    std::vector<double> measured;
    std::vector<double> predicted;  ///< empty: no prediction line
};

/// Several quantities vs depth on a log y axis (the scheme sweep's std of activations or
/// gradients per layer, one line per scheme): measured values solid with a marker per layer,
/// predictions dashed on top in a darker shade of that colour, without markers. Each line is named
/// at one end, outside the data: at its last layer (LabelSide::End, the y axis on the left) or at
/// its first (LabelSide::Start, the y axis on the right; for gradients, which all start from the
/// output's and spread towards the input). The axis rect leaves a margin as wide as the longest
/// name; names that would overlap are pushed apart vertically, so none covers another or a curve.
/// The y range spans every value shown (at least one decade); x ticks are layer numbers 1…L. The
/// header says which style is which ("solid: measured · dashed: mean field").
class SweepPlot : public LivePlot {
    Q_OBJECT
public:
    enum class LabelSide { End, Start };

    explicit SweepPlot(QWidget* parent = nullptr, LabelSide side = LabelSide::End);

    void set_title(const QString& title);
    void set_y_label(const QString& label);
    /// Replaces the lines (graphs are reused); `layers` is L, the x extent.
    void set_lines(const std::vector<SweepLine>& lines, int layers);

    QString title() const;
    int line_count() const { return static_cast<int>(measured_.size()); }
    LabelSide label_side() const { return side_; }
    /// The log axis the lines are drawn against (yAxis, or yAxis2 for LabelSide::Start).
    QCPAxis* value_axis() const { return value_axis_; }
    QCPGraph* measured_curve(int index) const;
    /// The line's dashed prediction; its data are empty when the line has none.
    QCPGraph* predicted_curve(int index) const;
    /// The name drawn at the line's labelled end, and where (pixels, after a replot).
    QCPItemText* end_label(int index) const;

    /// The smallest vertical distance between two end labels' centres, in pixels.
    int label_spacing() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void restyle() override;

private:
    /// Puts each end label at its line's last shown value, pushed apart (after the layout).
    void place_labels();

    LabelSide side_;
    QCPAxis* value_axis_ = nullptr;
    PlotHeader* header_ = nullptr;
    std::vector<QCPGraph*> measured_;
    std::vector<QCPGraph*> predicted_;
    std::vector<QCPItemText*> labels_;
    std::vector<SweepLine> lines_;
};

}  // namespace initscope
