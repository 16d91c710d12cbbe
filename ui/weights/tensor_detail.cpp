#include "ui/weights/tensor_detail.h"

#include "core/model/tensor_shape.h"
#include "core/stats/fingerprint_verdict.h"
#include "core/stats/number_format.h"
#include "ui/weights/fingerprint_table_model.h"
#include "ui/weights/opened_checkpoint.h"
#include "ui/weights/weight_histogram_plot.h"

#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace initscope {

namespace {

QString number(double value) {
    return QString::fromStdString(NumberFormat::short_number(value, 4));
}

QString grouped(int64_t value) {
    return QString::fromStdString(NumberFormat::grouped(value));
}

/// (name, value) pairs as one line of rich text: "<b>n</b> 65,536 · <b>mean</b> …".
QString line(const std::vector<std::pair<QString, QString>>& rows) {
    QStringList parts;
    for (const auto& [name, value] : rows)
        parts << QStringLiteral("%1&nbsp;<b>%2</b>")
                     .arg(name.toHtmlEscaped(), value.toHtmlEscaped().replace(' ', "&nbsp;"));
    return parts.join(QStringLiteral(" · "));
}

/// Rows of the fingerprint table shown at once (more scroll).
constexpr int kTableRows = 6;

}  // namespace

TensorDetail::TensorDetail(QWidget* parent)
    : QWidget(parent),
      verdict_(new QLabel),
      stack_(new QStackedWidget),
      note_(new QLabel),
      plot_(new WeightHistogramPlot),
      statistics_(new QLabel),
      table_(new QTableView),
      model_(new FingerprintTableModel(this)) {
    verdict_->setObjectName(QStringLiteral("weights_verdict"));
    verdict_->setWordWrap(true);
    QFont bold = verdict_->font();
    bold.setBold(true);
    verdict_->setFont(bold);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    note_->setAlignment(Qt::AlignCenter);
    note_->setWordWrap(true);
    plot_->setObjectName(QStringLiteral("weights_histogram"));
    plot_->setMinimumHeight(140);
    stack_->addWidget(plot_);
    stack_->addWidget(note_);
    statistics_->setObjectName(QStringLiteral("weights_statistics"));
    statistics_->setTextFormat(Qt::RichText);
    statistics_->setWordWrap(true);
    statistics_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table_->setObjectName(QStringLiteral("weights_fingerprint"));
    table_->setModel(model_);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(FingerprintTableModel::Scheme,
                                                     QHeaderView::Stretch);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(verdict_);
    layout->addWidget(statistics_);
    layout->addWidget(stack_, 1);
    layout->addWidget(table_);
    fit_table();
    show_tensor(nullptr, -1, false);
}

void TensorDetail::fit_table() {
    // Its header and kTableRows rows (it scrolls), the histogram the rest; in the font's size.
    const int row = table_->fontMetrics().height() + 6;
    table_->setFixedHeight(row * (kTableRows + 1) + 2 * table_->frameWidth());
}

void TensorDetail::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) fit_table();
}

bool TensorDetail::plot_shown() const {
    return stack_->currentWidget() == plot_;
}

void TensorDetail::show_tensor(const OpenedCheckpoint* opened, int index, bool fresh_init) {
    if (!opened || index < 0 || index >= opened->tensor_count()) {
        index_ = -1;
        verdict_->setText(opened ? tr("Select a tensor in the tree") : QString());
        note_->setText(QString());
        stack_->setCurrentWidget(note_);
        statistics_->clear();
        model_->clear();
        return;
    }
    index_ = index;
    const CheckpointTensor& tensor = opened->tensor(index);
    const CheckpointTensorAnalysis* analysis = opened->analysis(index);
    const QString name = QString::fromStdString(tensor.name);
    const QString dtype = QString::fromUtf8(TensorDtypes::name(tensor.dtype));
    const bool sharded = opened->checkpoint->format().find("shard") != std::string::npos;
    std::vector<std::pair<QString, QString>> rows{
        {tr("tensor"), dtype + QStringLiteral(", ") +
                           QString::fromStdString(TensorShape(tensor.shape).to_string())}};
    if (analysis && analysis->context.weight_fans.fan_in > 0)
        rows.push_back({tr("fan_in → out"), QStringLiteral("%1 → %2").arg(
                                                grouped(analysis->context.weight_fans.fan_in),
                                                grouped(analysis->context.weight_fans.fan_out))});
    const auto add_file = [&] {
        if (sharded)
            rows.push_back({tr("file"), QFileInfo(QString::fromStdString(tensor.file)).fileName()});
    };
    if (!analysis || !analysis->analysed) {
        rows.push_back({tr("n"), grouped(tensor.numel)});
        add_file();
        statistics_->setText(line(rows));
        model_->clear();
        verdict_->setText(name);
        note_->setText(analysis ? tr("%1 is not analysed: only float32, float16, bfloat16 and "
                                     "float64 tensors are")
                                      .arg(dtype)
                                : tr("Analysing %1…").arg(name));
        stack_->setCurrentWidget(note_);
        return;
    }
    const SampleStatistics& s = analysis->stats;
    rows.push_back({tr("n"), grouped(s.n)});
    rows.push_back({tr("mean"), number(s.mean)});
    rows.push_back({tr("std"), number(s.stddev)});
    rows.push_back({tr("min"), number(s.min)});
    rows.push_back({tr("max"), number(s.max)});
    if (s.non_finite > 0) rows.push_back({tr("non-finite"), grouped(s.non_finite)});
    add_file();
    statistics_->setText(line(rows));
    verdict_->setText(
        name + QStringLiteral(": ") +
        QString::fromStdString(FingerprintVerdict::of(analysis->fingerprint, analysis->stats)));
    model_->show_fingerprint(analysis->fingerprint, analysis->stats);
    stack_->setCurrentWidget(plot_);
    plot_->show_analysis(*analysis, fresh_init);
}

}  // namespace initscope
