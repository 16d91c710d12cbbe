#pragma once

#include "core/stats/histogram.h"

#include <QWidget>

#include <array>

class QBoxLayout;
class QCheckBox;
class QLayout;
class QComboBox;
class QSpinBox;

namespace initscope {

/// The histogram controls of the Layers tab: bin rule (fixed count, Sturges, Scott,
/// Freedman–Diaconis), bin count (for the fixed rule, 1..10000), a "shared x-range" check box,
/// the bar scale (counts / probability / density) and "Lock axes" (the plots keep their ranges
/// across edits: lockAxesChanged).
/// Rule, count and shared range change what the core computes: optionsChanged. The scale only
/// changes how the same histograms are drawn: scaleChanged. Setters do not emit.
class HistogramOptionsBar : public QWidget {
    Q_OBJECT
public:
    explicit HistogramOptionsBar(QWidget* parent = nullptr);

    /// rule, bins and range (RangeMode::Shared when the box is checked, else Data).
    HistogramOptions options() const;
    HistogramScale scale() const;
    void set_options(const HistogramOptions& options);
    void set_scale(HistogramScale scale);
    bool lock_axes() const;
    void set_lock_axes(bool locked);

    QComboBox* rule_combo() const { return rule_; }
    QSpinBox* bins_spin() const { return bins_; }
    QCheckBox* shared_range_check() const { return shared_; }
    QComboBox* scale_combo() const { return scale_; }
    QCheckBox* lock_axes_check() const { return lock_; }

    /// One row's width; the minimum is the wider group's (the groups stack when narrower).
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void optionsChanged(const initscope::HistogramOptions& options);
    void scaleChanged(initscope::HistogramScale scale);
    void lockAxesChanged(bool locked);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void emit_options();

    QComboBox* rule_ = nullptr;
    QSpinBox* bins_ = nullptr;
    QCheckBox* shared_ = nullptr;
    QComboBox* scale_ = nullptr;
    QCheckBox* lock_ = nullptr;
    QBoxLayout* layout_ = nullptr;
    std::array<QLayout*, 2> groups_{};  ///< bins; shared range, scale and lock
    bool updating_ = false;
};

}  // namespace initscope
