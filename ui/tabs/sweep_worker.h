#pragma once

#include "core/model/memory_budget.h"
#include "core/model/network.h"
#include "core/propagation/scheme_sweep.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace initscope {

/// What one sweep computation produced, handed to the GUI thread.
struct SweepOutcome {
    quint64 generation = 0;
    std::shared_ptr<const Network> network;  ///< the network swept
    /// The schemes done, in the order asked; fewer than asked when cancelled or failed.
    std::vector<SweepRun> runs;
    QString error;  ///< non-empty when the network (or its memory) cannot be swept
    bool cancelled = false;
    double elapsed_ms = 0;
};

/// Runs SchemeSweep off the GUI thread (QtConcurrent::run + QFutureWatcher), one computation at
/// a time, newest request wins: a request made while one runs makes the running one stop at its
/// next progress check (its finished schemes are still delivered, with cancelled set, since
/// they are valid for their network) and starts when it has stopped; a request made while
/// another waits replaces it. Every outcome is delivered (finished()), the caller decides what
/// is still wanted by its network and schemes. Not thread-safe: use it from the GUI thread.
class SweepWorker : public QObject {
    Q_OBJECT
public:
    explicit SweepWorker(QObject* parent = nullptr);
    /// Cancels the running computation and waits for it.
    ~SweepWorker() override;

    /// Asks for the sweep of `schemes` on `network`; returns its generation (growing).
    quint64 request(std::shared_ptr<const Network> network, std::vector<SweepScheme> schemes);
    /// Stops the running computation (its outcome follows, cancelled) and drops a waiting one.
    void cancel();

    bool busy() const { return watcher_.isRunning() || pending_.has_value(); }
    quint64 latest_generation() const { return latest_; }
    /// The memory a computation may use: this machine's unless set (tests).
    void set_memory_budget(const MemoryBudget& budget) { memory_budget_ = budget; }

    /// The computation itself, synchronous: SchemeSweep::unavailable_reason and memory_problem,
    /// then one SchemeSweep::run per scheme. `keep_going` gets the overall fraction in [0, 1];
    /// when it returns false the schemes finished so far are returned, cancelled set.
    static SweepOutcome compute(std::shared_ptr<const Network> network,
                                const std::vector<SweepScheme>& schemes, quint64 generation,
                                const MemoryBudget& budget,
                                const std::function<bool(double)>& keep_going);

signals:
    void started(quint64 generation);
    /// Progress of the running computation in [0, 1], in 1 % steps.
    void progress(quint64 generation, double fraction);
    void finished(const initscope::SweepOutcome& outcome);

private:
    struct Job {
        std::shared_ptr<const Network> network;
        std::vector<SweepScheme> schemes;
        quint64 generation = 0;
    };
    void start_pending();
    void job_finished();

    QFutureWatcher<SweepOutcome> watcher_;
    std::optional<Job> pending_;
    quint64 latest_ = 0;
    /// The generation the worker thread should finish; 0 stops every computation.
    std::shared_ptr<std::atomic<quint64>> wanted_;
    MemoryBudget memory_budget_;
};

}  // namespace initscope

Q_DECLARE_METATYPE(initscope::SweepOutcome)
