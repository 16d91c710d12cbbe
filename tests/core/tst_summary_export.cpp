// SummaryExport: histogram bins and the statistics table as CSV (header, column count per row,
// RFC 4180 quoting, values equal to the summary's bit for bit) and JSON (schema, values), and
// the atomic save (issue 4, "Numbers as data").
#include "core/io/summary_export.h"
#include "core/model/materializer.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/network_summary.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include "test_support.h"

#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

using namespace initscope;

namespace {

/// Three layers covering the awkward cases: a name with a comma and quotes, an unbounded
/// normal (support ±∞), a point mass (zeros: no KS), formulas with commas, a layer without bias.
Network network() {
    Network n;
    n.seed = 7;
    n.layers.push_back(test::linear_layer(
        "in, \"quoted\"", 20, 30, InitSpec(SchemeId::XavierUniform), InitSpec(SchemeId::Zeros)));
    InitSpec normal(SchemeId::Normal);
    normal.set("std", 0.02);
    n.layers.push_back(test::linear_layer("fc1", 30, 10, normal, InitSpec(SchemeId::TorchDefault)));
    Layer last = test::linear_layer("out", 10, 3, InitSpec(SchemeId::KaimingUniform), InitSpec());
    last.bias = false;
    n.layers.push_back(last);
    return n;
}

NetworkSummary summarize(const Network& n) {
    HistogramOptions options;
    options.bins = 12;
    return NetworkSummary::of(n, Materializer::materialize(n), options);
}

/// RFC 4180 reader: rows of fields (quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false, row_open = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(field);
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(field);
            field.clear();
            rows.emplace_back();
            row_open = false;
            continue;
        } else {
            field += c;
        }
        row_open = true;
    }
    if (row_open) rows.back().push_back(field);
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

/// A CSV number back as a double: "" is NaN, "inf"/"-inf" infinities.
double number(const std::string& s) {
    if (s.empty()) return std::nan("");
    return std::strtod(s.c_str(), nullptr);
}

bool same(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

std::string role(const TensorSummary& t) {
    return t.role == TensorRole::Weight ? "weight" : "bias";
}

}  // namespace

class TestSummaryExport : public QObject {
    Q_OBJECT
    Network network_ = network();
    NetworkSummary summary_ = summarize(network_);

private slots:
    void csv_field_quoting() {
        QCOMPARE(SummaryExport::csv_field("fc1"), std::string("fc1"));
        QCOMPARE(SummaryExport::csv_field("a,b"), std::string("\"a,b\""));
        QCOMPARE(SummaryExport::csv_field("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(SummaryExport::csv_field("two\nlines"), std::string("\"two\nlines\""));
        QCOMPARE(SummaryExport::csv_number(0.1), std::string("0.1"));
        QCOMPARE(SummaryExport::csv_number(-INFINITY), std::string("-inf"));
        QCOMPARE(SummaryExport::csv_number(std::nan("")), std::string());
    }

    void histograms_csv() {
        const auto rows = parse_csv(SummaryExport::histograms_csv(summary_).toStdString());
        QCOMPARE(rows.front(), SummaryExport::histogram_columns());
        QCOMPARE(rows.front(), (std::vector<std::string>{"tensor", "layer", "role", "bin", "lo",
                                                         "hi", "count", "probability", "density"}));
        size_t expected = 1;
        for (const TensorSummary& t : summary_.tensors) expected += size_t(t.histogram.bins());
        QCOMPARE(rows.size(), expected);
        size_t r = 1;
        for (const TensorSummary& t : summary_.tensors) {
            const auto probability = t.histogram.heights(HistogramScale::Probability);
            const auto density = t.histogram.heights(HistogramScale::Density);
            for (int i = 0; i < t.histogram.bins(); ++i, ++r) {
                const auto& row = rows[r];
                QCOMPARE(row.size(), size_t(9));
                QCOMPARE(row[0], t.label());
                QCOMPARE(row[1], t.layer_name);
                QCOMPARE(row[2], role(t));
                QCOMPARE(row[3], std::to_string(i));
                QCOMPARE(number(row[4]), t.histogram.edges()[size_t(i)]);
                QCOMPARE(number(row[5]), t.histogram.edges()[size_t(i) + 1]);
                QCOMPARE(std::stoll(row[6]), t.histogram.counts()[size_t(i)]);
                QCOMPARE(number(row[7]), probability[size_t(i)]);
                QCOMPARE(number(row[8]), density[size_t(i)]);
            }
        }
    }

