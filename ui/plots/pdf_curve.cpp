#include "ui/plots/pdf_curve.h"

#include <QtNumeric>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

namespace initscope {

PdfCurve PdfCurve::sample(const Theory& theory, double lo, double hi, int points, double factor) {
    // (key, order at equal keys, value): the support ends get both one-sided values.
    std::vector<std::tuple<double, int, double>> samples;
    samples.reserve(static_cast<size_t>(points) + 4);
    const double step = (hi - lo) / (points - 1);
    for (int i = 0; i < points; ++i) {
        const double x = lo + step * i;
        samples.emplace_back(x, 1, theory.pdf(x));
    }
    const double delta = 1e-9 * (hi - lo);
    for (double end : {theory.support_lo(), theory.support_hi()}) {
        if (!std::isfinite(end) || end <= lo || end >= hi) continue;
        samples.emplace_back(end, 0, theory.pdf(end - delta));
        samples.emplace_back(end, 2, theory.pdf(end + delta));
    }
    std::sort(samples.begin(), samples.end());
    PdfCurve curve;
    curve.keys.reserve(static_cast<qsizetype>(samples.size()));
    curve.values.reserve(static_cast<qsizetype>(samples.size()));
    for (const auto& [x, order, pdf] : samples) {
        const double y = std::isfinite(pdf) ? pdf * factor : qQNaN();
        curve.keys.push_back(x);
        curve.values.push_back(y);
        if (std::isfinite(y)) curve.max = std::max(curve.max, y);
    }
    return curve;
}

}  // namespace initscope
