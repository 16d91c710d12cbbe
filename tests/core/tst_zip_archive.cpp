// ZipArchive's stored entries in place: every entry of a torch.save file (stored, not
// compressed) is found in the mapped file with exactly the bytes libzip inflates, so
// TorchCheckpoint maps storages instead of copying them; compressed entries are not mapped and
// are inflated with the same result; a damaged directory never maps anything.
#include "core/io/checkpoint.h"
#include "core/io/torch_checkpoint.h"
#include "core/io/zip_archive.h"
#include "core/io/zip_central_directory.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace initscope;

namespace {

const QString kFixtures = QStringLiteral(INITSCOPE_TEST_DATA_DIR "/checkpoints/");

QByteArray contents(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

std::span<const unsigned char> span_of(const QByteArray& bytes) {
    return {reinterpret_cast<const unsigned char*>(bytes.constData()), size_t(bytes.size())};
}

}  // namespace

class TestZipArchive : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void stored_entries_are_found_in_place_with_libzips_bytes() {
        std::string error;
        const std::optional<ZipArchive> archive = ZipArchive::open(kFixtures + "course.pt", &error);
        QVERIFY2(archive, error.c_str());
        const QByteArray file = contents(kFixtures + "course.pt");
        const auto in_place = archive->stored_bytes(span_of(file));
        QCOMPARE(in_place.size(), archive->entries().size());
        int storages = 0;
        for (size_t i = 0; i < in_place.size(); ++i) {
            QVERIFY2(in_place[i], archive->entries()[i].name.c_str());  // torch.save stores all
            const std::optional<std::vector<unsigned char>> inflated =
                archive->read(int64_t(i), &error);
            QVERIFY2(inflated, error.c_str());
            QVERIFY(std::equal(in_place[i]->begin(), in_place[i]->end(), inflated->begin(),
                               inflated->end()));
            storages += archive->entries()[i].name.find("/data/") != std::string::npos;
        }
        QVERIFY(storages >= 10);
    }

    void compressed_entries_are_not_mapped() {
        std::string error;
        const std::optional<ZipArchive> archive =
            ZipArchive::open(kFixtures + "course.npz", &error);  // np.savez_compressed
        QVERIFY2(archive, error.c_str());
        const QByteArray file = contents(kFixtures + "course.npz");
        const auto in_place = archive->stored_bytes(span_of(file));
        QVERIFY(!in_place.empty());
        for (const auto& bytes : in_place) QVERIFY(!bytes);
    }

    /// The mapped .pt needs no memory for its storages; the same archive re-written with
    /// deflate gives the same tensors by inflation, within the limit only.
    void torch_checkpoints_map_stored_storages_and_inflate_compressed_ones() {
        std::string error;
        const std::optional<Checkpoint> mapped =
            TorchCheckpoint::open(kFixtures + "course.pt", 0, &error);
        QVERIFY2(mapped, error.c_str());
        const QString deflated = dir_.filePath("deflated.pt");
        QProcess python;
        python.start("/usr/bin/python3",
                     {"-c",
                      "import sys, zipfile\n"
                      "src = zipfile.ZipFile(sys.argv[1])\n"
                      "with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as out:\n"
                      "    for info in src.infolist(): out.writestr(info.filename, "
                      "src.read(info))\n",
                      kFixtures + "course.pt", deflated});
        if (!python.waitForFinished(60000) || python.exitCode() != 0)
            QSKIP("/usr/bin/python3 cannot re-zip the fixture");
        const std::optional<Checkpoint> inflated =
            TorchCheckpoint::open(deflated, int64_t{1} << 30, &error);
        QVERIFY2(inflated, error.c_str());
        QCOMPARE(inflated->tensors().size(), mapped->tensors().size());
        for (size_t i = 0; i < mapped->tensors().size(); ++i) {
            const CheckpointTensor &a = mapped->tensors()[i], &b = inflated->tensors()[i];
            QCOMPARE(a.name, b.name);
            QCOMPARE(a.shape, b.shape);
            QVERIFY(std::equal(a.bytes.begin(), a.bytes.end(), b.bytes.begin(), b.bytes.end()));
        }
        QVERIFY(!TorchCheckpoint::open(deflated, 0, &error));
        QVERIFY2(QString::fromStdString(error).contains("inflate beyond the memory"),
                 error.c_str());
    }

    /// Every truncation and a flipped byte in every header field of the directory's end: no
    /// crash, and no record that lies outside the bytes.
    void damaged_directories_are_refused() {
        const QByteArray file = contents(kFixtures + "course.pt");
        QVERIFY(ZipCentralDirectory::read(span_of(file)));
        for (qsizetype cut = 0; cut < file.size(); cut += 997)
            QVERIFY(!ZipCentralDirectory::read(span_of(file.left(cut))));
        for (qsizetype at = file.size() - 120; at < file.size(); ++at) {
            QByteArray damaged = file;
            damaged[at] = char(damaged[at] ^ 0xff);
            if (const auto records = ZipCentralDirectory::read(span_of(damaged)))
                for (const ZipCentralDirectory::Record& r : *records)
                    QVERIFY(r.data_offset + r.compressed_size <= uint64_t(damaged.size()));
        }
    }
};

QTEST_APPLESS_MAIN(TestZipArchive)
#include "tst_zip_archive.moc"
