#pragma once

class QWidget;

namespace initscope {

/// Help → About InitScope: what the program is, its version (BuildInfo: with the git commit when
/// built from git) and what it is built with.
class AboutBox {
public:
    static void show(QWidget* parent);
};

}  // namespace initscope
