#include "ui/lessons/slide_export.h"

#include "ui/document/analysis_result.h"
#include "ui/document/analysis_worker.h"
#include "ui/document/exploration.h"
#include "ui/document/summary_worker.h"
#include "ui/export/plot_exporter.h"
#include "ui/lessons/lesson_dock.h"
#include "ui/lessons/lesson_player.h"
#include "ui/main_window.h"
#include "ui/presenter/presenter_mode.h"
#include "ui/tabs/sweep_tab.h"
#include "ui/tabs/sweep_worker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFont>
#include <QPainter>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

#include <algorithm>

namespace initscope {

namespace {

/// Runs the event loop for `ms` milliseconds.
void pump(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/// Whether the window shows the latest network's summary, and its analysis when the current tab
/// needs one, with nothing more being computed.
bool settled(MainWindow& window) {
    const Exploration& exploration = *window.exploration();
    if (exploration.worker()->busy() || exploration.generation() == 0 ||
        exploration.generation() != exploration.worker()->latest_generation())
        return false;
    if (exploration.analysis_wanted()) {
        const std::shared_ptr<const AnalysisResult> analysis = exploration.analysis();
        if (exploration.analysis_worker()->busy() || !analysis ||
            analysis->generation != exploration.generation())
            return false;
    }
    if (auto* sweep = qobject_cast<SweepTab*>(window.tabs()->currentWidget()))
        if (sweep->worker()->busy()) return false;
    return true;
}

/// Draws the window into `path`. A PNG is the window as the room sees it (window.grab(): the
/// tab scrolled to the step's tensor, tables included); PDF and SVG are drawn by the export
/// painter as vectors (plots and labels: a table is left out there).
std::optional<QString> draw(MainWindow& window, const QString& path, ImageFormat format,
                            const ExportOptions& options) {
    if (format != ImageFormat::Png) return PlotExporter::save(&window, path, options, format);
    QImage image = window.grab().toImage();
    if (image.isNull()) return QStringLiteral("%1: cannot draw the window").arg(path);
    // A window that cannot be laid out as small as the slide (its fonts are presenter-sized) is
    // scaled down to fit, centred on the window's background.
    const QSize size = (QSizeF(options.size) * options.scale).toSize();
    if (image.size() != size) {
        QImage slide(size, QImage::Format_ARGB32_Premultiplied);
        slide.fill(window.palette().window().color());
        const QImage fitted = image.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter painter(&slide);
        painter.drawImage((size.width() - fitted.width()) / 2,
                          (size.height() - fitted.height()) / 2, fitted);
        painter.end();
        image = slide;
    }
    return PlotExporter::write_image(image, path, format, options);
}

}  // namespace

QStringList SlideExport::file_names(const Lesson& lesson, ImageFormat format) {
    QStringList names;
    for (size_t i = 0; i < lesson.steps.size(); ++i)
        names << QStringLiteral("%1-%2.%3")
                     .arg(i + 1, 2, 10, QChar('0'))
                     .arg(QString::fromStdString(LessonFile::slug(lesson.steps[i].title)),
                          PlotExporter::extension(format));
    return names;
}

void SlideExport::lay_out_for_slides(MainWindow& window, LessonPlayer& player, QSize size) {
    // Presenter mode at the slide's size (the window is a throw-away of the export: nothing is
    // put back): its strip, the plots and the lesson dock, with presenter-sized text.
    window.resize(size);
    window.presenter()->set_full_screen(false);
    window.presenter()->set_active(true);
    window.left_splitter()->hide();
    // Text in proportion to the slide: the dock's 18 px body at 720 px, 27 px at 1080 px.
    QFont font = player.dock()->font();
    font.setPixelSize(std::max(1, LessonDock::kMinTextPx * size.height() * 10 / (720 * 13)));
    player.dock()->setFont(font);
    window.resize(size);
    window.show();
    window.resizeDocks({player.dock()}, {size.width() * LessonDock::kWidthPercent / 100},
                       Qt::Horizontal);
}

std::optional<QString> SlideExport::wait_until_shown(MainWindow& window) {
    std::optional<QString> failure;
    const QMetaObject::Connection failed = QObject::connect(
        &window, &MainWindow::refreshFailed, [&](const QString& message) { failure = message; });
    QElapsedTimer waited;
    waited.start();
    while (!failure && !settled(window) && waited.elapsed() < kStepTimeoutMs) pump(20);
    QObject::disconnect(failed);
    if (failure) return failure;
    if (!settled(window))
        return QStringLiteral("not computed within %1 s").arg(kStepTimeoutMs / 1000);
    pump(100);  // the queued replots, then a repaint
    return std::nullopt;
}

std::optional<QString> SlideExport::write(MainWindow& window, LessonPlayer& player,
                                          const QString& directory, ImageFormat format,
                                          const ExportOptions& options, QStringList* written) {
    written->clear();
    if (!player.active()) return QStringLiteral("no lesson is open");
    const QStringList names = file_names(player.lesson(), format);
    lay_out_for_slides(window, player, options.size);
    std::optional<QString> failure;
    for (int i = 0; i < names.size() && !failure; ++i) {
        player.go_to(i);
        player.set_revealed(true);
        if (!player.problem().isEmpty()) {
            failure = QStringLiteral("%1: %2").arg(names[i], player.problem());
            break;
        }
        if (const std::optional<QString> problem = wait_until_shown(window)) {
            failure = QStringLiteral("%1: %2").arg(names[i], *problem);
            break;
        }
        const QString path = QDir(directory).filePath(names[i]);
        if (const std::optional<QString> problem = draw(window, path, format, options))
            failure = problem;
        else
            *written << path;
    }
    if (failure) {
        for (const QString& path : *written) QFile::remove(path);
        written->clear();
    }
    return failure;
}

}  // namespace initscope
