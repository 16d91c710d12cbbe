#include "ui/document/summary_worker.h"

#include "core/model/materializer.h"
#include "core/model/network_validation.h"

#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <new>

namespace initscope {

namespace {

/// Share of the work done by materializing (the rest is summarizing), for one progress bar.
constexpr double kMaterializeShare = 0.6;

}  // namespace

SummaryWorker::SummaryWorker(QObject* parent)
    : QObject(parent),
      wanted_(std::make_shared<std::atomic<quint64>>(0)),
      cancel_all_(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<initscope::SummaryResult>();
    debounce_.setSingleShot(true);
    connect(&debounce_, &QTimer::timeout, this, &SummaryWorker::start_pending);
    connect(&watcher_, &QFutureWatcher<SummaryResult>::finished, this,
            &SummaryWorker::job_finished);
}

SummaryWorker::~SummaryWorker() {
    cancel_all_->store(true);
    watcher_.waitForFinished();
}

quint64 SummaryWorker::request(const Network& network, const HistogramOptions& options,
                               quint64 generation) {
    latest_ = generation > latest_ ? generation : latest_ + 1;
    // A running computation of an older generation stops at its next progress check.
    wanted_->store(latest_);
    pending_ = Job{network, options, latest_};
    int delay = debounce_override_ms_;
    if (delay < 0) delay = network.parameter_count() <= kSmallNetwork ? 0 : kLargeDebounceMs;
    if (delay > 0) {
        debounce_.start(delay);
    } else if (!start_queued_) {
        // A 0 ms debounce as a posted call rather than a zero timer: it still merges every request
        // of this event-loop pass, but runs before the (low-priority) repaint of the edited
        // widgets, so the computation overlaps that repaint instead of waiting for it.
        debounce_.stop();
        start_queued_ = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                start_queued_ = false;
                start_pending();
            },
            Qt::QueuedConnection);
    }
    return latest_;
}

void SummaryWorker::cancel() {
    debounce_.stop();  // a queued start finds nothing pending
    pending_.reset();
    cancel_all_->store(true);
    cancelled_up_to_ = latest_;  // also drops a result that finished just before the flag was seen
}

void SummaryWorker::start_pending() {
    if (!pending_ || watcher_.isRunning()) return;  // job_finished() starts it later
    Job job = std::move(*pending_);
    pending_.reset();
    cancel_all_ = std::make_shared<std::atomic<bool>>(false);
    emit started(job.generation);

    const MemoryBudget budget = memory_budget_;
    auto wanted = wanted_;
    auto cancel_all = cancel_all_;
    watcher_.setFuture(QtConcurrent::run([this, job = std::move(job), budget, wanted, cancel_all] {
        int reported_percent = -1;
        auto keep_going = [&](double fraction) {
            const int percent = static_cast<int>(fraction * 100);
            if (percent != reported_percent) {
                reported_percent = percent;
                const quint64 generation = job.generation;
                QMetaObject::invokeMethod(
                    this, [this, generation, fraction] { emit progress(generation, fraction); },
                    Qt::QueuedConnection);
            }
            return !cancel_all->load() && wanted->load() == job.generation;
        };
        return compute(job.network, job.options, job.generation, budget, keep_going);
    }));
}

void SummaryWorker::job_finished() {
    SummaryResult result = watcher_.result();
    if (result.generation != latest_ || result.cancelled || result.generation <= cancelled_up_to_) {
        emit discarded(result.generation);
    } else if (!result.error.isEmpty()) {
        emit failed(result.generation, result.error);
    } else {
        emit finished(result);
    }
    if (pending_ && !debounce_.isActive() && !start_queued_) start_pending();
}

SummaryResult SummaryWorker::compute(const Network& network, const HistogramOptions& options,
                                     quint64 generation, const MemoryBudget& memory_budget,
                                     const std::function<bool(double)>& keep_going) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    SummaryResult result;
    result.generation = generation;
    if (const std::vector<std::string> problems = NetworkValidation::problems(network);
        !problems.empty()) {
        result.error = QString::fromStdString(problems.front());
        return result;
    }
    if (MemoryBudget::peak(network).total() > memory_budget.limit_bytes()) {
        result.error = QObject::tr("the network is too large for this machine's memory");
        return result;
    }
    try {
        auto generator = std::make_shared<TorchGenerator>(network.seed);
        auto parameters = std::make_shared<Parameters>(Materializer::materialize(
            network, *generator, [&](double f) { return keep_going(kMaterializeShare * f); }));
        auto summary = std::make_shared<NetworkSummary>(NetworkSummary::of(
            network, *parameters, options,
            [&](double f) { return keep_going(kMaterializeShare + (1 - kMaterializeShare) * f); }));
        result.parameters = std::move(parameters);
        result.summary = std::move(summary);
        result.network = std::make_shared<const Network>(network);
        result.generator = std::move(generator);
    } catch (const Cancelled&) {
        result.cancelled = true;
    } catch (const std::bad_alloc&) {
        result.error = QObject::tr("out of memory while computing the network");
    } catch (const std::exception& e) {
        result.error = QString::fromUtf8(e.what());
    }
    result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return result;
}

}  // namespace initscope
