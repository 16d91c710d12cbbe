#include "ui/plots/fitted_ticker.h"

#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace initscope {

double FittedTicker::getTickStep(const QCPRange& range) {
    const double step = QCPAxisTicker::getTickStep(range);
    if (!whole_numbers_ || step >= 10) return step;
    return std::max(1.0, std::ceil(step));
}

void FittedTicker::generate(const QCPRange& range, const QLocale& locale, QChar formatChar,
                            int precision, QVector<double>& ticks, QVector<double>* subTicks,
                            QVector<QString>* tickLabels) {
    QVector<QString> labels;
    const bool horizontal = axis_->orientation() == Qt::Horizontal;
    const QFontMetrics metrics(axis_->tickLabelFont());
    const QRect rect = axis_->axisRect()->rect();
    const int length = horizontal ? rect.width() : rect.height();
    int shown = 0;
    for (int count = max_ticks_; count >= 1; --count) {
        setTickCount(count);
        labels.clear();
        QCPAxisTicker::generate(range, locale, formatChar, precision, ticks, subTicks, &labels);
        int widest = 0;
        shown = 0;
        for (qsizetype i = 0; i < ticks.size(); ++i) {
            if (!range.contains(ticks[i])) continue;
            ++shown;
            if (i < labels.size()) widest = std::max(widest, metrics.horizontalAdvance(labels[i]));
        }
        if (count == 1 || length <= 0) break;
        const int pitch = horizontal ? widest + metrics.height() : metrics.height() * 2;
        if (shown * pitch <= length) break;
    }
    // Fewer than two labels say nothing about the scale: the two round values of one significant
    // digit nearest the ends, or 0 and the upper one (a narrow small multiple: "0" and "0.03").
    if (shown < 2 && range.size() > 0 && std::isfinite(range.size())) {
        const double step = std::pow(10.0, std::floor(std::log10(range.size() * 0.6)));
        // 0 and the upper one when 0 is in view: the narrowest pair of labels.
        const double lo = range.contains(0) ? 0.0 : std::ceil(range.lower / step) * step;
        const double hi = std::floor(range.upper / step) * step;
        // Two labels and a gap must fit; else the one tick stays.
        const int two =
            metrics.horizontalAdvance(locale.toString(lo, formatChar.toLatin1(), precision)) +
            metrics.horizontalAdvance(locale.toString(hi, formatChar.toLatin1(), precision)) +
            metrics.height();
        if (hi > lo && (!horizontal || two <= length)) {
            ticks = {lo, hi};
            labels = {locale.toString(lo, formatChar.toLatin1(), precision),
                      locale.toString(hi, formatChar.toLatin1(), precision)};
            if (subTicks) subTicks->clear();
        }
    }
    if (tickLabels) *tickLabels = labels;
}

}  // namespace initscope
