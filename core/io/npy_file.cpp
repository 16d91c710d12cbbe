#include "core/io/npy_file.h"

#include "core/io/bounded_file_reader.h"

#include "core/io/atomic_file_writer.h"

#include <QBuffer>
#include <QFile>
#include <QSysInfo>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <regex>

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
    if (bytes.size() < 10 || std::memcmp(bytes.constData(), kMagic, kMagicSize) != 0) {
        fail(error, "not a .npy file (no \\x93NUMPY magic)");
        return std::nullopt;
    }
    const int major = static_cast<unsigned char>(bytes[6]);
    qsizetype header_length = 0, header_start = 0;
    if (major == 1) {
        header_length = qFromLittleEndian<quint16>(bytes.constData() + 8);
        header_start = 10;
    } else if ((major == 2 || major == 3) && bytes.size() >= 12) {
        header_length = qFromLittleEndian<quint32>(bytes.constData() + 8);
        header_start = 12;
    } else {
        fail(error, "unsupported .npy version " + std::to_string(major));
        return std::nullopt;
    }
    if (header_start + header_length > bytes.size()) {
        fail(error, "truncated header");
        return std::nullopt;
    }
    const std::string header = bytes.mid(header_start, header_length).toStdString();
    if (header.find("'descr': '<f4'") == std::string::npos) {
        fail(error, "expected float32 little-endian ('<f4') data");
        return std::nullopt;
    }
    if (header.find("'fortran_order': False") == std::string::npos) {
        fail(error, "expected C order (fortran_order False)");
        return std::nullopt;
    }
    std::smatch match;
    if (!std::regex_search(header, match, std::regex(R"('shape':\s*\(([^)]*)\))"))) {
        fail(error, "no shape in the header");
        return std::nullopt;
    }
    std::vector<int64_t> dims;
    const std::string shape_text = match[1].str();
    const std::regex number(R"(\d+)");
    for (auto it = std::sregex_iterator(shape_text.begin(), shape_text.end(), number);
         it != std::sregex_iterator(); ++it)
        dims.push_back(std::stoll(it->str()));
    Tensor tensor{TensorShape(dims)};
    const qsizetype data_start = header_start + header_length;
    if (bytes.size() - data_start != static_cast<qsizetype>(tensor.numel()) * 4) {
        fail(error, "expected " + std::to_string(tensor.numel() * 4) + " bytes of data, got " +
                        std::to_string(bytes.size() - data_start));
        return std::nullopt;
    }
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
