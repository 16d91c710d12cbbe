#include "ui/weights/role_overview.h"

#include "core/io/checkpoint_names.h"
#include "core/schemes/scheme_registry.h"
#include "ui/plots/depth_plot.h"
#include "ui/plots/plot_style.h"
#include "ui/weights/opened_checkpoint.h"
#include "ui/weights/weight_histogram_plot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace initscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The KS distance of the tensor to PyTorch's default, NaN when not among its matches.
double torch_default_ks(const CheckpointTensorAnalysis& analysis) {
    for (const InitFingerprint::Match& match : analysis.fingerprint.matches)
        if (match.scheme == SchemeId::TorchDefault) return match.ks;
    return kNaN;
}

}  // namespace

std::vector<RoleOverview::Role> RoleOverview::roles(const OpenedCheckpoint& opened) {
    std::vector<Role> out;
    std::map<std::string, size_t> found;
    for (int i = 0; i < opened.tensor_count(); ++i) {
        const std::optional<CheckpointNames::Role> role =
            CheckpointNames::role_of(opened.tensor(i).name);
        if (!role) continue;
        const auto [at, added] = found.emplace(role->role, out.size());
        if (added) out.push_back({QString::fromStdString(role->role), {}});
        out[at->second].tensors.emplace_back(role->depth, i);
    }
    std::vector<Role> kept;
    for (Role& role : out) {
        if (role.tensors.size() < 2) continue;
        std::stable_sort(role.tensors.begin(), role.tensors.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        kept.push_back(std::move(role));
    }
    return kept;
}

QString RoleOverview::short_name(const QString& role) {
    const qsizetype star = role.indexOf(QStringLiteral(".*."));
    return star >= 0 ? role.mid(star + 3) : role;
}

RoleOverview::RoleOverview(QWidget* parent)
    : QWidget(parent),
      combo_(new QComboBox),
      none_(new QLabel),
      std_plot_(new DepthPlot),
      ks_plot_(new DepthPlot) {
    combo_->setObjectName(QStringLiteral("weights_role"));
    combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo_->setMinimumContentsLength(14);
    combo_->setToolTip(
        tr("The tensors of one role (the name with its layer index as *) "
           "across depth, or every role"));
    none_->setWordWrap(true);
    std_plot_->setObjectName(QStringLiteral("weights_std_by_depth"));
    ks_plot_->setObjectName(QStringLiteral("weights_ks_by_depth"));
    // short: the plots are a quarter of the window wide
    std_plot_->set_empty_text(tr("not analysed yet"));
    ks_plot_->set_empty_text(tr("no KS to show"));  // not analysed yet, or no scheme fits (norms)
    for (DepthPlot* plot : {std_plot_, ks_plot_}) {
        plot->set_first_layer(0);
        plot->xAxis->setLabel(tr("layer index"));
        plot->setMinimumHeight(120);
    }
    std_plot_->set_title(tr("std by depth"));
    std_plot_->set_y_label(tr("std"));
    ks_plot_->set_title(tr("best KS by depth"));
    ks_plot_->set_y_label(tr("KS"));
    ks_plot_->set_y_scale(DepthPlot::YScale::Auto);

    controls_ = new QWidget;
    auto* header = new QHBoxLayout(controls_);
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(new QLabel(tr("Role:")));
    header->addWidget(combo_, 1);
    header->addWidget(none_, 1);
    header_ = header;
    auto* plots = new QHBoxLayout;
    plots->setContentsMargins(0, 0, 0, 0);
    plots->addWidget(std_plot_, 1);
    plots->addWidget(ks_plot_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(controls_);
    layout->addLayout(plots, 1);
    connect(combo_, &QComboBox::currentIndexChanged, this, &RoleOverview::refresh);
    set_checkpoint(nullptr);
}

void RoleOverview::set_checkpoint(const OpenedCheckpoint* opened) {
    opened_ = opened;
    roles_ = opened ? roles(*opened) : std::vector<Role>{};
    {
        const QSignalBlocker blocker(combo_);
        combo_->clear();
        for (const Role& role : roles_) combo_->addItem(role.name, role.name);
        if (roles_.size() > 1) combo_->addItem(tr("All roles"), QString());
        combo_->setCurrentIndex(0);
    }
    combo_->setEnabled(!roles_.empty());
    none_->setText(roles_.empty() ? tr("No tensors share a role: no name has a layer index "
                                       "(model.layers.0.…, fc1.…) common to two tensors")
                                  : QString());
    none_->setVisible(roles_.empty());
    refresh();
}

void RoleOverview::set_fresh_init(bool on) {
    fresh_init_ = on;
    refresh();
}

void RoleOverview::set_controls_visible(bool visible) {
    controls_->setVisible(visible);
}

void RoleOverview::add_to_header(QWidget* widget) {
    header_->addWidget(widget);
}

bool RoleOverview::select_role(const QString& role) {
    const int index = combo_->findData(role);
    if (index < 0) return false;
    combo_->setCurrentIndex(index);
    return true;
}

QString RoleOverview::selected_role() const {
    return combo_->currentData().toString();
}

void RoleOverview::build_series(std::vector<DepthSeries>& std_series,
                                std::vector<DepthSeries>& ks_series, int& first,
                                int& layers) const {
    const QString chosen = selected_role();
    std::vector<const Role*> shown;
    for (const Role& role : roles_)
        if (chosen.isEmpty() || role.name == chosen) shown.push_back(&role);
    first = std::numeric_limits<int>::max();
    int last = 0;
    for (const Role* role : shown) {
        first = std::min(first, role->tensors.front().first);
        last = std::max(last, role->tensors.back().first);
    }
    if (shown.empty()) first = last = 0;
    layers = last - first + 1;
    const bool one = shown.size() == 1;
    const auto values = [&] { return std::vector<double>(size_t(layers), kNaN); };
    for (size_t r = 0; r < shown.size(); ++r) {
        const Role& role = *shown[r];
        const QColor color =
            one ? PlotStyle::tensor_color(TensorRole::Weight) : PlotStyle::layer_color(int(r));
        DepthSeries std_of{short_name(role.name), values(), color};
        DepthSeries ks_of{short_name(role.name), values(), color};
        DepthSeries theory{tr("best fit's σ"), values(), color, true};
        DepthSeries fresh{tr("fresh init (PyTorch default)"), values(), PlotStyle::layer_color(0),
                          false, true};
        DepthSeries fresh_ks{tr("KS to PyTorch default"), values(), PlotStyle::layer_color(0),
                             false, true};
        for (const auto& [depth, index] : role.tensors) {
            const CheckpointTensorAnalysis* analysis = opened_->analysis(index);
            if (!analysis || !analysis->analysed) continue;
            const auto at = size_t(depth - first);
            std_of.values[at] = analysis->stats.stddev;
            if (!analysis->fingerprint.matches.empty()) {
                ks_of.values[at] = analysis->fingerprint.matches.front().ks;
                theory.values[at] = analysis->fingerprint.matches.front().theory_std;
            }
            if (const std::optional<Theory> torch = WeightHistogramPlot::fresh_theory(*analysis))
                fresh.values[at] = torch->stddev();
            fresh_ks.values[at] = torch_default_ks(*analysis);
        }
        std_series.push_back(std::move(std_of));
        ks_series.push_back(std::move(ks_of));
        if (!one) continue;
        std_series.push_back(std::move(theory));
        if (fresh_init_) {
            std_series.push_back(std::move(fresh));
            ks_series.push_back(std::move(fresh_ks));
        }
    }
}

void RoleOverview::refresh() {
    std::vector<DepthSeries> std_series, ks_series;
    int first = 0, layers = 1;
    if (opened_) build_series(std_series, ks_series, first, layers);
    for (DepthPlot* plot : {std_plot_, ks_plot_}) plot->set_first_layer(first);
    std_plot_->set_series(std_series, layers);
    ks_plot_->set_series(ks_series, layers);
}

}  // namespace initscope
