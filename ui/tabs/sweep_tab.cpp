#include "ui/tabs/sweep_tab.h"

#include "core/stats/number_format.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/sweep_plot.h"
#include "ui/tabs/sweep_worker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initscope {

namespace {

constexpr int kColours = 6;             // Okabe–Ito without yellow (too weak on a light base)
constexpr int kPanelWidth = 250;        // the scheme list's width
constexpr int kSideBySideWidth = 1000;  // the plots' width from which they stand side by side
constexpr int kMaxSkippedShown = 3;

/// A small picture of a line with its marker: the legend entry on each check box.
QIcon line_icon(const QColor& color, QCPScatterStyle::ScatterShape marker, qreal ratio) {
    const QSize size(28, 14);
    QPixmap pixmap(size * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QCPPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color, 2));
    painter.drawLine(QPointF(1, 7), QPointF(27, 7));
    QCPScatterStyle style(marker, color,
                          marker == QCPScatterStyle::ssDisc ? color : QColor(Qt::white), 7);
    style.applyTo(&painter, QPen(color, 2));
    style.drawShape(&painter, 14, 7);
    painter.end();
    return QIcon(pixmap);
}

std::vector<double> values(const SweepRun& run, double SweepLayer::*measured) {
    std::vector<double> out;
    out.reserve(run.layers.size());
    for (const SweepLayer& layer : run.layers) out.push_back(layer.*measured);
    return out;
}

std::vector<double> predictions(const SweepRun& run, double MeanFieldLayer::*predicted) {
    std::vector<double> out;
    out.reserve(run.layers.size());
    for (const SweepLayer& layer : run.layers) out.push_back(layer.theory.*predicted);
    return out;
}

}  // namespace

QColor SweepTab::scheme_color(int index) {
    return PlotStyle::layer_color(index % kColours);
}

QCPScatterStyle::ScatterShape SweepTab::scheme_marker(int index) {
    switch ((index / kColours) % 3) {
        case 0:
            return QCPScatterStyle::ssDisc;
        case 1:
            return QCPScatterStyle::ssSquare;
        default:
            return QCPScatterStyle::ssTriangle;
    }
}

SweepTab::SweepTab(QWidget* parent) : QWidget(parent) {
    worker_ = new SweepWorker(this);

    // Left: the schemes (each check box is also its line's legend entry) and the options.
    auto* panel = new QWidget(this);
    auto* panel_layout = new QVBoxLayout(panel);
    panel_layout->setContentsMargins(6, 6, 6, 6);
    auto* schemes = new QGroupBox(tr("Weight scheme on every layer"), panel);
    auto* schemes_layout = new QVBoxLayout(schemes);
    schemes_layout->setSpacing(2);
    const std::vector<SweepScheme>& catalogue = SchemeSweep::catalogue();
    for (size_t i = 0; i < catalogue.size(); ++i) {
        const int index = static_cast<int>(i);
        auto* check = new QCheckBox(QString::fromStdString(catalogue[i].label), schemes);
        check->setIcon(line_icon(scheme_color(index), scheme_marker(index), devicePixelRatioF()));
        check->setIconSize(QSize(28, 14));
        check->setChecked(catalogue[i].standard);
        connect(check, &QCheckBox::toggled, this, &SweepTab::ticks_changed);
        schemes_layout->addWidget(check);
        checks_.push_back(check);
    }
    panel_layout->addWidget(schemes);

    signal_ = new QComboBox(panel);
    signal_->addItem(tr("pre-activations a"));
    signal_->addItem(tr("activations h = φ(a)"));
    signal_->setToolTip(tr("The mean field predicts the std of a (√q); h has no prediction here"));
    connect(signal_, &QComboBox::currentIndexChanged, this, &SweepTab::refresh_plots);
    panel_layout->addWidget(signal_);
    prediction_ = new QCheckBox(tr("mean-field prediction (dashed)"), panel);
    prediction_->setChecked(true);
    connect(prediction_, &QCheckBox::toggled, this, &SweepTab::refresh_plots);
    panel_layout->addWidget(prediction_);

    progress_ = new QProgressBar(panel);
    progress_->setRange(0, 100);
    progress_->setVisible(false);
    cancel_ = new QPushButton(tr("Cancel"), panel);
    cancel_->setVisible(false);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        paused_ = true;
        worker_->cancel();
        update_status();
    });
    auto* progress_row = new QHBoxLayout;
    progress_row->addWidget(progress_, 1);
    progress_row->addWidget(cancel_);
    panel_layout->addLayout(progress_row);
    status_ = new QLabel(panel);
    status_->setWordWrap(true);
    status_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    panel_layout->addWidget(status_);
    panel_layout->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // As wide as the list's longest entry ("xavier_normal (gain 5/3)"), at least kPanelWidth.
    scroll->setFixedWidth(std::max(
        kPanelWidth, panel->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width()));

    // Right: the two plots side by side, or one above the other (resizeEvent).
    plots_ = new QWidget(this);
    plots_layout_ = new QBoxLayout(QBoxLayout::TopToBottom, plots_);  // its minimum: narrow
    auto* plots_layout = plots_layout_;
    plots_layout->setContentsMargins(0, 0, 0, 0);
    activation_plot_ = new SweepPlot(plots_);
    activation_plot_->set_title(tr("Activation std per layer"));
    gradient_plot_ = new SweepPlot(plots_, SweepPlot::LabelSide::Start);
    gradient_plot_->set_title(tr("Gradient std per layer"));
    gradient_plot_->set_y_label(tr("std of ∂L/∂a"));
    for (SweepPlot* plot : {activation_plot_, gradient_plot_}) {
        plot->setMinimumSize(240, 160);
        plots_layout->addWidget(plot, 1);
    }

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    layout->addWidget(plots_, 1);

    connect(worker_, &SweepWorker::progress, this, [this](quint64 generation, double fraction) {
        if (generation == worker_->latest_generation())
            progress_->setValue(static_cast<int>(fraction * 100));
    });
    connect(worker_, &SweepWorker::finished, this, &SweepTab::take_outcome);
    refresh_plots();
}

