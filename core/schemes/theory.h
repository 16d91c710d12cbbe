#pragma once

#include "core/model/init_spec.h"
#include "core/model/tensor_context.h"
#include "core/stats/distribution.h"

#include <string>
#include <vector>

namespace initscope {

/// The theoretical distribution of ONE element of a tensor initialized with a scheme, and the
/// formula with the tensor's numbers filled in. Computed from (InitSpec, TensorContext) alone; it
/// never samples. The numbers are those of distribution() (core/stats/distribution.h).
class Theory {
public:
    static Theory of(const InitSpec& spec, const TensorContext& context);

    const Distribution& distribution() const { return distribution_; }
    DistributionKind kind() const { return distribution_.kind(); }
    double mean() const { return distribution_.mean(); }
    double variance() const { return distribution_.variance(); }
    double stddev() const { return distribution_.stddev(); }
    /// Closed support [lo, hi]; ±inf for the normal.
    double support_lo() const { return distribution_.support_lo(); }
    double support_hi() const { return distribution_.support_hi(); }
    /// True when the cdf is continuous (KS distance is meaningful).
    bool continuous() const;
    /// Density of the continuous part (point masses excluded), per unit x.
    double pdf(double x) const { return distribution_.pdf(x); }
    /// P(X ≤ x), including point masses.
    double cdf(double x) const { return distribution_.cdf(x); }

    using Atom = Distribution::Atom;
    /// Every point mass, in increasing x; empty for continuous distributions.
    std::vector<Atom> atoms() const { return distribution_.atoms(); }

    /// Symbolic formula, e.g. "σ = gain·√(2/(fan_in+fan_out))", for this tensor's role
    /// (SchemeInfo::formula_for: "b = 0" for a zero bias).
    const std::string& formula() const { return formula_; }
    /// The formula with this tensor's numbers, e.g. "σ = 1·√(2/(100+100)) = 0.1".
    const std::string& formula_filled() const { return formula_filled_; }
    /// Extra lines for teaching (e.g. "bound 1/√fan_in = 0.1, std 1/√(3·fan_in) = 0.0577").
    const std::vector<std::string>& notes() const { return notes_; }
    /// The paper behind this tensor's draw ("" when none): the scheme's, except where the role
    /// changes it (PyTorch's default bias bound is PyTorch's convention, not He et al. 2015).
    const std::string& paper() const { return paper_; }

    /// Marks to draw on a plot (Distribution::bound_marks).
    std::vector<double> bound_marks() const { return distribution_.bound_marks(); }
    /// The symbol of symmetric bound marks, for their label: "1/√fan_in", "gain·√(3/fan_mode)",
    /// "√(3s)" (a uniform, as the scheme's formula writes it), "σ", "2σ", "gain"; empty when none.
    std::string bound_symbol() const;

private:
    Distribution distribution_ = Distribution::point(0.0);
    std::string uniform_symbol_;
    std::string formula_, formula_filled_, paper_;
    std::vector<std::string> notes_;
};

}  // namespace initscope
