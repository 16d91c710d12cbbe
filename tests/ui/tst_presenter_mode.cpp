// Presenter mode (issue 11): F5 folds the window into the plots and a strip, Esc restores it;
// the strip edits the selected tensor through the undo stack; the zoom steps the application
// font within 100–300 %; B blacks the screen until a key; the themes; 18 px text at 1280×720.
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/main_window.h"
#include "ui/panels/network_panel.h"
#include "ui/panels/sampling_toolbar.h"
#include "ui/presenter/blackout_overlay.h"
#include "ui/presenter/presenter_mode.h"
#include "ui/presenter/presenter_strip.h"
#include "ui/presenter/theme.h"
#include "ui/presenter/view_zoom.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <memory>

using namespace initscope;

class TestPresenterMode : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void f5_folds_the_window_and_esc_restores_it();
    void full_screen_and_back_restores_the_geometry();
    void menu_shortcuts_work_while_the_menu_bar_is_hidden();
    void strip_follows_the_selected_tensor();
    void strip_scheme_change_is_one_undoable_edit();
    void strip_parameter_and_seed_are_edits();
    void strip_takes_lesson_controls();
    void zoom_steps_clamp_and_set_the_application_font();
    void b_blacks_the_screen_until_a_key_or_click();
    void dark_theme_is_dark_and_system_restores();
    void presenter_text_is_at_least_18_px_at_1280x720();
    void zoom_and_theme_are_remembered();
    void narrow_strip_wraps_instead_of_widening_the_window();

private:
    PresenterMode* presenter() const { return window_->presenter(); }
    NetworkDocument* document() const { return window_->exploration()->document(); }
    void enter_with_f5();

    std::unique_ptr<MainWindow> window_;
    QFont original_font_;
};

void TestPresenterMode::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("InitScopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_presenter_mode"));
    QSettings().clear();
    original_font_ = QApplication::font();
}

void TestPresenterMode::init() {
    window_ = std::make_unique<MainWindow>();
    QVERIFY(!window_->load_preset(QStringLiteral("course")));
    presenter()->set_full_screen(false);  // the offscreen screen is not 1280×720
    window_->resize(1280, 720);
    window_->show();
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
}

void TestPresenterMode::cleanup() {
    presenter()->set_active(false);
    presenter()->zoom()->reset();
    presenter()->theme()->set_kind(Theme::Kind::System);
    document()->undo_stack()->setClean();  // no "save changes?" on close
    window_.reset();
    QSettings().clear();
    QCOMPARE(QApplication::font(), original_font_);
}

void TestPresenterMode::enter_with_f5() {
    QSignalSpy changed(presenter(), &PresenterMode::activeChanged);
    QTest::keyClick(window_.get(), Qt::Key_F5);
    QVERIFY(presenter()->active());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toBool(), true);
}

void TestPresenterMode::f5_folds_the_window_and_esc_restores_it() {
    window_->network_panel()->view()->setFocus();
    auto* sampling = window_->findChild<SamplingToolbar*>();
    QVERIFY(sampling);
    QVERIFY(window_->menuBar()->isVisible());
    QVERIFY(window_->left_splitter()->isVisible());
    QVERIFY(!presenter()->strip()->isVisible());
    const QSize tabs_before = window_->tabs()->size();

    enter_with_f5();
    QVERIFY(!window_->menuBar()->isVisible());
    QVERIFY(!window_->statusBar()->isVisible());
    QVERIFY(!sampling->isVisible());
    QVERIFY(!window_->left_splitter()->isVisible());
    QVERIFY(presenter()->strip()->isVisible());
    QVERIFY(window_->tabs()->isVisible());
    QTRY_VERIFY(window_->tabs()->width() > tabs_before.width());  // the plots take the width
    QVERIFY(presenter()->toggle_action()->isChecked());
    QWidget* focus = QApplication::focusWidget();  // the keys go to the plots
    QVERIFY(focus == window_->tabs() || window_->tabs()->isAncestorOf(focus));

    QTest::keyClick(window_.get(), Qt::Key_Escape);
    QVERIFY(!presenter()->active());
    QVERIFY(window_->menuBar()->isVisible());
    QVERIFY(window_->statusBar()->isVisible());
    QVERIFY(sampling->isVisible());
    QVERIFY(window_->left_splitter()->isVisible());
    QVERIFY(!presenter()->strip()->isVisible());
    QVERIFY(!presenter()->toggle_action()->isChecked());
    QTRY_COMPARE(window_->tabs()->size(), tabs_before);

    // Esc outside presenter mode is left to the widgets (it is no window shortcut then).
    QTest::keyClick(window_.get(), Qt::Key_Escape);
    QVERIFY(!presenter()->active());
    // F5 toggles.
    QTest::keyClick(window_.get(), Qt::Key_F5);
    QVERIFY(presenter()->active());
    QTest::keyClick(window_.get(), Qt::Key_F5);
    QVERIFY(!presenter()->active());
}

