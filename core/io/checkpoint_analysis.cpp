#include "core/io/checkpoint_analysis.h"

#include "core/io/chunked_analysis.h"
#include "core/io/json_values.h"
#include "core/io/tensor_chunks.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <sstream>

namespace initscope {

namespace {

/// The weight a bias belongs to: its name with the last "bias" as "weight".
const CheckpointTensor* weight_of(const Checkpoint& checkpoint, const CheckpointTensor& bias) {
    const size_t at = bias.name.rfind("bias");
    if (at == std::string::npos) return nullptr;
    const std::string name = bias.name.substr(0, at) + "weight" + bias.name.substr(at + 4);
    for (const CheckpointTensor& t : checkpoint.tensors())
        if (t.name == name && t.shape.size() >= 2) return &t;
    return nullptr;
}

TensorContext context_of(const Checkpoint& checkpoint, const CheckpointTensor& tensor) {
    TensorContext context;
    context.shape = TensorShape(tensor.shape);
    if (tensor.shape.size() >= 2) {
        context.role = TensorRole::Weight;
        context.weight_fans = context.shape.fans();
    } else {
        context.role = TensorRole::Bias;
        if (const CheckpointTensor* weight = weight_of(checkpoint, tensor))
            context.weight_fans = TensorShape(weight->shape).fans();
    }
    return context;
}

QJsonValue text(const std::string& s) {
    return QString::fromStdString(s);
}

}  // namespace

CheckpointTensorAnalysis CheckpointAnalysis::analyse_one(const Checkpoint& checkpoint,
                                                         const CheckpointTensor& tensor) {
    return *analyse_one(checkpoint, tensor, {});  // never stopped without a progress callback
}

std::optional<CheckpointTensorAnalysis> CheckpointAnalysis::analyse_one(
    const Checkpoint& checkpoint, const CheckpointTensor& tensor,
    const std::function<bool(int64_t, int64_t)>& progress) {
    CheckpointTensorAnalysis analysis;
    analysis.tensor = &tensor;
    analysis.context = context_of(checkpoint, tensor);
    if (!TensorDtypes::analysable(tensor.dtype)) return analysis;
    std::optional<ChunkedAnalysis::Result> result =
        ChunkedAnalysis::of(tensor, analysis.context, kHistogramBins, progress,
                            TensorChunks::kDefaultChunkValues, &checkpoint);
    if (!result) return std::nullopt;
    analysis.analysed = true;
    analysis.stats = result->stats;
    analysis.histogram = std::move(result->histogram);
    analysis.fingerprint = std::move(result->fingerprint);
    return analysis;
}

std::optional<std::vector<CheckpointTensorAnalysis>> CheckpointAnalysis::analyse(
    const Checkpoint& checkpoint, const std::function<bool(int64_t, int64_t)>& progress) {
    int64_t total = 0, done = 0;
    for (const CheckpointTensor& t : checkpoint.tensors()) total += t.numel;
    std::vector<CheckpointTensorAnalysis> analyses;
    for (const CheckpointTensor& t : checkpoint.tensors()) {
        std::optional<CheckpointTensorAnalysis> analysis =
            analyse_one(checkpoint, t, [&](int64_t in_tensor, int64_t) {
                return !progress || progress(done + in_tensor, total);
            });
        if (!analysis) return std::nullopt;
        analyses.push_back(std::move(*analysis));
        done += t.numel;
        if (progress && !progress(done, total)) return std::nullopt;
    }
    return analyses;
}

QByteArray CheckpointAnalysis::statistics_json(
    const Checkpoint& checkpoint, const std::string& file,
    const std::vector<CheckpointTensorAnalysis>& analyses) {
    QJsonArray tensors;
    for (const CheckpointTensorAnalysis& a : analyses) {
        const CheckpointTensor& t = *a.tensor;
        QJsonArray shape;
        for (int64_t d : t.shape) shape.append(static_cast<qint64>(d));
        QJsonObject object{{"layer", text(t.name)},
                           {"tensor", t.shape.size() >= 2   ? "weight"
                                      : t.shape.size() == 1 ? "bias"
                                                            : "other"},
                           {"dtype", text(std::string(TensorDtypes::name(t.dtype)))},
                           {"shape", shape},
                           {"file", text(t.file)}};
        if (a.analysed) {
            const QJsonObject moments = JsonValues::moments(a.stats);
            for (auto it = moments.begin(); it != moments.end(); ++it)
                object.insert(it.key(), it.value());
            object.insert("n", static_cast<qint64>(a.stats.n));
            object.insert("non_finite", static_cast<qint64>(a.stats.non_finite));
            object.insert("var", JsonValues::number(a.stats.variance));
            QJsonArray fingerprint;
            for (const InitFingerprint::Match& m : a.fingerprint.matches)
                fingerprint.append(QJsonObject{{"scheme", text(SchemeRegistry::key(m.scheme))},
                                               {"ks", JsonValues::number(m.ks)},
                                               {"theory_std", JsonValues::number(m.theory_std)},
                                               {"std_ratio", JsonValues::number(m.std_ratio)}});
            object.insert("fingerprint", fingerprint);
            const InitFingerprint::Fit& fit = a.fingerprint.fit;
            const double bound = std::sqrt(3.0) * fit.stddev;
            object.insert(
                "fit",
                QJsonObject{{"normal", QJsonObject{{"mean", JsonValues::number(fit.mean)},
                                                   {"std", JsonValues::number(fit.stddev)},
                                                   {"ks", JsonValues::number(fit.ks_normal)}}},
                            {"uniform", QJsonObject{{"a", JsonValues::number(fit.mean - bound)},
                                                    {"b", JsonValues::number(fit.mean + bound)},
                                                    {"ks", JsonValues::number(fit.ks_uniform)}}}});
            object.insert("histogram", JsonValues::histogram(a.histogram));
        }
        tensors.append(object);
    }
    QJsonObject metadata;
    for (const auto& [key, value] : checkpoint.metadata())
        metadata.insert(QString::fromStdString(key), text(value));
    const QJsonObject root{{"file", text(file)},
                           {"format", text(checkpoint.format())},
                           {"metadata", metadata},
                           {"tensors", tensors}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::string CheckpointAnalysis::table(const std::vector<CheckpointTensorAnalysis>& analyses) {
    std::ostringstream out;
    for (const CheckpointTensorAnalysis& a : analyses) {
        const CheckpointTensor& t = *a.tensor;
        out << t.name << "  " << TensorDtypes::name(t.dtype) << "  "
            << TensorShape(t.shape).to_string() << "  n " << NumberFormat::grouped(t.numel);
        if (a.analysed) {
            out << "  mean " << NumberFormat::short_number(a.stats.mean) << "  std "
                << NumberFormat::short_number(a.stats.stddev);
            if (!a.fingerprint.matches.empty()) {
                const InitFingerprint::Match& best = a.fingerprint.matches.front();
                out << "  closest " << SchemeRegistry::key(best.scheme) << " (KS "
                    << NumberFormat::short_number(best.ks) << ", std "
                    << NumberFormat::short_number(best.std_ratio) << "× its)";
            }
            out << "  normal fit KS " << NumberFormat::short_number(a.fingerprint.fit.ks_normal);
        }
        out << "\n";
    }
    return out.str();
}

}  // namespace initscope
