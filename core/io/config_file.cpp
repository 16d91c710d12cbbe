#include "core/io/config_file.h"

#include "core/io/config_values.h"

#include "core/io/bounded_file_reader.h"
#include "core/io/json_duplicate_keys.h"
#include "core/model/quoted_text.h"

#include "core/model/network_validation.h"
#include "core/model/seed.h"
#include "core/schemes/scheme_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>
#include <QVariant>
#include "core/io/atomic_file_writer.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

namespace initscope {

namespace {

constexpr int kFormatVersion = 2;  ///< 2 added "probe" and the activations gelu, silu
constexpr double kTwoTo53 = 9007199254740992.0;

/// A JSON string literal with JSON escaping.
std::string json_string(const std::string& text) {
    const QByteArray array =
        QJsonDocument(QJsonArray{QString::fromStdString(text)}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2).toStdString();
}

/// torch.manual_seed's range: [−2^63, 2^64 − 1]; negatives become their two's complement.
uint64_t seed_at(const QJsonValue& value, const std::string& path) {
    if (value.isString()) {
        if (const auto seed = Seed::parse(value.toString().toStdString())) return *seed;
        ConfigValues::fail(
            path, "expected an integer from -9223372036854775808 to 18446744073709551615, got " +
                      ConfigValues::describe(value));
    }
    if (!value.isDouble())
        ConfigValues::fail(path, "expected an integer (a number, or a decimal string), got " +
                                     ConfigValues::describe(value));
    if (const std::optional<int64_t> exact = ConfigValues::exact_integer(value))
        return static_cast<uint64_t>(*exact);  // negatives: two's complement, as torch takes them
    const double d = value.toDouble();
    if (d != std::floor(d))
        ConfigValues::fail(path, "expected an integer, got " + ConfigValues::describe(value));
    ConfigValues::fail(path, ConfigValues::describe(value) +
                                 " is beyond what a JSON number holds exactly; write the seed as a "
                                 "string, e.g. \"18446744073709551615\"");
}

/// {"batch": 1000, "input": "normal"}; both keys optional.
ProbeSettings probe_at(const QJsonValue& value, const std::string& path) {
    const QJsonObject object = ConfigValues::object_at(value, path);
    ConfigValues::check_keys(object, path, {"batch", "input"}, "the probe settings");
    ProbeSettings probe;
    if (object.contains("batch")) {
        const std::string batch_path = ConfigValues::join(path, "batch");
        probe.batch = ConfigValues::int_at(object["batch"], batch_path);
        if (probe.batch < 1 || probe.batch > ProbeSettings::kMaxBatch)
            ConfigValues::fail(batch_path,
                               "expected 1 to " + std::to_string(ProbeSettings::kMaxBatch) +
                                   " samples, got " + ConfigValues::describe(object["batch"]));
    }
    if (object.contains("input")) {
        const std::string input_path = ConfigValues::join(path, "input");
        const std::optional<ProbeInput> input =
            ChoiceSpelling::parse<ProbeInput>(ConfigValues::string_at(object["input"], input_path));
        if (!input)
            ConfigValues::fail(input_path, "expected one of " + ChoiceSpelling::list<ProbeInput>() +
                                               ", got " + ConfigValues::describe(object["input"]));
        probe.input = *input;
    }
    return probe;
}

InitSpec init_at(const QJsonValue& value, const std::string& path) {
    const QJsonObject object = ConfigValues::object_at(value, path);
    SchemeId id = SchemeId::TorchDefault;
    if (object.contains("scheme")) {
        const std::string key =
            ConfigValues::string_at(object["scheme"], ConfigValues::join(path, "scheme"));
        const SchemeInfo* info = SchemeRegistry::find(key);
        if (info == nullptr) {
            std::vector<std::string> keys;
            for (const SchemeInfo& s : SchemeRegistry::all()) keys.push_back(s.key);
            ConfigValues::fail(ConfigValues::join(path, "scheme"),
                               "unknown scheme " + ConfigValues::describe(object["scheme"]) +
                                   " (expected " + ConfigValues::join_list(keys) + ")");
        }
        id = info->id;
    }
    const SchemeInfo& info = SchemeRegistry::info(id);
    InitSpec spec(id);
    for (const QString& qkey : object.keys()) {
        const std::string key = qkey.toStdString();
        if (key == "scheme") continue;
        const ParamInfo* param = SchemeRegistry::param(id, key);
        if (param == nullptr) {
            std::vector<std::string> names;
            for (const ParamInfo& p : info.params) names.push_back(p.name);
            ConfigValues::fail(
                ConfigValues::join(path, key),
                "unknown key: " + info.key + " has no parameter '" + key + "' (" +
                    (names.empty() ? "it has none"
                                   : "its parameters: " + ConfigValues::join_list(names)) +
                    ")");
        }
        const QJsonValue v = object[qkey];
        if (param->kind == ParamKind::Choice) {
            if (!v.isString())
                ConfigValues::fail(ConfigValues::join(path, key),
                                   "expected one of " + ConfigValues::join_list(param->choices) +
                                       ", got " + ConfigValues::describe(v));
            spec.set(key, v.toString().toStdString());
        } else {
            if (!v.isDouble())
                ConfigValues::fail(
                    ConfigValues::join(path, key),
                    std::string("expected ") +
                        (param->kind == ParamKind::Integer ? "an integer" : "a number") + ", got " +
                        ConfigValues::describe(v));
            spec.set(key, v.toDouble());
        }
    }
    return spec;
}

Layer layer_at(const QJsonValue& value, const std::string& path) {
    const QJsonObject object = ConfigValues::object_at(value, path);
    if (!object.contains("kind"))
        ConfigValues::fail(ConfigValues::join(path, "kind"),
                           "missing (expected linear, conv1d or conv2d)");
    Layer layer;
    const std::string kind =
        ConfigValues::string_at(object["kind"], ConfigValues::join(path, "kind"));
    if (!Layer::parse_kind(kind, layer.kind))
        ConfigValues::fail(
            ConfigValues::join(path, "kind"),
            "expected linear, conv1d or conv2d, got " + ConfigValues::describe(object["kind"]));
    const std::string in_key(layer.in_key()), out_key(layer.out_key());
    std::vector<std::string> allowed{"name", "kind", in_key, out_key};
    std::vector<std::string> required = allowed;
    if (layer.is_conv()) {
        required.push_back("kernel_size");
        allowed.insert(allowed.end(), {"kernel_size", "stride", "padding", "groups"});
    }
    allowed.insert(allowed.end(),
                   {"bias", "activation", "negative_slope", "weight_init", "bias_init"});
    ConfigValues::check_keys(object, path, allowed, "a " + kind + " layer");
    for (const std::string& key : required)
        if (!object.contains(QString::fromStdString(key)))
            ConfigValues::fail(
                ConfigValues::join(path, key),
                "missing (a " + kind + " layer needs " + ConfigValues::join_list(required) + ")");

    layer.name = ConfigValues::string_at(object["name"], ConfigValues::join(path, "name"));
    layer.in = ConfigValues::int_at(object[QString::fromStdString(in_key)],
                                    ConfigValues::join(path, in_key));
    layer.out = ConfigValues::int_at(object[QString::fromStdString(out_key)],
                                     ConfigValues::join(path, out_key));
    if (layer.is_conv()) {
        const int dims = layer.spatial_dims();
        layer.kernel_size = ConfigValues::sizes_at(object["kernel_size"],
                                                   ConfigValues::join(path, "kernel_size"), dims);
        if (object.contains("stride"))
            layer.stride = ConfigValues::uniform_size_at(
                object["stride"], ConfigValues::join(path, "stride"), "stride", dims);
        if (object.contains("padding"))
            layer.padding = ConfigValues::uniform_size_at(
                object["padding"], ConfigValues::join(path, "padding"), "padding", dims);
        if (object.contains("groups"))
            layer.groups =
                ConfigValues::int_at(object["groups"], ConfigValues::join(path, "groups"));
    }
    if (object.contains("bias"))
        layer.bias = ConfigValues::bool_at(object["bias"], ConfigValues::join(path, "bias"));
    if (object.contains("activation")) {
        const std::string activation_path = ConfigValues::join(path, "activation");
        const std::string name = ConfigValues::string_at(object["activation"], activation_path);
        std::optional<Activation> activation = ChoiceSpelling::parse<Activation>(name);
        // Version 1 took calculate_gain's names, where conv1d and conv2d are the identity.
        if (!activation && (name == "conv1d" || name == "conv2d")) activation = Activation::Linear;
        if (!activation)
            ConfigValues::fail(activation_path, "expected one of " +
                                                    ChoiceSpelling::list<Activation>() + ", got " +
                                                    ConfigValues::describe(object["activation"]));
        layer.activation = *activation;
    }
    if (object.contains("negative_slope")) {
        const std::string slope_path = ConfigValues::join(path, "negative_slope");
        const QJsonValue slope = object["negative_slope"];
        if (!slope.isDouble() || !std::isfinite(slope.toDouble()))
            ConfigValues::fail(slope_path,
                               "expected a number (leaky_relu's slope for x < 0), got " +
                                   ConfigValues::describe(slope));
        layer.negative_slope = slope.toDouble();
    }
    for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
        const std::string key = std::string(Layer::role_name(role)) + "_init";
        if (object.contains(QString::fromStdString(key)))
            layer.init(role) =
                init_at(object[QString::fromStdString(key)], ConfigValues::join(path, key));
    }
    return layer;
}

/// "line 3, column 7" of a byte offset into the text (both 1-based).
std::string location(const QByteArray& json, qsizetype offset) {
    int line = 1, column = 1;
    for (qsizetype i = 0; i < offset && i < json.size(); ++i) {
        if (json[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(json[i]) & 0xC0) != 0x80) {
            ++column;  // count characters, not UTF-8 continuation bytes
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Network network_at(const QJsonDocument& document, std::string& description) {
    if (!document.isObject())
        ConfigValues::fail("", "the top level must be an object {…}, got " +
                                   std::string(document.isArray() ? "a list" : "a value"));
    const QJsonObject top = document.object();
    ConfigValues::check_keys(
        top, "",
        {"format", "version", "description", "seed", "flavour", "input_shape", "probe", "layers"},
        "the top level");
    if (top.contains("format")) {
        const std::string format = ConfigValues::string_at(top["format"], "format");
        if (format != "initscope")
            ConfigValues::fail(
                "format", "expected \"initscope\", got " + ConfigValues::describe(top["format"]));
    }
    if (top.contains("version")) {
        const int64_t version = ConfigValues::int_at(top["version"], "version");
        if (version > kFormatVersion)
            ConfigValues::fail("version", "this file is version " + std::to_string(version) +
                                              ", newer than this InitScope reads (" +
                                              std::to_string(kFormatVersion) + ")");
        if (version < 1)
            ConfigValues::fail("version", "expected 1, got " + std::to_string(version));
    }
    if (top.contains("description"))
        description = ConfigValues::string_at(top["description"], "description");
    Network network;
    if (top.contains("seed")) network.seed = seed_at(top["seed"], "seed");
    if (top.contains("flavour")) {
        const std::string name = ConfigValues::string_at(top["flavour"], "flavour");
        const std::optional<Flavour> flavour = parse_flavour(name);
        if (!flavour)
            ConfigValues::fail("flavour", "expected fma or portable, got " +
                                              ConfigValues::describe(top["flavour"]));
        network.flavour = *flavour;
    }
    if (top.contains("input_shape")) {
        const QJsonValue value = top["input_shape"];
        if (!value.isArray())
            ConfigValues::fail("input_shape",
                               "expected a list of integers ([features], [channels, length] or "
                               "[channels, height, width]), got " +
                                   ConfigValues::describe(value));
        std::vector<int64_t> shape;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            shape.push_back(
                ConfigValues::int_at(array[i], "input_shape[" + std::to_string(i) + "]"));
        network.input_shape = std::move(shape);
    }
    if (top.contains("probe")) network.probe = probe_at(top["probe"], "probe");
    if (!top.contains("layers"))
        ConfigValues::fail("layers", "missing (a config needs a list of layers)");
    if (!top["layers"].isArray())
        ConfigValues::fail(
            "layers", "expected a list of layers, got " + ConfigValues::describe(top["layers"]));
    const QJsonArray layers = top["layers"].toArray();
    for (qsizetype i = 0; i < layers.size(); ++i)
        network.layers.push_back(layer_at(layers[i], "layers[" + std::to_string(i) + "]"));
    return network;
}

void write_init(std::string& out, const InitSpec& spec) {
    const SchemeInfo& info = SchemeRegistry::info(spec.scheme());
    out += "{ \"scheme\": " + json_string(info.key);
    auto write_value = [&out](const std::string& name, const ParamValue& value) {
        out += ", " + json_string(name) + ": ";
        if (const double* number = std::get_if<double>(&value))
            out += ConfigValues::json_number(*number);
        else
            out += json_string(std::get<std::string>(value));
    };
    // Registry order first (readable), then anything else the spec holds (kept for round trips).
    for (const ParamInfo& p : info.params)
        if (auto it = spec.params().find(p.name); it != spec.params().end())
            write_value(p.name, it->second);
    for (const auto& [name, value] : spec.params())
        if (SchemeRegistry::param(spec.scheme(), name) == nullptr) write_value(name, value);
    out += " }";
}

std::string list_json(const std::vector<int64_t>& values) {
    std::string out = "[";
    for (size_t i = 0; i < values.size(); ++i)
        out += (i > 0 ? ", " : "") + std::to_string(values[i]);
    return out + "]";
}

std::string seed_json(uint64_t seed) {
    if (static_cast<double>(seed) < kTwoTo53) return std::to_string(seed);
    const auto as_signed = static_cast<int64_t>(seed);
    if (as_signed < 0 && static_cast<double>(as_signed) > -kTwoTo53)
        return std::to_string(as_signed);  // torch.manual_seed(-1) reads as written
    return "\"" + std::to_string(seed) + "\"";
}

}  // namespace

ConfigFile::Result ConfigFile::parse(const QByteArray& json, const std::string& file,
                                     bool validate) {
    Result result;
    const std::optional<QJsonDocument> document = parse_json(json, file, &result.error);
    if (!document) return result;
    try {
        Network network = network_at(*document, result.description);
        if (validate) {
            const std::vector<std::string> problems = NetworkValidation::problems(network);
            if (!problems.empty()) {
                result.error = file + ": " + problems.front();
                return result;
            }
        }
        result.network = std::move(network);
    } catch (const ConfigError& error) {
        result.error = file + ": " + (error.path.empty() ? "" : error.path + ": ") + error.message;
    }
    return result;
}

std::optional<QJsonDocument> ConfigFile::parse_json(const QByteArray& json, const std::string& file,
                                                    std::string* error) {
    if (json.trimmed().isEmpty()) {
        *error = file + ": the file is empty (expected a JSON object)";
        return std::nullopt;
    }
    QJsonParseError parse_error;
    QJsonDocument document = QJsonDocument::fromJson(json, &parse_error);
    if (parse_error.error != QJsonParseError::NoError) {
        *error = file + ": " + location(json, parse_error.offset) +
                 ": malformed JSON: " + parse_error.errorString().toStdString();
        return std::nullopt;
    }
    if (const auto duplicate = JsonDuplicateKeys::first(json)) {
        *error = file + ": " + location(json, duplicate->offset) + ": the key \"" +
                 QuotedText::shown(duplicate->key) +
                 "\" is given twice in one object (only one is allowed)";
        return std::nullopt;
    }
    return document;
}

InitSpec ConfigFile::init_spec_at(const QJsonValue& value, const std::string& path) {
    return init_at(value, path);
}

ProbeSettings ConfigFile::probe_settings_at(const QJsonValue& value, const std::string& path) {
    return probe_at(value, path);
}

ConfigFile::Result ConfigFile::read(const QString& path, bool validate) {
    std::string error;
    const std::optional<QByteArray> bytes = BoundedFileReader::read(path, kMaxBytes, &error);
    if (!bytes) {
        Result result;
        result.error = error;
        return result;
    }
    return parse(*bytes, path.toStdString(), validate);
}

QByteArray ConfigFile::write(const Network& network, const std::string& description) {
    std::string out = "{\n";
    out += "    \"format\": \"initscope\",\n";
    out += "    \"version\": " + std::to_string(kFormatVersion) + ",\n";
    if (!description.empty()) out += "    \"description\": " + json_string(description) + ",\n";
    out += "    \"seed\": " + seed_json(network.seed) + ",\n";
    out += "    \"flavour\": " + json_string(std::string(flavour_name(network.flavour))) + ",\n";
    if (network.input_shape)
        out += "    \"input_shape\": " + list_json(*network.input_shape) + ",\n";
    out += "    \"probe\": {\"batch\": " + std::to_string(network.probe.batch) +
           ", \"input\": " + json_string(std::string(ChoiceSpelling::name(network.probe.input))) +
           "},\n";
    out += "    \"layers\": [";
    for (size_t i = 0; i < network.layers.size(); ++i) {
        const Layer& layer = network.layers[i];
        out += i == 0 ? "\n" : ",\n";
        out += "        {\n";
        out += "            \"name\": " + json_string(layer.name) + ",\n";
        out += "            \"kind\": " + json_string(std::string(Layer::kind_name(layer.kind)));
        out +=
            ",\n            \"" + std::string(layer.in_key()) + "\": " + std::to_string(layer.in);
        out +=
            ",\n            \"" + std::string(layer.out_key()) + "\": " + std::to_string(layer.out);
        if (layer.is_conv()) {
            out += ",\n            \"kernel_size\": " + list_json(layer.kernel_size);
            out += ",\n            \"stride\": " + std::to_string(layer.stride);
            out += ",\n            \"padding\": " + std::to_string(layer.padding);
            out += ",\n            \"groups\": " + std::to_string(layer.groups);
        }
        out += ",\n            \"bias\": " + std::string(layer.bias ? "true" : "false");
        out += ",\n            \"activation\": " +
               json_string(std::string(ChoiceSpelling::name(layer.activation)));
        if (layer.activation == Activation::LeakyRelu)
            out += ",\n            \"negative_slope\": " +
                   ConfigValues::json_number(layer.negative_slope);
        for (TensorRole role : {TensorRole::Weight, TensorRole::Bias}) {
            out += ",\n            \"" + std::string(Layer::role_name(role)) + "_init\": ";
            write_init(out, layer.init(role));
        }
        out += "\n        }";
    }
    out += network.layers.empty() ? "]\n}\n" : "\n    ]\n}\n";
    return QByteArray::fromStdString(out);
}

std::optional<std::string> ConfigFile::save(const Network& network, const QString& path,
                                            const std::string& description) {
    return AtomicFileWriter::write_file(path, write(network, description));
}

}  // namespace initscope
