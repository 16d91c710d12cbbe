#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace initscope {

/// User text (a layer name, a key, an option's value) echoed back in a one-line message: at most
/// kMaxColumns columns, cut with "…", and nothing that a terminal would act on. The one place that
/// decides how InitScope shows text it did not write.
class QuotedText {
public:
    /// The most columns (code points) shown, "…" included.
    static constexpr size_t kMaxColumns = 80;

    /// `text` as it can be printed: ASCII control bytes and DEL as C escapes ("\n", "\t", "\r",
    /// "\x1b"), C1 controls (U+0080–U+009F) as "\u009b", bytes that are not UTF-8 as "\xff"; then,
    /// when the result is longer than kMaxColumns columns, its first kMaxColumns − 1 columns and
    /// "…" (an escape is never cut). Plain printable text comes back unchanged. No quotes are
    /// added: the message puts its own around it.
    static std::string shown(std::string_view text);
    /// `text` with the escapes of shown() but never cut: for a whole message line, which may
    /// hold a path or a value the user gave.
    static std::string escaped(std::string_view text);
};

}  // namespace initscope
