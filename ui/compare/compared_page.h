#pragma once

#include "ui/compare/comparison_side.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QScrollArea;
class QSplitter;

namespace initscope {

/// One tab's page while comparing: A's view and B's view side by side in a horizontal splitter,
/// each under a header in its side's colour ("A — course.json"), scrolling when narrower than
/// the view's minimum. A's view is the window's own
/// page, borrowed for the comparison (take_a() gives it back); B's view belongs to the page.
/// Swapped, B is on the left.
class ComparedPage : public QWidget {
    Q_OBJECT
public:
    /// Takes `a_view` and `b_view` into the page (A left, B right, equal widths).
    ComparedPage(QWidget* a_view, QWidget* b_view, QWidget* parent = nullptr);

    /// Hands A's view back (no parent, hidden), leaving the page with B's only.
    QWidget* take_a();
    QWidget* view(ComparisonSide side) const;
    /// The header above a side's view.
    QLabel* header(ComparisonSide side) const;
    QSplitter* splitter() const { return splitter_; }

    /// "A — <a_name>", "B — <b_name>"; `edited` gets "· edited" (the side the panels edit).
    void set_names(const QString& a_name, const QString& b_name, ComparisonSide edited);
    /// Swapped: B left, A right.
    void set_swapped(bool swapped);
    bool swapped() const { return swapped_; }
    /// The side shown on the left.
    ComparisonSide left_side() const { return swapped_ ? ComparisonSide::B : ComparisonSide::A; }
    /// Share of the width A's pane gets (the rest is B's); 0.5 at first.
    void set_a_share(double share);

private:
    QWidget* make_pane(ComparisonSide side, QWidget* view);

    QSplitter* splitter_;
    QWidget* panes_[2] = {nullptr, nullptr};
    QLabel* headers_[2] = {nullptr, nullptr};
    QScrollArea* scrolls_[2] = {nullptr, nullptr};
    QPointer<QWidget> views_[2];
    bool swapped_ = false;
    double a_share_ = 0.5;
};

}  // namespace initscope
