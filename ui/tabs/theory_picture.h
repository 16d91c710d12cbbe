#pragma once

#include <QWidget>

class QLabel;

namespace initscope {

class TheoryTableModel;

/// The Theory tab as a picture, for "Export image" and "Copy plot or tab": the table (every row,
/// every column, deviating rows tinted) and the selected row's details as one rich-text QLabel,
/// which TabPainter draws. A top-level window that is never shown (the export lays it out at the
/// export size); its font grows with its size so the table fills the width of a 1920- or
/// 3840-px picture as it fills the tab.
class TheoryPicture : public QWidget {
    Q_OBJECT
public:
    explicit TheoryPicture(QWidget* owner);

    /// Takes the table from `model` and the details (rich text) shown beneath it.
    void set_content(const TheoryTableModel& model, const QString& details);
    /// The rich text drawn.
    QString html() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Sets the font so the content fills the widget's size.
    void fit_font();

    QLabel* label_;
};

}  // namespace initscope
