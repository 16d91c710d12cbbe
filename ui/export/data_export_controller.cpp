#include "ui/export/data_export_controller.h"

#include "core/io/npy_file.h"
#include "core/io/pytorch_script_writer.h"
#include "core/io/summary_export.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>

namespace initscope {

namespace {

QString nothing_yet() {
    return QObject::tr("nothing to export yet: the plots are still being computed");
}

}  // namespace

DataExportController::DataExportController(QMainWindow* window, const Exploration* exploration,
                                           const UserPrompts* prompts)
    : QObject(window),
      window_(window),
      exploration_(exploration),
      prompts_(prompts),
      copy_pytorch_(new QAction(tr("Copy as &PyTorch"), window)) {
    copy_pytorch_->setObjectName(QStringLiteral("action_copy_pytorch"));
    copy_pytorch_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    copy_pytorch_->setShortcutContext(Qt::WindowShortcut);
    copy_pytorch_->setStatusTip(
        tr("Copy a Python script that builds this network with PyTorch and gives the same "
           "tensors"));
    connect(copy_pytorch_, &QAction::triggered, this, &DataExportController::copy_pytorch);
    window->addAction(copy_pytorch_);
}

QMenu* DataExportController::add_export_menu(QMenu* menu) {
    QMenu* exports = menu->addMenu(tr("E&xport"));
    exports->setObjectName(QStringLiteral("menu_export"));
    auto add = [this, exports](const QString& text, const char* name, auto slot) {
        QAction* action = exports->addAction(text, this, slot);
        action->setObjectName(QString::fromLatin1(name));
        return action;
    };
    add(tr("&Tensors as .npy…"), "action_export_npy", &DataExportController::export_npy)
        ->setStatusTip(tr("One NumPy file per tensor: <layer>.weight.npy, <layer>.bias.npy"));
    exports->addSeparator();
    add(tr("&Statistics as CSV…"), "action_export_statistics_csv",
        [this] { export_data(DataKind::StatisticsCsv); });
    add(tr("Statistics as &JSON…"), "action_export_statistics_json",
        [this] { export_data(DataKind::StatisticsJson); });
    add(tr("&Histogram bins as CSV…"), "action_export_histograms_csv",
        [this] { export_data(DataKind::HistogramsCsv); });
    add(tr("Histogram &bins as JSON…"), "action_export_histograms_json",
        [this] { export_data(DataKind::HistogramsJson); });
    exports->addSeparator();
    add(tr("&PyTorch script…"), "action_export_pytorch", &DataExportController::export_pytorch)
        ->setStatusTip(tr("A Python script that builds this network and its tensors in PyTorch"));
    return exports;
}

QString DataExportController::pytorch_script() const {
    const NetworkDocument* document = exploration_->document();
    return QString::fromStdString(
        PytorchScriptWriter::write(document->network(), document->display_name().toStdString()));
}

void DataExportController::copy_pytorch() {
    QGuiApplication::clipboard()->setText(pytorch_script());
    window_->statusBar()->showMessage(tr("PyTorch script for %1 copied to the clipboard")
                                          .arg(exploration_->document()->display_name()),
                                      8000);
}

std::optional<QString> DataExportController::write_npy(const QString& directory,
                                                       QStringList* written) const {
    const auto summary = exploration_->summary();
    const auto parameters = exploration_->parameters();
    if (!summary || !parameters) return nothing_yet();
    const QDir dir(directory);
    if (!dir.exists()) return tr("%1: no such directory").arg(directory);
    for (const TensorSummary& tensor : summary->tensors) {
        if (tensor.layer_index < 0 || size_t(tensor.layer_index) >= parameters->size()) continue;
        const LayerParameters& layer = (*parameters)[size_t(tensor.layer_index)];
        const Tensor* values = tensor.role == TensorRole::Weight ? &layer.weight
                               : layer.bias                      ? &*layer.bias
                                                                 : nullptr;
        if (!values) continue;
        const QString path =
            dir.filePath(QString::fromStdString(tensor.label()) + QStringLiteral(".npy"));
        if (std::optional<std::string> error = NpyFile::write(path, *values))
            return QString::fromStdString(*error);
        if (written) written->append(path);
    }
    return std::nullopt;
}

std::optional<QString> DataExportController::write_data(DataKind kind, const QString& path) const {
    const auto summary = exploration_->summary();
    if (!summary) return nothing_yet();
    QByteArray bytes;
    switch (kind) {
        case DataKind::StatisticsCsv:
            bytes = SummaryExport::statistics_csv(*summary);
            break;
        case DataKind::StatisticsJson:
            bytes = SummaryExport::statistics_json(*summary);
            break;
        case DataKind::HistogramsCsv:
            bytes = SummaryExport::histograms_csv(*summary);
            break;
        case DataKind::HistogramsJson:
            bytes = SummaryExport::histograms_json(*summary);
            break;
    }
    if (std::optional<std::string> error = SummaryExport::save(path, bytes))
        return QString::fromStdString(*error);
    return std::nullopt;
}

std::optional<QString> DataExportController::write_pytorch(const QString& path) const {
    if (std::optional<std::string> error = SummaryExport::save(path, pytorch_script().toUtf8()))
        return QString::fromStdString(*error);
    return std::nullopt;
}

void DataExportController::export_npy() {
    const QString directory =
        prompts_->directory(window_, tr("Write the tensors as .npy into the folder"));
    if (directory.isEmpty()) return;
    QStringList written;
    const std::optional<QString> error = write_npy(directory, &written);
    report(error, tr("Wrote %1 .npy files to %2").arg(written.size()).arg(directory));
}

void DataExportController::export_data(DataKind kind) {
    const bool csv = kind == DataKind::StatisticsCsv || kind == DataKind::HistogramsCsv;
    const bool statistics = kind == DataKind::StatisticsCsv || kind == DataKind::StatisticsJson;
    const QString what = statistics ? tr("statistics") : tr("histogram bins");
    const QString suggested =
        QStringLiteral("%1_%2.%3")
            .arg(stem(), statistics ? QStringLiteral("statistics") : QStringLiteral("histograms"),
                 csv ? QStringLiteral("csv") : QStringLiteral("json"));
    const QString path = prompts_->save_file(window_, tr("Export the %1").arg(what), suggested,
                                             csv ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (path.isEmpty()) return;
    report(write_data(kind, path), tr("Wrote the %1 to %2").arg(what, path));
}

void DataExportController::export_pytorch() {
    const QString path =
        prompts_->save_file(window_, tr("Export the PyTorch script"),
                            stem() + QStringLiteral(".py"), tr("Python script (*.py)"));
    if (path.isEmpty()) return;
    report(write_pytorch(path), tr("Wrote the PyTorch script to %1").arg(path));
}

QString DataExportController::stem() const {
    const QString name = QFileInfo(exploration_->document()->display_name()).completeBaseName();
    return name.isEmpty() ? QStringLiteral("network") : name;
}

void DataExportController::report(const std::optional<QString>& error, const QString& done) {
    if (error) {
        window_->statusBar()->showMessage(*error, 10000);
        prompts_->error(window_, tr("Export failed"), *error);
        return;
    }
    window_->statusBar()->showMessage(done, 8000);
}

}  // namespace initscope
