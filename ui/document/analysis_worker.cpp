#include "ui/document/analysis_worker.h"

#include "core/propagation/mean_field.h"
#include "core/propagation/probe.h"
#include "core/propagation/weight_spectrum.h"
#include "core/stats/number_format.h"

#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <chrono>
#include <new>

namespace initscope {

namespace {

bool same_activation(const ActivationFunction& a, const ActivationFunction& b) {
    return a.kind == b.kind &&
           (a.kind != Activation::LeakyRelu || a.negative_slope == b.negative_slope);
}

/// Rough operation counts, only to share one progress bar between the probe and the spectra:
/// the probe multiplies every weight with the batch three times (forward, ∂L/∂h, ∂L/∂W); an SVD
/// of N × M (N ≥ M) costs about N·M².
double probe_cost(const Network& network) {
    return 3.0 * double(network.probe.batch) * double(network.weight_count());
}

double spectra_cost(const Network& network) {
    double cost = 0;
    for (const Layer& layer : network.layers) {
        const double rows = double(layer.out);
        const double cols =
            double(std::max<int64_t>(layer.weight_count(), 1)) / std::max(rows, 1.0);
        cost += std::max(rows, cols) * std::min(rows, cols) * std::min(rows, cols);
    }
    return cost;
}

QString probe_work(const Network& network) {
    return QObject::tr("the probe's batch of %1 samples")
        .arg(QString::fromStdString(NumberFormat::grouped(network.probe.batch)));
}

}  // namespace

AnalysisWorker::AnalysisWorker(QObject* parent)
    : QObject(parent),
      wanted_(std::make_shared<std::atomic<quint64>>(0)),
      cancel_all_(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<std::shared_ptr<const initscope::AnalysisResult>>();
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, &AnalysisWorker::job_finished);
}

AnalysisWorker::~AnalysisWorker() {
    cancel_all_->store(true);
    watcher_.waitForFinished();
}

quint64 AnalysisWorker::request(const SummaryResult& summary) {
    if (!summary.network || !summary.parameters || !summary.generator) return 0;
    ++ticket_;
    wanted_->store(ticket_);  // a running computation stops at its next progress check
    pending_ = Job{summary, ticket_, cached_phase(phase_activation(*summary.network))};
    start_pending();
    return ticket_;
}

void AnalysisWorker::cancel() {
    pending_.reset();
    cancel_all_->store(true);
    cancelled_up_to_ = ticket_;  // also drops a result that finished just before the flag was seen
}

std::shared_ptr<const PhaseDiagram> AnalysisWorker::cached_phase(
    const ActivationFunction& phi) const {
    for (const auto& [activation, phase] : phases_)
        if (same_activation(activation, phi)) return phase;
    return nullptr;
}

void AnalysisWorker::start_pending() {
    if (!pending_ || watcher_.isRunning()) return;  // job_finished() starts it later
    Job job = std::move(*pending_);
    pending_.reset();
    cancel_all_ = std::make_shared<std::atomic<bool>>(false);
    emit started(job.summary.generation);

    const MemoryBudget budget = memory_budget_;
    auto wanted = wanted_;
    auto cancel_all = cancel_all_;
    watcher_.setFuture(QtConcurrent::run([this, job = std::move(job), budget, wanted, cancel_all] {
        int reported_percent = -1;
        const quint64 generation = job.summary.generation;
        auto keep_going = [&](double fraction) {
            const int percent = static_cast<int>(fraction * 100);
            if (percent != reported_percent) {
                reported_percent = percent;
                QMetaObject::invokeMethod(
                    this, [this, generation, fraction] { emit progress(generation, fraction); },
                    Qt::QueuedConnection);
            }
            return !cancel_all->load() && wanted->load() == job.ticket;
        };
        return Outcome{compute(job.summary, budget, keep_going, job.phase.get()), job.ticket,
                       generation};
    }));
}

void AnalysisWorker::job_finished() {
    Outcome outcome = watcher_.result();
    if (outcome.result && outcome.result->phase && outcome.result->network) {
        const ActivationFunction phi = phase_activation(*outcome.result->network);
        if (!cached_phase(phi))
            phases_.emplace_back(phi, std::make_shared<const PhaseDiagram>(*outcome.result->phase));
    }
    if (!outcome.result || outcome.ticket != ticket_ || outcome.ticket <= cancelled_up_to_) {
        emit discarded(outcome.generation);
    } else {
        emit finished(std::make_shared<const AnalysisResult>(std::move(*outcome.result)));
    }
    start_pending();
}

