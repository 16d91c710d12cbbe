#pragma once

#include <QtGlobal>

namespace initscope {

/// While alive, drops two harmless warnings of the offscreen platform from Qt's message log:
/// "does not support propagateSizeHints()" (tabs are shown off screen to lay them out) and
/// "XDG_RUNTIME_DIR not set" (no desktop session); everything else is forwarded to the handler
/// installed before. Nested instances leave the outermost one in charge. GUI thread only.
class QuietPlatformWarnings {
public:
    QuietPlatformWarnings();
    ~QuietPlatformWarnings();
    QuietPlatformWarnings(const QuietPlatformWarnings&) = delete;
    QuietPlatformWarnings& operator=(const QuietPlatformWarnings&) = delete;

private:
    QtMessageHandler previous_;
    bool nested_ = false;
};

}  // namespace initscope
