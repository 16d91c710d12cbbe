#include "core/propagation/phase_diagram.h"

#include "core/propagation/mean_field.h"
#include "core/torch/parallel_for.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace initscope {

double PhaseDiagram::sigma_w2_at(int column) const {
    return columns > 1 ? sigma_w2_max * column / (columns - 1) : 0.0;
}

double PhaseDiagram::sigma_b2_at(int row) const {
    return rows > 1 ? sigma_b2_max * row / (rows - 1) : 0.0;
}

PhaseDiagram PhaseDiagram::compute(const ActivationFunction& phi, int columns, int rows,
                                   double sigma_w2_max, double sigma_b2_max) {
    PhaseDiagram d;
    d.sigma_w2_max = sigma_w2_max;
    d.sigma_b2_max = sigma_b2_max;
    const auto usable = [](double max) { return std::isfinite(max) && max > 0; };
    if (!usable(sigma_w2_max) || !usable(sigma_b2_max)) return d;
    d.columns = std::max(columns, 2);
    d.rows = std::max(rows, 2);
    const size_t cells = static_cast<size_t>(d.columns) * static_cast<size_t>(d.rows);
    d.chi1.assign(cells, std::numeric_limits<double>::quiet_NaN());
    // One task per cell and one per row's critical point; each writes only its own slot, so the
    // result is the same for any thread count.
    std::vector<std::optional<double>> critical(static_cast<size_t>(d.rows));
    const size_t tasks = cells + critical.size();
    parallel_for(tasks, parallel_threads(tasks, 16), 1, [&](size_t begin, size_t end) {
        for (size_t task = begin; task < end; ++task) {
            if (task >= cells) {
                const int row = static_cast<int>(task - cells);
                critical[task - cells] = MeanField::critical_sigma_w2(phi, d.sigma_b2_at(row));
                continue;
            }
            const double w = d.sigma_w2_at(static_cast<int>(task % size_t(d.columns)));
            const double b = d.sigma_b2_at(static_cast<int>(task / size_t(d.columns)));
            if (const std::optional<double> q = MeanField::fixed_point(phi, w, b))
                d.chi1[task] = MeanField::chi1(phi, w, *q);
        }
    });
    for (int row = 0; row < d.rows; ++row)
        if (const auto w = critical[static_cast<size_t>(row)])
            d.critical_line.emplace_back(*w, d.sigma_b2_at(row));
    return d;
}

}  // namespace initscope
