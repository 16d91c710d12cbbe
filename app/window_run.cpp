#include "app/window_run.h"

#include "app/command_line.h"
#include "ui/compare/comparison.h"
#include "ui/document/recovery_file.h"
#include "ui/lessons/lesson_player.h"
#include "ui/main_window.h"
#include "ui/presenter/presenter_mode.h"
#include "ui/presenter/theme.h"
#include "ui/tabs/sweep_tab.h"
#include "ui/tabs/sweep_worker.h"
#include "ui/weights/weights_controller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QIcon>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace initscope {

namespace {

/// A readable size for a classroom: at least 11 pt for every widget (plots set their own).
void use_projector_font(QApplication& app) {
    QFont font = app.font();
    if (font.pointSizeF() > 0 && font.pointSizeF() < 11) {
        font.setPointSizeF(11);
        app.setFont(font);
    }
}

/// Starts the comparison --compare FILE or --compare-preset NAME asks for; the error naming the
/// option, or nullopt.
std::optional<QString> start_comparison(MainWindow& window, const CommandLineRequest& request) {
    std::optional<QString> error;
    Option option = Option::Compare;
    if (request.has(Option::Compare)) {
        error = window.comparison()->start_file(request.value(Option::Compare));
    } else if (request.has(Option::ComparePreset)) {
        option = Option::ComparePreset;
        error = window.comparison()->start_preset(request.value(Option::ComparePreset));
    }
    if (!error) return std::nullopt;
    return QString::fromStdString(CommandLine::flag(option)) + QStringLiteral(": ") + *error;
}

/// Waits (event loop) up to `timeout_ms` for the window's first painted refresh (and, on the
/// Scheme sweep tab, for its sweep; comparing, for B's result on the tab), then saves window.grab()
/// as PNG. Returns the error (the worker's when it could not compute the network, e.g. out of
/// memory), or nullopt.
std::optional<QString> screenshot(MainWindow& window, const QString& file, int timeout_ms = 60000) {
    QEventLoop loop;
    bool painted = false;
    std::optional<QString> failure;
    QObject::connect(&window, &MainWindow::refreshPainted, &loop, [&] {
        painted = true;
        loop.quit();
    });
    QObject::connect(&window, &MainWindow::refreshFailed, &loop, [&](const QString& message) {
        failure = message;
        loop.quit();
    });
    QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
    if (std::isnan(window.last_refresh_ms()))
        loop.exec();
    else
        painted = true;
    if (failure) return failure;
    if (!painted) return QStringLiteral("no refresh within %1 s").arg(timeout_ms / 1000);
    // The Scheme sweep computes its schemes after the analysis: the picture waits for them.
    QWidget* page = window.tabs()->currentWidget();
    auto* sweep = qobject_cast<SweepTab*>(page);
    if (!sweep && page) sweep = page->findChild<SweepTab*>();  // A's, on a comparison page
    if (sweep) {
        QElapsedTimer waited;
        waited.start();
        while (sweep->worker()->busy() && waited.elapsed() < timeout_ms) {
            QTimer::singleShot(50, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (sweep->worker()->busy())
            return QStringLiteral("the scheme sweep did not finish within %1 s")
                .arg(timeout_ms / 1000);
    }
    QElapsedTimer waited;
    waited.start();
    // --weights: the checkpoint opened and every tensor analysed.
    while (window.weights()->busy() && waited.elapsed() < timeout_ms) {
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (window.weights()->busy())
        return QStringLiteral("the weights were not analysed within %1 s").arg(timeout_ms / 1000);
    while (!window.comparison()->b_shown() && waited.elapsed() < timeout_ms) {
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!window.comparison()->b_shown())
        return QStringLiteral("B's result did not arrive within %1 s").arg(timeout_ms / 1000);
    // Let the status bar lay out the refresh time it has just been given.
    QTimer::singleShot(100, &loop, &QEventLoop::quit);
    loop.exec();
    const QPixmap pixmap = window.grab();
    if (pixmap.isNull() || !pixmap.save(file, "PNG"))
        return QStringLiteral("%1: cannot write the PNG").arg(file);
    return std::nullopt;
}

}  // namespace

int WindowRun::run(const CommandLineRequest& request) {
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    // QSettings (session, recent files) live under these names.
    QApplication::setOrganizationName(QStringLiteral("InitScope"));
    QApplication::setApplicationName(QStringLiteral("InitScope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/initscope.svg")));
    use_projector_font(*app);

    const QString preset = request.value(Option::Preset), config = request.value(Option::Config);
    const QString file = request.value(Option::Screenshot);
    MainWindow window;
    const bool screenshot_mode = !file.isEmpty();
    if (preset.isEmpty() && config.isEmpty() && !screenshot_mode) {
        window.restore_session();
    } else {
        const std::optional<QString> error =
            config.isEmpty() ? window.load_preset(
                                   preset.isEmpty() ? QString(CommandLine::kDefaultPreset) : preset)
                             : window.open_file(config);
        if (error) {
            std::fprintf(stderr, "initscope: %s\n", qPrintable(*error));
            return kBadInput;
        }
    }
    if (std::optional<QString> error = start_comparison(window, request)) {
        std::fprintf(stderr, "initscope: %s\n", qPrintable(*error));
        return kBadInput;
    }
    window.set_session_enabled(!screenshot_mode);
    if (!screenshot_mode) window.start_recovery(RecoveryFile::default_path());
    PresenterMode* presenter = window.presenter();
    presenter->set_remembered(!screenshot_mode);  // a screenshot is the same on every machine
    if (request.theme >= 0) presenter->theme()->set_kind(Theme::Kind(request.theme));
    if (request.window_size.isValid()) window.resize(request.window_size);
    if (request.has(Option::Lesson))
        if (const std::optional<QString> error =
                window.lessons()->open(request.value(Option::Lesson))) {
            std::fprintf(stderr, "initscope: %s: %s\n", CommandLine::flag(Option::Lesson).c_str(),
                         qPrintable(*error));
            return kBadInput;
        }
    std::optional<QString> weights_refused;
    if (request.has(Option::Weights)) {
        QObject::connect(window.weights(), &WeightsController::refused, &window,
                         [&weights_refused](const QString& message) { weights_refused = message; });
        window.weights()->open(request.value(Option::Weights));
    }
    if (request.tab >= window.tabs()->count()) {
        std::fprintf(stderr, "initscope: --tab: this window has no %s tab\n",
                     qPrintable(request.value(Option::Tab)));
        return kBadInput;
    }
    if (request.tab >= 0 || screenshot_mode)
        window.tabs()->setCurrentIndex(std::max(request.tab, 0));
    window.show();
    if (request.has(Option::Presenter)) {
        // Offscreen, full screen is the platform's screen: a screenshot keeps --size.
        presenter->set_full_screen(!screenshot_mode);
        presenter->set_active(true);
    }
    if (!screenshot_mode) return QApplication::exec();
    if (std::optional<QString> failure = screenshot(window, file)) {
        std::fprintf(stderr, "initscope: %s\n", qPrintable(*failure));
        return kFailure;
    }
    if (weights_refused) {  // the picture shows the refusal; the run says it too
        std::fprintf(stderr, "initscope: %s\n", qPrintable(*weights_refused));
        return kBadInput;
    }
    return kSuccess;
}

}  // namespace initscope
