#include "ui/plots/plot_header.h"

#include "ui/plots/plot_caption.h"

#include <algorithm>

namespace initscope {

PlotHeader::PlotHeader(QCustomPlot* plot, const QFont& title_font, const QFont& stats_font) {
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, this);
    plot->plotLayout()->setRowSpacing(0);
    setMargins(QMargins(8, 4, 8, 0));
    setColumnSpacing(12);
    setRowSpacing(0);
    title_ = new PlotCaption(plot, QString(), title_font, true);
    title_->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
    stats_ = new PlotCaption(plot, QString(), stats_font, true);
    stats_->setTextFlags(Qt::AlignRight | Qt::AlignVCenter);
    addElement(0, 0, title_);
    addElement(0, 1, stats_);
}

void PlotHeader::fit(int width) {
    const int inner = width - margins().left() - margins().right();
    const int available = inner - columnSpacing();
    auto outer_width = [](const PlotCaption* text) {
        return text->single_line_width() + text->margins().left() + text->margins().right();
    };
    const int title_width = outer_width(title_);
    const int stats_width = outer_width(stats_);
    const bool two_rows = !stats_->text().isEmpty() && title_width + stats_width > available;
    if (two_rows != two_rows_) {
        two_rows_ = two_rows;
        take(stats_);
        simplify();
        if (two_rows) {
            addElement(1, 0, stats_);
            stats_->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
        } else {
            addElement(0, 1, stats_);
            stats_->setTextFlags(Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    // Two rows: each text wraps to the plot's width rather than being cut.
    for (PlotCaption* text : {title_, stats_})
        text->set_wrap_width(two_rows || text == title_
                                 ? inner - text->margins().left() - text->margins().right()
                                 : 0);
    // One row: the spare width shared in proportion to the texts, so neither is elided.
    if (!two_rows && columnCount() == 2)
        setColumnStretchFactors(
            {double(std::max(title_width, 1)), double(std::max(stats_width, 1))});
}

void PlotHeader::set_fonts(const QFont& title_font, const QFont& stats_font) {
    title_->setFont(title_font);
    stats_->setFont(stats_font);
}

}  // namespace initscope
