#include "core/io/propagation_export.h"

#include "core/io/json_values.h"
#include "core/model/choice_spelling.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace initscope {

namespace {

QString qtext(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QJsonValue theory_json(const MeanFieldLayer& theory) {
    return QJsonObject{{"pre_std", JsonValues::number(theory.pre_std)},
                       {"chi1", JsonValues::number(theory.chi1)},
                       {"grad_pre_std", JsonValues::number(theory.grad_pre_std)},
                       {"sigma_w2", JsonValues::number(theory.sigma_w2)},
                       {"sigma_b2", JsonValues::number(theory.sigma_b2)},
                       {"note", theory.note.empty() ? QJsonValue() : qtext(theory.note)}};
}

}  // namespace

QByteArray PropagationExport::json(const ProbeResult& probe,
                                   const std::vector<MeanFieldLayer>& theory) {
    QJsonArray layers;
    for (size_t i = 0; i < probe.layers.size(); ++i) {
        const LayerSignal& l = probe.layers[i];
        layers.append(QJsonObject{
            {"layer", qtext(l.layer)},
            {"activation", qtext(ChoiceSpelling::name(l.activation.kind))},
            {"pre", JsonValues::moments(l.pre)},
            {"post", JsonValues::moments(l.post)},
            {"saturated", JsonValues::number(l.saturated_fraction)},
            {"dead", JsonValues::number(l.dead_fraction)},
            {"zeros", JsonValues::number(l.zero_fraction)},
            {"grad_pre_std", JsonValues::number(l.grad_pre_std)},
            {"grad_post_std", JsonValues::number(l.grad_post_std)},
            {"weight_grad_std", JsonValues::number(l.weight_grad_std)},
            {"bias_grad_std", JsonValues::number(l.bias_grad_std)},
            {"grad_data_ratio", JsonValues::number(l.grad_data_ratio)},
            {"theory", i < theory.size() ? theory_json(theory[i]) : QJsonValue()},
        });
    }
    const QJsonObject top{{"batch", static_cast<qint64>(probe.settings.batch)},
                          {"input", qtext(ChoiceSpelling::name(probe.settings.input))},
                          {"layers", layers}};
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

}  // namespace initscope
