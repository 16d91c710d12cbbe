#pragma once

#include <QByteArray>
#include <QImage>

namespace initscope {

/// The PNG encoding of a rendered picture, made for flat-colour plots and fast: 8 bits per
/// channel, RGB when every pixel is opaque, else RGBA (straight alpha, as Qt converts it); each
/// row unfiltered (filter byte 0) and the whole deflated at level 1 (qCompress, whose output
/// after its 4-byte length prefix is the zlib stream IDAT holds); the picture's dots per metre
/// kept (pHYs). The same pixels as QImageWriter's PNG, several times faster: libpng's adaptive
/// row filters cost more than everything else in an export and gain little on plots.
/// Touches no widget: safe on any thread.
class PngWriter {
public:
    /// The PNG file's bytes for `image`; empty when it cannot be encoded.
    static QByteArray encode(const QImage& image);
};

}  // namespace initscope