    void statistics_csv() {
        const auto rows = parse_csv(SummaryExport::statistics_csv(summary_).toStdString());
        QCOMPARE(rows.front(), SummaryExport::statistics_columns());
        QCOMPARE(rows.front().size(), size_t(21));
        QCOMPARE(rows.size(), summary_.tensors.size() + 1);
        QCOMPARE(summary_.tensors.size(), size_t(5));  // the last layer has no bias
        for (size_t i = 0; i < summary_.tensors.size(); ++i) {
            const TensorSummary& t = summary_.tensors[i];
            const auto& row = rows[i + 1];
            QCOMPARE(row.size(), size_t(21));
            QCOMPARE(row[0], t.label());
            QCOMPARE(row[1], t.layer_name);
            QCOMPARE(row[2], role(t));
            QCOMPARE(row[3], SchemeRegistry::key(t.spec.scheme()));
            QCOMPARE(row[4], t.shape.to_string());
            QCOMPARE(std::stoll(row[5]), t.fans.fan_in);
            QCOMPARE(std::stoll(row[6]), t.fans.fan_out);
            QCOMPARE(std::stoll(row[7]), t.stats.n);
            const double expected[] = {
                t.stats.mean,          t.stats.stddev,       t.stats.variance,  t.stats.min,
                t.stats.max,           t.theory.mean(),      t.theory.stddev(), t.theory.variance(),
                t.theory.support_lo(), t.theory.support_hi()};
            for (size_t c = 0; c < std::size(expected); ++c)
                QVERIFY2(
                    same(number(row[8 + c]), expected[c]),
                    qPrintable(QString::fromStdString(rows.front()[8 + c] + " " + row[8 + c])));
            QVERIFY(same(number(row[18]), t.theory.continuous() ? t.ks : std::nan("")));
            QCOMPARE(row[19], std::string(t.deviates() ? "true" : "false"));
            QCOMPARE(row[20], t.theory.formula_filled());
        }
        QCOMPARE(rows[1][1], std::string("in, \"quoted\""));
        QCOMPARE(rows[2][18], std::string());        // zeros: a point mass has no KS distance
        QCOMPARE(rows[3][16], std::string("-inf"));  // the normal's support
        QCOMPARE(rows[3][17], std::string("inf"));
    }

    void statistics_json() {
        const QJsonDocument doc = QJsonDocument::fromJson(SummaryExport::statistics_json(summary_));
        QVERIFY(doc.isArray());
        const QJsonArray tensors = doc.array();
        QCOMPARE(tensors.size(), qsizetype(summary_.tensors.size()));
        const QStringList keys{"layer",   "tensor", "scheme", "shape", "fan_in",
                               "fan_out", "n",      "mean",   "std",   "var",
                               "min",     "max",    "theory", "ks",    "formula"};
        for (qsizetype i = 0; i < tensors.size(); ++i) {
            const TensorSummary& t = summary_.tensors[size_t(i)];
            const QJsonObject o = tensors[i].toObject();
            QStringList have = o.keys();
            have.sort();
            QStringList want = keys;
            want.sort();
            QCOMPARE(have, want);
            QCOMPARE(o["layer"].toString().toStdString(), t.layer_name);
            QCOMPARE(o["tensor"].toString().toStdString(), role(t));
            QCOMPARE(o["n"].toInteger(), t.stats.n);
            QCOMPARE(o["mean"].toDouble(), t.stats.mean);
            QCOMPARE(o["std"].toDouble(), t.stats.stddev);
            QCOMPARE(o["shape"].toArray().size(), qsizetype(t.shape.dims().size()));
            const QJsonObject theory = o["theory"].toObject();
            QCOMPARE(theory.keys(), (QStringList{"mean", "std", "support", "var"}));
            QCOMPARE(theory["support"].toArray().size(), 2);
            if (t.theory.continuous())
                QCOMPARE(o["ks"].toDouble(), t.ks);
            else
                QVERIFY(o["ks"].isNull());
        }
        // ±∞ support ends are null (JSON has no infinity).
        QVERIFY(tensors[2]["theory"]["support"][0].isNull());
    }

    void histograms_json() {
        const QJsonDocument doc = QJsonDocument::fromJson(SummaryExport::histograms_json(summary_));
        QVERIFY(doc.isObject());
        const QJsonObject root = doc.object();
        QCOMPARE(root.keys(), (QStringList{"all_biases", "all_weights", "tensors"}));
        const QJsonArray tensors = root["tensors"].toArray();
        QCOMPARE(tensors.size(), qsizetype(summary_.tensors.size()));
        for (qsizetype i = 0; i < tensors.size(); ++i) {
            const TensorSummary& t = summary_.tensors[size_t(i)];
            const QJsonObject o = tensors[i].toObject();
            QCOMPARE(o["layer"].toString().toStdString(), t.layer_name);
            QCOMPARE(o["tensor"].toString().toStdString(), role(t));
            const int bins = t.histogram.bins();
            QCOMPARE(o["bins"].toInt(), bins);
            QCOMPARE(o["edges"].toArray().size(), bins + 1);
            for (const char* key : {"counts", "probability", "density"})
                QCOMPARE(o[key].toArray().size(), bins);
            QCOMPARE(o["binned"].toInteger(), t.histogram.binned());
            for (int b = 0; b < bins; ++b)
                QCOMPARE(o["counts"][b].toInteger(), t.histogram.counts()[size_t(b)]);
            QCOMPARE(o["lo"].toDouble(), t.histogram.lo());
        }
        QCOMPARE(root["all_weights"]["binned"].toInteger(), summary_.weights_histogram.binned());
        QCOMPARE(root["all_biases"]["bins"].toInt(), summary_.biases_histogram.bins());
    }

    void save_is_atomic() {
        QTemporaryDir dir;
        const QString path = dir.filePath("stats.csv");
        QVERIFY(!SummaryExport::save(path, "a,b\n"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("a,b\n"));
        const auto error = SummaryExport::save(dir.filePath("missing/stats.csv"), "x");
        QVERIFY(error);
        QVERIFY(error->find("cannot write") != std::string::npos);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"stats.csv"});
    }
};

QTEST_APPLESS_MAIN(TestSummaryExport)
#include "tst_summary_export.moc"
