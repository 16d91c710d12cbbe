#include "app/headless_run.h"

#include "app/command_line.h"
#include "app/plot_export_run.h"
#include "core/io/config_file.h"
#include "core/io/npy_file.h"
#include "core/io/output_path.h"
#include "core/io/preset_library.h"
#include "core/io/pytorch_script_writer.h"
#include "core/io/summary_export.h"
#include "core/model/materializer.h"
#include "core/model/memory_budget.h"
#include "core/model/network_validation.h"
#include "core/schemes/scheme_registry.h"
#include "core/stats/network_summary.h"
#include "core/stats/number_format.h"

#include <QDir>
#include <QFileInfo>

#include <cmath>
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
        rows.push_back({t.layer_name, std::string(Layer::role_name(t.role)), SchemeRegistry::key(t.spec.scheme()),
                        t.shape.to_string(), NumberFormat::grouped(t.stats.n), number(t.stats.mean),
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

/// The data files SummaryExport writes, by option.
struct DataOutput {
    Option option;
    QByteArray (*bytes)(const NetworkSummary&);
};
constexpr DataOutput kDataOutputs[] = {
    {Option::Stats, &SummaryExport::statistics_json},
    {Option::StatsCsv, &SummaryExport::statistics_csv},
    {Option::HistogramsCsv, &SummaryExport::histograms_csv},
    {Option::HistogramsJson, &SummaryExport::histograms_json},
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

/// --headless: load, check everything, then materialize and write.
int compute(const CommandLineRequest& request, std::ostream& out, std::ostream& err) {
    const bool has_config = request.has(Option::Config);
    const QString config = request.value(Option::Config), preset = request.value(Option::Preset);
    const std::string label = has_config ? text(config) : "preset '" + text(preset) + "'";
    ConfigFile::Result loaded =
        has_config ? ConfigFile::read(config) : PresetLibrary::load(text(preset));
    if (!loaded) throw InputError{loaded.error};
    Network network = std::move(*loaded.network);
    if (request.seed) network.seed = *request.seed;
    if (request.flavour) network.flavour = *request.flavour;
    if (const auto problems = NetworkValidation::problems(network); !problems.empty())
        throw InputError{label + ": " + problems.front()};
    if (const std::optional<std::string> problem = MemoryBudget().problem(network))
        throw InputError{label + ": " + *problem};
    const bool export_plots = request.has(Option::ExportPlots);
    std::optional<PlotExportRun> plots;
    if (export_plots) {
        plots.emplace(request);
        if (plots->problem()) throw InputError{*plots->problem()};
    }
    const bool dump_npy = request.has(Option::DumpNpy);
    const QString npy_dir = request.value(Option::DumpNpy);
    if (dump_npy)
        if (const std::optional<std::string> problem = OutputPath::directory_problem(npy_dir))
            throw InputError{CommandLine::flag(Option::DumpNpy) + ": " + *problem};
    int to_stdout = 0;
    for (const DataOutput& output : kDataOutputs) {
        if (!request.has(output.option)) continue;
        check_output_file(output.option, request.value(output.option));
        to_stdout += request.value(output.option) == "-";
    }
    const bool pytorch_script = request.has(Option::PytorchScript);
    if (pytorch_script) {
        check_output_file(Option::PytorchScript, request.value(Option::PytorchScript));
        to_stdout += request.value(Option::PytorchScript) == "-";
    }
    if (to_stdout > 1 || (to_stdout == 1 && export_plots))
        throw InputError{"only one output can go to stdout ('-')"};

    // Everything is checked: from here on only the machine can fail (status 1).
    const Parameters parameters = Materializer::materialize(network);
    const auto summary = std::make_shared<const NetworkSummary>(
        NetworkSummary::of(network, parameters, HistogramOptions{}));
    if (dump_npy) {
        if (!QDir().mkpath(npy_dir)) {
            err << "initscope: " << CommandLine::flag(Option::DumpNpy) << ": cannot create '"
                << text(npy_dir) << "'\n";
            return kFailure;
        }
        const QDir dir(npy_dir);
        for (size_t i = 0; i < network.layers.size(); ++i) {
            const QString stem = QString::fromStdString(network.layers[i].name);
            auto problem = NpyFile::write(dir.filePath(stem + ".weight.npy"), parameters[i].weight);
            if (!problem && parameters[i].bias)
                problem = NpyFile::write(dir.filePath(stem + ".bias.npy"), *parameters[i].bias);
            if (problem) {
                err << "initscope: " << *problem << "\n";
                return kFailure;
            }
        }
    }
    bool wrote_data = false;
    for (const DataOutput& output : kDataOutputs) {
        if (!request.has(output.option)) continue;
        wrote_data = true;
        const QString path = request.value(output.option);
        const QByteArray bytes = output.bytes(*summary);
        if (path == "-") {
            out << bytes.toStdString();
        } else if (auto problem = SummaryExport::save(path, bytes)) {
            err << "initscope: " << *problem << "\n";
            return kFailure;
        }
    }
    if (pytorch_script) {
        wrote_data = true;
        const QString path = request.value(Option::PytorchScript);
        const QByteArray script = QByteArray::fromStdString(PytorchScriptWriter::write(
            network, has_config ? QFileInfo(config).fileName().toStdString() : text(preset)));
        if (path == "-") {
            out << script.toStdString();
        } else if (auto problem = SummaryExport::save(path, script)) {
            err << "initscope: " << *problem << "\n";
            return kFailure;
        }
    }
    if (plots) {
        if (const std::optional<std::string> problem = plots->write(network, summary, out)) {
            err << "initscope: " << CommandLine::flag(Option::ExportPlots) << ": " << *problem
                << "\n";
            return kFailure;
        }
    }
    if (!dump_npy && !wrote_data && !export_plots) {
        out << label << ": " << network.layers.size() << " layers, "
            << NumberFormat::grouped(network.parameter_count()) << " parameters, seed "
            << static_cast<int64_t>(network.seed) << ", flavour " << flavour_name(network.flavour)
            << "\n\n"
            << table_text(*summary);
    }
    return kSuccess;
}

}  // namespace

int HeadlessRun::run(const CommandLineRequest& request, std::ostream& out, std::ostream& err) {
    using Action = CommandLineRequest::Action;
    try {
        switch (request.action) {
            case Action::ShowHelp:
                out << CommandLine::usage();
                return kSuccess;
            case Action::ShowVersion:
                out << "initscope " << INITSCOPE_VERSION << "\n";
                return kSuccess;
            case Action::ListCatalogues:
                if (request.has(Option::ListSchemes)) list_schemes(out);
                if (request.has(Option::ListPresets)) list_presets(out);
                return kSuccess;
            case Action::Compute:
                return compute(request, out, err);
            case Action::Refuse:
                throw InputError{request.error};
            case Action::OpenWindow:
                break;
        }
        throw std::invalid_argument("the window is not a headless run");
    } catch (const InputError& bad) {
        err << "initscope: " << bad.message << "\n";
        return kBadInput;
    } catch (const std::bad_alloc&) {
        err << "initscope: out of memory while computing the network\n";
        return kFailure;
    } catch (const std::exception& error) {
        err << "initscope: " << error.what() << "\n";
        return kFailure;
    }
}

}  // namespace initscope
