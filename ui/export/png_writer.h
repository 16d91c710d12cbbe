#pragma once

#include <QByteArray>
#include <QImage>

namespace initscope {

/// The PNG encoding of a rendered picture, made for flat-colour plots and fast: 8 bits per
/// channel, RGB when every pixel is opaque, else RGBA (straight alpha, as Qt converts it); each
/// row unfiltered (filter byte 0) and the whole deflated by libdeflate at level 2 into the one
/// zlib stream IDAT holds; the picture's dots per metre kept (pHYs). The same pixels as
/// QImageWriter's PNG.
///
/// Why this encoder (measured on the course network's 1920×1080 overview and layers pictures,
/// one thread, bench/export_bench): QImageWriter (libpng, adaptive row filters, zlib level 6)
/// 50–60 ms a picture; zlib at level 1 without filters (this writer until 0.2) 8–9 ms,
/// 143/234 kB; libspng at level 1 without filters (zlib underneath) the same time and size;
/// libdeflate at level 2 without filters 7–8 ms and 12–20 % smaller (116/205 kB). Row filters
/// (Sub, Up) make these pictures larger at every level: their flat runs already deflate well.
/// Touches no widget and no shared state: safe on any thread, several pictures at once.
class PngWriter {
public:
    /// libdeflate's level: its fastest on these pictures (level 1 is slower on long runs).
    static constexpr int kCompressionLevel = 2;

    /// The PNG file's bytes for `image`; empty for a null image or when it cannot be encoded.
    static QByteArray encode(const QImage& image);
};

}  // namespace initscope
