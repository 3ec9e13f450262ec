// conflictmap render: PNG through libpng and zlib (deflated in parallel strips), GeoTIFF through
// GDAL (MEM dataset, CreateCopy to the driver), and animated GIF through giflib.
#include "render/Image.h"

#include <gdal_priv.h>
#include <gif_lib.h>
#include <png.h>
#include <zlib.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csetjmp>
#include <cstring>
#include <system_error>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sys/mman.h>
#include <memory>

#include "core/Error.h"
#include "geo/Ogr.h"

namespace cm::render {

namespace {

/// Where a file is written before it is complete: beside the target, hidden.
std::string beside(const std::string& path) {
    const std::filesystem::path target(path);
    return (target.parent_path() / ("." + target.filename().string() + ".tmp")).string();
}

void move_into_place(const std::string& tmp, const std::string& path) {
    std::remove((tmp + ".aux.xml").c_str());
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        throw Error("cannot move the file into place: " + ec.message(), path);
    }
}

/// A whole RGBA image, or an error naming the file it was to go to.
void require_image(const Image& img, const std::string& path) {
    if (img.width <= 0 || img.height <= 0 || img.rgba.size() != static_cast<std::size_t>(img.width) * img.height * 4)
        throw Error("no image to write", path);
}

/// Rows deflated together. Fixed, not a function of the number of cores or of how the rows are
/// handed over, so that the same picture gives the same bytes on any machine.
constexpr int kPngStripRows = 64;

/// One strip of rows, each as PNG filter type 0 (None) followed by its RGB bytes, as raw deflate
/// data ending on a byte boundary (a sync flush; the last strip ends the stream), and the strip's
/// Adler-32. Measured on briefings (flat fills, anti-aliased edges), filter None at zlib level 3
/// is both the smallest and the quickest of libpng's choices: 7680x4320, 5.9 MB in 0.52 s against
/// its adaptive filters' 7.0 MB in 1.65 s.
struct PngStrip {
    std::vector<std::uint8_t> deflated;
    uLong adler = 1;
    uLong raw_bytes = 0;
    bool ok = false;
};

/// A deflating thread's buffers, kept from one strip to the next (new ones for each strip were
/// ~4,000 page faults a 7680x4320 picture).
struct StripScratch {
    Pixels raw, room;
};

/// Deflates `rows` rows of RGBA (`width` pixels each) starting at `rgba`.
void deflate_strip(const std::uint8_t* rgba, int width, int rows, bool first, bool last, StripScratch& scratch, PngStrip& out) {
    z_stream z{};
    if (deflateInit2(&z, 3, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return;
    struct End {
        z_stream* z;
        ~End() { deflateEnd(z); }
    } end{&z};
    const std::size_t row_bytes = static_cast<std::size_t>(width) * 3 + 1;
    Pixels& raw = scratch.raw;
    raw.resize(row_bytes * static_cast<std::size_t>(rows));
    for (int y = 0; y < rows; ++y) {
        std::uint8_t* o = raw.data() + row_bytes * static_cast<std::size_t>(y);
        const std::uint8_t* px = rgba + static_cast<std::size_t>(y) * width * 4;
        *o++ = 0;
        for (int x = 0; x < width; ++x, px += 4, o += 3) o[0] = px[0], o[1] = px[1], o[2] = px[2];
    }
    out.raw_bytes = static_cast<uLong>(raw.size());
    out.adler = adler32(1, raw.data(), static_cast<uInt>(raw.size()));
    // Deflated into room for the worst case, then kept at its size (strips held at their worst
    // case were another 100 MB at 7680x4320). The first strip starts with the zlib header.
    Pixels& room = scratch.room;
    room.resize(deflateBound(&z, raw.size()) + 16);
    z.next_in = raw.data();
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = room.data();
    z.avail_out = static_cast<uInt>(room.size());
    const int rc = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
    // A sync flush is complete only when it left room unused.
    out.ok = last ? rc == Z_STREAM_END : rc == Z_OK && z.avail_in == 0 && z.avail_out != 0;
    out.deflated.clear();
    out.deflated.reserve(room.size() - z.avail_out + 2 + 4);
    if (first) out.deflated = {0x78, 0x5e};  // zlib header: deflate, 32 KiB window, "fast" level
    out.deflated.insert(out.deflated.end(), room.begin(), room.end() - z.avail_out);
}

/// libpng reports errors by longjmp; the message is kept (in a fixed buffer: nothing here may
/// throw through libpng's C frames) for the exception thrown after.
struct PngFailure {
    char message[256] = {};
};
void png_error_to_string(png_structp png, png_const_charp message) {
    if (auto* where = static_cast<PngFailure*>(png_get_error_ptr(png)))
        std::snprintf(where->message, sizeof where->message, "%s", message ? message : "libpng error");
    png_longjmp(png, 1);
}
void png_warning_ignored(png_structp, png_const_charp) {}

// Each libpng call in a frame of its own that catches its longjmp (no C++ object lives there).
bool png_start(png_structp png, png_infop info, std::FILE* f, int width, int height) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_init_io(png, f);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    return true;
}
bool png_chunk(png_structp png, const char* type, const std::uint8_t* data, std::size_t n) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_write_chunk(png, reinterpret_cast<png_const_bytep>(type), data, n);
    return true;
}

/// The PNG: signature and header when opened, then the image data (one zlib stream) in IDAT
/// chunks of at most 1 MiB as strips are deflated — on every core, as pigz does: each strip's raw
/// deflate ends on a byte boundary, so the strips join into one stream, closed by the Adler-32 of
/// all rows (combined from the strips'). Rows that do not fill a strip wait for the next ones.
class PngWriter final : public RowWriter {
public:
    PngWriter(const std::string& path, int width, int height) : RowWriter(path, width, height), m_tmp(beside(path)) {
        if (width <= 0 || height <= 0) throw Error("no image to write", path);
        if (width > 1000000) throw Error("an image wider than 1,000,000 pixels cannot be a PNG", path);  // libpng's limit
        m_file = std::fopen(m_tmp.c_str(), "wb");
        if (!m_file) throw Error(std::string("cannot write the PNG: ") + std::strerror(errno), path);
        m_png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &m_failure, png_error_to_string, png_warning_ignored);
        if (m_png) m_info = png_create_info_struct(m_png);
        errno = 0;
        if (!m_info || !png_start(m_png, m_info, m_file, width, height)) {
            const int err = errno;
            drop();
            errno = err;
            fail();
        }
    }
    ~PngWriter() override { drop(); }
    void finish() override {
        if (rows_written() != height() || !m_pending.empty()) throw Error("the picture is not complete", path());
        errno = 0;
        if (!png_chunk(m_png, "IEND", nullptr, 0)) fail();
        png_destroy_write_struct(&m_png, &m_info);
        std::FILE* f = m_file;
        m_file = nullptr;
        if (std::fclose(f) != 0) {
            const int err = errno;
            std::remove(m_tmp.c_str());
            throw Error(std::string("cannot write the PNG: ") + std::strerror(err), path());
        }
        move_into_place(m_tmp, path());
    }

private:
    void write_rows(const std::uint8_t* rgba, int first_row, int rows) override {
        const std::size_t row_bytes = static_cast<std::size_t>(width()) * 4;
        // Rows left over from before first fill their strip.
        if (!m_pending.empty()) {
            const int held = static_cast<int>(m_pending.size() / row_bytes);
            const int take = std::min(rows, kPngStripRows - held);
            m_pending.insert(m_pending.end(), rgba, rgba + row_bytes * take);
            rgba += row_bytes * take;
            rows -= take;
            first_row += take;
            if (held + take == kPngStripRows || first_row == height()) {
                const Pixels strip = std::move(m_pending);
                m_pending.clear();
                deflate_rows(strip.data(), first_row - held - take, held + take);
            }
        }
        // Whole strips (and the picture's last one) straight from the rows given; the rest waits.
        const int whole = first_row + rows == height() ? rows : rows / kPngStripRows * kPngStripRows;
        if (whole > 0) deflate_rows(rgba, first_row, whole);
        m_pending.insert(m_pending.end(), rgba + row_bytes * whole, rgba + row_bytes * rows);
    }

