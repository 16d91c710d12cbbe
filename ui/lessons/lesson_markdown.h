#pragma once

#include <QString>

namespace initscope {

/// The Markdown subset lesson texts are written in, as the rich text a QLabel shows (and the
/// export painter draws): paragraphs separated by blank lines, lines starting with "- " or "* " as
/// a bullet list, **bold**, *italic* and `code`. Formulas are plain Unicode (σ, √, ², ±). Every
/// other character is text: HTML in the source is shown escaped, not interpreted.
class LessonMarkdown {
public:
    static QString to_html(const QString& markdown);
};

}  // namespace initscope
