// Networks as files in the window (issue 4): save → open round trip, broken files, recent files,
// the unsaved-changes question, drag and drop, and the session (tst_data_export covers the data,
// script and picture exports). Every question is answered by
// replaced UserPrompts, so no modal dialog runs; QSettings use this test's own names in
// QStandardPaths' test mode, so a developer's session is never touched.
#include "core/io/preset_library.h"
#include "ui/document/exploration.h"
#include "ui/document/file_controller.h"
#include "ui/document/network_document.h"
#include "ui/document/recent_files.h"
#include "ui/document/session_store.h"
#include "ui/main_window.h"
#include "ui/panels/histogram_options_bar.h"
#include "ui/tabs/layers_tab.h"

#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <cstring>

using namespace initscope;
using Discard = UserPrompts::Discard;

class TestFileController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void save_then_open_gives_same_network_and_tensors();
    void broken_file_keeps_network_and_says_why();
    void recent_files_order_dedupe_limit_and_removal();
    void missing_recent_file_is_removed_with_a_message();
    void unsaved_changes_are_asked_about();
    void dropped_json_is_opened();
    void session_round_trip();
    void session_keeps_view_options();
    void unreadable_session_starts_with_course();
    void discard_on_close_stores_saved_state();
    void preset_entries_are_short();

private:
    bool wait_for_refresh(const std::function<void()>& action);
    QAction* action(const char* name) const {
        return window_->findChild<QAction*>(QString::fromLatin1(name));
    }

    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;
    QList<Discard> discard_answers_;
    int discard_asked_ = 0;
    QStringList save_paths_, errors_;
};

void TestFileController::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("InitScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_file_controller"));
    QVERIFY(dir_.isValid());
}

void TestFileController::init() {
    QSettings().clear();
    discard_answers_.clear();
    discard_asked_ = 0;
    save_paths_.clear();
    errors_.clear();
    window_ = std::make_unique<MainWindow>();
    UserPrompts& prompts = window_->prompts();
    prompts.ask_discard = [this](QWidget*, const QString&) {
        ++discard_asked_;
        return discard_answers_.isEmpty() ? Discard::Cancel : discard_answers_.takeFirst();
    };
    prompts.open_file = [](QWidget*, const QString&, const QString&) { return QString(); };
    prompts.save_file = [this](QWidget*, const QString&, const QString&, const QString&) {
        return save_paths_.isEmpty() ? QString() : save_paths_.takeFirst();
    };
    prompts.error = [this](QWidget*, const QString&, const QString& message) {
        errors_ << message;
    };
    QVERIFY(wait_for_refresh([this] { QVERIFY(!window_->load_preset(QStringLiteral("course"))); }));
}

void TestFileController::cleanup() {
    window_->exploration()->document()->undo_stack()->setClean();
    window_.reset();
}

bool TestFileController::wait_for_refresh(const std::function<void()>& action) {
    QSignalSpy painted(window_.get(), &MainWindow::refreshPainted);
    action();
    if (!window_->isVisible()) {
        window_->resize(1600, 1000);
        window_->show();
    }
    return painted.count() > 0 || painted.wait(15000);
}

