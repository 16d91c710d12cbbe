#include "ui/tabs/theory_tab.h"

#include "ui/plots/plot_style.h"

#include "core/schemes/scheme_registry.h"
#include "core/stats/number_format.h"
#include "ui/tabs/theory_picture.h"
#include "ui/tabs/theory_table_model.h"

#include <QEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
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
    picture_ = new TheoryPicture(this);
    view_ = new QTableView(this);
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(false);  // the deviation highlight must stand out alone
    view_->verticalHeader()->setVisible(false);
    QHeaderView* header = view_->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The scheme's name gives way (elided; its tooltip has it whole) so the numbers fit: see
    // fit_columns().
    header->setSectionResizeMode(TheoryTableModel::SchemeColumn, QHeaderView::Fixed);
    header->setHighlightSections(false);
    view_->setTextElideMode(Qt::ElideRight);
    view_->setWordWrap(false);
    view_->viewport()->installEventFilter(this);

    details_ = new QLabel(this);
    details_->setTextFormat(Qt::RichText);
    details_->setWordWrap(true);
    details_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setMargin(8);
    auto* details_scroll = new QScrollArea(this);
    details_scroll->setWidget(details_);
    details_scroll->setWidgetResizable(true);
    details_scroll->setFrameShape(QFrame::NoFrame);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(view_);
    splitter->addWidget(details_scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({620, 380});
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    follow_selection();
    auto activate = [this](const QModelIndex& index) {
        if (const TensorSummary* t = model_->tensor(index.row()))
            emit tensorActivated(t->layer_index, t->role);
    };
    connect(view_, &QTableView::clicked, this, activate);
    connect(view_, &QTableView::activated, this, activate);
    connect(model_, &QAbstractItemModel::dataChanged, this, [this] {
        update_details();
        fit_columns();
    });
    connect(model_, &QAbstractItemModel::modelReset, this, &TheoryTab::fit_columns);
    update_details();
    apply_fonts();
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
            view_->setCurrentIndex(view_->model()->index(0, 0));
    }
    update_details();
}

bool TheoryTab::select_tensor(int layer_index, TensorRole role) {
    const int row = model_->row_of(layer_index, role);
    if (row < 0) return false;
    view_->setCurrentIndex(view_->model()->index(row, 0));
    view_->scrollTo(view_->model()->index(row, 0));
    return true;
}

void TheoryTab::apply_fonts() {
    // The application's font, zoomed or presenter-sized with it (it is projector-sized already:
    // at least 11 pt, 18 px in presenter mode); larger would not fit 1024 px.
    const QFont table_font = PlotStyle::scaled_font(1.0);
    QHeaderView* header = view_->horizontalHeader();
    view_->setFont(table_font);
    header->setFont(table_font);
    details_->setFont(table_font);
    header->setMinimumSectionSize(view_->fontMetrics().horizontalAdvance(QStringLiteral("Xavier")));
    // Two lines per row: mean ± σ over the support or range.
    view_->verticalHeader()->setDefaultSectionSize(2 * view_->fontMetrics().lineSpacing() + 8);
    fit_columns();
}

void TheoryTab::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) apply_fonts();
}

void TheoryTab::fit_columns() {
    // Every column as wide as its contents (ResizeToContents), but the scheme's: what is left,
    // between the width of "Xavier" and its contents.
    if (view_->model() != model_) return;  // the A/B comparison's paired table sizes itself
    QHeaderView* header = view_->horizontalHeader();
    const QAbstractItemView* cells = view_;  // sizeHintForColumn is public there
    const int scheme = TheoryTableModel::SchemeColumn;
    int others = 0;
    for (int column = 0; column < model_->columnCount(); ++column)
        if (column != scheme)
            others += std::max(cells->sizeHintForColumn(column), header->sectionSizeHint(column));
    const int wanted = std::max(cells->sizeHintForColumn(scheme), header->sectionSizeHint(scheme));
    const int room = view_->viewport()->width() - others;
    header->resizeSection(scheme, std::clamp(room, header->minimumSectionSize(), wanted));
}

bool TheoryTab::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && event->type() == QEvent::Resize) fit_columns();
    return QWidget::eventFilter(watched, event);
}

QWidget* TheoryTab::export_widget() {
    // The tab's size: what "Copy" copies and the export dialog starts from.
    if (isVisible()) picture_->resize(size());
    picture_->set_content(*model_, details_->text());
    return picture_;
}

void TheoryTab::set_comparison(QAbstractItemModel* comparison) {
    const int row = view_->currentIndex().row();
    QItemSelectionModel* old = view_->selectionModel();
    view_->setModel(comparison ? comparison : model_);
    delete old;
    follow_selection();
    if (row >= 0 && row < view_->model()->rowCount())
        view_->setCurrentIndex(view_->model()->index(row, 0));
    update_details();
}

void TheoryTab::follow_selection() {
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { update_details(); });
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
            tr("Sample: mean %1, σ %2, σ² %3 (theory %4, %5, %6), σ ratio %7, n = %8")
                .arg(num(t->stats.mean), num(t->stats.stddev), num(t->stats.variance),
                     num(t->theory.mean()), num(t->theory.stddev()), num(t->theory.variance()),
                     num(TheoryTableModel::std_ratio(*t)),
                     QString::fromStdString(NumberFormat::grouped(t->stats.n))) +
            QStringLiteral("</p>");
    if (t->deviates()) {
        text += QStringLiteral("<p><b>") + tr("Deviates from its theory") +
                QStringLiteral("</b><br>") +
                TheoryTableModel::deviation_explanation(*t).toHtmlEscaped().replace(
                    '\n', QStringLiteral("<br>")) +
                QStringLiteral("</p>");
    }
    const std::string& paper = t->theory.paper();  // this tensor's: none for the default bias
    if (!paper.empty()) text += QStringLiteral("<p><i>%1</i></p>").arg(html(paper));
    details_->setText(text);
}

}  // namespace initscope