    /// Deflates rows that start a strip and end one (or the picture) and writes them.
    void deflate_rows(const std::uint8_t* rgba, int first_row, int rows) {
        const int first_strip = first_row / kPngStripRows;
        const int strips = (rows + kPngStripRows - 1) / kPngStripRows;
        const int last_strip = (height() - 1) / kPngStripRows;
        std::vector<PngStrip> parts(static_cast<std::size_t>(strips));
        {
            std::atomic<int> next{0};
            auto work = [&](StripScratch& scratch) noexcept {
                for (int k; (k = next.fetch_add(1)) < strips;) {
                    PngStrip& part = parts[static_cast<std::size_t>(k)];
                    try {
                        const int n = std::min(kPngStripRows, rows - k * kPngStripRows);
                        deflate_strip(rgba + static_cast<std::size_t>(k) * kPngStripRows * width() * 4, width(), n,
                                      first_strip + k == 0, first_strip + k == last_strip, scratch, part);
                    } catch (const std::exception&) {  // out of memory: the strip stays not ok
                        part = PngStrip{};
                    }
                }
            };
            const int threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, std::min(8, strips));
            m_scratch.resize(static_cast<std::size_t>(std::max<int>(threads, static_cast<int>(m_scratch.size()))));
            std::vector<std::jthread> pool;  // joined however this block is left
            try {
                for (int t = 1; t < threads; ++t) pool.emplace_back(work, std::ref(m_scratch[static_cast<std::size_t>(t)]));
            } catch (const std::system_error&) {  // fewer threads than asked for: the rest is done here
            }
            work(m_scratch[0]);
        }
        for (PngStrip& part : parts) {
            if (!part.ok) throw Error("cannot compress the image (zlib)", path());
            m_adler = adler32_combine(m_adler, part.adler, static_cast<z_off_t>(part.raw_bytes));
        }
        // The stream ends with the Adler-32 of all rows, after the last strip.
        if (first_strip + strips - 1 == last_strip)
            for (int shift = 24; shift >= 0; shift -= 8) parts.back().deflated.push_back(static_cast<std::uint8_t>(m_adler >> shift));
        errno = 0;
        for (const PngStrip& part : parts)
            for (std::size_t at = 0; at < part.deflated.size(); at += std::size_t{1} << 20)
                if (!png_chunk(m_png, "IDAT", part.deflated.data() + at, std::min(part.deflated.size() - at, std::size_t{1} << 20)))
                    fail();
    }

    /// Unfinished: the temporary file goes.
    void drop() noexcept {
        if (m_png) png_destroy_write_struct(&m_png, m_info ? &m_info : nullptr);
        m_png = nullptr;
        m_info = nullptr;
        if (m_file) {
            std::fclose(m_file);
            std::remove(m_tmp.c_str());
            m_file = nullptr;
        }
    }

    [[noreturn]] void fail() {
        const int err = errno;
        throw Error(std::string("cannot write the PNG: ") +
                        (m_failure.message[0] ? m_failure.message : err ? std::strerror(err) : "libpng failed"),
                    path());
    }

    std::string m_tmp;
    std::FILE* m_file = nullptr;
    png_structp m_png = nullptr;
    png_infop m_info = nullptr;
    PngFailure m_failure;
    uLong m_adler = 1;
    Pixels m_pending;  // rows that do not fill a strip yet
    std::vector<StripScratch> m_scratch;
};

