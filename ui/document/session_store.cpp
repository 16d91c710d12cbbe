#include "ui/document/session_store.h"

#include "core/io/config_file.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/document/network_edit_command.h"
#include "ui/main_window.h"

#include <QFileInfo>
#include <QObject>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QUndoStack>

namespace initscope {

namespace {

const QString kGroup = QStringLiteral("session");

/// The network of the document's saved (clean) state, when the undo history still holds it.
std::optional<Network> clean_network(NetworkDocument& document) {
    const QUndoStack* stack = document.undo_stack();
    const int clean = stack->cleanIndex();
    if (clean < 0 || clean > stack->count()) return std::nullopt;
    if (clean == stack->index()) return document.network();
    const auto* command =
        dynamic_cast<const NetworkEditCommand*>(stack->command(clean == 0 ? 0 : clean - 1));
    if (!command) return std::nullopt;
    return clean == 0 ? command->before() : command->after();
}

/// The view options stored by save(); anything missing or out of range keeps its default.
ViewOptions stored_view_options(const QSettings& settings) {
    ViewOptions options;
    HistogramOptions& histogram = options.histogram;
    const int rule = settings.value(QStringLiteral("histogram_rule"), -1).toInt();
    if (rule >= int(BinRule::Fixed) && rule <= int(BinRule::FreedmanDiaconis))
        histogram.rule = static_cast<BinRule>(rule);
    const int bins = settings.value(QStringLiteral("histogram_bins"), histogram.bins).toInt();
    if (bins >= 1 && bins <= 10000) histogram.bins = bins;
    if (settings.value(QStringLiteral("histogram_shared_range"), false).toBool())
        histogram.range = RangeMode::Shared;
    const int scale = settings.value(QStringLiteral("histogram_scale"), -1).toInt();
    if (scale >= int(HistogramScale::Counts) && scale <= int(HistogramScale::Density))
        options.scale = static_cast<HistogramScale>(scale);
    options.lock_axes = settings.value(QStringLiteral("histogram_lock_axes"), false).toBool();
    return options;
}

}  // namespace

void SessionStore::save(const MainWindow& window, bool discarded) {
    QSettings settings;
    settings.remove(kGroup);
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("geometry"), window.saveGeometry());
    settings.setValue(QStringLiteral("state"), window.saveState());
    settings.setValue(QStringLiteral("left_splitter"), window.left_splitter()->saveState());
    // A hidden side panel (F9) would come back as a zero-width one.
    if (!window.left_splitter()->isHidden())
        settings.setValue(QStringLiteral("main_splitter"), window.main_splitter()->saveState());
    settings.setValue(QStringLiteral("tab"), window.tabs()->currentIndex());
    const ViewOptions& view = window.exploration()->view_options();
    settings.setValue(QStringLiteral("histogram_rule"), int(view.histogram.rule));
    settings.setValue(QStringLiteral("histogram_bins"), view.histogram.bins);
    settings.setValue(QStringLiteral("histogram_shared_range"),
                      view.histogram.range == RangeMode::Shared);
    settings.setValue(QStringLiteral("histogram_scale"), int(view.scale));
    settings.setValue(QStringLiteral("histogram_lock_axes"), view.lock_axes);

    NetworkDocument& document = *window.exploration()->document();
    settings.setValue(QStringLiteral("file_path"), document.file_path());
    settings.setValue(QStringLiteral("display_name"), document.display_name());
    std::optional<Network> network = document.network();
    bool modified = document.is_modified();
    if (discarded && modified) {
        network = clean_network(document);
        modified = false;
    }
    settings.setValue(QStringLiteral("modified"), modified);
    if (network)
        settings.setValue(QStringLiteral("network"),
                          QString::fromUtf8(ConfigFile::write(*network)));
}

SessionStore::Restored SessionStore::restore(MainWindow& window) {
    QSettings settings;
    settings.beginGroup(kGroup);
    Restored restored;
    if (settings.contains(QStringLiteral("geometry"))) {
        window.restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
        window.restoreState(settings.value(QStringLiteral("state")).toByteArray());
        window.left_splitter()->restoreState(
            settings.value(QStringLiteral("left_splitter")).toByteArray());
        restored.layout = window.main_splitter()->restoreState(
            settings.value(QStringLiteral("main_splitter")).toByteArray());
    }
    const int tab = settings.value(QStringLiteral("tab"), 0).toInt();
    if (tab >= 0 && tab < window.tabs()->count()) window.tabs()->setCurrentIndex(tab);
    window.exploration()->set_view_options(stored_view_options(settings));

    NetworkDocument& document = *window.exploration()->document();
    const QString file_path = settings.value(QStringLiteral("file_path")).toString();
    const QString name = settings.value(QStringLiteral("display_name")).toString();
    std::optional<QString> error;
    if (settings.contains(QStringLiteral("network"))) {
        const QByteArray json = settings.value(QStringLiteral("network")).toString().toUtf8();
        ConfigFile::Result read = ConfigFile::parse(json, "session", /*validate=*/false);
        if (!read) {
            error = QString::fromStdString(read.error);
        } else if (std::optional<QString> reason = document.validate(*read.network)) {
            error = *reason;
        } else {
            document.reset(std::move(*read.network), name, file_path);
            if (settings.value(QStringLiteral("modified")).toBool())
                document.undo_stack()->resetClean();
            return restored;
        }
    } else if (!file_path.isEmpty()) {
        // Checked here, before any read: a FIFO or a device would block or never end.
        const QFileInfo info(file_path);
        if (!info.exists()) {
            error = QObject::tr("%1: the file no longer exists").arg(file_path);
        } else if (!info.isFile()) {
            error = QObject::tr("%1: not a regular file").arg(file_path);
        } else {
            error = window.open_file(file_path);
            if (!error) return restored;
        }
    }
    window.load_preset(QStringLiteral("course"));
    if (error)
        restored.message =
            QObject::tr("The last session could not be restored (%1); showing the course preset")
                .arg(*error);
    return restored;
}

void SessionStore::clear() {
    QSettings().remove(kGroup);
}

}  // namespace initscope
