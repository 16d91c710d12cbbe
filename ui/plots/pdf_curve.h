#pragma once

#include "core/schemes/theory.h"

#include <QVector>

namespace initscope {

/// A theory's density sampled as the points of a curve over [lo, hi] (lo < hi): `points`
/// evenly spaced x from lo to hi (points ≥ 2), plus, at each finite support end strictly
/// inside (lo, hi), the pdf just left and just right of it (1e-9 of the span away), so a jump
/// (uniform, truncated normal) is drawn as a vertical edge. Sorted by x; at a support end the
/// left value comes first. Each value is pdf(x)·factor, NaN where the pdf is not finite (a gap).
struct PdfCurve {
    QVector<double> keys;
    QVector<double> values;
    double max = 0;  ///< the largest finite value; 0 when there is none

    static PdfCurve sample(const Theory& theory, double lo, double hi, int points, double factor);
};

}  // namespace initscope
