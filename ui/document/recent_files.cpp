#include "ui/document/recent_files.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace initscope {

RecentFiles::RecentFiles(QObject* parent, const QString& key) : QObject(parent), key_(key) {
    for (const QString& path : QSettings().value(key_).toStringList()) {
        const QString clean = normalized(path);
        if (!clean.isEmpty() && !files_.contains(clean) && files_.size() < kMax)
            files_.append(clean);
    }
}

QString RecentFiles::normalized(const QString& path) {
    if (path.isEmpty()) return {};
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

void RecentFiles::add(const QString& path) {
    const QString clean = normalized(path);
    if (clean.isEmpty()) return;
    files_.removeAll(clean);
    files_.prepend(clean);
    while (files_.size() > kMax) files_.removeLast();
    store();
}

void RecentFiles::remove(const QString& path) {
    if (files_.removeAll(normalized(path)) > 0) store();
}

void RecentFiles::clear() {
    files_.clear();
    store();
}

void RecentFiles::set_menu(QMenu* menu) {
    menu_ = menu;
    rebuild_menu();
}

void RecentFiles::store() {
    QSettings().setValue(key_, files_);
    rebuild_menu();
    emit changed();
}

void RecentFiles::rebuild_menu() {
    if (!menu_) return;
    // Not QMenu::clear(): this runs inside an entry's triggered() (Clear list, or a file that
    // is opened and so moves to the top), and that action must outlive its signal.
    for (QAction* old : menu_->actions()) {
        menu_->removeAction(old);
        if (old->parent() == menu_) old->deleteLater();
    }
    for (int i = 0; i < files_.size(); ++i) {
        const QString path = files_[i];
        QString name = QFileInfo(path).fileName();
        name.replace(u'&', QStringLiteral("&&"));
        QAction* action = menu_->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(name));
        action->setToolTip(path);
        action->setStatusTip(path);
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { emit fileChosen(path); });
    }
    if (!files_.isEmpty()) menu_->addSeparator();
    QAction* clear_action = menu_->addAction(tr("&Clear list"), this, &RecentFiles::clear);
    clear_action->setEnabled(!files_.isEmpty());
    menu_->setEnabled(true);
}

}  // namespace initscope
