#pragma once

#include <qcustomplot.h>
#include <QStaticText>

namespace initscope {

/// A line of text in a plot's layout (a title, a line of statistics), as a QCPTextElement for
/// live plots: the text is measured once per text and font (QCPTextElement
/// re-measures it at every replot) and, on screen, drawn from a cached QStaticText (no text
/// shaping per replot). When `elide` is set the element can shrink below its text: the text is
/// then cut with "…" to the element's width (its minimum width is one line height). Vector
/// exports (PDF, SVG: pmVectorized or pmNoCaching painters) draw exactly as QCPTextElement.
class PlotCaption : public QCPTextElement {
public:
    PlotCaption(QCustomPlot* plot, const QString& text, const QFont& font, bool elide = false);
    /// The full text's width and height in pixels (without margins).
    QSize text_size() const;

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;
    QSize maximumOuterSizeHint() const override;

private:
    void measure() const;

    bool elide_;
    mutable QString measured_text_;
    mutable QFont measured_font_;
    mutable QSize size_;
    mutable bool measured_ = false;
    mutable QStaticText static_text_;  ///< the text drawn, elided to static_width_ if needed
    mutable int static_width_ = -1;    ///< width the static text was prepared for
};

}  // namespace initscope
