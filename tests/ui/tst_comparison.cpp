// The A/B comparison (issue 11, "A/B comparison"): a snapshot makes B with A's network, shown
// beside A in every tab under "A — …" / "B — …"; with Edit B on, an edit changes B alone and
// Edit → Undo (one QUndoGroup) takes it back; the selected tensor follows on both sides; X
// swaps the sides and which one is edited; the Theory tab's paired columns hold B's sample σ
// and variance; stopping gives the window back its own pages and panels; Save B As writes B;
// an export of a compared tab holds both sides; the densities and std-vs-depth plots overlay
// the other side.
#include "core/schemes/scheme_registry.h"
#include "ui/compare/compared_page.h"
#include "ui/compare/comparison.h"
#include "ui/compare/second_setup.h"
#include "ui/compare/theory_comparison_model.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/export/export_options.h"
#include "ui/export/plot_exporter.h"
#include "ui/main_window.h"
#include "ui/panels/layer_table_model.h"
#include "ui/panels/network_panel.h"
#include "ui/panels/sampling_toolbar.h"
#include "ui/panels/scheme_parameter_panel.h"
#include "ui/plots/density_plot.h"
#include "ui/plots/depth_plot.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"
#include "ui/tabs/propagation_tab.h"
#include "ui/tabs/theory_tab.h"
#include "ui/tabs/theory_table_model.h"
#include "ui/weights/weights_tab.h"

#include <QImage>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoGroup>

using namespace initscope;

namespace {

const TensorSummary* find_tensor(const NetworkSummary& summary, int layer, TensorRole role) {
    for (const TensorSummary& t : summary.tensors)
        if (t.layer_index == layer && t.role == role) return &t;
    return nullptr;
}

/// The Edit menu's action whose text starts with `prefix` ("&Undo").
QAction* edit_menu_action(MainWindow& window, const QString& prefix) {
    for (QAction* menu : window.menuBar()->actions())
        if (menu->text() == QStringLiteral("&Edit") && menu->menu())
            for (QAction* action : menu->menu()->actions())
                if (action->text().startsWith(prefix)) return action;
    return nullptr;
}

}  // namespace

class TestComparison : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void snapshot_makes_b_with_the_same_network_in_every_tab();
    void edit_b_changes_only_b_and_edit_undo_takes_it_back();
    void selection_follows_on_both_sides();
    void swap_trades_places_and_the_edited_side();
    void theory_pairs_show_b_sample_std_and_variance();
    void analysis_tab_computes_b_analysis();
    void stop_gives_the_window_back();
    void bad_b_file_changes_nothing();
    void save_b_writes_b_config();
    void export_of_a_compared_tab_shows_both_sides();
    void a_new_b_replaces_the_old_one();

private:
    /// Waits until B's view on the current tab shows B's latest result.
    bool wait_for_b();
    Comparison* comparison() const { return window_->comparison(); }

    std::unique_ptr<MainWindow> window_;
};

void TestComparison::init() {
    window_ = std::make_unique<MainWindow>();
    QSignalSpy painted(window_.get(), &MainWindow::refreshPainted);
    QVERIFY(!window_->load_preset(QStringLiteral("course")));
    window_->resize(1600, 1000);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QVERIFY(painted.count() > 0 || painted.wait(10000));
}

void TestComparison::cleanup() {
    window_->exploration()->document()->undo_stack()->setClean();  // no "save changes?"
    window_.reset();
}

bool TestComparison::wait_for_b() {
    return QTest::qWaitFor([this] { return comparison()->b_shown(); }, 20000);
}

