#include "core/io/lesson_text.h"

#include "core/model/layer.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cctype>

namespace initscope {

namespace {

bool is_kind_char(char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
}

bool is_aggregate(const std::string& target) {
    return target == "weights" || target == "biases";
}

bool is_theory(const std::string& kind) {
    return kind.rfind("theory_", 0) == 0;
}

/// The summary of the tensor "layer.role", or nullptr.
const TensorSummary* tensor_in(const NetworkSummary& summary, const std::string& target) {
    for (const TensorSummary& tensor : summary.tensors)
        if (tensor.label() == target) return &tensor;
    return nullptr;
}

std::optional<double> value_of(const std::string& kind, const SampleStatistics& stats) {
    if (kind == "n") return double(stats.n);
    if (kind == "mean") return stats.mean;
    if (kind == "var") return stats.variance;
    if (kind == "std") return stats.stddev;
    if (kind == "min") return stats.min;
    if (kind == "max") return stats.max;
    return std::nullopt;
}

std::string number_text(const std::string& kind, double value) {
    if (kind == "n") return NumberFormat::grouped(int64_t(value));
    return NumberFormat::short_number(value, 4);
}

std::string fill_one(const LessonText::Placeholder& p, const NetworkSummary* summary) {
    const std::string none = "—";
    if (summary == nullptr) return none;
    if (is_aggregate(p.target)) {
        const bool weights = p.target == "weights";
        const std::optional<double> value =
            value_of(p.kind, weights ? summary->all_weights : summary->all_biases);
        return value ? number_text(p.kind, *value) : none;
    }
    const TensorSummary* tensor = tensor_in(*summary, p.target);
    if (tensor == nullptr) return none;
    if (p.kind == "theory_var") return number_text(p.kind, tensor->theory.variance());
    if (p.kind == "theory_std") return number_text(p.kind, tensor->theory.stddev());
    const std::optional<double> value = value_of(p.kind, tensor->stats);
    return value ? number_text(p.kind, *value) : none;
}

}  // namespace

const std::vector<std::string>& LessonText::kinds() {
    static const std::vector<std::string> kinds{"n",   "mean", "var",        "std",
                                                "min", "max",  "theory_var", "theory_std"};
    return kinds;
}

std::vector<LessonText::Placeholder> LessonText::placeholders(const std::string& text) {
    std::vector<Placeholder> out;
    for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
        size_t colon = open + 1;
        while (colon < text.size() && is_kind_char(text[colon])) ++colon;
        if (colon == open + 1 || colon >= text.size() || text[colon] != ':') continue;
        const size_t close = text.find('}', colon);
        if (close == std::string::npos || close == colon + 1) continue;
        const std::string target = text.substr(colon + 1, close - colon - 1);
        if (std::any_of(target.begin(), target.end(), [](char c) {
                return c == '{' || std::isspace(static_cast<unsigned char>(c));
            }))
            continue;
        out.push_back({open, close + 1, text.substr(open + 1, colon - open - 1), target});
    }
    return out;
}

std::optional<std::string> LessonText::problem(const std::string& text, const Network* network) {
    for (const Placeholder& p : placeholders(text)) {
        const std::string shown = text.substr(p.begin, p.end - p.begin);
        const std::vector<std::string>& known = kinds();
        if (std::find(known.begin(), known.end(), p.kind) == known.end()) {
            std::string list;
            for (const std::string& k : known) list.append(list.empty() ? "" : ", ").append(k);
            return shown + ": unknown placeholder (expected " + list + ")";
        }
        if (is_aggregate(p.target)) {
            if (is_theory(p.kind))
                return shown + ": " + p.kind + " needs one tensor (e.g. fc1.weight), not " +
                       p.target;
            continue;
        }
        const size_t dot = p.target.rfind('.');
        const std::string role = dot == std::string::npos ? "" : p.target.substr(dot + 1);
        if (role != Layer::role_name(TensorRole::Weight) &&
            role != Layer::role_name(TensorRole::Bias))
            return shown + ": expected a tensor such as fc1.weight, or weights or biases";
        if (network == nullptr) continue;
        const std::string layer = p.target.substr(0, dot);
        const auto found = std::find_if(network->layers.begin(), network->layers.end(),
                                        [&](const Layer& l) { return l.name == layer; });
        if (found == network->layers.end() ||
            (role == Layer::role_name(TensorRole::Bias) && !found->bias)) {
            std::string list;
            for (const Layer& l : network->layers)
                list.append(list.empty() ? "" : ", ").append(l.name);
            return shown + ": no tensor " + p.target + " (layers: " + list + ")";
        }
    }
    return std::nullopt;
}

std::string LessonText::filled(const std::string& text, const NetworkSummary* summary) {
    std::string out;
    size_t at = 0;
    for (const Placeholder& p : placeholders(text)) {
        out.append(text, at, p.begin - at);
        out += fill_one(p, summary);
        at = p.end;
    }
    out.append(text, at, std::string::npos);
    return out;
}

}  // namespace initscope