/// The GeoTIFF through GDAL's GTiff driver, created empty and written band by band; each whole
/// row of 256-pixel tiles is flushed as it completes, so GDAL's block cache does not hold the picture.
class GeoTiffWriter final : public RowWriter {
public:
    GeoTiffWriter(const std::string& path, int width, int height, const double geotransform[6], const std::string& crs)
        : RowWriter(path, width, height), m_tmp(beside(path)) {
        geo::init_gdal();
        if (width <= 0 || height <= 0) throw Error("no image to write", path);
        OGRSpatialReference srs;
        if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw Error("unknown CRS " + crs, path);
        GDALDriver* tif = GetGDALDriverManager()->GetDriverByName("GTiff");
        if (!tif) throw Error("GDAL lacks the GTiff driver", path);
        char** opts = CSLSetNameValue(nullptr, "COMPRESS", "DEFLATE");
        opts = CSLSetNameValue(opts, "PHOTOMETRIC", "RGB");
        opts = CSLSetNameValue(opts, "TILED", "YES");
        m_ds.reset(tif->Create(m_tmp.c_str(), width, height, 3, GDT_Byte, opts));
        CSLDestroy(opts);
        if (!m_ds) throw Error(std::string("cannot write GeoTIFF: ") + CPLGetLastErrorMsg(), path);
        double gt[6];
        std::copy(geotransform, geotransform + 6, gt);
        if (m_ds->SetSpatialRef(&srs) != CE_None || m_ds->SetGeoTransform(gt) != CE_None) {
            const std::string why = CPLGetLastErrorMsg();
            drop();
            throw Error("cannot write GeoTIFF: " + why, path);
        }
    }
    ~GeoTiffWriter() override { drop(); }
    void finish() override {
        if (rows_written() != height()) throw Error("the picture is not complete", path());
        CPLErrorReset();
        m_ds->FlushCache(true);
        m_ds.reset();  // closes the file
        if (CPLGetLastErrorType() >= CE_Failure) {
            std::remove(m_tmp.c_str());
            throw Error(std::string("cannot write GeoTIFF: ") + CPLGetLastErrorMsg(), path());
        }
        move_into_place(m_tmp, path());
    }

private:
    void write_rows(const std::uint8_t* rgba, int first_row, int rows) override {
        int bands[3] = {1, 2, 3};
        if (m_ds->RasterIO(GF_Write, 0, first_row, width(), rows, const_cast<std::uint8_t*>(rgba), width(), rows, GDT_Byte, 3,
                           bands, 4, static_cast<GSpacing>(width()) * 4, 1, nullptr) != CE_None)
            fail();
        const int done = first_row + rows;
        if (done % 256 == 0 || done == height()) {
            CPLErrorReset();
            m_ds->FlushCache(false);
            if (CPLGetLastErrorType() >= CE_Failure) fail();
        }
    }
    [[noreturn]] void fail() { throw Error(std::string("cannot write GeoTIFF: ") + CPLGetLastErrorMsg(), path()); }
    /// Unfinished: the temporary file goes.
    void drop() noexcept {
        if (!m_ds) return;
        m_ds.reset();
        std::remove(m_tmp.c_str());
        std::remove((m_tmp + ".aux.xml").c_str());
    }

