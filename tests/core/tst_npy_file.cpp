// NpyFile: the .npy v1.0 layout byte for byte, atomic writes, read-back, and NumPy's own view.
#include "core/io/npy_file.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

using namespace initscope;

namespace {

Tensor counting(TensorShape shape) {
    Tensor t(std::move(shape));
    for (int64_t i = 0; i < t.numel(); ++i) t.data()[i] = static_cast<float>(i) * 0.5f - 3.25f;
    return t;
}

/// A device that records what it is given and refuses writes after `capacity` bytes (a full
/// disk).
class RecordingDevice : public QIODevice {
public:
    explicit RecordingDevice(qint64 capacity = std::numeric_limits<qint64>::max())
        : capacity_(capacity) {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    QByteArray bytes;
    std::vector<const char*> sources;  ///< where each write came from
    qint64 largest_write = 0;

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 length) override {
        if (bytes.size() + length > capacity_) {
            setErrorString("No space left on device");
            return -1;
        }
        sources.push_back(data);
        largest_write = std::max(largest_write, length);
        bytes.append(data, length);
        return length;
    }

private:
    qint64 capacity_;
};

}  // namespace

class TestNpyFile : public QObject {
    Q_OBJECT
private slots:
    void header_layout_data() {
        QTest::addColumn<QVector<qint64>>("dims");
        QTest::addColumn<QString>("shape_text");
        QTest::newRow("bias") << QVector<qint64>{100} << "(100,)";
        QTest::newRow("linear") << QVector<qint64>{2, 100} << "(2, 100)";
        QTest::newRow("conv2d") << QVector<qint64>{16, 3, 3, 3} << "(16, 3, 3, 3)";
        QTest::newRow("conv1d") << QVector<qint64>{4, 2, 5} << "(4, 2, 5)";
    }
    void header_layout() {
        QFETCH(QVector<qint64>, dims);
        QFETCH(QString, shape_text);
        const Tensor t = counting(TensorShape(std::vector<int64_t>(dims.begin(), dims.end())));
        const QByteArray bytes = NpyFile::encode(t);
        QCOMPARE(bytes.left(8), QByteArray("\x93NUMPY\x01\x00", 8));
        const int header_length =
            static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        QCOMPARE((10 + header_length) % 64, 0);
        const QByteArray header = bytes.mid(10, header_length);
        QVERIFY(header.startsWith(
            "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_text.toLatin1() + ", }"));
        QVERIFY(header.endsWith('\n'));
        QCOMPARE(bytes.size(), 10 + header_length + t.numel() * 4);
        // Little-endian float32 in C order: the last value is the last 4 bytes.
        float last = 0;
        std::memcpy(&last, bytes.constData() + bytes.size() - 4, 4);
        QCOMPARE(last, t.data()[t.numel() - 1]);
    }

    void write_and_read_back() {
        QTemporaryDir dir;
        const QString path = dir.filePath("fc1.weight.npy");
        const Tensor t = counting(TensorShape{3, 7});
        QCOMPARE(NpyFile::write(path, t), std::nullopt);
        std::string error;
        const std::optional<Tensor> back = NpyFile::read(path, &error);
        QVERIFY2(back.has_value(), error.c_str());
        QVERIFY(*back == t);
        // Overwrite atomically: no temporary files are left beside it.
        QCOMPARE(NpyFile::write(path, counting(TensorShape{5})), std::nullopt);
        QCOMPARE(NpyFile::read(path)->shape(), (TensorShape{5}));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"fc1.weight.npy"});
    }

    void errors() {
        QTemporaryDir dir;
        const std::optional<std::string> problem =
            NpyFile::write(dir.filePath("missing/dir/x.npy"), counting(TensorShape{2}));
        QVERIFY(problem.has_value());
        QVERIFY(QString::fromStdString(*problem).contains("cannot write"));
        std::string error;
        QVERIFY(!NpyFile::decode("not numpy at all", &error));
        QCOMPARE(error, std::string("not a .npy file (no \\x93NUMPY magic)"));
        QByteArray truncated = NpyFile::encode(counting(TensorShape{4}));
        truncated.chop(4);
        QVERIFY(!NpyFile::decode(truncated, &error));
        QCOMPARE(error, std::string("expected 16 bytes of data, got 12"));
    }

    // Issue 9 defect 5: --dump-npy peaked at twice the tensor (the writer copied it whole).
    void stream_writes_from_the_tensor_in_chunks() {
        const Tensor t = counting(TensorShape{3, NpyFile::kChunkValues});  // 3 chunks
        RecordingDevice device;
        QCOMPARE(NpyFile::stream(device, t), std::nullopt);
        QCOMPARE(device.bytes, NpyFile::encode(t));
        QCOMPARE(device.largest_write, NpyFile::kChunkValues * 4);
        if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
            // Every data write points into the tensor itself: nothing was copied.
            QCOMPARE(device.sources.size(), size_t(1 + 3));
            for (size_t i = 1; i < device.sources.size(); ++i)
                QCOMPARE(static_cast<const void*>(device.sources[i]),
                         static_cast<const void*>(t.data() + (i - 1) * NpyFile::kChunkValues));
        }
    }
    void stream_reports_a_short_write() {
        RecordingDevice full(100);
        const std::optional<std::string> problem =
            NpyFile::stream(full, counting(TensorShape{1000}));
        QCOMPARE(problem, std::optional<std::string>("No space left on device"));
    }

    // Issue 9 (fuzzed readers): decode() allocated the header's shape before checking the data
    // size, so a 100-byte file could ask for terabytes (bad_alloc) or overflow the element count,
    // and a dimension beyond 64 bits threw std::out_of_range out of decode().
    void absurd_shapes_are_refused_before_allocating() {
        const auto with_shape = [](const std::string& shape) {
            // A version 1.0 header (unpadded: decode() does not need the alignment) and 4 bytes.
            const std::string header =
                "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }\n";
            QByteArray bytes("\x93NUMPY\x01\x00", 8);
            bytes.append(char(header.size() & 0xff));
            bytes.append(char(header.size() >> 8));
            bytes.append(header.data(), static_cast<qsizetype>(header.size()));
            bytes.append(4, '\0');
            return bytes;
        };
        std::string error;
        QVERIFY(!NpyFile::decode(with_shape("(4611686018427387904, 3)"), &error));
        QCOMPARE(error, std::string("expected more than 9223372036854775807 bytes of data, got 4"));
        QVERIFY(!NpyFile::decode(with_shape("(1000000000000,)"), &error));
        QCOMPARE(error, std::string("expected 4000000000000 bytes of data, got 4"));
        QVERIFY(!NpyFile::decode(with_shape("(99999999999999999999,)"), &error));
        QCOMPARE(error, std::string("a shape dimension beyond 64 bits in the header"));
        // Found by tests/fuzz/fuzz_npy_file (UBSan): a zero after an overflowing prefix.
        QVERIFY(!NpyFile::decode(with_shape("(2517077854329, 69839025951443609, 0)"), &error));
        QCOMPARE(error, std::string("expected more than 9223372036854775807 bytes of data, got 4"));
        QVERIFY(!NpyFile::decode(with_shape("[1]"), &error));
        QCOMPARE(error, std::string("no shape in the header"));
    }

    // Found by tests/fuzz/fuzz_npy_file (UBSan): an empty tensor passed its null data pointer to
    // memcpy in decode() and encode().
    void empty_tensors_round_trip() {
        const Tensor empty{TensorShape{0, 3}};
        const std::optional<Tensor> back = NpyFile::decode(NpyFile::encode(empty));
        QVERIFY(back.has_value());
        QCOMPARE(back->shape(), (TensorShape{0, 3}));
    }

    void numpy_reads_it() {
        QTemporaryDir dir;
        const QString path = dir.filePath("w.npy");
        const Tensor t = counting(TensorShape{4, 3, 2});
        QCOMPARE(NpyFile::write(path, t), std::nullopt);
        QProcess python;
        python.start("/usr/bin/python3",
                     {"-c",
                      "import sys, numpy as np; a = np.load(sys.argv[1]); "
                      "print(a.dtype, a.shape, repr(float(a[3, 2, 1])), a.flags['C_CONTIGUOUS'])",
                      path});
        if (!python.waitForFinished(60000) || python.exitCode() != 0)
            QSKIP("numpy is not importable with /usr/bin/python3; the byte layout is tested above");
        QCOMPARE(python.readAllStandardOutput().trimmed(),
                 QByteArray("float32 (4, 3, 2) ") + QByteArray::number(t.data()[23]) + " True");
    }
};

QTEST_APPLESS_MAIN(TestNpyFile)
#include "tst_npy_file.moc"