void TestPresenterMode::full_screen_and_back_restores_the_geometry() {
    presenter()->set_full_screen(true);
    const QRect before = window_->geometry();
    presenter()->set_active(true);
    QVERIFY(window_->windowState() & Qt::WindowFullScreen);
    presenter()->set_active(false);
    QVERIFY(!(window_->windowState() & Qt::WindowFullScreen));
    QTRY_COMPARE(window_->geometry(), before);
}

void TestPresenterMode::menu_shortcuts_work_while_the_menu_bar_is_hidden() {
    presenter()->set_active(true);
    QTest::keyClick(window_.get(), Qt::Key_3, Qt::ControlModifier);  // View → the third tab
    QCOMPARE(window_->tabs()->currentIndex(), 2);
    QVERIFY(
        document()->edit(NetworkEdits::set_seed(document()->network(), 7), QStringLiteral("s")));
    QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);  // Edit → Undo
    QCOMPARE(document()->network().seed, uint64_t(0));
    presenter()->set_active(false);
    // Leaving takes back only what entering added: the window's own actions stay.
    QVERIFY(window_->actions().contains(presenter()->toggle_action()));
    QTest::keyClick(window_.get(), Qt::Key_Y, Qt::ControlModifier);  // Edit → Redo, from the menu
    QCOMPARE(document()->network().seed, uint64_t(7));
}

void TestPresenterMode::strip_follows_the_selected_tensor() {
    PresenterStrip* strip = presenter()->strip();
    window_->network_panel()->select_tensor(4, TensorRole::Bias);
    QCOMPARE(strip->layer(), 4);
    QCOMPARE(strip->tensor_label()->text(), QStringLiteral("output.bias"));
    QCOMPARE(strip->scheme_combo()->currentText(), QStringLiteral("PyTorch default"));
    QVERIFY(strip->parameter_spin()->isHidden());  // PyTorch default has no parameter
    QCOMPARE(strip->seed_edit()->text(), QStringLiteral("0"));
    window_->network_panel()->select_tensor(1, TensorRole::Weight);
    QCOMPARE(strip->tensor_label()->text(), QStringLiteral("fc1.weight"));
    // Display names, as in the parameter panel's combo.
    QVERIFY(strip->scheme_combo()->findText(QStringLiteral("Xavier / Glorot normal")) >= 0);
}

void TestPresenterMode::strip_scheme_change_is_one_undoable_edit() {
    enter_with_f5();
    window_->network_panel()->select_tensor(1, TensorRole::Weight);
    QComboBox* schemes = presenter()->strip()->scheme_combo();
    const int xavier = schemes->findText(QStringLiteral("Xavier / Glorot normal"));
    QVERIFY(xavier >= 0);
    const int steps = document()->undo_stack()->count();
    schemes->setCurrentIndex(xavier);
    emit schemes->activated(xavier);  // as a click on the item does
    QCOMPARE(document()->network().layers[1].weight_init.scheme(), SchemeId::XavierNormal);
    QCOMPARE(document()->undo_stack()->count(), steps + 1);
    QCOMPARE(document()->undo_stack()->undoText(), QStringLiteral("fc1 weight → xavier_normal"));
    // The strip now offers the scheme's parameter.
    QCOMPARE(presenter()->strip()->parameter_label()->text(), QStringLiteral("gain"));
    QVERIFY(presenter()->strip()->parameter_spin()->isVisible());

    document()->undo_stack()->undo();
    QCOMPARE(document()->network().layers[1].weight_init.scheme(), SchemeId::TorchDefault);
    QCOMPARE(schemes->currentText(), QStringLiteral("PyTorch default"));  // it follows undo
    QVERIFY(presenter()->strip()->parameter_spin()->isHidden());
}

