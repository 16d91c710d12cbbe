#include "core/io/checkpoint_names.h"

#include <algorithm>
#include <cctype>

namespace initscope {

namespace {

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool all_digits(const std::string& part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), is_digit);
}

constexpr size_t kMaxDigits = 9;  // an int's worth

std::string joined(const std::vector<std::string>& parts) {
    std::string name;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) name += '.';
        name += parts[i];
    }
    return name;
}

}  // namespace

std::vector<std::string> CheckpointNames::parts(const std::string& name) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const size_t dot = name.find('.', start);
        out.push_back(
            name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

std::vector<std::string> CheckpointNames::tree_path(const std::string& name) {
    std::vector<std::string> path = parts(name);
    if (path.size() <= 2) return {name};
    const std::string leaf = path[path.size() - 2] + "." + path.back();
    path.resize(path.size() - 2);
    path.push_back(leaf);
    return path;
}

std::optional<CheckpointNames::Role> CheckpointNames::role_of(const std::string& name) {
    std::vector<std::string> path = parts(name);
    for (std::string& part : path) {
        if (!all_digits(part)) continue;
        if (part.size() > kMaxDigits) return std::nullopt;
        const int depth = std::stoi(part);
        part.assign(1, '*');  // not = "*": GCC 12 warns falsely (-Wrestrict)
        return Role{joined(path), depth};
    }
    for (std::string& part : path) {
        size_t digits = 0;
        while (digits < part.size() && is_digit(part[part.size() - 1 - digits])) ++digits;
        if (digits == 0 || digits == part.size()) continue;
        if (!std::isalpha(static_cast<unsigned char>(part[part.size() - 1 - digits]))) continue;
        if (digits > kMaxDigits) return std::nullopt;
        const int depth = std::stoi(part.substr(part.size() - digits));
        part = part.substr(0, part.size() - digits) + "*";
        return Role{joined(path), depth};
    }
    return std::nullopt;
}

}  // namespace initscope
