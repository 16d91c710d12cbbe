#include "core/io/headless_command.h"

#include "core/io/config_file.h"
#include "core/io/npy_file.h"
#include "core/io/preset_library.h"
#include "core/io/pytorch_script_writer.h"
#include "core/io/summary_export.h"
#include "core/model/materializer.h"
#include "core/model/memory_budget.h"
#include "core/model/network_validation.h"
#include "core/model/seed.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/network_summary.h"
#include "core/stats/number_format.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cctype>
#include <charconv>
#include <cmath>
#include <new>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace initscope {

namespace {

/// Thrown while checking the command line; becomes one line on stderr and exit status 2.
struct InputError {
    std::string message;
};

std::string text(const QString& s) {
    return s.toStdString();
}

/// Display width of UTF-8 text: code points (every character InitScope prints is one column).
size_t width(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

/// A plain-text table: column 0..left_columns-1 left-aligned, the rest right-aligned.
std::string format_table(const std::vector<std::vector<std::string>>& rows, size_t left_columns) {
    std::vector<size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string pad(widths[c] - width(row[c]), ' ');
            if (c > 0) line += "  ";
            line += c < left_columns ? row[c] + pad : pad + row[c];
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string role_name(TensorRole role) {
    return role == TensorRole::Weight ? "weight" : "bias";
}

std::string table_text(const NetworkSummary& summary) {
    std::vector<std::vector<std::string>> rows{{"layer", "tensor", "scheme", "shape", "n", "mean",
                                                "std", "theory std", "min", "max", "KS"}};
    for (const TensorSummary& t : summary.tensors) {
        const auto number = [](double v) { return NumberFormat::short_number(v, 4); };
        rows.push_back({t.layer_name, role_name(t.role), SchemeRegistry::key(t.spec.scheme()),
                        t.shape.to_string(), NumberFormat::grouped(t.stats.n), number(t.stats.mean),
                        number(t.stats.stddev), number(t.theory.stddev()), number(t.stats.min),
                        number(t.stats.max), std::isnan(t.ks) ? "—" : number(t.ks)});
    }
    return format_table(rows, 4);
}

uint64_t parse_seed(const QString& value) {
    const std::string s = text(value);
    if (const auto seed = Seed::parse(s)) return *seed;
    throw InputError{
        "--seed: expected an integer from -9223372036854775808 to "
        "18446744073709551615, got '" +
        s + "'"};
}

/// The output directory exists and is writable, or can be created.
void check_output_directory(const QString& dir) {
    const QFileInfo info(dir);
    if (info.exists()) {
        if (!info.isDir())
            throw InputError{"--dump-npy: '" + text(dir) + "' exists and is not a directory"};
        if (!info.isWritable()) throw InputError{"--dump-npy: '" + text(dir) + "' is not writable"};
        return;
    }
    QString ancestor = info.absoluteFilePath();
    while (!QFileInfo::exists(ancestor) && QFileInfo(ancestor).absolutePath() != ancestor)
        ancestor = QFileInfo(ancestor).absolutePath();
    const QFileInfo existing(ancestor);
    if (!existing.isDir() || !existing.isWritable())
        throw InputError{"--dump-npy: cannot create '" + text(dir) + "': '" +
                         text(existing.absoluteFilePath()) + "' is not a writable directory"};
}

/// `path` (given to `option`, e.g. "--stats") can be written: "-" (stdout), or a file whose
/// directory exists and is writable.
void check_output_file(const std::string& option, const QString& path) {
    if (path == "-") return;
    const QFileInfo info(path);
    if (info.isDir()) throw InputError{option + ": '" + text(path) + "' is a directory"};
    const QFileInfo parent(info.absolutePath());
    if (!parent.isDir())
        throw InputError{option + ": the directory '" + text(info.absolutePath()) +
                         "' does not exist"};
    if (!parent.isWritable())
        throw InputError{option + ": the directory '" + text(info.absolutePath()) +
                         "' is not writable"};
}

/// --size WxH (also "W×H" or "WXH"), both positive integers.
std::pair<int, int> parse_size(const QString& value) {
    QString v = value;
    v.replace(QChar(0x00D7), 'x').replace('X', 'x');
    const QStringList parts = v.split('x');
    bool ok_w = false, ok_h = false;
    const int w = parts.size() == 2 ? parts[0].toInt(&ok_w) : 0;
    const int h = parts.size() == 2 ? parts[1].toInt(&ok_h) : 0;
    if (!ok_w || !ok_h)
        throw InputError{"--size: expected WxH in pixels (e.g. 1920x1080), got '" + text(value) +
                         "'"};
    return {w, h};
}

/// --plots LIST: comma-separated names out of overview, layers and tensors (any order, spaces
/// around names allowed, repeats harmless); sets the request's choice.
void parse_plots(const QString& value, PlotExportRequest& request) {
    request.overview = request.layers = request.tensors = false;
    const QStringList names = value.split(',');
    for (const QString& raw : names) {
        const QString name = raw.trimmed();
        if (name == "overview")
            request.overview = true;
        else if (name == "layers")
            request.layers = true;
        else if (name == "tensors")
            request.tensors = true;
        else
            throw InputError{"--plots: unknown plot '" + text(name) +
                             "' (use a comma-separated list of overview, layers, tensors)"};
    }
}

/// The data files SummaryExport writes, by option.
struct DataOutput {
    const char* option;
    QByteArray (*bytes)(const NetworkSummary&);
};
constexpr DataOutput kDataOutputs[] = {
    {"stats", &SummaryExport::statistics_json},
    {"stats-csv", &SummaryExport::statistics_csv},
    {"histograms-csv", &SummaryExport::histograms_csv},
    {"histograms-json", &SummaryExport::histograms_json},
};

/// Options that take a value and may be given once.
constexpr const char* kSingleOptions[] = {
    "config", "preset",    "seed",           "flavour",         "dump-npy",
    "stats",  "stats-csv", "histograms-csv", "histograms-json", "export-plots",
    "format", "size",      "scale",          "pytorch-script",  "plots"};

std::string fit_text(TensorFit fit) {
    switch (fit) {
        case TensorFit::Any:
            return "any tensor";
        case TensorFit::FanBased:
            return "weights (needs fans)";
        case TensorFit::AtLeast2D:
            return "weights (≥ 2-D)";
        case TensorFit::Exactly2D:
            return "linear weights (2-D)";
        case TensorFit::Conv:
            return "conv weights";
    }
    return "";
}

void list_schemes(std::ostream& out) {
    std::vector<std::vector<std::string>> rows{{"scheme", "name", "parameters (defaults)", "fits"}};
    for (const SchemeInfo& info : SchemeRegistry::all()) {
        std::string params;
        for (const ParamInfo& p : info.params) {
            params += params.empty() ? "" : ", ";
            params +=
                p.name + "=" +
                (p.kind == ParamKind::Choice ? p.default_choice
                                             : NumberFormat::short_number(p.default_number, 6));
        }
        rows.push_back(
            {info.key, info.display_name, params.empty() ? "—" : params, fit_text(info.fit)});
    }
    out << format_table(rows, 4);
}

void list_presets(std::ostream& out) {
    std::vector<std::vector<std::string>> rows;
    for (const std::string& name : PresetLibrary::names())
        rows.push_back({name, PresetLibrary::description(name)});
    out << format_table(rows, 2);
}

/// --headless: load, check everything, then materialize and write.
int run_headless(const QCommandLineParser& parser, std::ostream& out, std::ostream& err,
                 const PlotExportHook& plots) {
    const bool has_config = parser.isSet("config"), has_preset = parser.isSet("preset");
    if (has_config == has_preset)
        throw InputError{
            "--headless needs exactly one of --config FILE or --preset NAME "
            "(e.g. --preset course)"};
    for (const char* name : kSingleOptions)
        if (parser.values(name).size() > 1)
            throw InputError{std::string("--") + name + ": given more than once"};
    const bool export_plots = parser.isSet("export-plots");
    if (!export_plots)
        for (const char* name : {"format", "size", "scale", "plots"})
            if (parser.isSet(name))
                throw InputError{std::string("--") + name + " is only used with --export-plots"};
    std::optional<uint64_t> seed;
    if (parser.isSet("seed")) seed = parse_seed(parser.value("seed"));
    std::optional<Flavour> flavour;
    if (parser.isSet("flavour")) {
        flavour = parse_flavour(text(parser.value("flavour")));
        if (!flavour)
            throw InputError{"--flavour: expected fma or portable, got '" +
                             text(parser.value("flavour")) + "'"};
    }
    const std::string label =
        has_config ? text(parser.value("config")) : "preset '" + text(parser.value("preset")) + "'";
    ConfigFile::Result loaded = has_config ? ConfigFile::read(parser.value("config"))
                                           : PresetLibrary::load(text(parser.value("preset")));
    if (!loaded) throw InputError{loaded.error};
    Network network = std::move(*loaded.network);
    if (seed) network.seed = *seed;
    if (flavour) network.flavour = *flavour;
    if (const auto problems = NetworkValidation::problems(network); !problems.empty())
        throw InputError{label + ": " + problems.front()};
    if (const std::optional<std::string> problem = MemoryBudget().problem(network))
        throw InputError{label + ": " + *problem};
    PlotExportRequest request;
    if (export_plots) {
        if (!plots) throw InputError{"--export-plots: this build of initscope cannot draw plots"};
        request.directory = parser.value("export-plots");
        if (parser.isSet("format")) request.format = parser.value("format");
        if (parser.isSet("size"))
            std::tie(request.width, request.height) = parse_size(parser.value("size"));
        if (parser.isSet("scale")) {
            bool ok = false;
            request.scale = parser.value("scale").toDouble(&ok);
            if (!ok)
                throw InputError{"--scale: expected a number such as 1, 2 or 1.5, got '" +
                                 text(parser.value("scale")) + "'"};
        }
        if (parser.isSet("plots")) parse_plots(parser.value("plots"), request);
        if (const auto problem = plots.check(request)) throw InputError{*problem};
    }
    const QString npy_dir = parser.value("dump-npy");
    if (parser.isSet("dump-npy")) check_output_directory(npy_dir);
    int to_stdout = 0;
    for (const DataOutput& output : kDataOutputs) {
        if (!parser.isSet(output.option)) continue;
        check_output_file(std::string("--") + output.option, parser.value(output.option));
        to_stdout += parser.value(output.option) == "-";
    }
    if (parser.isSet("pytorch-script")) {
        check_output_file("--pytorch-script", parser.value("pytorch-script"));
        to_stdout += parser.value("pytorch-script") == "-";
    }
    if (to_stdout > 1 || (to_stdout == 1 && export_plots))
        throw InputError{"only one output can go to stdout ('-')"};

    // Everything is checked: from here on only the machine can fail (status 1).
    const Parameters parameters = Materializer::materialize(network);
    const NetworkSummary summary = NetworkSummary::of(network, parameters, HistogramOptions{});
    if (parser.isSet("dump-npy")) {
        if (!QDir().mkpath(npy_dir)) {
            err << "initscope: --dump-npy: cannot create '" << text(npy_dir) << "'\n";
            return HeadlessCommand::Failure;
        }
        const QDir dir(npy_dir);
        for (size_t i = 0; i < network.layers.size(); ++i) {
            const QString stem = QString::fromStdString(network.layers[i].name);
            auto problem = NpyFile::write(dir.filePath(stem + ".weight.npy"), parameters[i].weight);
            if (!problem && parameters[i].bias)
                problem = NpyFile::write(dir.filePath(stem + ".bias.npy"), *parameters[i].bias);
            if (problem) {
                err << "initscope: " << *problem << "\n";
                return HeadlessCommand::Failure;
            }
        }
    }
    bool wrote_data = false;
    for (const DataOutput& output : kDataOutputs) {
        if (!parser.isSet(output.option)) continue;
        wrote_data = true;
        const QString path = parser.value(output.option);
        const QByteArray bytes = output.bytes(summary);
        if (path == "-") {
            out << bytes.toStdString();
        } else if (auto problem = SummaryExport::save(path, bytes)) {
            err << "initscope: " << *problem << "\n";
            return HeadlessCommand::Failure;
        }
    }
    if (parser.isSet("pytorch-script")) {
        wrote_data = true;
        const QString path = parser.value("pytorch-script");
        const QByteArray script = QByteArray::fromStdString(PytorchScriptWriter::write(
            network, has_config ? QFileInfo(parser.value("config")).fileName().toStdString()
                                : text(parser.value("preset"))));
        if (path == "-") {
            out << script.toStdString();
        } else if (auto problem = SummaryExport::save(path, script)) {
            err << "initscope: " << *problem << "\n";
            return HeadlessCommand::Failure;
        }
    }
    if (export_plots) {
        std::vector<std::string> files;
        const std::optional<std::string> problem = plots.write(network, summary, request, files);
        for (const std::string& file : files) out << file << "\n";
        if (problem) {
            err << "initscope: --export-plots: " << *problem << "\n";
            return HeadlessCommand::Failure;
        }
    }
    if (!parser.isSet("dump-npy") && !wrote_data && !export_plots) {
        out << label << ": " << network.layers.size() << " layers, "
            << NumberFormat::grouped(network.parameter_count()) << " parameters, seed "
            << static_cast<int64_t>(network.seed) << ", flavour " << flavour_name(network.flavour)
            << "\n\n"
            << table_text(summary);
    }
    return HeadlessCommand::Success;
}

}  // namespace

std::string HeadlessCommand::usage() {
    return "Usage: initscope [--headless (--config FILE | --preset NAME) [options]]\n"
           "       initscope --list-schemes | --list-presets | --help | --version\n"
           "\n"
           "InitScope shows how neural-network weights are initialized, exactly as PyTorch\n"
           "1.13.1 draws them. Without arguments it opens the window (without a display it\n"
           "prints the course example). --headless computes a network without a window.\n"
           "\n"
           "  --headless           compute the network and print a per-tensor table\n"
           "  --config FILE        the network as a JSON config file\n"
           "  --preset NAME        a built-in network (see --list-presets)\n"
           "  --seed N             torch.manual_seed value (negative or up to 2^64-1)\n"
           "  --flavour F          fma (x86 PyTorch, default) or portable\n"
           "                       (ATEN_CPU_CAPABILITY=default)\n"
           "  --dump-npy DIR       write <layer>.weight.npy and <layer>.bias.npy into DIR\n"
           "  --stats FILE         write per-tensor statistics as JSON (- for stdout)\n"
           "  --stats-csv FILE     the same statistics as CSV, one row per tensor\n"
           "  --histograms-csv FILE   histogram bins as CSV, one row per tensor per bin\n"
           "  --histograms-json FILE  histogram bins as JSON (edges, counts, densities)\n"
           "  --pytorch-script FILE  a Python script that builds the same network with torch,\n"
           "                       seeds it and applies the same nn.init calls (- for stdout)\n"
           "  --export-plots DIR   write the window's plots into DIR: overview, layers,\n"
           "                       <layer>.weight and <layer>.bias (paths listed on stdout)\n"
           "  --format F           png (default), jpg, pdf or svg (PDF and SVG are vector)\n"
           "  --size WxH           layout size in pixels (default 1920x1080)\n"
           "  --scale S            pixels per layout pixel for png/jpg, e.g. 2 (default 1)\n"
           "  --plots LIST         which plots to write, comma-separated: overview, layers,\n"
           "                       tensors (default all three), e.g. --plots overview,layers\n"
           "  --list-schemes       list the initialization schemes and their parameters\n"
           "  --list-presets       list the built-in networks\n"
           "  -h, --help           show this help\n"
           "  -v, --version        show the version\n"
           "\n"
           "Exit status: 0 success, 1 a file could not be written, 2 bad input (nothing is\n"
           "written).\n";
}

bool HeadlessCommand::wanted(const QStringList& arguments) {
    for (const QString& a : arguments.mid(1))
        if (a == "--headless" || a == "--list-schemes" || a == "--list-presets" || a == "--help" ||
            a == "-h" || a == "--version" || a == "-v")
            return true;
    return false;
}

bool HeadlessCommand::wants_plots(const QStringList& arguments) {
    for (const QString& a : arguments.mid(1))
        if (a == "--export-plots" || a.startsWith("--export-plots=") || a == "-export-plots")
            return true;
    return false;
}

int HeadlessCommand::run(const QStringList& arguments, std::ostream& out, std::ostream& err,
                         const PlotExportHook& plots) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({
        {"headless", "Compute without a window."},
        {"config", "Config file.", "FILE"},
        {"preset", "Built-in network.", "NAME"},
        {"seed", "Seed.", "N"},
        {"flavour", "Arithmetic flavour.", "F"},
        {"dump-npy", "Directory for .npy files.", "DIR"},
        {"stats", "Statistics JSON file.", "FILE"},
        {"stats-csv", "Statistics CSV file.", "FILE"},
        {"histograms-csv", "Histogram CSV file.", "FILE"},
        {"histograms-json", "Histogram JSON file.", "FILE"},
        {"export-plots", "Directory for plot images.", "DIR"},
        {"pytorch-script", "PyTorch script file.", "FILE"},
        {"format", "Plot image format.", "F"},
        {"size", "Plot size.", "WxH"},
        {"scale", "Plot pixel scale.", "S"},
        {"plots", "Plots to export.", "LIST"},
        {"list-schemes", "List schemes."},
        {"list-presets", "List presets."},
        {{"h", "help"}, "Help."},
        {{"v", "version"}, "Version."},
    });
    try {
        if (!parser.parse(arguments)) {
            std::string message = text(parser.errorText());  // "Unknown option 'x'."
            if (!message.empty() && message.back() == '.') message.pop_back();
            if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
            throw InputError{message + " (see --help)"};
        }
        if (!parser.positionalArguments().isEmpty())
            throw InputError{"unexpected argument '" + text(parser.positionalArguments().front()) +
                             "' (see --help)"};
        if (parser.isSet("help")) {
            out << usage();
            return Success;
        }
        if (parser.isSet("version")) {
            out << "initscope " << INITSCOPE_VERSION << "\n";
            return Success;
        }
        if (parser.isSet("list-schemes") || parser.isSet("list-presets")) {
            if (parser.isSet("list-schemes")) list_schemes(out);
            if (parser.isSet("list-presets")) list_presets(out);
            return Success;
        }
        if (!parser.isSet("headless")) {
            for (const char* name : kSingleOptions)
                if (parser.isSet(name))
                    throw InputError{std::string("--") + name + " is only used with --headless"};
            throw InputError{"nothing to do (see --help)"};
        }
        return run_headless(parser, out, err, plots);
    } catch (const InputError& bad) {
        err << "initscope: " << bad.message << "\n";
        return BadInput;
    } catch (const std::bad_alloc&) {
        err << "initscope: out of memory while computing the network\n";
        return Failure;
    } catch (const std::exception& error) {
        err << "initscope: " << error.what() << "\n";
        return Failure;
    }
}

int HeadlessCommand::run_course_example(std::ostream& out, std::ostream& err) {
    return run({"initscope", "--headless", "--preset", "course"}, out, err);
}

}  // namespace initscope
