#include "core/io/spectrum_export.h"

#include "core/io/json_values.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace initscope {

namespace {

QJsonValue theory_json(const WeightSpectrum& s) {
    const SpectrumTheory& t = s.theory;
    if (t.kind == SpectrumTheory::Kind::None) return QJsonValue();
    const bool mp = t.kind == SpectrumTheory::Kind::MarchenkoPastur;
    return QJsonObject{{"kind", SpectrumExport::kind_name(t.kind)},
                       {"lower", JsonValues::number(t.lower)},
                       {"upper", JsonValues::number(t.upper)},
                       {"sigma", mp ? JsonValues::number(t.sigma) : QJsonValue()},
                       {"lower_ratio", JsonValues::number(s.lower_ratio)},
                       {"upper_ratio", JsonValues::number(s.upper_ratio)}};
}

QJsonObject values_json(const WeightSpectrum& s) {
    const bool empty = s.singular_values.empty();
    return QJsonObject{
        {"n", static_cast<qint64>(s.singular_values.size())},
        {"min", empty ? QJsonValue() : JsonValues::number(s.singular_values.back())},
        {"max", empty ? QJsonValue() : JsonValues::number(s.singular_values.front())},
        {"method", s.method == SingularValues::Method::Svd ? "svd" : "gram"},
        {"histogram", JsonValues::histogram(s.histogram)}};
}

}  // namespace

const char* SpectrumExport::kind_name(SpectrumTheory::Kind kind) {
    switch (kind) {
        case SpectrumTheory::Kind::MarchenkoPastur:
            return "marchenko_pastur";
        case SpectrumTheory::Kind::Exact:
            return "exact";
        case SpectrumTheory::Kind::None:
            break;
    }
    return "none";
}

QByteArray SpectrumExport::json(const std::vector<WeightSpectrum>& spectra) {
    QJsonArray out;
    for (const WeightSpectrum& s : spectra)
        out.append(QJsonObject{
            {"layer", QString::fromStdString(s.layer)},
            {"shape", QJsonArray{static_cast<qint64>(s.rows), static_cast<qint64>(s.cols)}},
            {"singular_values", values_json(s)},
            {"spectral_norm", JsonValues::number(s.spectral_norm)},
            {"condition_number", JsonValues::number(s.condition_number)},
            {"theory", theory_json(s)},
            {"note", QString::fromStdString(s.theory.note)}});
    return QJsonDocument(out).toJson(QJsonDocument::Indented);
}

}  // namespace initscope
