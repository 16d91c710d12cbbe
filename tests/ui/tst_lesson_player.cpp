// LessonPlayer and LessonDock in the window: stepping applies a step's state (network as one
// undoable edit, tab, selection), the keys step through the lesson wherever the focus is except
// in widgets that use them, a question's answer appears on the next key press, and the dock's
// numbers are the summary's.
#include "core/io/lesson_library.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/lessons/lesson_dock.h"
#include "ui/lessons/lesson_markdown.h"
#include "ui/lessons/lesson_player.h"
#include "ui/main_window.h"
#include "ui/panels/histogram_options_bar.h"
#include "ui/panels/network_panel.h"
#include "ui/plots/histogram_plot.h"
#include "ui/tabs/layers_tab.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QFontInfo>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTest>

using namespace initscope;

namespace {

int tab_index(const char* name) {
    const std::vector<std::string>& tabs = LessonFile::tab_names();
    return int(std::find(tabs.begin(), tabs.end(), name) - tabs.begin());
}

}  // namespace

class TestLessonPlayer : public QObject {
    Q_OBJECT
private slots:
    void init() {
        window_ = std::make_unique<MainWindow>();
        QSignalSpy painted(window_.get(), &MainWindow::refreshPainted);
        QVERIFY(!window_->load_preset(QStringLiteral("course")));
        window_->resize(1280, 720);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QVERIFY(painted.count() > 0 || painted.wait(10000));
        player_ = window_->lessons();
        QVERIFY(player_ != nullptr);
        QVERIFY(!player_->open(QStringLiteral("xavier_kaiming")));
    }
    void cleanup() {
        window_->exploration()->document()->undo_stack()->setClean();
        window_.reset();
    }

    void opening_shows_the_first_step() {
        QVERIFY(player_->active());
        QCOMPARE(player_->step_index(), 0);
        QVERIFY(player_->dock()->isVisible());
        QCOMPARE(window_->tabs()->currentIndex(), tab_index("overview"));
        QCOMPARE(player_->dock()->step_title_label()->text(), QString("The network"));
        QVERIFY(player_->dock()->text_label()->text().contains("100 → 2"));
        QCOMPARE(player_->dock()->position_label()->text(), QString("Step 1 of 14"));
        // Projector-sized text.
        QVERIFY(QFontInfo(player_->dock()->text_label()->font()).pixelSize() >=
                LessonDock::kMinTextPx);
        // At 1280 px the dock takes the side panels' room (F9 brings them back).
        QVERIFY(!window_->left_splitter()->isVisible());
        auto* side = window_->findChild<QAction*>(QStringLiteral("action_side_panels"));
        QVERIFY(side != nullptr && !side->isChecked());
        QVERIFY(window_->width() <= 1280);
        // The course network was shown already: the first step pushes no edit.
        QCOMPARE(window_->exploration()->document()->undo_stack()->count(), 0);
    }

    void the_xavier_step_is_one_undoable_edit() {
        const std::vector<LessonStep>& steps = player_->lesson().steps;
        const int xavier = int(std::find_if(steps.begin(), steps.end(),
                                            [](const LessonStep& s) {
                                                return s.title == "Xavier normal on every weight";
                                            }) -
                               steps.begin());
        QVERIFY(xavier < int(steps.size()));
        NetworkDocument* document = window_->exploration()->document();
        player_->go_to(xavier);
        for (const Layer& layer : document->network().layers) {
            QCOMPARE(layer.weight_init.scheme(), SchemeId::XavierNormal);
            QCOMPARE(layer.bias_init.scheme(), SchemeId::TorchDefault);
        }
        QCOMPARE(window_->tabs()->currentIndex(), tab_index("layers"));
        QCOMPARE(window_->network_panel()->current_layer(), 1);  // fc1.weight
        QCOMPARE(window_->network_panel()->current_role(), TensorRole::Weight);
        QCOMPARE(document->undo_stack()->count(), 1);
        QVERIFY(document->undo_stack()->undoText().contains("Xavier normal on every weight"));
        QCOMPARE(document->display_name(), QString("course.json"));  // an edit, not a reset
        QAction* undo = nullptr;                                     // Edit → Undo
        for (QAction* action : window_->findChildren<QAction*>())
            if (action->shortcut() == QKeySequence(QKeySequence::Undo)) undo = action;
        QVERIFY(undo != nullptr && undo->isEnabled());
        undo->trigger();
        for (const Layer& layer : document->network().layers)
            QCOMPARE(layer.weight_init.scheme(), SchemeId::TorchDefault);
        // Stepping back to the start shows the course network again, without a new edit.
        player_->first();
        QCOMPARE(document->network(),
                 *LessonLibrary::load("xavier_kaiming").lesson->steps[0].network);
    }

    void the_output_bias_step_shows_its_two_spikes() {
        player_->go_to(3);
        QCOMPARE(player_->current_step()->select->label(), std::string("output.bias"));
        auto* layers = window_->findChild<LayersTab*>();
        QCOMPARE(window_->tabs()->currentWidget(), layers);
        QCOMPARE(window_->network_panel()->current_layer(), 4);
        QCOMPARE(window_->network_panel()->current_role(), TensorRole::Bias);
        // Scrolled into view (queued until the tab is laid out).
        QTRY_VERIFY(!layers->bias_plot(4)->visibleRegion().isEmpty());
    }

