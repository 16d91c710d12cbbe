#include "core/io/safetensors_file.h"

#include "core/io/bounded_file_reader.h"
#include "core/io/json_duplicate_keys.h"
#include "core/model/quoted_text.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

namespace initscope {

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr double kExactIntegers = 9007199254740992.0;  // 2^53: JSON numbers beyond are not exact

bool fail(std::string* error, const QString& path, const std::string& reason) {
    if (error) *error = Checkpoint::refusal(path, reason);
    return false;
}

std::string quoted(const QString& text) {
    std::string out = "'";
    out.append(QuotedText::shown(text.toStdString())).append("'");
    return out;
}

/// A JSON value that is an integer in [0, 2^53], else nullopt.
std::optional<int64_t> count_of(const QJsonValue& value) {
    if (!value.isDouble()) return std::nullopt;
    const double d = value.toDouble();
    if (!(d >= 0) || d > kExactIntegers || d != static_cast<double>(static_cast<int64_t>(d)))
        return std::nullopt;
    return static_cast<int64_t>(d);
}

}  // namespace

std::optional<Checkpoint> SafetensorsFile::open(const QString& path, std::string* error) {
    Checkpoint checkpoint;
    if (!read_into(path, checkpoint, error)) return std::nullopt;
    checkpoint.set_format("safetensors");
    return checkpoint;
}

bool SafetensorsFile::read_into(const QString& path, Checkpoint& checkpoint, std::string* error) {
    const QFileInfo info(path);
    if (!info.exists()) return fail(error, path, "no such file");
    if (!info.isFile()) return fail(error, path, "not a regular file");
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly))
        return fail(error, path, file->errorString().toStdString());
    const int64_t size = file->size();
    if (size < 8)
        return fail(error, path,
                    "too short for a safetensors file (" + std::to_string(size) + " bytes)");
    unsigned char* bytes = size > 0 ? file->map(0, size) : nullptr;
    if (!bytes)
        return fail(error, path, "cannot map the file: " + file->errorString().toStdString());
    uint64_t header_length = 0;
    for (int i = 7; i >= 0; --i) header_length = (header_length << 8) | bytes[i];
    if (header_length > uint64_t(kMaxHeaderBytes))
        return fail(error, path,
                    "header length " + std::to_string(header_length) +
                        " is larger than the format's limit of 100,000,000 bytes");
    if (header_length > uint64_t(size - 8))
        return fail(error, path,
                    "header length " + std::to_string(header_length) +
                        " runs past the end of the file (" + std::to_string(size) + " bytes)");
    const QByteArray header =
        QByteArray::fromRawData(reinterpret_cast<const char*>(bytes + 8), qsizetype(header_length));
    QJsonParseError parse{};
    const QJsonDocument document = QJsonDocument::fromJson(header, &parse);
    if (parse.error != QJsonParseError::NoError)
        return fail(error, path,
                    "header is not JSON at byte " + std::to_string(8 + parse.offset) + ": " +
                        parse.errorString().toStdString());
    if (!document.isObject()) return fail(error, path, "header is not a JSON object");
    if (const std::optional<JsonDuplicateKeys::Duplicate> twice = JsonDuplicateKeys::first(header))
        return fail(error, path,
                    "header names '" + QuotedText::shown(twice->key) + "' twice (byte " +
                        std::to_string(8 + twice->offset) + ")");
    const int64_t data_begin = 8 + int64_t(header_length);
    const int64_t data_size = size - data_begin;
    const QJsonObject object = document.object();
    std::vector<CheckpointTensor> tensors;
    std::vector<std::pair<int64_t, int64_t>> ranges;  // [b, e) per tensor
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString name = it.key();
        if (name == QLatin1String("__metadata__")) {
            if (!it.value().isObject()) return fail(error, path, "__metadata__ is not an object");
            const QJsonObject metadata = it.value().toObject();
            for (auto m = metadata.begin(); m != metadata.end(); ++m) {
                if (!m.value().isString())
                    return fail(error, path,
                                "__metadata__ " + quoted(m.key()) + " is not a string");
                checkpoint.metadata()[m.key().toStdString()] = m.value().toString().toStdString();
            }
            continue;
        }
        const std::string where = "tensor " + quoted(name);
        if (name.isEmpty()) return fail(error, path, "a tensor has an empty name");
        if (!it.value().isObject()) return fail(error, path, where + " is not an object");
        const QJsonObject entry = it.value().toObject();
        for (auto key = entry.begin(); key != entry.end(); ++key)
            if (key.key() != QLatin1String("dtype") && key.key() != QLatin1String("shape") &&
                key.key() != QLatin1String("data_offsets"))
                return fail(error, path, where + ": unknown key " + quoted(key.key()));
        const std::optional<TensorDtype> dtype = TensorDtypes::from_safetensors(
            entry.value(QLatin1String("dtype")).toString().toStdString());
        if (!dtype)
            return fail(error, path,
                        where + ": unknown dtype " +
                            quoted(entry.value(QLatin1String("dtype")).toVariant().toString()));
        const QJsonValue shape_value = entry.value(QLatin1String("shape"));
        if (!shape_value.isArray()) return fail(error, path, where + ": shape is not a list");
        CheckpointTensor tensor;
        tensor.name = name.toStdString();
        tensor.dtype = *dtype;
        tensor.file = QFileInfo(path).fileName().toStdString();
        for (const QJsonValue& dim : shape_value.toArray()) {
            const std::optional<int64_t> n = count_of(dim);
            if (!n)
                return fail(error, path, where + ": shape holds something other than a size ≥ 0");
            tensor.shape.push_back(*n);
        }
        const std::optional<int64_t> count = Checkpoint::element_count(tensor.shape);
        if (!count) return fail(error, path, where + ": shape's element count overflows 64 bits");
        const int64_t numel = *count;
        const int element = TensorDtypes::size(*dtype);
        if (numel > kInt64Max / element)
            return fail(error, path, where + ": shape × dtype overflows 64 bits");
        const QJsonValue offsets = entry.value(QLatin1String("data_offsets"));
        const QJsonArray pair = offsets.toArray();
        const std::optional<int64_t> b = pair.size() == 2 ? count_of(pair[0]) : std::nullopt;
        const std::optional<int64_t> e = pair.size() == 2 ? count_of(pair[1]) : std::nullopt;
        if (!offsets.isArray() || !b || !e)
            return fail(error, path, where + ": data_offsets is not [begin, end]");
        if (*b > *e) return fail(error, path, where + ": data_offsets begin after they end");
        if (*e > data_size)
            return fail(error, path,
                        where + ": data_offsets [" + std::to_string(*b) + ", " +
                            std::to_string(*e) + ") run past the data's end (" +
                            std::to_string(data_size) + " bytes, from byte " +
                            std::to_string(data_begin) + ")");
        if (*e - *b != numel * element)
            return fail(error, path,
                        where + ": data_offsets hold " + std::to_string(*e - *b) + " bytes, but " +
                            std::string(TensorDtypes::name(*dtype)) + " × " +
                            std::to_string(numel) + " elements need " +
                            std::to_string(numel * element));
        tensor.numel = numel;
        tensor.bytes = std::span<const unsigned char>(bytes + data_begin + *b, size_t(*e - *b));
        ranges.emplace_back(*b, *e);
        tensors.push_back(std::move(tensor));
    }
    // No two tensors may share bytes (the reference implementation also refuses gaps; a gap is
    // harmless here and is allowed).
    std::vector<size_t> order(tensors.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t x, size_t y) { return ranges[x] < ranges[y]; });
    for (size_t k = 1; k < order.size(); ++k) {
        const auto& previous = ranges[order[k - 1]];
        const auto& current = ranges[order[k]];
        if (current.first < previous.second && current.first != current.second &&
            previous.first != previous.second)
            return fail(error, path,
                        "tensors '" + QuotedText::shown(tensors[order[k - 1]].name) + "' and '" +
                            QuotedText::shown(tensors[order[k]].name) + "' overlap at byte " +
                            std::to_string(data_begin + current.first));
    }
    // In the file's order (by offset), which is the model's.
    for (size_t i : order) checkpoint.tensors().push_back(std::move(tensors[i]));
    checkpoint.keep_mapped(std::move(file), {bytes, size_t(size)});
    return true;
}

