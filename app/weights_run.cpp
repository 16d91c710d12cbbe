#include "app/weights_run.h"

#include "app/command_line.h"
#include "core/io/checkpoint.h"
#include "core/io/checkpoint_analysis.h"
#include "core/io/output_batch.h"
#include "core/io/output_path.h"
#include "core/io/summary_export.h"
#include "core/model/quoted_text.h"
#include "core/stats/number_format.h"

#include <QFile>
#include <QFileInfo>

namespace initscope {

namespace {

/// The --histograms-csv rows of a checkpoint: tensor = its name, layer = the name without its
/// last part ("model.layers.0.mlp.up_proj"), role as --stats' "tensor" field (weight for
/// rank ≥ 2, bias for rank 1, other).
std::vector<SummaryExport::HistogramRows> histogram_rows(
    const std::vector<CheckpointTensorAnalysis>& analyses) {
    std::vector<SummaryExport::HistogramRows> rows;
    for (const CheckpointTensorAnalysis& a : analyses) {
        if (!a.analysed) continue;
        const std::string& name = a.tensor->name;
        const size_t dot = name.rfind('.');
        const size_t rank = a.tensor->shape.size();
        rows.push_back({name, dot == std::string::npos ? name : name.substr(0, dot),
                        rank >= 2   ? "weight"
                        : rank == 1 ? "bias"
                                    : "other",
                        &a.histogram});
    }
    return rows;
}

}  // namespace

int WeightsRun::run(const CommandLineRequest& request, std::ostream& out, std::ostream& err,
                    const CheckpointPlotWriter::Factory& plot_writers) {
    const auto bad_input = [&err](const std::string& message) {
        err << "initscope: " << QuotedText::escaped(message) << "\n";
        return kBadInput;
    };
    const QString path = request.value(Option::Weights);
    if (path.isEmpty())
        return bad_input(CommandLine::flag(Option::Weights) + ": the path is empty");
    for (const Option option : {Option::Stats, Option::HistogramsCsv}) {
        const QString file = request.value(option);
        if (request.has(option) && file != "-")
            if (const std::optional<std::string> problem = OutputPath::file_problem(file))
                return bad_input(CommandLine::flag(option) + ": " + *problem);
    }
    std::unique_ptr<CheckpointPlotWriter> plots;
    if (request.has(Option::ExportPlots)) {
        if (!plot_writers)  // CommandLine::Mode::PlotExport runs in initscope-gui
            return bad_input(CommandLine::flag(Option::ExportPlots) +
                             ": this program draws no plots (initscope-gui does)");
        plots = plot_writers(request);
        if (plots->problem()) return bad_input(*plots->problem());
    }
    std::string error;
    std::optional<Checkpoint> checkpoint = Checkpoint::open(path, &error);
    if (!checkpoint) return bad_input(error);
    const auto shared = std::make_shared<const Checkpoint>(std::move(*checkpoint));
    const Checkpoint& model = *shared;
    const std::optional<std::vector<CheckpointTensorAnalysis>> analyses =
        CheckpointAnalysis::analyse(model);
    if (!analyses) return bad_input("the analysis was stopped");
    const auto failure = [&err](const std::string& message) {
        err << "initscope: " << QuotedText::escaped(message) << "\n";
        return kFailure;
    };
    OutputBatch batch;
    const auto output = [&](Option option, const QByteArray& bytes) -> std::optional<std::string> {
        const QString file = request.value(option);
        if (file != "-") return batch.write(file, bytes);
        out << bytes.toStdString();
        return std::nullopt;
    };
    if (request.has(Option::Stats))
        if (auto problem = output(Option::Stats,
                                  CheckpointAnalysis::statistics_json(
                                      model, QFileInfo(path).fileName().toStdString(), *analyses)))
            return failure(*problem);
    if (request.has(Option::HistogramsCsv))
        if (auto problem = output(Option::HistogramsCsv,
                                  SummaryExport::histograms_csv(histogram_rows(*analyses))))
            return failure(*problem);
    if (plots) {
        QStringList written;
        if (const std::optional<std::string> problem =
                plots->write(path, shared, *analyses, written)) {
            for (const QString& file : written) QFile::remove(file);  // all or nothing
            return failure(CommandLine::flag(Option::ExportPlots) + ": " + *problem);
        }
        for (const QString& file : written) out << file.toStdString() << "\n";
    }
    if (!request.has(Option::Stats) && !request.has(Option::HistogramsCsv) && !plots) {
        int64_t parameters = 0;
        for (const CheckpointTensor& t : model.tensors()) parameters += t.numel;
        out << QuotedText::escaped(path.toStdString()) << ": " << model.format() << ", "
            << model.tensors().size() << " tensors, " << NumberFormat::grouped(parameters)
            << " values\n\n"
            << CheckpointAnalysis::table(*analyses);
    }
    out.flush();
    if (!out) return failure("cannot write to stdout");
    if (auto problem = batch.commit()) return failure(*problem);
    return kSuccess;
}

}  // namespace initscope
