#include "ui/tabs/spectrum_tab.h"

#include "core/stats/number_format.h"
#include "ui/plots/plot_context_menu.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/spectrum_plot.h"
#include "ui/tabs/spectrum_table_model.h"

#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

constexpr int kMaxColumns = 4;
constexpr int kSpacing = 6;

}  // namespace

SpectrumTab::SpectrumTab(QWidget* parent) : QWidget(parent) {
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setMargin(4);

    scroll_ = new QScrollArea(this);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    grid_widget_ = new QWidget(scroll_);
    grid_ = new QGridLayout(grid_widget_);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(kSpacing);
    scroll_->setWidget(grid_widget_);
    scroll_->viewport()->installEventFilter(this);

    model_ = new SpectrumTableModel(this);
    view_ = new QTableView(this);
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->verticalHeader()->setVisible(false);
    view_->horizontalHeader()->setHighlightSections(false);
    view_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // fit_columns
    view_->setTextElideMode(Qt::ElideRight);
    view_->horizontalHeader()->setTextElideMode(Qt::ElideRight);
    view_->viewport()->installEventFilter(this);
    const QFont table_font = PlotStyle::label_font();
    view_->setFont(table_font);
    view_->horizontalHeader()->setFont(table_font);
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 8);

    auto* top = new QWidget(this);
    auto* top_layout = new QVBoxLayout(top);
    top_layout->setContentsMargins(0, 0, 0, 0);
    top_layout->setSpacing(2);
    top_layout->addWidget(status_);
    top_layout->addWidget(scroll_, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(top);
    splitter->addWidget(view_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({700, 300});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.row() >= 0 && current.row() < shown_)
                    scroll_->ensureWidgetVisible(plots_[static_cast<size_t>(current.row())], 0, 0);
            });
    show_analysis(nullptr);
}

QString SpectrumTab::title() const {
    return tr("Spectrum");
}

QString SpectrumTab::tool_tip() const {
    return tr("Singular values of each weight beside random-matrix theory (Marchenko–Pastur)");
}

void SpectrumTab::show_summary(std::shared_ptr<const NetworkSummary>, const ViewOptions&) {}

void SpectrumTab::show_analysis(std::shared_ptr<const AnalysisResult> analysis) {
    analysis_ = std::move(analysis);
    model_->set_analysis(analysis_);
    fit_columns();
    const std::vector<WeightSpectrum> none;
    const std::vector<WeightSpectrum>& spectra = analysis_ ? analysis_->spectra : none;
    const int count = static_cast<int>(spectra.size());
    shown_ = std::min(count, kMaxPlots);
    while (static_cast<int>(plots_.size()) < shown_) {
        const int layer = static_cast<int>(plots_.size());
        auto* plot = new SpectrumPlot(grid_widget_);
        plot->setMinimumSize(kMinPlotWidth - 60, kPlotHeight);
        plot->setCursor(Qt::PointingHandCursor);
        PlotContextMenu::attach(plot);  // built after the window's attach_all
        connect(plot, &QCustomPlot::mousePress, this, [this, layer](QMouseEvent* event) {
            if (event->button() != Qt::LeftButton) return;
            view_->setCurrentIndex(model_->index(layer, 0));
            emit tensorActivated(layer, TensorRole::Weight);
        });
        plots_.push_back(plot);
    }
    while (static_cast<int>(plots_.size()) > shown_) {
        grid_->removeWidget(plots_.back());
        delete plots_.back();
        plots_.pop_back();
    }
    for (int i = 0; i < shown_; ++i) plots_[static_cast<size_t>(i)]->show_spectrum(spectra[i]);

    QString status;
    if (!analysis_)
        status = tr("No spectra yet: they follow the network's analysis.");
    else if (count == 0)
        status = tr("No weights to analyse.");
    else if (count > shown_)
        status = tr("The first %1 of %2 weights; the table lists every one.")
                     .arg(shown_)
                     .arg(QString::fromStdString(NumberFormat::grouped(count)));
    else
        status =
            tr("Singular values of each weight (as a matrix out × in·∏kernel) against "
               "random-matrix theory; the table below compares the edges.");
    status_->setText(status);
    columns_ = 0;  // lay out again
    reflow();
}

bool SpectrumTab::select_tensor(int layer_index, TensorRole role) {
    if (role != TensorRole::Weight || layer_index < 0 || layer_index >= model_->rowCount())
        return false;
    const QSignalBlocker blocker(view_->selectionModel());
    view_->setCurrentIndex(model_->index(layer_index, 0));
    view_->scrollTo(model_->index(layer_index, 0));
    if (layer_index < shown_)
        scroll_->ensureWidgetVisible(plots_[static_cast<size_t>(layer_index)], 0, 0);
    return true;
}

QList<SpectrumPlot*> SpectrumTab::plots() const {
    QList<SpectrumPlot*> list;
    for (int i = 0; i < shown_; ++i) list << plots_[static_cast<size_t>(i)];
    return list;
}

QString SpectrumTab::status_text() const {
    return status_->text();
}

bool SpectrumTab::eventFilter(QObject* watched, QEvent* event) {
    if (watched == scroll_->viewport() && event->type() == QEvent::Resize) reflow();
    if (watched == view_->viewport() && event->type() == QEvent::Resize) fit_columns();
    return QWidget::eventFilter(watched, event);
}

void SpectrumTab::fit_columns() {
    // Each column at its header's and contents' width; when they are wider than the table, the
    // width missing is taken from each column's slack above its least width in proportion —
    // numbers (contents up to kMinTextColumn px wide) are never cut, long texts (the matrix)
    // elide first, headers down to their contents — so the table never scrolls sideways.
    if (!view_ || !model_) return;
    constexpr int kMinTextColumn = 90;
    QHeaderView* header = view_->horizontalHeader();
    const int count = model_->columnCount();
    if (count == 0) return;
    std::vector<int> natural(static_cast<size_t>(count)), least(static_cast<size_t>(count));
    int total = 0, slack = 0;
    for (int c = 0; c < count; ++c) {
        const auto k = static_cast<size_t>(c);
        const int contents = static_cast<const QAbstractItemView*>(view_)->sizeHintForColumn(c);
        natural[k] = std::max(contents, header->sectionSizeHint(c));
        least[k] = std::min(natural[k], std::max(std::min(contents, kMinTextColumn), 24));
        total += natural[k];
        slack += natural[k] - least[k];
    }
    const int missing = std::max(0, total - view_->viewport()->width());
    header->setSectionResizeMode(QHeaderView::Interactive);
    for (int c = 0; c < count; ++c) {
        const auto k = static_cast<size_t>(c);
        const int cut =
            slack > 0 ? std::min(natural[k] - least[k],
                                 static_cast<int>(
                                     std::ceil(double(missing) * (natural[k] - least[k]) / slack)))
                      : 0;
        header->resizeSection(c, natural[k] - cut);
    }
}

void SpectrumTab::reflow() {
    const int width = scroll_->viewport()->width();
    const int columns = std::clamp((width + kSpacing) / (kMinPlotWidth + kSpacing), 1, kMaxColumns);
    if (columns == columns_ && grid_->count() == shown_) return;
    columns_ = columns;
    for (int i = 0; i < shown_; ++i) grid_->removeWidget(plots_[static_cast<size_t>(i)]);
    for (int c = 0; c < kMaxColumns; ++c) grid_->setColumnStretch(c, c < columns ? 1 : 0);
    for (int i = 0; i < shown_; ++i)
        grid_->addWidget(plots_[static_cast<size_t>(i)], i / columns, i % columns);
}

}  // namespace initscope
