#pragma once

#include "ui/plots/depth_series.h"

#include <QString>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;

namespace initscope {

class DepthPlot;
struct OpenedCheckpoint;

/// The tensors of one role across depth (CheckpointNames::role_of: all
/// "model.layers.*.self_attn.q_proj.weight", at their layer index): the std of each and the KS
/// distance of its best-fitting scheme, as two DepthPlots side by side, the layer index on x.
/// The combo chooses one role (the first at first; the Weights tab follows the selected
/// tensor's) or, last, "All roles" (one curve per role); for one role the std plot
/// adds the best fit's σ (dashed) and, with "fresh init" on, the σ of PyTorch's default for the
/// same shapes (dotted), and the KS plot adds the KS distance to PyTorch's default (dotted).
/// Roles with fewer than two tensors are not listed. Values appear as tensors are analysed
/// (refresh()).
class RoleOverview : public QWidget {
    Q_OBJECT
public:
    /// A role and its tensors (checkpoint indices), by depth.
    struct Role {
        QString name;                              ///< "model.layers.*.mlp.up_proj.weight"
        std::vector<std::pair<int, int>> tensors;  ///< (depth, tensor index), depth ascending
    };
    /// The roles of a checkpoint with at least two tensors, in the order of their first tensor.
    static std::vector<Role> roles(const OpenedCheckpoint& opened);
    /// A role's curve name: what follows its ".*." ("mlp.up_proj.weight"), or the whole name
    /// ("fc*.weight").
    static QString short_name(const QString& role);

    explicit RoleOverview(QWidget* parent = nullptr);

    /// Lists `opened`'s roles (nullptr clears); the combo goes back to the first.
    void set_checkpoint(const OpenedCheckpoint* opened);
    /// Redraws from the analyses that have arrived.
    void refresh();
    void set_fresh_init(bool on);
    /// Puts `widget` at the end of the row of the role combo.
    void add_to_header(QWidget* widget);
    /// Shows or hides that row (a picture of the plots has no use for it).
    void set_controls_visible(bool visible);
    /// Chooses a role by name (false when it is not listed); "" chooses all roles.
    bool select_role(const QString& role);
    QString selected_role() const;

    QComboBox* role_combo() const { return combo_; }
    DepthPlot* std_plot() const { return std_plot_; }
    DepthPlot* ks_plot() const { return ks_plot_; }
    int role_count() const { return int(roles_.size()); }

private:
    /// The series of the chosen role(s) (std, KS), the first depth and the depth count.
    void build_series(std::vector<DepthSeries>& std_series, std::vector<DepthSeries>& ks_series,
                      int& first, int& layers) const;

    const OpenedCheckpoint* opened_ = nullptr;
    std::vector<Role> roles_;
    bool fresh_init_ = false;
    QComboBox* combo_;
    QWidget* controls_ = nullptr;  ///< the row of the role combo
    QHBoxLayout* header_ = nullptr;
    QLabel* none_;
    DepthPlot* std_plot_;
    DepthPlot* ks_plot_;
};

}  // namespace initscope
