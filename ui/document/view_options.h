#pragma once

#include "core/stats/histogram.h"

namespace initscope {

/// How an Exploration is looked at, apart from its network: saved in and restored from the
/// session (SessionStore).
/// - histogram: bin rule, bin count and range of every tensor histogram; the core computes the
///   histograms with them, so a change means a new summary;
/// - scale: what a bar of the Layers tab's histograms means (count, probability, density); a
///   change only redraws the same summary;
/// - lock_axes: the Layers tab's plots keep their x and y ranges across edits ("Lock axes"), so a
///   change of σ shows as a change of width.
struct ViewOptions {
    HistogramOptions histogram;
    HistogramScale scale = HistogramScale::Counts;
    bool lock_axes = false;
};

}  // namespace initscope
