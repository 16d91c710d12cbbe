#include "app/shell_completion.h"

#include "ui/export/plot_exporter.h"

#include <sstream>

namespace initscope {

namespace {

/// The words of `values`, separated by spaces.
std::string words(const std::vector<std::string>& values) {
    std::string text;
    for (const std::string& value : values) text.append(text.empty() ? "" : " ").append(value);
    return text;
}

}  // namespace

std::string ShellCompletion::bash(const CommandLine::HelpText& help) {
    std::ostringstream cases;
    std::vector<std::string> flags;
    std::string file_options, dir_options;
    for (const CommandLine::OptionHelp& option : help.options) {
        flags.push_back(option.flag);
        if (!option.short_flag.empty()) flags.push_back(option.short_flag);
        const std::string& value = option.value_name;
        if (value.empty()) continue;
        if (option.flag == "--preset") {
            cases << "        --preset)\n"
                  << "            COMPREPLY=($(compgen -W \"$(\"$1\" --list-presets 2>/dev/null "
                     "| cut -d' ' -f1)\" -- \"$cur\"))\n"
                  << "            return ;;\n";
        } else if (!option.choices.empty() || option.flag == "--format") {
            std::vector<std::string> values = option.choices;
            if (option.flag == "--format")
                for (ImageFormat format : PlotExporter::formats())
                    values.push_back(PlotExporter::extension(format).toStdString());
            cases << "        " << option.flag << ")\n"
                  << "            COMPREPLY=($(compgen -W \"" << words(values)
                  << "\" -- \"$cur\"))\n"
                  << "            return ;;\n";
        } else if (value.find("DIR") != std::string::npos) {
            dir_options.append(dir_options.empty() ? "" : "|").append(option.flag);
        } else if (value.find("FILE") != std::string::npos) {
            file_options.append(file_options.empty() ? "" : "|").append(option.flag);
        } else {
            cases << "        " << option.flag << ")\n"
                  << "            return ;;  # " << value << ": typed, nothing to offer\n";
        }
    }
    std::ostringstream script;
    script << "# bash completion for initscope. Generated from initscope --help by\n"
           << "# initscope_install_files; do not edit.\n"
           << "_initscope() {\n"
           << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           << "    case $prev in\n"
           << cases.str();
    if (!dir_options.empty())
        script << "        " << dir_options << ")\n"
               << "            compopt -o filenames 2>/dev/null\n"
               << "            COMPREPLY=($(compgen -d -- \"$cur\"))\n"
               << "            return ;;\n";
    if (!file_options.empty())
        script << "        " << file_options << ")\n"
               << "            compopt -o filenames 2>/dev/null\n"
               << "            COMPREPLY=($(compgen -f -- \"$cur\"))\n"
               << "            return ;;\n";
    script << "    esac\n"
           << "    COMPREPLY=($(compgen -W \"" << words(flags) << "\" -- \"$cur\"))\n"
           << "}\n"
           << "complete -F _initscope initscope\n";
    return script.str();
}

}  // namespace initscope
