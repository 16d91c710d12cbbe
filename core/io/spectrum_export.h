#pragma once

#include "core/propagation/weight_spectrum.h"

#include <QByteArray>

#include <vector>

namespace initscope {

/// The spectra of the weights as JSON (the headless --spectrum output and the window's data
/// export): UTF-8, indented, an array with one object per weight in layer order:
///   {"layer": "fc1", "shape": [rows, cols]           the weight's matrix, out × in·∏k
///    "singular_values": {"n", "min", "max", "method": "svd"|"gram",
///                        "histogram": {"edges": [bins + 1], "counts": [bins]}},
///    "spectral_norm", "condition_number",
///    "theory": {"kind": "marchenko_pastur"|"exact", "lower", "upper", "sigma" (null for exact),
///               "lower_ratio", "upper_ratio"} or null (no theory: sparse, constant, zeros),
///    "note": "…"}                                     SpectrumTheory::note
/// Numbers are the shortest text that reads back as the same double; non-finite ones (an
/// infinite condition number, an undefined ratio) are null, as JSON has no infinity.
class SpectrumExport {
public:
    static QByteArray json(const std::vector<WeightSpectrum>& spectra);
    /// "marchenko_pastur", "exact" or "none": how the JSON spells a kind.
    static const char* kind_name(SpectrumTheory::Kind kind);
};

}  // namespace initscope
