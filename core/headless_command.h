#pragma once

#include <QStringList>

#include <ostream>
#include <string>

namespace initscope {

/// The command-line (headless) mode of the `initscope` binary; needs Qt6::Core only.
///
///   initscope --headless (--config FILE | --preset NAME) [--seed N] [--flavour fma|portable]
///             [--dump-npy DIR] [--stats FILE|-]
///   initscope --list-schemes | --list-presets | --help | --version
///
/// Without --dump-npy and --stats it prints a per-tensor table (layer, tensor, scheme, shape, n,
/// mean, std, theory std, min, max, KS). Exit status: 0 success, 2 bad input (one line on `err`
/// naming the place; NOTHING is written: the config, the network's problems, its memory and the
/// output paths are all checked before any file is touched), 1 when writing fails midway.
/// Every file is written atomically (QSaveFile).
class HeadlessCommand {
public:
    enum ExitStatus { Success = 0, Failure = 1, BadInput = 2 };

    /// True when `arguments` (arguments[0] is the program) ask for this mode: --headless,
    /// --list-schemes, --list-presets, --help/-h or --version.
    static bool wanted(const QStringList& arguments);

    /// Runs the command line. Results go to `out`, errors to `err`. Returns the exit status.
    static int run(const QStringList& arguments, std::ostream& out, std::ostream& err);

    /// What `initscope` does without a window: the course preset's per-tensor table.
    static int run_course_example(std::ostream& out, std::ostream& err);

    /// The --help text.
    static std::string usage();
};

}  // namespace initscope
