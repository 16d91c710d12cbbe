#include "core/io/json_values.h"

#include <QJsonArray>

#include <cmath>

namespace initscope {

QJsonValue JsonValues::number(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QJsonValue JsonValues::number(std::optional<double> value) {
    return value ? number(*value) : QJsonValue();
}

QJsonObject JsonValues::moments(const SampleStatistics& stats) {
    return QJsonObject{{"mean", number(stats.mean)},
                       {"std", number(stats.stddev)},
                       {"min", number(stats.min)},
                       {"max", number(stats.max)}};
}

QJsonObject JsonValues::histogram(const Histogram& h) {
    QJsonArray edges, counts, probability, density;
    for (double e : h.edges()) edges.append(number(e));
    for (int64_t c : h.counts()) counts.append(static_cast<qint64>(c));
    for (double p : h.heights(HistogramScale::Probability)) probability.append(number(p));
    for (double d : h.heights(HistogramScale::Density)) density.append(number(d));
    return QJsonObject{{"bins", h.bins()},
                       {"lo", number(h.lo())},
                       {"hi", number(h.hi())},
                       {"binned", static_cast<qint64>(h.binned())},
                       {"below", static_cast<qint64>(h.below())},
                       {"above", static_cast<qint64>(h.above())},
                       {"non_finite", static_cast<qint64>(h.non_finite())},
                       {"edges", edges},
                       {"counts", counts},
                       {"probability", probability},
                       {"density", density}};
}

}  // namespace initscope
