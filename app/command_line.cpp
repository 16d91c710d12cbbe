#include "app/command_line.h"

#include "app/command_line_options.h"

#include "core/io/export_size.h"
#include "core/model/probe_settings.h"
#include "core/model/quoted_text.h"
#include "core/model/seed.h"

#include <QCommandLineParser>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>
#include <string_view>

namespace initscope {

namespace {

using Action = CommandLineRequest::Action;

/// User text echoed back in a message: cut and escaped (QuotedText::shown).
std::string text(const QString& s) {
    return QuotedText::shown(s.toStdString());
}

/// "--config FILE", "--headless".
std::string synopsis(const OptionRow& option) {
    std::string s = std::string("--") + option.name;
    if (option.value_name) s += std::string(" ") + option.value_name;
    return s;
}

/// The values `option` accepts when they are a fixed list: the value name's ("a|b|c"), or the
/// spellings of the flavours. (The export formats are the window's, PlotExporter's: the shell
/// completion asks it; this parser stays free of the window's code.)
std::vector<std::string> choices(const OptionRow& option) {
    std::vector<std::string> values;
    if (option.option == Option::Flavour) {
        for (Flavour flavour : {Flavour::Fma, Flavour::Portable})
            values.emplace_back(flavour_name(flavour));
    } else if (option.value_name &&
               std::string_view(option.value_name).find('|') != std::string_view::npos) {
        for (const QString& value : QString(option.value_name).split('|'))
            values.push_back(value.toStdString());
    }
    return values;
}

/// The switches that select the headless mode: --headless, --list-*, --help/-h, --version/-v.
bool selects_headless(const QString& argument) {
    for (const OptionRow& option : kOptions) {
        if (option.value_name || option.modes != kHeadlessOptions) continue;
        if (argument == QString("--") + option.name ||
            (option.short_name && argument == QString("-") + option.short_name))
            return true;
    }
    return false;
}

/// True when a window could be shown: an X11 or Wayland display, or an explicit Qt platform.
bool display_available() {
    return std::getenv("DISPLAY") != nullptr || std::getenv("WAYLAND_DISPLAY") != nullptr ||
           std::getenv("QT_QPA_PLATFORM") != nullptr;
}

CommandLineRequest refused(std::string error) {
    CommandLineRequest request;
    request.action = Action::Refuse;
    request.error = std::move(error);
    return request;
}

/// --headless --lesson NAME|FILE --export-slides DIR [--format F] [--size WxH]: both needed, each
/// once, and nothing else (a lesson shows its own networks).
CommandLineRequest slides_request(const QCommandLineParser& parser, CommandLineRequest request) {
    for (const Option needed : {Option::Lesson, Option::ExportSlides})
        if (!request.has(needed))
            return refused(CommandLine::flag(needed == Option::Lesson ? Option::ExportSlides
                                                                      : Option::Lesson) +
                           " needs " + synopsis(row(needed)));
    for (const auto& [option, value] : request.given) {
        const bool allowed = option == Option::Headless || option == Option::Lesson ||
                             option == Option::ExportSlides || option == Option::Format ||
                             option == Option::Size;
        if (!allowed)
            return refused(CommandLine::flag(option) + " is not used with " +
                           CommandLine::flag(Option::ExportSlides));
        if (row(option).value_name && parser.values(row(option).name).size() > 1)
            return refused(CommandLine::flag(option) + ": given more than once");
    }
    request.action = Action::ExportSlides;
    return request;
}

/// The headless checks that need only the command line, in the order they are reported.
CommandLineRequest headless_request(const QCommandLineParser& parser, CommandLineRequest request) {
    if (request.has(Option::Help)) {
        request.action = Action::ShowHelp;
        return request;
    }
    if (request.has(Option::Version)) {
        request.action = Action::ShowVersion;
        return request;
    }
    if (request.has(Option::ListSchemes) || request.has(Option::ListPresets) ||
        request.has(Option::ListLessons)) {
        request.action = Action::ListCatalogues;
        return request;
    }
    const auto takes_value = [](const OptionRow& option) {
        return option.value_name && (option.modes & kHeadlessOptions);
    };
    if (!request.has(Option::Headless)) {
        for (const OptionRow& option : kOptions)
            if (takes_value(option) && request.has(option.option))
                return refused(CommandLine::flag(option.option) + " is only used with " +
                               CommandLine::flag(Option::Headless));
        return refused("nothing to do (see --help)");
    }
    if (request.has(Option::Lesson) || request.has(Option::ExportSlides))
        return slides_request(parser, std::move(request));
    if (request.has(Option::Weights)) {
        if (request.has(Option::Config) || request.has(Option::Preset))
            return refused(CommandLine::flag(Option::Weights) + " is not used with " +
                           CommandLine::flag(Option::Config) + " or " +
                           CommandLine::flag(Option::Preset));
        // A checkpoint's outputs; --format, --size and --scale go with --export-plots.
        const auto for_weights = [](Option o) {
            return o == Option::Weights || o == Option::Stats || o == Option::HistogramsCsv ||
                   o == Option::ExportPlots || o == Option::Format || o == Option::Size ||
                   o == Option::Scale;
        };
        for (const OptionRow& option : kOptions)
            if (takes_value(option) && request.has(option.option) && !for_weights(option.option))
                return refused(CommandLine::flag(option.option) + " is not used with " +
                               CommandLine::flag(Option::Weights) + " (only " +
                               CommandLine::flag(Option::Stats) + ", " +
                               CommandLine::flag(Option::HistogramsCsv) + " and " +
                               CommandLine::flag(Option::ExportPlots) + " are)");
    } else if (request.has(Option::Config) == request.has(Option::Preset))
        return refused(CommandLine::flag(Option::Headless) + " needs exactly one of " +
                       synopsis(row(Option::Config)) + " or " + synopsis(row(Option::Preset)) +
                       " (e.g. " + CommandLine::flag(Option::Preset) + " " +
                       CommandLine::kDefaultPreset + ")");
    for (const OptionRow& option : kOptions)
        if (takes_value(option) && parser.values(option.name).size() > 1)
            return refused(CommandLine::flag(option.option) + ": given more than once");
    if (!request.has(Option::ExportPlots))
        for (const OptionRow& option : kOptions)
            if (option.needs_export_plots && request.has(option.option))
                return refused(CommandLine::flag(option.option) + " is only used with " +
                               CommandLine::flag(Option::ExportPlots));
    if (request.has(Option::Seed)) {
        request.seed = Seed::parse(request.value(Option::Seed).toStdString());
        if (!request.seed)
            return refused(CommandLine::flag(Option::Seed) +
                           ": expected an integer from -9223372036854775808 to "
                           "18446744073709551615, got '" +
                           text(request.value(Option::Seed)) + "'");
    }
    if (request.has(Option::Flavour)) {
        request.flavour = parse_flavour(request.value(Option::Flavour).toStdString());
        if (!request.flavour)
            return refused(CommandLine::flag(Option::Flavour) +
                           ": expected fma or portable, got '" +
                           text(request.value(Option::Flavour)) + "'");
    }
    if (request.has(Option::Probe) && !request.has(Option::PytorchScript))
        return refused(CommandLine::flag(Option::Probe) + " is only used with " +
                       CommandLine::flag(Option::PytorchScript));
    if (request.has(Option::Batch)) {
        if (!request.has(Option::Propagation) && !request.has(Option::Probe))
            return refused(CommandLine::flag(Option::Batch) + " is only used with " +
                           CommandLine::flag(Option::Propagation) + " or " +
                           CommandLine::flag(Option::Probe));
        const QString value = request.value(Option::Batch);
        bool ok = false;
        const qlonglong batch = value.toLongLong(&ok);
        // Plain decimal digits only: no sign, spaces or exponent.
        const bool digits =
            !value.isEmpty() &&
            std::all_of(value.begin(), value.end(), [](QChar c) { return c >= '0' && c <= '9'; });
        if (!ok || !digits || batch < 1 || batch > ProbeSettings::kMaxBatch)
            return refused(CommandLine::flag(Option::Batch) + ": expected an integer from 1 to " +
                           std::to_string(ProbeSettings::kMaxBatch) + ", got '" + text(value) +
                           "'");
        request.batch = batch;
    }
    request.action = Action::Compute;
    return request;
}

/// The window's checks, in the order they are reported.
CommandLineRequest window_request(CommandLineRequest request) {
    if (!request.value(Option::Preset).isEmpty() && !request.value(Option::Config).isEmpty())
        return refused(CommandLine::flag(Option::Preset) + " and " +
                       CommandLine::flag(Option::Config) + " exclude each other");
    if (request.has(Option::Compare) && request.has(Option::ComparePreset))
        return refused(CommandLine::flag(Option::Compare) + " and " +
                       CommandLine::flag(Option::ComparePreset) + " exclude each other");
    if (request.has(Option::Tab)) {
        // The value name lists the tabs in the window's order.
        const QStringList tabs = QString(row(Option::Tab).value_name).split('|');
        request.tab = int(tabs.indexOf(request.value(Option::Tab)));
        if (request.tab < 0)
            return refused(
                CommandLine::flag(Option::Tab) + ": expected " +
                (tabs.mid(0, tabs.size() - 1).join(", ") + " or " + tabs.back()).toStdString() +
                ", got '" + text(request.value(Option::Tab)) + "'");
    }
    if (request.has(Option::Theme)) {
        // The value name lists the themes in Theme::Kind's order.
        const QStringList themes = QString(row(Option::Theme).value_name).split('|');
        request.theme = int(themes.indexOf(request.value(Option::Theme)));
        if (request.theme < 0)
            return refused(CommandLine::flag(Option::Theme) + ": expected " +
                           (themes.mid(0, themes.size() - 1).join(", ") + " or " + themes.back())
                               .toStdString() +
                           ", got '" + text(request.value(Option::Theme)) + "'");
    }
    if (request.has(Option::Size)) {
        const std::optional<QSize> size = ExportSize::parse(request.value(Option::Size));
        if (!size)
            return refused(CommandLine::flag(Option::Size) +
                           ": expected WxH such as 1920x1080, got '" +
                           text(request.value(Option::Size)) + "'");
        if (const std::optional<std::string> problem = ExportSize::problem(*size))
            return refused(CommandLine::flag(Option::Size) + ": " + *problem);
        request.window_size = *size;
    }
    request.action = Action::OpenWindow;
    return request;
}

}  // namespace

std::string CommandLine::flag(Option option) {
    return std::string("--") + row(option).name;
}

CommandLine::Mode CommandLine::mode(const QStringList& arguments) {
    const QStringList options = arguments.mid(1);
    for (const Option drawing : {Option::ExportPlots, Option::ExportSlides}) {
        const QString plots = QString::fromStdString(flag(drawing));
        for (const QString& a : options)
            if (a == plots || a.startsWith(plots + '=') || a == plots.mid(1))
                return Mode::PlotExport;
    }
    for (const QString& a : options)
        if (selects_headless(a)) return Mode::Headless;
    if (options.contains(QString::fromStdString(flag(Option::Screenshot)))) return Mode::Screenshot;
    return display_available() ? Mode::Window : Mode::Headless;
}

CommandLineRequest CommandLine::parse(const QStringList& arguments, Mode mode) {
    const bool window = mode == Mode::Window || mode == Mode::Screenshot;
    CommandLineRequest request;
    if (!window && arguments.size() <= 1) {  // no window, no argument: the course example
        request.action = Action::Compute;
        request.given = {{Option::Headless, QString()}, {Option::Preset, kDefaultPreset}};
        return request;
    }
    const unsigned modes = window ? kWindowOptions : kHeadlessOptions;
    QCommandLineParser parser;
    if (!window) parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const OptionRow& option : kOptions) {
        if (!(option.modes & modes)) continue;
        QStringList names{option.name};
        if (option.short_name) names.prepend(option.short_name);
        parser.addOption(QCommandLineOption(names, option.help ? option.help : "",
                                            option.value_name ? option.value_name : ""));
    }
    if (!parser.parse(arguments)) {
        std::string message = text(parser.errorText());  // "Unknown option 'x'.", cut
        if (window) return refused(message);
        if (!message.empty() && message.back() == '.') message.pop_back();
        if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
        return refused(message + " (see --help)");
    }
    if (!parser.positionalArguments().isEmpty())
        return refused("unexpected argument '" + text(parser.positionalArguments().front()) + "'" +
                       (window ? "" : " (see --help)"));
    for (const OptionRow& option : kOptions)
        if ((option.modes & modes) && parser.isSet(option.name))
            request.given[option.option] = parser.value(option.name);
    return window ? window_request(std::move(request))
                  : headless_request(parser, std::move(request));
}

