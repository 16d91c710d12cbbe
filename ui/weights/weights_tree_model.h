#pragma once

#include <QAbstractItemModel>
#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace initscope {

struct OpenedCheckpoint;

/// The tensors of an OpenedCheckpoint as a tree grouped by name prefix (CheckpointNames::
/// tree_path: model / layers / 0 / mlp / up_proj.weight), tensors in the file's order inside a
/// group except that a group whose children are all numbers ("layers": 0, 1, …, 10) is in
/// numeric order. Columns: name, dtype, shape ("4096 × 11008"), numel, std, the best-fitting
/// scheme (SchemeInfo display name) and its KS distance; the last three are empty until the
/// tensor is analysed (tensor_analysed), "—" for a dtype that is not analysed. A group shows its
/// tensor count and total numel. Read only.
class WeightsTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Dtype, Shape, Numel, Std, BestFit, Ks, ColumnCount };
    /// A tensor's text for the filter: its full name, its shape as "4096x11008" and as shown,
    /// its dtype; empty for a group (a group is shown when one of its tensors matches).
    static constexpr int kFilterRole = Qt::UserRole + 1;
    /// The tensor's index in the checkpoint (int); -1 for a group.
    static constexpr int kTensorRole = Qt::UserRole + 2;

    explicit WeightsTreeModel(QObject* parent = nullptr);
    ~WeightsTreeModel() override;

    /// Shows `opened` (kept by the caller, which calls tensor_analysed as results arrive);
    /// nullptr clears.
    void set_checkpoint(const OpenedCheckpoint* opened);
    /// The analysis of tensor `index` arrived: its row's statistics columns change.
    void tensor_analysed(int index);

    QModelIndex index_of_tensor(int tensor) const;
    /// The tensor of a row, -1 for a group or an invalid index.
    int tensor_at(const QModelIndex& index) const;
    /// "4096x11008": the shape as the filter matches it ("4096x" finds it).
    static QString shape_filter_text(const std::vector<int64_t>& shape);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node {
        QString label;
        int tensor = -1;  ///< -1: a group
        Node* parent = nullptr;
        int row = 0;
        int tensors = 0;    ///< a group's tensors, all levels
        int64_t numel = 0;  ///< a group's values, all levels
        std::vector<std::unique_ptr<Node>> children;
        std::map<std::string, Node*> groups;  ///< children that are groups, by label
    };
    Node* node(const QModelIndex& index) const;
    QVariant tensor_data(const Node& node, int column, int role) const;
    static void order_children(Node& node);

    const OpenedCheckpoint* opened_ = nullptr;
    std::unique_ptr<Node> root_;
    std::vector<Node*> leaves_;  ///< by tensor index
};

}  // namespace initscope
