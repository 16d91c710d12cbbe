#include "core/io/build_info.h"

#include "build_commit.h"  // generated: INITSCOPE_GIT_COMMIT

namespace initscope {

std::string BuildInfo::version() {
    return INITSCOPE_VERSION;
}

std::string BuildInfo::commit() {
    return INITSCOPE_GIT_COMMIT;
}

std::string BuildInfo::version_text() {
    std::string text = version();
    const std::string built_from = commit();
    if (!built_from.empty()) text.append(" (git ").append(built_from).append(")");
    return text;
}

}  // namespace initscope
