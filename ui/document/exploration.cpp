#include "ui/document/exploration.h"

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
    : QObject(parent), document_(new NetworkDocument(this)), worker_(new SummaryWorker(this)) {
    worker_->set_memory_budget(document_->memory_budget());
    // Connected before any panel exists, so it runs first: the worker computes while the GUI
    // thread updates the table and the parameter panel.
    connect(document_, &NetworkDocument::networkChanged, this,
            [this] { request(document_->change_time_ns()); });
    connect(worker_, &SummaryWorker::finished, this, &Exploration::result_finished);
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
    const quint64 generation = worker_->request(document_->network(), view_options_.histogram);
    request_edit_ns_.insert(generation, edit_ns);
}

void Exploration::result_finished(const SummaryResult& result) {
    summary_ = result.summary;
    parameters_ = result.parameters;
    generation_ = result.generation;
    compute_ms_ = result.elapsed_ms;
    edit_ns_ = request_edit_ns_.value(result.generation, NetworkDocument::clock_ns());
    // Older generations can no longer arrive (the worker drops them).
    for (auto it = request_edit_ns_.begin(); it != request_edit_ns_.end();)
        it = it.key() <= result.generation ? request_edit_ns_.erase(it) : std::next(it);
    emit resultArrived();
}

}  // namespace initscope
