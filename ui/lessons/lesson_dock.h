#pragma once

#include <QDockWidget>

class QLabel;
class QToolButton;

namespace initscope {

class LessonPlayer;
class MainWindow;

/// The lesson beside the plots: the lesson's title, "Step k of n", the step's title, its text
/// as rich text (LessonMarkdown, with its placeholders filled from the window's latest summary:
/// LessonText), its question and — once revealed — the answer, and ← → buttons. Every text is a
/// word-wrapped QLabel, so exports of the window (PlotExporter) draw it. Sizes follow the dock's
/// font, at least kMinTextPx so a projector at 1280×720 reads them.
class LessonDock : public QDockWidget {
    Q_OBJECT
public:
    LessonDock(LessonPlayer* player, MainWindow* window);

    /// The text a projector must read, in pixels (at least).
    static constexpr int kMinTextPx = 18;
    /// The share of the window's width the dock takes when a lesson starts.
    static constexpr int kWidthPercent = 32;
    /// The narrowest the dock gets (its text wraps to any width from there).
    static constexpr int kMinWidth = 260;

    QLabel* step_title_label() const { return step_title_; }
    QLabel* text_label() const { return text_; }
    QLabel* question_label() const { return question_; }
    QLabel* answer_label() const { return answer_; }
    QLabel* position_label() const { return position_; }

protected:
    void changeEvent(QEvent* event) override;
    /// Without a lesson (a restored window layout that had the dock open) the dock hides again.
    void showEvent(QShowEvent* event) override;

private:
    /// Shows the player's current step with the latest summary's numbers.
    void refresh();
    void restyle();

    LessonPlayer* player_;
    MainWindow* window_;
    QLabel* lesson_title_;
    QLabel* position_;
    QLabel* step_title_;
    QLabel* text_;
    QLabel* question_;
    QLabel* answer_;
    QLabel* problem_;
    QToolButton* back_;
    QToolButton* forward_;
};

}  // namespace initscope
