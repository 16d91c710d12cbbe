#pragma once

#include "core/stats/network_summary.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace initscope {

/// The numbers behind the plots and the theory table, as files: histogram bins and per-tensor
/// statistics, each as CSV and as JSON. One writer for the window's "Export data" and the
/// headless --stats / --stats-csv / --histograms-csv / --histograms-json.
///
/// CSV (RFC 4180, UTF-8 without BOM, "\n" line ends, a header line): a field holding a comma,
/// a quote or a line break is quoted, quotes doubled. Numbers are the shortest text that reads
/// back as the same double (std::to_chars); ±∞ is "inf"/"-inf", NaN (undefined) an empty field;
/// booleans "true"/"false".
///   histograms: tensor,layer,role,bin,lo,hi,count,probability,density — one row per tensor per
///     bin, tensors in summary order; tensor is "fc1.weight", role "weight" or "bias"; bin is
///     0-based, [lo, hi) its edges (the last bin closed); probability = count / binned, density =
///     probability / (hi − lo) (Histogram::heights).
///   statistics: tensor,layer,role,scheme,shape,fan_in,fan_out,n,mean,std,var,min,max,
///     theory_mean,theory_std,theory_var,support_lo,support_hi,ks,deviates,formula — one row per
///     tensor; shape as the UI writes it ("100 × 100"); std/var are the population ones (np.std);
///     ks is empty when the theory is not continuous; formula has the tensor's numbers filled in.
///
/// JSON (UTF-8, indented; non-finite numbers are null, as JSON has no infinity):
///   statistics: an array, one object per tensor with the keys of the original --stats writer:
///     layer, tensor ("weight"/"bias"), scheme, shape [dims], fan_in, fan_out, n, mean, std, var,
///     min, max, theory {mean, std, var, support [lo, hi]}, ks, formula (exactly these keys;
///     "deviates" is in the CSV only).
///   histograms: an object {"tensors": [...], "all_weights": {...}, "all_biases": {...}}; each
///     tensor object has layer, tensor ("weight"/"bias"), and every histogram object has
///     bins, lo, hi, binned, below, above, non_finite, edges [bins + 1], counts [bins],
///     probability [bins], density [bins]. all_biases is null when the network has no bias.
class SummaryExport {
public:
    static const std::vector<std::string>& histogram_columns();
    static const std::vector<std::string>& statistics_columns();

    static QByteArray histograms_csv(const NetworkSummary& summary);
    /// The histograms CSV of any tensors (a checkpoint's): one histogram_columns() group of
    /// rows per entry, with its tensor, layer and role fields as given.
    struct HistogramRows {
        std::string tensor, layer, role;
        const Histogram* histogram = nullptr;
    };
    static QByteArray histograms_csv(const std::vector<HistogramRows>& tensors);
    static QByteArray histograms_json(const NetworkSummary& summary);
    static QByteArray statistics_csv(const NetworkSummary& summary);
    static QByteArray statistics_json(const NetworkSummary& summary);

    /// Writes `bytes` to `path` atomically (AtomicFileWriter): the file is complete or untouched.
    /// Returns "<path>: cannot write: <reason>" on failure, nullopt on success.
    static std::optional<std::string> save(const QString& path, const QByteArray& bytes);

    /// One CSV field, quoted when needed (RFC 4180).
    static std::string csv_field(std::string_view text);
    /// The shortest text that reads back as `value`; "inf", "-inf", "" for NaN.
    static std::string csv_number(double value);
};

}  // namespace initscope
