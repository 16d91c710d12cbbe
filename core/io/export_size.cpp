#include "core/io/export_size.h"

#include <QRegularExpression>

#include <cmath>
#include <cstdio>

namespace initscope {

namespace {

/// The shortest decimal text of `value` ("2", "0.25", "1e+20").
std::string number_text(double value) {
    return QString::number(value, 'g', 6).toStdString();
}

}  // namespace

std::optional<QSize> ExportSize::parse(const QString& text) {
    static const QRegularExpression pattern(
        QStringLiteral("^([1-9][0-9]{0,4})[xX\\x{00D7}]([1-9][0-9]{0,4})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch()) return std::nullopt;
    return QSize(match.captured(1).toInt(), match.captured(2).toInt());
}

std::optional<double> ExportSize::parse_scale(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^[0-9]+(\\.[0-9]+)?$"));
    if (!pattern.match(text).hasMatch()) return std::nullopt;
    bool ok = false;
    const double scale = text.toDouble(&ok);
    if (!ok || !std::isfinite(scale)) return std::nullopt;
    return scale;
}

std::string ExportSize::text(QSize size) {
    return std::to_string(size.width()) + "×" + std::to_string(size.height());
}

std::optional<std::string> ExportSize::scale_problem(double scale) {
    if (std::isfinite(scale) && scale >= kMinScale && scale <= kMaxScale) return std::nullopt;
    return "scale " + number_text(scale) + ": must be from " + number_text(kMinScale) + " to " +
           number_text(kMaxScale);
}

std::optional<std::string> ExportSize::problem(QSize size, double scale, QSize least) {
    if (std::optional<std::string> bad_scale = scale_problem(scale)) return bad_scale;
    if (size.width() < least.width() || size.height() < least.height())
        return text(size) + " is too small: the least is " + text(least);
    const double width = size.width() * scale, height = size.height() * scale;
    const double megapixels = width * height / 1e6;
    const std::string at = text(size) + " at " + number_text(scale) + "×";
    if (megapixels > kMaxMegapixels) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.0f", megapixels);
        return at + " is " + buffer + " megapixels; the most is " + number_text(kMaxMegapixels);
    }
    if (width > kMaxSide || height > kMaxSide)
        return at + " is " + number_text(std::round(width)) + "×" +
               number_text(std::round(height)) + " pixels; each side is at most " +
               std::to_string(kMaxSide);
    return std::nullopt;
}

}  // namespace initscope
