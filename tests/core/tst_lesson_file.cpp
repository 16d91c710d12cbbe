// LessonFile, LessonLibrary and LessonText: the shipped lessons read and play (every step's
// edits apply to the network it shows), and every bad input is one line naming its place.
#include "core/io/lesson_file.h"
#include "core/io/lesson_library.h"
#include "core/io/lesson_text.h"
#include "core/io/preset_library.h"
#include "core/model/materializer.h"
#include "core/schemes/scheme_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace initscope;

namespace {

/// A lesson with one step whose body is `step` (JSON object members, without braces).
QByteArray one_step(const char* step) {
    return QByteArray(R"({"title": "T", "steps": [{"title": "S", )") + step + "}]}";
}

std::string error_of(const QByteArray& json) {
    const LessonFile::Result result = LessonFile::parse(json, "bad.json", QString());
    if (result) return "(no error)";
    return result.error;
}

/// The network step `index` of `lesson` shows, as the player builds it.
Network network_of(const Lesson& lesson, int index) {
    int from = index;
    while (from > 0 && !lesson.steps[size_t(from)].network) --from;
    Network network = *lesson.steps[size_t(from)].network;
    for (int i = from; i <= index; ++i)
        for (const LessonEdit& edit : lesson.steps[size_t(i)].edits) {
            NetworkEdits::Result result = edit.apply(network);
            if (!result) qFatal("%s", result.error.c_str());
            network = *result.network;
        }
    return network;
}

}  // namespace

class TestLessonFile : public QObject {
    Q_OBJECT
private slots:
    void the_three_lessons_are_shipped_in_teaching_order() {
        QCOMPARE(
            LessonLibrary::names(),
            (std::vector<std::string>{"xavier_kaiming", "vanishing_exploding", "edge_of_chaos"}));
        QCOMPARE(LessonLibrary::title("xavier_kaiming"),
                 std::string("Xavier and Kaiming initializations"));
        for (const std::string& name : LessonLibrary::names()) {
            const LessonFile::Result result = LessonLibrary::load(name);
            QVERIFY2(result, result.error.c_str());
            QVERIFY(result.lesson->steps.size() >= 5);
            QVERIFY(result.lesson->steps.front().network.has_value());  // a lesson starts somewhere
            for (const LessonStep& step : result.lesson->steps) {
                QVERIFY(!step.title.empty());
                QVERIFY(!step.text.empty() || !step.question.empty());
                QVERIFY(step.tab >= 0);
            }
        }
    }

    void xavier_kaiming_follows_the_lecture() {
        const LessonFile::Result result = LessonLibrary::load("xavier_kaiming");
        QVERIFY2(result, result.error.c_str());
        const Lesson& lesson = *result.lesson;
        const LessonStep& first = lesson.steps.front();
        QCOMPARE(first.source, std::string("preset course"));
        QCOMPARE(*first.network, *PresetLibrary::load("course").network);
        QCOMPARE(LessonFile::tab_names()[size_t(first.tab)], std::string("overview"));
        // The output-bias step selects it on the Layers tab and asks why.
        const auto odd = std::find_if(lesson.steps.begin(), lesson.steps.end(), [](const auto& s) {
            return s.select && s.select->label() == "output.bias";
        });
        QVERIFY(odd != lesson.steps.end());
        QCOMPARE(LessonFile::tab_names()[size_t(odd->tab)], std::string("layers"));
        QVERIFY(!odd->question.empty() && odd->answer.find("n = 2") != std::string::npos);
        // The Xavier step puts xavier_normal on every weight and keeps the default biases.
        const auto xavier = std::find_if(lesson.steps.begin(), lesson.steps.end(),
                                         [](const auto& s) { return !s.edits.empty(); });
        QVERIFY(xavier != lesson.steps.end());
        const Network network = network_of(lesson, int(xavier - lesson.steps.begin()));
        for (const Layer& layer : network.layers) {
            QCOMPARE(layer.weight_init.scheme(), SchemeId::XavierNormal);
            QCOMPARE(layer.bias_init.scheme(), SchemeId::TorchDefault);
        }
        // The variance check shows the live sample variance beside 0.01.
        const auto check = std::find_if(
            lesson.steps.begin(), lesson.steps.end(),
            [](const auto& s) { return s.text.find("{var:fc1.weight}") != std::string::npos; });
        QVERIFY(check != lesson.steps.end());
        QVERIFY(check->text.find("0.01") != std::string::npos);
    }