void TestComparison::snapshot_makes_b_with_the_same_network_in_every_tab() {
    QVERIFY(!comparison()->active());
    QVERIFY(!comparison()->start_snapshot());
    QVERIFY(comparison()->active());
    SecondSetup* b = comparison()->b();
    QVERIFY(b->document()->network() == window_->exploration()->document()->network());
    QVERIFY(window_->windowTitle().contains(QStringLiteral("B: course.json")));
    QVERIFY(window_->windowTitle().contains(QStringLiteral("editing A")));
    QTabWidget* tabs = window_->tabs();
    for (int i = 0; i < tabs->count(); ++i) {
        ComparedPage* page = comparison()->page(i);
        if (qobject_cast<WeightsTab*>(tabs->widget(i))) {  // a checkpoint: no set-up to pair
            QVERIFY(!page);
            continue;
        }
        QVERIFY2(page, qPrintable(tabs->tabText(i)));
        QCOMPARE(tabs->widget(i), page);
        QVERIFY(
            page->header(ComparisonSide::A)->text().startsWith(QStringLiteral("A — course.json")));
        QCOMPARE(page->header(ComparisonSide::B)->text(), QStringLiteral("B — course.json"));
        QCOMPARE(page->view(ComparisonSide::B), b->view(i)->widget());
        QCOMPARE(page->splitter()->widget(0)->isAncestorOf(page->view(ComparisonSide::A)), true);
        // B's view is the same class as A's.
        QCOMPARE(QString(page->view(ComparisonSide::A)->metaObject()->className()),
                 QString(page->view(ComparisonSide::B)->metaObject()->className()));
        tabs->setCurrentIndex(i);
        QVERIFY2(wait_for_b(), qPrintable(tabs->tabText(i)));
    }
    // B's Overview shows B's summary.
    tabs->setCurrentIndex(0);
    auto* b_overview = qobject_cast<OverviewTab*>(comparison()->page(0)->view(ComparisonSide::B));
    QVERIFY(b_overview);
    QCOMPARE(b_overview->headline(), QStringLiteral("402 biases · 40,200 weights"));
    // Each side's densities also show the other side's, dotted.
    auto* a_overview = qobject_cast<OverviewTab*>(comparison()->page(0)->view(ComparisonSide::A));
    const DensityPlot* densities = a_overview->density_plot();
    QCOMPARE(densities->curve_count(), 4);
    QCOMPARE(densities->curve(3)->name(),
             DensityPlot::legend_text(QStringLiteral("B: weights"), 40200));
    QCOMPARE(densities->curve(3)->pen().style(), Qt::DotLine);
    QCOMPARE(densities->curve(1)->pen().style(), Qt::SolidLine);
    QCOMPARE(b_overview->density_plot()->curve(2)->name(),
             DensityPlot::legend_text(QStringLiteral("A: biases"), 402));
}

void TestComparison::edit_b_changes_only_b_and_edit_undo_takes_it_back() {
    QVERIFY(!comparison()->start_snapshot());
    SecondSetup* b = comparison()->b();
    const Network a_before = window_->exploration()->document()->network();
    comparison()->edit_b_action()->trigger();
    QCOMPARE(comparison()->edited(), ComparisonSide::B);
    QVERIFY(window_->windowTitle().contains(QStringLiteral("editing B")));
    // The side panels shown are B's.
    auto* stack = qobject_cast<QStackedWidget*>(b->network_panel()->parentWidget());
    QVERIFY(stack);
    QCOMPARE(stack->currentWidget(), b->network_panel());
    QVERIFY(b->parameter_panel()->isVisible());
    QVERIFY(!window_->network_panel()->isVisible());
    QVERIFY(b->toolbar()->isVisible());

    LayerTableModel* model = b->network_panel()->model();
    QVERIFY(model->setData(model->index(1, LayerTableModel::WeightScheme),
                           QStringLiteral("xavier_normal")));
    QCOMPARE(b->document()->network().layers[1].weight_init.scheme(), SchemeId::XavierNormal);
    QVERIFY(window_->exploration()->document()->network() == a_before);
    QCOMPARE(comparison()->undo_group()->activeStack(), b->document()->undo_stack());

    QAction* undo = edit_menu_action(*window_, QStringLiteral("&Undo"));
    QVERIFY(undo);
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QVERIFY(b->document()->network() == a_before);
    QVERIFY(window_->exploration()->document()->network() == a_before);

    // Edit A again: Undo follows A's stack, which has nothing to undo.
    comparison()->edit_b_action()->trigger();
    QCOMPARE(comparison()->edited(), ComparisonSide::A);
    QCOMPARE(comparison()->undo_group()->activeStack(),
             window_->exploration()->document()->undo_stack());
    QVERIFY(!undo->isEnabled());
    QVERIFY(window_->network_panel()->isVisible());
    QVERIFY(!b->toolbar()->isVisible());
}

