#include "ui/side_panel_room.h"

#include <QAction>
#include <QCoreApplication>
#include <QHeaderView>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>

#include <algorithm>

namespace initscope {

void SidePanelRoom::fit(QSplitter* main_splitter, const QTableView* view) {
    const int table = view->verticalHeader()->width() + view->horizontalHeader()->length() +
                      2 * view->frameWidth() + view->verticalScrollBar()->sizeHint().width();
    const int total = main_splitter->width();
    const int most = total >= kRoomyWidth ? total * 2 / 5
                     : total >= 1200      ? total * 3 / 10
                                          : total / 4;
    const int left = std::clamp(table, std::min(240, most), most);
    main_splitter->setSizes({left, total - left});
}

bool SidePanelRoom::fold(QAction* toggle, int window_width, QStatusBar* status,
                         const QString& who) {
    if (window_width >= kRoomyWidth || toggle == nullptr || !toggle->isChecked()) return false;
    toggle->setChecked(false);
    status->showMessage(QCoreApplication::translate("SidePanelRoom",
                                                    "%1 the room of the network and parameter "
                                                    "panels: F9 shows them")
                            .arg(who),
                        10000);
    return true;
}

}  // namespace initscope
