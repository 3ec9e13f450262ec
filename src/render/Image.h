// conflictmap render: RGBA images in memory, written as PNG (libpng) or GeoTIFF, read through GDAL,
// and compared with a tolerance (golden-image tests).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace cm::render {

/// Memory for pixels: left as it is on resize (every pixel is written before it is read), and a
/// large block (4 MiB and up) mapped on its own and offered 2 MiB pages (MADV_HUGEPAGE), which
/// the kernel gives where it can: a 7680x4320 picture takes ~60 page faults instead of ~32,000.
void* allocate_pixels(std::size_t bytes);
void free_pixels(void* p, std::size_t bytes) noexcept;

template <class T>
struct PixelAllocator {
    using value_type = T;
    PixelAllocator() = default;
    template <class U>
    PixelAllocator(const PixelAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(allocate_pixels(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { free_pixels(p, n * sizeof(T)); }
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;  // default-initialised: no zeroing
    }
    template <class U, class... A>
    void construct(U* p, A&&... a) {
        ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
    }
    template <class U>
    bool operator==(const PixelAllocator<U>&) const noexcept {
        return true;
    }
};
using Pixels = std::vector<std::uint8_t, PixelAllocator<std::uint8_t>>;

struct Image {
    int width = 0, height = 0;
    Pixels rgba;  ///< top row first
    const std::uint8_t* at(int x, int y) const { return rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4; }
};

/// A picture written as it is drawn, band by band, top first, so that the whole of a large one is
/// never held: the rows go to a temporary file beside the target, which takes its name only when
/// finish() has written the last row. Dropped unfinished (an error, a refusal), it leaves nothing.
class RowWriter {
public:
    RowWriter(std::string path, int width, int height) : m_path(std::move(path)), m_width(width), m_height(height) {}
    virtual ~RowWriter() = default;
    RowWriter(const RowWriter&) = delete;
    RowWriter& operator=(const RowWriter&) = delete;
    int width() const { return m_width; }
    int height() const { return m_height; }
    int rows_written() const { return m_rows; }
    /// The next `rows` rows, RGBA, `width` pixels each. Throws cm::Error naming the path.
    void add_rows(const std::uint8_t* rgba, int rows);
    /// After the last row: completes the file and moves it into place. Throws cm::Error.
    virtual void finish() = 0;

protected:
    virtual void write_rows(const std::uint8_t* rgba, int first_row, int rows) = 0;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    int m_width, m_height, m_rows = 0;
};

/// A PNG (RGB; alpha dropped), deflated in strips of 64 rows on every core as the rows come: the
/// same picture gives the same bytes however it is handed over.
std::unique_ptr<RowWriter> open_png(const std::string& path, int width, int height);
/// A GeoTIFF (RGB, DEFLATE, tiled) georeferenced in a projected CRS: geotransform as GDAL's
/// (top-left x, pixel width, 0, top-left y, 0, -pixel height), crs as PROJ takes it ("EPSG:3857").
std::unique_ptr<RowWriter> open_geotiff(const std::string& path, int width, int height, const double geotransform[6],
                                        const std::string& crs);
/// Rows put together into an Image in memory (for what needs the whole picture at once).
class ImageRows final : public RowWriter {
public:
    ImageRows(int width, int height);
    void finish() override {}
    Image take() { return std::move(m_image); }

private:
    void write_rows(const std::uint8_t* rgba, int first_row, int rows) override;
    Image m_image;
};

/// Writes a whole image as a PNG, atomically (see RowWriter). Throws cm::Error naming the path.
void write_png(const Image& img, const std::string& path);
/// Writes a whole image as a GeoTIFF (see open_geotiff), atomically. Throws cm::Error naming the path.
void write_geotiff(const Image& img, const std::string& path, const double geotransform[6], const std::string& crs);

/// An animated GIF written frame by frame (giflib; each frame quantised to 256 colours of its
/// own), beside the target until finish(); dropped unfinished, it leaves nothing.
class GifWriter {
public:
    /// Opens path for frames of this size; delay_cs: each frame's duration in hundredths of a second.
    GifWriter(const std::string& path, int width, int height, int delay_cs);
    ~GifWriter();
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;
    void add(const Image& frame);
    /// Closes the file and moves it into place. Throws cm::Error.
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

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
