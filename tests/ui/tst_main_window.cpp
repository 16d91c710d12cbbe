// The explorer window end to end (issue 3): the course preset, fc1's weight switched to
// xavier_normal through the table model, the refreshed plot's bars equal the core's histogram,
// σ ≈ 0.1, and undo restores the previous tensors exactly.
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/export/export_announcer.h"
#include "ui/main_window.h"
#include "ui/panels/layer_table_model.h"
#include "ui/panels/network_panel.h"
#include "ui/panels/scheme_parameter_panel.h"
#include "ui/plots/histogram_plot.h"
#include "ui/tabs/layers_tab.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <cmath>
#include <cstring>

using namespace initscope;

namespace {

const TensorSummary* find_tensor(const NetworkSummary& summary, int layer, TensorRole role) {
    for (const TensorSummary& t : summary.tensors)
        if (t.layer_index == layer && t.role == role) return &t;
    return nullptr;
}

bool same_bits(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() &&
           std::memcmp(a.data(), b.data(), size_t(a.numel()) * sizeof(float)) == 0;
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void opens_on_course_preset();
    void export_is_confirmed_in_status_bar_issue_11_item_4();
    void fits_960x540_issue_11();
    void xavier_normal_on_fc1_narrows_its_histogram();
    void parameter_panel_edits_live_and_merges();
    void tensor_activated_selects_it();
    void too_large_edit_keeps_previous_state();
    void panel_refusal_opens_no_dialog();

private:
    /// Waits for the window to repaint after an edit; returns false on timeout.
    bool wait_for_refresh();
    /// Checks the fc1 weight plot against the core's histogram of the shown summary.
    void check_fc1_plot_matches_summary();

    std::unique_ptr<MainWindow> window_;
};

void TestMainWindow::init() {
    window_ = std::make_unique<MainWindow>();
    QSignalSpy painted(window_.get(), &MainWindow::refreshPainted);
    QVERIFY(!window_->load_preset(QStringLiteral("course")));
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(painted.count() > 0 || painted.wait(10000));
    window_->tabs()->setCurrentWidget(window_->findChild<LayersTab*>());
}

void TestMainWindow::export_is_confirmed_in_status_bar_issue_11_item_4() {
    ExportAnnouncer::announce_saved(QStringLiteral("/tmp/fc1.weight.png"));
    QCOMPARE(window_->statusBar()->currentMessage(), QStringLiteral("Saved /tmp/fc1.weight.png"));
}

void TestMainWindow::fits_960x540_issue_11() {
    // 1920×1080 at QT_SCALE_FACTOR=2: the window's minimum size fits 960×540 logical pixels.
    const QSize minimum = window_->minimumSizeHint().expandedTo(window_->minimumSize());
    QVERIFY2(minimum.width() <= 960 && minimum.height() <= 540,
             qPrintable(QStringLiteral("%1×%2").arg(minimum.width()).arg(minimum.height())));
}

void TestMainWindow::cleanup() {
    window_->exploration()->document()->undo_stack()->setClean();  // no "save changes?" on close
    window_.reset();
}

bool TestMainWindow::wait_for_refresh() {
    QSignalSpy painted(window_.get(), &MainWindow::refreshPainted);
    return painted.wait(10000);
}

void TestMainWindow::check_fc1_plot_matches_summary() {
    const auto summary = window_->exploration()->summary();
    QVERIFY(summary);
    const TensorSummary* fc1 = find_tensor(*summary, 1, TensorRole::Weight);
    QVERIFY(fc1);
    HistogramPlot* plot = window_->findChild<LayersTab*>()->weight_plot(1);
    QVERIFY(plot);
    QCPBars* bars = plot->bars();
    const std::vector<double> heights = fc1->histogram.heights(plot->scale());
    QCOMPARE(bars->data()->size(), int(heights.size()));
    for (int i = 0; i < int(heights.size()); ++i) {
        const auto bar = bars->data()->at(i);
        QCOMPARE(bar->key, fc1->histogram.center(i));
        QCOMPARE(bar->value, heights[size_t(i)]);
    }
}

void TestMainWindow::opens_on_course_preset() {
    QCOMPARE(window_->network_panel()->model()->rowCount(), 5);
    QVERIFY(window_->windowTitle().startsWith(QStringLiteral("course.json")));
    QVERIFY(!window_->isWindowModified());
    QVERIFY(window_->exploration()->summary());
    QCOMPARE(window_->exploration()->summary()->weight_count, int64_t(40'200));
    QVERIFY(window_->last_refresh_ms() > 0);
    check_fc1_plot_matches_summary();
}

void TestMainWindow::xavier_normal_on_fc1_narrows_its_histogram() {
    const auto before_summary = window_->exploration()->summary();
    const auto before_parameters = window_->exploration()->parameters();
    LayerTableModel* model = window_->network_panel()->model();
    QVERIFY(model->setData(model->index(1, LayerTableModel::WeightScheme),
                           QStringLiteral("xavier_normal")));
    QVERIFY(wait_for_refresh());
    QVERIFY(window_->isWindowModified());
    check_fc1_plot_matches_summary();
    const TensorSummary* fc1 =
        find_tensor(*window_->exploration()->summary(), 1, TensorRole::Weight);
    QCOMPARE(fc1->spec.scheme(), SchemeId::XavierNormal);
    QVERIFY(std::abs(fc1->theory.stddev() - 0.1) < 1e-12);  // √(2/(100+100))
    // The sample σ of n normal draws has a standard error of ≈ σ/√(2n): allow 5 of them.
    const double n = double(fc1->stats.n);
    QCOMPARE(fc1->stats.n, int64_t(10'000));
    QVERIFY2(std::abs(fc1->stats.stddev - 0.1) < 5 * 0.1 / std::sqrt(2 * n),
             qPrintable(QString::number(fc1->stats.stddev)));
    QCOMPARE(window_->findChild<LayersTab*>()->weight_plot(1)->bars()->data()->size(),
             fc1->histogram.bins());

    window_->exploration()->document()->undo_stack()->undo();
    QVERIFY(wait_for_refresh());
    QVERIFY(!window_->isWindowModified());
    check_fc1_plot_matches_summary();
    const auto after = window_->exploration()->parameters();
    QCOMPARE(after->size(), before_parameters->size());
    for (size_t i = 0; i < after->size(); ++i) {
        QVERIFY(same_bits((*after)[i].weight, (*before_parameters)[i].weight));
        QVERIFY(same_bits(*(*after)[i].bias, *(*before_parameters)[i].bias));
    }
    const TensorSummary* restored =
        find_tensor(*window_->exploration()->summary(), 1, TensorRole::Weight);
    QCOMPARE(restored->histogram.counts(),
             find_tensor(*before_summary, 1, TensorRole::Weight)->histogram.counts());
}

void TestMainWindow::parameter_panel_edits_live_and_merges() {
    window_->network_panel()->select_tensor(1, TensorRole::Weight);
    SchemeParameterPanel* panel = window_->parameter_panel();
    QCOMPARE(panel->layer(), 1);
    QComboBox* schemes = panel->scheme_combo();
    const int xavier = schemes->findText(QStringLiteral("Xavier / Glorot normal"));
    QVERIFY(xavier >= 0);
    schemes->setCurrentIndex(xavier);
    emit schemes->activated(xavier);  // as a click on the item does
    QVERIFY(wait_for_refresh());
    QDoubleSpinBox* gain = panel->spin_box(QStringLiteral("gain"));
    QVERIFY(gain);
    QVERIFY(!panel->spin_box(QStringLiteral("std")));  // only this scheme's parameters
    QVERIFY(panel->formula_label()->text().contains(QStringLiteral("0.1")));
    const int steps_before = window_->exploration()->document()->undo_stack()->count();
    for (double g : {1.5, 1.8, 2.0}) gain->setValue(g);  // a drag's worth of steps
    QVERIFY(wait_for_refresh());
    QCOMPARE(window_->exploration()->document()->undo_stack()->count(), steps_before + 1);
    const TensorSummary* fc1 =
        find_tensor(*window_->exploration()->summary(), 1, TensorRole::Weight);
    QVERIFY(std::abs(fc1->theory.stddev() - 0.2) < 1e-12);
    QVERIFY(panel->formula_label()->text().contains(QStringLiteral("0.2")));
    check_fc1_plot_matches_summary();
}

void TestMainWindow::tensor_activated_selects_it() {
    emit window_->findChild<LayersTab*>()->tensorActivated(3, TensorRole::Bias);
    QCOMPARE(window_->network_panel()->current_layer(), 3);
    QCOMPARE(window_->parameter_panel()->layer(), 3);
    QCOMPARE(window_->parameter_panel()->role(), TensorRole::Bias);
}

void TestMainWindow::too_large_edit_keeps_previous_state() {
    const Network before = window_->exploration()->document()->network();
    window_->exploration()->document()->set_memory_budget(
        MemoryBudget(int64_t(128) << 20));  // 64 MiB limit
    LayerTableModel* model = window_->network_panel()->model();
    QVERIFY(
        !model->setData(model->index(1, LayerTableModel::Shape), QStringLiteral("10000000 × 100")));
    QVERIFY(window_->exploration()->document()->network() == before);
    QCOMPARE(window_->exploration()->summary()->weight_count, int64_t(40'200));
    auto* box = window_->findChild<QMessageBox*>();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("previous network is kept")));
    box->close();
}

void TestMainWindow::panel_refusal_opens_no_dialog() {
    // A value the parameter panel refuses is said in the panel and on the status bar; the window
    // opens no message box (that stays for refusals no panel handled, as above).
    NetworkDocument* document = window_->exploration()->document();
    window_->network_panel()->select_tensor(1, TensorRole::Bias);
    QComboBox* schemes = window_->parameter_panel()->scheme_combo();
    const int uniform = schemes->findText(QStringLiteral("Uniform"));
    QVERIFY(uniform >= 0);
    schemes->setCurrentIndex(uniform);
    emit schemes->activated(uniform);
    QCOMPARE(document->network().layers[1].bias_init.scheme(), SchemeId::Uniform);
    QDoubleSpinBox* a = window_->parameter_panel()->spin_box(QStringLiteral("a"));
    QVERIFY(a);
    a->setValue(2);  // above b = 1
    QCOMPARE(document->network().layers[1].bias_init.number("a"), 0.0);
    QVERIFY(window_->findChild<QMessageBox*>() == nullptr);
    QVERIFY2(window_->statusBar()->currentMessage().startsWith(
                 QStringLiteral("The lower bound a (2) must not exceed the upper bound b (1).")),
             qPrintable(window_->statusBar()->currentMessage()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
