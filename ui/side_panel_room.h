#pragma once

#include <QString>

class QAction;
class QSplitter;
class QStatusBar;
class QTableView;

namespace initscope {

/// How much of the window the network and parameter panels (the left side of the main
/// splitter) take, and when they give their room to a lesson or a comparison. The one policy
/// for both: MainWindow, LessonPlayer and Comparison call it.
class SidePanelRoom {
public:
    /// Windows narrower than this give a lesson or a comparison the side panels' room.
    static constexpr int kRoomyWidth = 1600;

    /// Gives the side panel the network table's full width, up to 40 % of the splitter (30 %
    /// below kRoomyWidth, 25 % below 1200 px: on a projector's 1280 or 1024 px the plots and the
    /// Theory table need the room); the plots keep the rest.
    static void fit(QSplitter* main_splitter, const QTableView* table);
    /// When `window_width` < kRoomyWidth and `toggle` (View → F9) shows the panels: hides them
    /// and says "`who` the room of the network and parameter panels: F9 shows them" in
    /// `status`. True when it hid them.
    static bool fold(QAction* toggle, int window_width, QStatusBar* status, const QString& who);
};

}  // namespace initscope