AnalysisMemory AnalysisWorker::memory(const Network& network) {
    AnalysisMemory memory;
    if (!Probe::unavailable_reason(network)) {
        memory.bytes = Probe::working_bytes(network);
        memory.what = probe_work(network).toStdString();
    }
    for (const Layer& layer : network.layers) {
        const int64_t bytes = WeightSpectrumAnalysis::working_bytes(layer);
        if (bytes > memory.bytes) {
            memory.bytes = bytes;
            memory.what = "the spectrum of " + layer.name + ".weight";
        }
    }
    return memory;
}

ActivationFunction AnalysisWorker::phase_activation(const Network& network) {
    const size_t hidden =
        network.layers.size() > 1 ? network.layers.size() - 1 : network.layers.size();
    ActivationFunction best;
    size_t best_count = 0;
    for (size_t i = 0; i < hidden; ++i) {
        const ActivationFunction phi = network.layers[i].activation_function();
        size_t count = 0;
        for (size_t j = 0; j < hidden; ++j)
            count += same_activation(network.layers[j].activation_function(), phi) ? 1 : 0;
        if (count > best_count) {
            best = phi;
            best_count = count;
        }
    }
    return best;
}

std::optional<AnalysisResult> AnalysisWorker::compute(const SummaryResult& summary,
                                                      const MemoryBudget& memory_budget,
                                                      const std::function<bool(double)>& keep_going,
                                                      const PhaseDiagram* phase) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    AnalysisResult result;
    result.generation = summary.generation;
    result.network = summary.network;
    result.parameters = summary.parameters;
    if (!summary.network || !summary.parameters || !summary.generator) {
        result.error = QObject::tr("nothing to analyse: the network was not computed");
        return result;
    }
    const Network& network = *summary.network;
    QStringList errors;
    auto failure = [&](const QString& part, const std::exception& e) {
        if (dynamic_cast<const std::bad_alloc*>(&e))
            errors << QObject::tr("out of memory while computing %1").arg(part);
        else
            errors << part + QStringLiteral(": ") + QString::fromUtf8(e.what());
    };
    if (!keep_going(0)) return std::nullopt;

    try {
        result.theory = MeanField::predict(network);
        result.phase = phase ? *phase : PhaseDiagram::compute(phase_activation(network));
    } catch (const std::exception& e) {
        failure(QObject::tr("the mean-field prediction"), e);
    }

    const double probe = probe_cost(network), spectra = spectra_cost(network);
    const std::optional<std::string> unavailable = Probe::unavailable_reason(network);
    const double probe_share =
        unavailable || probe + spectra <= 0 ? 0.0 : probe / (probe + spectra);
    try {
        if (unavailable) {
            result.probe_unavailable = QString::fromStdString(*unavailable);
        } else if (const std::optional<std::string> problem = memory_budget.problem(
                       network,
                       {Probe::working_bytes(network), probe_work(network).toStdString()})) {
            errors << QObject::tr("the probe cannot run: %1").arg(QString::fromStdString(*problem));
        } else {
            TorchGenerator generator = *summary.generator;  // the probe draws on from here
            result.probe = Probe::run(network, *summary.parameters, generator,
                                      [&](double f) { return keep_going(probe_share * f); });
        }
    } catch (const Cancelled&) {
        return std::nullopt;
    } catch (const std::exception& e) {
        failure(QObject::tr("the probe"), e);
    }

    try {
        AnalysisMemory largest;
        for (const Layer& layer : network.layers) {
            const int64_t bytes = WeightSpectrumAnalysis::working_bytes(layer);
            if (bytes > largest.bytes)
                largest = {bytes, "the spectrum of " + layer.name + ".weight"};
        }
        if (const std::optional<std::string> problem = memory_budget.problem(network, largest)) {
            errors << QObject::tr("the spectra cannot be computed: %1")
                          .arg(QString::fromStdString(*problem));
        } else {
            result.spectra = WeightSpectrumAnalysis::of(
                network, *summary.parameters,
                [&](double f) { return keep_going(probe_share + (1 - probe_share) * f); });
        }
    } catch (const Cancelled&) {
        return std::nullopt;
    } catch (const std::exception& e) {
        failure(QObject::tr("the spectra"), e);
    }
    result.error = errors.join(QStringLiteral("\n"));
    result.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return result;
}

}  // namespace initscope
