// Numbers, code and pictures out of the window (issue 4): Copy as PyTorch, File → Export ▸ (the
// tensors as .npy, statistics and histogram bins as CSV / JSON, the PyTorch script), failures,
// and the plot export actions (menu, toolbar, shortcuts, right-click menus). Prompts are
// replaced, so no modal dialog runs; QSettings use this test's own names in test mode.
#include "core/io/npy_file.h"
#include "core/io/pytorch_script_writer.h"
#include "core/io/summary_export.h"
#include "ui/document/exploration.h"
#include "ui/document/file_controller.h"
#include "ui/document/network_document.h"
#include "ui/export/data_export_controller.h"
#include "ui/main_window.h"
#include "ui/tabs/overview_tab.h"

#include <qcustomplot.h>
#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

using namespace initscope;

namespace {

QByteArray read_all(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestDataExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void copy_as_pytorch_puts_script_on_clipboard();
    void exports_write_npy_csv_json_and_script();
    void export_failure_is_reported();
    void plot_export_is_wired_into_window();

private:
    QAction* action(const char* name) const {
        return window_->findChild<QAction*>(QString::fromLatin1(name));
    }

    std::unique_ptr<MainWindow> window_;
    QTemporaryDir dir_;
    QStringList save_paths_, errors_;
    QString directory_;
};

void TestDataExport::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("InitScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_data_export"));
    QVERIFY(dir_.isValid());
}

void TestDataExport::init() {
    save_paths_.clear();
    errors_.clear();
    window_ = std::make_unique<MainWindow>();
    UserPrompts& prompts = window_->prompts();
    prompts.save_file = [this](QWidget*, const QString&, const QString&, const QString&) {
        return save_paths_.isEmpty() ? QString() : save_paths_.takeFirst();
    };
    prompts.directory = [this](QWidget*, const QString&) { return directory_; };
    prompts.error = [this](QWidget*, const QString&, const QString& message) {
        errors_ << message;
    };
    QSignalSpy painted(window_.get(), &MainWindow::refreshPainted);
    QVERIFY(!window_->load_preset(QStringLiteral("course")));
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(painted.count() > 0 || painted.wait(15000));
}

void TestDataExport::cleanup() {
    window_->exploration()->document()->undo_stack()->setClean();
    window_.reset();
}

void TestDataExport::copy_as_pytorch_puts_script_on_clipboard() {
    QCOMPARE(action("action_copy_pytorch")->shortcut(),
             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    action("action_copy_pytorch")->trigger();
    const std::string script =
        PytorchScriptWriter::write(window_->exploration()->document()->network(), "course.json");
    QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromStdString(script));
    QVERIFY(QGuiApplication::clipboard()->text().contains(QStringLiteral("model")));
}

void TestDataExport::exports_write_npy_csv_json_and_script() {
    const auto summary = window_->exploration()->summary();
    const auto parameters = window_->exploration()->parameters();
    QTemporaryDir out;
    directory_ = out.path();
    action("action_export_npy")->trigger();
    QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    for (const TensorSummary& t : summary->tensors) {
        const QString file =
            out.filePath(QString::fromStdString(t.label()) + QStringLiteral(".npy"));
        const std::optional<Tensor> read = NpyFile::read(file);
        QVERIFY2(read, qPrintable(file));
        const LayerParameters& layer = (*parameters)[size_t(t.layer_index)];
        QVERIFY(*read == (t.role == TensorRole::Weight ? layer.weight : *layer.bias));
    }
    QVERIFY(QFile::exists(out.filePath(QStringLiteral("fc1.weight.npy"))));

    const struct {
        const char* action;
        QByteArray (*bytes)(const NetworkSummary&);
    } cases[] = {{"action_export_statistics_csv", &SummaryExport::statistics_csv},
                 {"action_export_statistics_json", &SummaryExport::statistics_json},
                 {"action_export_histograms_csv", &SummaryExport::histograms_csv},
                 {"action_export_histograms_json", &SummaryExport::histograms_json}};
    for (const auto& c : cases) {
        const QString file = out.filePath(QString::fromLatin1(c.action));
        save_paths_ = {file};
        action(c.action)->trigger();
        QCOMPARE(read_all(file), c.bytes(*summary));
    }
    QVERIFY(read_all(out.filePath(QStringLiteral("action_export_statistics_csv")))
                .startsWith("tensor,layer,role,scheme,"));
    save_paths_ = {out.filePath(QStringLiteral("net.py"))};
    action("action_export_pytorch")->trigger();
    QCOMPARE(read_all(out.filePath(QStringLiteral("net.py"))),
             QByteArray::fromStdString(PytorchScriptWriter::write(
                 window_->exploration()->document()->network(), "course.json")));
    QVERIFY(errors_.isEmpty());
}

void TestDataExport::export_failure_is_reported() {
    const QString bad = dir_.filePath(QStringLiteral("no/such/dir/stats.csv"));
    save_paths_ = {bad};
    action("action_export_statistics_csv")->trigger();
    QCOMPARE(errors_.size(), 1);
    QVERIFY(errors_.front().contains(QStringLiteral("cannot write")));
    QVERIFY(!QFile::exists(bad));
    directory_ = dir_.filePath(QStringLiteral("no/such/dir"));
    action("action_export_npy")->trigger();
    QCOMPARE(errors_.size(), 2);
    const QString unwritable = dir_.filePath(QStringLiteral("no/such/dir/net.json"));
    QVERIFY(!window_->files()->save_to(unwritable));
    QCOMPARE(errors_.size(), 3);
    QVERIFY(window_->exploration()->document()->file_path().isEmpty());
}

void TestDataExport::plot_export_is_wired_into_window() {
    QAction* export_tab = action("action_export_tab");
    QAction* copy_image = action("action_copy_image");
    QVERIFY(export_tab && copy_image);
    QCOMPARE(export_tab->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QCOMPARE(copy_image->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    auto* toolbar = window_->findChild<QToolBar*>(QStringLiteral("sampling_toolbar"));
    QVERIFY(toolbar && toolbar->actions().contains(export_tab));
    const auto plots = window_->findChild<OverviewTab*>()->findChildren<QCustomPlot*>();
    QVERIFY(!plots.isEmpty());
    for (QCustomPlot* plot : plots) QCOMPARE(plot->contextMenuPolicy(), Qt::CustomContextMenu);
    QCOMPARE(window_->current_plot_tab(),
             static_cast<QWidget*>(window_->findChild<OverviewTab*>()));
    // The Theory tab exports as a picture of its table (TheoryPicture), not greyed out.
    window_->tabs()->setCurrentIndex(2);
    QVERIFY(export_tab->isEnabled());
    QVERIFY(window_->current_plot_tab() != nullptr);
    QVERIFY(window_->current_plot_tab() != window_->tabs()->currentWidget());
    QGuiApplication::clipboard()->clear();
    copy_image->trigger();
    QVERIFY(!QGuiApplication::clipboard()->image().isNull());
    window_->tabs()->setCurrentIndex(1);
    QVERIFY(export_tab->isEnabled());
    // The clipboard gets the Layers tab as a picture.
    QGuiApplication::clipboard()->clear();
    copy_image->trigger();
    QVERIFY(!QGuiApplication::clipboard()->image().isNull());
}

QTEST_MAIN(TestDataExport)
#include "tst_data_export.moc"
