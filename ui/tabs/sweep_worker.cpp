#include "ui/tabs/sweep_worker.h"

#include <QtConcurrent/QtConcurrentRun>
#include <chrono>
#include <new>
#include <stdexcept>

namespace initscope {

SweepWorker::SweepWorker(QObject* parent)
    : QObject(parent), wanted_(std::make_shared<std::atomic<quint64>>(0)) {
    qRegisterMetaType<initscope::SweepOutcome>();
    connect(&watcher_, &QFutureWatcher<SweepOutcome>::finished, this, &SweepWorker::job_finished);
}

SweepWorker::~SweepWorker() {
    wanted_->store(0);
    watcher_.waitForFinished();
}

quint64 SweepWorker::request(std::shared_ptr<const Network> network,
                             std::vector<SweepScheme> schemes) {
    ++latest_;
    wanted_->store(latest_);  // a running computation stops at its next progress check
    pending_ = Job{std::move(network), std::move(schemes), latest_};
    start_pending();
    return latest_;
}

void SweepWorker::cancel() {
    pending_.reset();
    wanted_->store(0);
}

void SweepWorker::start_pending() {
    if (!pending_ || watcher_.isRunning()) return;  // job_finished() starts it
    Job job = std::move(*pending_);
    pending_.reset();
    emit started(job.generation);
    const MemoryBudget budget = memory_budget_;
    auto wanted = wanted_;
    watcher_.setFuture(QtConcurrent::run([this, job = std::move(job), budget, wanted] {
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
            return wanted->load() == job.generation;
        };
        return compute(job.network, job.schemes, job.generation, budget, keep_going);
    }));
}

void SweepWorker::job_finished() {
    emit finished(watcher_.result());
    start_pending();
}

SweepOutcome SweepWorker::compute(std::shared_ptr<const Network> network,
                                  const std::vector<SweepScheme>& schemes, quint64 generation,
                                  const MemoryBudget& budget,
                                  const std::function<bool(double)>& keep_going) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    SweepOutcome outcome;
    outcome.generation = generation;
    outcome.network = network;
    if (!network) {
        outcome.error = QObject::tr("no network");
        return outcome;
    }
    try {
        if (const auto reason = SchemeSweep::unavailable_reason(*network)) {
            outcome.error = QString::fromStdString(*reason);
            return outcome;
        }
        if (const auto problem = SchemeSweep::memory_problem(*network, schemes, budget)) {
            outcome.error = QString::fromStdString(*problem);
            return outcome;
        }
        const double count = schemes.empty() ? 1.0 : double(schemes.size());
        for (size_t i = 0; i < schemes.size(); ++i)
            outcome.runs.push_back(SchemeSweep::run(*network, schemes[i], [&](double f) {
                return keep_going((double(i) + f) / count);
            }));
    } catch (const Cancelled&) {
        outcome.cancelled = true;
    } catch (const std::bad_alloc&) {
        outcome.error = QObject::tr("out of memory while sweeping the schemes");
    } catch (const std::exception& e) {
        outcome.error = QString::fromUtf8(e.what());
    }
    outcome.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return outcome;
}

}  // namespace initscope