void TestPresenterMode::strip_parameter_and_seed_are_edits() {
    PresenterStrip* strip = presenter()->strip();
    window_->network_panel()->select_tensor(2, TensorRole::Weight);
    QVERIFY(document()->edit(
        NetworkEdits::set_scheme(document()->network(), 2, TensorRole::Weight, SchemeId::Normal),
        QStringLiteral("normal")));
    // Normal's main parameter is std (not its first, mean).
    QCOMPARE(strip->parameter_label()->text(), QStringLiteral("std"));
    QCOMPARE(strip->parameter_spin()->value(), 1.0);
    const int steps = document()->undo_stack()->count();
    for (double std : {0.5, 0.2, 0.1}) strip->parameter_spin()->setValue(std);  // arrow steps
    emit strip->parameter_spin()->editingFinished();
    QCOMPARE(document()->network().layers[2].weight_init.number("std"), 0.1);
    QCOMPARE(document()->undo_stack()->count(), steps + 1);  // merged into one step

    strip->seed_edit()->setText(QStringLiteral("12345"));
    emit strip->seed_edit()->editingFinished();
    QCOMPARE(document()->network().seed, uint64_t(12345));
    strip->seed_edit()->setText(QStringLiteral("-"));
    emit strip->seed_edit()->editingFinished();
    QCOMPARE(document()->network().seed, uint64_t(12345));
    QCOMPARE(strip->seed_edit()->text(), QStringLiteral("12345"));
    QVERIFY(!strip->message_label()->isHidden());
    QVERIFY(strip->message_label()->text().contains(QStringLiteral("whole number")));

    strip->resample_button()->click();
    QVERIFY(document()->network().seed != uint64_t(12345));
    QCOMPARE(strip->seed_edit()->text(), QString::number(qint64(document()->network().seed)));
    QVERIFY(strip->message_label()->isHidden());
}

void TestPresenterMode::strip_takes_lesson_controls() {
    PresenterStrip* strip = presenter()->strip();
    auto* first = new QPushButton(QStringLiteral("Next step"));
    strip->set_lesson_controls(first);
    QVERIFY(strip->isAncestorOf(first));
    QPointer<QPushButton> replaced = first;
    auto* second = new QLabel(QStringLiteral("Step 2 of 9"));
    strip->set_lesson_controls(second);
    QVERIFY(replaced.isNull());  // deleted
    QCOMPARE(strip->lesson_controls(), second);
    presenter()->set_active(true);
    QVERIFY(second->isVisible());
}

