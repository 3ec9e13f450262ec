// Tests for ui/Briefing and `conflictmap render`: the window in words, the golden briefing of the
// bundled sample, the same bytes for the same inputs, styles, the GeoTIFF's georeference, the
// animation's frames and GIF, and bad input refused with nothing half-written.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <sstream>

#include <gdal_priv.h>
#include <imgui.h>
#include <malloc.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include "cli/Cli.h"
#include "core/Date.h"
#include "render/BasemapPlaces.h"
#include "render/Image.h"
#include "render/Vector.h"
#include "render/Video.h"
#include "ui/App.h"
#include "ui/Briefing.h"
#include "ui/FontCache.h"
#include "ui/Runner.h"
#include "headless.h"

namespace fs = std::filesystem;
using namespace cm;

namespace {

fs::path briefing_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("cm-test-briefing-" + std::to_string(::getpid())) / name;
    fs::create_directories(d);
    return d;
}

// Puts $CONFLICTMAP_CACHE_HOME back as it was when the test case ends.
struct CacheHomeGuard {
    std::optional<std::string> before;
    CacheHomeGuard() {
        if (const char* v = std::getenv("CONFLICTMAP_CACHE_HOME")) before = v;
    }
    ~CacheHomeGuard() {
        if (before) ::setenv("CONFLICTMAP_CACHE_HOME", before->c_str(), 1);
        else ::unsetenv("CONFLICTMAP_CACHE_HOME");
    }
};

struct CliRun {
    int status;
    std::string out, err;
};

CliRun run_render(std::vector<std::string> args) {
    args.insert(args.begin(), "render");
    std::ostringstream out, err;
    std::istringstream in;
    const int status = cli::run_cli(args, {out, err, in});
    return {status, out.str(), err.str()};
}

std::string bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

double mean_luma(const render::Image& img) {
    double sum = 0;
    for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4) sum += 0.3 * img.rgba[i] + 0.59 * img.rgba[i + 1] + 0.11 * img.rgba[i + 2];
    return sum / (img.rgba.size() / 4.0);
}

int days(const char* iso) { return CivilDate::parse_iso(iso)->days(); }

const std::vector<std::string> kSpring = {"--from", "2020-03-01", "--to", "2020-05-31"};

}  // namespace

TEST_CASE("briefing: the time window in words") {
    CHECK(ui::window_in_words(days("2020-03-17"), days("2020-03-17"), false, 0, 0) == "17 March 2020");
    CHECK(ui::window_in_words(days("2020-03-15"), days("2020-03-23"), false, 0, 0) == "15\xe2\x80\x93" "23 March 2020");
    CHECK(ui::window_in_words(days("2020-02-28"), days("2020-03-03"), false, 0, 0) == "28 February \xe2\x80\x93 3 March 2020");
    CHECK(ui::window_in_words(days("2019-12-30"), days("2020-01-02"), false, 0, 0) ==
          "30 December 2019 \xe2\x80\x93 2 January 2020");
    CHECK(ui::window_in_words(0, 0, true, days("2017-01-01"), days("2020-05-31")) ==
          "all dates (1 January 2017 \xe2\x80\x93 31 May 2020)");
}

TEST_CASE("briefing: the bundled sample matches its golden image, and the same inputs give the same bytes") {
    const fs::path dir = briefing_dir("golden");
    std::vector<std::string> args = {"-o", (dir / "a.png").string(), "--size", "960x600", "--title", "Golden briefing",
                                     "--subtitle", "the bundled sample"};
    args.insert(args.end(), kSpring.begin(), kSpring.end());
    const CliRun a = run_render(args);
    REQUIRE_MESSAGE(a.status == 0, a.err);
    args[1] = (dir / "b.png").string();
    REQUIRE(run_render(args).status == 0);
    CHECK(bytes(dir / "a.png") == bytes(dir / "b.png"));

    const std::string golden = std::string(CM_TEST_DATA) + "/render/briefing_960x600.png";
    if (std::getenv("CM_UPDATE_GOLDEN")) {
        fs::copy_file(dir / "a.png", golden, fs::copy_options::overwrite_existing);
        MESSAGE("golden image updated: " << golden);
    }
    const render::Image got = render::read_image((dir / "a.png").string()), want = render::read_image(golden);
    const render::ImageDiff d = render::compare(got, want, 40);
    CHECK(d.same_size);
    CHECK_MESSAGE(d.fraction() < 0.003, "pixels differing: " << d.differing << " of " << d.total);

    // The comparison can fail: without the legend and title the picture differs.
    std::vector<std::string> bare = {"-o", (dir / "bare.png").string(), "--size", "960x600", "--no-legend", "--no-title"};
    bare.insert(bare.end(), kSpring.begin(), kSpring.end());
    REQUIRE(run_render(bare).status == 0);
    CHECK(render::compare(render::read_image((dir / "bare.png").string()), want, 40).differing > 2000);
}

