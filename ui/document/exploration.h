#pragma once

#include "core/model/parameters.h"
#include "core/stats/network_summary.h"
#include "ui/document/view_options.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace initscope {

class NetworkDocument;
class SummaryWorker;
struct SummaryResult;

/// One network being explored: its document (network, undo history, file), the worker that
/// summarizes it off the GUI thread, the latest result, and the view options it is shown with.
/// Every change of the network (edit, undo, redo, reset) and every change of the histogram
/// options requests a new summary; resultArrived() says when the latest one is in.
/// A window shows one Exploration; two (A/B) are two of these.
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

    /// The latest result: summary and tensors (null before the first), the generation the worker
    /// gave it (0 before the first), its compute time in ms (materialize + summarize, on the
    /// worker thread), and the clock time of the edit it answers.
    std::shared_ptr<const NetworkSummary> summary() const { return summary_; }
    std::shared_ptr<const Parameters> parameters() const { return parameters_; }
    quint64 generation() const { return generation_; }
    double compute_ms() const { return compute_ms_; }
    qint64 edit_ns() const { return edit_ns_; }

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

private:
    /// Asks the worker for the current network with the current histogram options, as caused
    /// by an edit at `edit_ns`.
    void request(qint64 edit_ns);
    void result_finished(const SummaryResult& result);

    NetworkDocument* document_;
    SummaryWorker* worker_;
    ViewOptions view_options_;
    std::shared_ptr<const NetworkSummary> summary_;
    std::shared_ptr<const Parameters> parameters_;
    quint64 generation_ = 0;
    double compute_ms_ = 0;
    qint64 edit_ns_ = 0;
    QHash<quint64, qint64> request_edit_ns_;  ///< generation → its edit's time
};

}  // namespace initscope
