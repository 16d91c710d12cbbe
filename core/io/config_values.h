#pragma once

#include <QJsonObject>
#include <QJsonValue>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

/// Thrown while a config is read; ConfigFile turns it into "<file>: <path>: <message>".
struct ConfigError {
    std::string path;  ///< where in the file: "layers[2].weight_init.gain"; "" for the top
    std::string message;
};

/// The typed readers of a config's JSON values, each naming the place and what it expected
/// when the value is wrong (by throwing ConfigError), and how values are echoed in messages.
class ConfigValues {
public:
    [[noreturn]] static void fail(const std::string& path, const std::string& message);
    /// "layers[0]" + "name" → "layers[0].name"; "" + "seed" → "seed".
    static std::string join(const std::string& path, std::string_view key);
    /// "a, b, c"
    static std::string join_list(const std::vector<std::string>& items);
    /// Shortest text that reads back as the same double; "null" for non-finite values.
    static std::string json_number(double value);
    /// The value as an exact 64-bit integer when the JSON text wrote one that fits (Qt keeps
    /// such literals as qint64; their double may round, e.g. 2^63 − 1 to 2^63), else nullopt.
    static std::optional<int64_t> exact_integer(const QJsonValue& value);
    /// A value as a message shows it: "null", "1.5", "\"text\"" (cut and escaped), "[1, 2]",
    /// "a list", "an object".
    static std::string describe(const QJsonValue& value);
    /// Fails on the first key of `object` not in `allowed`, naming `what` ("a linear layer").
    static void check_keys(const QJsonObject& object, const std::string& path,
                           const std::vector<std::string>& allowed, const std::string& what);
    static QJsonObject object_at(const QJsonValue& value, const std::string& path);
    static std::string string_at(const QJsonValue& value, const std::string& path);
    static bool bool_at(const QJsonValue& value, const std::string& path);
    /// An integer within ±2^63, exactly as written.
    static int64_t int_at(const QJsonValue& value, const std::string& path);
    /// An int, or a list with one entry per spatial dimension (`dims` of them).
    static std::vector<int64_t> sizes_at(const QJsonValue& value, const std::string& path,
                                         int dims);
    /// stride / padding: one value for every spatial dimension.
    static int64_t uniform_size_at(const QJsonValue& value, const std::string& path,
                                   std::string_view what, int dims);
};

}  // namespace initscope