void TestPresenterMode::zoom_steps_clamp_and_set_the_application_font() {
    ViewZoom* zoom = presenter()->zoom();
    const double base = QApplication::font().pointSizeF();
    QCOMPARE(zoom->percent(), 100);
    QTest::keyClick(window_.get(), Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(zoom->percent(), 110);
    QCOMPARE(QApplication::font().pointSizeF(), base * 1.1);
    QCOMPARE(window_->tabs()->tabBar()->font().pointSizeF(), base * 1.1);  // widgets follow
    QTest::keyClick(window_.get(), Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(zoom->percent(), 100);
    QVERIFY(!zoom->zoom_out_action()->isEnabled());
    zoom->set_percent(50);
    QCOMPARE(zoom->percent(), 100);
    for (int i = 0; i < 30; ++i) zoom->zoom_in();
    QCOMPARE(zoom->percent(), 300);
    QVERIFY(!zoom->zoom_in_action()->isEnabled());
    QCOMPARE(QApplication::font().pointSizeF(), base * 3);
    zoom->set_percent(1000);
    QCOMPARE(zoom->percent(), 300);
    QTest::keyClick(window_.get(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(zoom->percent(), 100);
    QCOMPARE(QApplication::font(), original_font_);
}

void TestPresenterMode::b_blacks_the_screen_until_a_key_or_click() {
    BlackoutOverlay* blackout = presenter()->blackout();
    QTest::keyClick(window_.get(), Qt::Key_B);  // not in presenter mode: nothing
    QVERIFY(!blackout->isVisible());
    presenter()->set_active(true);
    QTest::keyClick(window_.get(), Qt::Key_B);
    QVERIFY(blackout->isVisible());
    QCOMPARE(blackout->geometry(), window_->rect());
    QCOMPARE(blackout->grab().toImage().pixelColor(blackout->width() / 2, blackout->height() / 2),
             QColor(Qt::black));
    // Esc only brings the picture back; presenter mode stays.
    QTest::keyClick(blackout, Qt::Key_Escape);
    QVERIFY(!blackout->isVisible());
    QVERIFY(presenter()->active());
    QTest::keyClick(window_.get(), Qt::Key_Period);
    QVERIFY(blackout->isVisible());
    QTest::mouseClick(blackout, Qt::LeftButton);
    QVERIFY(!blackout->isVisible());
    QTest::keyClick(window_.get(), Qt::Key_B);
    QVERIFY(blackout->isVisible());
    presenter()->set_active(false);  // leaving uncovers
    QVERIFY(!blackout->isVisible());
}

void TestPresenterMode::dark_theme_is_dark_and_system_restores() {
    const QPalette system = QApplication::palette();
    const auto darker = [](const QPalette& p, QPalette::ColorRole back, QPalette::ColorRole text) {
        return p.color(back).lightness() < p.color(text).lightness();
    };
    presenter()->theme()->set_kind(Theme::Kind::Dark);
    QPalette palette = window_->tabs()->palette();  // the widgets get it
    QVERIFY(darker(palette, QPalette::Window, QPalette::WindowText));
    QVERIFY(darker(palette, QPalette::Base, QPalette::Text));
    QVERIFY(palette.color(QPalette::Base).lightness() < 32);
    QVERIFY(palette.color(QPalette::Text).lightness() > 224);
    QVERIFY(presenter()->theme()->actions()->actions().at(2)->isChecked());

    presenter()->theme()->set_kind(Theme::Kind::Light);
    palette = window_->tabs()->palette();
    QVERIFY(!darker(palette, QPalette::Base, QPalette::Text));
    QCOMPARE(palette.color(QPalette::Base), QColor(Qt::white));
    QVERIFY(palette.color(QPalette::Text).lightness() < 32);

    presenter()->theme()->actions()->actions().at(0)->trigger();  // View → Theme → System
    QCOMPARE(presenter()->theme()->kind(), Theme::Kind::System);
    QCOMPARE(QApplication::palette().color(QPalette::Base), system.color(QPalette::Base));
    QCOMPARE(QApplication::palette().color(QPalette::Text), system.color(QPalette::Text));
}

void TestPresenterMode::presenter_text_is_at_least_18_px_at_1280x720() {
    window_->network_panel()->select_tensor(1, TensorRole::Weight);
    QVERIFY(document()->edit(NetworkEdits::set_scheme(document()->network(), 1, TensorRole::Weight,
                                                      SchemeId::XavierNormal),
                             QStringLiteral("xavier")));
    presenter()->strip()->set_lesson_controls(new QLabel(QStringLiteral("Step 1 of 9")));
    const int normal_pixels = QFontInfo(window_->tabs()->tabBar()->font()).pixelSize();
    presenter()->set_active(true);
    QCOMPARE(window_->size(), QSize(1280, 720));
    QList<QWidget*> shown = presenter()->strip()->findChildren<QWidget*>();
    shown << window_->tabs()->tabBar();
    int checked = 0;
    for (QWidget* widget : shown) {
        if (!widget->isVisible()) continue;
        ++checked;
        const int pixels = QFontInfo(widget->font()).pixelSize();
        QVERIFY2(pixels >= ViewZoom::kPresenterPixels,
                 qPrintable(QStringLiteral("%1 (%2): %3 px")
                                .arg(widget->metaObject()->className(), widget->objectName())
                                .arg(pixels)));
    }
    QVERIFY(checked >= 8);  // name, scheme, parameter, seed, resample, lesson, the tab bar, …
    // The strip fits the window: nothing is pushed into the tool bar's "»" menu.
    QVERIFY(presenter()->strip()->width() <= window_->width());
    QVERIFY(presenter()->strip()->lesson_controls()->isVisible());
    // In one row at 1280 px, after Resample.
    QVERIFY(!presenter()->strip()->two_rows());
    const auto left_in_strip = [this](QWidget* w) {
        return w->mapTo(presenter()->strip(), QPoint(0, 0)).x();
    };
    QTRY_VERIFY(left_in_strip(presenter()->strip()->resample_button()) +
                    presenter()->strip()->resample_button()->width() <=
                left_in_strip(presenter()->strip()->lesson_controls()));

    presenter()->set_active(false);
    window_->resize(1920, 1080);  // a taller screen: the same share of its height, 27 px
    presenter()->set_active(true);
    QVERIFY(QFontInfo(window_->tabs()->tabBar()->font()).pixelSize() >= 27);
    presenter()->set_active(false);
    window_->resize(1280, 720);
    presenter()->set_active(true);
    presenter()->zoom()->set_percent(150);  // zoom in presenter mode multiplies the floor
    QVERIFY(QFontInfo(window_->tabs()->tabBar()->font()).pixelSize() >= 27);
    presenter()->set_active(false);  // leaving: the normal text at the zoom
    QCOMPARE(QApplication::font().pointSizeF(), original_font_.pointSizeF() * 1.5);
    presenter()->zoom()->reset();
    QCOMPARE(QFontInfo(window_->tabs()->tabBar()->font()).pixelSize(), normal_pixels);
}

void TestPresenterMode::zoom_and_theme_are_remembered() {
    presenter()->zoom()->set_percent(130);  // not remembered yet: not stored
    QVERIFY(!QSettings().contains(QStringLiteral("view/zoom_percent")));
    presenter()->zoom()->reset();
    presenter()->set_remembered(true);
    presenter()->zoom()->set_percent(150);
    presenter()->theme()->set_kind(Theme::Kind::Dark);
    QCOMPARE(QSettings().value(QStringLiteral("view/zoom_percent")).toInt(), 150);
    // The next window starts from the original font and palette (not stored: no longer kept).
    presenter()->set_remembered(false);
    presenter()->zoom()->reset();
    presenter()->theme()->set_kind(Theme::Kind::System);
    document()->undo_stack()->setClean();
    window_ = std::make_unique<MainWindow>();
    QCOMPARE(presenter()->zoom()->percent(), 100);  // not read until asked
    presenter()->set_remembered(true);
    QCOMPARE(presenter()->zoom()->percent(), 150);
    QCOMPARE(presenter()->theme()->kind(), Theme::Kind::Dark);
    QVERIFY(Theme::palette(Theme::Kind::Dark).color(QPalette::Base) ==
            QApplication::palette().color(QPalette::Base));
    presenter()->set_remembered(false);  // cleanup's reset is not stored
}

void TestPresenterMode::narrow_strip_wraps_instead_of_widening_the_window() {
    window_->resize(1024, 768);
    auto* controls = new QPushButton(QStringLiteral("◀ Previous   Step 3 of 12   Next ▶"));
    presenter()->strip()->set_lesson_controls(controls);
    presenter()->set_active(true);
    presenter()->zoom()->set_percent(150);
    QTRY_VERIFY(presenter()->strip()->two_rows());
    QCOMPARE(window_->width(), 1024);
    QVERIFY(controls->isVisible());
    const QRect in_window(controls->mapTo(window_.get(), QPoint(0, 0)), controls->size());
    QVERIFY(window_->rect().contains(in_window));
    presenter()->zoom()->reset();  // 100 %, 1280 px: one row again
    window_->resize(1280, 720);
    QTRY_VERIFY(!presenter()->strip()->two_rows());
}

QTEST_MAIN(TestPresenterMode)
#include "tst_presenter_mode.moc"
