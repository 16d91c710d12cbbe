#pragma once

#include "core/model/tensor_context.h"
#include "core/stats/network_summary.h"
#include "ui/document/view_options.h"

#include <QString>

#include <memory>

class QWidget;

namespace initscope {

/// One way of showing an Exploration's latest result: a tab of the window. The window keeps its
/// views in a list and hands each the summary when it becomes visible (a hidden view gets
/// nothing until it is shown, so an edit repaints only what is seen). Adding a view means one
/// class implementing this interface, and one line where the window builds its views.
class SummaryView {
public:
    virtual ~SummaryView() = default;

    /// The tab's title ("Overview") and tool tip.
    virtual QString title() const = 0;
    virtual QString tool_tip() const = 0;
    /// The view's page.
    virtual QWidget* widget() = 0;
    /// What "Export tab" and "Copy plot or tab" draw: the page when it is a picture (plots),
    /// nullptr when it is not (a table).
    virtual QWidget* export_widget() = 0;

    /// Shows `summary` (nullptr clears) as `options` say.
    virtual void show_summary(std::shared_ptr<const NetworkSummary> summary,
                              const ViewOptions& options) = 0;
    /// Follows the tensor selected elsewhere (the network panel), without emitting anything;
    /// false when the view does not show it or has no selection (the default).
    virtual bool select_tensor(int /*layer_index*/, TensorRole /*role*/) { return false; }
};

}  // namespace initscope