SweepTab::~SweepTab() = default;

void SweepTab::resizeEvent(QResizeEvent* event) {
    const int plots_width = event->size().width() - kPanelWidth;
    plots_layout_->setDirection(plots_width >= kSideBySideWidth ? QBoxLayout::LeftToRight
                                                                : QBoxLayout::TopToBottom);
    QWidget::resizeEvent(event);
}

QString SweepTab::title() const {
    return tr("Scheme sweep");
}

QString SweepTab::tool_tip() const {
    return tr("Activation and gradient std vs depth under several weight schemes, same seed");
}

void SweepTab::show_summary(std::shared_ptr<const NetworkSummary>, const ViewOptions&) {}

void SweepTab::show_analysis(std::shared_ptr<const AnalysisResult> analysis) {
    std::shared_ptr<const Network> network = analysis ? analysis->network : nullptr;
    if (network && network_ && *network == *network_) return;  // nothing to recompute
    network_ = std::move(network);
    runs_.clear();
    requested_.clear();
    error_.clear();
    paused_ = false;
    if (!network_) worker_->cancel();
    refresh_plots();
    request_missing();
}

QCheckBox* SweepTab::scheme_check(int index) const {
    return index >= 0 && index < static_cast<int>(checks_.size())
               ? checks_[static_cast<size_t>(index)]
               : nullptr;
}

void SweepTab::set_ticked(const QStringList& labels) {
    setting_ticks_ = true;
    for (QCheckBox* check : checks_) check->setChecked(labels.contains(check->text()));
    setting_ticks_ = false;
    ticks_changed();
}

QStringList SweepTab::ticked() const {
    QStringList labels;
    for (const QCheckBox* check : checks_)
        if (check->isChecked()) labels << check->text();
    return labels;
}

QString SweepTab::status_text() const {
    return status_->text();
}

const SweepRun* SweepTab::run(const std::string& label) const {
    const auto it = runs_.find(label);
    return it == runs_.end() ? nullptr : &it->second;
}

void SweepTab::ticks_changed() {
    if (setting_ticks_) return;
    paused_ = false;
    refresh_plots();
    request_missing();
}

