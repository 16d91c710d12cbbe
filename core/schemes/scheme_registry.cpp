#include "core/schemes/scheme_registry.h"

#include "core/schemes/elementwise_schemes.h"
#include "core/schemes/fan_scaled_schemes.h"
#include "core/schemes/scheme_definition.h"
#include "core/schemes/structured_schemes.h"
#include "core/schemes/variance_scaling_schemes.h"
#include "core/stats/number_format.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace initscope {

namespace {

std::vector<SchemeDefinition> build_definitions() {
    std::vector<SchemeDefinition> all;
    for (auto family : {ElementwiseSchemes::definitions, FanScaledSchemes::definitions,
                        StructuredSchemes::definitions, VarianceScalingSchemes::definitions})
        for (SchemeDefinition& d : family()) all.push_back(std::move(d));
    // The registry lists schemes in SchemeId order (combo boxes, --list-schemes).
    std::sort(all.begin(), all.end(), [](const SchemeDefinition& a, const SchemeDefinition& b) {
        return a.info.id < b.info.id;
    });
    bool complete = all.size() == static_cast<size_t>(SchemeId::VarianceScaling) + 1;  // the last
    for (size_t i = 0; i < all.size(); ++i) complete = complete && size_t(all[i].info.id) == i;
    if (!complete)
        throw std::logic_error("SchemeRegistry: a scheme is defined twice or not at all");
    return all;
}

const std::vector<SchemeDefinition>& definitions() {
    static const std::vector<SchemeDefinition> table = build_definitions();
    return table;
}

std::string fit_problem(TensorFit fit, const SchemeInfo& info, const TensorShape& shape) {
    const int rank = shape.rank();
    const std::string got = "got " + shape.to_string() + " (" + std::to_string(rank) + "-D)";
    switch (fit) {
        case TensorFit::Any:
            return {};
        case TensorFit::FanBased:
            if (rank < 2)
                return info.key +
                       " needs fan_in and fan_out, so a tensor of at least 2 dimensions; " + got;
            return {};
        case TensorFit::AtLeast2D:
            if (rank < 2) return info.key + " needs a tensor of at least 2 dimensions; " + got;
            return {};
        case TensorFit::Exactly2D:
            if (rank != 2) return info.key + " needs a 2-D tensor (a linear weight); " + got;
            return {};
        case TensorFit::Conv:
            if (rank < 3 || rank > 5)
                return info.key + " needs a 3-, 4- or 5-D tensor (a conv weight); " + got;
            return {};
    }
    return {};
}

}  // namespace

const std::vector<SchemeInfo>& SchemeRegistry::all() {
    static const std::vector<SchemeInfo> table = [] {
        std::vector<SchemeInfo> infos;
        for (const SchemeDefinition& d : definitions()) infos.push_back(d.info);
        return infos;
    }();
    return table;
}

const SchemeInfo& SchemeRegistry::info(SchemeId id) {
    return all().at(static_cast<size_t>(id));
}

const SchemeDefinition& SchemeRegistry::definition(SchemeId id) {
    return definitions().at(static_cast<size_t>(id));
}

const SchemeInfo* SchemeRegistry::find(std::string_view key) {
    for (const SchemeInfo& info : all())
        if (info.key == key) return &info;
    return nullptr;
}

const ParamInfo* SchemeRegistry::param(SchemeId id, std::string_view name) {
    for (const ParamInfo& p : info(id).params)
        if (p.name == name) return &p;
    return nullptr;
}

InitSpec SchemeRegistry::defaults(SchemeId id) {
    InitSpec spec(id);
    for (const ParamInfo& p : info(id).params) {
        if (p.kind == ParamKind::Choice)
            spec.set(p.name, p.default_choice);
        else
            spec.set(p.name, p.default_number);
    }
    return spec;
}

InitSpec SchemeRegistry::completed(const InitSpec& spec) {
    InitSpec out = defaults(spec.scheme());
    for (const auto& [name, value] : spec.params()) out.set(name, value);
    return out;
}

std::optional<std::string> SchemeRegistry::check_params(const InitSpec& spec) {
    const SchemeInfo& scheme = info(spec.scheme());
    for (const auto& [name, value] : spec.params()) {
        const ParamInfo* p = param(spec.scheme(), name);
        if (p == nullptr) return name + ": " + scheme.key + " has no parameter '" + name + "'";
        if (p->kind == ParamKind::Choice) {
            const std::string* text = std::get_if<std::string>(&value);
            if (text == nullptr) return name + ": must be one of the names, got a number";
            bool known = false;
            for (const std::string& c : p->choices) known = known || c == *text;
            if (!known) {
                std::string list;
                for (const std::string& c : p->choices) list += (list.empty() ? "" : ", ") + c;
                return name + ": must be one of " + list + ", got '" + *text + "'";
            }
            continue;
        }
        const double* number = std::get_if<double>(&value);
        if (number == nullptr) return name + ": must be a number";
        const double v = *number;
        if (!std::isfinite(v)) return name + ": must be a finite number";
        if (p->kind == ParamKind::Integer && v != std::floor(v))
            return name + ": must be a whole number, got " + NumberFormat::plain(v);
        if (v < p->min) {
            const std::string bound = p->min == 1e-12 ? "> 0" : "≥ " + NumberFormat::plain(p->min);
            return name + ": must be " + bound + ", got " + NumberFormat::plain(v);
        }
        if (v > p->max)
            return name + ": must be ≤ " + NumberFormat::plain(p->max) + ", got " +
                   NumberFormat::plain(v);
    }
    if (const auto extra = definition(spec.scheme()).check_params) return extra(spec);
    return std::nullopt;
}

std::optional<std::string> SchemeRegistry::check(const InitSpec& spec,
                                                 const TensorContext& context) {
    const SchemeInfo& scheme = info(spec.scheme());
    if (std::string problem = fit_problem(scheme.fit, scheme, context.shape); !problem.empty())
        return problem;
    if (auto problem = check_params(spec)) return problem;
    if (const auto extra = definition(spec.scheme()).check_tensor) return extra(spec, context);
    return std::nullopt;
}

std::vector<SchemeId> SchemeRegistry::fitting(const TensorContext& context) {
    std::vector<SchemeId> out;
    for (const SchemeInfo& info : all())
        if (fit_problem(info.fit, info, context.shape).empty()) out.push_back(info.id);
    return out;
}

}  // namespace initscope
