#pragma once

#include <QRect>
#include <QSize>

class QWidget;

namespace initscope {

/// A tab laid out for an export: while alive, `widget` is laid out at `size` (or its minimum
/// size where larger); a hidden top-level widget is shown off screen meanwhile. Restores
/// geometry and visibility after, unless `restore` is false (the widget is thrown away after
/// the export).
class ExportLayout {
public:
    ExportLayout(QWidget* widget, QSize size, bool restore = true);
    ~ExportLayout();
    ExportLayout(const ExportLayout&) = delete;
    ExportLayout& operator=(const ExportLayout&) = delete;
    /// The size the widget is laid out at: `size` expanded to the widget's minimum.
    QSize layout_size() const { return layout_size_; }

private:
    QWidget* widget_;
    QRect geometry_;
    QSize layout_size_;
    bool restore_ = true;
    bool shown_ = false;
    bool dont_show_was_set_ = false;
};

}  // namespace initscope