CommandLine::HelpText CommandLine::help_text() {
    HelpText text;
    text.synopsis = {
        "initscope [--headless (--config FILE | --preset NAME) [options]]",
        "initscope --headless --lesson NAME|FILE --export-slides DIR [--format F] [--size WxH]",
        "initscope --headless --weights FILE [--stats FILE|-] [--export-plots DIR] [options]",
        "initscope --list-schemes | --list-presets | --list-lessons | --help | --version",
        "initscope [--preset NAME | --config FILE] [window options]",
    };
    text.description =
        "InitScope shows how neural-network weights are initialized, exactly as PyTorch\n"
        "1.13.1 draws them. Without arguments it opens the window (without a display it\n"
        "prints the course example). --headless computes a network without a window.";
    for (const OptionRow& option : kOptions) {
        if (!option.help) continue;
        text.options.push_back(
            {.flag = std::string("--") + option.name,
             .short_flag = option.short_name ? std::string("-") + option.short_name : std::string(),
             .value_name = option.value_name ? option.value_name : "",
             .help = option.help,
             .choices = choices(option),
             .window_only = option.modes == kWindowOptions,
             .help_column = option.help_column});
    }
    text.exit_status =
        "0 success, 1 a file could not be written, 2 bad input (nothing is\nwritten).";
    return text;
}

std::string CommandLine::usage() {
    const HelpText text = help_text();
    std::string usage = "Usage: ";
    for (size_t i = 0; i < text.synopsis.size(); ++i)
        usage.append(i == 0 ? "" : "       ").append(text.synopsis[i]).append("\n");
    usage.append("\n").append(text.description).append("\n\n");
    const auto add_options = [&](bool window_only) {
        for (const OptionHelp& option : text.options) {
            if (option.window_only != window_only) continue;
            std::string line = "  ";
            if (!option.short_flag.empty()) line.append(option.short_flag).append(", ");
            line.append(option.flag);
            if (!option.value_name.empty()) line.append(" ").append(option.value_name);
            std::string_view help = option.help;
            for (size_t column = option.help_column;; column = kHelpColumn) {
                line.resize(std::max(column, line.size() + 2), ' ');
                const size_t end = help.find('\n');
                usage += line + std::string(help.substr(0, end)) + "\n";
                if (end == std::string_view::npos) break;
                help.remove_prefix(end + 1);
                line.clear();
            }
        }
    };
    add_options(false);
    usage.append("\nWindow options:\n");
    add_options(true);
    return usage + "\nExit status: " + text.exit_status + "\n";
}

}  // namespace initscope
