#pragma once

#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/propagation/mean_field.h"
#include "core/propagation/probe.h"
#include "core/propagation/weight_spectrum.h"

#include <QString>
#include <QtGlobal>

#include <memory>
#include <optional>
#include <vector>

namespace initscope {

/// What the AnalysisWorker computed for one materialized network, after its summary: the
/// probe's forward/backward figures, the mean-field prediction beside them, the phase diagram
/// of the network's activation, and the spectra of the weights. Shared read-only with the views.
struct AnalysisResult {
    quint64 generation = 0;                  ///< the SummaryResult's generation it follows
    std::shared_ptr<const Network> network;  ///< the network analysed
    std::shared_ptr<const Parameters> parameters;
    std::optional<ProbeResult> probe;    ///< nullopt when the probe cannot run
    QString probe_unavailable;           ///< why not (Probe::unavailable_reason)
    std::vector<MeanFieldLayer> theory;  ///< one per layer (MeanField::predict)
    /// The phase diagram of the activation most hidden layers use, with the layers' points
    /// (theory[l].sigma_w2, theory[l].sigma_b2).
    std::optional<PhaseDiagram> phase;
    std::vector<WeightSpectrum> spectra;  ///< one per layer; empty when they could not run
    /// Why a part that should have run did not ("out of memory while probing the network", the
    /// MemoryBudget's refusal naming the probe's batch), for the views to show; empty when
    /// everything that applies was computed. The parts that did run are set.
    QString error;
    double elapsed_ms = 0;  ///< on the worker thread
};

/// A view that shows the analysis (the Propagation, Spectrum and Sweep tabs): the window hands
/// it the latest AnalysisResult when it is visible, like SummaryView's summary.
class AnalysisView {
public:
    virtual ~AnalysisView() = default;
    /// Shows `analysis` (nullptr clears: nothing computed yet, or the network is invalid).
    virtual void show_analysis(std::shared_ptr<const AnalysisResult> analysis) = 0;
};

}  // namespace initscope
