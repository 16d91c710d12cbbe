#pragma once

#include "app/command_line.h"

#include <string>

namespace initscope {

/// The bash completion script for initscope (installed as
/// share/bash-completion/completions/initscope), made from CommandLine::help_text so that it
/// completes exactly the options the parser knows:
/// - an option's name after "-";
/// - after an option with a fixed list of values (OptionHelp::choices), those values; after
///   --format, PlotExporter's formats;
/// - after --preset, the names `initscope --list-presets` prints (asked at completion time, so
///   the script never goes stale);
/// - after an option taking FILE or DIR, file or directory names (DIR: directories only);
/// - other values (N, WxH, S, LIST): nothing is offered.
class ShellCompletion {
public:
    static std::string bash(const CommandLine::HelpText& help);
};

}  // namespace initscope
