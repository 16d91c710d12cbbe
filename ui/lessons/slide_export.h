#pragma once

#include "core/io/lesson_file.h"
#include "ui/export/export_options.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace initscope {

class LessonPlayer;
class MainWindow;

/// A lesson as slides, one picture per step, for handouts and decks: the window laid out for
/// presenting, the step applied with its answer revealed, drawn (PlotExporter::save: its plots
/// and its labels, the lesson dock's text included) once its summary — and on an analysis tab its
/// analysis — is painted. The files are "NN-<slug>.<ext>" (01-the-network.png, LessonFile::slug).
/// All or none: when one slide fails, the slides already written are removed.
class SlideExport {
public:
    /// The file names of `lesson`'s slides, in step order.
    static QStringList file_names(const Lesson& lesson, ImageFormat format);

    /// Writes every step of the lesson `player` plays in `window` into `directory` (which must
    /// exist) at `options.size`. Returns the failure (nothing is left then), or nullopt; the paths
    /// written, in order, in `written`. The window is shown (offscreen in a headless run).
    static std::optional<QString> write(MainWindow& window, LessonPlayer& player,
                                        const QString& directory, ImageFormat format,
                                        const ExportOptions& options, QStringList* written);

    /// How long one step may take to compute before the export gives up.
    static constexpr int kStepTimeoutMs = 120000;

private:
    /// The window as a slide shows it.
    static void lay_out_for_slides(MainWindow& window, LessonPlayer& player, QSize size);
    /// Waits until the current step's summary (and analysis, sweep) is shown and painted.
    static std::optional<QString> wait_until_shown(MainWindow& window);
};

}  // namespace initscope
