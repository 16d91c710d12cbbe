// The spectrum of every weight: its singular values (SingularValues), their histogram, norm and
// condition number, and the random-matrix theory of its scheme (SpectrumTheory) with the edge
// ratios that say how well they agree.
#include "core/propagation/weight_spectrum.h"

#include "core/model/saturating_count.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace initscope {

namespace {

using SC = SaturatingCount;

constexpr int kBins = 40;
constexpr double kHeadroom = 1.05;

struct MatrixSize {
    int64_t rows = 0, cols = 0;
};

/// The weight of `layer` as a matrix out × in·∏k (saturating for absurd sizes).
MatrixSize matrix_size(const Layer& layer) {
    const TensorShape shape = layer.weight_shape();
    MatrixSize m;
    m.rows = shape[0];
    int64_t rest = 1;
    for (int d = 1; d < shape.rank(); ++d) rest = SC::product(rest, shape[d]);
    m.cols = rest;
    return m;
}

/// The work of one weight's spectrum, for dividing progress: rows·cols·min, plus a constant so a
/// tiny layer still counts.
double work(const Layer& layer) {
    const MatrixSize m = matrix_size(layer);
    return static_cast<double>(m.rows) * static_cast<double>(m.cols) *
               static_cast<double>(std::min(m.rows, m.cols)) +
           1e4;
}

double ratio(double value, double edge) {
    return edge > 0 ? value / edge : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

SpectrumTheory WeightSpectrumAnalysis::theory(const Layer& layer) {
    return SpectrumTheory::of(layer);
}

WeightSpectrum WeightSpectrumAnalysis::of(const Layer& layer, const Tensor& weight,
                                          const ProgressCallback& progress) {
    if (weight.shape() != layer.weight_shape())
        throw std::invalid_argument(layer.name + ": the weight has shape " +
                                    weight.shape().to_string() + ", the layer needs " +
                                    layer.weight_shape().to_string());
    WeightSpectrum s;
    s.layer = layer.name;
    const MatrixSize m = matrix_size(layer);
    s.rows = m.rows;
    s.cols = m.cols;
    s.method = SingularValues::method_for(m.rows, m.cols);
    s.singular_values = SingularValues::of(weight, s.method, progress);
    s.theory = SpectrumTheory::of(layer);

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double s_max = s.singular_values.empty() ? 0.0 : s.singular_values.front();
    const double s_min = s.singular_values.empty() ? 0.0 : s.singular_values.back();
    s.spectral_norm = s_max;
    s.condition_number = s_min == 0 ? std::numeric_limits<double>::infinity() : s_max / s_min;

    // fmax ignores a NaN s_max (a weight with non-finite entries): the theory's range then.
    double hi = std::fmax(s_max, s.theory.upper) * kHeadroom;
    if (!(hi > 0) || !std::isfinite(hi)) hi = 1;
    const std::vector<float> values(s.singular_values.begin(), s.singular_values.end());
    s.histogram = Histogram::build(values, kBins, 0.0, hi);

    const bool has_theory = s.theory.kind != SpectrumTheory::Kind::None;
    s.lower_ratio = has_theory ? ratio(s_min, s.theory.lower) : nan;
    s.upper_ratio = has_theory ? ratio(s_max, s.theory.upper) : nan;
    return s;
}

std::vector<WeightSpectrum> WeightSpectrumAnalysis::of(const Network& network,
                                                       const Parameters& parameters,
                                                       const ProgressCallback& progress) {
    if (parameters.size() != network.layers.size())
        throw std::invalid_argument("spectrum: " + std::to_string(parameters.size()) +
                                    " materialized layers for a network of " +
                                    std::to_string(network.layers.size()));
    double total = 0;
    for (const Layer& layer : network.layers) total += work(layer);
    std::vector<WeightSpectrum> out;
    out.reserve(network.layers.size());
    double done = 0;
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        const double share = work(layer);
        ProgressCallback part;
        if (progress)
            part = [&progress, done, share, total](double fraction) {
                return progress((done + share * fraction) / total);
            };
        out.push_back(of(layer, parameters[i].weight, part));
        done += share;
    }
    if (progress && !progress(1.0)) throw Cancelled();
    return out;
}

int64_t WeightSpectrumAnalysis::working_bytes(const Layer& layer) {
    const MatrixSize m = matrix_size(layer);
    const int64_t small = std::min(m.rows, m.cols);
    const SingularValues::Method method = SingularValues::method_for(m.rows, m.cols);
    // Beside SingularValues' peak: the float copy the histogram bins.
    return SC::add(SingularValues::working_bytes(m.rows, m.cols, method), SC::product(small, 4));
}

}  // namespace initscope