    void keys_step_and_reveal_the_answer() {
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        QWidget* plots = window_->tabs()->currentWidget();
        plots->setFocus();
        QTest::keyClick(plots, Qt::Key_Right);
        QCOMPARE(player_->step_index(), 1);  // "All weights, all biases": it asks a question
        QLabel* answer = player_->dock()->answer_label();
        QVERIFY(player_->dock()->question_label()->isVisible());
        QVERIFY(!answer->isVisible());
        QTest::keyClick(plots, Qt::Key_Space);
        QCOMPARE(player_->step_index(), 1);
        QVERIFY(player_->revealed());
        QVERIFY(answer->isVisible());
        QVERIFY(answer->text().contains("10,000 weights"));
        QTest::keyClick(player_->dock(), Qt::Key_PageDown);  // the dock has the keys too
        QCOMPARE(player_->step_index(), 2);
        QTest::keyClick(plots, Qt::Key_End);
        QCOMPARE(player_->step_index(), player_->step_count() - 1);
        QTest::keyClick(plots, Qt::Key_Left);
        QCOMPARE(player_->step_index(), player_->step_count() - 2);
        QTest::keyClick(plots, Qt::Key_Home);
        QCOMPARE(player_->step_index(), 0);
    }

    void onward_keeps_own_changes_and_back_restores_the_lesson() {
        NetworkDocument* document = window_->exploration()->document();
        player_->go_to(2);
        QVERIFY(document->edit(NetworkEdits::set_seed(document->network(), 5), "seed 5"));
        player_->next();  // a step without network or edits: the teacher's change stays
        QCOMPARE(player_->step_index(), 3);
        QCOMPARE(document->network().seed, uint64_t(5));
        player_->previous();  // back: the lesson's own state
        QCOMPARE(document->network().seed, uint64_t(0));
        document->undo_stack()->undo();  // ... and the change is one Undo away
        QCOMPARE(document->network().seed, uint64_t(5));
    }

    void keys_stay_with_spin_boxes_and_tables() {
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        player_->go_to(2);  // the Layers tab
        QSpinBox* bins = window_->findChild<LayersTab*>()->options_bar()->bins_spin();
        bins->setFocus();
        QCOMPARE(QApplication::focusWidget(), bins);
        QTest::keyClick(bins, Qt::Key_Right);
        QTest::keyClick(bins, Qt::Key_Space);
        QCOMPARE(player_->step_index(), 2);
        QWidget* table = window_->network_panel()->findChild<QAbstractItemView*>();
        QVERIFY(table != nullptr);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Right);
        QTest::keyClick(table, Qt::Key_End);
        QCOMPARE(player_->step_index(), 2);
    }

    void placeholders_show_the_summary_numbers() {
        const std::vector<LessonStep>& steps = player_->lesson().steps;
        const int check = int(
            std::find_if(steps.begin(), steps.end(),
                         [](const LessonStep& s) { return s.title == "Checking the variance"; }) -
            steps.begin());
        QSignalSpy arrived(window_->exploration(), &Exploration::resultArrived);
        player_->go_to(check);
        QVERIFY(arrived.wait(10000));
        const std::shared_ptr<const NetworkSummary> summary = window_->exploration()->summary();
        const auto fc1 =
            std::find_if(summary->tensors.begin(), summary->tensors.end(),
                         [](const TensorSummary& t) { return t.label() == "fc1.weight"; });
        QVERIFY(fc1 != summary->tensors.end());
        QCOMPARE(fc1->spec.scheme(), SchemeId::XavierNormal);
        const QString text = player_->dock()->text_label()->text();
        const QString variance =
            QString::fromStdString(NumberFormat::short_number(fc1->stats.variance, 4));
        QVERIFY2(text.contains("var " + variance + " against 0.01"), qPrintable(text));
        QVERIFY(text.contains("10,000 values"));
        QVERIFY(!text.contains("{var:"));
    }

    void markdown_subset_becomes_rich_text() {
        QCOMPARE(LessonMarkdown::to_html("**b** and *i* `x_1`\n\n- one\n- two\n\n<tag> 2 * 3"),
                 QString("<p><b>b</b> and <i>i</i> <code>x_1</code></p><ul><li>one</li><li>two</li>"
                         "</ul><p>&lt;tag&gt; 2 * 3</p>"));
    }

    void closing_hides_the_dock_and_a_restored_layout_keeps_it_hidden() {
        player_->close();
        QVERIFY(!player_->active());
        QVERIFY(!player_->dock()->isVisible());
        player_->dock()->show();  // as restoreState does with a layout saved during a lesson
        QTRY_VERIFY(!player_->dock()->isVisible());
    }

    void a_bad_lesson_file_is_refused_and_the_lesson_goes_on() {
        const std::optional<QString> error = player_->open(QStringLiteral("/nonexistent/l.json"));
        QVERIFY(error.has_value());
        QVERIFY(!error->contains('\n'));
        QVERIFY(player_->active());
        QCOMPARE(player_->lesson().title, std::string("Xavier and Kaiming initializations"));
    }

private:
    std::unique_ptr<MainWindow> window_;
    LessonPlayer* player_ = nullptr;
};

QTEST_MAIN(TestLessonPlayer)
#include "tst_lesson_player.moc"
