// The Weights tab (issue 13, part 2): a checkpoint's tensors as a tree grouped by name prefix with
// a filter by name or shape, the selected tensor's statistics and fingerprint exactly as
// CheckpointAnalysis computes them, a refused file that changes nothing but says its one line,
// and an analysis that goes selected-tensor first and stops when cancelled.
#include "core/io/checkpoint.h"
#include "core/io/checkpoint_analysis.h"
#include "core/io/checkpoint_names.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/fingerprint_verdict.h"
#include "core/stats/number_format.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/main_window.h"
#include "ui/plots/depth_plot.h"
#include "ui/weights/fingerprint_table_model.h"
#include "ui/weights/opened_checkpoint.h"
#include "ui/weights/role_overview.h"
#include "ui/weights/tensor_detail.h"
#include "ui/weights/weight_histogram_plot.h"
#include "ui/weights/weights_controller.h"
#include "ui/weights/weights_tab.h"
#include "ui/weights/weights_tree_model.h"
#include "ui/weights/weights_worker.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUrl>

#include <cstring>
#include <random>

using namespace initscope;

namespace {

struct FakeTensor {
    std::string name;
    std::vector<int64_t> shape;
    double std = 0.02;
};

/// Writes a safetensors file of float32 tensors drawn from N(0, std²) (a local generator).
void write_safetensors(const QString& path, const std::vector<FakeTensor>& tensors) {
    QJsonObject header;
    QByteArray data;
    std::mt19937 generator(7);
    for (const FakeTensor& t : tensors) {
        int64_t n = 1;
        for (int64_t d : t.shape) n *= d;
        std::normal_distribution<float> normal(0.0f, float(t.std));
        const qsizetype begin = data.size();
        for (int64_t i = 0; i < n; ++i) {
            const float v = normal(generator);
            data.append(reinterpret_cast<const char*>(&v), sizeof v);
        }
        QJsonArray shape;
        for (int64_t d : t.shape) shape.append(qint64(d));
        header.insert(
            QString::fromStdString(t.name),
            QJsonObject{{"dtype", "F32"},
                        {"shape", shape},
                        {"data_offsets", QJsonArray{qint64(begin), qint64(data.size())}}});
    }
    const QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const quint64 length = quint64(json.size());
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = char((length >> (8 * i)) & 0xff);
    file.write(bytes, 8);
    file.write(json);
    file.write(data);
}

/// A small LLaMA-like model: layers written 0, 10, 1 (the tree orders them 0, 1, 10).
std::vector<FakeTensor> llama_like() {
    std::vector<FakeTensor> t{{"model.embed_tokens.weight", {32, 16}}};
    for (int layer : {0, 10, 1}) {
        const std::string prefix = "model.layers." + std::to_string(layer) + ".";
        t.push_back({prefix + "self_attn.q_proj.weight", {16, 16}, 0.02 * (1 + layer)});
        t.push_back({prefix + "mlp.up_proj.weight", {48, 16}});
        t.push_back({prefix + "input_layernorm.weight", {16}});
    }
    t.push_back({"model.norm.weight", {16}});
    t.push_back({"lm_head.weight", {32, 16}});
    return t;
}

std::unique_ptr<OpenedCheckpoint> opened(const QString& path) {
    std::string error;
    std::optional<Checkpoint> checkpoint = Checkpoint::open(path, &error);
    if (!checkpoint) return nullptr;
    auto result = std::make_unique<OpenedCheckpoint>();
    result->path = path;
    result->checkpoint = std::make_shared<const Checkpoint>(std::move(*checkpoint));
    return result;
}

QStringList child_labels(const QAbstractItemModel& model, const QModelIndex& parent) {
    QStringList labels;
    for (int row = 0; row < model.rowCount(parent); ++row)
        labels << model.index(row, 0, parent).data().toString();
    return labels;
}

QModelIndex child(const QAbstractItemModel& model, const QModelIndex& parent,
                  const QString& label) {
    for (int row = 0; row < model.rowCount(parent); ++row)
        if (model.index(row, 0, parent).data().toString() == label)
            return model.index(row, 0, parent);
    return {};
}

/// Leaves (tensor names) under `parent` of a (filtered) tree model.
QStringList leaves(const QAbstractItemModel& model, const QModelIndex& parent = {}) {
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data(WeightsTreeModel::kTensorRole).toInt() >= 0)
            names << index.data(Qt::ToolTipRole).toString();
        names << leaves(model, index);
    }
    return names;
}

