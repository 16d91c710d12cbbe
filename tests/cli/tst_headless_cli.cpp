// The initscope binary's headless mode: exit codes, the table, --stats JSON, --dump-npy files,
// and that bad input writes nothing.
#include "core/io/build_info.h"
#include "core/io/npy_file.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include "cli_run.h"

#include <QtTest>

#include <cmath>

using namespace initscope;
using namespace initscope::test;

namespace {

QString config(const char* name) {
    return QString(INITSCOPE_TEST_DATA_DIR "/configs/") + name;
}

QJsonObject find(const QJsonArray& tensors, const QString& layer, const QString& tensor) {
    for (const QJsonValue& v : tensors)
        if (v["layer"].toString() == layer && v["tensor"].toString() == tensor) return v.toObject();
    return {};
}

}  // namespace

class TestHeadlessCli : public QObject {
    Q_OBJECT
private slots:
    void info_options() {
        const Run version = run({"--version"});
        QCOMPARE(version.status, 0);
        QCOMPARE(version.out,
                 QString::fromStdString("initscope " + BuildInfo::version_text() + "\n"));
        // Built from this checkout: the version names its commit, as git spells it.
        if (QFileInfo(QStringLiteral(INITSCOPE_SOURCE_DIR "/.git")).exists()) {
            QProcess git;
            git.start(QStringLiteral("git"),
                      {QStringLiteral("-C"), QStringLiteral(INITSCOPE_SOURCE_DIR),
                       QStringLiteral("rev-parse"), QStringLiteral("--short=12"),
                       QStringLiteral("HEAD")});
            if (git.waitForFinished(10000) && git.exitCode() == 0) {
                const QString head = QString::fromLatin1(git.readAllStandardOutput()).trimmed();
                QVERIFY2(version.out.startsWith(
                             QStringLiteral("initscope " INITSCOPE_VERSION " (git ") + head),
                         qPrintable(version.out));
            }
        }
        const Run help = run({"--help"});
        QCOMPARE(help.status, 0);
        QVERIFY(help.out.startsWith("Usage: initscope"));
        const Run presets = run({"--list-presets"});
        QCOMPARE(presets.status, 0);
        for (const char* name : {"course", "course_xavier", "deep_relu", "deep_tanh", "small_cnn"})
            QVERIFY(presets.out.contains(QString("\n") + name + " ") ||
                    presets.out.startsWith(QString(name) + " "));
        const Run schemes = run({"--list-schemes"});
        QCOMPARE(schemes.status, 0);
        QVERIFY(schemes.out.contains("kaiming_normal"));
        QVERIFY(schemes.out.contains("variance_scaling"));
    }

