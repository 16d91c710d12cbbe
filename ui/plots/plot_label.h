#pragma once

#include <qcustomplot.h>
#include <QStaticText>

namespace initscope {

/// A text label at a position on a plot (a bound's or a point mass's value), as a QCPItemText
/// for live plots: same look and placement as QCPItemText (rotation 0), but the
/// text is measured and laid out once per text and font (QStaticText) instead of at every replot.
/// Vector exports and rotated texts draw as QCPItemText.
class PlotLabel : public QCPItemText {
public:
    explicit PlotLabel(QCustomPlot* plot) : QCPItemText(plot) {}

protected:
    void draw(QCPPainter* painter) override;

private:
    mutable QString measured_text_;
    mutable QFont measured_font_;
    mutable QRect text_rect_;  ///< at the origin, as QFontMetrics::boundingRect gives it
    mutable QStaticText static_text_;
};

}  // namespace initscope