void TestComparison::selection_follows_on_both_sides() {
    QVERIFY(!comparison()->start_snapshot());
    SecondSetup* b = comparison()->b();
    window_->network_panel()->select_tensor(2, TensorRole::Bias);
    QCOMPARE(b->network_panel()->current_layer(), 2);
    QCOMPARE(b->network_panel()->current_role(), TensorRole::Bias);
    QCOMPARE(b->parameter_panel()->layer(), 2);
    QCOMPARE(b->parameter_panel()->role(), TensorRole::Bias);
    b->network_panel()->select_tensor(4, TensorRole::Weight);
    QCOMPARE(window_->network_panel()->current_layer(), 4);
    QCOMPARE(window_->parameter_panel()->layer(), 4);
    // B's Theory table follows too.
    window_->tabs()->setCurrentIndex(2);
    QVERIFY(wait_for_b());
    auto* b_theory = qobject_cast<TheoryTab*>(comparison()->page(2)->view(ComparisonSide::B));
    QVERIFY(b_theory);
    const TensorSummary* selected =
        b_theory->model()->tensor(b_theory->view()->currentIndex().row());
    QVERIFY(selected);
    QCOMPARE(selected->layer_index, 4);
}

void TestComparison::swap_trades_places_and_the_edited_side() {
    QVERIFY(!comparison()->start_preset(QStringLiteral("course_xavier")));
    ComparedPage* page = comparison()->page(0);
    QVERIFY(page->splitter()->widget(0)->isAncestorOf(page->view(ComparisonSide::A)));
    QCOMPARE(comparison()->swap_action()->shortcut(), QKeySequence(Qt::Key_X));
    QTest::keyClick(window_.get(), Qt::Key_X);
    QVERIFY(comparison()->swapped());
    QCOMPARE(page->left_side(), ComparisonSide::B);
    QVERIFY(page->splitter()->widget(0)->isAncestorOf(page->view(ComparisonSide::B)));
    QVERIFY(page->splitter()->widget(1)->isAncestorOf(page->view(ComparisonSide::A)));
    QCOMPARE(comparison()->edited(), ComparisonSide::B);
    QVERIFY(comparison()->edit_b_action()->isChecked());
    QVERIFY(page->header(ComparisonSide::B)->text().contains(QStringLiteral("edited")));
    QVERIFY(!page->header(ComparisonSide::A)->text().contains(QStringLiteral("edited")));
    // The Theory page, not laid out yet, keeps A's larger share on the right.
    ComparedPage* theory = comparison()->page(2);
    window_->tabs()->setCurrentIndex(2);
    QVERIFY(QTest::qWaitFor([theory] { return theory->splitter()->sizes().value(1) > 0; }));
    QVERIFY(theory->splitter()->sizes()[1] > 2 * theory->splitter()->sizes()[0]);
    window_->tabs()->setCurrentIndex(0);
    QTest::keyClick(window_.get(), Qt::Key_X);
    QVERIFY(!comparison()->swapped());
    QCOMPARE(page->left_side(), ComparisonSide::A);
    QCOMPARE(comparison()->edited(), ComparisonSide::A);
}

