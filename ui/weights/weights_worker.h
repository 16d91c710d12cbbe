#pragma once

#include "core/io/checkpoint.h"
#include "core/io/checkpoint_analysis.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace initscope {

/// Opens checkpoints and analyses their tensors off the GUI thread (QtConcurrent::run +
/// QFutureWatcher, like SummaryWorker):
/// - open(path): Checkpoint::open (the header and the mapping; a sharded index opens every
///   shard) on a worker thread, then opened() or refused() with Checkpoint's one-line refusal.
///   A newer open() while one runs supersedes it: the older result is dropped.
/// - analyse(checkpoint, first): CheckpointAnalysis::analyse_one for every tensor, one at a
///   time, `first` first and then in the file's order, except that prioritise(index) moves a
///   tensor to the front of those not yet taken (the one the user selected). Each result
///   arrives as analysed() on the GUI thread, with progress() as the share of the values
///   analysed. cancel() stops within about one chunk of the tensor being analysed (analyse_one
///   polls it) and nothing more of that run arrives; a new analyse() cancels the running
///   one and starts when it has stopped.
/// Not thread-safe: call it from the thread it lives on (the GUI thread).
class WeightsWorker : public QObject {
    Q_OBJECT
public:
    explicit WeightsWorker(QObject* parent = nullptr);
    /// Stops the analysis and waits for the running tensor and open.
    ~WeightsWorker() override;

    void open(const QString& path);
    /// `first`: the tensor analysed first (the one selected; -1: the file's order throughout).
    void analyse(std::shared_ptr<const Checkpoint> checkpoint, int first = -1);
    void prioritise(int index);
    void cancel();

    bool opening() const { return open_watcher_.isRunning() || pending_open_.has_value(); }
    bool analysing() const { return run_ != nullptr; }
    bool busy() const { return opening() || analysing(); }
    /// No analysis runs on the worker thread (a cancelled one has returned).
    bool thread_idle() const { return !run_watcher_.isRunning(); }

signals:
    void opened(const QString& path, std::shared_ptr<const initscope::Checkpoint> checkpoint);
    void refused(const QString& path, const QString& message);
    /// An analysis started (its first tensor is being analysed).
    void started();
    /// The share of the run's values analysed so far, in [0, 1].
    void progress(double fraction);
    void analysed(int index, std::shared_ptr<const initscope::CheckpointTensorAnalysis> analysis);
    /// Every tensor of the run has been delivered.
    void finished();
    /// cancel() stopped the run (also when it had just finished).
    void cancelled();

private:
    /// One analysis of one checkpoint, shared with its worker thread.
    struct Run {
        std::shared_ptr<const Checkpoint> checkpoint;
        std::mutex mutex;
        std::deque<int> queue;  ///< tensors still to analyse, next first (under mutex)
        std::atomic<bool> stop{false};
        int64_t total = 0;  ///< values of the analysable tensors
    };
    struct OpenResult {
        QString path;
        std::shared_ptr<const Checkpoint> checkpoint;
        QString error;
    };
    void start_open(const QString& path);
    void open_finished();
    void start_run();
    void run_finished();

    QFutureWatcher<OpenResult> open_watcher_;
    std::optional<QString> pending_open_;
    QFutureWatcher<void> run_watcher_;
    std::shared_ptr<Run> run_;      ///< the run whose results are delivered; null when none
    std::shared_ptr<Run> next_;     ///< waits for the running (cancelled) run to stop
    std::shared_ptr<Run> running_;  ///< the run on the worker thread
};

}  // namespace initscope
