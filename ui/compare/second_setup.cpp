#include "ui/compare/second_setup.h"

#include "ui/document/analysis_result.h"
#include "ui/document/analysis_worker.h"
#include "ui/document/exploration.h"
#include "ui/document/network_document.h"
#include "ui/document/summary_worker.h"
#include "ui/panels/network_panel.h"
#include "ui/panels/sampling_toolbar.h"
#include "ui/panels/scheme_parameter_panel.h"
#include "ui/plots/plot_context_menu.h"
#include "ui/tabs/layers_tab.h"
#include "ui/tabs/overview_tab.h"
#include "ui/tabs/propagation_tab.h"
#include "ui/tabs/spectrum_tab.h"
#include "ui/tabs/sweep_tab.h"
#include "ui/tabs/sweep_worker.h"
#include "ui/tabs/theory_tab.h"

namespace initscope {

namespace {

/// A new view of the same class as `a_page` for B (nullptr: a class it does not know).
SummaryView* twin_of(QWidget* a_page, NetworkDocument* document) {
    if (qobject_cast<OverviewTab*>(a_page)) return new OverviewTab;
    if (qobject_cast<LayersTab*>(a_page)) return new LayersTab;
    if (qobject_cast<TheoryTab*>(a_page)) return new TheoryTab;
    if (qobject_cast<PropagationTab*>(a_page)) return new PropagationTab(document);
    if (qobject_cast<SpectrumTab*>(a_page)) return new SpectrumTab;
    if (qobject_cast<SweepTab*>(a_page)) return new SweepTab;
    return nullptr;
}

}  // namespace

SecondSetup::SecondSetup(const QList<QWidget*>& a_pages, QObject* parent)
    : QObject(parent), exploration_(new Exploration(this)) {
    NetworkDocument* document = exploration_->document();
    network_panel_ = new NetworkPanel(document);
    network_panel_->setObjectName(QStringLiteral("network_panel_b"));
    parameter_panel_ = new SchemeParameterPanel(document);
    parameter_panel_->setObjectName(QStringLiteral("parameter_panel_b"));
    toolbar_ = new SamplingToolbar(document);
    toolbar_->setObjectName(QStringLiteral("sampling_toolbar_b"));
    connect(toolbar_, &SamplingToolbar::refused, this, &SecondSetup::refused);

    for (QWidget* a_page : a_pages) {
        ShownView shown;
        shown.view = twin_of(a_page, document);
        if (shown.view) {
            shown.analysis_view = dynamic_cast<AnalysisView*>(shown.view);
            shown.widget = shown.view->widget();
            if (QWidget* picture = shown.view->export_widget())
                PlotContextMenu::attach_all(picture);
        }
        views_.push_back(shown);
        if (auto* layers = qobject_cast<LayersTab*>(shown.widget)) {
            connect(layers, &LayersTab::histogramOptionsChanged, exploration_,
                    &Exploration::set_histogram_options);
            connect(layers, &LayersTab::scaleChanged, exploration_, &Exploration::set_scale);
            connect(layers, &LayersTab::tensorActivated, network_panel_,
                    &NetworkPanel::select_tensor);
        } else if (auto* theory = qobject_cast<TheoryTab*>(shown.widget)) {
            connect(theory, &TheoryTab::tensorActivated, network_panel_,
                    &NetworkPanel::select_tensor);
        } else if (auto* spectrum = qobject_cast<SpectrumTab*>(shown.widget)) {
            connect(spectrum, &SpectrumTab::tensorActivated, network_panel_,
                    &NetworkPanel::select_tensor);
        }
        if (auto* sweep = qobject_cast<SweepTab*>(shown.widget))
            connect(sweep, &SweepTab::sweepUpdated, this, &SecondSetup::shown);
    }

    connect(network_panel_, &NetworkPanel::tensorSelected, this, &SecondSetup::select_tensor);
    connect(document, &NetworkDocument::networkChanged, this, [this] {
        const int layers = int(exploration_->document()->network().layers.size());
        if (network_panel_->current_layer() < 0 || network_panel_->current_layer() >= layers)
            network_panel_->select_tensor(0, TensorRole::Weight);
    });
    connect(document, &NetworkDocument::editRefused, this, &SecondSetup::refused);
    connect(exploration_->worker(), &SummaryWorker::failed, this,
            [this](quint64, const QString& message) { emit refused(message); });
    connect(exploration_, &Exploration::resultArrived, this, &SecondSetup::show_current);
    connect(exploration_, &Exploration::analysisArrived, this, &SecondSetup::show_current);
}

SecondSetup::~SecondSetup() {
    // The widgets first: they refer to B's document, which is deleted with the Exploration.
    for (ShownView& shown : views_) delete shown.widget.data();
    delete network_panel_.data();
    delete parameter_panel_.data();
    delete toolbar_.data();
}

NetworkDocument* SecondSetup::document() const {
    return exploration_->document();
}

SummaryView* SecondSetup::view(int tab) const {
    return tab >= 0 && tab < int(views_.size()) && views_[size_t(tab)].widget
               ? views_[size_t(tab)].view
               : nullptr;
}

void SecondSetup::show_tab(int tab) {
    tab_ = tab;
    show_current();
    const bool analysis = tab >= 0 && tab < int(views_.size()) && views_[size_t(tab)].widget &&
                          views_[size_t(tab)].analysis_view;
    exploration_->set_analysis_wanted(analysis);
}

bool SecondSetup::current_shown() const {
    if (!view(tab_)) return true;
    const ShownView& shown = views_[size_t(tab_)];
    if (!exploration_->summary() || shown.generation != exploration_->generation()) return false;
    if (!shown.analysis_view) return true;
    const std::shared_ptr<const AnalysisResult> analysis = exploration_->analysis();
    if (!analysis || analysis->generation != exploration_->generation() ||
        shown.analysis_serial != exploration_->analysis_serial())
        return false;
    const auto* sweep = qobject_cast<const SweepTab*>(shown.widget.data());
    return !(sweep && sweep->worker()->busy());
}

void SecondSetup::show_current() {
    if (!view(tab_) || !exploration_->summary()) return;
    ShownView& current = views_[size_t(tab_)];
    bool changed = false;
    if (current.generation != exploration_->generation()) {
        current.generation = exploration_->generation();
        current.view->show_summary(exploration_->summary(), exploration_->view_options());
        current.view->select_tensor(network_panel_->current_layer(),
                                    network_panel_->current_role());
        changed = true;
    }
    const std::shared_ptr<const AnalysisResult> analysis = exploration_->analysis();
    if (current.analysis_view && analysis &&
        current.analysis_serial != exploration_->analysis_serial()) {
        current.analysis_serial = exploration_->analysis_serial();
        current.analysis_view->show_analysis(analysis);
        changed = true;
    }
    if (changed) emit shown();
}

void SecondSetup::select_tensor(int layer, TensorRole role) {
    parameter_panel_->show_tensor(layer, role);
    for (const ShownView& shown : views_)
        if (shown.widget) shown.view->select_tensor(layer, role);
}

}  // namespace initscope
