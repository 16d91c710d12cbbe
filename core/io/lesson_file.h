#pragma once

#include "core/model/network.h"
#include "core/model/network_edits.h"
#include "core/model/tensor_context.h"
#include "core/stats/histogram.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace initscope {

/// A tensor named as "fc1.weight": its layer's name and its role.
struct LessonTensor {
    std::string layer;
    TensorRole role = TensorRole::Weight;
    /// "fc1.weight"
    std::string label() const;
    /// The layer's index in `network`, or −1 when it has no such layer (or a bias it lacks).
    int index_in(const Network& network) const;
    bool operator==(const LessonTensor&) const = default;
};

/// One edit of a lesson step: a NetworkEdits function with its arguments, layers by name.
struct LessonEdit {
    std::string text;  ///< what it does, for the undo step: "every weight → xavier_normal"
    /// The edited network, or why not (a layer the network lacks is named).
    std::function<NetworkEdits::Result(const Network&)> apply;
};

/// The view options a step sets on the Layers tab; unset members keep what is shown.
struct LessonAxes {
    std::optional<bool> shared_range;     ///< "shared x-range" (RangeMode::Shared)
    std::optional<HistogramScale> scale;  ///< counts, probability or density
};

/// One step of a lesson: what is said, and the state shown while it is said.
struct LessonStep {
    std::string title;
    std::string text;  ///< Markdown subset with placeholders (LessonText)
    std::string question;
    std::string answer;  ///< shown after the question, on the next key press
    /// The network the step starts from (its "preset" or "config"); nullopt: the step continues
    /// from the network shown (the previous step's).
    std::optional<Network> network;
    std::string source;  ///< "preset course" or the config's path; empty without a network
    std::vector<LessonEdit> edits;  ///< applied in order after `network`
    int tab = -1;                   ///< index into LessonFile::tab_names(); −1 keeps the tab
    std::optional<LessonTensor> select;
    LessonAxes axes;

    /// Whether the step changes the network (a preset/config, or edits).
    bool sets_network() const { return network.has_value() || !edits.empty(); }
};

struct Lesson {
    std::string title;
    std::string description;
    std::vector<LessonStep> steps;  ///< at least one
};

/// The lesson file a teacher writes and shares (format "initscope-lesson", version 1):
///
///   { "format": "initscope-lesson", "version": 1, "title": "…", "description": "…",
///     "steps": [ { "title": "Xavier normal", "text": "σ² = 2/(n_in + n_out) …",
///                  "preset": "course",            // or "config": "net.json" (relative to
///                                                 //    the lesson file); neither: keep
///                  "edits": [ {"apply_to_all": {"role": "weight", "scheme": "xavier_normal"}},
///                             {"set_scheme": {"layer": "fc1", "role": "bias",
///                                             "scheme": "constant", "val": 0.1}},
///                             {"set_init_parameter": {"layer": "fc1", "role": "weight",
///                                                     "name": "std", "value": 0.1}},
///                             {"set_activation": {"layer": "fc1", "activation": "tanh"}},
///                             {"set_seed": 0}, {"set_probe": {"batch": 1000}} ],
///                  "tab": "layers", "select": "fc1.weight",
///                  "axes": {"shared_range": true, "scale": "probability"},
///                  "question": "…", "answer": "…" }, … ] }
///
/// Required: "title", "steps" (not empty), and each step's "title". Schemes are their registry
/// keys and their parameters as in a config's "weight_init" (ConfigFile::init_spec_at); choices
/// are spelled as ChoiceSpelling spells them; tabs are the --tab names. Unknown keys at any level
/// are errors. Each step's edits, selection and text placeholders are checked against the network
/// the step shows (the last preset or config so far, with the edits so far applied), so a lesson
/// that reads is a lesson that plays.
class LessonFile {
public:
    /// A lesson, or why there is none: one line "<file>: <path>: <message>", e.g.
    /// "xavier_kaiming.json: steps[3].edits[0].apply_to_all.scheme: unknown scheme \"xavier\" …".
    struct Result {
        std::optional<Lesson> lesson;
        std::string error;  ///< empty on success
        explicit operator bool() const { return lesson.has_value(); }
    };

    /// Reads a lesson from JSON text; `file` names it in messages, `directory` is where its
    /// "config" paths are relative to.
    static Result parse(const QByteArray& json, const std::string& file, const QString& directory);
    /// Reads the lesson file at `path` (named by its file name in messages).
    static Result read(const QString& path);
    static constexpr int64_t kMaxBytes = int64_t(1) << 20;

    /// The window's tabs as --tab names them, in the window's order: overview, layers, theory,
    /// propagation, spectrum, sweep, weights.
    static const std::vector<std::string>& tab_names();
    /// A step title as a file name part: "The output bias: n = 2" → "the-output-bias-n-2".
    static std::string slug(const std::string& title);
};

}  // namespace initscope
