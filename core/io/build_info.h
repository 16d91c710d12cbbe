#pragma once

#include <string>

namespace initscope {

/// What this binary is: the project version (CMake's PROJECT_VERSION, e.g. "0.2.0") and, when it
/// was built from a git checkout, the commit (cmake/build_commit.cmake writes it at every build).
/// --version, the About box and the application version all read it from here.
class BuildInfo {
public:
    /// "0.2.0"
    static std::string version();
    /// The short commit, "d1c1caf5e2a1", with "-dirty" when tracked files had changes; "" when
    /// built from sources outside git.
    static std::string commit();
    /// "0.2.0 (git d1c1caf5e2a1)", or "0.2.0" without a commit.
    static std::string version_text();
};

}  // namespace initscope
