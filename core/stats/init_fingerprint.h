#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"
#include "core/schemes/theory.h"
#include "core/stats/sample_statistics.h"

#include <span>
#include <string>
#include <vector>

namespace initscope {

/// Which initialization a trained (or freshly drawn) tensor looks like: the Kolmogorov–Smirnov
/// distance (KsDistance) between its values and the theory of every scheme that fits its shape
/// and scales with its fans — PyTorch's default, Xavier, Kaiming, LeCun, He, Glorot, variance
/// scaling, each with its default parameters — best first, and the normal and uniform fitted to
/// its mean and std ("looks like N(0, 0.02²): KS 0.004"). Each entry also gives the tensor's std
/// over the scheme's ("std is 3.1× its Kaiming value"). Schemes whose theory has point masses
/// (constant, eye, dirac, sparse) or that do not depend on the shape (uniform, normal, trunc_normal
/// with their defaults, orthogonal) are left out: a KS distance to them says nothing.
///
/// The context gives the fans: a weight's own (rank ≥ 2), or a bias's weight's (TensorContext's
/// weight_fans; without them a bias gets only the fitted entries).
struct InitFingerprint {
    struct Match {
        SchemeId scheme;
        double ks = 0;          ///< sup |F_n − F|, in [0, 1]
        double theory_std = 0;  ///< the scheme's σ for this tensor
        double std_ratio = 0;   ///< sample std / theory_std
    };
    /// The fitted normal N(mean, std²) and uniform U(mean ± √3·std).
    struct Fit {
        double mean = 0, stddev = 0;
        double ks_normal = 0, ks_uniform = 0;
    };
    std::vector<Match> matches;  ///< ascending KS
    Fit fit;

    /// `stats` must be SampleStatistics::of(values). Empty matches when n < 2.
    static InitFingerprint of(std::span<const float> values, const SampleStatistics& stats,
                              const TensorContext& context);
    /// The theories of() measures the KS distance to, in its order: one per scheme of
    /// candidates(context), then the fitted normal, then the fitted uniform. Empty when n < 2
    /// or the std is 0 (then of() measures nothing).
    static std::vector<Theory> theories(const SampleStatistics& stats,
                                        const TensorContext& context);
    /// What of() returns, given ks[k] = KsDistance::of(values, theories(stats, context)[k],
    /// stats) — for a caller that streamed the values once for all theories.
    static InitFingerprint from_distances(const SampleStatistics& stats,
                                          const TensorContext& context, std::span<const double> ks);
    /// The schemes of() compares with for `context`.
    static std::vector<SchemeId> candidates(const TensorContext& context);
};

}  // namespace initscope
