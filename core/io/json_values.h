#pragma once

#include "core/stats/histogram.h"
#include "core/stats/sample_statistics.h"

#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace initscope {

/// How InitScope's JSON files write their common values, spelled once for every writer
/// (SummaryExport, PropagationExport, SpectrumExport).
class JsonValues {
public:
    /// A finite double as a JSON number; NaN and ±∞ (which JSON cannot hold) as null.
    static QJsonValue number(double value);
    /// The value, or null when absent or not finite.
    static QJsonValue number(std::optional<double> value);
    /// {"mean", "std", "min", "max"} of a sample (std is the population one, as np.std).
    static QJsonObject moments(const SampleStatistics& stats);
    /// Every number a histogram plot shows: bins, lo, hi, binned, below, above, non_finite,
    /// edges [bins + 1], counts [bins], probability [bins], density [bins] (Histogram::heights).
    static QJsonObject histogram(const Histogram& histogram);
};

}  // namespace initscope
