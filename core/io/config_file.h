#pragma once

#include "core/model/network.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <string>

namespace initscope {

/// The JSON config file a user saves and shares (format "initscope", version 1):
///
///   { "format": "initscope", "version": 1, "description": "…", "seed": 0, "flavour": "fma",
///     "input_shape": [3, 32, 32],
///     "layers": [ { "name": "c1", "kind": "conv2d", "in_channels": 3, "out_channels": 16,
///                   "kernel_size": [3, 3], "stride": 1, "padding": 1, "groups": 1, "bias": true,
///                   "activation": "relu",
///                   "weight_init": { "scheme": "kaiming_normal", "mode": "fan_out" },
///                   "bias_init": { "scheme": "zeros" } }, … ] }
///
/// Required: "layers", and per layer "name", "kind" and its sizes (linear: in_features,
/// out_features; conv: in_channels, out_channels, kernel_size). Everything else is optional:
/// format/version are checked when present, seed 0, flavour fma, stride 1, padding 0, groups 1,
/// bias true, activation relu, init objects torch_default, omitted parameters the scheme's
/// defaults. kernel_size, stride and padding take an int or a list (one entry per spatial
/// dimension; stride and padding must be equal in every dimension). Seeds are JSON integers,
/// negative ones taken as two's complement (as torch.manual_seed does); seeds beyond the exact
/// range of a JSON number may be given as decimal strings ("18446744073709551615").
/// Unknown keys at any level are errors.
class ConfigFile {
public:
    /// A network, or why there is none: one line "<file>: <path>: <message>", e.g.
    /// "config.json: layers[2].weight_init.std: must be ≥ 0, got -1".
    struct Result {
        std::optional<Network> network;
        std::string description;  ///< the optional top-level "description"
        std::string error;        ///< empty on success
        explicit operator bool() const { return network.has_value(); }
    };

    /// Reads a config from JSON text. `file` names it in error messages ("config.json").
    /// With `validate`, NetworkValidation::problems() must be empty too (the first is reported).
    static Result parse(const QByteArray& json, const std::string& file, bool validate = true);
    /// Reads the file at `path` (named as given in error messages).
    static Result read(const QString& path, bool validate = true);
    /// The largest config read() accepts: a network of thousands of layers fits in well under this.
    static constexpr int64_t kMaxBytes = int64_t(4) << 20;

    /// The JSON of a file named `file`, or nullopt with `*error` set to one line: the file is
    /// empty, malformed ("<file>: line 3, column 7: malformed JSON: …") or writes a key twice in
    /// one object. Every InitScope JSON input (configs, lessons) is read through this.
    static std::optional<QJsonDocument> parse_json(const QByteArray& json, const std::string& file,
                                                   std::string* error);
    /// A "weight_init" / "bias_init" object ({"scheme": "…", parameters…}) at `path`, read as a
    /// config reads it; throws ConfigError (config_values.h) naming the place. For other files
    /// that name an initialization (lessons).
    static InitSpec init_spec_at(const QJsonValue& value, const std::string& path);
    /// A "probe" object ({"batch": 1000, "input": "normal"}), likewise.
    static ProbeSettings probe_settings_at(const QJsonValue& value, const std::string& path);

    /// The network as a config, keys in a fixed readable order; read(write(n)) == n exactly.
    static QByteArray write(const Network& network, const std::string& description = {});
    /// Writes the config atomically (AtomicFileWriter). Returns an error line, or nullopt on
    /// success.
    static std::optional<std::string> save(const Network& network, const QString& path,
                                           const std::string& description = {});
};

}  // namespace initscope