std::optional<Checkpoint> SafetensorsFile::open_sharded(const QString& index_path,
                                                        std::string* error) {
    const std::optional<QByteArray> text =
        BoundedFileReader::read(index_path, kMaxIndexBytes, error);
    if (!text) return std::nullopt;
    QJsonParseError parse{};
    const QJsonDocument document = QJsonDocument::fromJson(*text, &parse);
    if (parse.error != QJsonParseError::NoError || !document.isObject()) {
        fail(error, index_path, "not a JSON object");
        return std::nullopt;
    }
    const QJsonValue map_value = document.object().value(QLatin1String("weight_map"));
    if (!map_value.isObject()) {
        fail(error, index_path, "no \"weight_map\" object");
        return std::nullopt;
    }
    const QJsonObject weight_map = map_value.toObject();
    std::vector<QString> shards;  // in first-mention order of the map's (sorted) names
    std::set<QString> seen;
    for (auto it = weight_map.begin(); it != weight_map.end(); ++it) {
        const QString shard = it.value().toString();
        if (!it.value().isString() || shard.isEmpty() || shard.contains('/') ||
            shard.contains('\\') || shard == QLatin1String(".") || shard == QLatin1String("..")) {
            fail(error, index_path,
                 "weight_map " + quoted(it.key()) +
                     ": the shard must be a file name in the "
                     "index's folder");
            return std::nullopt;
        }
        if (seen.insert(shard).second) shards.push_back(shard);
    }
    std::sort(shards.begin(), shards.end());
    const QDir folder = QFileInfo(index_path).absoluteDir();
    Checkpoint checkpoint;
    for (const QString& shard : shards)
        if (!read_into(folder.filePath(shard), checkpoint, error)) return std::nullopt;
    std::map<std::string, const CheckpointTensor*> by_name;
    for (const CheckpointTensor& tensor : checkpoint.tensors()) {
        if (!by_name.emplace(tensor.name, &tensor).second) {
            fail(error, index_path,
                 "tensor '" + QuotedText::shown(tensor.name) + "' is in two shards");
            return std::nullopt;
        }
    }
    for (auto it = weight_map.begin(); it != weight_map.end(); ++it) {
        const auto found = by_name.find(it.key().toStdString());
        if (found == by_name.end() || found->second->file != it.value().toString().toStdString()) {
            fail(error, index_path,
                 "weight_map says tensor " + quoted(it.key()) + " is in " +
                     quoted(it.value().toString()) + ", which does not hold it");
            return std::nullopt;
        }
    }
    checkpoint.set_format("safetensors (" + std::to_string(shards.size()) + " shards)");
    return checkpoint;
}

}  // namespace initscope
