// conflictmap cli: `view` — the map viewer on files (or the bundled sample), in a window where
// there is a display and headless (a PNG) where there is none; a fixed number of frames, a
// screenshot and replayed input make it scriptable.
#include <filesystem>

#include "cli/Cli.h"
#include "core/Paths.h"
#include "core/Utf8.h"
#include "cli/Common.h"
#include "store/Store.h"
#include "ui/App.h"
#include "ui/Runner.h"

namespace cm::cli {

namespace {

int parse_int(const ParsedArgs& args, const std::string& name, int fallback, int lo, int hi) {
    if (!args.has(name)) return fallback;
    try {
        std::size_t used = 0;
        const int v = std::stoi(args.get(name), &used);
        if (used == args.get(name).size() && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
}

int run_view(const ParsedArgs& args, Io& io) {
    ui::AppOptions app_opt;
    app_opt.files = args.positional;
    for (const auto& f : app_opt.files) {
        std::error_code ec;
        if (!std::filesystem::exists(f, ec)) throw Error("no such file or folder", f);
    }
    // A store: its events open like a file's, and the view is saved in it (not in the user's folder).
    std::shared_ptr<store::Store> st;
    std::unique_ptr<StorePacksDir> store_packs;  // lives while the viewer loads its gazetteer
    if (args.has("store")) {
        st = store::Store::open(args.get("store"), false);
        app_opt.files.push_back(st->source());
        app_opt.store_name = st->name();
        // The team's places kept in the store: the viewer's search and reports dropped on it find them.
        store_packs = std::make_unique<StorePacksDir>(*st);
        if (!store_packs->dir().empty()) app_opt.more_packs.push_back(store_packs->dir());
    }
    app_opt.crs = args.get("crs", "EPSG:3857");
    if (args.has("layer")) {
        // Several layers: comma-separated, in drawing order.
        for (const std::string& one : split(args.get("layer"), ','))
            if (!one.empty()) app_opt.layers.push_back(one);
    }
    if (args.has("assets")) app_opt.assets_dir = args.get("assets");
    // Two separate choices: --no-save still restores the last view, --no-restore still saves.
    app_opt.state_file = user_data_dir() / "view.json";
    if (st) {
        app_opt.load_view_text = [st] { return st->view(); };
        app_opt.save_view_text = [st](const std::string& json) { st->save_view(json); };
        app_opt.view_place = st->name();
    }
    app_opt.restore_view = !args.has("no-restore");
    app_opt.save_view = !args.has("no-save");
    if (args.has("ui-scale")) {
        try {
            app_opt.ui_scale = std::stof(args.get("ui-scale"));
        } catch (const std::exception&) {
            app_opt.ui_scale = -1;
        }
        if (!(app_opt.ui_scale >= 0.5f && app_opt.ui_scale <= 4.0f)) throw UsageError("--ui-scale is a number from 0.5 to 4, e.g. 1.5");
    }
    if (args.has("from")) app_opt.start_date = args.get("from");
    if (args.has("to")) app_opt.end_date = args.get("to");
    if (!app_opt.end_date.empty() && app_opt.start_date.empty()) throw UsageError("--to needs --from");
    for (const std::string* d : {&app_opt.start_date, &app_opt.end_date})
        if (!d->empty() && !CivilDate::parse_iso(*d)) throw UsageError("dates are YYYY-MM-DD, not '" + *d + "'");

    ui::RunOptions run;
    const std::string size = args.get("size", "1280x800");
    const auto x = size.find('x');
    try {
        if (x == std::string::npos) throw std::invalid_argument("size");
        run.width = std::stoi(size.substr(0, x));
        run.height = std::stoi(size.substr(x + 1));
    } catch (const std::exception&) {
        throw UsageError("--size is WIDTHxHEIGHT, e.g. 1280x800");
    }
    if (run.width < 320 || run.height < 240 || run.width > 8192 || run.height > 8192)
        throw UsageError("--size must be between 320x240 and 8192x8192");
    run.frames = parse_int(args, "frames", -1, 1, 1000000);
    run.screenshot = args.get("screenshot");
    run.replay_file = args.get("replay");
    run.headless = args.has("headless");
    if (!run.screenshot.empty() && run.frames < 0) run.frames = 5;
    ui::App app(app_opt);
    if (app.view_restored())
        io.err << "conflictmap view: restored the last view from " << (st ? st->name() : app_opt.state_file.string())
               << " (--no-restore starts afresh)\n";
    const int status = ui::run_viewer(app, run, io.out, io.err);
    // A scripted or headless run (frames given, or no window) has no Messages panel to look at:
    // what was left out is said on stderr, in the last line and in the exit status.
    if (run.frames >= 0 || run.headless || !ui::display_available()) {
        std::size_t shown = 0;
        for (const Diagnostic& d : app.messages()) {
            if (shown++ >= 50) {
                io.err << "conflictmap view: ... and " << (app.messages().size() - 50) << " more messages\n";
                break;
            }
            io.err << "conflictmap view: " << d.to_string() << "\n";
        }
        if (app.rows_skipped() || app.files_failed()) {
            io.err << "conflictmap view: " << plural(app.rows_skipped(), "row skipped", "rows skipped") << ", "
                   << plural(app.files_failed(), "file not read or cut short", "files not read or cut short") << " (see above)\n";
            return status ? status : 1;
        }
    }
    return status;
}

}  // namespace

const Command& view_command() {
    static const Command c{
        "view",
        "the map viewer: events, routes and zones on a map scrubbed along a timeline",
        "view [FILE|DIR...] [--frames N] [--screenshot FILE.png] [--size WxH] [--headless] [--replay SCRIPT]",
        {
            {"frames", 'n', "N", "run N frames after loading, then exit (default: until the window closes)"},
            {"screenshot", 's', "FILE", "write the last frame as PNG (implies --frames 5 unless given)"},
            {"size", 0, "WxH", "window or image size in pixels", "1280x800"},
            {"headless", 0, nullptr, "render offscreen (EGL) even where there is a display"},
            {"replay", 0, "SCRIPT", "replay input from a script (see the README: view)"},
            {"layer", 0, "FILE[,FILE]", "map layers above the basemap: GeoTIFF, MBTiles, or lines/areas (GeoPackage, shapefile, GeoJSON, KML)"},
            {"crs", 0, "CRS", "map projection: EPSG:3857 (Web Mercator) or e.g. EPSG:32637 (UTM 37N)", "EPSG:3857"},
            {"from", 0, "YYYY-MM-DD", "open with the time window starting on this day"},
            {"to", 0, "YYYY-MM-DD", "... and ending on this day (default: the same day)"},
            {"assets", 0, "DIR", "basemap and sample folder (default: the bundled one)"},
            {"store", 0, "STORE", "open a store (GeoPackage or PG:\"dbname=...\"): its events, and its saved view"},
            {"no-restore", 0, nullptr, "do not restore the last session's view"},
            {"no-save", 0, nullptr, "do not save the view on exit"},
            {"ui-scale", 0, "S", "size of panels and text, e.g. 1.5 (default: the screen's, or the View menu's choice)"},
        },
        run_view};
    return c;
}

}  // namespace cm::cli
