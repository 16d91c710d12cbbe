// LayerTableModel over a NetworkDocument: edits through setData, layer operations that keep the
// network chained, undo that restores the network and its tensors exactly (issue 3).
#include "core/io/preset_library.h"
#include "core/model/materializer.h"
#include "core/model/network_validation.h"
#include "core/schemes/scheme_registry.h"
#include "ui/document/network_document.h"
#include "ui/panels/layer_table_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <cstring>
#include <memory>

using namespace initscope;

namespace {

Network course() {
    ConfigFile::Result preset = PresetLibrary::load("course");
    if (!preset) qFatal("course preset: %s", preset.error.c_str());
    return *preset.network;
}

/// Byte equality of every tensor (NaN-safe, unlike float ==).
}  // namespace

class TestLayerTableModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void shows_layers();
    void flags_allow_only_meaningful_edits();
    void scheme_edit_through_model();
    void shape_edit_rechains_next_layer();
    void rename_and_activation();
    void invalid_edit_is_refused_and_keeps_state();
    void too_large_network_is_refused();
    void layer_operations_keep_chaining_data();
    void layer_operations_keep_chaining();
    void apply_to_all_is_one_undo_step();
    void undo_restores_network_and_tensors_bit_for_bit();
    void merged_edits_undo_in_one_step();
    void modified_follows_clean_state();
    void grouped_conv_shape_overflow_is_refused_issue_9_defect_8();

private:
    std::unique_ptr<NetworkDocument> document_;
    std::unique_ptr<LayerTableModel> model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
};