    void course_table() {
        const Run r = run({"--headless", "--preset", "course"});
        QCOMPARE(r.status, 0);
        QCOMPARE(r.err, QString());
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2 + 10);  // summary line, column titles, 10 tensors
        QVERIFY(lines[1].startsWith("layer"));
        QVERIFY(lines[1].contains("theory std"));
        QVERIFY(lines[2].startsWith("input   weight  torch_default  100 × 100  10,000"));
        // Without a display and without arguments the binary prints the same course example.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(name);
        const Run bare = run({}, env);
        QCOMPARE(bare.status, 0);
        QCOMPARE(bare.out, r.out);
    }

    void stats_json() {
        const Run r = run({"--headless", "--preset", "course", "--stats", "-"});
        QCOMPARE(r.status, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray tensors = document.array();
        QCOMPARE(tensors.size(), 10);
        const QStringList keys{"fan_in", "fan_out", "formula", "ks",     "layer",
                               "max",    "mean",    "min",     "n",      "scheme",
                               "shape",  "std",     "tensor",  "theory", "var"};
        for (const QJsonValue& t : tensors) QCOMPARE(t.toObject().keys(), keys);
        const QJsonObject w = find(tensors, "input", "weight");
        QCOMPARE(w["scheme"].toString(), QString("torch_default"));
        QCOMPARE(w["shape"].toArray(), (QJsonArray{100, 100}));
        QCOMPARE(w["fan_in"].toInt(), 100);
        QCOMPARE(w["fan_out"].toInt(), 100);
        QCOMPARE(w["n"].toInt(), 10000);
        // U(±1/√100): σ = 1/√(3·100).
        QVERIFY(std::abs(w["theory"]["std"].toDouble() - 1 / std::sqrt(300.0)) < 1e-12);
        QCOMPARE(w["theory"]["mean"].toDouble(), 0.0);
        QVERIFY(std::abs(w["theory"]["support"][1].toDouble() - 0.1) < 1e-12);
        QVERIFY(std::abs(w["var"].toDouble() - w["std"].toDouble() * w["std"].toDouble()) < 1e-12);
        QVERIFY(w["min"].toDouble() >= -0.1 && w["max"].toDouble() <= 0.1);
        QVERIFY(w["ks"].isDouble() && w["ks"].toDouble() < 0.03);
        QVERIFY(!w["formula"].toString().isEmpty());
        // torch.manual_seed(0); nn.Linear(100, 100).weight.mean() = 5.487167800310999e-05
        QVERIFY(std::abs(w["mean"].toDouble() - 5.487167800310999e-05) < 1e-9);
        const QJsonObject out_bias = find(tensors, "output", "bias");
        QCOMPARE(out_bias["n"].toInt(), 2);
        QVERIFY(std::abs(out_bias["min"].toDouble() - -0.07975997030735016) < 1e-9);

        // A point mass has no KS distance; an unbounded normal has a null support.
        const Run cnn = run({"--headless", "--preset", "small_cnn", "--stats", "-"});
        QCOMPARE(cnn.status, 0);
        const QJsonArray cnn_tensors = QJsonDocument::fromJson(cnn.out.toUtf8()).array();
        const QJsonObject conv_bias = find(cnn_tensors, "conv1", "bias");
        const QJsonObject conv_weight = find(cnn_tensors, "conv1", "weight");
        QVERIFY(conv_bias["ks"].isNull());
        QVERIFY(conv_weight["theory"]["support"][0].isNull());
    }

    void seed_and_flavour() {
        const Run zero = run({"--headless", "--preset", "course", "--stats", "-"});
        const Run one = run({"--headless", "--preset", "course", "--seed", "1", "--stats", "-"});
        QVERIFY(zero.out != one.out);
        const Run minus = run({"--headless", "--preset", "course", "--seed", "-1", "--stats", "-"});
        const Run max = run(
            {"--headless", "--preset", "course", "--seed", "18446744073709551615", "--stats", "-"});
        QCOMPARE(minus.status, 0);
        QCOMPARE(minus.out, max.out);
        const Run portable = run({"--headless", "--preset", "course", "--flavour", "portable"});
        QCOMPARE(portable.status, 0);
    }

    void pytorch_script() {
        QTemporaryDir dir;
        const QString path = dir.filePath("course.py");
        const Run r = run(
            {"--headless", "--preset", "course_xavier", "--seed", "7", "--pytorch-script", path});
        QCOMPARE(r.status, 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString script = QString::fromUtf8(file.readAll());
        QVERIFY(script.startsWith("#!/usr/bin/env python3"));
        QVERIFY(script.contains("SEED = 7\n"));
        QVERIFY(script.contains("self.add_module('fc1', nn.Linear(100, 100, bias=True))"));
        QVERIFY(script.contains("nn.init.xavier_normal_(getattr(net, 'fc1').weight, gain=1.0)"));
        QVERIFY(script.contains("\nmodel = build()\n"));
        const Run to_stdout = run(
            {"--headless", "--preset", "course_xavier", "--seed", "7", "--pytorch-script", "-"});
        QCOMPARE(to_stdout.status, 0);
        QCOMPARE(to_stdout.out, script);
        const Run twice =
            run({"--headless", "--preset", "course", "--pytorch-script", "-", "--stats", "-"});
        QCOMPARE(twice.status, 2);
        QVERIFY(twice.err.contains("only one output can go to stdout"));
    }

    void dump_npy_and_stats_file() {
        QTemporaryDir dir;
        const QString npy = dir.filePath("npy/nested");
        const QString stats = dir.filePath("stats.json");
        const Run r =
            run({"--headless", "--preset", "small_cnn", "--dump-npy", npy, "--stats", stats});
        QCOMPARE(r.status, 0);
        QCOMPARE(r.out, QString());
        QCOMPARE(QDir(npy).entryList(QDir::Files),
                 (QStringList{"conv1.bias.npy", "conv1.weight.npy", "conv2.bias.npy",
                              "conv2.weight.npy", "fc.bias.npy", "fc.weight.npy"}));
        QCOMPARE(NpyFile::read(npy + "/conv1.weight.npy")->shape(), (TensorShape{16, 3, 3, 3}));
        QCOMPARE(NpyFile::read(npy + "/conv2.weight.npy")->shape(), (TensorShape{32, 16, 3, 3}));
        QCOMPARE(NpyFile::read(npy + "/conv1.bias.npy")->shape(), (TensorShape{16}));
        QCOMPARE(NpyFile::read(npy + "/fc.weight.npy")->shape(), (TensorShape{10, 32768}));
        QVERIFY(QFile::exists(stats));
        QFile file(stats);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).array().size(), 6);
    }

    void bad_input_writes_nothing_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad std") << QStringList{"--config", config("bad_std.json")}
                                 << "initscope: " + config("bad_std.json") +
                                        ": layers[2].weight_init.std: must be ≥ 0, got -1";
        QTest::newRow("malformed")
            << QStringList{"--config", config("malformed.json")}
            << "initscope: " + config("malformed.json") +
                   ": line 4, column 88: malformed JSON: object is missing after a comma";
        QTest::newRow("chain")
            << QStringList{"--config", config("chain_mismatch.json")}
            << "initscope: " + config("chain_mismatch.json") +
                   ": layers[1].in_features: must equal the previous layer's out_features (20), "
                   "got 30";
        QTest::newRow("missing file")
            << QStringList{"--config", config("nope.json")}
            << "initscope: " + config("nope.json") + ": cannot open: No such file or directory";
        QTest::newRow("unknown preset")
            << QStringList{"--preset", "nope"}
            << "initscope: preset 'nope': no such preset (presets: course, course_xavier, "
               "deep_relu, deep_relu_default, deep_tanh, deep_tanh_large, deep_tanh_small, "
               "small_cnn)";
        QTest::newRow("seed")
            << QStringList{"--preset", "course", "--seed", "1.5"}
            << "initscope: --seed: expected an integer from -9223372036854775808 to "
               "18446744073709551615, got '1.5'";
        QTest::newRow("flavour") << QStringList{"--preset", "course", "--flavour", "avx"}
                                 << "initscope: --flavour: expected fma or portable, got 'avx'";
        QTest::newRow("both sources")
            << QStringList{"--preset", "course", "--config", config("conv_net.json")}
            << "initscope: --headless needs exactly one of --config FILE or --preset NAME (e.g. "
               "--preset course)";
        QTest::newRow("unknown option") << QStringList{"--preset", "course", "--stat", "x"}
                                        << "initscope: unknown option 'stat' (see --help)";
    }
    void bad_input_writes_nothing() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString npy = dir.filePath("npy"), stats = dir.filePath("stats.json");
        const Run r = run(QStringList{"--headless"} + arguments +
                          QStringList{"--dump-npy", npy, "--stats", stats});
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, expected + "\n");
        QCOMPARE(r.out, QString());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{});
    }

    void too_large_is_refused_before_allocating() {
        QTemporaryDir dir;
        const Run r = run({"--headless", "--config", config("too_large.json"), "--dump-npy",
                           dir.filePath("npy")});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.startsWith("initscope: " + config("too_large.json") +
                                  ": network: its 100,000,010,000,000 parameters need 363.8 TiB "
                                  "as float32, but only "),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("npy")));
    }

    void bad_output_paths() {
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const Run npy = run({"--headless", "--preset", "course", "--dump-npy", blocker.fileName(),
                             "--stats", dir.filePath("s.json")});
        QCOMPARE(npy.status, 2);
        QCOMPARE(npy.err, "initscope: --dump-npy: '" + blocker.fileName() +
                              "' exists and is not a directory\n");
        const Run stats = run({"--headless", "--preset", "course", "--dump-npy",
                               dir.filePath("npy"), "--stats", dir.filePath("no/such/s.json")});
        QCOMPARE(stats.status, 2);
        QCOMPARE(stats.err, "initscope: --stats: the directory '" + dir.filePath("no/such") +
                                "' does not exist\n");
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{"file"});
    }

    // Issue 9 defects 6 and 9: refusals that used to come after a partial write, or never.
    void conflicting_outputs_write_nothing_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--stats X --stats-csv X")
            << QStringList{"--preset", "course", "--stats", "@x", "--stats-csv", "@x"}
            << "--stats-csv: '@x' is also the file of --stats";
        QTest::newRow("same file spelled twice")
            << QStringList{"--preset", "course", "--stats", "@x", "--pytorch-script", "@d/../x"}
            << "--pytorch-script: '@d/../x' is also the file of --stats";
        QTest::newRow("stats file is a tensor file of --dump-npy")
            << QStringList{"--preset", "course",  "--dump-npy",
                           "@npy",     "--stats", "@npy/fc1.weight.npy"}
            << "--stats: '@npy/fc1.weight.npy' is also a file of --dump-npy";
        QTest::newRow("stats file is the --dump-npy directory")
            << QStringList{"--preset", "course", "--dump-npy", "@npy", "--stats", "@npy"}
            << "--stats: '@npy' is also the directory of --dump-npy";
        QTest::newRow("output over the --config file")
            << QStringList{"--config", "@net.json", "--stats", "@net.json"}
            << "--stats: '@net.json' is also the --config file";
        QTest::newRow("--stats ''")
            << QStringList{"--preset", "course", "--stats", ""} << "--stats: the path is empty";
        QTest::newRow("--dump-npy ''") << QStringList{"--preset", "course", "--dump-npy", ""}
                                       << "--dump-npy: the path is empty";
        QTest::newRow("--config ''")
            << QStringList{"--config", ""} << "--config: the path is empty";
        QTest::newRow("250-character layer name (was a partial dump)")
            << QStringList{"--config", "@long.json", "--dump-npy", "@npy", "--stats", "@s.json"}
            << "@long.json: layers[1].name: must be at most 64 bytes (it names the .npy files), "
               "got 250: \"" +
                   QString(79, 'n') + "…\"";
        QTest::newRow("escape bytes in a name are escaped")
            << QStringList{"--config", "@esc.json", "--stats", "@s.json"}
            << "@esc.json: layers[0].name: must not contain '/', '\\' or control characters (it "
               "names the .npy files), got \"a\\x1b[2J\\x07b\"";
    }
    void conflicting_outputs_write_nothing() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("d"));
        const auto write = [&](const char* name, const QByteArray& bytes) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        const QByteArray layer = "\"kind\": \"linear\", \"in_features\": 4, \"out_features\": 4}";
        const auto two_layers = [&](const QByteArray& name) {
            return "{\"layers\": [{\"name\": \"fc1\", " + layer + ", {\"name\": \"" + name +
                   "\", " + layer + "]}";
        };
        write("net.json", "{\"layers\": [{\"name\": \"fc1\", " + layer + "]}");
        write("long.json", two_layers(QByteArray(250, 'n')));
        write("esc.json", "{\"layers\": [{\"name\": \"a\\u001b[2J\\u0007b\", " + layer + "]}");
        const QStringList before =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        for (QString& a : arguments) a.replace('@', dir.path() + '/');
        const Run r = run(QStringList{"--headless"} + arguments);
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, "initscope: " + QString(expected).replace('@', dir.path() + '/') + "\n");
        QCOMPARE(r.out, QString());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), before);
    }
};

QTEST_GUILESS_MAIN(TestHeadlessCli)
#include "tst_headless_cli.moc"
