#pragma once

#include <qcustomplot.h>

namespace initscope {

/// A histogram's bars: QCPBars drawn as integer rectangles in one QPainter::drawRects call
/// (non-antialiased), which the raster engine fills directly; QCPBars draws each bar as a polygon.
/// Same pixels for non-antialiased bars; antialiased bars, selections and vector exports draw as
/// QCPBars.
class HistogramBars : public QCPBars {
public:
    HistogramBars(QCPAxis* key_axis, QCPAxis* value_axis) : QCPBars(key_axis, value_axis) {}

protected:
    void draw(QCPPainter* painter) override;
};

}  // namespace initscope
