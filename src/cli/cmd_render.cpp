// conflictmap cli: `render` — a briefing picture (or animation) of events, without a display:
// the map at any size, titled and dated, with its legend, scale, north arrow, locator inset and
// credits, as PNG, georeferenced GeoTIFF, animated GIF or a folder of numbered PNGs. The same
// inputs give the same bytes.
#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "cli/Cli.h"
#include "cli/Common.h"
#include "core/Paths.h"
#include "core/Utf8.h"
#include "gazetteer/Resolver.h"
#include "render/Style.h"
#include "render/Vector.h"
#include "render/Video.h"
#include "store/Store.h"
#include "ui/App.h"
#include "ui/Runner.h"

namespace cm::cli {

namespace {

namespace fs = std::filesystem;

CivilDate parse_day(const ParsedArgs& args, const std::string& name) {
    const auto d = CivilDate::parse_iso(args.get(name));
    if (!d) throw UsageError("--" + name + " is a day as YYYY-MM-DD, not '" + args.get(name) + "'");
    return *d;
}

/// A length of time as --step and --window take it: days and weeks are days; months and years
/// are calendar months (1m from 31 January ends on the last day of February).
struct Length {
    int days = 0, months = 0;
    CivilDate after(CivilDate d, int times = 1) const { return d.plus_months(months * times).plus_days(days * times); }
    /// The first day of the window of this length that ends on `last` (1m ending 31 March: 1 March).
    CivilDate start_ending_on(CivilDate last) const { return last.plus_months(-months).plus_days(-days + 1); }
};

Length parse_length(const std::string& opt, const std::string& text) {
    if (text.empty()) throw UsageError("--" + opt + " needs a length such as 1d, 7d, 2w or 1m");
    std::size_t used = 0;
    long n = 0;
    try {
        n = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    const std::string unit = ascii_lower(text.substr(used));
    const bool known = unit.empty() || unit == "d" || unit == "w" || unit == "m" || unit == "y";
    const long approx_days = n > 0 && n <= 36600 ? n * (unit == "w" ? 7 : unit == "m" ? 31 : unit == "y" ? 366 : 1) : 0;
    if (used == 0 || !known || approx_days <= 0 || approx_days > 36600)
        throw UsageError("--" + opt + " is a length such as 1d, 7d, 2w, 1m or 1y, not '" + text + "'");
    Length l;
    if (unit == "m") l.months = static_cast<int>(n);
    else if (unit == "y") l.months = static_cast<int>(12 * n);
    else l.days = static_cast<int>(unit == "w" ? 7 * n : n);
    return l;
}

std::array<double, 4> parse_bbox(const std::string& text) {
    const auto p = split(text, ',');
    std::array<double, 4> b{};
    bool ok = p.size() == 4;
    for (std::size_t i = 0; ok && i < 4; ++i) {
        try {
            std::size_t used = 0;
            const std::string t(trim(p[i]));
            b[i] = std::stod(t, &used);
            ok = used == t.size() && std::isfinite(b[i]);
        } catch (const std::exception&) {
            ok = false;
        }
    }
    if (!ok || !(b[0] < b[2]) || !(b[1] < b[3]) || b[0] < -180 || b[2] > 180 || b[1] < -85 || b[3] > 85)
        throw UsageError("--bbox is WEST,SOUTH,EAST,NORTH in degrees, west < east and south < north, e.g. 35.5,35.0,37.5,36.5");
    return b;
}

/// The extent of a place the gazetteer knows: its geometry's box, or a box around its point.
std::array<double, 4> place_box(const std::string& phrase, const ParsedArgs& args, Io& io) {
    auto gaz = load_gazetteer(args, io);
    gaz::Resolver resolver(*gaz);
    gaz::Context ctx;
    const gaz::Resolution r = resolver.resolve(phrase, ctx);
    if (r.status == gaz::Status::Unresolved || r.ref.geometry.empty()) {
        std::string near;
        for (std::size_t i = 0; i < r.candidates.size() && i < 3; ++i)
            near += (near.empty() ? "" : ", ") + gaz->entry(r.candidates[i].entry).name;
        throw Error("--place: the gazetteer has no '" + phrase + "'" + (near.empty() ? std::string() : " (nearest: " + near + ")"));
    }
    if (r.status == gaz::Status::Ambiguous)
        io.err << "conflictmap render: note: --place '" << phrase << "' is ambiguous; using " << r.interpretation
               << " (name the governorate to choose another)\n";
    // "Idlib" is a city and a governorate: the town wins; say how to frame the area instead.
    if (r.status == gaz::Status::Resolved && r.entry && r.entry->kind != gaz::PlaceKind::Admin) {
        bool level[3] = {};  // governorate, district, sub-district (OCHA pcodes SYxx, SYxxxx, SYxxxxxx)
        for (const gaz::Candidate& c : r.candidates) {
            const gaz::Entry& e = gaz->entry(c.entry);
            if (e.kind == gaz::PlaceKind::Admin && c.same_name) level[e.pcode.size() == 8 ? 2 : e.pcode.size() == 6 ? 1 : 0] = true;
        }
        std::string areas;
        for (int l = 0; l < 3; ++l)
            if (level[l])
                areas += std::string(areas.empty() ? "" : ", ") + "--place '" + phrase + " " +
                         (l == 0 ? "governorate" : l == 1 ? "district" : "sub-district") + "'";
        if (!areas.empty())
            io.err << "conflictmap render: note: --place '" << phrase << "' frames the town " << r.entry->name
                   << "; for the area of that name: " << areas << "\n";
    }
    double x0, y0, x1, y1;
    r.ref.geometry.bounds(x0, y0, x1, y1);
    // A town: the country around it (about 25 km each way, more for a wide place).
    const double km = std::max(25.0, 3 * r.ref.radius_km);
    const double dlat = km / 111.0, dlon = km / (111.0 * std::max(0.2, std::cos((y0 + y1) / 2 * M_PI / 180)));
    if (x1 - x0 < 2 * dlon) {
        const double c = (x0 + x1) / 2;
        x0 = c - dlon, x1 = c + dlon;
    }
    if (y1 - y0 < 2 * dlat) {
        const double c = (y0 + y1) / 2;
        y0 = c - dlat, y1 = c + dlat;
    }
    return {x0, y0, x1, y1};
}

int run_render(const ParsedArgs& args, Io& io) {
    if (!args.has("output")) throw UsageError("render needs -o OUT (.png, .tif, .pdf, .svg, .gif, .mp4, or a folder for numbered frames)");
    const std::string out = args.get("output");
    const bool animate = args.has("animate");
    std::string ext = ascii_lower(fs::path(out).extension().string());
    if (animate ? !(ext == ".gif" || ext == ".mp4" || ext.empty())
                : !(ext == ".png" || ext == ".tif" || ext == ".tiff" || ext == ".pdf" || ext == ".svg"))
        throw UsageError(animate ? "an animation is written as OUT.gif, OUT.mp4 or into a folder (OUT without an extension)"
                                 : "-o takes a .png, a .tif/.tiff (GeoTIFF), a .pdf or an .svg; --animate for .gif, .mp4 or a folder of frames");
    if (ext == ".mp4" && !render::VideoWriter::available())
        throw UsageError("MP4: " + render::VideoWriter::unavailable_reason());
    if ((ext == ".pdf" || ext == ".svg") && !render::vector_output_available())
        throw UsageError(ext.substr(1) + ": " + render::vector_output_unavailable_reason());

    ui::RenderJob job;
    job.output = out;
    const std::string size = args.get("size", "1920x1080");
    const auto x = size.find('x');
    try {
        if (x == std::string::npos) throw std::invalid_argument("size");
        std::size_t u1 = 0, u2 = 0;
        job.width = std::stoi(size.substr(0, x), &u1);
        job.height = std::stoi(size.substr(x + 1), &u2);
        if (u1 != x || u2 != size.size() - x - 1) throw std::invalid_argument("size");
    } catch (const std::exception&) {
        throw UsageError("--size is WIDTHxHEIGHT in pixels, e.g. 1920x1080");
    }
    // Up to 16384 a side (a 300-dpi A0 poster is 9933x14043), drawn in bands beyond 4 megapixels;
    // animations, whose frames are drawn whole, within 8192.
    const int max_side = animate ? 8192 : 16384;
    if (job.width < 64 || job.height < 64 || job.width > max_side || job.height > max_side)
        throw UsageError("--size must be between 64x64 and " + std::to_string(max_side) + "x" + std::to_string(max_side) +
                         (animate ? " for an animation" : "") + " (got " + size + ")");
    if (args.has("tile")) {
        job.tile = std::atoi(args.get("tile").c_str());
        if (job.tile < 256 || job.tile > 8192) throw UsageError("--tile is a number of pixels from 256 to 8192");
    }
    // Fail before any work when the output cannot be written.
    {
        const fs::path dir = fs::absolute(fs::path(out)).parent_path();
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) throw Error("the folder to write into does not exist", dir.string());
        if (::access(dir.c_str(), W_OK) != 0) throw Error("the folder to write into is not writable", dir.string());
        if (fs::is_directory(out, ec) && !animate) throw Error("is a folder; give a file name ending .png, .tif, .pdf or .svg", out);
    }

    ui::AppOptions app_opt;
    app_opt.restore_view = false;
    app_opt.save_view = false;
    app_opt.crs = args.get("crs", "EPSG:3857");
    app_opt.files = args.positional;
    for (const auto& f : app_opt.files) {
        std::error_code ec;
        if (!fs::exists(f, ec)) throw Error("no such file or folder", f);
    }
    std::shared_ptr<store::Store> st;
    std::unique_ptr<StorePacksDir> store_packs;
    if (args.has("store")) {
        st = store::Store::open(args.get("store"), false);
        app_opt.files.push_back(st->source());
        store_packs = std::make_unique<StorePacksDir>(*st);
        if (!store_packs->dir().empty()) app_opt.more_packs.push_back(store_packs->dir());
    }
    if (args.has("layer"))
        for (const std::string& one : split(args.get("layer"), ','))
            if (!one.empty()) app_opt.layers.push_back(one);
    if (args.has("assets")) app_opt.assets_dir = args.get("assets");

    // The briefing's decorations.
    ui::BriefingOptions b;
    b.title = args.get("title");
    b.subtitle = args.get("subtitle");
    b.title_block = !args.has("no-title");
    b.legend = !args.has("no-legend");
    b.scale_bar = !args.has("no-scale");
    b.north_arrow = !args.has("no-north");
    b.inset = !args.has("no-inset");
    b.credits = !args.has("no-credits");
    const int dpi = args.has("dpi") ? std::atoi(args.get("dpi").c_str()) : 96;
    if (dpi < 48 || dpi > 600) throw UsageError("--dpi is a number from 48 to 600 (96 is the screen's)");
    b.scale = static_cast<float>(dpi) / 96.0f;
    job.dpi = dpi;
    job.title = b.title;
    app_opt.ui_scale = b.scale;
    for (const std::string& l : app_opt.layers) b.user_credits.push_back("Layer: " + fs::path(l).filename().string() + " (the user's).");
    app_opt.briefing = b;

    // The time window: --from/--to, --at with --window, or all dates.
    std::optional<CivilDate> from, to;
    if (args.has("from")) from = parse_day(args, "from");
    if (args.has("to")) to = parse_day(args, "to");
    if (args.has("at")) {
        if (from || to) throw UsageError("--at is one day (or a window ending on it with --window); not with --from/--to");
        to = parse_day(args, "at");
        // The window ending on that day: "--at 2020-03-31 --window 1m" is March.
        const Length w = args.has("window") ? parse_length("window", args.get("window")) : Length{1, 0};
        from = w.start_ending_on(*to);
    } else if (args.has("window") && !animate) {
        const Length w = parse_length("window", args.get("window"));
        if (to && !from) from = w.start_ending_on(*to);
        else if (from && !to) to = w.after(*from).plus_days(-1);
        else throw UsageError("--window goes with --at DAY, --to DAY or --from DAY");
    }
    if (from && !to) to = from;
    if (to && !from) throw UsageError("--to needs --from (or use --at DAY --window 7d)");
    if (from && to && *to < *from) throw UsageError("--to is before --from");
    if (animate) {
        if (!from || !to) throw UsageError("--animate needs --from and --to");
        job.animate = true;
        const Length step = parse_length("step", args.get("step", "1d"));
        const Length window = args.has("window") ? parse_length("window", args.get("window")) : step;
        job.fps = args.has("fps") ? std::atoi(args.get("fps").c_str()) : 4;
        if (job.fps < 1 || job.fps > 50) throw UsageError("--fps is a number from 1 to 50");
        // Frame k starts k steps after --from (counted from it, so month ends stay month ends) and
        // lasts a window; frames start up to --to.
        for (int k = 0;; ++k) {
            const CivilDate a = step.after(*from, k);
            if (*to < a) break;
            if (job.frames.size() >= 5000) throw UsageError("more than 5000 frames: use a longer --step");
            job.frames.emplace_back(a.days(), window.after(a).plus_days(-1).days());
        }
    }
    if (from && !animate) {
        app_opt.start_date = from->iso();
        app_opt.end_date = to->iso();
    }
    if (animate) {
        app_opt.start_date = from->iso();
        app_opt.end_date = CivilDate::from_days(job.frames.front().second).iso();
    }

    // Filters and layers, as in the viewer.
    const std::string style = args.get("style", "light");
    if (!render::style::palette_named(style)) throw UsageError("--style is light, dark or print");
    std::set<EventType> types;
    if (args.has("type")) types = parse_event_types(args.get("type"));
    int min_fatalities = 0;
    if (args.has("min-fatalities")) {
        min_fatalities = std::atoi(args.get("min-fatalities").c_str());
        if (min_fatalities < 0) throw UsageError("--min-fatalities is a whole number from 0");
    }
    const std::string text = args.get("text");
    std::set<std::string> hidden;
    if (args.has("hide"))
        for (const std::string& h : split(args.get("hide"), ',')) {
            const std::string l = ascii_lower(trim(h));
            if (l != "events" && l != "routes" && l != "zones" && l != "labels" && l != "basemap")
                throw UsageError("--hide takes events, routes, zones, labels or basemap");
            hidden.insert(l);
        }
    app_opt.adjust_view = [=](ui::ViewState& v) {
        v.map_style = style;
        if (!types.empty()) {
            v.filter.type_mask = 0;
            for (EventType t : types) v.filter.type_mask |= static_cast<std::uint8_t>(1u << static_cast<int>(t));
        }
        v.filter.min_fatalities = min_fatalities;
        v.filter.text = text;
        v.layers.events = !hidden.count("events");
        v.layers.routes = !hidden.count("routes");
        v.layers.zones = !hidden.count("zones");
        v.layers.labels = !hidden.count("labels");
        if (hidden.count("basemap")) v.layers.basemap.admin = v.layers.basemap.rivers = v.layers.basemap.roads = false;
    };
    if (args.has("bbox") && args.has("place")) throw UsageError("--bbox or --place, not both");
    if (args.has("bbox")) app_opt.fit_box = parse_bbox(args.get("bbox"));
    if (args.has("place")) app_opt.fit_box = place_box(args.get("place"), args, io);

    ui::App app(app_opt);
    const int status = ui::render_briefing(app, job, io.out, io.err);
    // What was left out while reading is said, and counted in the exit status.
    for (const Diagnostic& d : app.messages())
        io.err << "conflictmap render: " << d.to_string() << "\n";
    if (status == 0 && (app.rows_skipped() || app.files_failed())) {
        io.err << "conflictmap render: " << plural(app.rows_skipped(), "row skipped", "rows skipped") << ", "
               << plural(app.files_failed(), "file not read or cut short", "files not read or cut short") << " (see above)\n";
        return 1;
    }
    return status;
}

}  // namespace

const Command& render_command() {
    static const Command c{
        "render",
        "a briefing picture or animation: the map titled and dated, with legend, scale, north arrow, inset and credits",
        "render [FILE|DIR...|--store S] -o OUT.png|.tif|.pdf|.svg|.gif|.mp4|FOLDER [--from D --to D | --at D [--window 7d]] "
        "[--place NAME | --bbox W,S,E,N] [--size WxH] [--style light|dark|print] [--title T] [--animate --step 1d --fps 4]",
        with_gazetteer_options({
            {"output", 'o', "OUT", "the picture: .png, .tif (GeoTIFF in the map's CRS), .pdf or .svg (text as vector); with --animate .gif, .mp4 or a folder"},
            {"size", 0, "WxH", "pixels, up to 8192x8192", "1920x1080"},
            {"dpi", 0, "N", "text and marks sized for this many dots per inch (96: the screen's)", "96"},
            {"from", 0, "YYYY-MM-DD", "the time window's first day (default: all dates)"},
            {"to", 0, "YYYY-MM-DD", "... and its last day"},
            {"at", 0, "YYYY-MM-DD", "one day, or the window ending on it with --window"},
            {"window", 0, "LEN", "the window's length: 1d, 7d, 2w, 1m"},
            {"place", 0, "NAME", "frame a place the gazetteer knows (\"Idlib\", \"Saraqib\")"},
            {"bbox", 0, "W,S,E,N", "frame this box in degrees"},
            {"style", 0, "STYLE", "light, dark or print", "light"},
            {"title", 0, "TEXT", "the title"},
            {"subtitle", 0, "TEXT", "a line under it"},
            {"type", 0, "TYPES", "only these event types (battles, explosions, violence, strategic, protests, riots)"},
            {"min-fatalities", 0, "N", "only events with at least N killed"},
            {"text", 0, "WORDS", "only events with these words in their summary, actors, place, kind or id"},
            {"hide", 0, "LAYERS", "leave out: events, routes, zones, labels, basemap (its lines)"},
            {"no-title", 0, nullptr, "no title block"},
            {"no-legend", 0, nullptr, "no legend"},
            {"no-scale", 0, nullptr, "no scale bar"},
            {"no-north", 0, nullptr, "no north arrow"},
            {"no-inset", 0, nullptr, "no locator inset"},
            {"no-credits", 0, nullptr, "no credits line (the sources' licences ask for it)"},
            {"layer", 0, "FILE[,FILE]", "map layers above the basemap (GeoTIFF, MBTiles, lines/areas)"},
            {"crs", 0, "CRS", "map projection", "EPSG:3857"},
            {"store", 0, "STORE", "a store's events (GeoPackage or PG:\"dbname=...\")"},
            {"assets", 0, "DIR", "basemap and sample folder (default: the bundled one)"},
            {"animate", 0, nullptr, "frames from --from to --to, a window (--window, default --step) every --step"},
            {"step", 0, "LEN", "animation: days between frames", "1d"},
            {"fps", 0, "N", "animation: frames per second", "4"},
            {"tile", 0, "N", "draw the picture in tiles of N pixels a side (default: whole up to 4 megapixels, beyond in bands of rows written as they are drawn)"},
        }),
        run_render};
    return c;
}

}  // namespace cm::cli
