// NumpyCheckpoint: .npy files of any listed dtype open memory-mapped as one tensor, .npz
// archives (written by NumPy: scripts/make_checkpoint_fixtures.py) as one tensor per entry, and
// every malformed file — a bad header, an unknown dtype, a byte count that does not match, an
// entry that inflates past its declared size, a total beyond the memory limit — is refused with
// one line naming the entry.
#include "core/io/checkpoint.h"
#include "core/io/npy_header.h"
#include "core/io/numpy_checkpoint.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace initscope;

namespace {

/// A version 1.0 .npy image with `dict` as its header and `data` after it.
QByteArray npy(const QByteArray& dict, const QByteArray& data) {
    QByteArray header = dict;
    while ((10 + header.size() + 1) % 64) header.append(' ');
    header.append('\n');
    QByteArray bytes("\x93NUMPY\x01\x00", 8);
    bytes.append(char(header.size() & 0xff)).append(char(header.size() >> 8));
    return bytes + header + data;
}

const QString kFixtures = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/");

}  // namespace

class TestNumpyCheckpoint : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) qFatal("write");
        return path;
    }

private slots:
    void npy_of_any_listed_dtype() {
        QByteArray doubles;
        for (double v : {1.0, 2.0, 3.0, 4.0, 5.0, 6.0})
            doubles.append(reinterpret_cast<const char*>(&v), 8);
        const QString path = write(
            "w.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", doubles));
        std::string error;
        const std::optional<Checkpoint> checkpoint = Checkpoint::open(path, &error);
        QVERIFY2(checkpoint, error.c_str());
        QCOMPARE(checkpoint->tensors().size(), size_t(1));
        const CheckpointTensor& t = checkpoint->tensors()[0];
        QCOMPARE(t.name, std::string("w"));
        QCOMPARE(t.dtype, TensorDtype::F64);
        QCOMPARE(t.shape, (std::vector<int64_t>{2, 3}));
        float values[6];
        TensorDtypes::to_float(t.dtype, t.bytes.data(), 6, values);
        QCOMPARE(values[5], 6.0f);
    }

    void bad_npy_is_refused_data() {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("magic") << QByteArray("PK\x03\x04 not numpy") << "no \\x93NUMPY magic";
        QTest::newRow("dtype") << npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
                                      QByteArray(8, '\0'))
                               << "unknown dtype '<c8'";
        QTest::newRow("short data")
            << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", QByteArray(8, '\0'))
            << "the data holds 8 bytes, but float32 × 3 elements need 12";
        QTest::newRow("overflow")
            << npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",
                   QByteArray(8, '\0'))
            << "element count overflows 64 bits";
        QTest::newRow("no descr") << npy("{'fortran_order': False, 'shape': (1,), }",
                                         QByteArray(4, '\0'))
                                  << "no descr in the header";
    }
    void bad_npy_is_refused() {
        QFETCH(QByteArray, file);
        QFETCH(QString, message);
        const QString path = write("bad.npy", file);
        std::string error;
        QVERIFY(!Checkpoint::open(path, &error));
        QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
        QVERIFY(!QString::fromStdString(error).contains('\n'));
    }

    void npz_written_by_numpy_opens() {
        std::string error;
        const std::optional<Checkpoint> checkpoint =
            Checkpoint::open(kFixtures + "course.npz", &error);
        QVERIFY2(checkpoint, error.c_str());
        QCOMPARE(checkpoint->tensors().size(), size_t(10));
        QCOMPARE(checkpoint->format(), std::string("npz"));
        bool found = false;
        for (const CheckpointTensor& t : checkpoint->tensors())
            if (t.name == "fc1.weight") {
                found = true;
                QCOMPARE(t.dtype, TensorDtype::F32);
                QCOMPARE(t.numel, int64_t(10000));
            }
        QVERIFY(found);
    }

    void zip_bombs_are_refused() {
        std::string error;
        QVERIFY(!Checkpoint::open(kFixtures + "lying.npz", &error));
        QVERIFY2(QString::fromStdString(error).contains(
                     "entry 'w.npy' inflates to more than its declared 100 bytes"),
                 error.c_str());
        // 40,602 floats declared: refused, before inflating, under a 100 kB limit.
        QVERIFY(!NumpyCheckpoint::open_npz(kFixtures + "course.npz", 100000, &error));
        QVERIFY2(QString::fromStdString(error).contains("inflates beyond the memory"),
                 error.c_str());
        QVERIFY(!Checkpoint::open(write("notzip.npz", "plain text"), &error));
        QVERIFY2(QString::fromStdString(error).contains("not a readable zip archive"),
                 error.c_str());
    }
};

QTEST_APPLESS_MAIN(TestNumpyCheckpoint)
#include "tst_numpy_checkpoint.moc"
