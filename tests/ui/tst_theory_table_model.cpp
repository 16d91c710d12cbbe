// TheoryTableModel shows the summary's numbers, one row per tensor, and highlights exactly the
// rows whose TensorSummary::deviates().

#include "plot_test_networks.h"
#include "ui/export/export_layout.h"
#include "ui/tabs/theory_tab.h"
#include "ui/tabs/theory_table_model.h"

#include "core/stats/number_format.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
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
    void xavierVarianceAndDisplayNames();
    void fitsTheTabOfA1024Window();
    void theoryTabExportsAPicture();

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
        const QVariantList theory = raw(M::TheoryColumn).toList();
        QCOMPARE(theory.size(), 4);
        QCOMPARE(theory[0].toDouble(), t.theory.mean());
        QCOMPARE(theory[1].toDouble(), t.theory.stddev());
        QCOMPARE(theory[2].toDouble(), t.theory.support_lo());
        QCOMPARE(theory[3].toDouble(), t.theory.support_hi());
        QCOMPARE(raw(M::TheoryVarColumn).toDouble(), t.theory.variance());
        const QVariantList sample = raw(M::SampleColumn).toList();
        QCOMPARE(sample.size(), 4);
        QCOMPARE(sample[0].toDouble(), t.stats.mean);
        QCOMPARE(sample[1].toDouble(), t.stats.stddev);
        QCOMPARE(sample[2].toDouble(), t.stats.min);
        QCOMPARE(sample[3].toDouble(), t.stats.max);
        QCOMPARE(raw(M::SampleVarColumn).toDouble(), t.stats.variance);
        QCOMPARE(M::std_ratio(t), t.stats.stddev / t.theory.stddev());
        QCOMPARE(raw(M::KsColumn).toDouble(), t.ks);
        QCOMPARE(model.index(row, 0).data(M::LayerIndexRole).toInt(), t.layer_index);
        QCOMPARE(model.index(row, 0).data(M::TensorRoleRole).toInt(), int(t.role));
        QCOMPARE(model.row_of(t.layer_index, t.role), row);
    }
    // The lesson: the default bias is uniform on ±1/√fan_in = ±0.1, so its std is
    // 1/√(3·100) = 0.0577, not the notebook's √(1/n) = 0.1.
    const int bias = model.row_of(1, TensorRole::Bias);
    QCOMPARE(model.index(bias, M::TheoryColumn).data().toString(),
             QStringLiteral("0 ± 0.0577\n±0.1"));
    QCOMPARE(model.index(bias, M::TheoryVarColumn).data().toString(), QStringLiteral("0.00333"));
}

void TestTheoryTableModel::xavierVarianceAndDisplayNames() {
    // The lecture's variance check: var(fc1.weight) next to 2/(100+100) = 0.01.
    Network network = test::course_network();
    for (Layer& layer : network.layers) layer.weight_init = InitSpec(SchemeId::XavierNormal);
    network.layers[1].bias_init = InitSpec(SchemeId::Zeros);
    const auto summary = test::summarize(network);
    M model;
    model.set_summary(summary);
    const int fc1 = model.row_of(1, TensorRole::Weight);
    QCOMPARE(model.index(fc1, M::TheoryVarColumn).data().toString(), QStringLiteral("0.01"));
    QVERIFY(std::abs(model.index(fc1, M::TheoryVarColumn).data(M::RawValueRole).toDouble() - 0.01) <
            1e-15);
    const double sample_var = model.index(fc1, M::SampleVarColumn).data(M::RawValueRole).toDouble();
    QVERIFY2(std::abs(sample_var - 0.01) < 0.001, qPrintable(QString::number(sample_var)));
    QCOMPARE(model.index(fc1, M::SampleVarColumn).data().toString(),
             QString::fromStdString(NumberFormat::short_number(sample_var, 3)));
    QCOMPARE(model.index(fc1, M::TheoryColumn).data().toString(),
             QStringLiteral("0 ± 0.1\n(−∞, ∞)"));
    QCOMPARE(model.index(fc1, M::SchemeColumn).data().toString(),
             QStringLiteral("Xavier / Glorot normal"));
    const int bias = model.row_of(1, TensorRole::Bias);
    QCOMPARE(model.index(bias, M::SchemeColumn).data().toString(), QStringLiteral("Zeros"));
    QCOMPARE(model.index(bias, M::TheoryColumn).data().toString(), QStringLiteral("{0}"));
    QCOMPARE(model.index(bias, M::SampleColumn).data().toString(), QStringLiteral("{0}"));
    QVERIFY(model.headerData(M::TheoryVarColumn, Qt::Horizontal).toString().contains("Var"));
    QVERIFY(model.headerData(M::SampleVarColumn, Qt::Horizontal).toString().contains("Var"));
    QVERIFY(model.headerData(M::KsColumn, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("Kolmogorov–Smirnov distance: the largest gap between "
                                           "the sample's CDF and the theory's")));
}

void TestTheoryTableModel::fitsTheTabOfA1024Window() {
    // A 1024-px window leaves the tab about 2/3 of its width: every column shows, no sideways
    // scrolling, with the course and with long scheme names.
    Network mixed = test::course_network();
    const SchemeId weights[] = {SchemeId::KaimingNormal, SchemeId::XavierNormal,
                                SchemeId::TruncNormal, SchemeId::Orthogonal, SchemeId::HeNormal};
    for (size_t i = 0; i < mixed.layers.size(); ++i)
        mixed.layers[i].weight_init = InitSpec(weights[i]);
    mixed.layers[2].bias_init = InitSpec(SchemeId::Uniform);
    for (const Network& network : {test::course_network(), mixed}) {
        TheoryTab tab;
        tab.resize(660, 700);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        tab.show_summary(test::summarize(network), {});
        QCoreApplication::processEvents();
        QTableView* view = tab.view();
        QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
        QVERIFY(view->horizontalHeader()->length() <= view->viewport()->width());
        for (int column = 0; column < M::ColumnCount; ++column)
            QVERIFY(view->columnWidth(column) > 0);
    }
}

void TestTheoryTableModel::theoryTabExportsAPicture() {
    TheoryTab tab;
    tab.resize(900, 700);
    tab.show();
    tab.show_summary(course_, {});
    QVERIFY(tab.select_tensor(4, TensorRole::Bias));
    QWidget* picture = tab.export_widget();
    QVERIFY(picture != nullptr);
    // Made of labels TabPainter draws: the table's rows and the details.
    const QList<QLabel*> labels = picture->findChildren<QLabel*>();
    QCOMPARE(labels.size(), 1);
    const QString html = labels.front()->text();
    QVERIFY(html.contains(QStringLiteral("output.bias")));
    QVERIFY(html.contains(QStringLiteral("0.00333")));
    QVERIFY(html.contains(QStringLiteral("KS")));
    QVERIFY(html.contains(tab.details()));
    // Laid out large, as the export lays it out, the text grows with it.
    int at_1080 = 0, at_2160 = 0;
    {
        const ExportLayout laid(picture, QSize(1920, 1080), true);
        at_1080 = labels.front()->font().pixelSize();
    }
    {
        const ExportLayout laid(picture, QSize(3840, 2160), true);
        at_2160 = labels.front()->font().pixelSize();
    }
    QVERIFY2(at_1080 >= 16 && at_2160 > at_1080 * 3 / 2,
             qPrintable(QStringLiteral("%1 → %2").arg(at_1080).arg(at_2160)));
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
    const QString why = model.index(1, M::SampleColumn).data(Qt::ToolTipRole).toString();
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