    void placeholders_are_filled_from_the_summary() {
        Network network = *PresetLibrary::load("course").network;
        const Parameters parameters = Materializer::materialize(network);
        const NetworkSummary summary = NetworkSummary::of(network, parameters, HistogramOptions{});
        QCOMPARE(LessonText::filled("{n:weights} weights, {n:biases} biases", &summary),
                 std::string("40,200 weights, 402 biases"));
        QCOMPARE(LessonText::filled("n = {n:output.bias}", &summary), std::string("n = 2"));
        QCOMPARE(LessonText::filled("σ = {theory_std:fc1.bias}", &summary),
                 std::string("σ = 0.05774"));
        QCOMPARE(LessonText::filled("{var:fc1.weight}", nullptr), std::string("—"));
        QCOMPARE(LessonText::filled("a {brace} and {x: y}", &summary),
                 std::string("a {brace} and {x: y}"));
    }

    void bad_inputs_are_one_line_naming_the_place_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not JSON") << QByteArray("{\"title\": ")
                                  << "bad.json: line 1, column 11: "
                                     "malformed JSON: unterminated object";
        QTest::newRow("empty") << QByteArray("  ")
                               << "bad.json: the file is empty (expected a JSON object)";
        QTest::newRow("duplicate key")
            << QByteArray(R"({"title": "A", "title": "B", "steps": []})")
            << "bad.json: line 1, column 16: the key \"title\" is given twice in one object (only "
               "one is allowed)";
        QTest::newRow("missing title")
            << QByteArray(R"({"steps": [{"title": "S"}]})") << "bad.json: title: missing";
        QTest::newRow("missing step title")
            << QByteArray(R"({"title": "T", "steps": [{"text": "x"}]})")
            << "bad.json: steps[0].title: missing";
        QTest::newRow("no steps") << QByteArray(R"({"title": "T", "steps": []})")
                                  << "bad.json: steps: expected a list of at least one step, got "
                                     "[]";
        QTest::newRow("unknown key")
            << one_step(R"("txt": "typo")")
            << "bad.json: steps[0].txt: unknown key in a step (expected title, text, preset, "
               "config, edits, tab, select, axes, question, answer)";
        QTest::newRow("unknown scheme")
            << one_step(
                   R"("preset": "course", "edits": [{"apply_to_all": {"role": "weight", "scheme": "xavier"}}])")
            << "";  // checked by prefix below: the registry's keys follow
        QTest::newRow("bad tab") << one_step(R"("tab": "graphs")")
                                 << "bad.json: steps[0].tab: expected one of overview, layers, "
                                    "theory, propagation, spectrum, sweep, weights, got \"graphs\"";
        QTest::newRow("unknown tensor")
            << one_step(R"("preset": "course", "select": "fc9.weight")")
            << "bad.json: steps[0].select: no tensor fc9.weight (layers: input, fc1, fc2, fc3, "
               "output)";
        QTest::newRow("unknown layer in an edit")
            << one_step(
                   R"("preset": "course", "edits": [{"set_scheme": {"layer": "fc9", "role": "bias", "scheme": "zeros"}}])")
            << "bad.json: steps[0].edits[0]: no layer 'fc9' (layers: input, fc1, fc2, fc3, "
               "output)";
        QTest::newRow("unknown edit")
            << one_step(R"("edits": [{"reset": {}}])")
            << "bad.json: steps[0].edits[0].reset: unknown key in an edit (expected "
               "apply_to_all, set_scheme, set_init_parameter, set_activation, set_seed, "
               "set_probe)";
        QTest::newRow("bad activation")
            << one_step(R"("edits": [{"set_activation": {"layer": "fc1", "activation": "rleu"}}])")
            << "bad.json: steps[0].edits[0].set_activation.activation: expected one of linear, "
               "relu, leaky_relu, tanh, sigmoid, selu, gelu, silu, got \"rleu\"";
        QTest::newRow("unknown preset")
            << one_step(R"("preset": "coarse")")
            << "bad.json: steps[0].preset: preset 'coarse': no such preset (presets: course, "
               "course_xavier, deep_relu, deep_relu_default, deep_tanh, deep_tanh_large, "
               "deep_tanh_small, small_cnn)";
        QTest::newRow("unknown placeholder")
            << one_step(R"("preset": "course", "text": "{variance:fc1.weight}")")
            << "bad.json: steps[0].text: {variance:fc1.weight}: unknown placeholder (expected n, "
               "mean, var, std, min, max, theory_var, theory_std)";
        QTest::newRow("placeholder on a missing tensor")
            << one_step(R"("preset": "course", "text": "{var:fc7.weight}")")
            << "bad.json: steps[0].text: {var:fc7.weight}: no tensor fc7.weight (layers: input, "
               "fc1, fc2, fc3, output)";
        QTest::newRow("answer without question") << one_step(R"("answer": "42")")
                                                 << "bad.json: steps[0].answer: an answer needs a "
                                                    "\"question\"";
        QTest::newRow("bad scale") << one_step(R"("axes": {"scale": "log"})")
                                   << "bad.json: steps[0].axes.scale: expected one of counts, "
                                      "probability, density, got \"log\"";
    }
    void bad_inputs_are_one_line_naming_the_place() {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const std::string got = error_of(json);
        QVERIFY2(got.find('\n') == std::string::npos, got.c_str());
        if (error.isEmpty()) {  // unknown scheme: the message then lists every registry key
            const std::string start =
                "bad.json: steps[0].edits[0].apply_to_all.scheme: unknown scheme \"xavier\" "
                "(expected ";
            QVERIFY2(got.rfind(start, 0) == 0, got.c_str());
            for (const SchemeInfo& info : SchemeRegistry::all())
                QVERIFY(got.find(info.key) != std::string::npos);
            return;
        }
        QCOMPARE(QString::fromStdString(got), error);
    }

    void a_config_is_relative_to_the_lesson_and_missing_files_are_named() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile config(dir.filePath("net.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(ConfigFile::write(*PresetLibrary::load("deep_tanh").network));
        config.close();
        QFile lesson(dir.filePath("mine.json"));
        QVERIFY(lesson.open(QIODevice::WriteOnly));
        lesson.write(R"({"format": "initscope-lesson", "version": 1, "title": "Mine",
            "steps": [{"title": "Mine", "config": "net.json", "select": "fc10.bias"},
                      {"title": "Gone", "config": "gone.json"}]})");
        lesson.close();
        const LessonFile::Result result = LessonFile::read(dir.filePath("mine.json"));
        QVERIFY(!result);
        QVERIFY2(result.error.rfind("mine.json: steps[1].config: ", 0) == 0, result.error.c_str());
        QVERIFY2(result.error.find("gone.json") != std::string::npos, result.error.c_str());
        const LessonFile::Result unknown = LessonLibrary::load_name_or_file("nope");
        QCOMPARE(unknown.error, std::string("lesson 'nope': no such lesson (lessons: "
                                            "xavier_kaiming, vanishing_exploding, edge_of_chaos)"));
    }

    void slugs_are_file_names() {
        QCOMPARE(LessonFile::slug("The network"), std::string("the-network"));
        QCOMPARE(LessonFile::slug("The odd one: output.bias"),
                 std::string("the-odd-one-output-bias"));
        QCOMPARE(LessonFile::slug("Weights × 0.01"), std::string("weights-0-01"));
        QCOMPARE(LessonFile::slug("σ²"), std::string("step"));
    }
};

QTEST_APPLESS_MAIN(TestLessonFile)
#include "tst_lesson_file.moc"
