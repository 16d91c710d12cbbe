#include "ui/plots/phase_diagram_plot.h"

#include "ui/plots/fitted_ticker.h"
#include "ui/plots/plot_caption.h"
#include "ui/plots/plot_label.h"
#include "ui/plots/plot_style.h"

#include <algorithm>
#include <cmath>

namespace initscope {

namespace {

bool same_point(const PhaseDiagramPlot::Point& a, const PhaseDiagramPlot::Point& b) {
    auto close = [](double x, double y) {
        return std::abs(x - y) <= 1e-6 * std::max({std::abs(x), std::abs(y), 1e-12});
    };
    return close(a.sigma_w2, b.sigma_w2) && close(a.sigma_b2, b.sigma_b2);
}

QCPColorGradient order_chaos_gradient() {
    QCPColorGradient gradient;
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setColorStopAt(0.0, QColor(0x00, 0x4A, 0x80));
    gradient.setColorStopAt(0.25, QColor(0x56, 0xB4, 0xE9));
    gradient.setColorStopAt(0.5, QColor(0xF4, 0xF4, 0xF0));
    gradient.setColorStopAt(0.75, QColor(0xF0, 0xA0, 0x60));
    gradient.setColorStopAt(1.0, QColor(0xB0, 0x40, 0x00));
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(QColor(0xA0, 0xA0, 0xA0));
    return gradient;
}

}  // namespace

PhaseDiagramPlot::PhaseDiagramPlot(QWidget* parent) : LivePlot(parent) {
    plotLayout()->insertRow(0);
    plotLayout()->setRowSpacing(0);
    title_ = new PlotCaption(this, QString(), PlotStyle::title_font(), true);
    title_->setMargins(QMargins(8, 4, 8, 0));
    plotLayout()->addElement(0, 0, title_);

    xAxis->setLabel(QStringLiteral("σw² = fan_in · Var(W)"));
    yAxis->setLabel(QStringLiteral("σb² = Var(b)"));
    xAxis->setNumberFormat(QStringLiteral("gb"));
    yAxis->setNumberFormat(QStringLiteral("gb"));
    xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(xAxis, false, 5)));
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new FittedTicker(yAxis, false, 4)));

    map_ = new QCPColorMap(xAxis, yAxis);
    map_->setInterpolate(false);
    map_->setTightBoundary(false);
    map_->setGradient(order_chaos_gradient());
    map_->setDataScaleType(QCPAxis::stLogarithmic);
    map_->setDataRange(QCPRange(kChiLow, kChiHigh));

    scale_ = new QCPColorScale(this);
    plotLayout()->addElement(1, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(12);
    scale_->setLabel(QStringLiteral("χ1 at q*"));
    scale_->setDataScaleType(QCPAxis::stLogarithmic);
    auto log_ticker = QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog);
    log_ticker->setSubTickCount(0);
    scale_->axis()->setTicker(log_ticker);
    scale_->axis()->setNumberFormat(QStringLiteral("g"));
    map_->setColorScale(scale_);
    scale_->setDataRange(QCPRange(kChiLow, kChiHigh));
    scale_->setGradient(order_chaos_gradient());
    // The colour bar as tall as the axes.
    auto* group = new QCPMarginGroup(this);
    axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    scale_->setMarginGroup(QCP::msBottom | QCP::msTop, group);

    critical_ = new QCPCurve(xAxis, yAxis);
    critical_->setName(QStringLiteral("edge of chaos (χ1 = 1)"));
    inside_ = new QCPGraph(xAxis, yAxis);
    inside_->setLineStyle(QCPGraph::lsNone);
    border_ = new QCPGraph(xAxis, yAxis);
    border_->setLineStyle(QCPGraph::lsNone);

    auto region_label = [this](double x, double y, Qt::Alignment alignment) {
        auto* label = new PlotLabel(this);
        label->position->setType(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(x, y);
        label->setPositionAlignment(alignment);
        label->setPadding(QMargins(4, 1, 4, 1));
        return label;
    };
    ordered_ = region_label(0.02, 0.03, Qt::AlignLeft | Qt::AlignTop);
    ordered_->setText(QStringLiteral("ordered"));
    // Both at the top: the layers' points (small σb²) sit near the bottom.
    chaotic_ = region_label(0.98, 0.03, Qt::AlignRight | Qt::AlignTop);
    chaotic_->setText(QStringLiteral("chaotic"));
    message_ = region_label(0.5, 0.5, Qt::AlignCenter);
    message_->setVisible(false);
    // Labels are placed in pixels once the layout knows where the axes are.
    connect(this, &QCustomPlot::afterLayout, this, &PhaseDiagramPlot::place_labels);
    restyle();
}

