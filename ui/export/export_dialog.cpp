#include "ui/export/export_dialog.h"

#include "core/io/export_size.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardPaths>

namespace initscope {

namespace {

struct SizePreset {
    const char* key;  ///< QSettings value
    QSize size;       ///< empty: current size (index 0) or custom (last)
};
// Index 0 is the current size, the last one custom; the others are fixed slide sizes.
const SizePreset kPresets[] = {{"current", QSize()},
                               {"1920x1080", QSize(1920, 1080)},
                               {"1280x720", QSize(1280, 720)},
                               {"3840x2160", QSize(3840, 2160)},
                               {"custom", QSize()}};
constexpr int kCustom = 4;

QString size_text(QSize size) {
    return QStringLiteral("%1 × %2").arg(size.width()).arg(size.height());
}

}  // namespace

ExportDialog::ExportDialog(QSize current_size, const QString& base_name, QWidget* parent)
    : QDialog(parent), current_size_(current_size) {
    setWindowTitle(tr("Export"));
    auto* form = new QFormLayout;

    path_ = new QLineEdit(this);
    path_->setMinimumWidth(360);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    auto* path_row = new QHBoxLayout;
    path_row->addWidget(path_, 1);
    path_row->addWidget(browse);
    auto* file_label = new QLabel(tr("&File:"), this);
    file_label->setBuddy(path_);
    form->addRow(file_label, path_row);

    format_ = new QComboBox(this);
    for (ImageFormat f : PlotExporter::formats())
        format_->addItem(PlotExporter::display_name(f) + QStringLiteral(" (.") +
                             PlotExporter::extension(f) + QLatin1Char(')'),
                         static_cast<int>(f));
    form->addRow(tr("F&ormat:"), format_);

    size_preset_ = new QComboBox(this);
    size_preset_->addItem(tr("Current size (%1)").arg(size_text(current_size)));
    size_preset_->addItem(tr("1920 × 1080 (Full HD slide)"));
    size_preset_->addItem(tr("1280 × 720 (HD slide)"));
    size_preset_->addItem(tr("3840 × 2160 (4K)"));
    size_preset_->addItem(tr("Custom"));
    size_preset_->setToolTip(
        tr("The layout size in logical pixels. Text keeps its on-screen "
           "size, so a smaller size gives relatively larger text."));
    form->addRow(tr("&Size:"), size_preset_);
    width_ = new QSpinBox(this);
    height_ = new QSpinBox(this);
    for (QSpinBox* box : {width_, height_}) {
        box->setRange(ExportSize::kLeastPlot.width(), ExportSize::kMaxSide);
        box->setSuffix(tr(" px"));
        box->setAccelerated(true);
    }
    width_->setValue(current_size.width() > 0 ? current_size.width() : 1920);
    height_->setValue(current_size.height() > 0 ? current_size.height() : 1080);
    auto* custom_row = new QHBoxLayout;
    custom_row->addWidget(width_);
    custom_row->addWidget(new QLabel(QStringLiteral("×"), this));
    custom_row->addWidget(height_);
    custom_row->addStretch(1);
    form->addRow(QString(), custom_row);

    scale_ = new QComboBox(this);
    for (int s = 1; s <= 3; ++s) scale_->addItem(QStringLiteral("%1×").arg(s), s);
    scale_->setToolTip(
        tr("Pixels per logical pixel: 2× makes a sharper picture that looks the "
           "same (for projectors and high-dpi slides). PDF and SVG are vector."));
    form->addRow(tr("S&cale:"), scale_);

    white_ = new QRadioButton(tr("&White"), this);
    transparent_ = new QRadioButton(tr("&Transparent"), this);
    white_->setChecked(true);
    auto* background_row = new QHBoxLayout;
    background_row->addWidget(white_);
    background_row->addWidget(transparent_);
    background_row->addStretch(1);
    form->addRow(tr("Background:"), background_row);

    summary_ = new QLabel(this);
    form->addRow(QString(), summary_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    ok_->setText(tr("&Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    restore_settings();
    const QSettings settings;
    const QString directory =
        settings
            .value(QStringLiteral("export/directory"),
                   QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
            .toString();
    const QString ext = PlotExporter::extension(format());
    set_path(QDir(directory.isEmpty() ? QDir::homePath() : directory)
                 .filePath(base_name + QLatin1Char('.') + ext));

    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(path_, &QLineEdit::textEdited, this, &ExportDialog::on_path_edited);
    connect(format_, &QComboBox::activated, this, &ExportDialog::on_format_chosen);
    connect(size_preset_, &QComboBox::currentIndexChanged, this, &ExportDialog::update_state);
    connect(width_, &QSpinBox::valueChanged, this, &ExportDialog::update_state);
    connect(height_, &QSpinBox::valueChanged, this, &ExportDialog::update_state);
    connect(scale_, &QComboBox::currentIndexChanged, this, &ExportDialog::update_state);
    connect(white_, &QRadioButton::toggled, this, &ExportDialog::update_state);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    update_state();
}

QString ExportDialog::path() const {
    return path_->text().trimmed();
}

ImageFormat ExportDialog::format() const {
    return static_cast<ImageFormat>(format_->currentData().toInt());
}

QSize ExportDialog::chosen_size() const {
    const int index = size_preset_->currentIndex();
    if (index == 0) return current_size_;
    if (index == kCustom || index < 0) return QSize(width_->value(), height_->value());
    return kPresets[index].size;
}

ExportOptions ExportDialog::options() const {
    ExportOptions options;
    options.size = chosen_size();
    options.scale = scale_->currentData().toInt();
    options.background = transparent_->isChecked() && format() != ImageFormat::Jpeg
                             ? ExportBackground::Transparent
                             : ExportBackground::White;
    return options;
}

QString ExportDialog::problem() const {
    if (path().isEmpty()) return tr("Choose a file name.");
    if (!PlotExporter::format_from_path(path()))
        return tr("Unknown file type: end the name with .png, .jpg, .pdf or .svg.");
    if (auto size = PlotExporter::check(chosen_size(), options().scale, format())) return *size;
    return {};
}

void ExportDialog::set_path(const QString& path) {
    path_->setText(path);
    on_path_edited();
}

void ExportDialog::set_size(QSize size) {
    int index = kCustom;
    if (size == current_size_) index = 0;
    for (int i = 1; i < kCustom; ++i)
        if (kPresets[i].size == size && index == kCustom) index = i;
    if (index == kCustom) {
        width_->setValue(size.width());
        height_->setValue(size.height());
    }
    size_preset_->setCurrentIndex(index);
    update_state();
}

void ExportDialog::set_scale(int scale) {
    const int index = scale_->findData(scale);
    if (index >= 0) scale_->setCurrentIndex(index);
}

void ExportDialog::set_background(ExportBackground background) {
    (background == ExportBackground::White ? white_ : transparent_)->setChecked(true);
}

void ExportDialog::restore_settings() {
    const QSettings settings;
    const auto f = PlotExporter::format_from_extension(
        settings.value(QStringLiteral("export/format"), QStringLiteral("png")).toString());
    format_->setCurrentIndex(format_->findData(static_cast<int>(f.value_or(ImageFormat::Png))));
    const QString preset = settings.value(QStringLiteral("export/size"), "1920x1080").toString();
    width_->setValue(settings.value(QStringLiteral("export/width"), width_->value()).toInt());
    height_->setValue(settings.value(QStringLiteral("export/height"), height_->value()).toInt());
    for (int i = 0; i <= kCustom; ++i)
        if (preset == QLatin1String(kPresets[i].key)) size_preset_->setCurrentIndex(i);
    set_scale(settings.value(QStringLiteral("export/scale"), 2).toInt());
    set_background(settings.value(QStringLiteral("export/background")).toString() ==
                           QLatin1String("transparent")
                       ? ExportBackground::Transparent
                       : ExportBackground::White);
}

void ExportDialog::save_settings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("export/format"), PlotExporter::extension(format()));
    settings.setValue(QStringLiteral("export/size"),
                      QLatin1String(kPresets[std::max(0, size_preset_->currentIndex())].key));
    settings.setValue(QStringLiteral("export/width"), width_->value());
    settings.setValue(QStringLiteral("export/height"), height_->value());
    settings.setValue(QStringLiteral("export/scale"), scale_->currentData().toInt());
    settings.setValue(QStringLiteral("export/background"),
                      transparent_->isChecked() ? "transparent" : "white");
    settings.setValue(QStringLiteral("export/directory"), QFileInfo(path()).absolutePath());
}

void ExportDialog::browse() {
    QStringList filters;
    for (ImageFormat f : PlotExporter::formats())
        filters << PlotExporter::display_name(f) + QStringLiteral(" (*.") +
                       PlotExporter::extension(f) + QLatin1Char(')');
    QString selected = filters.value(format_->currentIndex());
    const QString chosen =
        QFileDialog::getSaveFileName(this, tr("Export to"), path(), filters.join(";;"), &selected);
    if (chosen.isEmpty()) return;
    set_path(chosen);
    // A name typed without extension takes the format of the chosen filter.
    if (!PlotExporter::format_from_path(chosen) && filters.indexOf(selected) >= 0)
        on_format_chosen(static_cast<int>(filters.indexOf(selected)));
}

void ExportDialog::on_path_edited() {
    if (const auto f = PlotExporter::format_from_path(path())) {
        const QSignalBlocker blocker(format_);
        format_->setCurrentIndex(format_->findData(static_cast<int>(*f)));
    }
    update_state();
}

void ExportDialog::on_format_chosen(int index) {
    format_->setCurrentIndex(index);
    const QString ext = PlotExporter::extension(format());
    QString p = path();
    const QFileInfo info(p);
    if (PlotExporter::format_from_path(p)) p.chop(info.suffix().size() + 1);
    if (!p.isEmpty()) path_->setText(p + QLatin1Char('.') + ext);
    update_state();
}

void ExportDialog::update_state() {
    const bool custom = size_preset_->currentIndex() == kCustom;
    width_->setEnabled(custom);
    height_->setEnabled(custom);
    const bool jpeg = format() == ImageFormat::Jpeg;
    const bool vector = PlotExporter::is_vector(format());
    transparent_->setEnabled(!jpeg);
    transparent_->setToolTip(jpeg ? tr("JPEG has no transparency: the background is white")
                                  : QString());
    scale_->setEnabled(!vector);
    const QString problem_text = problem();
    const QSize size = chosen_size();
    const int scale = scale_->currentData().toInt();
    if (!problem_text.isEmpty())
        summary_->setText(problem_text);
    else if (vector)
        summary_->setText(tr("Vector drawing, %1 page").arg(size_text(size)));
    else
        summary_->setText(
            tr("%1 pixels").arg(size_text(QSize(size.width() * scale, size.height() * scale))));
    ok_->setEnabled(problem_text.isEmpty());
}

void ExportDialog::accept() {
    if (!problem().isEmpty()) return;
    if (QFileInfo::exists(path()) &&
        QMessageBox::question(this, tr("Replace file?"),
                              tr("%1 already exists. Replace it?").arg(path())) != QMessageBox::Yes)
        return;
    save_settings();
    QDialog::accept();
}

}  // namespace initscope
