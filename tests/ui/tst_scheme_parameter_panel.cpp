// SchemeParameterPanel as a new user meets it: a refused value is explained beneath its field in
// words, with no dialog, and the last valid value stays; kaiming's a is disabled unless the
// nonlinearity is leaky_relu; "Use the layer's activation" follows the layer; a typed std beyond
// the slider's comfortable range widens the slider instead of pinning it; σ² is shown beside σ;
// the default bias is not credited to He et al. 2015.
#include "core/io/preset_library.h"
#include "core/model/network_edits.h"
#include "core/schemes/scheme_registry.h"
#include "ui/document/network_document.h"
#include "ui/panels/scheme_parameter_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

using namespace initscope;

class TestSchemeParameterPanel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void refused_value_is_said_inline_and_kept();
    void kaiming_a_only_for_leaky_relu();
    void use_layer_activation_sets_leaky_relu_with_its_slope();
    void typed_std_widens_the_slider();
    void formula_shows_variance_and_bias_paper();

private:
    /// Sets layer `layer`'s `role` to `scheme` through the document.
    void set_scheme(int layer, TensorRole role, SchemeId scheme);
    const InitSpec& spec(int layer, TensorRole role) const {
        return document_->network().layers[size_t(layer)].init(role);
    }

    std::unique_ptr<NetworkDocument> document_;
    std::unique_ptr<SchemeParameterPanel> panel_;
};

void TestSchemeParameterPanel::init() {
    document_ = std::make_unique<NetworkDocument>();
    ConfigFile::Result course = PresetLibrary::load("course");
    QVERIFY(course);
    QVERIFY(!document_->reset(*course.network, QStringLiteral("course.json")));
    panel_ = std::make_unique<SchemeParameterPanel>(document_.get());
    panel_->resize(400, 800);
    panel_->show();
}

void TestSchemeParameterPanel::cleanup() {
    panel_.reset();
    document_.reset();
}

void TestSchemeParameterPanel::set_scheme(int layer, TensorRole role, SchemeId scheme) {
    QVERIFY(document_->edit(NetworkEdits::set_scheme(document_->network(), layer, role, scheme),
                            QStringLiteral("test")));
}

void TestSchemeParameterPanel::refused_value_is_said_inline_and_kept() {
    set_scheme(1, TensorRole::Bias, SchemeId::Uniform);
    QVERIFY(document_->edit(
        NetworkEdits::set_init_parameter(document_->network(), 1, TensorRole::Bias, "b", 0.5),
        QStringLiteral("b")));
    QVERIFY(document_->edit(
        NetworkEdits::set_init_parameter(document_->network(), 1, TensorRole::Bias, "a", 0.3),
        QStringLiteral("a")));
    panel_->show_tensor(1, TensorRole::Bias);
    QSignalSpy refused(document_.get(), &NetworkDocument::editRefused);
    QSignalSpy status(panel_.get(), &SchemeParameterPanel::statusMessage);
    const int steps = document_->undo_stack()->count();
    QDoubleSpinBox* a = panel_->spin_box(QStringLiteral("a"));
    QVERIFY(a);
    QVERIFY(panel_->refusal_label(QStringLiteral("a"))->isHidden());
    a->setValue(0.7);  // above b = 0.5

    // Said beneath the field, in words, and on the status bar; the document never refused (so
    // the window opens no dialog) and no message box exists.
    QLabel* message = panel_->refusal_label(QStringLiteral("a"));
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(),
             QStringLiteral("The lower bound a (0.7) must not exceed the upper bound b (0.5). "
                            "a stays 0.3."));
    QVERIFY(!message->text().contains(QStringLiteral("layers[")));
    QCOMPARE(status.count(), 1);
    QCOMPARE(status[0][0].toString(), message->text());
    QCOMPARE(refused.count(), 0);
    for (QWidget* w : QApplication::topLevelWidgets()) QVERIFY(!qobject_cast<QMessageBox*>(w));
    // The last valid value stays, in the network and in the field.
    QCOMPARE(spec(1, TensorRole::Bias).number("a"), 0.3);
    QCOMPARE(a->value(), 0.3);
    QCOMPARE(document_->undo_stack()->count(), steps);
    // A valid value clears the message.
    a->setValue(0.1);
    QCOMPARE(spec(1, TensorRole::Bias).number("a"), 0.1);
    QVERIFY(message->isHidden());
}

