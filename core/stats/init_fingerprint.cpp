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

InitFingerprint InitFingerprint::of(std::span<const float> values, const SampleStatistics& stats,
                                    const TensorContext& context) {
    InitFingerprint fingerprint;
    fingerprint.fit.mean = stats.mean;
    fingerprint.fit.stddev = stats.stddev;
    if (stats.n < 2 || !(stats.stddev > 0)) return fingerprint;
    for (SchemeId scheme : candidates(context)) {
        const Theory theory = Theory::of(SchemeRegistry::defaults(scheme), context);
        Match match{scheme, KsDistance::of(values, theory, stats), theory.stddev(), 0};
        match.std_ratio = theory.stddev() > 0 ? stats.stddev / theory.stddev() : 0;
        fingerprint.matches.push_back(match);
    }
    std::stable_sort(fingerprint.matches.begin(), fingerprint.matches.end(),
                     [](const Match& a, const Match& b) { return a.ks < b.ks; });
    InitSpec normal(SchemeId::Normal);
    normal.set("mean", stats.mean);
    normal.set("std", stats.stddev);
    fingerprint.fit.ks_normal = KsDistance::of(values, Theory::of(normal, context), stats);
    const double bound = std::sqrt(3.0) * stats.stddev;
    InitSpec uniform(SchemeId::Uniform);
    uniform.set("a", stats.mean - bound);
    uniform.set("b", stats.mean + bound);
    fingerprint.fit.ks_uniform = KsDistance::of(values, Theory::of(uniform, context), stats);
    return fingerprint;
}

}  // namespace initscope
