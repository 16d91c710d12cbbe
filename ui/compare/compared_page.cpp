#include "ui/compare/compared_page.h"

#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace initscope {

namespace {

int index(ComparisonSide side) {
    return side == ComparisonSide::A ? 0 : 1;
}

}  // namespace

ComparedPage::ComparedPage(QWidget* a_view, QWidget* b_view, QWidget* parent)
    : QWidget(parent), splitter_(new QSplitter(Qt::Horizontal, this)) {
    splitter_->setChildrenCollapsible(false);
    splitter_->setHandleWidth(6);
    splitter_->addWidget(make_pane(ComparisonSide::A, a_view));
    splitter_->addWidget(make_pane(ComparisonSide::B, b_view));
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter_);
}

QWidget* ComparedPage::make_pane(ComparisonSide side, QWidget* view) {
    auto* pane = new QWidget;
    auto* header = new QLabel(pane);
    header->setObjectName(QStringLiteral("compare_header_") + side_letter(side));
    QFont font = header->font();
    font.setBold(true);
    header->setFont(font);
    // White on the side's colour: the same colour as the side's curves and table columns.
    header->setStyleSheet(
        QStringLiteral("QLabel { color: white; background: %1; padding: 3px 8px; }")
            .arg(side_color(side).name()));
    header->setTextFormat(Qt::PlainText);
    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(header);
    // Narrower than the view's minimum (two views in the width of one), the pane scrolls.
    auto* scroll = new QScrollArea(pane);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(view);
    layout->addWidget(scroll, 1);
    view->show();  // a page taken from a QTabWidget comes hidden
    scrolls_[index(side)] = scroll;
    panes_[index(side)] = pane;
    headers_[index(side)] = header;
    views_[index(side)] = view;
    return pane;
}

QWidget* ComparedPage::take_a() {
    QWidget* a = views_[0];
    if (!a) return nullptr;
    scrolls_[0]->takeWidget();
    a->hide();
    a->setParent(nullptr);
    views_[0] = nullptr;
    return a;
}

QWidget* ComparedPage::view(ComparisonSide side) const {
    return views_[index(side)];
}

QLabel* ComparedPage::header(ComparisonSide side) const {
    return headers_[index(side)];
}

void ComparedPage::set_names(const QString& a_name, const QString& b_name, ComparisonSide edited) {
    for (ComparisonSide side : {ComparisonSide::A, ComparisonSide::B}) {
        QString text = QStringLiteral("%1 — %2").arg(side_letter(side),
                                                     side == ComparisonSide::A ? a_name : b_name);
        if (side == edited) text += tr("  ·  edited in the side panels");
        headers_[index(side)]->setText(text);
    }
}

void ComparedPage::set_swapped(bool swapped) {
    if (swapped == swapped_) return;
    // Laid out, the panes keep their widths (maybe dragged); else their shares.
    const QList<int> sizes = splitter_->sizes();
    swapped_ = swapped;
    splitter_->insertWidget(0, panes_[index(left_side())]);
    if (splitter_->isVisible() && sizes.size() == 2)
        splitter_->setSizes({sizes[1], sizes[0]});
    else
        set_a_share(a_share_);
}

void ComparedPage::set_a_share(double share) {
    // Relative weights: QSplitter spreads its width in their proportion.
    a_share_ = share;
    const int a = int(10000 * share), b = 10000 - a;
    splitter_->setSizes(swapped_ ? QList<int>{b, a} : QList<int>{a, b});
}

}  // namespace initscope
