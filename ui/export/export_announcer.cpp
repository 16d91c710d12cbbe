#include "ui/export/export_announcer.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>

namespace initscope {

ExportAnnouncer* ExportAnnouncer::instance() {
    // Parented to the application: destroyed with it, after every window.
    static QPointer<ExportAnnouncer> announcer;
    if (!announcer) {
        announcer = new ExportAnnouncer;
        announcer->setParent(QCoreApplication::instance());
    }
    return announcer;
}

void ExportAnnouncer::announce_saved(const QString& path) {
    emit instance()->saved(path);
}

QString ExportAnnouncer::message(const QString& path) {
    return tr("Saved %1").arg(QDir::toNativeSeparators(path));
}

}  // namespace initscope
