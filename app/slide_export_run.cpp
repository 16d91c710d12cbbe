#include "app/slide_export_run.h"

#include "app/command_line.h"
#include "core/io/export_size.h"
#include "core/io/lesson_library.h"
#include "core/model/quoted_text.h"
#include "ui/export/headless_plot_export.h"
#include "ui/export/plot_exporter.h"
#include "ui/lessons/lesson_player.h"
#include "ui/lessons/slide_export.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>

namespace initscope {

namespace {

std::string text(const QString& s) {
    return QuotedText::shown(s.toStdString());
}

struct Settings {
    QString directory;
    ImageFormat format = ImageFormat::Png;
    ExportOptions options;
};

/// The options, or the line that says what is wrong with them.
std::optional<std::string> read(const CommandLineRequest& request, Settings& settings) {
    const auto flag = [](Option option) { return CommandLine::flag(option); };
    if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
        return flag(Option::ExportSlides) + ": this build of initscope cannot draw";
    settings.directory = request.value(Option::ExportSlides);
    if (settings.directory.isEmpty()) return flag(Option::ExportSlides) + ": the path is empty";
    settings.options.size = QSize(SlideExportRun::kDefaultWidth, SlideExportRun::kDefaultHeight);
    if (request.has(Option::Size)) {
        const std::optional<QSize> size = ExportSize::parse(request.value(Option::Size));
        if (!size)
            return flag(Option::Size) + ": expected WxH in pixels (e.g. 1280x720), got '" +
                   text(request.value(Option::Size)) + "'";
        settings.options.size = *size;
    }
    const QString extension =
        request.has(Option::Format) ? request.value(Option::Format) : QStringLiteral("png");
    const std::optional<ImageFormat> format = PlotExporter::format_from_extension(extension);
    if (!format || *format == ImageFormat::Jpeg)
        return flag(Option::Format) + ": unknown slide format '" + text(extension) +
               "' (use png, pdf or svg)";
    settings.format = *format;
    if (const std::optional<std::string> problem = ExportSize::problem(settings.options.size, 1))
        return flag(Option::Size) + ": " + *problem;
    if (const std::optional<QString> problem =
            HeadlessPlotExport::check_directory(settings.directory))
        return flag(Option::ExportSlides) + ": " + problem->toStdString();
    return std::nullopt;
}

}  // namespace

int SlideExportRun::run(const CommandLineRequest& request, std::ostream& out, std::ostream& err) {
    const auto bad_input = [&err](const std::string& message) {
        err << "initscope: " << QuotedText::escaped(message) << "\n";
        return kBadInput;
    };
    LessonFile::Result lesson = LessonLibrary::load_name_or_file(request.value(Option::Lesson));
    if (!lesson) return bad_input(CommandLine::flag(Option::Lesson) + ": " + lesson.error);
    Settings settings;
    if (const std::optional<std::string> problem = read(request, settings))
        return bad_input(*problem);

    const bool created = !QFileInfo::exists(settings.directory);
    if (!QDir().mkpath(settings.directory)) {
        err << "initscope: " << CommandLine::flag(Option::ExportSlides) << ": cannot create '"
            << text(settings.directory) << "'\n";
        return kFailure;
    }
    MainWindow window;
    window.lessons()->start(std::move(*lesson.lesson));
    QStringList written;
    const std::optional<QString> failure = SlideExport::write(
        window, *window.lessons(), settings.directory, settings.format, settings.options, &written);
    if (failure) {
        if (created) QDir().rmdir(settings.directory);
        err << "initscope: " << QuotedText::escaped(failure->toStdString()) << "\n";
        return kFailure;
    }
    for (const QString& path : written) out << path.toStdString() << "\n";
    out.flush();
    return out ? kSuccess : kFailure;
}

}  // namespace initscope
