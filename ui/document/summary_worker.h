#pragma once

#include "core/model/memory_budget.h"
#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/stats/histogram.h"
#include "core/stats/network_summary.h"
#include "core/torch/torch_generator.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <memory>
#include <optional>

namespace initscope {

/// What one computation produced, returned by value to the GUI thread.
struct SummaryResult {
    quint64 generation = 0;
    std::shared_ptr<const NetworkSummary> summary;  ///< null when failed or cancelled
    std::shared_ptr<const Parameters> parameters;   ///< null when failed or cancelled
    std::shared_ptr<const Network> network;         ///< the network computed; null likewise
    /// The generator as materializing left it (TorchGenerator(network.seed) after every init),
    /// so the probe goes on drawing exactly as PyTorch would; null when failed or cancelled.
    std::shared_ptr<const TorchGenerator> generator;
    double elapsed_ms = 0;  ///< materialize + summarize, on the worker thread
    QString error;          ///< non-empty when the network could not be computed
    bool cancelled = false;
};

/// Materializes and summarizes networks off the GUI thread (QtConcurrent::run + QFutureWatcher),
/// one computation at a time, newest request wins:
/// - request() tags the work with a generation number and (re)starts a single-shot debounce timer,
///   so a burst of requests (a slider drag) computes only the last; debounce is kLargeDebounceMs
///   above kSmallNetwork parameters, and 0 ms below (the course network stays within one frame):
///   then a posted call merges the requests of one event-loop pass;
/// - while a computation runs, a newer request makes its progress callback return false, so the
///   core throws Cancelled at its next check; the newer one starts when the old one has stopped;
/// - finished() carries only the latest requested generation; results of older generations are
///   dropped (discarded() reports them), so the screen never goes back in time.
/// The worker re-checks NetworkValidation::problems() and the MemoryBudget before computing.
/// Not thread-safe: call it from the thread it lives on (the GUI thread).
class SummaryWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int64_t kSmallNetwork = 2'000'000;
    static constexpr int kLargeDebounceMs = 40;

    explicit SummaryWorker(QObject* parent = nullptr);
    /// Cancels any running computation and waits for it.
    ~SummaryWorker() override;

    /// Asks for the summary of `network` with `options`, as generation `generation` (must grow
    /// from call to call; 0 means "the next number"). Returns the generation used.
    quint64 request(const Network& network, const HistogramOptions& options,
                    quint64 generation = 0);
    /// Cancels the running and the pending computation: nothing requested so far is delivered;
    /// discarded() follows for the running one.
    void cancel();

    quint64 latest_generation() const { return latest_; }
    bool busy() const { return watcher_.isRunning() || pending_.has_value(); }
    /// Overrides the automatic debounce (−1 restores it); for tests and benchmarks.
    void set_debounce_ms(int ms) { debounce_override_ms_ = ms; }
    /// The memory a computation may use: this machine's unless set (tests).
    void set_memory_budget(const MemoryBudget& budget) { memory_budget_ = budget; }

    /// The computation itself, synchronous: problems / memory check, Materializer::materialize
    /// with a TorchGenerator(network.seed) kept in the result, NetworkSummary::of. `keep_going` is
    /// polled through the core's progress callbacks with the overall fraction in [0, 1]; returning
    /// false cancels (result.cancelled).
    static SummaryResult compute(const Network& network, const HistogramOptions& options,
                                 quint64 generation, const MemoryBudget& memory_budget,
                                 const std::function<bool(double)>& keep_going);

signals:
    /// A computation of `generation` started on the worker thread.
    void started(quint64 generation);
    /// Progress of the running computation in [0, 1] (throttled to 1 % steps).
    void progress(quint64 generation, double fraction);
    /// The latest generation's result (summary and parameters set).
    void finished(const initscope::SummaryResult& result);
    /// The latest generation could not be computed (invalid or too large network).
    void failed(quint64 generation, const QString& message);
    /// A result that is not the latest, or a cancelled computation, was dropped.
    void discarded(quint64 generation);

private:
    struct Job {
        Network network;
        HistogramOptions options;
        quint64 generation = 0;
    };
    void start_pending();
    void job_finished();

    QTimer debounce_;
    QFutureWatcher<SummaryResult> watcher_;
    std::optional<Job> pending_;
    quint64 latest_ = 0;
    quint64 cancelled_up_to_ = 0;  ///< cancel() drops every generation up to this one
    std::shared_ptr<std::atomic<quint64>> wanted_;  ///< generation the worker thread should finish
    std::shared_ptr<std::atomic<bool>> cancel_all_;
    bool start_queued_ = false;  ///< a 0 ms debounce is posted
    int debounce_override_ms_ = -1;
    MemoryBudget memory_budget_;
};

}  // namespace initscope

Q_DECLARE_METATYPE(initscope::SummaryResult)
