#include "core/io/summary_export.h"

#include "core/io/json_values.h"
#include "core/schemes/scheme_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include "core/io/atomic_file_writer.h"

#include <charconv>
#include <cmath>

namespace initscope {

namespace {

std::string role_name(TensorRole role) {
    return std::string(Layer::role_name(role));
}

QString qtext(const std::string& s) {
    return QString::fromStdString(s);
}

/// Joins fields (already CSV-encoded) into one line.
void append_row(std::string& out, const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        out += fields[i];
    }
    out += '\n';
}

std::string header_line(const std::vector<std::string>& columns) {
    std::string out;
    append_row(out, columns);
    return out;
}

}  // namespace

const std::vector<std::string>& SummaryExport::histogram_columns() {
    static const std::vector<std::string> columns{"tensor", "layer", "role",        "bin",    "lo",
                                                  "hi",     "count", "probability", "density"};
    return columns;
}

const std::vector<std::string>& SummaryExport::statistics_columns() {
    static const std::vector<std::string> columns{
        "tensor",     "layer",      "role",       "scheme",     "shape", "fan_in",   "fan_out",
        "n",          "mean",       "std",        "var",        "min",   "max",      "theory_mean",
        "theory_std", "theory_var", "support_lo", "support_hi", "ks",    "deviates", "formula"};
    return columns;
}

std::string SummaryExport::csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string SummaryExport::csv_number(double value) {
    if (std::isnan(value)) return {};
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

QByteArray SummaryExport::histograms_csv(const NetworkSummary& summary) {
    std::vector<HistogramRows> tensors;
    tensors.reserve(summary.tensors.size());
    for (const TensorSummary& t : summary.tensors)
        tensors.push_back({t.label(), t.layer_name, role_name(t.role), &t.histogram});
    return histograms_csv(tensors);
}

QByteArray SummaryExport::histograms_csv(const std::vector<HistogramRows>& tensors) {
    std::string out = header_line(histogram_columns());
    for (const HistogramRows& t : tensors) {
        const Histogram& h = *t.histogram;
        const std::vector<double> probability = h.heights(HistogramScale::Probability);
        const std::vector<double> density = h.heights(HistogramScale::Density);
        const std::string tensor = csv_field(t.tensor);
        const std::string layer = csv_field(t.layer);
        const std::string role = csv_field(t.role);
        for (int i = 0; i < h.bins(); ++i) {
            const auto bin = static_cast<size_t>(i);
            append_row(out, {tensor, layer, role, std::to_string(i), csv_number(h.edges()[bin]),
                             csv_number(h.edges()[bin + 1]), std::to_string(h.counts()[bin]),
                             csv_number(probability[bin]), csv_number(density[bin])});
        }
    }
    return QByteArray::fromStdString(out);
}

QByteArray SummaryExport::histograms_json(const NetworkSummary& summary) {
    QJsonArray tensors;
    for (const TensorSummary& t : summary.tensors) {
        QJsonObject object = JsonValues::histogram(t.histogram);
        object.insert("layer", qtext(t.layer_name));
        object.insert("tensor", qtext(role_name(t.role)));
        tensors.append(object);
    }
    const QJsonValue biases = summary.bias_count > 0
                                  ? QJsonValue(JsonValues::histogram(summary.biases_histogram))
                                  : QJsonValue();
    const QJsonObject root{{"tensors", tensors},
                           {"all_weights", JsonValues::histogram(summary.weights_histogram)},
                           {"all_biases", biases}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray SummaryExport::statistics_csv(const NetworkSummary& summary) {
    std::string out = header_line(statistics_columns());
    for (const TensorSummary& t : summary.tensors) {
        const Theory& theory = t.theory;
        const double ks = theory.continuous() ? t.ks : std::nan("");
        append_row(out, {csv_field(t.label()),
                         csv_field(t.layer_name),
                         role_name(t.role),
                         csv_field(SchemeRegistry::key(t.spec.scheme())),
                         csv_field(t.shape.to_string()),
                         std::to_string(t.fans.fan_in),
                         std::to_string(t.fans.fan_out),
                         std::to_string(t.stats.n),
                         csv_number(t.stats.mean),
                         csv_number(t.stats.stddev),
                         csv_number(t.stats.variance),
                         csv_number(t.stats.min),
                         csv_number(t.stats.max),
                         csv_number(theory.mean()),
                         csv_number(theory.stddev()),
                         csv_number(theory.variance()),
                         csv_number(theory.support_lo()),
                         csv_number(theory.support_hi()),
                         csv_number(ks),
                         t.deviates() ? "true" : "false",
                         csv_field(theory.formula_filled())});
    }
    return QByteArray::fromStdString(out);
}

QByteArray SummaryExport::statistics_json(const NetworkSummary& summary) {
    QJsonArray tensors;
    for (const TensorSummary& t : summary.tensors) {
        QJsonArray shape;
        for (int64_t d : t.shape.dims()) shape.append(static_cast<qint64>(d));
        const Theory& theory = t.theory;
        const QJsonObject theory_json{
            {"mean", JsonValues::number(theory.mean())},
            {"std", JsonValues::number(theory.stddev())},
            {"var", JsonValues::number(theory.variance())},
            // An infinite end of the support (the normal) is null.
            {"support", QJsonArray{JsonValues::number(theory.support_lo()),
                                   JsonValues::number(theory.support_hi())}}};
        tensors.append(
            QJsonObject{{"layer", qtext(t.layer_name)},
                        {"tensor", qtext(role_name(t.role))},
                        {"scheme", qtext(SchemeRegistry::key(t.spec.scheme()))},
                        {"shape", shape},
                        {"fan_in", static_cast<qint64>(t.fans.fan_in)},
                        {"fan_out", static_cast<qint64>(t.fans.fan_out)},
                        {"n", static_cast<qint64>(t.stats.n)},
                        {"mean", JsonValues::number(t.stats.mean)},
                        {"std", JsonValues::number(t.stats.stddev)},
                        {"var", JsonValues::number(t.stats.variance)},
                        {"min", JsonValues::number(t.stats.min)},
                        {"max", JsonValues::number(t.stats.max)},
                        {"theory", theory_json},
                        {"ks", theory.continuous() ? JsonValues::number(t.ks) : QJsonValue()},
                        {"formula", qtext(theory.formula_filled())}});
    }
    return QJsonDocument(tensors).toJson(QJsonDocument::Indented);
}

std::optional<std::string> SummaryExport::save(const QString& path, const QByteArray& bytes) {
    return AtomicFileWriter::write_file(path, bytes);
}

}  // namespace initscope
