#include "ui/about_box.h"

#include "core/io/build_info.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace initscope {

void AboutBox::show(QWidget* parent) {
    const auto tr = [](const char* text) { return QCoreApplication::translate("AboutBox", text); };
    QMessageBox::about(
        parent, tr("About InitScope"),
        tr("<h3>InitScope %1</h3>"
           "<p>See and teach how neural-network weights are initialized: pick a scheme per "
           "layer and watch every weight and bias histogram, with its theory, follow at once.</p>"
           "<p>The tensors are drawn exactly as PyTorch draws them (same generator, same "
           "kernels), so a seed here gives the numbers <code>torch.manual_seed</code> gives.</p>"
           "<p>Built with Qt %2, QCustomPlot and Eigen.</p>")
            .arg(QString::fromStdString(BuildInfo::version_text()),
                 QString::fromLatin1(qVersion())));
}

}  // namespace initscope
