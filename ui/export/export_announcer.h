#pragma once

#include <QObject>
#include <QString>

namespace initscope {

/// Tells the window that an export was written, so it can confirm it ("Saved fc1.weight.png" in
/// the status bar): every interactive export (PlotContextMenu::export_with_dialog, and any tab's
/// own export) calls announce_saved(path) after writing. One instance per application.
class ExportAnnouncer : public QObject {
    Q_OBJECT
public:
    static ExportAnnouncer* instance();
    /// Emits saved(path).
    static void announce_saved(const QString& path);
    /// "Saved /home/me/fc1.weight.png"
    static QString message(const QString& path);

signals:
    void saved(const QString& path);

private:
    ExportAnnouncer() = default;
};

}  // namespace initscope