int index_of(const Checkpoint& checkpoint, const std::string& name) {
    for (size_t i = 0; i < checkpoint.tensors().size(); ++i)
        if (checkpoint.tensors()[i].name == name) return int(i);
    return -1;
}

}  // namespace

class TestWeightsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void names_give_tree_paths_and_roles() {
        using Path = std::vector<std::string>;
        QCOMPARE(CheckpointNames::tree_path("model.layers.0.mlp.up_proj.weight"),
                 (Path{"model", "layers", "0", "mlp", "up_proj.weight"}));
        QCOMPARE(CheckpointNames::tree_path("fc1.weight"), Path{"fc1.weight"});
        QCOMPARE(CheckpointNames::tree_path("w"), Path{"w"});
        const auto role = CheckpointNames::role_of("model.layers.12.self_attn.q_proj.weight");
        QVERIFY(role);
        QCOMPARE(role->role, std::string("model.layers.*.self_attn.q_proj.weight"));
        QCOMPARE(role->depth, 12);
        const auto fc = CheckpointNames::role_of("fc2.bias");
        QVERIFY(fc);
        QCOMPARE(fc->role, std::string("fc*.bias"));
        QCOMPARE(fc->depth, 2);
        QVERIFY(!CheckpointNames::role_of("model.norm.weight"));
        QVERIFY(!CheckpointNames::role_of("model.layers.99999999999.w"));  // past an int
    }

    void tree_groups_by_prefix_and_filters() {
        const QString path = dir_.filePath("llama.safetensors");
        write_safetensors(path, llama_like());
        std::unique_ptr<OpenedCheckpoint> checkpoint = opened(path);
        QVERIFY(checkpoint);
        WeightsTab tab;
        tab.set_checkpoint(std::move(checkpoint));
        QAbstractItemModelTester tester(tab.tree_model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QAbstractItemModel& tree = *tab.tree_model();
        QCOMPARE(child_labels(tree, {}), (QStringList{"model", "lm_head.weight"}));
        const QModelIndex model = child(tree, {}, "model");
        QCOMPARE(child_labels(tree, model),
                 (QStringList{"embed_tokens.weight", "layers", "norm.weight"}));
        const QModelIndex layers = child(tree, model, "layers");
        QCOMPARE(child_labels(tree, layers), (QStringList{"0", "1", "10"}));  // numeric order
        const QModelIndex layer0 = child(tree, layers, "0");
        QCOMPARE(child_labels(tree, layer0),
                 (QStringList{"self_attn", "mlp", "input_layernorm.weight"}));
        const QModelIndex up = child(tree, child(tree, layer0, "mlp"), "up_proj.weight");
        QCOMPARE(tree.index(up.row(), WeightsTreeModel::Shape, up.parent()).data().toString(),
                 QString("48 × 16"));
        QCOMPARE(tree.index(up.row(), WeightsTreeModel::Dtype, up.parent()).data().toString(),
                 QString("float32"));
        // A group counts its tensors and values.
        QCOMPARE(
            tree.index(layers.row(), WeightsTreeModel::Numel, layers.parent()).data().toString(),
            QString("3,120"));  // 3 × (256 + 768 + 16)

        // Filter by name: the q_proj tensors and the groups above them, nothing else.
        tab.filter()->setText("q_proj");
        const QAbstractItemModel& shown = *tab.filtered_model();
        QCOMPARE(leaves(shown), (QStringList{"model.layers.0.self_attn.q_proj.weight",
                                             "model.layers.1.self_attn.q_proj.weight",
                                             "model.layers.10.self_attn.q_proj.weight"}));
        QCOMPARE(child_labels(shown, {}), QStringList{"model"});
        // By shape, as typed: "48x" finds the 48 × 16 up_proj tensors only; "32x16" the
        // embedding and the head; case does not matter.
        tab.filter()->setText("48x");
        QCOMPARE(leaves(shown).size(), 3);
        for (const QString& name : leaves(shown)) QVERIFY(name.endsWith("mlp.up_proj.weight"));
        tab.filter()->setText("32X16");
        QCOMPARE(leaves(shown), (QStringList{"model.embed_tokens.weight", "lm_head.weight"}));
        tab.filter()->setText("no such tensor");
        QCOMPARE(shown.rowCount(), 0);
        // Selecting a tensor the filter hides clears the filter.
        tab.select_tensor_index(0);
        QVERIFY(tab.filter()->text().isEmpty());
        QCOMPARE(tab.selected_tensor(), 0);
    }

    void selected_tensor_shows_its_analysis() {
        const QString path = dir_.filePath("llama.safetensors");
        write_safetensors(path, llama_like());
        std::unique_ptr<OpenedCheckpoint> checkpoint = opened(path);
        QVERIFY(checkpoint);
        const std::shared_ptr<const Checkpoint> shared = checkpoint->checkpoint;
        WeightsTab tab;
        WeightsWorker worker;
        connect(&worker, &WeightsWorker::analysed, &tab, &WeightsTab::tensor_analysed);
        tab.set_checkpoint(std::move(checkpoint));
        QSignalSpy finished(&worker, &WeightsWorker::finished);
        worker.analyse(shared);
        QVERIFY(finished.wait(30000));
        QVERIFY(!worker.busy());

        const int q = index_of(*shared, "model.layers.10.self_attn.q_proj.weight");
        QVERIFY(q >= 0);
        tab.select_tensor_index(q);
        QCOMPARE(tab.detail()->shown_tensor(), q);
        QVERIFY(tab.detail()->plot_shown());
        const CheckpointTensorAnalysis expected =
            CheckpointAnalysis::analyse_one(*shared, shared->tensors()[size_t(q)]);
        // The verdict, the table and the plot say what CheckpointAnalysis computed.
        QCOMPARE(
            tab.detail()->verdict()->text(),
            QString::fromStdString(shared->tensors()[size_t(q)].name + ": " +
                                   FingerprintVerdict::of(expected.fingerprint, expected.stats)));
        const FingerprintTableModel& table = *tab.detail()->fingerprint();
        QCOMPARE(table.rowCount(), int(expected.fingerprint.matches.size()) + 2);
        for (int row = 0; row < int(expected.fingerprint.matches.size()); ++row) {
            const InitFingerprint::Match& m = expected.fingerprint.matches[size_t(row)];
            QCOMPARE(table.index(row, FingerprintTableModel::Scheme).data().toString(),
                     QString::fromStdString(SchemeRegistry::info(m.scheme).display_name));
            QCOMPARE(table.index(row, FingerprintTableModel::Ks).data().toString(),
                     QString::fromStdString(NumberFormat::short_number(m.ks, 2)));
        }
        const WeightHistogramPlot& plot = *tab.detail()->plot();
        QVERIFY(plot.title().startsWith("model.layers.10.self_attn.q_proj.weight — "));
        QVERIFY(plot.stats_text().contains("n = 256"));
        QCOMPARE(plot.bars()->data()->size(), CheckpointAnalysis::kHistogramBins);
        for (int bin = 0; bin < CheckpointAnalysis::kHistogramBins; ++bin)
            QCOMPARE(plot.bars()->data()->at(bin)->value,
                     double(expected.histogram.counts()[size_t(bin)]));
        QVERIFY(!plot.theory_curve()->data()->isEmpty());  // the best fit's density
        QVERIFY(plot.fresh_curve()->data()->isEmpty());
        tab.set_fresh_init(true);
        QVERIFY(!plot.fresh_curve()->data()->isEmpty());  // PyTorch's default, dotted
        // The tree row has its std and best fit.
        const QModelIndex row = tab.tree_model()->index_of_tensor(q);
        const QModelIndex best = row.sibling(row.row(), WeightsTreeModel::BestFit);
        QCOMPARE(
            best.data().toString(),
            QString::fromStdString(
                SchemeRegistry::info(expected.fingerprint.matches.front().scheme).display_name));

        // The role overview: q_proj at depths 0, 1, 10, its std rising with depth as drawn.
        RoleOverview& overview = *tab.overview();
        tab.refresh_overview();
        QVERIFY(overview.select_role("model.layers.*.self_attn.q_proj.weight"));
        const QCPGraph* std_graph = overview.std_plot()->graph(0);
        QVERIFY(std_graph);
        QCOMPARE(std_graph->data()->size(), 11);  // depths 0 … 10, gaps where no layer
        QCOMPARE(std_graph->data()->at(0)->key, 0.0);
        const double std0 = std_graph->data()->at(0)->value;
        const double std10 = std_graph->data()->at(10)->value;
        QVERIFY(std::isnan(std_graph->data()->at(5)->value));
        QCOMPARE(std10, expected.stats.stddev);
        QVERIFY(std10 > 5 * std0);  // drawn with 0.22 against 0.02
        // With the fresh init: PyTorch default's σ = 1/√(3·16) at every depth.
        QCOMPARE(overview.std_plot()->series_count(), 3);
        QCOMPARE(overview.std_plot()->graph(2)->data()->at(0)->value, 1 / std::sqrt(48.0));
    }

    void refused_file_changes_nothing_and_says_why() {
        MainWindow window;
        QVERIFY(!window.load_preset("course"));
        QStringList errors;
        window.prompts().error = [&](QWidget*, const QString&, const QString& message) {
            errors << message;
        };
        WeightsController& weights = *window.weights();
        auto* tab = window.findChild<WeightsTab*>();
        QVERIFY(tab);
        // A good file first: it stays shown when the next is refused.
        const QString good = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/course.npz");
        QSignalSpy opened(&weights, &WeightsController::opened);
        weights.open(good);
        QVERIFY(opened.wait(30000));
        QCOMPARE(window.tabs()->currentWidget(), tab);
        QTRY_VERIFY_WITH_TIMEOUT(!weights.busy(), 30000);
        const Network before = window.exploration()->document()->network();
        const QString bad = dir_.filePath("bad.safetensors");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray bytes(8, '\0');
        bytes[0] = char(0xff);
        bytes[1] = char(0xff);  // header length 65535, past the end
        file.write(bytes + QByteArray("{}"));
        file.close();
        std::string reason;
        QVERIFY(!Checkpoint::open(bad, &reason));
        window.tabs()->setCurrentIndex(0);
        QSignalSpy refused(&weights, &WeightsController::refused);
        weights.open(bad);
        QVERIFY(refused.wait(30000));
        QCOMPARE(errors, QStringList{QString::fromStdString(reason)});
        QCOMPARE(errors.front().count('\n'), 0);
        QVERIFY(errors.front().contains("header length 65535 runs past the end of the file"));
        QCOMPARE(tab->checkpoint()->path, good);
        QCOMPARE(window.tabs()->currentIndex(), 0);
        QVERIFY(window.exploration()->document()->network() == before);
        QVERIFY(!window.exploration()->document()->is_modified());
        QCOMPARE(opened.size(), 1);
    }

    void dropped_checkpoint_is_opened() {
        const auto mime_of = [](const QString& path) {
            auto mime = std::make_unique<QMimeData>();
            mime->setUrls({QUrl::fromLocalFile(path)});
            return mime;
        };
        for (const char* name : {"m.safetensors", "model.safetensors.index.json", "w.npz", "w.npy",
                                 "model.pt", "model.PTH"})
            QCOMPARE(WeightsController::dropped_checkpoint(mime_of(dir_.filePath(name)).get()),
                     dir_.filePath(name));
        // A config is the FileController's; a web address or two files are nobody's.
        QVERIFY(WeightsController::dropped_checkpoint(mime_of("net.json").get()).isEmpty());
        QMimeData web;
        web.setUrls({QUrl("https://example.org/model.safetensors")});
        QVERIFY(WeightsController::dropped_checkpoint(&web).isEmpty());

        MainWindow window;
        QVERIFY(!window.load_preset("course"));
        const QString npz = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/course.npz");
        const std::unique_ptr<QMimeData> mime = mime_of(npz);
        QDragEnterEvent enter(QPoint(200, 200), Qt::CopyAction, mime.get(), Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy opened(window.weights(), &WeightsController::opened);
        QDropEvent drop(QPointF(200, 200), Qt::CopyAction, mime.get(), Qt::LeftButton,
                        Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(opened.wait(30000));
        QCOMPARE(opened.at(0).at(0).toString(), npz);
        QCOMPARE(window.findChild<WeightsTab*>()->checkpoint()->tensor_count(), 10);
    }

    void analysis_goes_selected_first_and_stops_when_cancelled() {
        // 300 tensors of 40,000 values: seconds of work, so the cancel after the first
        // result comes long before the end.
        std::vector<FakeTensor> many;
        for (int i = 0; i < 300; ++i)
            many.push_back({"model.layers." + std::to_string(i) + ".w", {200, 200}});
        const QString path = dir_.filePath("many.safetensors");
        write_safetensors(path, many);
        std::unique_ptr<OpenedCheckpoint> checkpoint = opened(path);
        QVERIFY(checkpoint);
        WeightsWorker worker;
        QSignalSpy analysed(&worker, &WeightsWorker::analysed);
        QSignalSpy cancelled(&worker, &WeightsWorker::cancelled);
        QSignalSpy finished(&worker, &WeightsWorker::finished);
        const int selected = 299;
        worker.analyse(checkpoint->checkpoint, selected);
        QVERIFY(worker.analysing());
        QVERIFY(analysed.wait(30000));
        QCOMPARE(analysed.at(0).at(0).toInt(), selected);  // the selected tensor first
        worker.cancel();
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!worker.analysing());
        QVERIFY(!worker.busy());
        const qsizetype delivered = analysed.size();
        QTRY_VERIFY_WITH_TIMEOUT(worker.thread_idle(), 30000);  // the thread stopped
        QCoreApplication::processEvents();
        QCOMPARE(analysed.size(), delivered);  // nothing arrives after the cancel
        QCOMPARE(finished.size(), 0);
        QVERIFY(delivered < 300);
        // A new analysis after a cancel runs to its end.
        const QString small = dir_.filePath("llama.safetensors");
        write_safetensors(small, llama_like());
        worker.analyse(opened(small)->checkpoint);
        QVERIFY(finished.wait(30000));
    }

    void verdict_words() {
        InitFingerprint fingerprint;
        SampleStatistics stats;
        stats.n = 1'000'000;
        stats.mean = 1e-6;
        stats.stddev = 0.02;
        fingerprint.fit = {1e-6, 0.02, 0.004, 0.06};
        fingerprint.matches = {{SchemeId::KaimingNormal, 0.3, 0.0064, 3.125}};
        QCOMPARE(FingerprintVerdict::of(fingerprint, stats),
                 std::string("looks like N(0, 0.02²): KS 0.004 · std is 3.1× its Kaiming / He "
                             "normal value"));
        fingerprint.matches = {{SchemeId::TorchDefault, 0.005, 0.02, 1.0}};
        QCOMPARE(FingerprintVerdict::of(fingerprint, stats),
                 std::string("looks like PyTorch default: KS 0.005 (std 1× its value)"));
        fingerprint.matches.clear();
        fingerprint.fit = {0.5, 0.02, 0.3, 0.1};
        QCOMPARE(FingerprintVerdict::of(fingerprint, stats),
                 std::string("closest to U(0.47, 0.53): KS 0.1"));
        stats.stddev = 0;
        QCOMPARE(FingerprintVerdict::of(fingerprint, stats),
                 std::string("constant: every value is 1e-06"));
    }

private:
    QTemporaryDir dir_;
};

QTEST_MAIN(TestWeightsView)
#include "tst_weights_view.moc"
