#include "ui/plots/histogram_bars.h"

#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

void HistogramBars::draw(QCPPainter* painter) {
    if (!mKeyAxis || !mValueAxis || mDataContainer->isEmpty()) return;
    if (PlotStyle::is_export(painter) || mAntialiasedFill || mAntialiased ||
        !mSelection.isEmpty() || mBarsGroup || mBarBelow) {
        QCPBars::draw(painter);
        return;
    }
    QCPBarsDataContainer::const_iterator begin, end;
    getVisibleDataBounds(begin, end);
    QVector<QRect> rects;
    rects.reserve(static_cast<qsizetype>(end - begin));
    for (auto it = begin; it != end; ++it) {
        if (!std::isfinite(it->key) || !std::isfinite(it->value)) continue;
        const QRectF r = getBarRect(it->key, it->value);
        const int left = static_cast<int>(std::lround(r.left()));
        const int top = static_cast<int>(std::lround(r.top()));
        rects.push_back(QRect(left, top, static_cast<int>(std::lround(r.right())) - left,
                              static_cast<int>(std::lround(r.bottom())) - top));
    }
    applyDefaultAntialiasingHint(painter);
    painter->setPen(mPen);
    painter->setBrush(mBrush);
    painter->drawRects(rects.constData(), static_cast<int>(rects.size()));
}

}  // namespace initscope
