// initscope --headless --weights: a trained model's checkpoint (made by
// scripts/make_checkpoint_fixtures.py with PyTorch: safetensors, .npz, .pt) gives NumPy's
// statistics for every tensor in every dtype, the init fingerprint names the scheme each tensor was
// drawn with, and a hostile file is refused with one line and exit 2, writing nothing; the
// pictures (--export-plots) and the histograms (--histograms-csv) of every tensor are written.
#include "cli_run.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace initscope::test;

namespace {

const QString kFixture = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/course.safetensors");

QJsonObject read_json(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

}  // namespace

class TestWeightsCli : public QObject {
    Q_OBJECT
private slots:
    /// The same tensors written by PyTorch and NumPy in three formats give NumPy's statistics.
    void statistics_equal_numpys_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::newRow("safetensors") << "course.safetensors"
                                     << "safetensors";
        QTest::newRow("npz") << "course.npz"
                             << "npz";
        QTest::newRow("pt") << "course.pt"
                            << "pytorch";
    }
    void statistics_equal_numpys() {
        QFETCH(QString, file);
        QFETCH(QString, format);
        const Run r =
            run({"--headless", "--weights",
                 QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/") + file, "--stats", "-"});
        QCOMPARE(r.status, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(root["format"].toString(), format);
        const QJsonObject reference =
            read_json(QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/course.reference.json"));
        const QJsonArray tensors = root["tensors"].toArray();
        QCOMPARE(tensors.size(), reference.size());
        for (const QJsonValue& value : tensors) {
            const QJsonObject t = value.toObject();
            const QString name = t["layer"].toString();
            const QJsonObject numpy = reference[name].toObject();
            QVERIFY2(!numpy.isEmpty(), qPrintable(name));
            if (format != "npz")  // NumPy has no bfloat16: the .npz holds float32 copies
                QCOMPARE(t["dtype"].toString(), numpy["dtype"].toString());
            QCOMPARE(t["shape"].toArray(), numpy["shape"].toArray());
            QCOMPARE(t["n"].toInteger(), numpy["n"].toInteger());
            // Both accumulate the same float32 values in double: equal to rounding.
            for (const char* key : {"mean", "std", "min", "max"}) {
                const double ours = t[key].toDouble(), theirs = numpy[key].toDouble();
                QVERIFY2(std::abs(ours - theirs) <= 1e-12 + 1e-9 * std::abs(theirs),
                         qPrintable(name + " " + key));
            }
            QCOMPARE(t["histogram"].toObject()["counts"].toArray().size(), 40);
        }
    }

    /// fc1.weight was drawn by xavier_normal_ and every other weight by PyTorch's default: the
    /// fingerprint's best match says so. The KS distances are of n = 10,000 values, where the
    /// 1% critical value is 1.63/√n ≈ 0.016: the true scheme is within it, and the others (σ off
    /// by ≥ 40 %) are far beyond it.
    void fingerprint_names_the_scheme() {
        const Run r = run({"--headless", "--weights", kFixture, "--stats", "-"});
        QCOMPARE(r.status, 0);
        const QJsonArray tensors =
            QJsonDocument::fromJson(r.out.toUtf8()).object()["tensors"].toArray();
        const double critical = 1.63 / std::sqrt(10000.0);
        for (const QJsonValue& value : tensors) {
            const QJsonObject t = value.toObject();
            const QString name = t["layer"].toString();
            if (!name.endsWith(".weight") || name.startsWith("output")) continue;
            const QJsonArray fingerprint = t["fingerprint"].toArray();
            QVERIFY(fingerprint.size() >= 8);
            const QJsonObject best = fingerprint[0].toObject();
            const QString expected = name == "fc1.weight" ? "xavier_normal" : "torch_default";
            QCOMPARE(best["scheme"].toString(), expected);
            QVERIFY(best["ks"].toDouble() < critical);
            QVERIFY(fingerprint[1].toObject()["ks"].toDouble() > best["ks"].toDouble());
            QVERIFY(std::abs(best["std_ratio"].toDouble() - 1) < 0.03);
        }
    }

    /// A pickle that would run a shell command is refused by name, and nothing runs.
    void malicious_pickle_never_runs() {
        QTemporaryDir dir;
        QProcess process;
        process.setWorkingDirectory(dir.path());
        process.start(INITSCOPE_BINARY,
                      {"--headless", "--weights",
                       QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/evil.pt")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 2);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains("pickle global 'posix.system' is not allowed"), qPrintable(err));
        QCOMPARE(err.count('\n'), 1);
        QVERIFY(!QFile::exists(dir.filePath("evil-ran.txt")));
    }

    void hostile_file_is_refused_with_one_line() {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.safetensors");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray bytes(8, '\0');
        bytes[0] = char(0xff);
        bytes[1] = char(0xff);  // header length 65535, past the end
        file.write(bytes + QByteArray("{}"));
        file.close();
        const QString out = dir.filePath("stats.json");
        const Run r = run({"--headless", "--weights", path, "--stats", out});
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("header length 65535 runs past the end of the file"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
        const Run bomb = run({"--headless", "--weights",
                              QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/lying.npz")});
        QCOMPARE(bomb.status, 2);
        QVERIFY2(bomb.err.contains("inflates to more than its declared 100 bytes"),
                 qPrintable(bomb.err));
        const Run other = run({"--headless", "--weights", kFixture, "--dump-npy", dir.path()});
        QCOMPARE(other.status, 2);
        QVERIFY2(other.err.contains("--dump-npy is not used with --weights"),
                 qPrintable(other.err));
    }

    /// scripts/make_big_checkpoint.py at a tiny size (one layer, hidden 64): a sharded model of
    /// Llama's tensor names opens through its index, bfloat16, with the script's std.
    void generated_big_checkpoint_layout_opens() {
        QTemporaryDir dir;
        QProcess script;
        script.start("/usr/bin/python3",
                     {QStringLiteral(INITSCOPE_SOURCE_DIR "/scripts/make_big_checkpoint.py"),
                      "--out", dir.path(), "--layers", "1", "--hidden", "64", "--vocab", "1000",
                      "--shard-gb", "0.0002"});
        if (!script.waitForFinished(120000) || script.exitCode() != 0)
            QSKIP("/usr/bin/python3 with numpy cannot run scripts/make_big_checkpoint.py");
        const Run r = run({"--headless", "--weights", dir.filePath("model.safetensors.index.json"),
                           "--stats", "-"});
        QCOMPARE(r.status, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY2(root["format"].toString().startsWith("safetensors ("),  // several shards
                 qPrintable(root["format"].toString()));
        const QJsonArray tensors = root["tensors"].toArray();
        QCOMPARE(tensors.size(), 12);
        for (const QJsonValue& value : tensors) {
            const QJsonObject t = value.toObject();
            QCOMPARE(t["dtype"].toString(), QString("bfloat16"));
            if (!t["layer"].toString().endsWith("proj.weight")) continue;
            // N(0, 0.02²): std within 5 standard errors (std of s ≈ σ/√(2n)), n ≥ 4096
            const double n = t["n"].toDouble();
            QVERIFY2(std::fabs(t["std"].toDouble() - 0.02) < 5 * 0.02 / std::sqrt(2 * n),
                     qPrintable(t["layer"].toString()));
        }
    }

    /// --export-plots: one picture per tensor, named from its name, and the role overview,
    /// listed on stdout in that order; --size is the picture's size.
    void export_plots_writes_every_tensor_and_the_roles() {
        QTemporaryDir dir;
        const QString plots = dir.filePath("plots");
        const Run r = run(
            {"--headless", "--weights", kFixture, "--export-plots", plots, "--size", "640x400"});
        QCOMPARE(r.status, 0);
        QStringList expected;
        for (const char* name :
             {"input.weight", "input.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias",
              "fc3.weight", "fc3.bias", "output.weight", "output.bias", "roles"})
            expected << QDir(plots).filePath(QString(name) + ".png");
        QCOMPARE(r.out.split('\n', Qt::SkipEmptyParts), expected);
        for (const QString& file : expected) {
            QFile png(file);
            QVERIFY2(png.open(QIODevice::ReadOnly), qPrintable(file));
            const QByteArray head = png.read(24);
            QVERIFY(head.startsWith("\x89PNG\r\n\x1a\n"));
            const auto be32 = [&head](int at) {
                return (quint32(quint8(head[at])) << 24) | (quint32(quint8(head[at + 1])) << 16) |
                       (quint32(quint8(head[at + 2])) << 8) | quint32(quint8(head[at + 3]));
            };
            QCOMPARE(be32(16), 640u);  // IHDR width and height
            QCOMPARE(be32(20), 400u);
        }
        // Vector: an SVG with the tensor's name in its title.
        const QString svg_dir = dir.filePath("svg");
        const Run svg = run(
            {"--headless", "--weights", kFixture, "--export-plots", svg_dir, "--format", "svg"});
        QCOMPARE(svg.status, 0);
        QFile fc1(QDir(svg_dir).filePath("fc1.weight.svg"));
        QVERIFY(fc1.open(QIODevice::ReadOnly));
        const QByteArray text = fc1.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("fc1.weight"));
    }

    /// --histograms-csv: the network's histogram columns, 40 bins per tensor, whose counts add
    /// up to the tensor's n.
    void histograms_csv_has_every_tensor() {
        QTemporaryDir dir;
        const QString csv = dir.filePath("h.csv");
        const Run r =
            run({"--headless", "--weights", kFixture, "--histograms-csv", csv, "--stats", "-"});
        QCOMPARE(r.status, 0);
        const QJsonArray tensors =
            QJsonDocument::fromJson(r.out.toUtf8()).object()["tensors"].toArray();
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.front(), QString("tensor,layer,role,bin,lo,hi,count,probability,density"));
        QCOMPARE(lines.size(), 1 + 40 * tensors.size());
        QMap<QString, qint64> counts;
        for (const QString& line : lines.mid(1))
            counts[line.section(',', 0, 0)] += line.section(',', 6, 6).toLongLong();
        for (const QJsonValue& value : tensors) {
            const QJsonObject t = value.toObject();
            QCOMPARE(counts.value(t["layer"].toString()), t["n"].toInteger());
        }
        QVERIFY(lines[1].startsWith("input.weight,input,weight,0,"));
        QCOMPARE(lines.filter("output.bias,output,bias,39,").size(), 1);
    }

    /// Options that do not go with --weights, or a bad export option, are refused by name before
    /// anything is written.
    void export_options_are_checked_first() {
        QTemporaryDir dir;
        const QString plots = dir.filePath("plots");
        const Run format =
            run({"--headless", "--weights", kFixture, "--export-plots", plots, "--format", "bmp"});
        QCOMPARE(format.status, 2);
        QVERIFY2(format.err.contains("--format: unknown format 'bmp'"), qPrintable(format.err));
        QVERIFY(!QFile::exists(plots));
        const Run lonely = run({"--headless", "--weights", kFixture, "--format", "svg"});
        QCOMPARE(lonely.status, 2);
        QVERIFY2(lonely.err.contains("--format is only used with --export-plots"),
                 qPrintable(lonely.err));
        const Run selection = run(
            {"--headless", "--weights", kFixture, "--export-plots", plots, "--plots", "overview"});
        QCOMPARE(selection.status, 2);
        QVERIFY2(selection.err.contains("--plots is not used with --weights"),
                 qPrintable(selection.err));
        const Run refused =
            run({"--headless", "--weights",
                 QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/evil.pt"), "--export-plots",
                 plots, "--histograms-csv", dir.filePath("h.csv")});
        QCOMPARE(refused.status, 2);
        QVERIFY(!QFile::exists(plots));
        QVERIFY(!QFile::exists(dir.filePath("h.csv")));
    }
};

QTEST_GUILESS_MAIN(TestWeightsCli)
#include "tst_weights_cli.moc"
