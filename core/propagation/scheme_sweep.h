#pragma once

#include "core/model/init_spec.h"
#include "core/model/memory_budget.h"
#include "core/model/network.h"
#include "core/model/progress.h"
#include "core/propagation/mean_field.h"

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// One weight scheme of a sweep: a complete InitSpec (SchemeRegistry::completed) and how it is
/// named on the plot ("normal (std 0.01)").
struct SweepScheme {
    std::string label;
    InitSpec spec;
    /// Ticked when the sweep is first shown: the CS231n / makemore set (PyTorch default, Xavier,
    /// Kaiming, too small, too large).
    bool standard = false;

    bool operator==(const SweepScheme&) const = default;
};

/// What one layer did under one scheme: the probe's measured figures and the mean-field
/// prediction for the edited network.
struct SweepLayer {
    double pre_std = 0;       ///< std of a_l (Probe: LayerSignal::pre.stddev)
    double post_std = 0;      ///< std of h_l = φ(a_l)
    double grad_pre_std = 0;  ///< std of ∂L/∂a_l
    MeanFieldLayer theory;    ///< MeanField::predict of the edited network, this layer
    /// False when the scheme does not fit this weight, which then kept its own scheme (the
    /// reason is in SweepRun::skipped).
    bool scheme_applied = true;
};

/// One scheme applied to every weight of the network, probed.
struct SweepRun {
    SweepScheme scheme;
    std::vector<SweepLayer> layers;  ///< one per layer, in order
    /// One line per weight the scheme does not fit, which kept its own scheme:
    /// "conv1.weight keeps kaiming_uniform: eye needs a 2-D tensor, got 16 × 3 × 3 × 3".
    std::vector<std::string> skipped;
};

/// The scheme sweep (issue 10, "the CS231n figure, live"): for each weight scheme, every weight of
/// the network is re-initialized with it (biases keep their own schemes; a weight the scheme does
/// not fit keeps its own, and the run says so), the edited network is materialized from the
/// network's seed (the same for every scheme), probed with the network's ProbeSettings
/// (Probe::run) and predicted (MeanField::predict). A run equals running the probe on the edited
/// network directly, bit for bit.
class SchemeSweep {
public:
    /// The schemes the sweep offers, in the order they are listed (and coloured), the standard
    /// five first: PyTorch default, xavier_normal, kaiming_normal (relu), normal (std 0.01),
    /// normal (std 1), then lecun_normal, orthogonal, xavier_normal (gain 5/3), xavier_uniform,
    /// kaiming_uniform (relu), lecun_uniform, orthogonal (gain 5/3), normal (std 0.1). Labels
    /// are unique.
    static const std::vector<SweepScheme>& catalogue();

    /// Why this network cannot be swept (its first validation problem, or why it cannot be
    /// probed), or nullopt.
    static std::optional<std::string> unavailable_reason(const Network& network);
    /// Why `budget` cannot hold the sweep of `schemes` (one scheme's network and probe at a
    /// time), or nullopt.
    static std::optional<std::string> memory_problem(const Network& network,
                                                     const std::vector<SweepScheme>& schemes,
                                                     const MemoryBudget& budget);

    /// `network` with `weight_init = spec` on every weight the spec fits
    /// (SchemeRegistry::check); the others unchanged, each named in `skipped` when given.
    static Network with_weight_scheme(const Network& network, const InitSpec& spec,
                                      std::vector<std::string>* skipped = nullptr);

    /// One scheme. Precondition: unavailable_reason(network) is nullopt (std::invalid_argument
    /// with that reason otherwise). Throws Cancelled when `progress` returns false.
    static SweepRun run(const Network& network, const SweepScheme& scheme,
                        const ProgressCallback& progress = {});
    /// Every scheme in order, progress over all of them.
    static std::vector<SweepRun> run(const Network& network,
                                     const std::vector<SweepScheme>& schemes,
                                     const ProgressCallback& progress = {});
};

}  // namespace initscope
