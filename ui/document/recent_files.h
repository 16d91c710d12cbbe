#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QMenu;

namespace initscope {

/// The Open Recent list: at most kMax absolute file paths, the most recent first, no duplicates,
/// kept in QSettings under `key` so it survives restarts (read once at construction, written on
/// every change).
///
/// set_menu(menu) fills a menu with one entry per file ("&1 course.json", the path as tool tip)
/// and a "Clear list" entry, and keeps it up to date; choosing an entry emits fileChosen(path).
/// Whether the file still exists is the receiver's business (it calls remove() when not).
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMax = 8;

    explicit RecentFiles(QObject* parent = nullptr,
                         const QString& key = QStringLiteral("recent_files"));

    const QStringList& files() const { return files_; }
    /// Puts `path` (made absolute and clean) first, drops an older entry for it and any beyond
    /// kMax.
    void add(const QString& path);
    /// Removes `path` (compared as absolute and clean); no-op when absent.
    void remove(const QString& path);
    void clear();
    void set_menu(QMenu* menu);

signals:
    void fileChosen(const QString& path);
    void changed();

private:
    static QString normalized(const QString& path);
    void store();
    void rebuild_menu();

    QString key_;
    QStringList files_;
    QPointer<QMenu> menu_;
};

}  // namespace initscope
