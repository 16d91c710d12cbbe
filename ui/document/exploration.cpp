#include "ui/document/exploration.h"

#include "ui/document/analysis_result.h"
#include "ui/document/analysis_worker.h"
#include "ui/document/network_document.h"
#include "ui/document/summary_worker.h"

namespace initscope {

namespace {

bool same(const HistogramOptions& a, const HistogramOptions& b) {
    return a.rule == b.rule && a.bins == b.bins && a.range == b.range && a.lo == b.lo &&
           a.hi == b.hi;
}

}  // namespace

Exploration::Exploration(QObject* parent)
    : QObject(parent),
      document_(new NetworkDocument(this)),
      worker_(new SummaryWorker(this)),
      analysis_worker_(new AnalysisWorker(this)) {
    worker_->set_memory_budget(document_->memory_budget());
    analysis_worker_->set_memory_budget(document_->memory_budget());
    // Connected before any panel exists, so it runs first: the worker computes while the GUI
    // thread updates the table and the parameter panel.
    connect(document_, &NetworkDocument::networkChanged, this,
            [this] { request(document_->change_time_ns()); });
    connect(worker_, &SummaryWorker::finished, this, &Exploration::result_finished);
    connect(analysis_worker_, &AnalysisWorker::finished, this, &Exploration::analysis_finished);
}

Exploration::~Exploration() = default;

void Exploration::set_view_options(const ViewOptions& options) {
    const bool recompute = !same(options.histogram, view_options_.histogram);
    view_options_ = options;
    if (recompute && worker_->latest_generation() > 0) request(NetworkDocument::clock_ns());
}

void Exploration::set_histogram_options(const HistogramOptions& options) {
    view_options_.histogram = options;
    request(NetworkDocument::clock_ns());
}

void Exploration::request(qint64 edit_ns) {
    // The analysis of an older network would only arrive to be replaced.
    if (analysis_worker_->busy()) {
        analysis_worker_->cancel();
        analysis_requested_ = 0;
    }
    const quint64 generation = worker_->request(document_->network(), view_options_.histogram);
    request_edit_ns_.insert(generation, edit_ns);
}

void Exploration::result_finished(const SummaryResult& result) {
    summary_ = result.summary;
    parameters_ = result.parameters;
    generation_ = result.generation;
    compute_ms_ = result.elapsed_ms;
    network_ = result.network;
    generator_ = result.generator;
    edit_ns_ = request_edit_ns_.value(result.generation, NetworkDocument::clock_ns());
    // Older generations can no longer arrive (the worker drops them).
    for (auto it = request_edit_ns_.begin(); it != request_edit_ns_.end();)
        it = it.key() <= result.generation ? request_edit_ns_.erase(it) : std::next(it);
    emit resultArrived();
    // Asked for after the views took the summary (their replots are queued: the analysis still
    // overlaps them), so an analysis that arrives at once finds the window ready for it.
    if (analysis_wanted_) request_analysis();
}

void Exploration::set_analysis_wanted(bool wanted) {
    analysis_wanted_ = wanted;
    if (wanted) request_analysis();
}

void Exploration::cancel_analysis() {
    analysis_worker_->cancel();
    analysis_requested_ = generation_;  // not asked for again until the next result
}

void Exploration::request_analysis() {
    if (!network_ || generation_ == 0 || analysis_requested_ == generation_) return;
    if (analysis_ && analysis_->generation == generation_) return;
    analysis_requested_ = generation_;
    // Same network (only the histogram options changed): the same analysis, without computing.
    if (analysis_ && analysis_->network && *analysis_->network == *network_) {
        auto same = std::make_shared<AnalysisResult>(*analysis_);
        same->generation = generation_;
        same->parameters = parameters_;
        analysis_finished(std::move(same));
        return;
    }
    SummaryResult summary;
    summary.generation = generation_;
    summary.summary = summary_;
    summary.parameters = parameters_;
    summary.network = network_;
    summary.generator = generator_;
    analysis_worker_->request(summary);
}

void Exploration::analysis_finished(std::shared_ptr<const AnalysisResult> analysis) {
    analysis_ = std::move(analysis);
    ++analysis_serial_;
    emit analysisArrived();
}

}  // namespace initscope
