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
        if (count == 1 || length <= 0) break;
        int widest = 0;
        shown = 0;
        for (qsizetype i = 0; i < ticks.size(); ++i) {
            if (!range.contains(ticks[i])) continue;
            ++shown;
            if (i < labels.size()) widest = std::max(widest, metrics.horizontalAdvance(labels[i]));
        }
        const int pitch = horizontal ? widest + metrics.height() : metrics.height() * 2;
        if (shown * pitch <= length) break;
    }
    // Fewer than two labels say nothing about the scale: two, at a less round step.
    if (shown < 2 && range.size() > 0) {
        const TickStepStrategy strategy = tickStepStrategy();
        setTickStepStrategy(tssMeetTickCount);
        setTickCount(2);
        labels.clear();
        QCPAxisTicker::generate(range, locale, formatChar, precision, ticks, subTicks, &labels);
        setTickStepStrategy(strategy);
    }
    if (tickLabels) *tickLabels = labels;
}

}  // namespace initscope
