// TorchPickle, the restricted unpickler: a state_dict's opcodes give its tensors; every opcode
// and global outside a state_dict's subset is refused by name with its byte offset, and
// malformed pickles (truncated, unknown memo, unbalanced marks) fail with one line.
#include "core/io/torch_pickle.h"

#include <QtTest>

using namespace initscope;

namespace {

std::optional<std::vector<TorchPickle::TensorRecord>> parse(const QByteArray& pickle,
                                                            std::string* error) {
    return TorchPickle::tensors(
        std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(pickle.constData()),
                                       size_t(pickle.size())),
        error);
}

}  // namespace

class TestTorchPickle : public QObject {
    Q_OBJECT
private slots:
    /// {'w': _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', 6), 0, (2, 3), (3, 1),
    /// False, OrderedDict())}, as torch.save writes it (protocol 2).
    void a_state_dict_gives_its_tensors() {
        const QByteArray p = QByteArray::fromHex(
            "80027d7100580100000077710163746f7263682e5f7574696c730a5f72656275696c645f74656e736f72"
            "5f76320a2828580700000073746f7261676563746f7263680a466c6f617453746f726167650a58010000"
            "003058030000006370754b0674514b004b024b03864b034b01868963636f6c6c656374696f6e730a4f72"
            "6465726564446963740a29527452732e");
        std::string error;
        const auto records = parse(p, &error);
        QVERIFY2(records, error.c_str());
        QCOMPARE(records->size(), size_t(1));
        const TorchPickle::TensorRecord& w = (*records)[0];
        QCOMPARE(w.name, std::string("w"));
        QCOMPARE(w.dtype, TensorDtype::F32);
        QCOMPARE(w.storage_key, std::string("0"));
        QCOMPARE(w.storage_numel, int64_t(6));
        QCOMPARE(w.shape, (std::vector<int64_t>{2, 3}));
        QCOMPARE(w.stride, (std::vector<int64_t>{3, 1}));
    }

    void anything_else_is_refused_data() {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("message");
        QTest::newRow("os.system") << QByteArray(
                                          "\x80\x02"
                                          "cposix\nsystem\nX\x02\x00\x00\x00lsR.",
                                          25)
                                   << "byte 2: pickle global 'posix.system' is not allowed";
        QTest::newRow("eval") << QByteArray("cbuiltins\neval\n.")
                              << "pickle global 'builtins.eval'";
        QTest::newRow("INST") << QByteArray("(ios\nsystem\n.")
                              << "pickle opcode 0x69 is not allowed";
        QTest::newRow("NEWOBJ") << QByteArray("\x80\x02)\x81.", 5) << "pickle opcode 0x81";
        QTest::newRow("truncated") << QByteArray(
                                          "\x80\x02X\xff\x00\x00\x00"
                                          "ab",
                                          9)
                                   << "truncated";
        QTest::newRow("no stop") << QByteArray("\x80\x02}", 3) << "ends without STOP";
        QTest::newRow("memo") << QByteArray("h\x05.", 3) << "memo 5 was never stored";
        QTest::newRow("no mark") << QByteArray("t.", 2) << "no MARK";
        QTest::newRow("calling a storage") << QByteArray("ctorch\nFloatStorage\n)R.")
                                           << "calling 'torch FloatStorage' is not allowed";
    }
    void anything_else_is_refused() {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, message);
        std::string error;
        QVERIFY(!parse(pickle, &error));
        QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
        QVERIFY(QString::fromStdString(error).startsWith("data.pkl byte "));
    }
};

QTEST_APPLESS_MAIN(TestTorchPickle)
#include "tst_torch_pickle.moc"
