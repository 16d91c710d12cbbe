#pragma once

#include "core/model/network.h"
#include "core/stats/network_summary.h"

#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// The live numbers in a lesson step's text: a placeholder {KIND:TARGET} is replaced by the
/// current summary's value, so the text always states what the plots show. KIND is one of n,
/// mean, var, std, min, max (the sample: variance and std with divisor n, as np.var) or
/// theory_var, theory_std (the scheme's); TARGET a tensor ("fc1.weight") or, for the sample
/// kinds, "weights" / "biases" (every weight, every bias). "{var:fc1.weight}" → "0.009921".
class LessonText {
public:
    struct Placeholder {
        size_t begin = 0, end = 0;  ///< [begin, end) in the text, braces included
        std::string kind, target;
    };
    /// Every {word:target} in `text`, in order (other braces are plain text).
    static std::vector<Placeholder> placeholders(const std::string& text);
    /// The kinds, in the order above.
    static const std::vector<std::string>& kinds();

    /// Why a placeholder of `text` cannot be filled: "{foo:fc1.weight}: unknown placeholder
    /// (expected n, mean, …)", or, when `network` is given, "{var:fc9.weight}: no tensor fc9.weight
    /// (layers: …)". nullopt when every one can.
    static std::optional<std::string> problem(const std::string& text, const Network* network);
    /// `text` with each placeholder replaced by its number from `summary` (NumberFormat: four
    /// significant digits, counts grouped "40,200"); "—" when the summary is null or lacks it.
    static std::string filled(const std::string& text, const NetworkSummary* summary);
};

}  // namespace initscope
