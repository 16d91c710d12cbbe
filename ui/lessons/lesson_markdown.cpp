#include "ui/lessons/lesson_markdown.h"

#include <QStringList>

namespace initscope {

namespace {

/// `**bold**`, `*italic*` and `code` within one line of text, the rest escaped.
QString inline_html(const QString& text) {
    QString out;
    bool bold = false, italic = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == '`') {
            const qsizetype close = text.indexOf('`', i + 1);
            if (close > i) {
                out += QStringLiteral("<code>") + text.mid(i + 1, close - i - 1).toHtmlEscaped() +
                       QStringLiteral("</code>");
                i = close;
                continue;
            }
        }
        if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
            out += bold ? QStringLiteral("</b>") : QStringLiteral("<b>");
            bold = !bold;
            ++i;
            continue;
        }
        if (c == '*' && (italic || (i + 1 < text.size() && !text[i + 1].isSpace()))) {
            out += italic ? QStringLiteral("</i>") : QStringLiteral("<i>");
            italic = !italic;
            continue;
        }
        out += QString(c).toHtmlEscaped();
    }
    if (italic) out += QStringLiteral("</i>");
    if (bold) out += QStringLiteral("</b>");
    return out;
}

bool is_bullet(const QString& line) {
    return line.startsWith(QStringLiteral("- ")) || line.startsWith(QStringLiteral("* "));
}

}  // namespace

QString LessonMarkdown::to_html(const QString& markdown) {
    QString html;
    QStringList paragraph;
    bool in_list = false;
    const auto flush_paragraph = [&] {
        if (paragraph.isEmpty()) return;
        html += QStringLiteral("<p>") + inline_html(paragraph.join(' ')) + QStringLiteral("</p>");
        paragraph.clear();
    };
    const auto close_list = [&] {
        if (!in_list) return;
        html += QStringLiteral("</ul>");
        in_list = false;
    };
    for (const QString& raw : markdown.split('\n')) {
        const QString line = raw.trimmed();
        if (line.isEmpty()) {
            flush_paragraph();
            close_list();
        } else if (is_bullet(line)) {
            flush_paragraph();
            if (!in_list) html += QStringLiteral("<ul>");
            in_list = true;
            html += QStringLiteral("<li>") + inline_html(line.mid(2).trimmed()) +
                    QStringLiteral("</li>");
        } else {
            close_list();
            paragraph << line;
        }
    }
    flush_paragraph();
    close_list();
    return html;
}

}  // namespace initscope
