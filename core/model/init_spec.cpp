#include "core/model/init_spec.h"

#include "core/schemes/scheme_registry.h"

namespace initscope {

double InitSpec::number(const std::string& name) const {
    if (auto it = params_.find(name); it != params_.end())
        if (const double* value = std::get_if<double>(&it->second)) return *value;
    if (const ParamInfo* info = SchemeRegistry::param(scheme_, name)) return info->default_number;
    return 0.0;
}

std::string InitSpec::choice(const std::string& name) const {
    if (auto it = params_.find(name); it != params_.end())
        if (const std::string* value = std::get_if<std::string>(&it->second)) return *value;
    return default_choice(name);
}

std::string InitSpec::default_choice(const std::string& name) const {
    if (const ParamInfo* info = SchemeRegistry::param(scheme_, name)) return info->default_choice;
    return {};
}

}  // namespace initscope
