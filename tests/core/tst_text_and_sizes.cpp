// Issue 9: QuotedText (defect 9: echoed text cut to 80 columns, control bytes escaped),
// ExportSize (defect 4: one strict size/scale rule with an area cap) and the layer-name and
// count checks of NetworkValidation (defects 6 and 9).
#include "core/io/export_size.h"
#include "core/model/network_validation.h"
#include "core/model/quoted_text.h"
#include "core/model/saturating_count.h"
#include "test_support.h"

#include <QtTest>

using namespace initscope;

namespace {

Network network_named(const std::vector<std::string>& names) {
    Network n;
    for (const std::string& name : names)
        n.layers.push_back(test::linear_layer(name, 4, 4, InitSpec(SchemeId::TorchDefault),
                                              InitSpec(SchemeId::TorchDefault)));
    return n;
}

QString first_problem(const Network& network) {
    const std::vector<std::string> problems = NetworkValidation::problems(network);
    return problems.empty() ? QString() : QString::fromStdString(problems.front());
}

}  // namespace

class TestTextAndSizes : public QObject {
    Q_OBJECT
private slots:
    void quoted_text_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("shown");
        QTest::newRow("plain") << QByteArray("fc1") << QByteArray("fc1");
        QTest::newRow("non-ASCII kept") << QByteArray("σ×2 ü") << QByteArray("σ×2 ü");
        QTest::newRow("ESC BEL newline escaped")
            << QByteArray("a\x1b[2J\x07\nb") << QByteArray("a\\x1b[2J\\x07\\nb");
        QTest::newRow("DEL, tab, CR") << QByteArray("\x7f\t\r") << QByteArray("\\x7f\\t\\r");
        QTest::newRow("C1 CSI") << QByteArray(
                                       "a\xc2\x9b"
                                       "1m")
                                << QByteArray("a\\u009b1m");
        QTest::newRow("not UTF-8") << QByteArray("a\xff\xc3") << QByteArray("a\\xff\\xc3");
        QTest::newRow("80 columns kept") << QByteArray(80, 'x') << QByteArray(80, 'x');
        QTest::newRow("1 MB cut to 80")
            << QByteArray(1 << 20, 'x') << QByteArray(79, 'x') + QByteArray("…");
        QTest::newRow("escape never cut") << QByteArray(78, 'x') + QByteArray(
                                                                       "\x1b"
                                                                       "abc")
                                          << QByteArray(78, 'x') + QByteArray("…");
    }
    void quoted_text() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, shown);
        QCOMPARE(QByteArray::fromStdString(QuotedText::shown(text.toStdString())), shown);
    }
    void quoted_text_escaped_is_not_cut() {
        const std::string long_path(300, 'p');
        QCOMPARE(QuotedText::escaped(long_path + "\n"), long_path + "\\n");
    }

    void export_size_parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QSize>("size");  // invalid: refused
        QTest::newRow("plain") << "1920x1080" << QSize(1920, 1080);
        QTest::newRow("X") << "640X480" << QSize(640, 480);
        QTest::newRow("times sign") << "640×480" << QSize(640, 480);
        QTest::newRow("leading space") << " 100x100" << QSize();
        QTest::newRow("trailing space") << "100x100 " << QSize();
        QTest::newRow("inner space") << "100 x 100" << QSize();
        QTest::newRow("zeros 00x00") << "00x00" << QSize();
        QTest::newRow("leading zero") << "0640x480" << QSize();
        QTest::newRow("sign") << "+640x480" << QSize();
        QTest::newRow("six digits") << "100000x100" << QSize();
        QTest::newRow("one side") << "1920" << QSize();
        QTest::newRow("empty") << "" << QSize();
    }
    void export_size_parse() {
        QFETCH(QString, text);
        QFETCH(QSize, size);
        const std::optional<QSize> parsed = ExportSize::parse(text);
        QCOMPARE(parsed.has_value(), size.isValid());
        if (parsed) QCOMPARE(*parsed, size);
    }

    void export_size_problem_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("scale");
        QTest::addColumn<QString>("problem");  // empty: accepted
        QTest::newRow("default") << QSize(1920, 1080) << 1.0 << "";
        QTest::newRow("smallest") << QSize(200, 150) << 1.0 << "";
        QTest::newRow("10x10 too small")
            << QSize(10, 10) << 1.0 << "10×10 is too small: the least is 200×150";
        QTest::newRow("99999x99999 (the segfault)")
            << QSize(99999, 99999) << 1.0
            << "99999×99999 at 1× is 10000 megapixels; the most is 64";
        QTest::newRow("one long side")
            << QSize(20000, 200) << 1.0
            << "20000×200 at 1× is 20000×200 pixels; each side is at most 16384";
        QTest::newRow("scaled area")
            << QSize(3840, 2160) << 8.0 << "3840×2160 at 8× is 531 megapixels; the most is 64";
        QTest::newRow("scale zero")
            << QSize(1920, 1080) << 0.0 << "scale 0: must be from 0.25 to 8";
        QTest::newRow("scale nan")
            << QSize(1920, 1080) << qQNaN() << "scale nan: must be from 0.25 to 8";
    }
    void export_size_problem() {
        QFETCH(QSize, size);
        QFETCH(double, scale);
        QFETCH(QString, problem);
        const std::optional<std::string> found = ExportSize::problem(size, scale);
        QCOMPARE(found ? QString::fromStdString(*found) : QString(), problem);
    }
    void export_size_scale_parse() {
        QCOMPARE(ExportSize::parse_scale("2"), std::optional<double>(2));
        QCOMPARE(ExportSize::parse_scale("1.5"), std::optional<double>(1.5));
        QVERIFY(!ExportSize::parse_scale(" 2"));
        QVERIFY(!ExportSize::parse_scale("inf"));
        QVERIFY(!ExportSize::parse_scale("1e400"));
        QVERIFY(!ExportSize::parse_scale("two"));
    }

    void layer_names_data() {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("problem");  // empty: valid
        const QString npy = " (it names the .npy files)";
        QTest::newRow("plain") << QStringList{"fc1", "block 1", "σ"} << "";
        QTest::newRow("64 bytes") << QStringList{QString(64, 'a')} << "";
        QTest::newRow("250 characters (defect 6)")
            << QStringList{"fc0", QString(250, 'n')}
            << "layers[1].name: must be at most 64 bytes" + npy + ", got 250: \"" +
                   QString(79, 'n') + "…\"";
        QTest::newRow("slash") << QStringList{"a/b"}
                               << "layers[0].name: must not contain '/', '\\' or control "
                                  "characters" +
                                      npy + ", got \"a/b\"";
        QTest::newRow("escape bytes shown escaped")
            << QStringList{QString("a\x1b[2Jb")}
            << "layers[0].name: must not contain '/', '\\' or control characters" + npy +
                   ", got \"a\\x1b[2Jb\"";
        QTest::newRow("leading dot")
            << QStringList{".."}
            << "layers[0].name: must not start with '.'" + npy + ", got \"..\"";
        QTest::newRow("case collision")
            << QStringList{"fc1", "FC1"}
            << "layers[1].name: \"FC1\" differs from layers[0].name \"fc1\" only in case (their "
               "files would collide on a case-insensitive file system)";
        QTest::newRow("same name") << QStringList{"fc1", "fc1"}
                                   << "layers[1].name: \"fc1\" is already the name of layers[0]";
    }
    void layer_names() {
        QFETCH(QStringList, names);
        QFETCH(QString, problem);
        std::vector<std::string> list;
        for (const QString& name : names) list.push_back(name.toStdString());
        QCOMPARE(first_problem(network_named(list)), problem);
    }

    void invalid_utf8_name_is_refused() {
        QVERIFY(first_problem(network_named({"a\xff"})).contains("\"a\\xff\""));
    }

    void overflow_is_blamed_on_what_overflows() {
        // The weight fits in 64 bits, weight + bias does not (defect 9).
        Network n = network_named({"wide"});
        n.layers[0].in = (int64_t(1) << 32) - 1;
        n.layers[0].out = int64_t(1) << 31;
        QVERIFY(n.layers[0].weight_count() < SaturatingCount::kMax);
        QCOMPARE(n.layers[0].parameter_count(), SaturatingCount::kMax);
        QCOMPARE(first_problem(n),
                 QString("layers[0]: the weight 2147483648 × 4294967295 and the bias 2147483648 "
                         "together have more elements than a 64-bit count can hold"));
        n.layers[0].bias = false;
        QCOMPARE(first_problem(n), QString());
        n.layers[0].in = int64_t(1) << 33;  // now the weight itself overflows
        QCOMPARE(first_problem(n),
                 QString("layers[0]: the weight 2147483648 × 8589934592 has more elements than "
                         "a 64-bit count can hold"));
    }
};

QTEST_APPLESS_MAIN(TestTextAndSizes)
#include "tst_text_and_sizes.moc"
