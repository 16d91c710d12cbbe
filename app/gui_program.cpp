#include "app/gui_program.h"

#include "app/command_line_request.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace initscope {

std::optional<std::filesystem::path> GuiProgram::path() {
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return std::nullopt;
    const std::filesystem::path dir = self.parent_path();
    for (const std::filesystem::path& candidate :
         {dir / kName, dir / ".." / "libexec" / "initscope" / kName})
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    return std::nullopt;
}

int GuiProgram::exec(char* argv[]) {
    const std::optional<std::filesystem::path> gui = path();
    if (!gui) {
        std::fprintf(stderr,
                     "initscope: cannot find %s beside this program or in "
                     "../libexec/initscope (an incomplete install?)\n",
                     kName);
        return kFailure;
    }
    execv(gui->c_str(), argv);
    std::fprintf(stderr, "initscope: cannot run %s: %s\n", gui->c_str(), std::strerror(errno));
    return kFailure;
}

}  // namespace initscope
