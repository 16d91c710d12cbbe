#pragma once

#include "core/propagation/scheme_sweep.h"
#include "ui/document/analysis_result.h"
#include "ui/tabs/summary_view.h"

#include <qcustomplot.h>
#include <QColor>
#include <QStringList>
#include <QWidget>

#include <map>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

class QBoxLayout;

namespace initscope {

class SweepPlot;
class SweepWorker;
struct SweepOutcome;

/// The Scheme sweep tab, the CS231n figure live: tick weight schemes (SchemeSweep::catalogue();
/// the standard five are ticked at first) and see, for the current network with each scheme on
/// every weight (biases keep theirs, same seed for all), the std of the activations (a or
/// h = φ(a)) and of the gradients ∂L/∂a per layer, one line per ticked scheme on log y axes,
/// with the mean-field prediction dashed beside it (a toggle). Each check box carries its line's
/// colour and marker, and each line is named at its end.
///
/// The sweep runs off the GUI thread (SweepWorker): when shown a new network (by value: an
/// unchanged network is not recomputed) or when a scheme is ticked that has not been computed
/// for this network; results are kept per scheme until the network changes, so unticking and
/// ticking again is instant. Newest request wins; Cancel stops the running sweep until the next
/// change. The summary is not used (show_summary does nothing): the network comes with the
/// analysis.
class SweepTab : public QWidget, public SummaryView, public AnalysisView {
    Q_OBJECT
public:
    explicit SweepTab(QWidget* parent = nullptr);
    ~SweepTab() override;

    QString title() const override;
    QString tool_tip() const override;
    QWidget* widget() override { return this; }
    QWidget* export_widget() override { return plots_; }
    void show_summary(std::shared_ptr<const NetworkSummary> summary,
                      const ViewOptions& options) override;
    void show_analysis(std::shared_ptr<const AnalysisResult> analysis) override;

    /// The check box of catalogue scheme `index` (SchemeSweep::catalogue() order).
    QCheckBox* scheme_check(int index) const;
    /// Ticks exactly the catalogue schemes with these labels (one sweep request at the end).
    void set_ticked(const QStringList& labels);
    QStringList ticked() const;
    QCheckBox* prediction_check() const { return prediction_; }
    /// Pre-activations a (index 0, the default: the mean field predicts their std) or
    /// post-activations h = φ(a) (index 1).
    QComboBox* signal_choice() const { return signal_; }
    SweepPlot* activation_plot() const { return activation_plot_; }
    SweepPlot* gradient_plot() const { return gradient_plot_; }
    SweepWorker* worker() const { return worker_; }
    /// The status line: what is computing, the batch and seed, skipped weights, errors.
    QString status_text() const;
    /// The result kept for the scheme with this label on the current network, or nullptr.
    const SweepRun* run(const std::string& label) const;

    /// The colour and marker of catalogue scheme `index` (stable whatever is ticked).
    static QColor scheme_color(int index);
    static QCPScatterStyle::ScatterShape scheme_marker(int index);

signals:
    /// A sweep outcome was taken in (after the plots were updated); for tests.
    void sweepUpdated();

protected:
    /// Side by side when each plot gets kSideBySideWidth, else one above the other (the end
    /// labels take a fixed width: a narrow plot would be all labels).
    void resizeEvent(QResizeEvent* event) override;

private:
    void ticks_changed();
    void request_missing();
    void take_outcome(const SweepOutcome& outcome);
    void refresh_plots();
    void update_status();

    SweepWorker* worker_ = nullptr;
    std::vector<QCheckBox*> checks_;
    QCheckBox* prediction_ = nullptr;
    QComboBox* signal_ = nullptr;
    QLabel* status_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QWidget* plots_ = nullptr;
    QBoxLayout* plots_layout_ = nullptr;
    SweepPlot* activation_plot_ = nullptr;
    SweepPlot* gradient_plot_ = nullptr;

    std::shared_ptr<const Network> network_;
    std::map<std::string, SweepRun> runs_;  ///< by scheme label, for network_
    QStringList requested_;                 ///< labels of the sweep running or waiting
    QString error_;                         ///< why network_ cannot be swept
    bool paused_ = false;                   ///< Cancel pressed: no new sweep until a change
    bool setting_ticks_ = false;
};

}  // namespace initscope