TEST_CASE("briefing: dark and print styles") {
    const fs::path dir = briefing_dir("styles");
    std::map<std::string, double> luma;
    for (const char* style : {"light", "dark", "print"}) {
        std::vector<std::string> args = {"-o", (dir / (std::string(style) + ".png")).string(), "--size", "640x400", "--style", style};
        args.insert(args.end(), kSpring.begin(), kSpring.end());
        const CliRun r = run_render(args);
        REQUIRE_MESSAGE(r.status == 0, r.err);
        luma[style] = mean_luma(render::read_image((dir / (std::string(style) + ".png")).string()));
    }
    CHECK(luma["dark"] < luma["light"] - 60);
    CHECK(luma["print"] > luma["light"]);
    CHECK(run_render({"-o", (dir / "x.png").string(), "--style", "sepia"}).status == 2);
}

TEST_CASE("briefing: a GeoTIFF lies where the map does, in the map's CRS") {
    const fs::path dir = briefing_dir("geotiff");
    const std::string tif = (dir / "idlib.tif").string();
    std::vector<std::string> args = {"-o", tif, "--size", "800x600", "--bbox", "35.9,35.3,37.1,36.3"};
    args.insert(args.end(), kSpring.begin(), kSpring.end());
    const CliRun r = run_render(args);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    GDALDatasetUniquePtr ds(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    REQUIRE(ds);
    CHECK(ds->GetRasterXSize() == 800);
    CHECK(ds->GetRasterYSize() == 600);
    CHECK(ds->GetRasterCount() == 3);
    const OGRSpatialReference* srs = ds->GetSpatialRef();
    REQUIRE(srs);
    CHECK(std::string(srs->GetAuthorityCode(nullptr)) == "3857");
    double gt[6];
    REQUIRE(ds->GetGeoTransform(gt) == CE_None);
    CHECK(gt[1] > 0);
    CHECK(gt[5] == doctest::Approx(-gt[1]));
    // The corners, back in longitude/latitude, hold the box asked for (framed with a margin).
    OGRSpatialReference wgs;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference merc;
    merc.importFromEPSG(3857);
    merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> back(OGRCreateCoordinateTransformation(&merc, &wgs));
    double xs[2] = {gt[0], gt[0] + 800 * gt[1]}, ys[2] = {gt[3], gt[3] + 600 * gt[5]};
    REQUIRE(back->Transform(2, xs, ys));
    CHECK(xs[0] <= 35.9);
    CHECK(xs[1] >= 37.1);
    CHECK(ys[1] <= 35.3);
    CHECK(ys[0] >= 36.3);
    CHECK(xs[1] - xs[0] < 3.0);  // framed on the box, not on all of Syria
}

TEST_CASE("briefing: an animation writes a frame per step, as a folder or a GIF") {
    const fs::path dir = briefing_dir("animate");
    const std::string frames = (dir / "frames").string();
    CliRun r = run_render({"--animate", "--from", "2020-03-01", "--to", "2020-03-29", "--step", "7d", "--window", "14d", "-o", frames,
                       "--size", "320x200"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(frames)) n += e.path().extension() == ".png";
    CHECK(n == 5);  // 1, 8, 15, 22 and 29 March
    CHECK(r.err.find("5/5 frames") != std::string::npos);  // the progress bar
    const std::string gif = (dir / "spring.gif").string();
    r = run_render({"--animate", "--from", "2020-03-01", "--to", "2020-04-30", "--step", "15d", "-o", gif, "--size", "320x200", "--fps", "2"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    GDALDatasetUniquePtr ds(GDALDataset::Open(gif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    REQUIRE(ds);
    CHECK(ds->GetRasterXSize() == 320);
    CHECK(bytes(gif).substr(0, 6) == "GIF89a");
    // Months are calendar months: a frame a month through 2020 is twelve frames, not thirteen of 30 days.
    const std::string months = (dir / "months").string();
    r = run_render({"--animate", "--from", "2020-01-01", "--to", "2020-12-31", "--step", "1m", "-o", months, "--size", "96x64"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.find("12/12 frames") != std::string::npos);
    CHECK(r.out.find("(12 frames") != std::string::npos);
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("briefing: an MP4 animation shows the same frames as the PNG folder, and the same inputs give the same bytes") {
    const fs::path dir = briefing_dir("mp4");
    const std::string mp4 = (dir / "spring.mp4").string();
    const std::vector<std::string> window = {"--animate", "--from", "2020-03-01", "--to", "2020-03-29", "--step", "7d",
                                             "--window", "14d", "--size", "321x201"};  // odd: H.264 needs even sizes, a column and a row left out
    auto with = [&](const std::string& out) {
        std::vector<std::string> v = window;
        v.push_back("-o");
        v.push_back(out);
        return v;
    };
    if (!render::VideoWriter::available()) {
        const CliRun r = run_render(with(mp4));
        CHECK(r.status == 2);
        CHECK(r.err.find("MP4: ") != std::string::npos);
        CHECK(r.err.find("libavcodec-dev") != std::string::npos);  // what to install
        CHECK_FALSE(fs::exists(mp4));
        MESSAGE("this build has no FFmpeg libraries: checked the message, not the video");
        return;
    }
    CliRun r = run_render(with(mp4));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.find("5/5 frames") != std::string::npos);
    REQUIRE(run_render(with((dir / "again.mp4").string())).status == 0);
    CHECK(bytes(mp4) == bytes(dir / "again.mp4"));
    REQUIRE(run_render(with((dir / "frames").string())).status == 0);
    const std::vector<render::Image> video = render::read_video_frames(mp4);
    REQUIRE(video.size() == 5);
    for (int k = 0; k < 5; ++k) {
        CAPTURE(k);
        char name[32];
        std::snprintf(name, sizeof name, "frame-%05d.png", k + 1);
        const render::Image png = render::read_image((dir / "frames" / name).string());
        CHECK(video[static_cast<std::size_t>(k)].width == 320);
        CHECK(video[static_cast<std::size_t>(k)].height == 200);
        // Lossy: compared as a whole (mean difference), not pixel by pixel.
        double sum = 0;
        for (int y = 0; y < 200; ++y)
            for (int x = 0; x < 320; ++x) {
                const std::uint8_t* a = video[static_cast<std::size_t>(k)].at(x, y);
                const std::uint8_t* b = png.at(x, y);
                for (int c = 0; c < 3; ++c) sum += std::abs(a[c] - b[c]);
            }
        CHECK(sum / (320.0 * 200 * 3) < 12.0);
    }
#if defined(__GLIBC__) && defined(M_PERTURB)
    {
        // The same frames give the same bytes whatever fresh memory holds: glibc fills each new
        // allocation with another byte each time. (x264's macroblock-tree code once read memory it
        // never wrote, and about one video in ten differed; the byte 0xfe showed it here.)
        std::vector<render::Image> frames;
        for (int k = 1; k <= 5; ++k) {
            char name[32];
            std::snprintf(name, sizeof name, "frame-%05d.png", k);
            frames.push_back(render::read_image((dir / "frames" / name).string()));
        }
        std::string first;
        for (const int fill : {0, 1, 0x55, 0xaa, 0xff}) {
            CAPTURE(fill);
            ::mallopt(M_PERTURB, fill);
            const fs::path out = dir / ("fill-" + std::to_string(fill) + ".mp4");
            {
                render::VideoWriter w(out.string(), 321, 201, 4);
                for (const render::Image& f : frames) w.add(f);
                w.finish();
            }
            ::mallopt(M_PERTURB, 0);
            if (first.empty()) first = bytes(out);
            else CHECK(bytes(out) == first);
        }
    }
#endif
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().find(".part") == std::string::npos);
}

TEST_CASE("briefing: bad input is refused clearly and leaves no file") {
    const fs::path dir = briefing_dir("bad");
    const std::string out = (dir / "out.png").string();
    CHECK(run_render({"-o", out, "--size", "0x0"}).status == 2);
    CHECK(run_render({"-o", out, "--size", "100000x800"}).status == 2);
    CHECK(run_render({"-o", out, "--size", "big"}).status == 2);
    CHECK(run_render({"-o", (dir / "out.jpg").string()}).status == 2);
    CHECK(run_render({"-o", out, "--bbox", "37,36,35,35"}).status == 2);
    CHECK(run_render({"-o", out, "--from", "2020-13-01"}).status == 2);
    CHECK(run_render({"--animate", "-o", (dir / "a.gif").string()}).status == 2);  // no --from/--to
    for (const char* step : {"0m", "1q", "-3d", "36601d", "30000000000000000y"})
        CHECK(run_render({"--animate", "--from", "2020-01-01", "--to", "2020-02-01", "--step", step, "-o", (dir / "a.gif").string()}).status == 2);
    // An unknown place: named, with the nearest names.
    CliRun r = run_render({"-o", out, "--place", "Xqzvillewhere"});
    CHECK(r.status == 1);
    CHECK(r.err.find("the gazetteer has no 'Xqzvillewhere'") != std::string::npos);
    // A town that shares its name with areas: framed, and the way to the areas said.
    r = run_render({"-o", out, "--place", "Idlib", "--size", "320x200", "--from", "1990-01-01", "--to", "1990-01-02"});
    CHECK(r.err.find("--place 'Idlib' frames the town Idlib; for the area of that name: --place 'Idlib governorate', "
                     "--place 'Idlib district', --place 'Idlib sub-district'") != std::string::npos);
    // A window with no events: said, nothing written.
    r = run_render({"-o", out, "--from", "1990-01-01", "--to", "1990-01-31"});
    CHECK(r.status == 1);
    CHECK(r.err.find("nothing to draw") != std::string::npos);
    // A folder that does not exist or cannot be written.
    CHECK(run_render({"-o", (dir / "no" / "such" / "x.png").string()}).status == 1);
    CHECK(run_render({"-o", "/proc/conflictmap-test.png"}).status == 1);
    CHECK_FALSE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("briefing: the viewer's Export makes the same picture as the command it shows") {
    const fs::path dir = briefing_dir("viewer");
    ui::AppOptions o;
    o.restore_view = false;
    o.save_view = false;
    o.program = CM_CONFLICTMAP_EXE;  // this test program is not conflictmap
    ui::App app(o);
    REQUIRE(cmtest::run_headless(app, 960, 600, 3) == 0);
    const std::string via_viewer = (dir / "viewer.png").string(), via_cli = (dir / "cli.png").string();
    const auto args = app.briefing_args(via_viewer, 800, 500, "From the viewer", "");
    // The view's window and extent are in the command; the sample's files are the default.
    const std::string joined = [&] {
        std::string j;
        for (const auto& a : args) j += a + " ";
        return j;
    }();
    CHECK(joined.find("--from 2020-03-01 --to 2020-05-31") != std::string::npos);
    CHECK(joined.find("--bbox ") != std::string::npos);
    CHECK(joined.find("--title From the viewer") != std::string::npos);
    REQUIRE(app.render_briefing_in_background(args));
    app.wait_for_briefing();
    REQUIRE(fs::exists(via_viewer));
    bool written = false;
    for (const auto& m : app.messages()) written |= m.message == "briefing written";
    CHECK(written);
    // The same arguments on the command line: the same bytes.
    std::vector<std::string> cli_args = args;
    for (auto& a : cli_args)
        if (a == via_viewer) a = via_cli;
    REQUIRE(run_render(cli_args).status == 0);
    CHECK(bytes(via_viewer) == bytes(via_cli));
}

TEST_CASE("briefing: route and zone lines follow --dpi like symbols and text") {
    // Twice the pixels and twice the dpi: the same map, every line twice as long and twice as
    // wide, so about four times the route-coloured pixels (twice, if widths stayed in pixels).
    const fs::path dir = briefing_dir("dpi-lines");
    auto route_pixels = [&](const char* size, const char* dpi, const char* name) {
        const std::string out = (dir / name).string();
        const CliRun r = run_render({"-o", out, "--size", size, "--dpi", dpi, "--place", "Saraqib", "--hide", "events,labels",
                                     "--no-legend", "--no-title", "--no-inset", "--no-credits"});
        REQUIRE_MESSAGE(r.status == 0, r.err);
        const render::Image img = render::read_image(out);
        std::size_t n = 0;
        for (std::size_t i = 0; i + 3 < img.rgba.size(); i += 4)
            n += std::abs(img.rgba[i] - 0x1f) < 24 && std::abs(img.rgba[i + 1] - 0x3b) < 24 && std::abs(img.rgba[i + 2] - 0x8c) < 24;
        return static_cast<double>(n);
    };
    const double at96 = route_pixels("640x400", "96", "96.png"), at192 = route_pixels("1280x800", "192", "192.png");
    INFO("route pixels: " << at96 << " at 96 dpi, " << at192 << " at 192 dpi");
    REQUIRE(at96 > 200);
    CHECK(at192 / at96 > 3.0);
    CHECK(at192 / at96 < 6.0);  // joins and end marks grow a little faster than lines
}

TEST_CASE("briefing: a PDF is the picture with its texts as text, the same bytes for the same inputs") {
    if (!render::vector_output_available()) {
        MESSAGE("skipped: " << render::vector_output_unavailable_reason());
        return;
    }
    const fs::path dir = briefing_dir("pdf");
    auto with = [&](const std::string& out) {
        std::vector<std::string> a = {"-o", out, "--size", "960x600", "--title", "Spring in the north-west"};
        a.insert(a.end(), kSpring.begin(), kSpring.end());
        return a;
    };
    const std::string pdf = (dir / "b.pdf").string(), png = (dir / "b.png").string();
    CliRun r = run_render(with(pdf));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    REQUIRE(run_render(with(png)).status == 0);
    const std::string doc = bytes(pdf);
    CHECK(doc.rfind("%PDF-1.5", 0) == 0);
    // The fonts are embedded (subsets of DejaVu Sans and its bold, for the title): text is text.
    CHECK(doc.find("DejaVuSans-Bold") != std::string::npos);
    CHECK(doc.find("/ToUnicode") != std::string::npos);
    CHECK(doc.find("/Title (Spring in the north-west)") != std::string::npos);
    CHECK(doc.find("/CreationDate") == std::string::npos);  // no clock in the file
    REQUIRE(run_render(with((dir / "again.pdf").string())).status == 0);
    CHECK(bytes(dir / "again.pdf") == doc);
    // Drawn by GDAL's PDF driver (poppler) at 96 dpi, the page is the PNG briefing: the map is the
    // same pixels; texts and lines are antialiased by another rasteriser.
    CPLSetConfigOption("GDAL_PDF_DPI", "96");
    const render::Image page = render::read_image(pdf);
    CPLSetConfigOption("GDAL_PDF_DPI", nullptr);
    const render::Image raster = render::read_image(png);
    const render::ImageDiff d = render::compare(page, raster, 96);
    REQUIRE(d.same_size);
    MESSAGE("PDF against PNG: " << d.differing << " of " << d.total << " pixels differ by more than 96/255");
    CHECK(d.fraction() < 0.01);
    // The test can fail: the picture without its decorations is another picture.
    std::vector<std::string> bare = with((dir / "bare.png").string());
    for (const char* o : {"--no-title", "--no-legend", "--no-credits", "--no-scale", "--no-north"}) bare.push_back(o);
    REQUIRE(run_render(bare).status == 0);
    CHECK(render::compare(page, render::read_image((dir / "bare.png").string()), 96).fraction() > 2 * d.fraction());
    // pdftotext (poppler-utils), where installed, reads the words back.
    if (std::system("command -v pdftotext >/dev/null 2>&1") == 0) {
        const std::string txt = (dir / "b.txt").string();
        REQUIRE(std::system(("pdftotext " + pdf + " " + txt).c_str()) == 0);
        const std::string words = bytes(txt);
        CHECK(words.find("Spring in the north-west") != std::string::npos);
        CHECK(words.find("1 March") != std::string::npos);
        CHECK(words.find("Battles") != std::string::npos);
        CHECK(words.find("OCHA") != std::string::npos);
    } else {
        MESSAGE("pdftotext is not installed (poppler-utils): the words are not read back");
    }
}

TEST_CASE("briefing: an SVG holds the map and its texts as vector shapes; bad paths leave nothing") {
    if (!render::vector_output_available()) {
        MESSAGE("skipped: " << render::vector_output_unavailable_reason());
        return;
    }
    const fs::path dir = briefing_dir("svg");
    const std::string svg = (dir / "b.svg").string();
    std::vector<std::string> args = {"-o", svg, "--size", "640x400", "--dpi", "144"};
    args.insert(args.end(), kSpring.begin(), kSpring.end());
    CliRun r = run_render(args);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const std::string doc = bytes(svg);
    CHECK(doc.find("<svg") != std::string::npos);
    // 640 px at 144 dpi is 320 pt wide.
    CHECK(doc.find("width=\"320pt\" height=\"200pt\"") != std::string::npos);
    CHECK(doc.find("<image") != std::string::npos);    // the map
    CHECK(doc.find("<symbol") != std::string::npos);   // glyphs of the texts
    CHECK(doc.find("</svg>") != std::string::npos);
    args[1] = (dir / "again.svg").string();
    REQUIRE(run_render(args).status == 0);
    // The same bytes from the program each time; within one process (this test) cairo numbers
    // its surfaces and images on from the last file, so those numbers are set aside here.
    auto numbering_aside = [](const std::string& s) {
        static const std::regex ids("(surface|image|clip|mask|pattern)[0-9]+");
        return std::regex_replace(s, ids, "$1");
    };
    CHECK(numbering_aside(bytes(dir / "again.svg")) == numbering_aside(doc));
    // Unwritable: a clear error, no file, and nothing beside it.
    args[1] = "/proc/conflictmap-test.svg";
    CHECK(run_render(args).status == 1);
    args[1] = (dir / "no" / "such" / "x.pdf").string();
    CHECK(run_render(args).status == 1);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
    CHECK(files == 2);  // b.svg and again.svg, no .part left
}

TEST_CASE("briefing: a picture drawn in tiles is the picture drawn whole; posters beyond 8192 pixels") {
    const fs::path dir = briefing_dir("tiles");
    auto with = [&](const std::string& out, std::vector<std::string> more) {
        std::vector<std::string> a = {"-o", out, "--size", "1000x640"};
        a.insert(a.end(), kSpring.begin(), kSpring.end());
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    const std::string whole = (dir / "whole.png").string(), tiles = (dir / "tiles.png").string();
    REQUIRE(run_render(with(whole, {})).status == 0);
    // 256-pixel tiles: 4 x 3 of them, the last ones narrower, every decoration across a seam.
    const CliRun r = run_render(with(tiles, {"--tile", "256"}));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const render::Image a = render::read_image(whole), b = render::read_image(tiles);
    const render::ImageDiff d = render::compare(a, b, 16);
    REQUIRE(d.same_size);
    MESSAGE("tiled against whole: " << d.differing << " pixels differ by more than 16/255, at most " << d.max_difference);
    CHECK(d.differing <= 20);  // the land, drawn at half resolution, is sampled at a tile's edge
    // A poster: past 8192 a side it is drawn in tiles of 4096.
    const std::string wide = (dir / "wide.png").string();
    std::vector<std::string> poster = {"-o", wide, "--size", "9000x256", "--no-legend", "--no-inset", "--no-credits"};
    REQUIRE(run_render(poster).status == 0);
    const render::Image p = render::read_image(wide);
    CHECK(p.width == 9000);
    CHECK(p.height == 256);
    CHECK(mean_luma(p) > 100);  // a map on every tile, not black
    CHECK(run_render({"-o", (dir / "x.png").string(), "--size", "16385x1000"}).status == 2);
    CHECK(run_render({"-o", (dir / "x.png").string(), "--tile", "100"}).status == 2);
    CHECK(run_render({"--animate", "--from", "2020-03-01", "--to", "2020-03-10", "-o", (dir / "a.gif").string(), "--size", "9000x600"})
              .status == 2);
}

TEST_CASE("briefing: a picture over 4 megapixels is drawn and written in bands of rows, as PNG or GeoTIFF") {
    const fs::path dir = briefing_dir("bands");
    auto with = [&](const std::string& out, std::vector<std::string> more) {
        std::vector<std::string> a = {"-o", out, "--size", "3000x3000", "--bbox", "35.9,35.3,37.1,36.3"};
        a.insert(a.end(), kSpring.begin(), kSpring.end());
        a.insert(a.end(), more.begin(), more.end());
        return a;
    };
    // 3000x3000: three bands, of 1,280, 1,280 and 440 rows; a 4096-pixel tile holds it whole.
    const std::string banded = (dir / "banded.png").string(), whole = (dir / "whole.png").string(), tif = (dir / "banded.tif").string();
    CliRun r = run_render(with(banded, {}));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    r = run_render(with(whole, {"--tile", "4096"}));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const render::Image a = render::read_image(banded), b = render::read_image(whole);
    const render::ImageDiff d = render::compare(a, b, 16);
    REQUIRE(d.same_size);
    MESSAGE("banded against whole: " << d.differing << " pixels differ by more than 16/255, at most " << d.max_difference);
    CHECK(d.differing <= 20);
    CHECK(mean_luma(a) > 100);
    // The GeoTIFF, written band by band through GDAL, holds the same pixels and its georeference.
    r = run_render(with(tif, {}));
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const render::Image t = render::read_image(tif);
    CHECK(render::compare(t, a, 0).differing == 0);
    GDALDatasetUniquePtr ds(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    REQUIRE(ds);
    double gt[6];
    REQUIRE(ds->GetGeoTransform(gt) == CE_None);
    CHECK(gt[1] > 0);
    CHECK(gt[5] == doctest::Approx(-gt[1]));
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("briefing: town names keep off the title, legend, inset, scale, north arrow and credits, and do not crowd") {
    const fs::path dir = briefing_dir("labels");
    ui::AppOptions o;
    o.briefing = ui::BriefingOptions{};
    o.briefing->title = "Names and panels";
    o.start_date = "2020-03-01";
    o.end_date = "2020-05-31";
    // Northern Syria close up: villages enough to fill every gap with names.
    o.fit_box = std::array<double, 4>{36.2, 35.6, 37.6, 36.6};
    ui::App app(o);
    ui::RenderJob job;
    job.width = 960;
    job.height = 600;
    job.output = (dir / "labels.png").string();
    std::ostringstream out, err;
    REQUIRE_MESSAGE(ui::render_briefing(app, job, out, err) == 0, err.str());
    const auto& keep = app.renderer()->label_keep_out();
    CHECK(keep.size() >= 5);  // title, north arrow, inset, scale bar, legend, credits
    std::size_t towns = 0;
    for (const render::TextItem& t : app.renderer()->texts()) {
        if (t.kind != render::TextItem::Kind::Town) continue;
        ++towns;
        // The name's line, from its start to about where it ends (~6 px a letter at this size).
        const float x0 = t.x, x1 = t.x + 6.0f * static_cast<float>(t.text.size()), y = t.y;
        for (const auto& k : keep)
            CHECK_MESSAGE(!(x1 > k[0] && x0 < k[2] && y > k[1] && y < k[3]), t.text << " under a decoration");
    }
    CHECK(towns >= 20);
    CHECK(towns <= static_cast<std::size_t>(960.0 * 600.0 / (85.0 * 85.0)));
}

TEST_CASE("briefing: a high-dpi picture names the towns the screen picture of its extent names, larger") {
    if (!render::vector_output_available() || std::system("command -v pdftotext >/dev/null 2>&1") != 0) {
        MESSAGE("skipped: needs cairo (PDF output) and pdftotext (poppler-utils) to read the names back");
        return;
    }
    const fs::path dir = briefing_dir("dpi-names");
    auto names_at = [&](int dpi) {
        const std::string pdf = (dir / ("n" + std::to_string(dpi) + ".pdf")).string(), txt = pdf + ".txt";
        std::vector<std::string> a = {"-o", pdf, "--size", std::to_string(960 * dpi / 96) + "x" + std::to_string(600 * dpi / 96),
                                      "--dpi", std::to_string(dpi), "--bbox", "35.5,34.5,38.5,37", "--no-legend", "--no-credits",
                                      "--no-title", "--no-scale", "--no-north", "--no-inset"};
        a.insert(a.end(), kSpring.begin(), kSpring.end());
        REQUIRE(run_render(a).status == 0);
        REQUIRE(std::system(("pdftotext -raw " + pdf + " " + txt).c_str()) == 0);
        const std::string words = bytes(txt);
        return std::count(words.begin(), words.end(), '\n');
    };
    const auto at96 = names_at(96), at288 = names_at(288);
    MESSAGE("lines of names: " << at96 << " at 96 dpi, " << at288 << " at 288 dpi");
    CHECK(at96 > 40);
    // The same zoom for the eye: about the same names (when the dpi was ignored, 288 dpi named
    // every village: 250 lines against 107).
    CHECK(at288 <= at96 * 12 / 10);
    CHECK(at288 >= at96 * 8 / 10);
}

TEST_CASE("briefing: the countries projected at build time draw the same pixels as projected at run time") {
    const fs::path dir = briefing_dir("mercator");
    const fs::path assets = fs::path(CM_SOURCE_ASSETS);
    REQUIRE(fs::exists(assets / "basemap" / "countries-3857.fgb"));
    // Assets without the Web Mercator file: the countries are projected while loading.
    const fs::path bare = dir / "assets";
    fs::create_directories(bare / "basemap");
    fs::copy_file(assets / "basemap" / "countries.fgb", bare / "basemap" / "countries.fgb");
    const std::string sample = (assets / "sample" / "events.geojson").string();
    std::vector<std::string> args = {sample, "-o", (dir / "built.png").string(), "--size", "640x400"};
    args.insert(args.end(), kSpring.begin(), kSpring.end());
    const CliRun a = run_render(args);
    REQUIRE_MESSAGE(a.status == 0, a.err);
    args[2] = (dir / "run.png").string();
    args.push_back("--assets");
    args.push_back(bare.string());
    const CliRun b = run_render(args);
    REQUIRE_MESSAGE(b.status == 0, b.err);
    const render::Image built = render::read_image((dir / "built.png").string()), run = render::read_image((dir / "run.png").string());
    CHECK(render::compare(built, run, 0).differing == 0);
    // And the comparison sees the countries: without any basemap file the picture differs.
    fs::remove(bare / "basemap" / "countries.fgb");
    args[2] = (dir / "none.png").string();
    run_render(args);
    if (fs::exists(dir / "none.png"))
        CHECK(render::compare(render::read_image((dir / "none.png").string()), built, 0).differing > 10000);
}

TEST_CASE("briefing: the basemap's places from their cache draw the picture the gazetteer draws") {
    const fs::path dir = briefing_dir("places-cache");
    const fs::path cache = dir / "cache";
    fs::remove_all(cache);
    CacheHomeGuard guard;  // the other tests keep their cache folder, whatever happens here
    // A folder that cannot be made: no cache, the gazetteer itself.
    ::setenv("CONFLICTMAP_CACHE_HOME", "/proc/conflictmap-no-cache", 1);
    const std::string sample = (fs::path(CM_SOURCE_ASSETS) / "sample" / "events.geojson").string();
    auto render_to = [&](const std::string& name) {
        std::vector<std::string> args = {sample, "-o", (dir / name).string(), "--size", "640x400"};
        args.insert(args.end(), kSpring.begin(), kSpring.end());
        const CliRun r = run_render(args);
        REQUIRE_MESSAGE(r.status == 0, r.err);
        return render::read_image((dir / name).string());
    };
    const render::Image direct = render_to("direct.png");
    ::setenv("CONFLICTMAP_CACHE_HOME", cache.string().c_str(), 1);
    // The first briefing loads the gazetteer and leaves the cache; the second reads only the cache.
    const render::Image from_gazetteer = render_to("first.png");
    CHECK(render::compare(direct, from_gazetteer, 0).differing == 0);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(cache))
        if (e.path().filename().string().rfind("basemap-places-", 0) == 0) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    const auto places = render::BasemapPlaces::read(files[0]);
    REQUIRE(places);
    CHECK(places->items.size() > 100);  // governorates, rivers, roads, towns
    const render::Image from_cache = render_to("second.png");
    CHECK(render::compare(from_gazetteer, from_cache, 0).differing == 0);
    CHECK(bytes(dir / "first.png") == bytes(dir / "second.png"));

    // A damaged or truncated cache is not read (the gazetteer is loaded, and the cache made again).
    const std::string good = bytes(files[0]);
    std::string huge_count = good;
    huge_count.replace(8, 8, std::string("\xff\xff\xff\x0f\0\0\0\0", 8));  // 268 million items in a 750 KB file
    for (const std::string& bad : {good.substr(0, good.size() / 2), good.substr(0, 7), std::string("CMBP\x02\0\0\0", 8) + good.substr(8),
                                   good + "x", huge_count}) {
        std::ofstream(files[0], std::ios::binary | std::ios::trunc) << bad;
        CHECK_FALSE(render::BasemapPlaces::read(files[0]));
    }
    const render::Image remade = render_to("third.png");
    CHECK(render::compare(from_gazetteer, remade, 0).differing == 0);
    CHECK(bytes(files[0]) == good);
    // Written and read back, every item is the same.
    places->write(dir / "again.bin");
    const auto again = render::BasemapPlaces::read(dir / "again.bin");
    REQUIRE(again);
    REQUIRE(again->items.size() == places->items.size());
    for (std::size_t i = 0; i < places->items.size(); ++i) {
        const auto &a = again->items[i], &b = places->items[i];
        CHECK(a.kind == b.kind);
        CHECK(a.name == b.name);
        CHECK(a.prominence == b.prominence);
        CHECK(a.point.lon == b.point.lon);
        CHECK(a.point.lat == b.point.lat);
        CHECK(a.geometry.type == b.geometry.type);
        REQUIRE(a.geometry.parts.size() == b.geometry.parts.size());
        for (std::size_t k = 0; k < a.geometry.parts.size(); ++k) {
            REQUIRE(a.geometry.parts[k].size() == b.geometry.parts[k].size());
            for (std::size_t v = 0; v < a.geometry.parts[k].size(); ++v) {
                CHECK(a.geometry.parts[k][v].lon == b.geometry.parts[k][v].lon);
                CHECK(a.geometry.parts[k][v].lat == b.geometry.parts[k][v].lat);
            }
        }
        CHECK(a.geometry.polygon_starts == b.geometry.polygon_starts);
    }
}

TEST_CASE("briefing: the font atlas from its cache draws the picture the fonts draw") {
    const fs::path dir = briefing_dir("font-cache");
    const fs::path cache = dir / "cache";
    fs::remove_all(cache);
    CacheHomeGuard guard;  // the other tests keep their cache folder, whatever happens here
    const std::string sample = (fs::path(CM_SOURCE_ASSETS) / "sample" / "events.geojson").string();
    auto render_to = [&](const std::string& name, const std::string& dpi = "96") {
        std::vector<std::string> args = {sample, "-o", (dir / name).string(), "--size", "640x400", "--dpi", dpi,
                                         "--title", "Font cache: Ḥamāh – “quotes”"};
        args.insert(args.end(), kSpring.begin(), kSpring.end());
        const CliRun r = run_render(args);
        REQUIRE_MESSAGE(r.status == 0, r.err);
        return render::read_image((dir / name).string());
    };
    // No cache folder: the fonts are rasterised.
    ::setenv("CONFLICTMAP_CACHE_HOME", "/proc/conflictmap-no-cache", 1);
    const render::Image built = render_to("built.png");
    ::setenv("CONFLICTMAP_CACHE_HOME", cache.string().c_str(), 1);
    const render::Image first = render_to("first.png");
    std::vector<fs::path> atlases;
    for (const auto& e : fs::directory_iterator(cache))
        if (e.path().filename().string().rfind("font-atlas-", 0) == 0) atlases.push_back(e.path());
    REQUIRE(atlases.size() == 1);
    const render::Image cached = render_to("second.png");
    CHECK(render::compare(built, first, 0).differing == 0);
    CHECK(render::compare(built, cached, 0).differing == 0);
    CHECK(bytes(dir / "first.png") == bytes(dir / "second.png"));
    // Another scale is another atlas, beside the first.
    const render::Image large = render_to("large.png", "192");
    std::size_t kinds = 0;
    for (const auto& e : fs::directory_iterator(cache)) kinds += e.path().filename().string().rfind("font-atlas-", 0) == 0;
    CHECK(kinds == 2);
    CHECK(render::compare(large, built, 0).differing > 1000);

    // A damaged, truncated or hostile file is refused (the atlas stays empty) and made again.
    const std::string good = bytes(atlases[0]);
    REQUIRE(good.size() > 1024 * 2048);
    auto refused = [&](const std::string& bad) {
        std::ofstream(atlases[0], std::ios::binary | std::ios::trunc) << bad;
        ImFontAtlas atlas;
        const bool loaded = ui::load_font_atlas(atlas, atlases[0]);
        CHECK(atlas.Fonts.Size == (loaded ? atlas.Fonts.Size : 0));
        return !loaded;
    };
    CHECK_FALSE(refused(good));
    CHECK(refused(good.substr(0, good.size() / 2)));
    CHECK(refused(good.substr(0, 7)));
    CHECK(refused(good + "x"));
    CHECK(refused(std::string("CMFA\x09\0\0\0", 8) + good.substr(8)));  // another format version
    std::string huge = good;
    huge.replace(20, 4, std::string("\xff\xff\xff\x7f", 4));  // a texture 2 billion texels wide
    CHECK(refused(huge));
    // A glyph index past the font's glyphs (the last bytes are the last font's lookup table).
    std::string lookup = good;
    lookup[lookup.size() - 2] = '\xfe';
    lookup[lookup.size() - 1] = '\x7f';
    CHECK(refused(lookup));
    const render::Image remade = render_to("third.png");
    CHECK(render::compare(built, remade, 0).differing == 0);
    CHECK(bytes(atlases[0]) == good);
}
