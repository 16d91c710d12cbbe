#include "ui/plots/legend_flow.h"

#include <algorithm>
#include <vector>

namespace initscope {

int LegendFlow::columns(const QCPLegend* legend, int width) {
    // The entries' widths in order (a grid cell may be empty after an entry was replaced).
    std::vector<int> widths;
    for (int i = 0; i < legend->elementCount(); ++i)
        if (const QCPLayoutElement* item = legend->elementAt(i))
            widths.push_back(item->minimumOuterSizeHint().width());
    const int count = static_cast<int>(widths.size());
    if (count == 0) return 1;
    const int available = width - legend->margins().left() - legend->margins().right();
    int columns = count;
    for (; columns > 1; --columns) {
        // Each column as wide as its widest entry.
        int total = (columns - 1) * legend->columnSpacing();
        for (int c = 0; c < columns; ++c) {
            int widest = 0;
            for (int i = c; i < count; i += columns)
                widest = std::max(widest, widths[static_cast<size_t>(i)]);
            total += widest;
        }
        if (total <= available) break;
    }
    return columns;
}

void LegendFlow::fit(QCPLegend* legend, int width) {
    if (legend->itemCount() == 0) return;
    const int wanted = columns(legend, width);
    if (legend->wrap() != wanted) {
        legend->setWrap(wanted);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

}  // namespace initscope