void TestFileController::save_then_open_gives_same_network_and_tensors() {
    NetworkDocument* document = window_->exploration()->document();
    Network edited = document->network();
    edited.seed = 1234;
    edited.layers[1].weight_init = InitSpec(SchemeId::XavierNormal);
    QVERIFY(wait_for_refresh([&] { QVERIFY(document->edit(edited, QStringLiteral("test"))); }));
    QVERIFY(window_->isWindowModified());
    const auto tensors = window_->exploration()->parameters();
    const QString path = dir_.filePath(QStringLiteral("round_trip.json"));
    QVERIFY(window_->files()->save_to(path));
    QVERIFY(!window_->isWindowModified());
    QVERIFY(window_->windowTitle().startsWith(QStringLiteral("round_trip.json")));

    QVERIFY(wait_for_refresh([this] { window_->load_preset(QStringLiteral("deep_tanh")); }));
    QVERIFY(!bitwise_equal(*window_->exploration()->parameters(), *tensors));
    QVERIFY(wait_for_refresh([&] { QVERIFY(window_->files()->open_with_question(path)); }));
    QVERIFY(document->network() == edited);
    QCOMPARE(document->file_path(), QFileInfo(path).absoluteFilePath());
    QVERIFY(!document->is_modified());
    QVERIFY(bitwise_equal(*window_->exploration()->parameters(), *tensors));
    QCOMPARE(window_->files()->recent_files()->files().front(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(discard_asked_, 0);  // nothing unsaved
}

void TestFileController::broken_file_keeps_network_and_says_why() {
    const Network before = window_->exploration()->document()->network();
    const QString broken = dir_.filePath(QStringLiteral("broken.json"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"layers": [{"name": "fc1", "kind": "linear", "in_features": 3, "colour": 1}]})");
    file.close();
    const std::string expected = ConfigFile::read(broken, false).error;
    QVERIFY(!expected.empty());
    QVERIFY(!window_->files()->open_with_question(broken));
    QCOMPARE(errors_.size(), 1);
    QCOMPARE(errors_.front(), QString::fromStdString(expected));
    QVERIFY(window_->exploration()->document()->network() == before);
    QCOMPARE(window_->exploration()->document()->display_name(), QStringLiteral("course.json"));
    QVERIFY(!window_->files()->open_with_question(dir_.filePath(QStringLiteral("missing.json"))));
    QCOMPARE(errors_.size(), 2);
    QVERIFY(window_->exploration()->document()->network() == before);

    // The real prompt: a non-blocking message box with the ConfigFile line.
    window_->prompts().error = UserPrompts::dialogs().error;
    QVERIFY(!window_->files()->open_with_question(broken));
    auto* box = window_->findChild<QMessageBox*>();
    QVERIFY(box);
    QCOMPARE(box->text(), QString::fromStdString(expected));
    box->close();
}

void TestFileController::recent_files_order_dedupe_limit_and_removal() {
    const QString key = QStringLiteral("test_recent");
    const auto path = [this](int i) { return dir_.filePath(QStringLiteral("f%1.json").arg(i)); };
    RecentFiles recent(nullptr, key);
    QMenu menu;
    recent.set_menu(&menu);
    recent.add(path(1));
    recent.add(path(2));
    recent.add(path(3));
    recent.add(dir_.path() + QStringLiteral("/sub/../f1.json"));  // the same file
    QCOMPARE(recent.files(), (QStringList{path(1), path(3), path(2)}));
    for (int i = 4; i <= 12; ++i) recent.add(path(i));
    QCOMPARE(recent.files().size(), RecentFiles::kMax);
    QCOMPARE(recent.files().front(), path(12));
    QCOMPARE(recent.files().back(), path(5));
    recent.remove(path(8));
    QVERIFY(!recent.files().contains(path(8)));
    QCOMPARE(RecentFiles(nullptr, key).files(), recent.files());  // kept in QSettings
    int entries = 0;
    for (QAction* a : menu.actions()) entries += a->data().toString().isEmpty() ? 0 : 1;
    QCOMPARE(entries, recent.files().size());
    recent.clear();
    QVERIFY(recent.files().isEmpty());
    QVERIFY(RecentFiles(nullptr, key).files().isEmpty());
    QCOMPARE(menu.actions().size(), 1);  // only "Clear list", disabled
    QVERIFY(!menu.actions().front()->isEnabled());
}

void TestFileController::missing_recent_file_is_removed_with_a_message() {
    const QString gone = dir_.filePath(QStringLiteral("gone.json"));
    window_->files()->recent_files()->add(gone);
    auto* menu = window_->findChild<QMenu*>(QStringLiteral("menu_recent"));
    QVERIFY(menu);
    QAction* entry = nullptr;
    for (QAction* a : menu->actions())
        if (a->data().toString() == gone) entry = a;
    QVERIFY(entry);
    const Network before = window_->exploration()->document()->network();
    entry->trigger();
    QVERIFY(!window_->files()->recent_files()->files().contains(gone));
    QCOMPARE(errors_.size(), 1);
    QVERIFY(errors_.front().contains(gone));
    QVERIFY(window_->exploration()->document()->network() == before);
}

void TestFileController::unsaved_changes_are_asked_about() {
    NetworkDocument* document = window_->exploration()->document();
    Network edited = document->network();
    edited.seed = 77;
    QVERIFY(document->edit(edited, QStringLiteral("seed")));
    QVERIFY(document->is_modified());

    discard_answers_ = {Discard::Cancel};  // New: cancelled, nothing changes
    action("action_new")->trigger();
    QCOMPARE(discard_asked_, 1);
    QVERIFY(document->network() == edited);

    discard_answers_ = {Discard::Cancel};  // a preset, a close: the same question
    action("action_preset_deep_relu")->trigger();
    QCOMPARE(discard_asked_, 2);
    QVERIFY(document->network() == edited);
    discard_answers_ = {Discard::Cancel};
    QVERIFY(!window_->close());
    QCOMPARE(discard_asked_, 3);
    QVERIFY(window_->isVisible());

    // Save without a file: asks where; a cancelled save dialog cancels the New.
    discard_answers_ = {Discard::Save};
    action("action_new")->trigger();
    QCOMPARE(discard_asked_, 4);
    QVERIFY(document->network() == edited);
    const QString path = dir_.filePath(QStringLiteral("asked"));  // ".json" is added
    discard_answers_ = {Discard::Save};
    save_paths_ = {path};
    action("action_new")->trigger();
    const ConfigFile::Result written = ConfigFile::read(path + QStringLiteral(".json"));
    QVERIFY(written.network && *written.network == edited);
    QCOMPARE(document->network().layers.size(), size_t(1));  // the new network
    QCOMPARE(document->display_name(), QStringLiteral("untitled.json"));

    QVERIFY(document->edit(edited, QStringLiteral("back")));
    discard_answers_ = {Discard::Discard};
    action("action_preset_deep_relu")->trigger();
    QCOMPARE(document->display_name(), QStringLiteral("deep_relu.json"));
    QVERIFY(!document->is_modified());
}

void TestFileController::dropped_json_is_opened() {
    const QString path = dir_.filePath(QStringLiteral("dropped.json"));
    QVERIFY(!ConfigFile::save(*PresetLibrary::load("small_cnn").network, path));
    const QString text = dir_.filePath(QStringLiteral("notes.txt"));
    QFile notes(text);
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.close();
    const auto send_drop = [this](const QString& file) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(200, 200), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(window_.get(), &enter);
        if (!enter.isAccepted()) return false;
        QDropEvent drop(QPointF(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(window_.get(), &drop);
        return drop.isAccepted();
    };
    QVERIFY(!send_drop(text));
    QMimeData web;
    web.setUrls({QUrl(QStringLiteral("https://example.org/net.json"))});
    QVERIFY(FileController::dropped_config(&web).isEmpty());

    Network edited = window_->exploration()->document()->network();
    edited.seed = 5;
    QVERIFY(window_->exploration()->document()->edit(edited, QStringLiteral("seed")));
    discard_answers_ = {Discard::Cancel};
    QVERIFY(send_drop(path));
    QTRY_COMPARE(discard_asked_, 1);
    QVERIFY(window_->exploration()->document()->network() == edited);

    discard_answers_ = {Discard::Discard};
    QVERIFY(send_drop(path));
    QTRY_COMPARE(window_->exploration()->document()->file_path(),
                 QFileInfo(path).absoluteFilePath());
    QVERIFY(window_->exploration()->document()->network() ==
            *PresetLibrary::load("small_cnn").network);
}

void TestFileController::session_round_trip() {
    NetworkDocument* document = window_->exploration()->document();
    const QString path = dir_.filePath(QStringLiteral("session.json"));
    QVERIFY(window_->load_preset(QStringLiteral("deep_tanh")) == std::nullopt);
    QVERIFY(window_->files()->save_to(path));
    Network edited = document->network();
    edited.seed = 4242;
    QVERIFY(document->edit(edited, QStringLiteral("seed")));
    window_->tabs()->setCurrentIndex(2);
    SessionStore::save(*window_);

    MainWindow restored;
    restored.restore_session();
    QVERIFY(restored.exploration()->document()->network() == edited);
    QCOMPARE(restored.exploration()->document()->file_path(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(restored.exploration()->document()->display_name(), QStringLiteral("session.json"));
    QVERIFY(restored.exploration()->document()->is_modified());
    QVERIFY(restored.isWindowModified());
    QCOMPARE(restored.tabs()->currentIndex(), 2);
    restored.exploration()->document()->undo_stack()->setClean();
}

void TestFileController::session_keeps_view_options() {
    // The Layers tab's histogram options live in the Exploration and come back with the session.
    auto* layers = window_->findChild<LayersTab*>();
    QVERIFY(layers);
    window_->tabs()->setCurrentWidget(layers);
    QVERIFY(wait_for_refresh([&] { layers->options_bar()->bins_spin()->setValue(25); }));
    QComboBox* scale = layers->options_bar()->scale_combo();
    scale->setCurrentIndex(scale->findData(int(HistogramScale::Density)));
    QCOMPARE(window_->exploration()->view_options().histogram.bins, 25);
    QCOMPARE(window_->exploration()->view_options().scale, HistogramScale::Density);
    SessionStore::save(*window_);

    MainWindow restored;
    restored.restore_session();
    const ViewOptions& options = restored.exploration()->view_options();
    QCOMPARE(options.histogram.bins, 25);
    QCOMPARE(options.histogram.rule, BinRule::Fixed);
    QCOMPARE(options.scale, HistogramScale::Density);
    QSignalSpy arrived(restored.exploration(), &Exploration::resultArrived);
    QVERIFY(arrived.count() > 0 || arrived.wait(15000));
    QCOMPARE(restored.exploration()->summary()->tensors.front().histogram.bins(), 25);
    auto* restored_layers = restored.findChild<LayersTab*>();
    QVERIFY(restored_layers);
    restored.tabs()->setCurrentWidget(restored_layers);
    QCOMPARE(restored_layers->view_options().histogram.bins, 25);
    QCOMPARE(restored_layers->view_options().scale, HistogramScale::Density);
}

void TestFileController::unreadable_session_starts_with_course() {
    QSettings().setValue(QStringLiteral("session/network"), QStringLiteral("{ not json"));
    MainWindow restored;
    restored.restore_session();
    QVERIFY(restored.exploration()->document()->network() ==
            *PresetLibrary::load("course").network);
    QCOMPARE(restored.exploration()->document()->display_name(), QStringLiteral("course.json"));
    QVERIFY(
        restored.statusBar()->currentMessage().contains(QStringLiteral("could not be restored")));

    SessionStore::clear();  // no session at all: the course preset, no message
    MainWindow fresh;
    fresh.restore_session();
    QVERIFY(fresh.exploration()->document()->network() == *PresetLibrary::load("course").network);
    QVERIFY(fresh.statusBar()->currentMessage().isEmpty());
}

void TestFileController::discard_on_close_stores_saved_state() {
    const Network saved = window_->exploration()->document()->network();
    Network edited = saved;
    edited.seed = 99;
    QVERIFY(window_->exploration()->document()->edit(edited, QStringLiteral("seed")));
    window_->set_session_enabled(true);
    discard_answers_ = {Discard::Discard};
    QVERIFY(window_->close());
    MainWindow restored;
    restored.restore_session();
    QVERIFY(restored.exploration()->document()->network() == saved);
    QVERIFY(!restored.exploration()->document()->is_modified());
}

void TestFileController::preset_entries_are_short() {
    // At 1024 px a Presets entry fits: "name — short title"; the description is in the tips.
    const QFontMetrics metrics(window_->menuBar()->font());
    int entries = 0;
    for (const std::string& name : PresetLibrary::names()) {
        QAction* preset = action(("action_preset_" + name).c_str());
        const QString description = QString::fromStdString(PresetLibrary::description(name));
        QVERIFY2(preset->text().startsWith(QString::fromStdString(name) + QStringLiteral(" — ")),
                 qPrintable(preset->text()));
        QVERIFY2(metrics.horizontalAdvance(preset->text()) < 640, qPrintable(preset->text()));
        QCOMPARE(preset->toolTip(), description);
        QCOMPARE(preset->statusTip(), description);
        ++entries;
    }
    QVERIFY(entries >= 5);
    QCOMPARE(action("action_preset_course")->text(),
             QStringLiteral("course — The lecture's network"));
    QCOMPARE(action("action_preset_deep_relu")->text(),
             QStringLiteral("deep_relu — Ten 500-unit ReLU layers with kaiming_normal_ weights"));
}

QTEST_MAIN(TestFileController)
#include "tst_file_controller.moc"
