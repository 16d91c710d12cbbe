#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace initscope {

/// The slot of every float for one histogram with numpy's edges: 0 below edges[0], 1..bins the
/// bins (bin i covers [edges[i−1], edges[i]), the last one closed), bins + 1 above, bins + 2
/// non-finite, compared in exact arithmetic with the stored double edges.
///
/// Method (see histogram_slots.cpp for the proof): an approximate slot from float arithmetic,
/// u = clamp((x − lo)·scale, −1, bins) + 1, is the exact slot whenever u is at least `margin`
/// away from an integer (or t = (x − lo)·scale is beyond the range by at least `margin`), where
/// margin bounds every rounding error of u and of the edges. Only the rare values within margin
/// of an edge (about 2·margin of them per bin) are checked against the float thresholds
/// lower[s] ≤ x < upper[s]. The vector copies (AVX2, AVX-512F, chosen by CpuFeatures::active())
/// and the baseline give the same slots: they are all exact.
class HistogramSlots {
public:
    /// Values per slots_of() call at most (the caller's buffer size).
    static constexpr size_t kChunk = 1024;

    /// edges: bins + 1 increasing doubles, edges[i] = i·((hi − lo)/bins) + lo, edges[bins] = hi.
    explicit HistogramSlots(const std::vector<double>& edges);

    int bins() const { return bins_; }
    /// Slots of p[0, count), count ≤ kChunk, into out[0, count).
    void slots_of(const float* p, size_t count, int32_t* out) const;
    /// Whether the vector copies guess in float (few bins), in double (many bins, or a range far
    /// from 0), or not at all (every value then walks from a clamped guess).
    bool fast_float() const { return fast_; }
    bool fast_double() const { return fast_double_; }

private:
    void slots_scalar(const float* p, size_t count, int32_t* out) const;
    void slots_avx2(const float* p, size_t count, int32_t* out) const;
    void slots_avx512(const float* p, size_t count, int32_t* out) const;
    void slots_avx2_double(const float* p, size_t count, int32_t* out) const;
    void slots_avx512_double(const float* p, size_t count, int32_t* out) const;
    /// The exact slot of x from a guess s in [0, bins + 1] (x finite).
    int32_t walk(float x, int32_t s) const {
        while (x < lower_[static_cast<size_t>(s)]) --s;
        while (x >= upper_[static_cast<size_t>(s)]) ++s;
        return s;
    }

    int bins_ = 0;
    double lo_ = 0, scale_ = 0;  ///< double guess: floor((x − lo)·scale) + 1
    float lo_f_ = 0, scale_f_ = 0;
    float margin_ = 0.5f;         ///< the proof's E, rounded up to a float
    bool float_ok_ = true;        ///< float guesses are off by at most one slot
    bool fast_ = false;           ///< float guesses: float_ok_, margin_ < 2^−10, lo, scale usable
    double margin_double_ = 0.5;  ///< E for the double guesses
    bool fast_double_ = false;    ///< double guesses (when the float ones are too coarse)
    std::vector<float> lower_, upper_;  ///< slot thresholds, bins + 3 each
};

}  // namespace initscope
