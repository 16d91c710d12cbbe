#include "app/headless_run.h"

#include "app/command_line.h"
#include "app/weights_run.h"
#include "core/io/build_info.h"
#include "core/io/config_file.h"
#include "core/io/lesson_library.h"
#include "core/io/npy_file.h"
#include "core/io/output_batch.h"
#include "core/io/output_path.h"
#include "core/io/preset_library.h"
#include "core/io/propagation_export.h"
#include "core/io/pytorch_script_writer.h"
#include "core/io/spectrum_export.h"
#include "core/io/summary_export.h"
#include "core/model/materializer.h"
#include "core/model/memory_budget.h"
#include "core/model/network_validation.h"
#include "core/model/quoted_text.h"
#include "core/propagation/mean_field.h"
#include "core/propagation/probe.h"
#include "core/propagation/weight_spectrum.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/network_summary.h"
#include "core/stats/number_format.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace initscope {

namespace {

/// Thrown while checking the request; becomes one line on stderr and exit status 2.
struct InputError {
    std::string message;
};

std::string text(const QString& s) {
    return s.toStdString();
}

/// A value the user gave, echoed back in a message: cut and escaped (QuotedText::shown).
std::string shown(const QString& s) {
    return QuotedText::shown(s.toStdString());
}

/// A path the user gave, echoed back: escaped, never cut (QuotedText::escaped).
std::string shown_path(const QString& s) {
    return QuotedText::escaped(s.toStdString());
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

std::string table_text(const NetworkSummary& summary) {
    std::vector<std::vector<std::string>> rows{{"layer", "tensor", "scheme", "shape", "n", "mean",
                                                "std", "theory std", "min", "max", "KS"}};
    for (const TensorSummary& t : summary.tensors) {
        const auto number = [](double v) { return NumberFormat::short_number(v, 4); };
        rows.push_back({t.layer_name, std::string(Layer::role_name(t.role)),
                        SchemeRegistry::key(t.spec.scheme()), t.shape.to_string(),
                        NumberFormat::grouped(t.stats.n), number(t.stats.mean),
                        number(t.stats.stddev), number(t.theory.stddev()), number(t.stats.min),
                        number(t.stats.max), std::isnan(t.ks) ? "—" : number(t.ks)});
    }
    return format_table(rows, 4);
}

/// `path` (given to `output`, e.g. --stats) can be written: "-" (stdout), or a file whose
/// directory exists and is writable.
void check_output_file(Option output, const QString& path) {
    if (path == "-") return;
    if (const std::optional<std::string> problem = OutputPath::file_problem(path))
        throw InputError{CommandLine::flag(output) + ": " + *problem};
}

/// What a run computed from the materialized network: the summary always, the probe and the
/// spectra when an output asks for them.
struct Computed {
    const NetworkSummary& summary;
    const std::optional<ProbeResult>& probe;
    const std::vector<MeanFieldLayer>& theory;
    const std::vector<WeightSpectrum>& spectra;
};

/// The data files, by option, in the order they are written.
struct DataOutput {
    Option option;
    QByteArray (*bytes)(const Computed&);
};
constexpr DataOutput kDataOutputs[] = {
    {Option::Stats, [](const Computed& c) { return SummaryExport::statistics_json(c.summary); }},
    {Option::StatsCsv, [](const Computed& c) { return SummaryExport::statistics_csv(c.summary); }},
    {Option::HistogramsCsv,
     [](const Computed& c) { return SummaryExport::histograms_csv(c.summary); }},
    {Option::HistogramsJson,
     [](const Computed& c) { return SummaryExport::histograms_json(c.summary); }},
    {Option::Propagation,
     [](const Computed& c) { return PropagationExport::json(*c.probe, c.theory); }},
    {Option::Spectrum, [](const Computed& c) { return SpectrumExport::json(c.spectra); }},
};

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

void list_lessons(std::ostream& out) {
    std::vector<std::vector<std::string>> rows;
    for (const std::string& name : LessonLibrary::names())
        rows.push_back({name, LessonLibrary::title(name)});
    out << format_table(rows, 2);
}

/// The files of one run, each claimed by the option that writes it: a second output on the same
/// file (--stats X --stats-csv X, a stats file that is a tensor file of --dump-npy, the --config
/// file itself) is refused before anything is written.
struct ClaimedFiles {
    std::map<QString, std::string> owner;  ///< OutputPath::identity → "the file of --stats"

    /// Claims `path` for `option` ("the file of --stats"); throws InputError naming both.
    void claim(const QString& path, Option option, const std::string& what) {
        const auto [it, inserted] = owner.emplace(OutputPath::identity(path), what);
        if (!inserted)
            throw InputError{CommandLine::flag(option) + ": '" + shown_path(path) + "' is also " +
                             it->second};
    }
};

/// What a failed run removes, so that a run writes all of its files or none: the plots already
/// written (HeadlessPlotExport writes them directly) and the directories the run created. The
/// staged files of OutputBatch go with the batch.
struct Rollback {
    QStringList files;
    QStringList directories;  ///< created by this run, innermost last
    bool done = false;

    /// Creates `directory` (and its missing ancestors), remembering what it created.
    bool make_path(const QString& directory) {
        QStringList missing;
        for (QString d = QFileInfo(directory).absoluteFilePath(); !QFileInfo::exists(d);
             d = QFileInfo(d).absolutePath())
            missing.prepend(d);
        directories << missing;
        return QDir().mkpath(directory);
    }
    ~Rollback() {
        if (done) return;
        for (const QString& file : files) QFile::remove(file);
        for (auto d = directories.crbegin(); d != directories.crend(); ++d) QDir().rmdir(*d);
    }
};

/// Flushes `out`; false when it, or a write before, has failed (errno then holds the C
/// library's reason: the failed write is the last call that set it).
bool flushed(std::ostream& out) {
    out.flush();
    return static_cast<bool>(out);
}

/// --headless: load, check everything, then materialize and write: all of it, or nothing.
int compute(const CommandLineRequest& request, std::ostream& out, std::ostream& err,
            const NetworkPlotWriter::Factory& plot_writers) {
    const bool has_config = request.has(Option::Config);
    const QString config = request.value(Option::Config), preset = request.value(Option::Preset);
    if (has_config && config.isEmpty())
        throw InputError{CommandLine::flag(Option::Config) + ": the path is empty"};
    const std::string label = has_config ? shown_path(config) : "preset '" + shown(preset) + "'";
    ConfigFile::Result loaded =
        has_config ? ConfigFile::read(config) : PresetLibrary::load(text(preset));
    if (!loaded) throw InputError{loaded.error};
    Network network = std::move(*loaded.network);
    if (request.seed) network.seed = *request.seed;
    if (request.flavour) network.flavour = *request.flavour;
    if (request.batch) network.probe.batch = *request.batch;
    if (const auto problems = NetworkValidation::problems(network); !problems.empty())
        throw InputError{label + ": " + problems.front()};
    const bool probe = request.has(Option::Propagation), spectrum = request.has(Option::Spectrum);
    if (probe)
        if (const std::optional<std::string> reason = Probe::unavailable_reason(network))
            throw InputError{CommandLine::flag(Option::Propagation) + ": " + label + ": " +
                             *reason};
    AnalysisMemory analysis;
    if (probe) analysis = {Probe::working_bytes(network), "the probe's batch"};
    if (spectrum)
        for (const Layer& layer : network.layers)
            if (const int64_t bytes = WeightSpectrumAnalysis::working_bytes(layer);
                bytes > analysis.bytes)
                analysis = {bytes, "the singular values of " + layer.name + ".weight"};
    if (const std::optional<std::string> problem = MemoryBudget().problem(network, analysis))
        throw InputError{label + ": " + *problem};
    const bool export_plots = request.has(Option::ExportPlots);
    std::unique_ptr<NetworkPlotWriter> plots;
    if (export_plots) {
        if (!plot_writers)  // CommandLine::Mode::PlotExport runs in initscope-gui
            throw InputError{CommandLine::flag(Option::ExportPlots) +
                             ": this program draws no plots (initscope-gui does)"};
        plots = plot_writers(request);
        if (plots->problem()) throw InputError{*plots->problem()};
    }
    ClaimedFiles claimed;
    if (has_config) claimed.claim(config, Option::Config, "the --config file");
    const bool dump_npy = request.has(Option::DumpNpy);
    const QString npy_dir = request.value(Option::DumpNpy);
    if (dump_npy) {
        if (const std::optional<std::string> problem = OutputPath::directory_problem(npy_dir))
            throw InputError{CommandLine::flag(Option::DumpNpy) + ": " + *problem};
        claimed.claim(npy_dir, Option::DumpNpy, "the directory of --dump-npy");
        const QDir dir(npy_dir);
        for (const Layer& layer : network.layers) {
            const QString stem = QString::fromStdString(layer.name);
            for (const char* role : {".weight.npy", ".bias.npy"})
                if (role[1] == 'w' || layer.bias)
                    claimed.claim(dir.filePath(stem + role), Option::DumpNpy,
                                  "a file of --dump-npy");
        }
    }
    // Each file output: claimed (a second output on the same file is refused), then checked.
    const auto check_output = [&](Option option) {
        const QString path = request.value(option);
        if (path != "-" && !path.isEmpty())
            claimed.claim(path, option, "the file of " + CommandLine::flag(option));
        check_output_file(option, path);
        return path == "-";
    };
    int to_stdout = 0;
    for (const DataOutput& output : kDataOutputs)
        if (request.has(output.option)) to_stdout += check_output(output.option);
    const bool pytorch_script = request.has(Option::PytorchScript);
    if (pytorch_script) to_stdout += check_output(Option::PytorchScript);
    if (to_stdout > 1 || (to_stdout == 1 && export_plots))
        throw InputError{"only one output can go to stdout ('-')"};
    if (plots) {
        claimed.claim(request.value(Option::ExportPlots), Option::ExportPlots,
                      "the directory of " + CommandLine::flag(Option::ExportPlots));
        for (const QString& file : plots->files(network))
            claimed.claim(file, Option::ExportPlots,
                          "a file of " + CommandLine::flag(Option::ExportPlots));
    }

    // Everything is checked: from here on only the machine can fail (status 1), and then
    // nothing is left: the files are staged (OutputBatch) and renamed into place at the end.
    TorchGenerator generator(network.seed);
    const Parameters parameters = Materializer::materialize(network, generator);
    const auto summary = std::make_shared<const NetworkSummary>(
        NetworkSummary::of(network, parameters, HistogramOptions{}));
    std::optional<ProbeResult> probe_result;
    std::vector<MeanFieldLayer> theory;
    if (probe) {
        probe_result = Probe::run(network, parameters, generator);
        theory = MeanField::predict(network);
    }
    std::vector<WeightSpectrum> spectra;
    if (spectrum) spectra = WeightSpectrumAnalysis::of(network, parameters);
    const Computed computed{*summary, probe_result, theory, spectra};
    const auto failure = [&err](const std::string& message) {
        err << "initscope: " << QuotedText::escaped(message) << "\n";
        return kFailure;
    };
    Rollback rollback;
    OutputBatch batch;
    if (dump_npy) {
        if (!rollback.make_path(npy_dir))
            return failure(CommandLine::flag(Option::DumpNpy) + ": cannot create '" +
                           text(npy_dir) + "'");
        const QDir dir(npy_dir);
        const auto stage = [&](const QString& path, const Tensor& tensor) {
            return batch.write(
                path, [&tensor](QIODevice& device) { return NpyFile::stream(device, tensor); });
        };
        for (size_t i = 0; i < network.layers.size(); ++i) {
            const QString stem = QString::fromStdString(network.layers[i].name);
            auto problem = stage(dir.filePath(stem + ".weight.npy"), parameters[i].weight);
            if (!problem && parameters[i].bias)
                problem = stage(dir.filePath(stem + ".bias.npy"), *parameters[i].bias);
            if (problem) return failure(*problem);
        }
    }
    bool wrote_data = false;
    for (const DataOutput& output : kDataOutputs) {
        if (!request.has(output.option)) continue;
        wrote_data = true;
        const QString path = request.value(output.option);
        const QByteArray bytes = output.bytes(computed);
        if (path == "-")
            out << bytes.toStdString();
        else if (auto problem = batch.write(path, bytes))
            return failure(*problem);
    }
    if (pytorch_script) {
        wrote_data = true;
        const QString path = request.value(Option::PytorchScript);
        const QByteArray script = QByteArray::fromStdString(PytorchScriptWriter::write(
            network, has_config ? QFileInfo(config).fileName().toStdString() : text(preset),
            request.has(Option::Probe)));
        if (path == "-")
            out << script.toStdString();
        else if (auto problem = batch.write(path, script))
            return failure(*problem);
    }
    if (plots) {
        if (!rollback.make_path(request.value(Option::ExportPlots)))
            return failure(CommandLine::flag(Option::ExportPlots) + ": cannot create '" +
                           text(request.value(Option::ExportPlots)) + "'");
        const std::optional<std::string> problem =
            plots->write(network, summary, out, rollback.files);
        if (problem) return failure(CommandLine::flag(Option::ExportPlots) + ": " + *problem);
    }
    if (!dump_npy && !wrote_data && !export_plots) {
        out << label << ": " << network.layers.size() << " layers, "
            << NumberFormat::grouped(network.parameter_count()) << " parameters, seed "
            << static_cast<int64_t>(network.seed) << ", flavour " << flavour_name(network.flavour)
            << "\n\n"
            << table_text(*summary);
    }
    if (!flushed(out))
        return failure(std::string("cannot write to stdout") +
                       (errno != 0 ? std::string(": ") + std::strerror(errno) : std::string()));
    if (const std::optional<std::string> problem = batch.commit()) return failure(*problem);
    rollback.done = true;
    return kSuccess;
}

}  // namespace

int HeadlessRun::run(const CommandLineRequest& request, std::ostream& out, std::ostream& err,
                     const NetworkPlotWriter::Factory& plot_writers,
                     const CheckpointPlotWriter::Factory& weights_plot_writers) {
    using Action = CommandLineRequest::Action;
    try {
        switch (request.action) {
            case Action::ShowHelp:
                out << CommandLine::usage();
                return kSuccess;
            case Action::ShowVersion:
                out << "initscope " << BuildInfo::version_text() << "\n";
                return kSuccess;
            case Action::ListCatalogues:
                if (request.has(Option::ListSchemes)) list_schemes(out);
                if (request.has(Option::ListPresets)) list_presets(out);
                if (request.has(Option::ListLessons)) list_lessons(out);
                return kSuccess;
            case Action::Compute:
                if (request.has(Option::Weights))
                    return WeightsRun::run(request, out, err, weights_plot_writers);
                return compute(request, out, err, plot_writers);
            case Action::Refuse:
                throw InputError{request.error};
            case Action::OpenWindow:
            case Action::ExportSlides:
                break;
        }
        throw std::invalid_argument("the window is not a headless run");
    } catch (const InputError& bad) {
        err << "initscope: " << QuotedText::escaped(bad.message) << "\n";
        return kBadInput;
    } catch (const std::bad_alloc&) {
        err << "initscope: out of memory while computing the network\n";
        return kFailure;
    } catch (const std::exception& error) {
        err << "initscope: " << QuotedText::escaped(error.what()) << "\n";
        return kFailure;
    }
}

}  // namespace initscope