void TestLayerTableModel::init() {
    document_ = std::make_unique<NetworkDocument>();
    QVERIFY(!document_->reset(course(), QStringLiteral("course.json")));
    model_ = std::make_unique<LayerTableModel>(document_.get());
    tester_ = std::make_unique<QAbstractItemModelTester>(
        model_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestLayerTableModel::cleanup() {
    tester_.reset();
    model_.reset();
    document_.reset();
}

void TestLayerTableModel::shows_layers() {
    QCOMPARE(model_->rowCount(), 5);
    QCOMPARE(model_->columnCount(), int(LayerTableModel::ColumnCount));
    QCOMPARE(model_->index(1, LayerTableModel::Name).data().toString(), QStringLiteral("fc1"));
    QCOMPARE(model_->index(1, LayerTableModel::Shape).data().toString(),
             QStringLiteral("100 × 100"));
    QCOMPARE(model_->index(1, LayerTableModel::FanIn).data().toLongLong(), 100);
    QCOMPARE(model_->index(4, LayerTableModel::FanOut).data().toLongLong(), 2);
    QCOMPARE(model_->index(1, LayerTableModel::WeightScheme).data(Qt::EditRole).toString(),
             QStringLiteral("torch_default"));
    // The table shows the display name the combos show; the key is what an edit writes.
    QCOMPARE(model_->index(1, LayerTableModel::WeightScheme).data().toString(),
             QStringLiteral("PyTorch default"));
    // PyTorch's default weight: U(±1/√fan_in), σ = 1/√(3·100).
    QCOMPARE(model_->index(1, LayerTableModel::WeightStd).data().toString(),
             QStringLiteral("0.05774"));
}

void TestLayerTableModel::flags_allow_only_meaningful_edits() {
    auto editable = [this](int row, int column) {
        return bool(model_->flags(model_->index(row, column)) & Qt::ItemIsEditable);
    };
    QVERIFY(editable(0, LayerTableModel::Shape));
    QVERIFY(editable(1, LayerTableModel::Shape));
    QVERIFY(editable(1, LayerTableModel::WeightScheme));
    QVERIFY(editable(1, LayerTableModel::BiasScheme));
    QVERIFY(!editable(1, LayerTableModel::FanIn));
    QVERIFY(!editable(1, LayerTableModel::Kind));
}

void TestLayerTableModel::scheme_edit_through_model() {
    QSignalSpy changed(model_.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(model_->setData(model_->index(1, LayerTableModel::WeightScheme),
                            QStringLiteral("xavier_normal")));
    QCOMPARE(document_->network().layers[1].weight_init,
             SchemeRegistry::defaults(SchemeId::XavierNormal));
    QCOMPARE(document_->undo_stack()->count(), 1);
    QCOMPARE(document_->undo_stack()->text(0), QStringLiteral("fc1 weight → xavier_normal"));
    QVERIFY(changed.count() >= 1);
    // σ = √(2/(100+100)) = 0.1
    QCOMPARE(model_->index(1, LayerTableModel::WeightStd).data().toString(), QStringLiteral("0.1"));
    QVERIFY(!model_->setData(model_->index(1, LayerTableModel::WeightScheme),
                             QStringLiteral("no_such")));
}

void TestLayerTableModel::shape_edit_rechains_next_layer() {
    // fc1's weight is [out, in]: 50 outputs, and fc2's input follows.
    QVERIFY(model_->setData(model_->index(1, LayerTableModel::Shape), QStringLiteral("50 × 100")));
    const Network& n = document_->network();
    QCOMPARE(n.layers[1].out, 50);
    QCOMPARE(n.layers[2].in, 50);
    QVERIFY(NetworkValidation::problems(n).empty());
    QCOMPARE(model_->index(2, LayerTableModel::Shape).data().toString(),
             QStringLiteral("100 × 50"));
    // The first layer's input is the network's input: free to change (input_shape follows).
    QVERIFY(model_->setData(model_->index(0, LayerTableModel::Shape), QStringLiteral("100x784")));
    QCOMPARE(document_->network().layers[0].in, 784);
    QVERIFY(NetworkValidation::problems(document_->network()).empty());
    // Elsewhere the input is the previous layer's output.
    QSignalSpy refused(document_.get(), &NetworkDocument::editRefused);
    QVERIFY(!model_->setData(model_->index(2, LayerTableModel::Shape), QStringLiteral("100 × 60")));
    QVERIFY(!model_->setData(model_->index(2, LayerTableModel::Shape), QStringLiteral("100")));
    QVERIFY(!model_->setData(model_->index(2, LayerTableModel::Shape), QStringLiteral("a × 50")));
    QCOMPARE(refused.count(), 3);
    QCOMPARE(document_->undo_stack()->count(), 2);
}

void TestLayerTableModel::rename_and_activation() {
    QVERIFY(model_->setData(model_->index(2, LayerTableModel::Name), QStringLiteral("hidden")));
    QCOMPARE(document_->network().layers[2].name, std::string("hidden"));
    QVERIFY(model_->setData(model_->index(2, LayerTableModel::Activation), QStringLiteral("tanh")));
    QCOMPARE(document_->network().layers[2].activation, Activation::Tanh);
    QVERIFY(
        !model_->setData(model_->index(2, LayerTableModel::Activation), QStringLiteral("swish")));
    QVERIFY(!model_->setData(model_->index(2, LayerTableModel::Name), QStringLiteral("  ")));
}

void TestLayerTableModel::invalid_edit_is_refused_and_keeps_state() {
    const Network before = document_->network();
    QSignalSpy refused(document_.get(), &NetworkDocument::editRefused);
    QVERIFY(!model_->setData(model_->index(1, LayerTableModel::Shape), QStringLiteral("0 × 100")));
    QVERIFY(!model_->setData(model_->index(2, LayerTableModel::Name), QStringLiteral("fc1")));
    QCOMPARE(refused.count(), 2);
    QVERIFY(document_->network() == before);
    QCOMPARE(document_->undo_stack()->count(), 0);
}

void TestLayerTableModel::too_large_network_is_refused() {
    const Network before = document_->network();
    document_->set_memory_budget(MemoryBudget(int64_t(128) << 20));  // a 64 MiB limit
    QSignalSpy refused(document_.get(), &NetworkDocument::editRefused);
    // 100 × 10^6 weights in fc1 and 10^6 × 100 in fc2: 2·10^8 floats, far above 64 MiB.
    QVERIFY(!model_->setData(model_->index(1, LayerTableModel::Shape),
                             QStringLiteral("1000000 × 100")));
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.front().front().toString().contains(QStringLiteral("MiB")));
    QVERIFY(document_->network() == before);
    // An absurd size must not overflow into a "small" network.
    QVERIFY(!model_->setData(model_->index(1, LayerTableModel::Shape),
                             QStringLiteral("4000000000000000000 × 100")));
    QVERIFY(document_->network() == before);
}

void TestLayerTableModel::layer_operations_keep_chaining_data() {
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("expected_rows");
    for (int row : {0, 2, 4}) {
        QTest::addRow("add after %d", row) << "add" << row << 6;
        QTest::addRow("remove %d", row) << "remove" << row << 4;
        QTest::addRow("duplicate %d", row) << "duplicate" << row << 6;
    }
    QTest::addRow("move 4 up") << "up" << 4 << 5;
    QTest::addRow("move 0 down") << "down" << 0 << 5;
    QTest::addRow("move 1 down") << "down" << 1 << 5;
}

void TestLayerTableModel::layer_operations_keep_chaining() {
    QFETCH(QString, operation);
    QFETCH(int, row);
    QFETCH(int, expected_rows);
    const Network before = document_->network();
    bool ok = false;
    if (operation == "add") ok = model_->add_layer(row) == row + 1;
    if (operation == "remove") ok = model_->remove_layer(row);
    if (operation == "duplicate") ok = model_->duplicate_layer(row) == row + 1;
    if (operation == "up") ok = model_->move_layer(row, -1) == row - 1;
    if (operation == "down") ok = model_->move_layer(row, +1) == row + 1;
    QVERIFY(ok);
    QCOMPARE(model_->rowCount(), expected_rows);
    const Network& after = document_->network();
    const std::vector<std::string> problems = NetworkValidation::problems(after);
    QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());
    QCOMPARE(after.layers.front().in, before.layers.front().in);  // input size kept
    for (size_t i = 1; i < after.layers.size(); ++i)
        QCOMPARE(after.layers[i].in, after.layers[i - 1].out);
    for (int r = 0; r < model_->rowCount(); ++r)
        QCOMPARE(model_->index(r, LayerTableModel::Name).data().toString(),
                 QString::fromStdString(after.layers[size_t(r)].name));
    document_->undo_stack()->undo();
    QVERIFY(document_->network() == before);
    QCOMPARE(model_->rowCount(), 5);
}

void TestLayerTableModel::apply_to_all_is_one_undo_step() {
    const Network before = document_->network();
    QVERIFY(
        model_->apply_to_all(TensorRole::Weight, SchemeRegistry::defaults(SchemeId::XavierNormal)));
    QVERIFY(model_->apply_to_all(TensorRole::Bias, SchemeRegistry::defaults(SchemeId::Zeros)));
    QCOMPARE(document_->undo_stack()->count(), 2);
    for (const Layer& l : document_->network().layers) {
        QCOMPARE(l.weight_init.scheme(), SchemeId::XavierNormal);
        QCOMPARE(l.bias_init.scheme(), SchemeId::Zeros);
    }
    // eye_ does not fit a bias (1-D): refused, nothing changes.
    const Network applied = document_->network();
    QVERIFY(!model_->apply_to_all(TensorRole::Bias, SchemeRegistry::defaults(SchemeId::Eye)));
    QVERIFY(document_->network() == applied);
    document_->undo_stack()->undo();
    document_->undo_stack()->undo();
    QVERIFY(document_->network() == before);
}

void TestLayerTableModel::undo_restores_network_and_tensors_bit_for_bit() {
    const Network before = document_->network();
    const Parameters tensors_before = Materializer::materialize(before);
    QVERIFY(model_->setData(model_->index(1, LayerTableModel::WeightScheme),
                            QStringLiteral("xavier_normal")));
    QVERIFY(
        model_->setData(model_->index(4, LayerTableModel::BiasScheme), QStringLiteral("zeros")));
    QVERIFY(model_->setData(model_->index(2, LayerTableModel::Shape), QStringLiteral("64 × 100")));
    QVERIFY(model_->add_layer(0) == 1);
    QVERIFY(model_->remove_layer(3));
    const Network edited = document_->network();
    QVERIFY(!bitwise_equal(Materializer::materialize(edited), tensors_before));
    while (document_->undo_stack()->canUndo()) document_->undo_stack()->undo();
    QVERIFY(document_->network() == before);
    QCOMPARE(model_->rowCount(), 5);
    QVERIFY(bitwise_equal(Materializer::materialize(document_->network()), tensors_before));
    while (document_->undo_stack()->canRedo()) document_->undo_stack()->redo();
    QVERIFY(document_->network() == edited);
}

void TestLayerTableModel::merged_edits_undo_in_one_step() {
    const Network before = document_->network();
    Network n = before;
    n.layers[1].weight_init = SchemeRegistry::defaults(SchemeId::Normal);
    QVERIFY(document_->edit(n, QStringLiteral("fc1 weight → normal")));
    for (double std : {0.2, 0.3, 0.4}) {  // a slider drag
        n.layers[1].weight_init.set("std", std);
        QVERIFY(document_->edit(n, QStringLiteral("fc1 weight std → %1").arg(std),
                                QStringLiteral("fc1.weight.std")));
    }
    QCOMPARE(document_->undo_stack()->count(), 2);
    document_->end_merge();  // slider released
    n.layers[1].weight_init.set("std", 0.5);
    QVERIFY(document_->edit(n, QStringLiteral("fc1 weight std → 0.5"),
                            QStringLiteral("fc1.weight.std")));
    QCOMPARE(document_->undo_stack()->count(), 3);
    document_->undo_stack()->undo();
    QCOMPARE(document_->network().layers[1].weight_init.number("std"), 0.4);
    document_->undo_stack()->undo();
    QCOMPARE(document_->network().layers[1].weight_init.number("std"), 1.0);
    document_->undo_stack()->undo();
    QVERIFY(document_->network() == before);
}

void TestLayerTableModel::modified_follows_clean_state() {
    QSignalSpy modified(document_.get(), &NetworkDocument::modifiedChanged);
    QVERIFY(!document_->is_modified());
    QVERIFY(model_->setData(model_->index(1, LayerTableModel::Shape), QStringLiteral("60 × 100")));
    QVERIFY(document_->is_modified());
    document_->undo_stack()->undo();
    QVERIFY(!document_->is_modified());
    QCOMPARE(modified.count(), 2);
}

// Issue 9, defect 8: "4 x 4611686018427387904 x 3 x 3" typed into a grouped conv's Shape cell
// overflowed (in = 2^62 · groups = 2^63, weight count 4 · 2^62 · 9) under UBSan. Every size
// product is checked now: the edit is refused with a message and the network is kept.
void TestLayerTableModel::grouped_conv_shape_overflow_is_refused_issue_9_defect_8() {
    Network network;
    network.input_shape = std::vector<int64_t>{4, 8, 8};
    for (const char* name : {"c1", "c2"}) {
        Layer conv;
        conv.name = name;
        conv.kind = LayerKind::Conv2d;
        conv.in = conv.out = 4;
        conv.kernel_size = {3, 3};
        conv.groups = 2;
        network.layers.push_back(conv);
    }
    QVERIFY(NetworkValidation::problems(network).empty());
    QVERIFY(!document_->reset(network, QStringLiteral("grouped.json")));
    QSignalSpy refused(document_.get(), &NetworkDocument::editRefused);
    // The first layer's input is free (the network's input), so only the overflow can refuse it;
    // the second layer's input is fixed, and the overflow must still be seen first.
    for (int row : {0, 1}) {
        QVERIFY(!model_->setData(model_->index(row, LayerTableModel::Shape),
                                 QStringLiteral("4 x 4611686018427387904 x 3 x 3")));
        QVERIFY(refused.last().front().toString().contains(QStringLiteral("64-bit")));
    }
    QCOMPARE(refused.count(), 2);
    QVERIFY(document_->network() == network);
    QCOMPARE(document_->undo_stack()->count(), 0);
    // Only the input count (2^62 · 2 groups) overflows here: refused as well.
    QVERIFY(!model_->setData(model_->index(0, LayerTableModel::Shape),
                             QStringLiteral("1 x 4611686018427387904 x 1 x 1")));
    QVERIFY(document_->network() == network);
}

QTEST_MAIN(TestLayerTableModel)
#include "tst_layer_table_model.moc"
