#include "app/weights_run.h"

#include "app/command_line.h"
#include "core/io/checkpoint.h"
#include "core/io/checkpoint_analysis.h"
#include "core/io/output_batch.h"
#include "core/io/output_path.h"
#include "core/model/quoted_text.h"
#include "core/stats/number_format.h"

#include <QFileInfo>

namespace initscope {

int WeightsRun::run(const CommandLineRequest& request, std::ostream& out, std::ostream& err) {
    const auto bad_input = [&err](const std::string& message) {
        err << "initscope: " << QuotedText::escaped(message) << "\n";
        return kBadInput;
    };
    const QString path = request.value(Option::Weights);
    if (path.isEmpty())
        return bad_input(CommandLine::flag(Option::Weights) + ": the path is empty");
    const QString stats_path = request.value(Option::Stats);
    if (request.has(Option::Stats) && stats_path != "-")
        if (const std::optional<std::string> problem = OutputPath::file_problem(stats_path))
            return bad_input(CommandLine::flag(Option::Stats) + ": " + *problem);
    std::string error;
    const std::optional<Checkpoint> checkpoint = Checkpoint::open(path, &error);
    if (!checkpoint) return bad_input(error);
    const std::optional<std::vector<CheckpointTensorAnalysis>> analyses =
        CheckpointAnalysis::analyse(*checkpoint);
    if (!analyses) return bad_input("the analysis was stopped");
    const auto failure = [&err](const std::string& message) {
        err << "initscope: " << QuotedText::escaped(message) << "\n";
        return kFailure;
    };
    if (request.has(Option::Stats)) {
        const QByteArray json = CheckpointAnalysis::statistics_json(
            *checkpoint, QFileInfo(path).fileName().toStdString(), *analyses);
        if (stats_path == "-") {
            out << json.toStdString();
        } else {
            OutputBatch batch;
            if (auto problem = batch.write(stats_path, json)) return failure(*problem);
            if (auto problem = batch.commit()) return failure(*problem);
        }
    } else {
        int64_t parameters = 0;
        for (const CheckpointTensor& t : checkpoint->tensors()) parameters += t.numel;
        out << QuotedText::escaped(path.toStdString()) << ": " << checkpoint->format() << ", "
            << checkpoint->tensors().size() << " tensors, " << NumberFormat::grouped(parameters)
            << " values\n\n"
            << CheckpointAnalysis::table(*analyses);
    }
    out.flush();
    if (!out) return failure("cannot write to stdout");
    return kSuccess;
}

}  // namespace initscope
