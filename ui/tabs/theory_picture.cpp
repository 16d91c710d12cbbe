#include "ui/tabs/theory_picture.h"

#include "ui/tabs/theory_table_model.h"

#include <QLabel>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>

namespace initscope {

namespace {

/// The pixel size the content is measured at; the shown size scales from it.
constexpr double kMeasurePixels = 20;

QString cell(const QVariant& text, bool header, bool right) {
    QString escaped = text.toString().toHtmlEscaped();
    escaped.replace('\n', QStringLiteral("<br>"));
    const QString tag = header ? QStringLiteral("th") : QStringLiteral("td");
    return QStringLiteral("<%1 align=\"%2\">%3</%1>")
        .arg(tag, right ? QStringLiteral("right") : QStringLiteral("left"), escaped);
}

}  // namespace

TheoryPicture::TheoryPicture(QWidget* owner)
    : QWidget(owner, Qt::Window), label_(new QLabel(this)) {
    setWindowTitle(tr("Theory vs. sample"));
    label_->setTextFormat(Qt::RichText);
    label_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    label_->setWordWrap(true);
    // Laid out at the export's size whatever the font: no minimum from the text.
    label_->setMinimumSize(1, 1);
    label_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(label_);
}

void TheoryPicture::set_content(const TheoryTableModel& model, const QString& details) {
    QString html = QStringLiteral("<h2>%1</h2>").arg(tr("Theory vs. sample"));
    html += QStringLiteral(
        "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
        "style=\"border-collapse: collapse; border-color: #999999;\"><tr>");
    for (int column = 0; column < model.columnCount(); ++column) {
        const bool right = model.headerData(column, Qt::Horizontal, Qt::TextAlignmentRole).toInt() &
                           Qt::AlignRight;
        html += cell(model.headerData(column, Qt::Horizontal), true, right);
    }
    html += QStringLiteral("</tr>");
    for (int row = 0; row < model.rowCount(); ++row) {
        const bool deviates = model.index(row, 0).data(TheoryTableModel::DeviatesRole).toBool();
        html += deviates ? QStringLiteral("<tr bgcolor=\"#f6d5c8\">") : QStringLiteral("<tr>");
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            html += cell(index.data(), false,
                         index.data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight);
        }
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>") + details;
    label_->setText(html);
    fit_font();
}

QString TheoryPicture::html() const {
    return label_->text();
}

void TheoryPicture::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fit_font();
}

void TheoryPicture::fit_font() {
    QFont font = this->font();
    font.setPixelSize(int(kMeasurePixels));
    QTextDocument document;
    document.setDefaultFont(font);
    document.setHtml(label_->text());
    const double width = std::max(1.0, document.idealWidth());
    document.setTextWidth(width);
    const double height = std::max(1.0, document.size().height());
    const QMargins margins = layout()->contentsMargins();
    const QSize room = rect().marginsRemoved(margins).size();
    const double scale = std::min(room.width() / width, room.height() / height);
    font.setPixelSize(std::max(8, int(kMeasurePixels * scale * 0.97)));
    label_->setFont(font);
}

}  // namespace initscope