void TestComparison::theory_pairs_show_b_sample_std_and_variance() {
    QVERIFY(!comparison()->start_preset(QStringLiteral("course_xavier")));
    window_->tabs()->setCurrentIndex(2);
    QVERIFY(wait_for_b());
    const auto b_summary = comparison()->b()->exploration()->summary();
    const auto a_summary = window_->exploration()->summary();
    QVERIFY(b_summary && a_summary);
    // A's Theory table shows the paired columns; B's page shows B's own summary.
    ComparedPage* page = comparison()->page(2);
    auto* a_theory = qobject_cast<TheoryTab*>(page->view(ComparisonSide::A));
    auto* b_theory = qobject_cast<TheoryTab*>(page->view(ComparisonSide::B));
    QVERIFY(a_theory && b_theory);
    QCOMPARE(a_theory->view()->model(), comparison()->theory_model());
    QCOMPARE(b_theory->model()->summary(), b_summary.get());
    const TheoryComparisonModel* model = comparison()->theory_model();
    QCOMPARE(model->rowCount(), 10);
    QCOMPARE(model->headerData(TheoryComparisonModel::SampleStdB, Qt::Horizontal).toString(),
             QStringLiteral("Sample σ\nB"));
    const int row = model->row_of(1, TensorRole::Weight);  // fc1.weight
    QVERIFY(row >= 0);
    const TensorSummary* b_fc1 = find_tensor(*b_summary, 1, TensorRole::Weight);
    const TensorSummary* a_fc1 = find_tensor(*a_summary, 1, TensorRole::Weight);
    auto raw = [model, row](int column) {
        return model->data(model->index(row, column), TheoryComparisonModel::RawValueRole);
    };
    QCOMPARE(raw(TheoryComparisonModel::SampleStdB).toDouble(), b_fc1->stats.stddev);
    QCOMPARE(raw(TheoryComparisonModel::SampleVarB).toDouble(), b_fc1->stats.variance);
    QCOMPARE(raw(TheoryComparisonModel::SampleStdA).toDouble(), a_fc1->stats.stddev);
    // The lecture's check: Xavier normal's σ² = 2 / (100 + 100) = 0.01 beside A's default.
    QVERIFY(qAbs(raw(TheoryComparisonModel::TheoryVarB).toDouble() - 0.01) < 1e-12);
    QVERIFY(qAbs(raw(TheoryComparisonModel::TheoryVarA).toDouble() - 1.0 / 300) < 1e-12);
    QCOMPARE(raw(TheoryComparisonModel::SchemeB).toString(), QStringLiteral("Xavier normal"));
    QCOMPARE(model->data(model->index(row, TheoryComparisonModel::SchemeB), Qt::ToolTipRole),
             QString::fromStdString(SchemeRegistry::info(SchemeId::XavierNormal).display_name));
    QCOMPARE(model->data(model->index(row, TheoryComparisonModel::SchemeA)).toString(),
             QString::fromStdString(SchemeRegistry::info(SchemeId::TorchDefault).display_name));
    // A's details still follow A's own rows.
    QVERIFY(a_theory->select_tensor(1, TensorRole::Weight));
    QVERIFY(a_theory->details().contains(QStringLiteral("fc1.weight")));
}

