// SafetensorsFile and TensorDtypes: well-formed files (single and sharded) list every tensor
// with its dtype, shape and bytes; every hostile header is refused with one line naming the
// tensor or byte offset; float16 and bfloat16 convert exactly.
#include "core/io/checkpoint.h"
#include "core/io/safetensors_file.h"
#include "core/io/tensor_dtype.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <bit>
#include <cmath>
#include <cstring>

using namespace initscope;

namespace {

/// A safetensors file: the 8-byte length, `header` padded with spaces to a multiple of 8, `data`.
QByteArray safetensors(const QByteArray& header, const QByteArray& data, int64_t declared = -1) {
    QByteArray padded = header;
    while (padded.size() % 8) padded.append(' ');
    const uint64_t length = declared >= 0 ? uint64_t(declared) : uint64_t(padded.size());
    QByteArray bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = char((length >> (8 * i)) & 0xff);
    return bytes + padded + data;
}

QByteArray floats(std::initializer_list<float> values) {
    QByteArray bytes;
    for (float v : values) bytes.append(reinterpret_cast<const char*>(&v), 4);
    return bytes;
}

}  // namespace

class TestSafetensorsFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) qFatal("write");
        return path;
    }

private slots:
    void reads_every_tensor_in_file_order() {
        const QByteArray data = floats({1, 2, 3, 4, 5, 6}) + QByteArray("\x00\x3c\x00\xc0", 4);
        const QString path =
            write("model.safetensors",
                  safetensors(R"({"b.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                              R"("a.bias":{"dtype":"F16","shape":[2],"data_offsets":[24,28]},)"
                              R"("__metadata__":{"format":"pt"}})",
                              data));
        std::string error;
        const std::optional<Checkpoint> checkpoint = Checkpoint::open(path, &error);
        QVERIFY2(checkpoint, error.c_str());
        QCOMPARE(checkpoint->tensors().size(), size_t(2));
        const CheckpointTensor& weight = checkpoint->tensors()[0];
        QCOMPARE(weight.name, std::string("b.weight"));
        QCOMPARE(weight.dtype, TensorDtype::F32);
        QCOMPARE(weight.shape, (std::vector<int64_t>{2, 3}));
        QCOMPARE(weight.numel, int64_t(6));
        float values[6];
        TensorDtypes::to_float(weight.dtype, weight.bytes.data(), 6, values);
        QCOMPARE(values[5], 6.0f);
        const CheckpointTensor& bias = checkpoint->tensors()[1];
        float half[2];
        TensorDtypes::to_float(bias.dtype, bias.bytes.data(), 2, half);
        QCOMPARE(half[0], 1.0f);   // 0x3c00
        QCOMPARE(half[1], -2.0f);  // 0xc000
        QCOMPARE(checkpoint->metadata().at("format"), std::string("pt"));
        QCOMPARE(checkpoint->format(), std::string("safetensors"));
    }

    void hostile_headers_are_refused_by_name_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("message");
        const QByteArray data = floats({1, 2, 3, 4});
        const auto entry = [](const char* rest) { return QByteArray(R"({"w":{)") + rest + "}}"; };
        QTest::newRow("too short") << QByteArray("abc") << "too short for a safetensors file";
        QTest::newRow("length past the end")
            << safetensors("{}", data, 1000) << "header length 1000 runs past the end of the file";
        QTest::newRow("100 MB header")
            << safetensors("{}", data, 200'000'000)
            << "header length 200000000 is larger than the format's limit";
        QTest::newRow("not json") << safetensors("{nope", data) << "header is not JSON at byte";
        QTest::newRow("duplicate")
            << safetensors(R"({"w":{},"w":{}})", data) << "header names 'w' twice";
        QTest::newRow("dtype") << safetensors(
                                      entry(R"("dtype":"Q7","shape":[4],"data_offsets":[0,16])"),
                                      data)
                               << "tensor 'w': unknown dtype 'Q7'";
        QTest::newRow("negative dim")
            << safetensors(entry(R"("dtype":"F32","shape":[-4],"data_offsets":[0,16])"), data)
            << "tensor 'w': shape holds something other than a size";
        QTest::newRow("overflow")
            << safetensors(
                   entry(R"("dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16])"),
                   data)
            << "tensor 'w': shape's element count overflows 64 bits";
        QTest::newRow("size mismatch")
            << safetensors(entry(R"("dtype":"F32","shape":[3],"data_offsets":[0,16])"), data)
            << "tensor 'w': data_offsets hold 16 bytes, but float32 × 3 elements need 12";
        QTest::newRow("out of range")
            << safetensors(entry(R"("dtype":"F32","shape":[8],"data_offsets":[0,32])"), data)
            << "tensor 'w': data_offsets [0, 32) run past the data's end (16 bytes";
        QTest::newRow("reversed") << safetensors(
                                         entry(R"("dtype":"F32","shape":[0],"data_offsets":[8,0])"),
                                         data)
                                  << "tensor 'w': data_offsets begin after they end";
        QTest::newRow("overlap") << safetensors(
                                        R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                                        R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                                        data)
                                 << "tensors 'a' and 'b' overlap at byte";
        QTest::newRow("unknown key")
            << safetensors(entry(R"("dtype":"F32","shape":[4],"data_offsets":[0,16],"x":1)"), data)
            << "tensor 'w': unknown key 'x'";
    }
    void hostile_headers_are_refused_by_name() {
        QFETCH(QByteArray, file);
        QFETCH(QString, message);
        const QString path = write("hostile.safetensors", file);
        std::string error;
        QVERIFY(!Checkpoint::open(path, &error));
        QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
        QVERIFY(QString::fromStdString(error).startsWith(path + ": "));
        QVERIFY(!QString::fromStdString(error).contains('\n'));
    }

    void sharded_models_open_through_their_index() {
        QDir(dir_.path()).mkdir("sharded");
        const QString folder = dir_.filePath("sharded/");
        write("sharded/model-00001-of-00002.safetensors",
              safetensors(R"({"l.0.w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                          floats({1, 2})));
        write("sharded/model-00002-of-00002.safetensors",
              safetensors(R"({"l.1.w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}})",
                          QByteArray("\x80\x3f\x00\x40", 4)));
        const QString index = write(
            "sharded/model.safetensors.index.json",
            R"({"metadata":{"total_size":12},"weight_map":{"l.0.w":"model-00001-of-00002.safetensors",)"
            R"("l.1.w":"model-00002-of-00002.safetensors"}})");
        std::string error;
        const std::optional<Checkpoint> checkpoint = Checkpoint::open(index, &error);
        QVERIFY2(checkpoint, error.c_str());
        QCOMPARE(checkpoint->tensors().size(), size_t(2));
        QCOMPARE(checkpoint->format(), std::string("safetensors (2 shards)"));
        float bf[2];
        TensorDtypes::to_float(TensorDtype::BF16, checkpoint->tensors()[1].bytes.data(), 2, bf);
        QCOMPARE(bf[0], 1.0f);  // 0x3f80
        QCOMPARE(bf[1], 2.0f);  // 0x4000

        const QString escape = write("sharded/evil.safetensors.index.json",
                                     R"({"weight_map":{"x":"../../etc/passwd"}})");
        QVERIFY(!Checkpoint::open(escape, &error));
        QVERIFY2(QString::fromStdString(error).contains("the shard must be a file name"),
                 error.c_str());
        const QString wrong =
            write("sharded/wrong.safetensors.index.json",
                  R"({"weight_map":{"l.0.w":"model-00002-of-00002.safetensors"}})");
        QVERIFY(!Checkpoint::open(wrong, &error));
        QVERIFY2(QString::fromStdString(error).contains("which does not hold it"), error.c_str());
        Q_UNUSED(folder);
    }

    /// Every float16 converts exactly (checked against the float16 → float32 rule bit by bit
    /// through double arithmetic).
    void float16_converts_exactly() {
        for (uint32_t h = 0; h < 65536; ++h) {
            const uint16_t bits = uint16_t(h);
            float f;
            TensorDtypes::to_float(TensorDtype::F16, reinterpret_cast<const unsigned char*>(&bits),
                                   1, &f);
            const int exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
            const double sign = (bits & 0x8000) ? -1.0 : 1.0;
            if (exponent == 31) {
                QVERIFY(mantissa ? std::isnan(f) : std::isinf(f));
                continue;
            }
            const double expected = exponent == 0
                                        ? sign * std::ldexp(mantissa, -24)
                                        : sign * std::ldexp(1024 + mantissa, exponent - 25);
            QCOMPARE(double(f), expected);
            QCOMPARE(std::signbit(f), bool(bits & 0x8000));
        }
    }

    void not_a_regular_file() {
        std::string error;
        QVERIFY(!Checkpoint::open(dir_.filePath("missing.safetensors"), &error));
        QVERIFY(QString::fromStdString(error).endsWith(": no such file"));
        QDir(dir_.path()).mkdir("d.safetensors");
        QVERIFY(!Checkpoint::open(dir_.filePath("d.safetensors"), &error));
        QVERIFY(QString::fromStdString(error).endsWith(": not a regular file"));
        QVERIFY(!Checkpoint::open(dir_.filePath("x.onnx"), &error));
        QVERIFY(QString::fromStdString(error).contains("unknown checkpoint kind"));
    }
};

QTEST_APPLESS_MAIN(TestSafetensorsFile)
#include "tst_safetensors_file.moc"
