#pragma once

#include <QString>

namespace initscope {

class MainWindow;

/// The last session, in QSettings group "session": the window's geometry and state, both
/// splitters, the current tab, the Exploration's view options (histogram rule, bin count,
/// shared range, bar scale), and the network as config JSON text (ConfigFile::write) with its
/// file path, display name and modified flag. QSettings follows the application's organisation
/// and application names: UI tests set their own (and QStandardPaths::setTestModeEnabled) so a
/// developer's session is never read or overwritten by them.
class SessionStore {
public:
    /// What restore() did.
    struct Restored {
        bool layout = false;  ///< geometry and splitters came from the session
        QString message;      ///< for the status bar when the stored network was unusable
    };

    /// Stores the window's session. With `discarded` (the user chose Discard on close) the
    /// network stored is the last saved one when the undo history still holds it; otherwise only
    /// its file path is kept (restore reopens the file, or starts with the course preset).
    static void save(const MainWindow& window, bool discarded = false);
    /// Restores layout and network into a window that is not shown yet. No session: the course
    /// preset, silently. A session whose network cannot be read or shown (its stored network is
    /// not a usable config, or its file is missing, not a regular file, unreadable, too big or
    /// not a config): the course preset, and Restored::message says why in one line naming the
    /// file.
    static Restored restore(MainWindow& window);
    /// Forgets the stored session.
    static void clear();
};

}  // namespace initscope
