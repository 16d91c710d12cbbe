#pragma once

#include "core/model/network.h"
#include "core/model/tensor_context.h"

#include <QAbstractTableModel>
#include <optional>

namespace initscope {

class NetworkDocument;

/// The document's layers as a table, one row per layer, for the network panel's QTableView.
/// Reads the network from the document and writes every change back through
/// the pure edits of NetworkEdits and NetworkDocument::edit (so each cell edit is one undo step and
/// is validated first: setData() returns false and nothing changes when the edit or the document
/// refuses).
///
/// Editable: name; shape, typed as the weight shape ("50 × 100", "32 × 16 × 5 × 5"; ×, x or *
/// between sizes): its first size is out (the next layer's in follows through
/// NetworkShapes::rechain_after, so the network always chains), its second in/groups (free on the
/// first layer, the network's input; elsewhere it must stay what the previous layer gives), the
/// rest the kernel; activation (a NonlinearityInfo name); weight and bias scheme (a SchemeRegistry
/// key; the scheme's default parameters). Edit values are QStrings.
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

    /// The layer operations of the network panel, each NetworkEdits' function of the same name
    /// as one undo step. add/duplicate/move return the row of the new or moved layer, or −1 when
    /// refused; remove and apply_to_all return false when refused (the document's editRefused()
    /// says why, e.g. the last layer, or a scheme that does not fit some layer).
    int add_layer(int row);
    bool remove_layer(int row);
    int duplicate_layer(int row);
    int move_layer(int row, int delta);
    bool apply_to_all(TensorRole role, const InitSpec& spec);

private:
    /// Brings the shown copy up to date with the document, emitting the right model signals.
    void sync();
    bool set_cell(int row, int column, const QVariant& value);
    QVariant display(const Layer& layer, int column) const;
    QVariant tool_tip(const Layer& layer, int column) const;
    /// The sizes of a weight shape typed for `layer` ("50 × 100"), into `dims`; the reason when
    /// the text is not that many positive integers.
    static std::optional<QString> parse_shape(const Layer& layer, const QString& text,
                                              std::vector<int64_t>& dims);

    NetworkDocument* document_;
    Network shown_;
};

}  // namespace initscope
