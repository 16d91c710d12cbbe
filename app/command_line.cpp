#include "app/command_line.h"

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

/// Which parse reads an option: the headless one (Mode::Headless, Mode::PlotExport), the
/// window's (Mode::Window, Mode::Screenshot), or both.
constexpr unsigned kHeadlessOptions = 1, kWindowOptions = 2, kBothModes = 3;

/// The column (0-based) where an option's help text starts in --help.
constexpr size_t kHelpColumn = 23;

/// One option of the command line: everything that is spelled about it.
struct OptionRow {
    Option option;
    const char* name;                  ///< the long name, without "--"
    const char* short_name = nullptr;  ///< the one-letter name, without "-"; nullptr: none
    const char* value_name = nullptr;  ///< the value it takes ("FILE"); nullptr: a switch
    unsigned modes = kHeadlessOptions;
    /// Its --help text, lines after the first separated by '\n'; nullptr: not listed (the
    /// window's options).
    const char* help = nullptr;
    /// Where its help text starts in --help (a few long ones keep their historical column).
    size_t help_column = kHelpColumn;
    /// Headless: only meaningful with --export-plots (refused without it).
    bool needs_export_plots = false;
};

/// Every option, in Option's order, which is the order of --help and of the checks (when several
/// options are wrong, the first one in this table is named).
constexpr OptionRow kOptions[] = {
    {.option = Option::Headless,
     .name = "headless",
     .help = "compute the network and print a per-tensor table"},
    {.option = Option::Config,
     .name = "config",
     .value_name = "FILE",
     .modes = kBothModes,
     .help = "the network as a JSON config file"},
    {.option = Option::Preset,
     .name = "preset",
     .value_name = "NAME",
     .modes = kBothModes,
     .help = "a built-in network (see --list-presets)"},
    {.option = Option::Seed,
     .name = "seed",
     .value_name = "N",
     .help = "torch.manual_seed value (negative or up to 2^64-1)"},
    {.option = Option::Flavour,
     .name = "flavour",
     .value_name = "F",
     .help = "fma (x86 PyTorch, default) or portable\n(ATEN_CPU_CAPABILITY=default)"},
    {.option = Option::DumpNpy,
     .name = "dump-npy",
     .value_name = "DIR",
     .help = "write <layer>.weight.npy and <layer>.bias.npy into DIR"},
    {.option = Option::Stats,
     .name = "stats",
     .value_name = "FILE",
     .help = "write per-tensor statistics as JSON (- for stdout)"},
    {.option = Option::StatsCsv,
     .name = "stats-csv",
     .value_name = "FILE",
     .help = "the same statistics as CSV, one row per tensor"},
    {.option = Option::HistogramsCsv,
     .name = "histograms-csv",
     .value_name = "FILE",
     .help = "histogram bins as CSV, one row per tensor per bin",
     .help_column = 26},
    {.option = Option::HistogramsJson,
     .name = "histograms-json",
     .value_name = "FILE",
     .help = "histogram bins as JSON (edges, counts, densities)",
     .help_column = 26},
    {.option = Option::PytorchScript,
     .name = "pytorch-script",
     .value_name = "FILE",
     .help = "a Python script that builds the same network with torch,\n"
             "seeds it and applies the same nn.init calls (- for stdout)",
     .help_column = 25},
    {.option = Option::Probe,
     .name = "probe",
     .help = "the --pytorch-script also pushes the probe batch through the\n"
             "network and prints --propagation's JSON (without theory)"},
    {.option = Option::Propagation,
     .name = "propagation",
     .value_name = "FILE",
     .help = "per-layer activation and gradient statistics of one batch,\n"
             "forward and backward, with the mean-field prediction (JSON)"},
    {.option = Option::Spectrum,
     .name = "spectrum",
     .value_name = "FILE",
     .help = "singular values of every weight, with the Marchenko-Pastur\n"
             "edges of its scheme (JSON)"},
    {.option = Option::Batch,
     .name = "batch",
     .value_name = "N",
     .help = "the probe's batch size, 1 to 100000 (default: the config's,\n"
             "else 1000)"},
    {.option = Option::ExportPlots,
     .name = "export-plots",
     .value_name = "DIR",
     .help = "write the window's plots into DIR: overview, layers,\n"
             "<layer>.weight and <layer>.bias (paths listed on stdout)"},
    {.option = Option::Format,
     .name = "format",
     .value_name = "F",
     .help = "png (default), jpg, pdf or svg (PDF and SVG are vector)",
     .needs_export_plots = true},
    {.option = Option::Size,
     .name = "size",
     .value_name = "WxH",
     .modes = kBothModes,
     .help = "layout size in pixels (default 1920x1080)",
     .needs_export_plots = true},
    {.option = Option::Scale,
     .name = "scale",
     .value_name = "S",
     .help = "pixels per layout pixel for png/jpg, e.g. 2 (default 1)",
     .needs_export_plots = true},
    {.option = Option::Plots,
     .name = "plots",
     .value_name = "LIST",
     .help = "which plots to write, comma-separated: overview, layers,\n"
             "tensors (default all three), e.g. --plots overview,layers",
     .needs_export_plots = true},
    {.option = Option::ListSchemes,
     .name = "list-schemes",
     .help = "list the initialization schemes and their parameters"},
    {.option = Option::ListPresets, .name = "list-presets", .help = "list the built-in networks"},
    {.option = Option::Help, .name = "help", .short_name = "h", .help = "show this help"},
    {.option = Option::Version, .name = "version", .short_name = "v", .help = "show the version"},
    {.option = Option::Screenshot,
     .name = "screenshot",
     .value_name = "FILE",
     .modes = kWindowOptions,
     .help = "open the window offscreen at --size, wait for its plots and\n"
             "save it as PNG"},
    {.option = Option::Tab,
     .name = "tab",
     .value_name = "overview|layers|theory|propagation|spectrum|sweep",
     .modes = kWindowOptions,
     .help = "the tab shown first"},
    {.option = Option::Presenter,
     .name = "presenter",
     .modes = kWindowOptions,
     .help = "start in presenter mode (full screen, large text; F5 toggles)"},
    {.option = Option::Theme,
     .name = "theme",
     .value_name = "system|light|dark",
     .modes = kWindowOptions,
     .help = "the colour theme: the desktop's, or high-contrast light or dark"},
    {.option = Option::Weights,
     .name = "weights",
     .value_name = "FILE",
     .help = "a trained model's weights (.safetensors, or a sharded model's\n"
             "model.safetensors.index.json): with --headless, every tensor's\n"
             "statistics and which init it looks like (--stats for JSON)"},
    {.option = Option::ListLessons, .name = "list-lessons", .help = "list the shipped lessons"},
    {.option = Option::Lesson,
     .name = "lesson",
     .value_name = "NAME|FILE",
     .modes = kBothModes,
     .help = "a shipped lesson (see --list-lessons) or a lesson file: the\n"
             "window opens it, --export-slides draws it"},
    {.option = Option::ExportSlides,
     .name = "export-slides",
     .value_name = "DIR",
     .help = "write every step of the --lesson as one picture into DIR,\n"
             "NN-<step>.png (--format png, pdf or svg; --size, default\n"
             "1280x720)"},
    {.option = Option::Compare,
     .name = "compare",
     .value_name = "FILE",
     .modes = kWindowOptions,
     .help = "show the config FILE as set-up B beside the network (A/B)"},
    {.option = Option::ComparePreset,
     .name = "compare-preset",
     .value_name = "NAME",
     .modes = kWindowOptions,
     .help = "the same with a built-in network as B"},
};

constexpr bool in_option_order() {
    for (size_t i = 0; i < std::size(kOptions); ++i)
        if (static_cast<size_t>(kOptions[i].option) != i) return false;
    return std::size(kOptions) == static_cast<size_t>(Option::ComparePreset) + 1;
}
static_assert(in_option_order(), "kOptions lists every Option once, in the enum's order");

const OptionRow& row(Option option) {
    return kOptions[static_cast<size_t>(option)];
}

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
        for (const OptionRow& option : kOptions)
            if (takes_value(option) && request.has(option.option) &&
                option.option != Option::Weights && option.option != Option::Stats)
                return refused(CommandLine::flag(option.option) + " is not used with " +
                               CommandLine::flag(Option::Weights) + " (only " +
                               CommandLine::flag(Option::Stats) + " is)");
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
        "initscope --headless --weights FILE [--stats FILE|-]",
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