    std::string m_tmp;
    std::unique_ptr<GDALDataset> m_ds;
};

}  // namespace

void RowWriter::add_rows(const std::uint8_t* rgba, int rows) {
    if (rows <= 0) return;
    if (rows > m_height - m_rows) throw Error("more rows than the picture has", m_path);
    write_rows(rgba, m_rows, rows);
    m_rows += rows;
}

std::unique_ptr<RowWriter> open_png(const std::string& path, int width, int height) {
    return std::make_unique<PngWriter>(path, width, height);
}

std::unique_ptr<RowWriter> open_geotiff(const std::string& path, int width, int height, const double geotransform[6],
                                        const std::string& crs) {
    return std::make_unique<GeoTiffWriter>(path, width, height, geotransform, crs);
}

ImageRows::ImageRows(int width, int height) : RowWriter("", width, height) {
    m_image.width = width;
    m_image.height = height;
    m_image.rgba.resize(static_cast<std::size_t>(width) * height * 4);
}

void ImageRows::write_rows(const std::uint8_t* rgba, int first_row, int rows) {
    const std::size_t row_bytes = static_cast<std::size_t>(width()) * 4;
    std::memcpy(m_image.rgba.data() + row_bytes * first_row, rgba, row_bytes * rows);
}

void write_png(const Image& img, const std::string& path) {
    require_image(img, path);
    const auto out = open_png(path, img.width, img.height);
    out->add_rows(img.rgba.data(), img.height);
    out->finish();
}

void write_geotiff(const Image& img, const std::string& path, const double geotransform[6], const std::string& crs) {
    require_image(img, path);
    const auto out = open_geotiff(path, img.width, img.height, geotransform, crs);
    out->add_rows(img.rgba.data(), img.height);
    out->finish();
}

struct GifWriter::Impl {
    std::string path, tmp;
    GifFileType* gif = nullptr;
    int width = 0, height = 0, delay_cs = 25;
    bool done = false;
};

GifWriter::GifWriter(const std::string& path, int width, int height, int delay_cs) : m_impl(std::make_unique<Impl>()) {
    Impl& g = *m_impl;
    g.path = path;
    g.tmp = beside(path);
    g.width = width;
    g.height = height;
    g.delay_cs = std::clamp(delay_cs, 1, 65535);
    int err = 0;
    g.gif = EGifOpenFileName(g.tmp.c_str(), false, &err);
    if (!g.gif) throw Error(std::string("cannot create the GIF: ") + GifErrorString(err), path);
    EGifSetGifVersion(g.gif, true);
    if (EGifPutScreenDesc(g.gif, width, height, 8, 0, nullptr) != GIF_OK) throw Error("cannot write the GIF header", path);
    // Loop for ever (the NETSCAPE2.0 application extension).
    static const unsigned char app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    static const unsigned char loop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(g.gif, APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
        EGifPutExtensionBlock(g.gif, sizeof app, app) != GIF_OK || EGifPutExtensionBlock(g.gif, sizeof loop, loop) != GIF_OK ||
        EGifPutExtensionTrailer(g.gif) != GIF_OK)
        throw Error("cannot write the GIF's loop block", path);
}

GifWriter::~GifWriter() {
    if (m_impl->done) return;
    int err = 0;
    if (m_impl->gif) EGifCloseFile(m_impl->gif, &err);
    std::error_code ec;
    std::filesystem::remove(m_impl->tmp, ec);
}

