#include "ui/tabs/theory_tab.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"
#include "ui/plots/plot_style.h"
#include "ui/tabs/theory_table_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <optional>

namespace initscope {

namespace {

QString html(const std::string& text) {
    return QString::fromStdString(text).toHtmlEscaped();
}

QString num(double value) {
    return QString::fromStdString(NumberFormat::short_number(value, 4));
}

}  // namespace

TheoryTab::TheoryTab(QWidget* parent) : QWidget(parent) {
    model_ = new TheoryTableModel(this);
    view_ = new QTableView(this);
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(false);  // the deviation highlight must stand out alone
    view_->verticalHeader()->setVisible(false);
    view_->horizontalHeader()->setStretchLastSection(false);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setHighlightSections(false);
    // Projector-sized: 13 pt cells and headers.
    const QFont table_font = PlotStyle::scaled_font(PlotStyle::title_scale);
    view_->setFont(table_font);
    view_->horizontalHeader()->setFont(table_font);
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 10);

    details_ = new QLabel(this);
    details_->setTextFormat(Qt::RichText);
    details_->setWordWrap(true);
    details_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setMargin(8);
    const QFont details_font = PlotStyle::scaled_font(PlotStyle::title_scale);
    details_->setFont(details_font);
    auto* details_scroll = new QScrollArea(this);
    details_scroll->setWidget(details_);
    details_scroll->setWidgetResizable(true);
    details_scroll->setFrameShape(QFrame::NoFrame);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(view_);
    splitter->addWidget(details_scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({550, 450});
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { update_details(); });
    auto activate = [this](const QModelIndex& index) {
        if (const TensorSummary* t = model_->tensor(index.row()))
            emit tensorActivated(t->layer_index, t->role);
    };
    connect(view_, &QTableView::clicked, this, activate);
    connect(view_, &QTableView::activated, this, activate);
    connect(model_, &QAbstractItemModel::dataChanged, this, [this] { update_details(); });
    update_details();
}

QString TheoryTab::title() const {
    return tr("Theory vs. sample");
}

QString TheoryTab::tool_tip() const {
    return tr("Per tensor: theoretical and sample moments, KS distance");
}

void TheoryTab::show_summary(std::shared_ptr<const NetworkSummary> summary, const ViewOptions&) {
    // Remember the selected tensor: a reset (different tensors) clears the selection.
    std::optional<std::pair<int, TensorRole>> selected;
    if (const TensorSummary* t = model_->tensor(view_->currentIndex().row()))
        selected = std::make_pair(t->layer_index, t->role);
    const int rows_before = model_->rowCount();
    model_->set_summary(std::move(summary));
    if (model_->rowCount() != rows_before || !view_->currentIndex().isValid()) {
        if (!(selected && select_tensor(selected->first, selected->second)) &&
            model_->rowCount() > 0)
            view_->setCurrentIndex(model_->index(0, 0));
    }
    update_details();
}

bool TheoryTab::select_tensor(int layer_index, TensorRole role) {
    const int row = model_->row_of(layer_index, role);
    if (row < 0) return false;
    view_->setCurrentIndex(model_->index(row, 0));
    view_->scrollTo(model_->index(row, 0));
    return true;
}

QString TheoryTab::details() const {
    return details_->text();
}

void TheoryTab::update_details() {
    const TensorSummary* t = model_->tensor(view_->currentIndex().row());
    if (!t) {
        details_->setText(tr("<p>Select a tensor to see its theory.</p>"));
        return;
    }
    const SchemeInfo& info = SchemeRegistry::info(t->spec.scheme());
    QString text = QStringLiteral("<p><b>%1</b> — %2 (%3)</p>")
                       .arg(html(t->label()), html(info.display_name), html(t->shape.to_string()));
    text += QStringLiteral("<p>%1</p>").arg(html(t->theory.formula_filled()));
    if (!t->theory.notes().empty()) {
        text += QStringLiteral("<ul>");
        for (const std::string& note : t->theory.notes())
            text += QStringLiteral("<li>%1</li>").arg(html(note));
        text += QStringLiteral("</ul>");
    }
    text += QStringLiteral("<p>") +
            tr("Sample: mean %1, σ %2 (theory %3, %4), n = %5")
                .arg(num(t->stats.mean), num(t->stats.stddev), num(t->theory.mean()),
                     num(t->theory.stddev()),
                     QString::fromStdString(NumberFormat::grouped(t->stats.n))) +
            QStringLiteral("</p>");
    if (t->deviates()) {
        text += QStringLiteral("<p><b>") + tr("Deviates from its theory") +
                QStringLiteral("</b><br>") +
                TheoryTableModel::deviation_explanation(*t).toHtmlEscaped().replace(
                    '\n', QStringLiteral("<br>")) +
                QStringLiteral("</p>");
    }
    if (!info.paper.empty()) text += QStringLiteral("<p><i>%1</i></p>").arg(html(info.paper));
    details_->setText(text);
}

}  // namespace initscope
