#include "ui/weights/weights_worker.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <new>

namespace initscope {

WeightsWorker::WeightsWorker(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::shared_ptr<const initscope::Checkpoint>>();
    qRegisterMetaType<std::shared_ptr<const initscope::CheckpointTensorAnalysis>>();
    connect(&open_watcher_, &QFutureWatcher<OpenResult>::finished, this,
            &WeightsWorker::open_finished);
    connect(&run_watcher_, &QFutureWatcher<void>::finished, this, &WeightsWorker::run_finished);
}

WeightsWorker::~WeightsWorker() {
    if (run_) run_->stop = true;
    if (next_) next_->stop = true;
    run_watcher_.waitForFinished();
    open_watcher_.waitForFinished();
}

void WeightsWorker::open(const QString& path) {
    if (open_watcher_.isRunning()) {
        pending_open_ = path;  // the running open's result is dropped
        return;
    }
    start_open(path);
}

void WeightsWorker::start_open(const QString& path) {
    open_watcher_.setFuture(QtConcurrent::run([path] {
        OpenResult result;
        result.path = path;
        std::string error;
        try {
            if (std::optional<Checkpoint> checkpoint = Checkpoint::open(path, &error))
                result.checkpoint = std::make_shared<const Checkpoint>(std::move(*checkpoint));
            else
                result.error = QString::fromStdString(error);
        } catch (const std::bad_alloc&) {
            result.error = QString::fromStdString(
                Checkpoint::refusal(path, "out of memory while reading the header"));
        }
        return result;
    }));
}

void WeightsWorker::open_finished() {
    const OpenResult result = open_watcher_.result();
    if (pending_open_) {
        const QString path = *pending_open_;
        pending_open_.reset();
        start_open(path);
        return;
    }
    if (result.checkpoint)
        emit opened(result.path, result.checkpoint);
    else
        emit refused(result.path, result.error);
}

void WeightsWorker::analyse(std::shared_ptr<const Checkpoint> checkpoint, int first) {
    if (run_) run_->stop = true;
    auto run = std::make_shared<Run>();
    run->checkpoint = std::move(checkpoint);
    const std::vector<CheckpointTensor>& tensors = run->checkpoint->tensors();
    const bool first_valid = first >= 0 && first < int(tensors.size());
    if (first_valid) run->queue.push_back(first);
    for (int i = 0; i < int(tensors.size()); ++i) {
        if (i != first || !first_valid) run->queue.push_back(i);
        if (TensorDtypes::analysable(tensors[size_t(i)].dtype))
            run->total += tensors[size_t(i)].numel;
    }
    run_ = run;
    next_ = run;
    if (!run_watcher_.isRunning()) start_run();  // else when the stopped run has returned
}

void WeightsWorker::prioritise(int index) {
    if (!run_) return;
    const std::lock_guard<std::mutex> lock(run_->mutex);
    std::deque<int>& queue = run_->queue;
    const auto found = std::find(queue.begin(), queue.end(), index);
    if (found == queue.end() || found == queue.begin()) return;
    queue.erase(found);
    queue.push_front(index);
}

void WeightsWorker::cancel() {
    if (!run_) return;
    run_->stop = true;
    run_.reset();
    next_.reset();
    emit cancelled();
}

void WeightsWorker::start_run() {
    std::shared_ptr<Run> run = std::move(next_);
    next_.reset();
    if (!run) return;
    emit started();
    run_watcher_.setFuture(QtConcurrent::run([this, run] {
        const std::vector<CheckpointTensor>& tensors = run->checkpoint->tensors();
        int64_t done = 0;
        while (!run->stop) {
            int index = -1;
            {
                const std::lock_guard<std::mutex> lock(run->mutex);
                if (run->queue.empty()) break;
                index = run->queue.front();
                run->queue.pop_front();
            }
            const CheckpointTensor& tensor = tensors[size_t(index)];
            std::shared_ptr<const CheckpointTensorAnalysis> analysis;
            try {
                // polled after every chunk: cancel() stops inside a big tensor too
                std::optional<CheckpointTensorAnalysis> result = CheckpointAnalysis::analyse_one(
                    *run->checkpoint, tensor, [&run](int64_t, int64_t) { return !run->stop; });
                if (!result) break;
                analysis = std::make_shared<const CheckpointTensorAnalysis>(std::move(*result));
            } catch (const std::bad_alloc&) {
                continue;  // listed without statistics, as an unanalysed dtype is
            }
            if (TensorDtypes::analysable(tensor.dtype)) done += tensor.numel;
            const double fraction = run->total > 0 ? double(done) / double(run->total) : 1.0;
            QMetaObject::invokeMethod(
                this,
                [this, run, index, analysis, fraction] {
                    if (run_ != run) return;  // cancelled, or superseded by a newer checkpoint
                    emit analysed(index, analysis);
                    emit progress(fraction);
                },
                Qt::QueuedConnection);
        }
    }));
    running_ = run;
}

void WeightsWorker::run_finished() {
    const std::shared_ptr<Run> ran = std::move(running_);
    running_.reset();
    if (ran && ran == run_ && !ran->stop) {
        run_.reset();
        emit finished();
    }
    if (next_) start_run();
}

}  // namespace initscope