void GifWriter::add(const Image& frame) {
    Impl& g = *m_impl;
    if (frame.width != g.width || frame.height != g.height) throw Error("a frame of another size", g.path);
    const std::size_t n = static_cast<std::size_t>(g.width) * g.height;
    std::vector<GifByteType> r(n), gr(n), b(n), out(n);
    for (std::size_t i = 0; i < n; ++i) {
        r[i] = frame.rgba[4 * i];
        gr[i] = frame.rgba[4 * i + 1];
        b[i] = frame.rgba[4 * i + 2];
    }
    int colors = 256;
    GifColorType palette[256];
    if (GifQuantizeBuffer(g.width, g.height, &colors, r.data(), gr.data(), b.data(), out.data(), palette) != GIF_OK)
        throw Error("cannot reduce a frame to 256 colours", g.path);
    ColorMapObject* map = GifMakeMapObject(256, palette);
    const unsigned char gce[4] = {0, static_cast<unsigned char>(g.delay_cs & 0xff), static_cast<unsigned char>(g.delay_cs >> 8), 0};
    bool ok = EGifPutExtension(g.gif, GRAPHICS_EXT_FUNC_CODE, 4, gce) == GIF_OK &&
              EGifPutImageDesc(g.gif, 0, 0, g.width, g.height, false, map) == GIF_OK;
    for (int y = 0; ok && y < g.height; ++y) ok = EGifPutLine(g.gif, out.data() + static_cast<std::size_t>(y) * g.width, g.width) == GIF_OK;
    GifFreeMapObject(map);
    if (!ok) throw Error("cannot write a frame (disk full?)", g.path);
}

void GifWriter::finish() {
    Impl& g = *m_impl;
    int err = 0;
    const int rc = EGifCloseFile(g.gif, &err);
    g.gif = nullptr;
    if (rc != GIF_OK) throw Error(std::string("cannot finish the GIF: ") + GifErrorString(err), g.path);
    // giflib creates its file readable by its owner only; a picture for a briefing is shared.
    std::error_code ec;
    using P = std::filesystem::perms;
    std::filesystem::permissions(g.tmp, P::owner_read | P::owner_write | P::group_read | P::others_read, ec);
    move_into_place(g.tmp, g.path);
    g.done = true;
}

Image read_image(const std::string& path) {
    geo::init_gdal();
    std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpen(path.c_str(), GA_ReadOnly)));
    if (!ds) throw Error("cannot open image", path);
    Image img;
    img.width = ds->GetRasterXSize();
    img.height = ds->GetRasterYSize();
    img.rgba.assign(static_cast<std::size_t>(img.width) * img.height * 4, 255);
    const int bands = ds->GetRasterCount();
    for (int b = 0; b < 4; ++b) {
        const int src = bands >= 3 ? b + 1 : 1;
        if (b == 3 && bands < 4) break;
        if (ds->GetRasterBand(src)->RasterIO(GF_Read, 0, 0, img.width, img.height, img.rgba.data() + b, img.width,
                                             img.height, GDT_Byte, 4, static_cast<GSpacing>(img.width) * 4) != CE_None)
            throw Error("cannot read image pixels", path);
    }
    return img;
}

double ImageDiff::fraction() const { return total ? double(differing) / double(total) : 1.0; }

ImageDiff compare(const Image& a, const Image& b, int tolerance) {
    ImageDiff d;
    d.same_size = a.width == b.width && a.height == b.height;
    if (!d.same_size) return d;
    d.total = static_cast<std::size_t>(a.width) * a.height;
    for (std::size_t i = 0; i < a.rgba.size(); i += 4) {
        int m = 0;
        for (int c = 0; c < 3; ++c) m = std::max(m, std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])));
        d.max_difference = std::max(d.max_difference, m);
        if (m > tolerance) ++d.differing;
    }
    return d;
}

namespace {
constexpr std::size_t kMappedPixels = std::size_t{4} << 20;  // from here on, pixels get a mapping of their own
}  // namespace

void* allocate_pixels(std::size_t bytes) {
    if (bytes < kMappedPixels) return ::operator new(bytes);
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    ::madvise(p, bytes, MADV_HUGEPAGE);  // a hint: refused (no THP here), the pages are small
    return p;
}

void free_pixels(void* p, std::size_t bytes) noexcept {
    if (!p) return;
    if (bytes < kMappedPixels) ::operator delete(p);
    else ::munmap(p, bytes);
}

}  // namespace cm::render
