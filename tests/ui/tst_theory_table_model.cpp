// TheoryTableModel shows the summary's numbers, one row per tensor, and highlights exactly the
// rows whose TensorSummary::deviates().

#include "plot_test_networks.h"
#include "ui/tabs/theory_tab.h"
#include "ui/tabs/theory_table_model.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QtTest>

#include <cmath>

using namespace initscope;
using M = TheoryTableModel;

class TestTheoryTableModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void modelTester();
    void valuesEqualSummary();
    void formattingAndHeaders();
    void deviationIsHighlighted();
    void sameTensorsUpdateInPlace();
    void theoryTabDetailsAndActivation();

private:
    std::shared_ptr<const NetworkSummary> course_;
};

void TestTheoryTableModel::initTestCase() {
    course_ = test::summarize(test::course_network());
}

void TestTheoryTableModel::modelTester() {
    M model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.set_summary(course_);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.columnCount(), int(M::ColumnCount));
    model.set_summary(test::summarize(test::linear_network({10, 20, 3})));
    QCOMPARE(model.rowCount(), 4);
    model.set_summary(test::summarize(test::linear_network({10, 20, 3}, 7)));
    model.set_summary(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestTheoryTableModel::valuesEqualSummary() {
    M model;
    model.set_summary(course_);
    for (int row = 0; row < model.rowCount(); ++row) {
        const TensorSummary& t = course_->tensors[static_cast<size_t>(row)];
        auto raw = [&](int column) { return model.index(row, column).data(M::RawValueRole); };
        QCOMPARE(model.index(row, M::TensorColumn).data().toString(),
                 QString::fromStdString(t.label()));
        QCOMPARE(raw(M::CountColumn).toDouble(), double(t.stats.n));
        QCOMPARE(raw(M::TheoryMeanColumn).toDouble(), t.theory.mean());
        QCOMPARE(raw(M::TheoryStdColumn).toDouble(), t.theory.stddev());
        const QVariantList bounds = raw(M::TheoryBoundsColumn).toList();
        QCOMPARE(bounds.size(), 2);
        QCOMPARE(bounds[0].toDouble(), t.theory.support_lo());
        QCOMPARE(bounds[1].toDouble(), t.theory.support_hi());
        QCOMPARE(raw(M::SampleMeanColumn).toDouble(), t.stats.mean);
        QCOMPARE(raw(M::SampleStdColumn).toDouble(), t.stats.stddev);
        QCOMPARE(raw(M::SampleMinColumn).toDouble(), t.stats.min);
        QCOMPARE(raw(M::SampleMaxColumn).toDouble(), t.stats.max);
        QCOMPARE(raw(M::StdRatioColumn).toDouble(), t.stats.stddev / t.theory.stddev());
        QCOMPARE(raw(M::KsColumn).toDouble(), t.ks);
        QCOMPARE(model.index(row, 0).data(M::LayerIndexRole).toInt(), t.layer_index);
        QCOMPARE(model.index(row, 0).data(M::TensorRoleRole).toInt(), int(t.role));
        QCOMPARE(model.row_of(t.layer_index, t.role), row);
    }
    // The lesson: the default bias is uniform on ±1/√fan_in = ±0.1, so its std is
    // 1/√(3·100) = 0.0577, not the notebook's √(1/n) = 0.1.
    const int bias = model.row_of(1, TensorRole::Bias);
    QCOMPARE(model.index(bias, M::TheoryBoundsColumn).data().toString(), QStringLiteral("±0.1"));
    QCOMPARE(model.index(bias, M::TheoryStdColumn).data().toString(), QStringLiteral("0.05774"));
}

void TestTheoryTableModel::formattingAndHeaders() {
    M model;
    model.set_summary(course_);
    for (int column = 0; column < M::ColumnCount; ++column) {
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
        QVERIFY(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty());
        const int alignment = model.index(0, column).data(Qt::TextAlignmentRole).toInt();
        const bool numeric = column != M::TensorColumn && column != M::SchemeColumn;
        QCOMPARE(bool(alignment & Qt::AlignRight), numeric);
    }
    QCOMPARE(model.index(0, M::CountColumn).data().toString(), QStringLiteral("10,000"));
    QCOMPARE(model.index(0, M::SchemeColumn).data().toString(), QStringLiteral("PyTorch default"));
    QCOMPARE(M::bounds_text(course_->tensors[0].theory), QStringLiteral("±0.1"));
}

void TestTheoryTableModel::deviationIsHighlighted() {
    // Craft a summary: the second tensor's sample mean is far from its theory.
    auto crafted = std::make_shared<NetworkSummary>(*course_);
    TensorSummary& bad = crafted->tensors[1];
    bad.stats.mean = bad.theory.mean() + 10 * bad.theory.stddev();
    QVERIFY(bad.deviates());
    M model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.set_summary(crafted);
    int highlighted = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const bool deviates = crafted->tensors[static_cast<size_t>(row)].deviates();
        for (int column = 0; column < M::ColumnCount; ++column) {
            const QModelIndex index = model.index(row, column);
            QCOMPARE(index.data(Qt::BackgroundRole).isValid(), deviates);
            QCOMPARE(index.data(M::DeviatesRole).toBool(), deviates);
        }
        highlighted += deviates;
    }
    QVERIFY(highlighted >= 1);
    const QString why = model.index(1, M::SampleMeanColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(why.contains(QStringLiteral("✗ mean")), qPrintable(why));
    QVERIFY(why.contains(QStringLiteral("n = 100")));
    // The highlight is translucent, so the palette's own text colour stays readable.
    const QBrush brush = model.index(1, 0).data(Qt::BackgroundRole).value<QBrush>();
    QVERIFY(brush.color().alpha() < 255);
}

void TestTheoryTableModel::sameTensorsUpdateInPlace() {
    M model;
    model.set_summary(course_);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto resampled = test::summarize(test::course_network());
    model.set_summary(resampled);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    model.set_summary(test::summarize(test::linear_network({100, 100, 2})));
    QCOMPARE(reset.count(), 1);
}

void TestTheoryTableModel::theoryTabDetailsAndActivation() {
    TheoryTab tab;
    tab.resize(1200, 700);
    tab.show_summary(course_, {});
    QVERIFY(tab.select_tensor(1, TensorRole::Bias));
    QVERIFY2(tab.details().contains(QStringLiteral("fc1.bias")), qPrintable(tab.details()));
    QVERIFY(tab.details().contains(QStringLiteral("0.05774")));
    // The selection survives a resample.
    tab.show_summary(test::summarize(test::course_network()), {});
    QCOMPARE(tab.view()->currentIndex().row(), tab.model()->row_of(1, TensorRole::Bias));
    QSignalSpy activated(&tab, &TheoryTab::tensorActivated);
    const int row = tab.model()->row_of(2, TensorRole::Weight);
    emit tab.view()->activated(tab.model()->index(row, 0));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated[0][0].toInt(), 2);
    QCOMPARE(activated[0][1].value<TensorRole>(), TensorRole::Weight);
}

QTEST_MAIN(TestTheoryTableModel)
#include "tst_theory_table_model.moc"
