#pragma once

#include "app/command_line_request.h"

#include <ostream>

namespace initscope {

/// --headless --lesson NAME|FILE --export-slides DIR [--format png|pdf|svg] [--size WxH]: reads
/// the lesson and checks the options and DIR before anything is drawn, then writes one picture
/// per step with SlideExport (ui/lessons) and lists the paths on `out`, one per line. Exit status
/// as HeadlessRun's: 2 with one line on `err` for bad input (nothing written), 1 when a slide
/// cannot be computed or written (then none is left, nor a DIR this run created). Needs the
/// QApplication of CommandLine::Mode::PlotExport.
class SlideExportRun {
public:
    static int run(const CommandLineRequest& request, std::ostream& out, std::ostream& err);

    /// The slide size without --size.
    static constexpr int kDefaultWidth = 1280, kDefaultHeight = 720;
};

}  // namespace initscope
