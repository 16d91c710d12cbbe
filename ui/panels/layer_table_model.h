#pragma once

#include "core/model/network.h"
#include "core/model/tensor_context.h"

#include <QAbstractTableModel>
#include <optional>

namespace initscope {

class NetworkDocument;

/// The document's layers as a table, one row per layer, for the network panel's QTableView.
/// Reads the network from the document and writes every change back through
/// NetworkDocument::edit (so each cell edit is one undo step and is validated first: setData()
/// returns false and nothing changes when the document refuses).
///
/// Editable: name; shape, typed as the weight shape ("50 × 100", "32 × 16 × 5 × 5"; ×, x or *
/// between sizes): its first size is out (the next layer's in follows through
/// Network::rechain_after, so the network always chains), its second in/groups (free on the first
/// layer, the network's input; elsewhere it must stay what the previous layer gives), the rest the
/// kernel; activation (a NonlinearityInfo name); weight and bias scheme (a SchemeRegistry key;
/// the scheme's default parameters). Edit values are QStrings.
///
/// The model keeps a copy of the network it shows and, when the document changes, reports the
/// difference as row inserts / removals when one layer appeared or vanished, else as dataChanged,
/// so views keep their selection across undo and redo.
class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Kind,
        Shape,
        Activation,
        WeightScheme,
        BiasScheme,
        FanIn,
        FanOut,
        WeightStd,
        ColumnCount
    };

    explicit LayerTableModel(NetworkDocument* document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    NetworkDocument* document() const { return document_; }
    /// The layer shown in `row` (0 ≤ row < rowCount()).
    const Layer& layer(int row) const;
    /// The tensor a column is about: BiasScheme → Bias, every other column → Weight.
    static TensorRole role_of_column(int column);

    /// Inserts a new layer after `row` (at the end when row is −1 or past the end): same kind as
    /// its predecessor, in = out = the predecessor's out (so the chain is unchanged), PyTorch
    /// default schemes, a fresh name ("fc4", "conv3"). Returns the new row, or −1 when refused.
    int add_layer(int row);
    /// Removes `row`; the layer after it takes the removed layer's input. False when refused
    /// (e.g. the last layer).
    bool remove_layer(int row);
    /// Inserts a copy of `row` after it (name "fc1_copy"), whose in is the original's out.
    /// Returns the new row, or −1.
    int duplicate_layer(int row);
    /// Moves `row` by `delta` (−1 up, +1 down); the network keeps its input size and every
    /// layer's out, and each in follows the layer before it. Returns the new row, or −1.
    int move_layer(int row, int delta);
    /// Sets every layer's weight (or bias) initialization to `spec` in one undo step. Layers
    /// without a bias are skipped for Bias. False when refused (a scheme that does not fit some
    /// layer: the message names it).
    bool apply_to_all(TensorRole role, const InitSpec& spec);

private:
    /// Brings the shown copy up to date with the document, emitting the right model signals.
    void sync();
    bool set_cell(int row, int column, const QVariant& value);
    QVariant display(const Layer& layer, int column) const;
    QVariant tool_tip(const Layer& layer, int column) const;
    /// Applies a typed weight shape to layer `row` of `network`; the reason when it cannot.
    static std::optional<QString> set_shape(Network& network, int row, const QString& text);

    NetworkDocument* document_;
    Network shown_;
};

}  // namespace initscope