QString PhaseDiagramPlot::title() const {
    return title_->text();
}

QString PhaseDiagramPlot::group_label(const QStringList& layers, bool consecutive) {
    if (layers.isEmpty()) return {};
    if (layers.size() == 1) return layers.front();
    if (consecutive) return layers.front() + QStringLiteral("–") + layers.back();
    return layers.front() + QStringLiteral(" +") + QString::number(layers.size() - 1);
}

void PhaseDiagramPlot::show_diagram(const PhaseDiagram& diagram, const QString& activation,
                                    const std::vector<Point>& points) {
    title_->setText(tr("Phase diagram: %1").arg(activation));
    message_->setVisible(false);
    const bool grid = diagram.columns >= 2 && diagram.rows >= 2 &&
                      diagram.chi1.size() == size_t(diagram.columns) * size_t(diagram.rows);
    const double w_max = grid ? diagram.sigma_w2_max : 4, b_max = grid ? diagram.sigma_b2_max : 0.5;
    bool any_nan = false;
    if (grid) {
        auto* data = new QCPColorMapData(diagram.columns, diagram.rows, QCPRange(0, w_max),
                                         QCPRange(0, b_max));
        for (int row = 0; row < diagram.rows; ++row)
            for (int column = 0; column < diagram.columns; ++column) {
                const double chi = diagram.chi1_at(row, column);
                any_nan = any_nan || std::isnan(chi);
                data->setCell(column, row,
                              std::isnan(chi) ? chi : std::clamp(chi, kChiLow, kChiHigh));
            }
        map_->setData(data);  // takes ownership
    } else {
        map_->data()->clear();
    }
    map_->setDataRange(QCPRange(kChiLow, kChiHigh));
    QVector<double> keys, values;
    for (const auto& [w, b] : diagram.critical_line) {
        keys << w;
        values << b;
    }
    critical_->setData(keys, values);
    // A line of one point (relu, linear: only σb² = 0 is critical) is drawn as a dot.
    critical_->setScatterStyle(keys.size() == 1 ? QCPScatterStyle(QCPScatterStyle::ssDisc, 9)
                                                : QCPScatterStyle());
    // Grey cells: say what they mean, in the title (the map has no room to spare).
    if (any_nan) title_->setText(title_->text() + tr(" · grey: q → ∞"));

    // One dot per distinct point; outside points move to the border.
    struct Group {
        Point point;
        QStringList layers;
        std::vector<size_t> indices;
    };
    std::vector<Group> groups;
    for (size_t i = 0; i < points.size(); ++i) {
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const Group& g) { return same_point(g.point, points[i]); });
        if (it == groups.end()) {
            groups.push_back({points[i], {}, {}});
            it = std::prev(groups.end());
        }
        it->layers << points[i].layer;
        it->indices.push_back(i);
    }
    inside_->data()->clear();
    border_->data()->clear();
    while (labels_.size() < groups.size()) {
        auto* label = new PlotLabel(this);
        label->position->setType(QCPItemPosition::ptAbsolute);  // placed by place_labels()
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setPadding(QMargins(3, 0, 3, 0));
        labels_.push_back(label);
    }
    for (PlotLabel* label : labels_) label->setVisible(false);
    label_points_.assign(groups.size(), QPointF());
    for (size_t g = 0; g < groups.size(); ++g) {
        const Group& group = groups[g];
        const bool consecutive =
            group.indices.back() - group.indices.front() + 1 == group.indices.size();
        QString text = group_label(group.layers, consecutive);
        const double w = group.point.sigma_w2, b = group.point.sigma_b2;
        const bool outside = !(w >= 0 && w <= w_max && b >= 0 && b <= b_max);
        const double x = std::clamp(std::isfinite(w) ? w : w_max, 0.0, w_max);
        const double y = std::clamp(std::isfinite(b) ? b : b_max, 0.0, b_max);
        if (outside) {
            if (!(w <= w_max)) text += QStringLiteral(" (σw² = %1)").arg(w, 0, 'g', 3);
            if (!(b <= b_max)) text += QStringLiteral(" (σb² = %1)").arg(b, 0, 'g', 3);
            border_->addData(x, y);
        } else {
            inside_->addData(x, y);
        }
        labels_[g]->setText(text);
        labels_[g]->setVisible(true);
        label_points_[g] = QPointF(x, y);
    }
    // A little room around the map, so dots on its edges (σb² = 0) are drawn whole.
    xAxis->setRange(-0.02 * w_max, 1.02 * w_max);
    yAxis->setRange(-0.03 * b_max, 1.03 * b_max);
    place_labels();
    restyle();
    request_replot();
}

