#include "core/stats/fingerprint_verdict.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

std::string number(double value) {
    return NumberFormat::short_number(value, 2);
}

/// The fitted mean as written: 0 when it is within 4σ/√n of 0 (a sample of a centred
/// distribution rarely strays further).
double shown_mean(const InitFingerprint::Fit& fit, int64_t n) {
    const double noise = n > 0 ? 4 * fit.stddev / std::sqrt(double(n)) : 0;
    return std::abs(fit.mean) <= noise ? 0.0 : fit.mean;
}

std::string display_name(SchemeId scheme) {
    return SchemeRegistry::info(scheme).display_name;
}

}  // namespace

double FingerprintVerdict::looks_alike_ks(int64_t n) {
    if (n <= 0) return kLooksAlikeKs;
    return std::max(kLooksAlikeKs, 1.63 / std::sqrt(double(n)));
}

std::string FingerprintVerdict::normal_text(const InitFingerprint::Fit& fit, int64_t n) {
    return "N(" + number(shown_mean(fit, n)) + ", " + number(fit.stddev) + "²)";
}

std::string FingerprintVerdict::uniform_text(const InitFingerprint::Fit& fit, int64_t n) {
    const double mean = shown_mean(fit, n);
    const double half = std::sqrt(3.0) * fit.stddev;
    if (mean == 0) return "U(±" + number(half) + ")";
    return "U(" + number(mean - half) + ", " + number(mean + half) + ")";
}

std::string FingerprintVerdict::of(const InitFingerprint& fingerprint,
                                   const SampleStatistics& stats) {
    if (stats.n == 0) return "no finite values";
    if (!(stats.stddev > 0)) return "constant: every value is " + number(stats.mean);
    const double alike = looks_alike_ks(stats.n);
    const auto lead = [alike](double ks) { return ks <= alike ? "looks like " : "closest to "; };
    const InitFingerprint::Fit& fit = fingerprint.fit;
    const bool normal = fit.ks_normal <= fit.ks_uniform;
    const double fit_ks = normal ? fit.ks_normal : fit.ks_uniform;
    const std::string fitted = normal ? normal_text(fit, stats.n) : uniform_text(fit, stats.n);
    if (fingerprint.matches.empty()) return lead(fit_ks) + fitted + ": KS " + number(fit_ks);
    const InitFingerprint::Match& best = fingerprint.matches.front();
    // A scheme that fits is the answer even when a fitted curve fits a little better: its std
    // comes from the shape alone.
    if (best.ks <= alike || best.ks <= fit_ks)
        return lead(best.ks) + display_name(best.scheme) + ": KS " + number(best.ks) + " (std " +
               number(best.std_ratio) + "× its value)";
    return lead(fit_ks) + fitted + ": KS " + number(fit_ks) + " · std is " +
           number(best.std_ratio) + "× its " + display_name(best.scheme) + " value";
}

}  // namespace initscope
