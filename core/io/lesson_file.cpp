#include "core/io/lesson_file.h"

#include "core/io/bounded_file_reader.h"
#include "core/io/config_file.h"
#include "core/io/config_values.h"
#include "core/io/lesson_text.h"
#include "core/io/preset_library.h"
#include "core/model/choice_spelling.h"
#include "core/schemes/scheme_registry.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cctype>

namespace initscope {

namespace {

constexpr int kFormatVersion = 1;

/// The scale names of "axes.scale", in HistogramScale's order.
const std::vector<std::string>& scale_names() {
    static const std::vector<std::string> names{"counts", "probability", "density"};
    return names;
}

std::string layer_list(const Network& network) {
    std::vector<std::string> names;
    for (const Layer& layer : network.layers) names.push_back(layer.name);
    return ConfigValues::join_list(names);
}

/// Layer `name`'s index, or a refusal naming the layers there are.
std::optional<int> layer_index(const Network& network, const std::string& name,
                               std::string& error) {
    for (size_t i = 0; i < network.layers.size(); ++i)
        if (network.layers[i].name == name) return int(i);
    error = "no layer '" + name + "' (layers: " + layer_list(network) + ")";
    return std::nullopt;
}

NetworkEdits::Result refused(std::string error) {
    NetworkEdits::Result result;
    result.error = std::move(error);
    return result;
}

TensorRole role_at(const QJsonObject& object, const std::string& path) {
    const std::string key = ConfigValues::join(path, "role");
    if (!object.contains("role")) ConfigValues::fail(key, "missing (expected weight or bias)");
    const std::string role = ConfigValues::string_at(object["role"], key);
    if (role == Layer::role_name(TensorRole::Weight)) return TensorRole::Weight;
    if (role == Layer::role_name(TensorRole::Bias)) return TensorRole::Bias;
    ConfigValues::fail(key,
                       "expected weight or bias, got " + ConfigValues::describe(object["role"]));
}

std::string required_string(const QJsonObject& object, const std::string& path, const char* key) {
    if (!object.contains(key)) ConfigValues::fail(ConfigValues::join(path, key), "missing");
    return ConfigValues::string_at(object[key], ConfigValues::join(path, key));
}

/// The object's init keys ("scheme" and its parameters), as a config's init object.
InitSpec spec_at(QJsonObject object, const std::string& path) {
    if (!object.contains("scheme"))
        ConfigValues::fail(ConfigValues::join(path, "scheme"), "missing (a scheme's key)");
    object.remove("role");
    object.remove("layer");
    return ConfigFile::init_spec_at(object, path);
}

/// An edit on layer `layer` by name: `edit` gets its index.
template <class Edit>
std::function<NetworkEdits::Result(const Network&)> on_layer(std::string layer, Edit edit) {
    return [layer = std::move(layer), edit](const Network& network) {
        std::string error;
        const std::optional<int> index = layer_index(network, layer, error);
        if (!index) return refused(error);
        return edit(network, *index);
    };
}

LessonEdit edit_at(const QJsonValue& value, const std::string& path) {
    const QJsonObject outer = ConfigValues::object_at(value, path);
    const std::vector<std::string> kinds{"apply_to_all",   "set_scheme", "set_init_parameter",
                                         "set_activation", "set_seed",   "set_probe"};
    if (outer.size() != 1)
        ConfigValues::fail(path, "expected one edit {\"<kind>\": …} with a kind out of " +
                                     ConfigValues::join_list(kinds));
    ConfigValues::check_keys(outer, path, kinds, "an edit");
    const std::string kind = outer.keys().front().toStdString();
    const std::string at = ConfigValues::join(path, kind);
    const QJsonValue body = outer.begin().value();
    LessonEdit edit;
    if (kind == "set_seed") {
        const int64_t seed = ConfigValues::int_at(body, at);
        edit.text = "seed " + std::to_string(seed);
        edit.apply = [seed](const Network& n) {
            return NetworkEdits::set_seed(n, static_cast<uint64_t>(seed));
        };
        return edit;
    }
    if (kind == "set_probe") {
        const ProbeSettings probe = ConfigFile::probe_settings_at(body, at);
        edit.text = "probe batch " + std::to_string(probe.batch);
        edit.apply = [probe](const Network& n) { return NetworkEdits::set_probe(n, probe); };
        return edit;
    }
    const QJsonObject object = ConfigValues::object_at(body, at);
    if (kind == "apply_to_all") {
        const TensorRole role = role_at(object, at);
        const InitSpec spec = spec_at(object, at);
        edit.text = "every " + std::string(Layer::role_name(role)) + " → " +
                    SchemeRegistry::key(spec.scheme());
        edit.apply = [role, spec](const Network& n) {
            return NetworkEdits::apply_to_all(n, role, spec);
        };
    } else if (kind == "set_scheme") {
        const std::string layer = required_string(object, at, "layer");
        const TensorRole role = role_at(object, at);
        const InitSpec spec = spec_at(object, at);
        edit.text = layer + "." + std::string(Layer::role_name(role)) + " → " +
                    SchemeRegistry::key(spec.scheme());
        const bool defaults = spec.params().empty();
        edit.apply = on_layer(layer, [role, spec, defaults](const Network& n, int index) {
            return defaults ? NetworkEdits::set_scheme(n, index, role, spec.scheme())
                            : NetworkEdits::set_init(n, index, role, spec);
        });
    } else if (kind == "set_init_parameter") {
        ConfigValues::check_keys(object, at, {"layer", "role", "name", "value"}, "the edit");
        const std::string layer = required_string(object, at, "layer");
        const TensorRole role = role_at(object, at);
        const std::string name = required_string(object, at, "name");
        const std::string value_at = ConfigValues::join(at, "value");
        if (!object.contains("value")) ConfigValues::fail(value_at, "missing");
        const QJsonValue v = object["value"];
        if (!v.isDouble() && !v.isString())
            ConfigValues::fail(value_at,
                               "expected a number or a choice, got " + ConfigValues::describe(v));
        const ParamValue value =
            v.isDouble() ? ParamValue(v.toDouble()) : ParamValue(v.toString().toStdString());
        edit.text =
            layer + "." + std::string(Layer::role_name(role)) + " " + name + " → " +
            (v.isDouble() ? ConfigValues::json_number(v.toDouble()) : v.toString().toStdString());
        edit.apply = on_layer(layer, [role, name, value](const Network& n, int index) {
            return NetworkEdits::set_init_parameter(n, index, role, name, value);
        });
    } else {  // set_activation
        ConfigValues::check_keys(object, at, {"layer", "activation"}, "the edit");
        const std::string layer = required_string(object, at, "layer");
        const std::string name = required_string(object, at, "activation");
        const std::optional<Activation> activation = ChoiceSpelling::parse<Activation>(name);
        if (!activation)
            ConfigValues::fail(ConfigValues::join(at, "activation"),
                               "expected one of " + ChoiceSpelling::list<Activation>() + ", got " +
                                   ConfigValues::describe(object["activation"]));
        edit.text = layer + " activation → " + name;
        edit.apply = on_layer(layer, [activation](const Network& n, int index) {
            return NetworkEdits::set_activation(n, index, *activation);
        });
    }
    return edit;
}

LessonTensor tensor_at(const QJsonValue& value, const std::string& path) {
    const std::string text = ConfigValues::string_at(value, path);
    const size_t dot = text.rfind('.');
    LessonTensor tensor;
    const std::string role = dot == std::string::npos ? "" : text.substr(dot + 1);
    if (role == Layer::role_name(TensorRole::Weight))
        tensor.role = TensorRole::Weight;
    else if (role == Layer::role_name(TensorRole::Bias))
        tensor.role = TensorRole::Bias;
    else
        ConfigValues::fail(
            path, "expected a tensor such as \"fc1.weight\", got " + ConfigValues::describe(value));
    tensor.layer = text.substr(0, dot);
    return tensor;
}

LessonAxes axes_at(const QJsonValue& value, const std::string& path) {
    const QJsonObject object = ConfigValues::object_at(value, path);
    ConfigValues::check_keys(object, path, {"shared_range", "scale"}, "the axes");
    LessonAxes axes;
    if (object.contains("shared_range"))
        axes.shared_range =
            ConfigValues::bool_at(object["shared_range"], ConfigValues::join(path, "shared_range"));
    if (object.contains("scale")) {
        const std::string at = ConfigValues::join(path, "scale");
        const std::string name = ConfigValues::string_at(object["scale"], at);
        const std::vector<std::string>& names = scale_names();
        const auto found = std::find(names.begin(), names.end(), name);
        if (found == names.end())
            ConfigValues::fail(at, "expected one of " + ConfigValues::join_list(names) + ", got " +
                                       ConfigValues::describe(object["scale"]));
        axes.scale = static_cast<HistogramScale>(found - names.begin());
    }
    return axes;
}

/// Reads step `index`; `shown` is the network shown before it (nullopt: whatever the window has)
/// and becomes the one shown after it.
LessonStep step_at(const QJsonValue& value, const std::string& path, const QString& directory,
                   std::optional<Network>& shown) {
    const QJsonObject object = ConfigValues::object_at(value, path);
    ConfigValues::check_keys(object, path,
                             {"title", "text", "preset", "config", "edits", "tab", "select", "axes",
                              "question", "answer"},
                             "a step");
    LessonStep step;
    step.title = required_string(object, path, "title");
    if (step.title.empty()) ConfigValues::fail(ConfigValues::join(path, "title"), "is empty");
    for (const auto& [key, field] :
         {std::pair{"text", &step.text}, std::pair{"question", &step.question},
          std::pair{"answer", &step.answer}})
        if (object.contains(key))
            *field = ConfigValues::string_at(object[key], ConfigValues::join(path, key));
    if (!step.answer.empty() && step.question.empty())
        ConfigValues::fail(ConfigValues::join(path, "answer"), "an answer needs a \"question\"");
    if (object.contains("preset") && object.contains("config"))
        ConfigValues::fail(ConfigValues::join(path, "config"),
                           "a step shows a \"preset\" or a \"config\", not both");
    if (object.contains("preset")) {
        const std::string name = required_string(object, path, "preset");
        ConfigFile::Result loaded = PresetLibrary::load(name);
        if (!loaded) ConfigValues::fail(ConfigValues::join(path, "preset"), loaded.error);
        step.network = std::move(loaded.network);
        step.source = "preset " + name;
    } else if (object.contains("config")) {
        const QString file = QString::fromStdString(required_string(object, path, "config"));
        const QString full = QDir(directory).filePath(file);
        ConfigFile::Result loaded = ConfigFile::read(full);
        if (!loaded) ConfigValues::fail(ConfigValues::join(path, "config"), loaded.error);
        step.network = std::move(loaded.network);
        step.source = file.toStdString();
    }
    if (step.network) shown = step.network;
    if (object.contains("edits")) {
        const std::string at = ConfigValues::join(path, "edits");
        if (!object["edits"].isArray())
            ConfigValues::fail(
                at, "expected a list of edits, got " + ConfigValues::describe(object["edits"]));
        const QJsonArray edits = object["edits"].toArray();
        for (qsizetype i = 0; i < edits.size(); ++i) {
            const std::string edit_path = at + "[" + std::to_string(i) + "]";
            LessonEdit edit = edit_at(edits[i], edit_path);
            if (shown) {
                NetworkEdits::Result result = edit.apply(*shown);
                if (!result) ConfigValues::fail(edit_path, result.error);
                shown = std::move(result.network);
            }
            step.edits.push_back(std::move(edit));
        }
    }
    if (object.contains("tab")) {
        const std::string at = ConfigValues::join(path, "tab");
        const std::string name = ConfigValues::string_at(object["tab"], at);
        const std::vector<std::string>& tabs = LessonFile::tab_names();
        const auto found = std::find(tabs.begin(), tabs.end(), name);
        if (found == tabs.end())
            ConfigValues::fail(at, "expected one of " + ConfigValues::join_list(tabs) + ", got " +
                                       ConfigValues::describe(object["tab"]));
        step.tab = int(found - tabs.begin());
    }
    if (object.contains("select")) {
        const std::string at = ConfigValues::join(path, "select");
        step.select = tensor_at(object["select"], at);
        if (shown && step.select->index_in(*shown) < 0)
            ConfigValues::fail(
                at, "no tensor " + step.select->label() + " (layers: " + layer_list(*shown) + ")");
    }
    if (object.contains("axes"))
        step.axes = axes_at(object["axes"], ConfigValues::join(path, "axes"));
    for (const auto& [key, field] :
         {std::pair{"text", &step.text}, std::pair{"question", &step.question},
          std::pair{"answer", &step.answer}})
        if (const std::optional<std::string> problem =
                LessonText::problem(*field, shown ? &*shown : nullptr))
            ConfigValues::fail(ConfigValues::join(path, key), *problem);
    return step;
}

Lesson lesson_at(const QJsonDocument& document, const QString& directory) {
    if (!document.isObject())
        ConfigValues::fail("", "the top level must be an object {…}, got " +
                                   std::string(document.isArray() ? "a list" : "a value"));
    const QJsonObject top = document.object();
    ConfigValues::check_keys(top, "", {"format", "version", "title", "description", "steps"},
                             "the top level");
    if (top.contains("format") &&
        ConfigValues::string_at(top["format"], "format") != "initscope-lesson")
        ConfigValues::fail("format", "expected \"initscope-lesson\", got " +
                                         ConfigValues::describe(top["format"]));
    if (top.contains("version")) {
        const int64_t version = ConfigValues::int_at(top["version"], "version");
        if (version != kFormatVersion)
            ConfigValues::fail("version", "this InitScope reads lesson version " +
                                              std::to_string(kFormatVersion) + ", got " +
                                              std::to_string(version));
    }
    Lesson lesson;
    lesson.title = required_string(top, "", "title");
    if (lesson.title.empty()) ConfigValues::fail("title", "is empty");
    if (top.contains("description"))
        lesson.description = ConfigValues::string_at(top["description"], "description");
    if (!top.contains("steps")) ConfigValues::fail("steps", "missing (a lesson needs steps)");
    if (!top["steps"].isArray() || top["steps"].toArray().isEmpty())
        ConfigValues::fail("steps", "expected a list of at least one step, got " +
                                        ConfigValues::describe(top["steps"]));
    const QJsonArray steps = top["steps"].toArray();
    std::optional<Network> shown;
    for (qsizetype i = 0; i < steps.size(); ++i)
        lesson.steps.push_back(
            step_at(steps[i], "steps[" + std::to_string(i) + "]", directory, shown));
    return lesson;
}

}  // namespace

std::string LessonTensor::label() const {
    return layer + "." + std::string(Layer::role_name(role));
}

int LessonTensor::index_in(const Network& network) const {
    for (size_t i = 0; i < network.layers.size(); ++i)
        if (network.layers[i].name == layer)
            return role == TensorRole::Bias && !network.layers[i].bias ? -1 : int(i);
    return -1;
}

LessonFile::Result LessonFile::parse(const QByteArray& json, const std::string& file,
                                     const QString& directory) {
    Result result;
    const std::optional<QJsonDocument> document = ConfigFile::parse_json(json, file, &result.error);
    if (!document) return result;
    try {
        result.lesson = lesson_at(*document, directory);
    } catch (const ConfigError& error) {
        result.error = file + ": " + (error.path.empty() ? "" : error.path + ": ") + error.message;
    }
    return result;
}

LessonFile::Result LessonFile::read(const QString& path) {
    Result result;
    const std::optional<QByteArray> bytes = BoundedFileReader::read(path, kMaxBytes, &result.error);
    if (!bytes) return result;
    const QFileInfo info(path);
    return parse(*bytes, info.fileName().toStdString(), info.absolutePath());
}

const std::vector<std::string>& LessonFile::tab_names() {
    static const std::vector<std::string> names{"overview", "layers", "theory", "propagation",
                                                "spectrum", "sweep",  "weights"};
    return names;
}

std::string LessonFile::slug(const std::string& title) {
    std::string out;
    bool dash = false;
    for (const char c : title) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) && u < 0x80) {
            if (dash && !out.empty()) out += '-';
            dash = false;
            out += static_cast<char>(std::tolower(u));
        } else {
            dash = true;
        }
    }
    if (out.size() > 40)
        out.resize(out.rfind('-', 40) == std::string::npos ? 40 : out.rfind('-', 40));
    return out.empty() ? "step" : out;
}

}  // namespace initscope
