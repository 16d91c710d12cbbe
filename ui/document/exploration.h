#pragma once

#include "core/model/network.h"
#include "core/model/parameters.h"
#include "core/stats/network_summary.h"
#include "core/torch/torch_generator.h"
#include "ui/document/view_options.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace initscope {

class AnalysisWorker;
class NetworkDocument;
class SummaryWorker;
struct AnalysisResult;
struct SummaryResult;

/// One network being explored: its document (network, undo history, file), the worker that
/// summarizes it off the GUI thread, the latest result, and the view options it is shown with.
/// Every change of the network (edit, undo, redo, reset) and every change of the histogram
/// options requests a new summary; resultArrived() says when the latest one is in.
/// A window shows one Exploration; two (A/B) are two of these.
///
/// The analysis (probe, mean field, phase diagram, spectra: AnalysisWorker) follows the summary
/// while it is wanted (an analysis tab is on screen; set_analysis_wanted): each new result, or
/// the wish itself when the latest result has no analysis yet, requests it; a new summary
/// request cancels the analysis still running for an older one. analysisArrived() says when
/// analysis() is new. The Overview, Layers and Theory tabs never wait for it.
///
/// Each request remembers the time of the edit that caused it (NetworkDocument::clock_ns), so a
/// window can measure edit-to-repaint latency: edit_ns() of the latest result.
class Exploration : public QObject {
    Q_OBJECT
public:
    explicit Exploration(QObject* parent = nullptr);
    ~Exploration() override;

    NetworkDocument* document() const { return document_; }
    SummaryWorker* worker() const { return worker_; }
    AnalysisWorker* analysis_worker() const { return analysis_worker_; }

    /// The latest result: summary and tensors (null before the first), the generation the worker
    /// gave it (0 before the first), its compute time in ms (materialize + summarize, on the
    /// worker thread), and the clock time of the edit it answers.
    std::shared_ptr<const NetworkSummary> summary() const { return summary_; }
    std::shared_ptr<const Parameters> parameters() const { return parameters_; }
    quint64 generation() const { return generation_; }
    double compute_ms() const { return compute_ms_; }
    qint64 edit_ns() const { return edit_ns_; }
    /// The network of the latest result and the generator state its materializing left (null
    /// before the first).
    std::shared_ptr<const Network> network() const { return network_; }
    std::shared_ptr<const TorchGenerator> generator() const { return generator_; }

    /// The latest analysis (null before the first); its generation is the summary's it follows,
    /// which may be older than generation() while the next one is computed.
    std::shared_ptr<const AnalysisResult> analysis() const { return analysis_; }
    /// Counts the analyses that arrived (0: none), so a view can tell a new one from the one it
    /// shows.
    quint64 analysis_serial() const { return analysis_serial_; }
    /// Whether the analysis is computed: on, a result without its analysis gets one now and every
    /// new result gets one; off, nothing more is requested (one running finishes). Off at first.
    void set_analysis_wanted(bool wanted);
    bool analysis_wanted() const { return analysis_wanted_; }
    /// Cancels the running analysis; the latest result's is not asked for again (a new result's
    /// is, while wanted).
    void cancel_analysis();

    const ViewOptions& view_options() const { return view_options_; }
    /// Sets every view option (a restored session). New histogram options recompute what was
    /// requested so far; before the first request they are simply used by it.
    void set_view_options(const ViewOptions& options);
    /// New histogram options: recomputes (timed from now).
    void set_histogram_options(const HistogramOptions& options);
    /// The bar scale: display only, nothing is recomputed.
    void set_scale(HistogramScale scale) { view_options_.scale = scale; }

signals:
    /// summary(), parameters(), generation() and edit_ns() hold a new result.
    void resultArrived();
    /// analysis() holds a new analysis.
    void analysisArrived();

private:
    /// Asks the worker for the current network with the current histogram options, as caused
    /// by an edit at `edit_ns`.
    void request(qint64 edit_ns);
    void result_finished(const SummaryResult& result);
    /// Asks for the latest result's analysis, unless it has one or was cancelled.
    void request_analysis();
    void analysis_finished(std::shared_ptr<const AnalysisResult> analysis);

    NetworkDocument* document_;
    SummaryWorker* worker_;
    AnalysisWorker* analysis_worker_;
    ViewOptions view_options_;
    std::shared_ptr<const NetworkSummary> summary_;
    std::shared_ptr<const Parameters> parameters_;
    std::shared_ptr<const Network> network_;
    std::shared_ptr<const TorchGenerator> generator_;
    std::shared_ptr<const AnalysisResult> analysis_;
    quint64 analysis_serial_ = 0;
    bool analysis_wanted_ = false;
    quint64 analysis_requested_ = 0;  ///< generation last asked for (or cancelled), 0: none
    quint64 generation_ = 0;
    double compute_ms_ = 0;
    qint64 edit_ns_ = 0;
    QHash<quint64, qint64> request_edit_ns_;  ///< generation → its edit's time
};

}  // namespace initscope