void TestComparison::analysis_tab_computes_b_analysis() {
    QVERIFY(!comparison()->start_preset(QStringLiteral("course_xavier")));
    window_->tabs()->setCurrentIndex(3);  // Propagation
    QVERIFY(wait_for_b());
    const auto analysis = comparison()->b()->exploration()->analysis();
    QVERIFY(analysis);
    QCOMPARE(analysis->generation, comparison()->b()->exploration()->generation());
    auto* b_propagation =
        qobject_cast<PropagationTab*>(comparison()->page(3)->view(ComparisonSide::B));
    QVERIFY(b_propagation);
    QVERIFY(b_propagation->status().contains(QStringLiteral("batch")));
    // Each std-vs-depth plot also shows the other side's a and ∂L/∂a, named by its letter.
    auto* a_propagation =
        qobject_cast<PropagationTab*>(comparison()->page(3)->view(ComparisonSide::A));
    QVERIFY(QTest::qWaitFor([a_propagation] {
        const DepthPlot* plot = a_propagation->std_plot();
        return plot->series_count() > 0 &&
               plot->graph(plot->series_count() - 2)->name() == QStringLiteral("B: a (pre)");
    }));
    const DepthPlot* a_std = a_propagation->std_plot();
    QCOMPARE(a_std->graph(a_std->series_count() - 1)->name(), QStringLiteral("B: ∂L/∂a"));
    const QCPGraph* b_pre = a_std->graph(a_std->series_count() - 2);
    QCOMPARE(b_pre->data()->size(), 5);
    QCOMPARE(b_pre->data()->at(0)->value, analysis->probe->layers[0].pre.stddev);
    const DepthPlot* b_std = b_propagation->std_plot();
    QCOMPARE(b_std->graph(b_std->series_count() - 2)->name(), QStringLiteral("A: a (pre)"));
    comparison()->stop();
    for (int i = 0; i < a_std->series_count(); ++i)
        QVERIFY(!a_std->graph(i)->name().startsWith(QStringLiteral("B: ")));
}

void TestComparison::stop_gives_the_window_back() {
    QWidget* overview = window_->tabs()->widget(0);
    QVERIFY(!comparison()->start_snapshot());
    comparison()->set_edited(ComparisonSide::B);
    comparison()->stop_action()->trigger();
    QVERIFY(!comparison()->active());
    QVERIFY(!comparison()->b());
    QCOMPARE(window_->tabs()->widget(0), overview);
    QVERIFY(qobject_cast<LayersTab*>(window_->tabs()->widget(1)));
    QVERIFY(qobject_cast<TheoryTab*>(window_->tabs()->widget(2)));
    QCOMPARE(window_->findChildren<NetworkPanel*>().size(), 1);
    QCOMPARE(window_->findChildren<SamplingToolbar*>().size(), 1);
    QCOMPARE(window_->findChildren<OverviewTab*>().size(), 1);
    QCOMPARE(qobject_cast<OverviewTab*>(overview)->density_plot()->curve_count(), 2);
    QCOMPARE(window_->left_splitter()->indexOf(window_->network_panel()), 0);
    QCOMPARE(window_->left_splitter()->indexOf(window_->parameter_panel()), 1);
    QVERIFY(window_->network_panel()->isVisible());
    QCOMPARE(comparison()->undo_group()->activeStack(),
             window_->exploration()->document()->undo_stack());
    auto* theory = qobject_cast<TheoryTab*>(window_->tabs()->widget(2));
    QCOMPARE(theory->view()->model(), theory->model());
    QVERIFY(!window_->windowTitle().contains(QStringLiteral("B:")));
    QVERIFY(!comparison()->swap_action()->isEnabled());
    // The window still refreshes its own views.
    window_->tabs()->setCurrentIndex(0);
    QSignalSpy painted(window_.get(), &MainWindow::refreshPainted);
    LayerTableModel* model = window_->network_panel()->model();
    QVERIFY(model->setData(model->index(1, LayerTableModel::WeightScheme),
                           QStringLiteral("xavier_normal")));
    QVERIFY(painted.wait(10000));
}

