#pragma once

#include "app/command_line.h"

#include <string>

namespace initscope {

/// initscope(1): the manual page in roff (man(7) macros), made from the words of --help
/// (CommandLine::help_text), so the page and the program never disagree. Sections: NAME,
/// SYNOPSIS, DESCRIPTION, OPTIONS (the headless ones), WINDOW OPTIONS, FILES, EXIT STATUS, SEE
/// ALSO. Text is escaped for roff: a backslash is written \e, a leading dot or quote is guarded by
/// \&, and every '-' of an option is \- (so man prints a real hyphen-minus).
class ManPage {
public:
    /// The page for `help`; `version` ("0.2.0") and `date` ("2026-12-01") go in its .TH line.
    static std::string roff(const CommandLine::HelpText& help, const std::string& version,
                            const std::string& date);
    /// `text` safe inside a roff line: backslashes, hyphens, and a leading '.' or '\''.
    static std::string escaped(const std::string& text);
};

}  // namespace initscope