void PhaseDiagramPlot::clear(const QString& message) {
    title_->setText(tr("Phase diagram"));
    map_->data()->clear();
    critical_->data()->clear();
    inside_->data()->clear();
    border_->data()->clear();
    for (PlotLabel* label : labels_) label->setVisible(false);
    message_->setText(message);
    message_->setVisible(!message.isEmpty());
    request_replot();
}

void PhaseDiagramPlot::place_labels() {
    const QRect area = axisRect()->rect();
    if (area.width() <= 0 || area.height() <= 0) return;
    const QFontMetrics metrics(PlotStyle::tick_font());
    constexpr double kGap = 7;  // pixels between a dot and its label
    std::vector<QRectF> placed;
    for (size_t i = 0; i < label_points_.size() && i < labels_.size(); ++i) {
        PlotLabel* label = labels_[i];
        if (!label->visible()) continue;
        const double x = xAxis->coordToPixel(label_points_[i].x());
        const double y = yAxis->coordToPixel(label_points_[i].y());
        const QMargins pad = label->padding();
        const QSizeF size(metrics.horizontalAdvance(label->text()) + pad.left() + pad.right(),
                          metrics.height() + pad.top() + pad.bottom());
        // Above and right of the dot; left of it at the right edge; below it at the top.
        QRectF rect(QPointF(x + kGap, y - kGap - size.height()), size);
        if (rect.right() > area.right()) rect.moveRight(x - kGap);
        if (rect.left() < area.left()) rect.moveLeft(area.left());
        if (rect.top() < area.top()) rect.moveTop(y + kGap);
        // Stacked above the labels placed already that it would cover.
        for (bool moved = true; moved;) {
            moved = false;
            for (const QRectF& other : placed)
                if (rect.intersects(other)) {
                    rect.moveBottom(other.top() - 1);
                    moved = true;
                }
        }
        placed.push_back(rect);
        label->position->setCoords(rect.topLeft());
    }
}

QStringList PhaseDiagramPlot::point_labels() const {
    QStringList texts;
    for (const PlotLabel* label : labels_)
        if (label->visible()) texts << label->text();
    return texts;
}

void PhaseDiagramPlot::resizeEvent(QResizeEvent* event) {
    title_->set_wrap_width(event->size().width() - 16);
    QCustomPlot::resizeEvent(event);
}

void PhaseDiagramPlot::restyle() {
    PlotStyle::apply(this);
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Active, QPalette::Text);
    title_->setTextColor(text);
    title_->setFont(PlotStyle::title_font());
    title_->set_wrap_width(width() - 16);
    QCPAxis* bar_axis = scale_->axis();
    bar_axis->setBasePen(QPen(text, 1));
    bar_axis->setTickPen(QPen(text, 1));
    bar_axis->setTickLabelColor(text);
    bar_axis->setLabelColor(text);
    bar_axis->setTickLabelFont(PlotStyle::tick_font());
    bar_axis->setLabelFont(PlotStyle::label_font());
    // The line and the dots are drawn on the map's own colours: near-black on any palette.
    const QColor ink(0x20, 0x20, 0x20);
    critical_->setPen(QPen(ink, 2.5));
    critical_->setAntialiased(true);
    inside_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(ink, 2), QBrush(Qt::white), 9));
    border_->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(ink, 2), QBrush(Qt::white), 11));
    QColor background(0xFF, 0xFF, 0xFF, 200);
    for (PlotLabel* label : labels_) {
        label->setColor(ink);
        label->setFont(PlotStyle::tick_font());
        label->setBrush(QBrush(background));
    }
    for (PlotLabel* label : {ordered_, chaotic_, message_}) {
        label->setColor(ink);
        label->setFont(PlotStyle::tick_font());
        label->setBrush(QBrush(background));
    }
}

}  // namespace initscope
