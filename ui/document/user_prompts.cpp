#include "ui/document/user_prompts.h"

#include <QFileDialog>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace initscope {

UserPrompts UserPrompts::dialogs() {
    UserPrompts prompts;
    prompts.ask_discard = [](QWidget* parent, const QString& name) {
        const auto answer = QMessageBox::question(
            parent, QObject::tr("Unsaved changes"),
            QObject::tr("%1 has unsaved changes. Save them first?").arg(name),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Save) return Discard::Save;
        if (answer == QMessageBox::Discard) return Discard::Discard;
        return Discard::Cancel;
    };
    prompts.open_file = [](QWidget* parent, const QString& caption, const QString& filter) {
        return QFileDialog::getOpenFileName(parent, caption, {}, filter);
    };
    prompts.save_file = [](QWidget* parent, const QString& caption, const QString& suggested,
                           const QString& filter) {
        return QFileDialog::getSaveFileName(parent, caption, suggested, filter);
    };
    prompts.directory = [](QWidget* parent, const QString& caption) {
        return QFileDialog::getExistingDirectory(parent, caption);
    };
    prompts.restore_unsaved = [](QWidget* parent, const QString& name, const QDateTime& saved_at) {
        const QDateTime local = saved_at.toLocalTime();
        const QString when = local.date() == QDate::currentDate()
                                 ? QLocale().toString(local.time(), QLocale::ShortFormat)
                                 : QLocale().toString(local, QLocale::ShortFormat);
        QMessageBox box(QMessageBox::Question, QObject::tr("Unsaved network"),
                        QObject::tr("Restore the unsaved network from %1?").arg(when),
                        QMessageBox::NoButton, parent);
        box.setInformativeText(
            QObject::tr("InitScope did not exit cleanly; unsaved changes to %1 were kept.")
                .arg(name));
        QPushButton* restore = box.addButton(QObject::tr("Restore"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Discard);
        box.setDefaultButton(restore);
        box.exec();
        return box.clickedButton() == restore;
    };
    prompts.error = [](QWidget* parent, const QString& title, const QString& message) {
        auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, parent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    };
    return prompts;
}

}  // namespace initscope
