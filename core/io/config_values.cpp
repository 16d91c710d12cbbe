#include "core/io/config_values.h"

#include "core/model/quoted_text.h"

#include <QJsonArray>
#include <QLocale>
#include <QVariant>

#include <cmath>

namespace initscope {

namespace {
constexpr double kTwoTo63 = 9223372036854775808.0;
}  // namespace

std::string ConfigValues::json_number(double value) {
    if (!std::isfinite(value)) return "null";
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest).toStdString();
}

void ConfigValues::fail(const std::string& path, const std::string& message) {
    throw ConfigError{path, message};
}

std::string ConfigValues::join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string ConfigValues::join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

/// The value as an exact 64-bit integer when the JSON text wrote one that fits (Qt keeps such
/// literals as qint64; their double may round, e.g. 2^63 − 1 to 2^63), else nullopt.
std::optional<int64_t> ConfigValues::exact_integer(const QJsonValue& value) {
    if (!value.isDouble()) return std::nullopt;
    const QVariant variant = value.toVariant();
    if (variant.typeId() == QMetaType::LongLong) return variant.toLongLong();
    const double d = value.toDouble();
    if (d == std::floor(d) && d < kTwoTo63 && d >= -kTwoTo63) return value.toInteger();
    return std::nullopt;
}

/// The found value, for "expected …, got <describe>" messages; text the user wrote is cut and
/// escaped (QuotedText).
std::string ConfigValues::describe(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::Null:
            return "null";
        case QJsonValue::Bool:
            return value.toBool() ? "true" : "false";
        case QJsonValue::Double:
            if (value.toVariant().typeId() == QMetaType::LongLong)
                return std::to_string(value.toVariant().toLongLong());
            return ConfigValues::json_number(value.toDouble());
        case QJsonValue::String: {
            std::string quoted(1, '"');  // appended, not "\"" + s: GCC 12 warns falsely there
            quoted += QuotedText::shown(value.toString().toStdString());
            return quoted += '"';
        }
        case QJsonValue::Array: {
            const QJsonArray array = value.toArray();
            std::string out = "[";
            for (qsizetype i = 0; i < array.size() && i < 8; ++i) {
                if (array[i].isArray() || array[i].isObject()) return "a list";
                out += (i > 0 ? ", " : "") + describe(array[i]);
            }
            return out + (array.size() > 8 ? ", …]" : "]");
        }
        case QJsonValue::Object:
            return "an object";
        case QJsonValue::Undefined:
            break;
    }
    return "nothing";
}

void ConfigValues::check_keys(const QJsonObject& object, const std::string& path,
                              const std::vector<std::string>& allowed, const std::string& what) {
    for (const QString& key : object.keys()) {
        const std::string name = key.toStdString();
        bool known = false;
        for (const std::string& a : allowed) known = known || a == name;
        if (!known)
            fail(join(path, QuotedText::shown(name)),
                 "unknown key in " + what + " (expected " + join_list(allowed) + ")");
    }
}

QJsonObject ConfigValues::object_at(const QJsonValue& value, const std::string& path) {
    if (!value.isObject()) fail(path, "expected an object {…}, got " + describe(value));
    return value.toObject();
}

std::string ConfigValues::string_at(const QJsonValue& value, const std::string& path) {
    if (!value.isString()) fail(path, "expected a string, got " + describe(value));
    return value.toString().toStdString();
}

bool ConfigValues::bool_at(const QJsonValue& value, const std::string& path) {
    if (!value.isBool()) fail(path, "expected true or false, got " + describe(value));
    return value.toBool();
}

int64_t ConfigValues::int_at(const QJsonValue& value, const std::string& path) {
    if (!value.isDouble()) fail(path, "expected an integer, got " + describe(value));
    if (const std::optional<int64_t> exact = exact_integer(value)) return *exact;
    const double d = value.toDouble();
    if (d != std::floor(d)) fail(path, "expected an integer, got " + describe(value));
    fail(path, "expected an integer within ±2^63, got " + describe(value));
}

/// An int, or a list with one entry per spatial dimension.
std::vector<int64_t> ConfigValues::sizes_at(const QJsonValue& value, const std::string& path,
                                            int dims) {
    if (value.isDouble())
        return std::vector<int64_t>(static_cast<size_t>(dims), int_at(value, path));
    if (!value.isArray())
        fail(path, "expected an integer or a list of " + std::to_string(dims) + " integers, got " +
                       describe(value));
    const QJsonArray array = value.toArray();
    if (array.size() != dims)
        fail(path, "expected " + std::to_string(dims) + " integer" + (dims == 1 ? "" : "s") +
                       " (one per spatial dimension), got " + describe(value));
    std::vector<int64_t> sizes;
    for (qsizetype i = 0; i < array.size(); ++i)
        sizes.push_back(int_at(array[i], path + "[" + std::to_string(i) + "]"));
    return sizes;
}

/// stride / padding: one value for every spatial dimension.
int64_t ConfigValues::uniform_size_at(const QJsonValue& value, const std::string& path,
                                      std::string_view what, int dims) {
    const std::vector<int64_t> sizes = sizes_at(value, path, dims);
    for (int64_t s : sizes)
        if (s != sizes.front())
            fail(path, "InitScope uses one " + std::string(what) + " for every dimension, got " +
                           describe(value));
    return sizes.front();
}

}  // namespace initscope