void TestComparison::bad_b_file_changes_nothing() {
    const std::optional<QString> error =
        comparison()->start_file(QStringLiteral("/nonexistent/b.json"));
    QVERIFY(error);
    QVERIFY2(error->contains(QStringLiteral("b.json")), qPrintable(*error));
    QVERIFY(!comparison()->active());
    QVERIFY(qobject_cast<OverviewTab*>(window_->tabs()->widget(0)));
    QCOMPARE(window_->findChildren<NetworkPanel*>().size(), 1);
    // Compare → Compare with a File… shows the reason; a good file then compares.
    QString chosen = QStringLiteral("/nonexistent/b.json"), shown;
    window_->prompts().open_file = [&](QWidget*, const QString&, const QString&) { return chosen; };
    window_->prompts().error = [&](QWidget*, const QString&, const QString& message) {
        shown = message;
    };
    auto* action = window_->findChild<QAction*>(QStringLiteral("action_compare_file"));
    QVERIFY(action);
    action->trigger();
    QVERIFY2(shown.contains(QStringLiteral("b.json")), qPrintable(shown));
    QVERIFY(!comparison()->active());
    chosen = QStringLiteral(INITSCOPE_SOURCE_DIR "/resources/presets/course_xavier.json");
    action->trigger();
    QVERIFY(comparison()->active());
    QCOMPARE(comparison()->b()->document()->display_name(), QStringLiteral("course_xavier.json"));
}

void TestComparison::save_b_writes_b_config() {
    QVERIFY(!comparison()->start_preset(QStringLiteral("course_xavier")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b_saved"));
    window_->prompts().save_file = [&](QWidget*, const QString&, const QString& suggested,
                                       const QString&) {
        [&] { QCOMPARE(suggested, QStringLiteral("course_xavier.json")); }();
        return path;
    };
    QVERIFY(comparison()->save_b_as());
    NetworkDocument reread;
    QVERIFY(!reread.open(path + QStringLiteral(".json")));
    QVERIFY(reread.network() == comparison()->b()->document()->network());
    QCOMPARE(comparison()->page(0)->header(ComparisonSide::B)->text(),
             QStringLiteral("B — b_saved.json"));
    // A is untouched.
    QCOMPARE(window_->exploration()->document()->display_name(), QStringLiteral("course.json"));
}

void TestComparison::export_of_a_compared_tab_shows_both_sides() {
    QVERIFY(!comparison()->start_preset(QStringLiteral("course_xavier")));
    window_->tabs()->setCurrentIndex(0);
    QVERIFY(wait_for_b());
    QWidget* tab = window_->current_plot_tab();
    QCOMPARE(tab, comparison()->page(0));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("compare.png"));
    const ExportOptions options;  // the tab's size on screen
    const std::optional<QString> error = PlotExporter::save(tab, path, options);
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    const QImage image(path);
    QCOMPARE(image.size(), tab->size());
    // Both headers are in the picture: A's colour in its left half, B's in its right half.
    auto has_colour = [&image](QColor colour, int x0, int x1) {
        for (int y = 0; y < image.height() / 4; y += 2)
            for (int x = x0; x < x1; x += 4)
                if (image.pixelColor(x, y).rgb() == colour.rgb()) return true;
        return false;
    };
    const int half = image.width() / 2;
    QVERIFY(has_colour(side_color(ComparisonSide::A), 0, half));
    QVERIFY(!has_colour(side_color(ComparisonSide::A), half + 20, image.width()));
    QVERIFY(has_colour(side_color(ComparisonSide::B), half, image.width()));
    QVERIFY(!has_colour(side_color(ComparisonSide::B), 0, half - 20));
}

void TestComparison::a_new_b_replaces_the_old_one() {
    QVERIFY(!comparison()->start_snapshot());
    SecondSetup* b = comparison()->b();
    QVERIFY(!comparison()->start_preset(QStringLiteral("course_xavier")));
    QCOMPARE(comparison()->b(), b);  // the same set-up, a new network
    QCOMPARE(b->document()->display_name(), QStringLiteral("course_xavier.json"));
    QCOMPARE(comparison()->page(1)->header(ComparisonSide::B)->text(),
             QStringLiteral("B — course_xavier.json"));
    QCOMPARE(window_->findChildren<NetworkPanel*>().size(), 2);
    QVERIFY(window_->windowTitle().contains(QStringLiteral("B: course_xavier.json")));
}

QTEST_MAIN(TestComparison)
#include "tst_comparison.moc"
