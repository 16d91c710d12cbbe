#pragma once

#include "core/model/activation.h"
#include "core/model/memory_budget.h"
#include "core/model/network.h"
#include "core/propagation/phase_diagram.h"
#include "ui/document/analysis_result.h"
#include "ui/document/summary_worker.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace initscope {

/// Analyses materialized networks off the GUI thread (QtConcurrent::run + QFutureWatcher), after
/// their summary: the probe's forward and backward pass (Probe::run on a copy of the generator
/// state the materializing left), the mean-field prediction (MeanField::predict), the phase
/// diagram of the activation most hidden layers use (PhaseDiagram::compute, kept per activation:
/// it depends on nothing else) and the spectra of the weights (WeightSpectrumAnalysis::of).
///
/// One computation at a time, newest request wins: a request while one runs makes the running
/// one's progress callbacks return false (the core throws Cancelled at its next check); the
/// newest starts when it has stopped; finished() carries only the newest request's result
/// (older ones are reported by discarded()). There is no debounce: requests follow summaries,
/// which are debounced already.
///
/// Before computing, the MemoryBudget must hold the probe's and the spectra's working memory
/// (memory()); a part that does not fit, or runs out of memory, is skipped and result.error says
/// why, while the parts that ran are delivered. A network the probe cannot run on (a conv
/// network without input_shape) gets probe_unavailable and everything else.
/// Not thread-safe: call it from the thread it lives on (the GUI thread).
class AnalysisWorker : public QObject {
    Q_OBJECT
public:
    explicit AnalysisWorker(QObject* parent = nullptr);
    /// Cancels any running computation and waits for it.
    ~AnalysisWorker() override;

    /// Asks for the analysis of a summary result (its network, parameters and generator must be
    /// set; otherwise nothing is requested and 0 is returned). Returns the request's number.
    quint64 request(const SummaryResult& summary);
    /// Cancels the running and the pending computation: nothing requested so far is delivered;
    /// discarded() follows for the running one.
    void cancel();

    bool busy() const { return watcher_.isRunning() || pending_.has_value(); }
    /// The memory a computation may use: this machine's unless set (tests).
    void set_memory_budget(const MemoryBudget& budget) { memory_budget_ = budget; }

    /// The analysis itself, synchronous. `keep_going` is polled through the core's progress
    /// callbacks with the overall fraction in [0, 1]; returning false cancels (nullopt).
    /// `phase` is the phase diagram of phase_activation(network) when known (it is computed
    /// otherwise). Never throws: failures are in result.error.
    static std::optional<AnalysisResult> compute(const SummaryResult& summary,
                                                 const MemoryBudget& memory_budget,
                                                 const std::function<bool(double)>& keep_going,
                                                 const PhaseDiagram* phase = nullptr);

    /// What the probe (when it can run) and the largest weight's spectrum need at their peak;
    /// they run one after the other, so the larger of the two counts.
    static AnalysisMemory memory(const Network& network);
    /// The activation most hidden layers (all but the last; the only one of a one-layer
    /// network) use, with its slope; the earliest of equally common ones.
    static ActivationFunction phase_activation(const Network& network);

signals:
    /// The computation of the summary's `generation` started on the worker thread.
    void started(quint64 generation);
    /// Progress of the running computation in [0, 1] (throttled to 1 % steps).
    void progress(quint64 generation, double fraction);
    /// The newest request's result (parts that failed say so in result->error).
    void finished(std::shared_ptr<const initscope::AnalysisResult> result);
    /// A result that is not the newest, or a cancelled computation, was dropped.
    void discarded(quint64 generation);

private:
    struct Job {
        SummaryResult summary;
        quint64 ticket = 0;
        std::shared_ptr<const PhaseDiagram> phase;  ///< cached for its activation, or null
    };
    struct Outcome {
        std::optional<AnalysisResult> result;  ///< nullopt: cancelled
        quint64 ticket = 0;
        quint64 generation = 0;
    };
    void start_pending();
    void job_finished();
    std::shared_ptr<const PhaseDiagram> cached_phase(const ActivationFunction& phi) const;

    QFutureWatcher<Outcome> watcher_;
    std::optional<Job> pending_;
    quint64 ticket_ = 0;                            ///< the newest request's number
    quint64 cancelled_up_to_ = 0;                   ///< cancel() drops every request up to this one
    std::shared_ptr<std::atomic<quint64>> wanted_;  ///< ticket the worker thread should finish
    std::shared_ptr<std::atomic<bool>> cancel_all_;
    MemoryBudget memory_budget_;
    /// Phase diagrams computed so far, one per activation (a handful at most).
    std::vector<std::pair<ActivationFunction, std::shared_ptr<const PhaseDiagram>>> phases_;
};

}  // namespace initscope
