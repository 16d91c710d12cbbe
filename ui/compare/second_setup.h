#pragma once

#include "core/model/tensor_context.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <vector>

class QWidget;

namespace initscope {

class AnalysisView;
class Exploration;
class NetworkDocument;
class NetworkPanel;
class SamplingToolbar;
class SchemeParameterPanel;
class SummaryView;

/// The second set-up B of an A/B comparison: its own Exploration (document, undo stack,
/// workers, results), a twin of each of the window's views (the same class, fed with B's
/// results), and B's own network panel, parameter panel and seed toolbar, wired to one another
/// as the window wires A's. Like the window, it hands B's latest result (and, on an analysis
/// tab, B's analysis, computed only then) to the view of the current tab alone, when it arrives
/// or when the tab is shown. Made when comparing starts, deleted when it stops; the widgets it
/// made (which the Comparison places in the window) are deleted with it.
class SecondSetup : public QObject {
    Q_OBJECT
public:
    /// `a_pages`: the window's tab pages, in tab order; B gets a twin of each it knows
    /// (Overview, Layers, Theory, Propagation, Spectrum, Sweep).
    explicit SecondSetup(const QList<QWidget*>& a_pages, QObject* parent = nullptr);
    ~SecondSetup() override;

    Exploration* exploration() const { return exploration_; }
    NetworkDocument* document() const;
    /// B's view of tab `tab` (nullptr: that tab has no twin).
    SummaryView* view(int tab) const;
    int view_count() const { return int(views_.size()); }
    NetworkPanel* network_panel() const { return network_panel_; }
    SchemeParameterPanel* parameter_panel() const { return parameter_panel_; }
    SamplingToolbar* toolbar() const { return toolbar_; }

    /// The window shows tab `tab` (−1: none): B's view there gets B's latest result, and B's
    /// analysis is computed while it is an analysis view.
    void show_tab(int tab);
    /// The current tab's B view shows B's latest result (and analysis, on an analysis tab; and
    /// its sweep is done, on the sweep tab), or the tab has no B view.
    bool current_shown() const;

signals:
    /// B's current view took a new result or analysis.
    void shown();
    /// An edit of B was refused, or B's network cannot be computed: `message` is for the user.
    void refused(const QString& message);

private:
    struct ShownView {
        SummaryView* view = nullptr;
        AnalysisView* analysis_view = nullptr;
        QPointer<QWidget> widget;  ///< the view's page, which a ComparedPage owns
        quint64 generation = 0;
        quint64 analysis_serial = 0;
    };
    void show_current();
    void select_tensor(int layer, TensorRole role);

    Exploration* exploration_;
    std::vector<ShownView> views_;  ///< in tab order; view nullptr where no twin
    QPointer<NetworkPanel> network_panel_;
    QPointer<SchemeParameterPanel> parameter_panel_;
    QPointer<SamplingToolbar> toolbar_;
    int tab_ = -1;
};

}  // namespace initscope
