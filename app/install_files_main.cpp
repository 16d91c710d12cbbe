// initscope_install_files: writes, at build time, the files `cmake --install` puts beside the
// binary that are made from the program itself, so they never drift from it:
//   initscope_install_files man OUT            initscope.1 (ManPage, from --help's words)
//   initscope_install_files bash OUT           the bash completion (ShellCompletion)
//   initscope_install_files icon SVG SIZE OUT  SVG rendered as a SIZE×SIZE PNG (hicolor icons)
// Each file is written whole or not at all (AtomicFileWriter); errors are one line, exit 2.
#include "app/command_line.h"
#include "app/man_page.h"
#include "app/shell_completion.h"
#include "core/io/atomic_file_writer.h"
#include "core/io/build_info.h"

#include <QBuffer>
#include <QDate>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>
#include <optional>
#include <string>

namespace {

using namespace initscope;

int fail(const std::string& message) {
    std::fprintf(stderr, "initscope_install_files: %s\n", message.c_str());
    return 2;
}

int write(const QString& path, const QByteArray& bytes) {
    if (std::optional<std::string> error = AtomicFileWriter::write_file(path, bytes))
        return fail(*error);
    return 0;
}

/// The SVG at `svg` as a size×size PNG with a transparent background.
int write_icon(const QString& svg, int size, const QString& path) {
    QSvgRenderer renderer(svg);
    if (!renderer.isValid()) return fail(svg.toStdString() + ": not an SVG image");
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) return fail(path.toStdString() + ": cannot encode the PNG");
    return write(path, png);
}

}  // namespace

int main(int argc, char* argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");  // icons are drawn without a display
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const QString what = args.value(1);
    if (what == QLatin1String("man") && args.size() == 3) {
        // SOURCE_DATE_EPOCH (reproducible builds) dates the page when set.
        const QByteArray epoch = qgetenv("SOURCE_DATE_EPOCH");
        const QDate date = epoch.isEmpty()
                               ? QDate::currentDate()
                               : QDateTime::fromSecsSinceEpoch(epoch.toLongLong(), Qt::UTC).date();
        return write(args[2], QByteArray::fromStdString(
                                  ManPage::roff(CommandLine::help_text(), BuildInfo::version(),
                                                date.toString(Qt::ISODate).toStdString())));
    }
    if (what == QLatin1String("bash") && args.size() == 3)
        return write(args[2],
                     QByteArray::fromStdString(ShellCompletion::bash(CommandLine::help_text())));
    if (what == QLatin1String("icon") && args.size() == 5) {
        bool ok = false;
        const int size = args[3].toInt(&ok);
        if (!ok || size < 8 || size > 1024) return fail("icon size must be 8 to 1024");
        return write_icon(args[2], size, args[4]);
    }
    return fail("usage: initscope_install_files man OUT | bash OUT | icon SVG SIZE OUT");
}
