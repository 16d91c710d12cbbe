#pragma once

#include "ui/export/export_options.h"

#include <QPalette>

class QWidget;

namespace initscope {

/// While alive, gives `widget` (and its children) a light palette whose base is white or
/// transparent white, so the plots restyle for paper: a dark window still exports slide-ready
/// plots. Restores the previous palette after.
class ExportPalette {
public:
    ExportPalette(QWidget* widget, ExportBackground background);
    ~ExportPalette();
    ExportPalette(const ExportPalette&) = delete;
    ExportPalette& operator=(const ExportPalette&) = delete;

private:
    QWidget* widget_;
    QPalette previous_;
    bool had_own_palette_ = false;
    bool changed_ = false;
};

}  // namespace initscope
