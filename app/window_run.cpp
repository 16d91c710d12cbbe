#include "app/window_run.h"

#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QIcon>
#include <QPixmap>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace initscope {

namespace {

bool has_argument(int argc, char** argv, const char* name) {
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return true;
    return false;
}

/// A readable size for a classroom: at least 11 pt for every widget (plots set their own).
void use_projector_font(QApplication& app) {
    QFont font = app.font();
    if (font.pointSizeF() > 0 && font.pointSizeF() < 11) {
        font.setPointSizeF(11);
        app.setFont(font);
    }
}

}  // namespace

bool GuiLauncher::can_run(int argc, char** argv) {
    return has_argument(argc, argv, "--screenshot") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
           qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

std::optional<QString> GuiLauncher::parse(const QStringList& arguments, Options& options) {
    QCommandLineParser parser;
    const QCommandLineOption preset({QStringLiteral("preset")}, QStringLiteral("built-in network"),
                                    QStringLiteral("NAME"));
    const QCommandLineOption config({QStringLiteral("config")}, QStringLiteral("JSON config"),
                                    QStringLiteral("FILE"));
    const QCommandLineOption screenshot({QStringLiteral("screenshot")},
                                        QStringLiteral("render to PNG and exit"),
                                        QStringLiteral("FILE"));
    const QCommandLineOption size({QStringLiteral("size")}, QStringLiteral("window size"),
                                  QStringLiteral("WxH"));
    const QCommandLineOption tab({QStringLiteral("tab")}, QStringLiteral("tab shown first"),
                                 QStringLiteral("overview|layers|theory"));
    parser.addOptions({preset, config, screenshot, size, tab});
    if (!parser.parse(arguments)) return parser.errorText();
    if (!parser.positionalArguments().isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().front());
    options.preset = parser.value(preset);
    options.config = parser.value(config);
    options.screenshot = parser.value(screenshot);
    if (!options.preset.isEmpty() && !options.config.isEmpty())
        return QStringLiteral("--preset and --config exclude each other");
    if (parser.isSet(tab)) {
        const QStringList tabs{QStringLiteral("overview"), QStringLiteral("layers"),
                               QStringLiteral("theory")};
        options.tab = int(tabs.indexOf(parser.value(tab)));
        if (options.tab < 0)
            return QStringLiteral("--tab: expected overview, layers or theory, got '%1'")
                .arg(parser.value(tab));
    }
    if (parser.isSet(size)) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
        const QRegularExpressionMatch match = pattern.match(parser.value(size));
        if (!match.hasMatch())
            return QStringLiteral("--size: expected WxH such as 1920x1080, got '%1'")
                .arg(parser.value(size));
        options.size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }
    return std::nullopt;
}

std::optional<QString> GuiLauncher::screenshot(MainWindow& window, const QString& file,
                                               int timeout_ms) {
    QEventLoop loop;
    bool painted = false;
    QObject::connect(&window, &MainWindow::refreshPainted, &loop, [&] {
        painted = true;
        loop.quit();
    });
    QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
    if (std::isnan(window.last_refresh_ms()))
        loop.exec();
    else
        painted = true;
    if (!painted) return QStringLiteral("no refresh within %1 s").arg(timeout_ms / 1000);
    // Let the status bar lay out the refresh time it has just been given.
    QTimer::singleShot(100, &loop, &QEventLoop::quit);
    loop.exec();
    const QPixmap pixmap = window.grab();
    if (pixmap.isNull() || !pixmap.save(file, "PNG"))
        return QStringLiteral("%1: cannot write the PNG").arg(file);
    return std::nullopt;
}

int GuiLauncher::run(int argc, char** argv) {
    // The screenshot needs no display; Qt reads the platform when QApplication is created.
    if (has_argument(argc, argv, "--screenshot") && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // QSettings (session, recent files) live under these names.
    QApplication::setOrganizationName(QStringLiteral("InitScope"));
    QApplication::setApplicationName(QStringLiteral("InitScope"));
    QApplication::setApplicationVersion(QStringLiteral(INITSCOPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/initscope.svg")));
    use_projector_font(app);

    Options options;
    if (std::optional<QString> error = parse(QApplication::arguments(), options)) {
        std::fprintf(stderr, "initscope: %s\n", qPrintable(*error));
        return 2;
    }
    MainWindow window;
    const bool screenshot_mode = !options.screenshot.isEmpty();
    if (options.preset.isEmpty() && options.config.isEmpty() && !screenshot_mode) {
        window.restore_session();
    } else {
        const std::optional<QString> error =
            options.config.isEmpty()
                ? window.load_preset(options.preset.isEmpty() ? QStringLiteral("course")
                                                              : options.preset)
                : window.open_file(options.config);
        if (error) {
            std::fprintf(stderr, "initscope: %s\n", qPrintable(*error));
            return 2;
        }
    }
    window.set_session_enabled(!screenshot_mode);
    if (options.size.isValid()) window.resize(options.size);
    if (options.tab >= 0 || screenshot_mode)
        window.tabs()->setCurrentIndex(std::max(options.tab, 0));
    window.show();
    if (options.screenshot.isEmpty()) return QApplication::exec();
    if (std::optional<QString> failure = screenshot(window, options.screenshot)) {
        std::fprintf(stderr, "initscope: %s\n", qPrintable(*failure));
        return 1;
    }
    return 0;
}

}  // namespace initscope
