#pragma once

#include "core/stats/init_fingerprint.h"
#include "core/stats/sample_statistics.h"

#include <cstdint>
#include <string>

namespace initscope {

/// The one line InitScope says about an InitFingerprint (the window's weights page, under the
/// tensor's histogram):
///   "looks like Kaiming / He normal: KS 0.0041 (std 1× its value)"   the closest scheme fits;
///   "looks like N(0, 0.02²): KS 0.0041 · std is 3.1× its Kaiming / He normal value"
///                                     the fitted normal (or uniform, "U(±0.05)") fits better;
///   "closest to …"                    in place of "looks like" when nothing fits.
/// "Fits" means a KS distance at most looks_alike_ks(n). Schemes are named by their
/// SchemeInfo display name; numbers by NumberFormat::short_number with 2 significant digits. A
/// fitted mean within 4σ/√n of 0 is written 0.
class FingerprintVerdict {
public:
    /// A KS distance below which a histogram of 40 bins looks like its theory (at most 2 % of
    /// the values on the wrong side of any x).
    static constexpr double kLooksAlikeKs = 0.02;

    /// The KS distance up to which a sample of `n` values "looks like" a distribution: the larger
    /// of kLooksAlikeKs and the 1 % critical value 1.63/√n (small samples).
    static double looks_alike_ks(int64_t n);

    /// The verdict on a tensor whose statistics are `stats` (SampleStatistics::of its values)
    /// and fingerprint `fingerprint` (InitFingerprint::of the same values).
    static std::string of(const InitFingerprint& fingerprint, const SampleStatistics& stats);

    /// The fitted normal as the verdict writes it: "N(0, 0.02²)".
    static std::string normal_text(const InitFingerprint::Fit& fit, int64_t n);
    /// The fitted uniform U(μ ± √3·σ) as the verdict writes it: "U(±0.035)", "U(0.1, 0.2)".
    static std::string uniform_text(const InitFingerprint::Fit& fit, int64_t n);
};

}  // namespace initscope
