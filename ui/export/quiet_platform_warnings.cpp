#include "ui/export/quiet_platform_warnings.h"

#include <QString>

#include <iostream>

namespace initscope {

namespace {

QtMessageHandler previous_handler = nullptr;

void quiet_handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg && (message.contains(QLatin1String("propagateSizeHints")) ||
                                 message.contains(QLatin1String("XDG_RUNTIME_DIR not set"))))
        return;
    if (previous_handler)
        previous_handler(type, context, message);
    else
        std::cerr << qPrintable(qFormatLogMessage(type, context, message)) << std::endl;
}

}  // namespace

QuietPlatformWarnings::QuietPlatformWarnings() : previous_(qInstallMessageHandler(quiet_handler)) {
    nested_ = previous_ == quiet_handler;
    if (!nested_) previous_handler = previous_;
}

QuietPlatformWarnings::~QuietPlatformWarnings() {
    if (!nested_) qInstallMessageHandler(previous_);
}

}  // namespace initscope
