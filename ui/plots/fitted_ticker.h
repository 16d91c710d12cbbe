#pragma once

#include <qcustomplot.h>

namespace initscope {

/// A linear ticker whose tick count follows the axis's length: as many ticks as fit with the
/// widest tick label plus one line height of space between neighbours (a horizontal axis), or
/// two line heights apart (a vertical axis), at most max_ticks. Labels therefore never
/// run into each other ("-0.1-0.050.050.1") however narrow the plot or large the font. The axis
/// length is the axis rect's from the last layout (LivePlot generates the ticks again after each
/// layout). With `whole_numbers` the step is a whole number (counts: no "2.5").
class FittedTicker : public QCPAxisTicker {
public:
    static constexpr int kMaxTicks = 8;

    explicit FittedTicker(QCPAxis* axis, bool whole_numbers = false, int max_ticks = kMaxTicks)
        : axis_(axis), whole_numbers_(whole_numbers), max_ticks_(max_ticks) {}

    void generate(const QCPRange& range, const QLocale& locale, QChar formatChar, int precision,
                  QVector<double>& ticks, QVector<double>* subTicks,
                  QVector<QString>* tickLabels) override;

protected:
    double getTickStep(const QCPRange& range) override;

private:
    QCPAxis* axis_;
    bool whole_numbers_;
    int max_ticks_;
};

}  // namespace initscope
