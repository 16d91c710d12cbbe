// NetworkPanel at the width the window gives it at 1024 px: every action visible (none behind the
// toolbar's "»"); after "Weight → all" a note says why layers whose scheme did not change are
// drawn anew; the table names schemes as the combos do.
#include "core/io/preset_library.h"
#include "ui/document/network_document.h"
#include "ui/panels/layer_table_model.h"
#include "ui/panels/network_panel.h"

#include <QAction>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolBar>

using namespace initscope;

class TestNetworkPanel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void every_action_visible_when_narrow();
    void apply_to_all_explains_the_draw_order();

private:
    std::unique_ptr<NetworkDocument> document_;
    std::unique_ptr<NetworkPanel> panel_;
};

void TestNetworkPanel::init() {
    document_ = std::make_unique<NetworkDocument>();
    ConfigFile::Result course = PresetLibrary::load("course");
    QVERIFY(course);
    QVERIFY(!document_->reset(*course.network, QStringLiteral("course.json")));
    panel_ = std::make_unique<NetworkPanel>(document_.get());
    panel_->resize(340, 400);  // a third of a 1024-px window
    panel_->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel_.get()));
    panel_->select_tensor(1, TensorRole::Weight);
}

void TestNetworkPanel::cleanup() {
    panel_.reset();
    document_.reset();
}

void TestNetworkPanel::every_action_visible_when_narrow() {
    QList<QAction*> actions = panel_->layer_actions();
    actions << panel_->apply_weights_to_all_action() << panel_->apply_biases_to_all_action();
    for (QAction* action : actions) {
        QWidget* button = nullptr;
        for (QToolBar* bar : panel_->findChildren<QToolBar*>())
            if (QWidget* w = bar->widgetForAction(action)) button = w;
        QVERIFY2(button != nullptr, qPrintable(action->text()));
        QVERIFY2(button->isVisible(), qPrintable(action->text() + " is behind »"));
        QVERIFY2(button->geometry().right() < button->parentWidget()->width(),
                 qPrintable(action->text()));
    }
    QCOMPARE(panel_->model()->index(0, LayerTableModel::WeightScheme).data().toString(),
             QStringLiteral("PyTorch default"));
}

void TestNetworkPanel::apply_to_all_explains_the_draw_order() {
    QSignalSpy status(panel_.get(), &NetworkPanel::statusMessage);
    QVERIFY(panel_->draw_order_note()->isHidden());
    panel_->apply_weights_to_all_action()->trigger();
    QCOMPARE(status.count(), 1);
    QLabel* note = panel_->draw_order_note();
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("drawn again in order from the seed")),
             qPrintable(note->text()));
    QCOMPARE(status[0][0].toString(), note->text());
    // The next edit is not an "→ all": the note goes.
    QVERIFY(panel_->model()->setData(panel_->model()->index(2, LayerTableModel::Name),
                                     QStringLiteral("hidden2")));
    QVERIFY(note->isHidden());
}

QTEST_MAIN(TestNetworkPanel)
#include "tst_network_panel.moc"
