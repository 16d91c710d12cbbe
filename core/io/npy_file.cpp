#include "core/io/npy_file.h"

#include "core/io/atomic_file_writer.h"
#include "core/io/bounded_file_reader.h"
#include "core/io/npy_header.h"
#include "core/model/saturating_count.h"

#include <QBuffer>
#include <QFile>
#include <QSysInfo>
#include <QtEndian>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <string_view>

namespace initscope {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr int kMagicSize = 6;
constexpr int kAlignment = 64;

bool fail(std::string* error, const std::string& message) {
    if (error != nullptr) *error = message;
    return false;
}

}  // namespace

std::string NpyFile::header_dict(const TensorShape& shape) {
    std::string dims;
    for (int i = 0; i < shape.rank(); ++i) dims += (i > 0 ? ", " : "") + std::to_string(shape[i]);
    if (shape.rank() == 1) dims += ",";  // Python's one-element tuple
    return "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
}

std::string NpyFile::header(const TensorShape& shape) {
    std::string dict = header_dict(shape);
    // magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
    const size_t preamble = kMagicSize + 2 + 2;
    const size_t unpadded = preamble + dict.size() + 1;
    dict.append((kAlignment - unpadded % kAlignment) % kAlignment, ' ');
    dict += '\n';
    const auto length = static_cast<quint16>(dict.size());
    std::string bytes(kMagic, kMagicSize);
    bytes += char(1);
    bytes += char(0);
    bytes += char(length & 0xff);
    bytes += char(length >> 8);
    return bytes + dict;
}

std::optional<std::string> NpyFile::stream(QIODevice& device, const Tensor& tensor) {
    const auto failed = [&device]() -> std::optional<std::string> {
        std::string reason = device.errorString().toStdString();
        return reason.empty() ? std::string("unknown error") : reason;
    };
    const std::string head = header(tensor.shape());
    if (device.write(head.data(), static_cast<qint64>(head.size())) !=
        static_cast<qint64>(head.size()))
        return failed();
    const float* values = tensor.data();
    const int64_t n = tensor.numel();
    for (int64_t at = 0; at < n; at += kChunkValues) {
        const int64_t count = std::min<int64_t>(kChunkValues, n - at);
        const auto bytes = static_cast<qint64>(count * 4);
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            // The tensor's own bytes are already the file's: no copy.
            if (device.write(reinterpret_cast<const char*>(values + at), bytes) != bytes)
                return failed();
        } else {
            char chunk[kChunkValues * 4];
            qToLittleEndian<float>(values + at, count, chunk);
            if (device.write(chunk, bytes) != bytes) return failed();
        }
    }
    return std::nullopt;
}

QByteArray NpyFile::encode(const Tensor& tensor) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    stream(buffer, tensor);
    return bytes;
}

std::optional<std::string> NpyFile::write(const QString& path, const Tensor& tensor) {
    AtomicFileWriter file(path);
    std::optional<std::string> reason = file.open();
    if (!reason) {
        reason = stream(*file.device(), tensor);
        if (reason)
            file.cancel();
        else
            reason = file.commit();
    }
    if (reason) return path.toStdString() + ": cannot write: " + *reason;
    return std::nullopt;
}

std::optional<Tensor> NpyFile::decode(const QByteArray& bytes, std::string* error) {
    std::string reason;
    const std::optional<NpyHeader> header = NpyHeader::parse(
        reinterpret_cast<const unsigned char*>(bytes.constData()), size_t(bytes.size()), &reason);
    if (!header) {
        fail(error, reason);
        return std::nullopt;
    }
    if (header->descr != "<f4") {
        fail(error, "expected float32 little-endian ('<f4') data");
        return std::nullopt;
    }
    if (header->fortran_order) {
        fail(error, "expected C order (fortran_order False)");
        return std::nullopt;
    }
    std::vector<int64_t> dims = header->shape;
    const qsizetype header_start = 0, header_length = qsizetype(header->data_offset);
    // The element count saturates (an absurd shape is "too large", never a wrapped small number)
    // and is checked against the bytes present before anything is allocated. The saturation
    // sticks, so that a zero after an overflowing prefix ((2^62, 4, 0)) is refused too: the
    // tensor's own count (TensorShape::numel, in order) would overflow on it.
    int64_t numel = 1;
    for (const int64_t dim : dims)
        if (numel != SaturatingCount::kMax) numel = SaturatingCount::product(numel, dim);
    const int64_t data_bytes = bytes.size() - (header_start + header_length);
    if (numel > data_bytes / 4 || numel * 4 != data_bytes) {
        const std::string expected = numel > SaturatingCount::kMax / 4
                                         ? "more than " + std::to_string(SaturatingCount::kMax)
                                         : std::to_string(numel * 4);
        fail(error, "expected " + expected + " bytes of data, got " + std::to_string(data_bytes));
        return std::nullopt;
    }
    Tensor tensor{TensorShape(std::move(dims))};
    const qsizetype data_start = header_start + header_length;
    if (numel > 0)  // an empty tensor has no data pointer to copy into
        qFromLittleEndian<float>(bytes.constData() + data_start, tensor.numel(), tensor.data());
    return tensor;
}

std::optional<Tensor> NpyFile::read(const QString& path, std::string* error) {
    std::string reason;
    const std::optional<QByteArray> bytes = BoundedFileReader::read(path, kMaxReadBytes, &reason);
    if (!bytes) {
        fail(error, reason);
        return std::nullopt;
    }
    std::optional<Tensor> tensor = decode(*bytes, &reason);
    if (!tensor) fail(error, path.toStdString() + ": " + reason);
    return tensor;
}

}  // namespace initscope