void TestSchemeParameterPanel::kaiming_a_only_for_leaky_relu() {
    set_scheme(1, TensorRole::Weight, SchemeId::KaimingUniform);  // fc1 is a relu layer
    QCOMPARE(spec(1, TensorRole::Weight).choice("nonlinearity"), std::string("relu"));
    panel_->show_tensor(1, TensorRole::Weight);
    QVERIFY(!panel_->spin_box(QStringLiteral("a"))->isEnabled());
    QVERIFY(!panel_->slider(QStringLiteral("a"))->isEnabled());
    QLabel* hint = panel_->hint_label(QStringLiteral("a"));
    QVERIFY(hint->isVisible());
    QCOMPARE(hint->text(), QStringLiteral("a is used only with leaky_relu"));
    // leaky_relu: a is calculate_gain's slope, and editable.
    QComboBox* nonlinearity = panel_->choice_box(QStringLiteral("nonlinearity"));
    const int leaky = nonlinearity->findData(QStringLiteral("leaky_relu"));
    nonlinearity->setCurrentIndex(leaky);
    emit nonlinearity->activated(leaky);
    QCOMPARE(spec(1, TensorRole::Weight).choice("nonlinearity"), std::string("leaky_relu"));
    QVERIFY(panel_->spin_box(QStringLiteral("a"))->isEnabled());
    QVERIFY(panel_->slider(QStringLiteral("a"))->isEnabled());
    QVERIFY(panel_->hint_label(QStringLiteral("a"))->isHidden());
}

void TestSchemeParameterPanel::use_layer_activation_sets_leaky_relu_with_its_slope() {
    set_scheme(2, TensorRole::Weight, SchemeId::KaimingNormal);  // relu: nonlinearity relu
    Network leaky = document_->network();
    leaky.layers[2].activation = Activation::LeakyRelu;
    leaky.layers[2].negative_slope = 0.2;
    QVERIFY(document_->edit(leaky, QStringLiteral("fc2 activation → leaky_relu")));
    panel_->show_tensor(2, TensorRole::Weight);
    QPushButton* follow = panel_->activation_button();
    QVERIFY(follow->isVisible());
    QVERIFY(follow->isEnabled());
    QVERIFY2(follow->text().contains(QStringLiteral("leaky_relu")), qPrintable(follow->text()));
    QTest::mouseClick(follow, Qt::LeftButton);
    QCOMPARE(spec(2, TensorRole::Weight).choice("nonlinearity"), std::string("leaky_relu"));
    QCOMPARE(spec(2, TensorRole::Weight).number("a"), 0.2);
    QVERIFY(!follow->isEnabled());  // it follows now
    QCOMPARE(panel_->spin_box(QStringLiteral("a"))->value(), 0.2);
    // A gain scheme: xavier's gain becomes calculate_gain('leaky_relu', 0.2).
    set_scheme(2, TensorRole::Weight, SchemeId::XavierNormal);
    QVERIFY(follow->isVisible() && follow->isEnabled());
    QTest::mouseClick(follow, Qt::LeftButton);
    QCOMPARE(spec(2, TensorRole::Weight).number("gain"), std::sqrt(2.0 / (1 + 0.2 * 0.2)));
    // No nonlinearity, no gain: no button.
    set_scheme(2, TensorRole::Weight, SchemeId::Normal);
    QVERIFY(follow->isHidden());
}

void TestSchemeParameterPanel::typed_std_widens_the_slider() {
    set_scheme(1, TensorRole::Weight, SchemeId::Normal);
    panel_->show_tensor(1, TensorRole::Weight);
    QDoubleSpinBox* std_box = panel_->spin_box(QStringLiteral("std"));
    QSlider* slider = panel_->slider(QStringLiteral("std"));
    std_box->setValue(5);
    QCOMPARE(spec(1, TensorRole::Weight).number("std"), 5.0);
    // Inside its range and not pinned at the end: [0, 10], at half.
    QVERIFY(slider->value() > slider->minimum());
    QVERIFY2(slider->value() < slider->maximum(), qPrintable(QString::number(slider->value())));
    QCOMPARE(slider->value(), (slider->minimum() + slider->maximum()) / 2);
    // Dragging from there moves std around 5, not back below 1.
    slider->setValue(slider->value() + 100);
    QCOMPARE(spec(1, TensorRole::Weight).number("std"), 6.0);
    // Back in the comfortable range: the fine [0, 1] slider again (0.05 is 50 of 1000 steps).
    std_box->setValue(0.05);
    QCOMPARE(slider->value(), 50);
}

void TestSchemeParameterPanel::formula_shows_variance_and_bias_paper() {
    set_scheme(1, TensorRole::Weight, SchemeId::XavierNormal);
    panel_->show_tensor(1, TensorRole::Weight);
    QVERIFY2(panel_->formula_label()->text().contains(QStringLiteral("σ = 0.1, σ² = 0.01")),
             qPrintable(panel_->formula_label()->text()));
    panel_->show_tensor(1, TensorRole::Bias);  // PyTorch default: U(±0.1), σ = 0.0577
    QVERIFY2(panel_->formula_label()->text().contains(QStringLiteral("σ = 0.05774, σ² = 0.003333")),
             qPrintable(panel_->formula_label()->text()));
    QVERIFY(!panel_->paper_label()->text().contains(QStringLiteral("He et al")));
    panel_->show_tensor(1, TensorRole::Weight);
    set_scheme(1, TensorRole::Weight, SchemeId::TorchDefault);
    QVERIFY(panel_->paper_label()->text().contains(QStringLiteral("He et al")));
}

QTEST_MAIN(TestSchemeParameterPanel)
#include "tst_scheme_parameter_panel.moc"
