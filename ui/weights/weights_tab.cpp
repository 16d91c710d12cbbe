#include "ui/weights/weights_tab.h"

#include "core/io/checkpoint_names.h"
#include "core/stats/number_format.h"
#include "ui/weights/opened_checkpoint.h"
#include "ui/weights/role_overview.h"
#include "ui/weights/tensor_detail.h"
#include "ui/weights/weights_tree_model.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace initscope {

namespace {

/// Redraws of the role overview are merged to one per this many ms while analyses arrive.
constexpr int kOverviewRefreshMs = 150;
/// The tree's share of the page's width and of the left side's height (the role overview has
/// the rest), in %.
constexpr int kTreeShare = 45;
constexpr int kTreeHeightShare = 45;

QWidget* empty_page(WeightsTab* tab) {
    auto* page = new QWidget;
    auto* text = new QLabel(
        QObject::tr("<h3>A trained model's weights next to the init theory</h3>"
                    "<p>Open a checkpoint — <b>.safetensors</b> (or a sharded model's "
                    "<b>model.safetensors.index.json</b>), <b>.npz</b>, <b>.npy</b>, <b>.pt</b> or "
                    "<b>.pth</b> — with File → Open Weights…, or drop it on the window. Every "
                    "tensor gets its statistics, its histogram and its init fingerprint: which "
                    "scheme it looks like, and how far training moved it.</p>"
                    "<p>The file is memory-mapped and never run: a pickle is read by a restricted "
                    "unpickler.</p>"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setMaximumWidth(640);
    auto* open = new QPushButton(QObject::tr("Open Weights…"));
    open->setObjectName(QStringLiteral("weights_open_button"));
    QObject::connect(open, &QPushButton::clicked, tab, &WeightsTab::openRequested);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch(1);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addWidget(open, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    return page;
}

}  // namespace

WeightsTab::WeightsTab(QWidget* parent)
    : QWidget(parent),
      pages_(new QStackedWidget),
      file_label_(new QLabel),
      filter_(new QLineEdit),
      tree_(new QTreeView),
      model_(new WeightsTreeModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      fresh_(new QCheckBox(tr("Compare with a fresh init"))),
      content_(new QSplitter(Qt::Horizontal)),
      left_(new QSplitter(Qt::Vertical)),
      detail_(new TensorDetail),
      overview_(new RoleOverview),
      overview_refresh_(new QTimer(this)) {
    setObjectName(QStringLiteral("weights"));
    filter_->setObjectName(QStringLiteral("weights_filter"));
    filter_->setPlaceholderText(tr("Filter by name, shape (4096x) or dtype"));
    filter_->setClearButtonEnabled(true);
    proxy_->setSourceModel(model_);
    proxy_->setFilterRole(WeightsTreeModel::kFilterRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setRecursiveFilteringEnabled(true);
    tree_->setObjectName(QStringLiteral("weights_tree"));
    tree_->setModel(proxy_);
    tree_->setUniformRowHeights(true);
    tree_->setAlternatingRowColors(true);
    tree_->setSelectionMode(QAbstractItemView::SingleSelection);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree_->header()->setSectionResizeMode(WeightsTreeModel::Name, QHeaderView::Interactive);
    fresh_->setObjectName(QStringLiteral("weights_fresh_init"));
    fresh_->setToolTip(
        tr("Draw what PyTorch's default init (U(±1/√fan_in)) gives the same shapes, dotted: "
           "its density on the histogram, its σ and the KS distance to it across depth"));
    file_label_->setObjectName(QStringLiteral("weights_file"));
    file_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    file_label_->setWordWrap(true);

    auto* tree_block = new QWidget;
    auto* tree_layout = new QVBoxLayout(tree_block);
    tree_layout->setContentsMargins(0, 0, 0, 0);
    tree_layout->addWidget(file_label_);
    tree_layout->addWidget(filter_);
    tree_layout->addWidget(tree_, 1);
    overview_->add_to_header(fresh_);
    left_->addWidget(tree_block);
    left_->addWidget(overview_);
    left_->setChildrenCollapsible(false);

    content_->addWidget(left_);
    content_->addWidget(detail_);
    content_->setStretchFactor(0, 1);
    content_->setStretchFactor(1, 1);
    content_->setChildrenCollapsible(false);
    content_->setObjectName(QStringLiteral("weights_page"));

    pages_->addWidget(empty_page(this));
    pages_->addWidget(content_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(pages_);

    overview_refresh_->setSingleShot(true);
    overview_refresh_->setInterval(kOverviewRefreshMs);
    connect(overview_refresh_, &QTimer::timeout, overview_, &RoleOverview::refresh);
    connect(filter_, &QLineEdit::textChanged, this, &WeightsTab::apply_filter);
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &WeightsTab::selection_changed);
    connect(fresh_, &QCheckBox::toggled, this, &WeightsTab::set_fresh_init);
}

WeightsTab::~WeightsTab() {
    // The models refer to the checkpoint: they let go of it first.
    model_->set_checkpoint(nullptr);
    overview_->set_checkpoint(nullptr);
}

QString WeightsTab::title() const {
    return tr("Weights");
}

QString WeightsTab::tool_tip() const {
    return tr(
        "A trained model's checkpoint (File → Open Weights…): every tensor's histogram, "
        "statistics and init fingerprint, and each role across depth");
}

QWidget* WeightsTab::export_widget() {
    return opened_ ? content_ : static_cast<QWidget*>(this);
}

void WeightsTab::set_checkpoint(std::unique_ptr<OpenedCheckpoint> opened) {
    model_->set_checkpoint(nullptr);
    overview_->set_checkpoint(nullptr);
    detail_->show_tensor(nullptr, -1, false);
    opened_ = std::move(opened);
    if (opened_) opened_->analyses.resize(size_t(opened_->tensor_count()));
    model_->set_checkpoint(opened_.get());
    overview_->set_checkpoint(opened_.get());
    pages_->setCurrentIndex(opened_ ? 1 : 0);
    if (!opened_) return;
    share_room();
    int64_t values = 0;
    for (const CheckpointTensor& t : opened_->checkpoint->tensors()) values += t.numel;
    file_label_->setText(tr("<b>%1</b> — %2, %3 tensors, %4 values")
                             .arg(QFileInfo(opened_->path).fileName().toHtmlEscaped(),
                                  QString::fromStdString(opened_->checkpoint->format()))
                             .arg(opened_->tensor_count())
                             .arg(QString::fromStdString(NumberFormat::grouped(values))));
    file_label_->setToolTip(opened_->path);
    tree_->expandToDepth(0);
    tree_->resizeColumnToContents(WeightsTreeModel::Name);
    if (tree_->columnWidth(WeightsTreeModel::Name) < 160)
        tree_->setColumnWidth(WeightsTreeModel::Name, 160);
    if (opened_->tensor_count() > 0) select_tensor_index(0);
}

void WeightsTab::tensor_analysed(int index,
                                 std::shared_ptr<const CheckpointTensorAnalysis> analysis) {
    if (!opened_ || index < 0 || index >= opened_->tensor_count()) return;
    opened_->analyses[size_t(index)] = std::move(analysis);
    model_->tensor_analysed(index);
    if (index == detail_->shown_tensor())
        detail_->show_tensor(opened_.get(), index, fresh_->isChecked());
    if (!overview_refresh_->isActive()) overview_refresh_->start();
}

void WeightsTab::share_room() {
    // In pixels of the page (laid out by the tab widget even while hidden); from then on the
    // stretch factors share a resize.
    const int width = std::max(pages_->width(), 200), height = std::max(pages_->height(), 200);
    content_->setSizes({width * kTreeShare / 100, width * (100 - kTreeShare) / 100});
    left_->setSizes({height * kTreeHeightShare / 100, height * (100 - kTreeHeightShare) / 100});
}

void WeightsTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!shown_) share_room();
    shown_ = true;
}

void WeightsTab::refresh_overview() {
    overview_refresh_->stop();
    overview_->refresh();
}

void WeightsTab::select_tensor_index(int index) {
    const QModelIndex source = model_->index_of_tensor(index);
    if (!source.isValid()) return;
    QModelIndex shown = proxy_->mapFromSource(source);
    if (!shown.isValid()) {
        filter_->clear();
        shown = proxy_->mapFromSource(source);
    }
    tree_->setCurrentIndex(shown);
    tree_->scrollTo(shown);
}

int WeightsTab::selected_tensor() const {
    return model_->tensor_at(proxy_->mapToSource(tree_->currentIndex()));
}

void WeightsTab::set_fresh_init(bool on) {
    if (fresh_->isChecked() != on) fresh_->setChecked(on);  // toggled comes back here
    overview_->set_fresh_init(on);
    if (opened_) detail_->show_tensor(opened_.get(), detail_->shown_tensor(), on);
}

void WeightsTab::selection_changed() {
    const int index = selected_tensor();
    if (index < 0) return;  // a group: the detail keeps its tensor
    detail_->show_tensor(opened_.get(), index, fresh_->isChecked());
    // The overview follows to the tensor's role (unless all roles are shown).
    if (!overview_->selected_role().isEmpty())
        if (const auto role = CheckpointNames::role_of(opened_->tensor(index).name))
            overview_->select_role(QString::fromStdString(role->role));
    emit tensorSelected(index);
}

void WeightsTab::apply_filter(const QString& text) {
    proxy_->setFilterFixedString(text.trimmed());
    if (!text.trimmed().isEmpty()) tree_->expandAll();
}

}  // namespace initscope
