#pragma once

#include <QColor>
#include <QString>

namespace initscope {

/// One of the two set-ups of an A/B comparison: A is the window's own Exploration, B the second
/// one (SecondSetup).
enum class ComparisonSide { A, B };

/// "A" or "B".
inline QString side_letter(ComparisonSide side) {
    return side == ComparisonSide::A ? QStringLiteral("A") : QStringLiteral("B");
}

/// The colour that marks a side on labels, table columns and overlaid curves, from the
/// Okabe–Ito palette and unused by weights (blue) and biases (orange): A bluish green #009E73,
/// B vermillion #D55E00.
inline QColor side_color(ComparisonSide side) {
    return side == ComparisonSide::A ? QColor(0x00, 0x9E, 0x73) : QColor(0xD5, 0x5E, 0x00);
}

inline ComparisonSide other_side(ComparisonSide side) {
    return side == ComparisonSide::A ? ComparisonSide::B : ComparisonSide::A;
}

}  // namespace initscope
