#pragma once

#include "core/model/activation.h"

#include <cstddef>
#include <utility>
#include <vector>

namespace initscope {

/// The (σw², σb²) plane of one activation: χ1 at the fixed point on a grid, and the critical
/// line, for the phase diagram (ordered where χ1 < 1, chaotic where χ1 > 1; MeanField).
struct PhaseDiagram {
    double sigma_w2_max = 4, sigma_b2_max = 0.5;  ///< the grid spans [0, max] on both axes
    /// Grid points along σw² and σb², each ≥ 2; column 0 at σw² = 0, the last at sigma_w2_max
    /// (likewise rows), so a colour map's range is [0, max] on both axes.
    int columns = 0, rows = 0;
    std::vector<double> chi1;  ///< rows × columns, row-major, row 0 at σb² = 0; NaN: no q*
    /// Points (σw², σb²) of the critical line at each row's σb² that has one in (0, 100]
    /// (MeanField::critical_sigma_w2), σb² increasing.
    std::vector<std::pair<double, double>> critical_line;

    double sigma_w2_at(int column) const;
    double sigma_b2_at(int row) const;
    double chi1_at(int row, int column) const {
        return chi1[static_cast<std::size_t>(row) * static_cast<std::size_t>(columns) +
                    static_cast<std::size_t>(column)];
    }

    /// columns and rows below 2 are taken as 2; a maximum that is not finite and > 0 gives an
    /// empty diagram (0 × 0, no line). Cells run in parallel (parallel_for); the result does not
    /// depend on the thread count.
    static PhaseDiagram compute(const ActivationFunction& phi, int columns = 80, int rows = 50,
                                double sigma_w2_max = 4, double sigma_b2_max = 0.5);
};

}  // namespace initscope
