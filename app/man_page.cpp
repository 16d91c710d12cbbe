#include "app/man_page.h"

#include <sstream>

namespace initscope {

namespace {

/// The lines of `text` joined by spaces: roff fills paragraphs itself.
std::string joined(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (c == '\n') c = ' ';
    return out;
}

/// `.TP` entries for the options that are (or are not) the window's.
void add_options(std::ostringstream& page, const CommandLine::HelpText& help, bool window_only) {
    for (const CommandLine::OptionHelp& option : help.options) {
        if (option.window_only != window_only) continue;
        page << ".TP\n";
        if (!option.short_flag.empty())
            page << "\\fB" << ManPage::escaped(option.short_flag) << "\\fR, ";
        page << "\\fB" << ManPage::escaped(option.flag) << "\\fR";
        if (!option.value_name.empty())
            page << " \\fI" << ManPage::escaped(option.value_name) << "\\fR";
        page << "\n" << ManPage::escaped(joined(option.help)) << "\n";
    }
}

}  // namespace

std::string ManPage::escaped(const std::string& text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (char c : text) {
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
    return out;
}

std::string ManPage::roff(const CommandLine::HelpText& help, const std::string& version,
                          const std::string& date) {
    std::ostringstream page;
    page << ".\\\" Generated from initscope --help by initscope_install_files; do not edit.\n"
         << ".TH INITSCOPE 1 \"" << date << "\" \"InitScope " << escaped(version)
         << "\" \"User Commands\"\n"
         << ".SH NAME\n"
         << "initscope \\- see and teach how neural\\-network weights are initialized\n"
         << ".SH SYNOPSIS\n";
    for (const std::string& line : help.synopsis) page << ".nf\n" << escaped(line) << "\n.fi\n";
    page << ".SH DESCRIPTION\n"
         << escaped(joined(help.description)) << "\n"
         << ".PP\n"
         << "In the window, pick an initialization scheme per layer and watch every weight and "
            "bias histogram follow at once, next to its theory: the formula with the layer's "
            "numbers, the density, the support bounds and a Kolmogorov\\-Smirnov comparison; "
            "see what the initialization does to a batch pushed forward and backward through "
            "the network, and to the weights' singular values.\n"
         << ".SH OPTIONS\n";
    add_options(page, help, false);
    page << ".SH WINDOW OPTIONS\n"
         << "Qt's own options (for example \\fB\\-qwindowgeometry\\fR \\fIWxH+X+Y\\fR) are "
            "accepted too.\n";
    add_options(page, help, true);
    page << ".SH FILES\n"
         << ".TP\n"
         << ".I ~/.config/InitScope/InitScope.conf\n"
         << "The last session (network, view options, window layout) and the recent files.\n"
         << ".SH EXIT STATUS\n"
         << escaped(joined(help.exit_status)) << "\n"
         << ".SH SEE ALSO\n"
         << ".BR python3 (1)\n";
    return page.str();
}

}  // namespace initscope
