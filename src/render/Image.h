// conflictmap render: RGBA images in memory, written and read as PNG through GDAL, and compared
// with a tolerance (golden-image tests).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cm::render {

struct Image {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgba;  ///< top row first
    const std::uint8_t* at(int x, int y) const { return rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4; }
};

/// Writes a PNG (RGB; alpha dropped) atomically: a temporary file beside it, then renamed, so a
/// failed write never leaves half an image under the name. Throws cm::Error naming the path.
void write_png(const Image& img, const std::string& path);
/// Reads any image GDAL can open as RGBA. Throws cm::Error naming the path.
Image read_image(const std::string& path);

/// How two images differ: pixels whose largest channel difference exceeds `tolerance`.
struct ImageDiff {
    bool same_size = false;
    std::size_t differing = 0;
    std::size_t total = 0;
    int max_difference = 0;
    double fraction() const;
};
ImageDiff compare(const Image& a, const Image& b, int tolerance);

}  // namespace cm::render
