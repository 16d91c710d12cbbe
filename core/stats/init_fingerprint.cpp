#include "core/stats/init_fingerprint.h"

#include "core/schemes/scheme_registry.h"
#include "core/schemes/theory.h"
#include "core/stats/ks_distance.h"

#include <algorithm>
#include <cmath>

namespace initscope {

std::vector<SchemeId> InitFingerprint::candidates(const TensorContext& context) {
    std::vector<SchemeId> schemes;
    const bool has_fans = context.weight_fans.fan_in > 0 && context.weight_fans.fan_out > 0;
    if (!has_fans) return schemes;
    for (SchemeId scheme : SchemeRegistry::fitting(context)) {
        const SchemeInfo& info = SchemeRegistry::info(scheme);
        if (scheme != SchemeId::TorchDefault && info.fit != TensorFit::FanBased) continue;
        if (!Theory::of(SchemeRegistry::defaults(scheme), context).continuous()) continue;
        schemes.push_back(scheme);
    }
    return schemes;
}

std::vector<Theory> InitFingerprint::theories(const SampleStatistics& stats,
                                              const TensorContext& context) {
    std::vector<Theory> result;
    if (stats.n < 2 || !(stats.stddev > 0)) return result;
    for (SchemeId scheme : candidates(context))
        result.push_back(Theory::of(SchemeRegistry::defaults(scheme), context));
    InitSpec normal(SchemeId::Normal);
    normal.set("mean", stats.mean);
    normal.set("std", stats.stddev);
    result.push_back(Theory::of(normal, context));
    const double bound = std::sqrt(3.0) * stats.stddev;
    InitSpec uniform(SchemeId::Uniform);
    uniform.set("a", stats.mean - bound);
    uniform.set("b", stats.mean + bound);
    result.push_back(Theory::of(uniform, context));
    return result;
}

InitFingerprint InitFingerprint::from_distances(const SampleStatistics& stats,
                                                const TensorContext& context,
                                                std::span<const double> ks) {
    InitFingerprint fingerprint;
    fingerprint.fit.mean = stats.mean;
    fingerprint.fit.stddev = stats.stddev;
    if (stats.n < 2 || !(stats.stddev > 0)) return fingerprint;
    const std::vector<SchemeId> schemes = candidates(context);
    for (size_t k = 0; k < schemes.size(); ++k) {
        const double theory_std =
            Theory::of(SchemeRegistry::defaults(schemes[k]), context).stddev();
        fingerprint.matches.push_back(
            {schemes[k], ks[k], theory_std, theory_std > 0 ? stats.stddev / theory_std : 0});
    }
    std::stable_sort(fingerprint.matches.begin(), fingerprint.matches.end(),
                     [](const Match& a, const Match& b) { return a.ks < b.ks; });
    fingerprint.fit.ks_normal = ks[schemes.size()];
    fingerprint.fit.ks_uniform = ks[schemes.size() + 1];
    return fingerprint;
}

InitFingerprint InitFingerprint::of(std::span<const float> values, const SampleStatistics& stats,
                                    const TensorContext& context) {
    std::vector<double> ks;
    for (const Theory& theory : theories(stats, context))
        ks.push_back(KsDistance::of(values, theory, stats));
    return from_distances(stats, context, ks);
}

}  // namespace initscope