void SweepTab::request_missing() {
    if (!network_ || !error_.isEmpty() || paused_) {
        update_status();
        return;
    }
    std::vector<SweepScheme> missing;
    QStringList labels;
    const std::vector<SweepScheme>& catalogue = SchemeSweep::catalogue();
    for (size_t i = 0; i < catalogue.size(); ++i)
        if (checks_[i]->isChecked() && !runs_.count(catalogue[i].label)) {
            missing.push_back(catalogue[i]);
            labels << QString::fromStdString(catalogue[i].label);
        }
    if (missing.empty()) {
        if (worker_->busy()) worker_->cancel();  // what runs is no longer wanted
        requested_.clear();
    } else if (labels != requested_ || !worker_->busy()) {
        requested_ = labels;
        progress_->setValue(0);
        worker_->request(network_, std::move(missing));
    }
    update_status();
}

void SweepTab::take_outcome(const SweepOutcome& outcome) {
    const bool current = outcome.network && network_ &&
                         (outcome.network == network_ || *outcome.network == *network_);
    if (current) {
        for (const SweepRun& run : outcome.runs) runs_[run.scheme.label] = run;
        if (!outcome.error.isEmpty()) error_ = outcome.error;
    }
    if (outcome.generation == worker_->latest_generation()) requested_.clear();
    refresh_plots();
    request_missing();  // what a cancelled sweep left undone, unless Cancel was pressed
    emit sweepUpdated();
}

void SweepTab::refresh_plots() {
    const bool post = signal_->currentIndex() == 1;
    const bool predict = prediction_->isChecked();
    activation_plot_->set_y_label(post ? tr("std of h = φ(a)") : tr("std of a"));
    std::vector<SweepLine> activations, gradients;
    const std::vector<SweepScheme>& catalogue = SchemeSweep::catalogue();
    int layers = network_ ? static_cast<int>(network_->layers.size()) : 0;
    for (size_t i = 0; i < catalogue.size(); ++i) {
        if (!checks_[i]->isChecked()) continue;
        const SweepRun* result = run(catalogue[i].label);
        if (!result) continue;
        SweepLine line;
        line.label = QString::fromStdString(catalogue[i].label);
        line.color = scheme_color(static_cast<int>(i));
        line.marker = scheme_marker(static_cast<int>(i));
        line.measured = values(*result, post ? &SweepLayer::post_std : &SweepLayer::pre_std);
        if (predict && !post) line.predicted = predictions(*result, &MeanFieldLayer::pre_std);
        activations.push_back(line);
        line.measured = values(*result, &SweepLayer::grad_pre_std);
        line.predicted.clear();
        if (predict) line.predicted = predictions(*result, &MeanFieldLayer::grad_pre_std);
        gradients.push_back(std::move(line));
    }
    activation_plot_->set_lines(activations, layers);
    gradient_plot_->set_lines(gradients, layers);
    update_status();
}

void SweepTab::update_status() {
    const bool running = worker_->busy() && !requested_.isEmpty();
    progress_->setVisible(running);
    cancel_->setVisible(running);
    QStringList lines;
    if (!network_) {
        lines << tr("No network to sweep yet.");
    } else if (!error_.isEmpty()) {
        lines << tr("Cannot sweep this network: %1").arg(error_);
    } else {
        if (running)
            lines << tr("Computing %n scheme(s)…", nullptr, static_cast<int>(requested_.size()));
        else if (paused_)
            lines << tr("Cancelled; tick a scheme or edit the network to go on.");
        lines << tr("Each scheme on every weight (biases keep theirs); seed %1, batch %2.")
                     .arg(network_->seed)
                     .arg(QString::fromStdString(NumberFormat::grouped(network_->probe.batch)));
        // Weights a ticked scheme does not fit kept their own scheme: say which.
        for (const QCheckBox* check : checks_) {
            if (!check->isChecked()) continue;
            const SweepRun* result = run(check->text().toStdString());
            if (!result || result->skipped.empty()) continue;
            const int count = static_cast<int>(result->skipped.size());
            for (int k = 0; k < std::min(count, kMaxSkippedShown); ++k)
                lines << QString::fromStdString(result->skipped[static_cast<size_t>(k)]);
            if (count > kMaxSkippedShown)
                lines << tr("… and %1 more weights keep their scheme under %2")
                             .arg(count - kMaxSkippedShown)
                             .arg(check->text());
        }
    }
    status_->setText(lines.join(QLatin1Char('\n')));
}

}  // namespace initscope
