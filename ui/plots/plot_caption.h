#pragma once

#include <qcustomplot.h>
#include <QStaticText>
#include <QStringList>

#include <vector>

namespace initscope {

/// A line of text in a plot's layout (a title, a line of statistics), as a QCPTextElement for
/// live plots: the text is measured once per text, font and wrap width (QCPTextElement
/// re-measures it at every replot) and, on screen, drawn from cached QStaticTexts (no text
/// shaping per replot). Vector exports (PDF, SVG: pmVectorized or pmNoCaching painters) draw the
/// same lines as QCPTextElement.
///
/// Wrapping (set_wrap_width(w), w > 0): a text wider than w is broken into lines no wider than w,
/// first at its " · " and " — " separators, then at spaces, never inside a word; the element is
/// as tall as its lines. So a title or a line of statistics is never cut in the middle of a
/// number. Only a single word wider than w (or, without a wrap width, a text wider than the
/// element) is cut with "…" when `elide` is set; the element's minimum width is then one line
/// height.
class PlotCaption : public QCPTextElement {
public:
    PlotCaption(QCustomPlot* plot, const QString& text, const QFont& font, bool elide = false);
    /// The text's width and height in pixels (without margins), as wrapped.
    QSize text_size() const;
    /// The widest the text is on one line (unwrapped), in pixels.
    int single_line_width() const;
    /// Lines no wider than `width` pixels (0: one line).
    void set_wrap_width(int width);
    int wrap_width() const { return wrap_width_; }
    /// The text as drawn: its lines.
    QStringList lines() const;

    /// Breaks `text` into lines no wider than `width` by the rules above (one line when
    /// width ≤ 0 or it fits).
    static QStringList wrap(const QString& text, const QFontMetrics& metrics, int width);

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;
    QSize maximumOuterSizeHint() const override;

private:
    void measure() const;

    bool elide_;
    int wrap_width_ = 0;
    mutable QString measured_text_;
    mutable QFont measured_font_;
    mutable int measured_wrap_ = -1;
    mutable QSize size_;
    mutable int single_width_ = 0;
    mutable bool measured_ = false;
    mutable QStringList lines_;
    mutable std::vector<QStaticText> static_lines_;  ///< lines_, elided to static_width_
    mutable int static_width_ = -1;                  ///< width the static texts were prepared for
};

}  // namespace initscope
