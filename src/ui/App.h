// conflictmap ui: the viewer application — the map with its panels (timeline, filters, layers,
// legend, inspector, search, messages), input on the map, loading, and the saved view. It runs
// the same under a window (GLFW) or headless (EGL): a Runner owns the context and the frame
// loop and calls update() between ImGui::NewFrame() and ImGui::Render(), then draw_map().
#pragma once
#include <functional>
#include <optional>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/Error.h"
#include "events/EventTable.h"
#include "events/Filter.h"
#include "gazetteer/Gazetteer.h"
#include "gazetteer/Resolver.h"
#include "render/BasemapPlaces.h"
#include "render/MapRenderer.h"
#include "ui/Briefing.h"
#include "ui/Loader.h"
#include "ui/Painter.h"
#include "ui/ViewState.h"

struct ImFont;

namespace cm::ui {

struct AppOptions {
    std::vector<std::string> files;        ///< what to open; empty = the bundled sample
    std::vector<std::string> layers;       ///< user map layers (GeoTIFF, MBTiles, GeoPackage/shapefile areas)
    std::string crs = "EPSG:3857";         ///< map projection
    std::filesystem::path assets_dir;      ///< basemap and sample; empty = found automatically
    std::filesystem::path state_file;      ///< the saved view; empty = none kept
    /// The saved view kept elsewhere (a store): when set, these replace state_file. The name says
    /// where, in messages; load gives nothing when none was saved; save throws cm::Error.
    std::function<std::optional<std::string>()> load_view_text;
    std::function<void(const std::string&)> save_view_text;
    std::string view_place;
    bool restore_view = true;              ///< read state_file on start
    bool save_view = true;                 ///< write state_file on exit (independent of restore_view)
    std::string start_date, end_date;      ///< ISO days: an initial time window (overrides the saved one)
    float ui_scale = 0;                    ///< panels and text; 0 = the view's, else the screen's content scale
    /// Folders of gazetteer packs loaded after the user's (a store's packs, written out).
    std::vector<std::filesystem::path> more_packs;
    /// A briefing (conflictmap render): no panels, the briefing's decorations instead.
    std::optional<BriefingOptions> briefing;
    /// Called once the saved view is read (or not), before anything loads: the command line's
    /// choices (time window, filters, layers, style) go into the view here.
    std::function<void(ViewState&)> adjust_view;
    /// Frame this longitude/latitude box (west, south, east, north) instead of the data.
    std::optional<std::array<double, 4>> fit_box;
    /// The store the view opened (as printable: no password), for the commands that remake it.
    std::string store_name;
    /// The conflictmap program that renders briefings in the background; empty = this process's
    /// own executable when it is conflictmap.
    std::filesystem::path program;
};

/// Where the bundled assets are: $CONFLICTMAP_ASSETS_DIR, the installed share/conflictmap/assets,
/// or the source tree's assets/.
std::filesystem::path default_assets_dir();
/// The bundled sample's event file.
std::filesystem::path sample_events_file(const std::filesystem::path& assets_dir);

class App {
public:
    explicit App(AppOptions options);
    ~App();

    /// Needs the GL context and the ImGui context: fonts, renderer, basemap; starts loading.
    /// The same as init_cpu() then init_gl().
    void init_graphics();
    /// The part that needs the ImGui context but no GL (font atlas, renderer, basemap): a runner
    /// may run it on another thread while it makes the GL context, touching neither ImGui nor
    /// this App until it returns.
    void init_cpu();
    /// The rest, on the thread with the GL context: user layers, messages, the first view.
    void init_gl();
    /// The screen's content scale (HiDPI), from the runner; used when no scale is chosen.
    void set_content_scale(float s) { m_content_scale = s > 0 ? s : 1; }
    /// The scale of panels and text in use: the View menu's choice, else --ui-scale, else the screen's.
    float ui_scale() const;
    /// For runners, between frames: the scale changed, so the font atlas must be built again
    /// (then the renderer backend's font texture recreated).
    bool fonts_need_rebuild() const;
    void build_fonts();
    /// One frame of UI and input; fb size in pixels, dt in seconds.
    void update(int fb_width, int fb_height, float dt);
    /// Draws the map into the bound framebuffer (before ImGui's draw data).
    void draw_map();
    /// A picture drawn once, after its last update(): the event table and what the layers keep
    /// per row are let go (a million rows: ~100 MB) before the drawing, which needs only what
    /// that update laid out. After it, draw_map() and draw_map_tile() only; no more update().
    void release_rows();
    /// Draws the part of the frame's map from pixel (x0, y0), w x h pixels, into a viewport of
    /// that size (a tile of a picture too big to draw whole; texts and decorations are Dear
    /// ImGui's, drawn over each tile separately).
    void draw_map_tile(int x0, int y0, int w, int h);
    /// Texts and decorations over the map are recorded into ops (for a PDF or SVG) instead of
    /// drawn, while ops is not null; each frame adds to it (the caller clears it).
    void record_paint(std::vector<render::PaintOp>* ops) { m_paint_record = ops; }
    /// Where texts over the map go: Dear ImGui's background list, or the recording.
    Painter painter();
    /// Saves the view (if a state file is set). Called by the runner on exit.
    void shutdown();
    /// Adds files (drag-and-drop, the open box): rasters and shapefiles/KML become map layers,
    /// the rest is loaded as events (everything reloads with them included).
    void open_files(const std::vector<std::string>& paths);
    /// Adds a map layer; a file GDAL cannot draw is reported in Messages. True if added.
    bool add_layer(const std::string& path);

    // ---- for runners, tests and scripts ----
    bool loading() const { return m_loader.busy() || m_pending_first_load; }
    void wait_for_load();
    const ViewState& view() const { return m_view; }
    ViewState& view_mut() { return m_view; }
    const events::EventTable* table() const { return m_table.get(); }
    const render::MapRenderer* renderer() const { return m_renderer.get(); }
    std::int64_t selected_row() const { return m_selected; }
    bool inspector_open() const { return m_inspector_open; }
    const std::vector<std::int64_t>& pick_list() const { return m_pick_list; }
    /// Rows passing the filters (all time).
    std::size_t passing() const { return m_passing; }
    /// What the filter panel's lists show beside each entry (every other filter applied).
    const events::TypeCounts& type_counts() const { return m_type_counts; }
    const std::vector<std::size_t>& actor_counts() const { return m_actor_counts; }
    /// Rows in the time window that pass the filters but cannot be drawn (country-level or
    /// without a location), in table order: what "N not on the map" lists (from the last frame).
    const std::vector<std::int64_t>& off_map_rows() const;
    /// Selects a row and opens the inspector on it (-1 clears).
    void select_row(std::int64_t row) {
        select(row);
        m_inspector_open = row >= 0;
    }
    const std::vector<Diagnostic>& messages() const { return m_messages; }
    /// Whether the Messages panel is open (it opens by itself when a load left something out).
    bool messages_shown() const { return m_show_messages; }
    /// The source text the inspector shows for the selected event (its paragraph, or the row's
    /// own source text for imported data); empty when nothing is shown.
    const std::string& inspector_source() const { return m_inspector_paragraph; }
    bool quit_requested() const { return m_quit; }
    /// True if the view was restored from the state file on start.
    bool view_restored() const { return m_view_restored; }
    /// The screen position of a row's symbol at the last prepared frame (false if not drawn).
    bool screen_position(std::int64_t row, float& sx, float& sy) const;
    /// The search box: resolves a place or phrase. Found (resolved, or namesakes the context
    /// cannot tell apart): the map flies there and marks it until dismissed. Not found (nothing,
    /// or only near spellings): the map stays and the nearest names are offered.
    void search_place(const std::string& phrase);
    /// The last search's outcome, for the panel and tests.
    struct SearchResult {
        std::string query;
        bool found = false;
        std::string message;                 ///< what the panel says
        GeoRef ref;                          ///< the marked place (found only)
        std::string label;                   ///< its name, shown by the marker
        std::vector<std::string> suggestions;///< the nearest names (not found, or the other namesakes)
    };
    const SearchResult& search_result() const { return m_search_result; }
    bool search_marker_shown() const { return m_search_marker; }
    /// The measure tool (M): its points and their geodesic length in km.
    bool measuring() const { return m_measuring; }
    const std::vector<LonLat>& measure_points() const { return m_measure; }
    double measure_km() const;
    bool help_shown() const { return m_show_help; }
    /// What the last load left out: bad rows and files that gave nothing (each in messages()).
    std::size_t rows_skipped() const { return m_rows_skipped; }
    std::size_t files_failed() const { return m_files_failed; }
    /// Rows under the pointer at the last frame (what its tooltip showed).
    const std::vector<std::int64_t>& hovered_rows() const { return m_hovered; }
    /// The timeline panel's height in pixels (it follows the UI scale).
    float timeline_height() const { return m_timeline_height; }
    /// File > Export events: what passes the filters in the time window (or everything) to a
    /// GeoJSON file, written whole or not at all. Returns the number of events written; problems
    /// go to Messages (and a thrown cm::Error is caught there).
    std::size_t export_events(const std::string& path, bool everything);
    /// File > Export image: the next frame is drawn without panels (map, legend, scale) and
    /// written to path as PNG by the runner.
    void export_image(const std::string& path) { m_export_image = path; m_export_stage = 1; }
    /// The `conflictmap render` arguments (after "render") that remake the current view as a
    /// briefing: files or store, time window, the map's extent, style, the filters the command
    /// line has (types, fatalities, words), hidden layers, title, size and output.
    std::vector<std::string> briefing_args(const std::string& out, int width, int height, const std::string& title,
                                           const std::string& subtitle, int dpi = 96) const;
    /// File > Export image as a briefing: runs `conflictmap render` with briefing_args in a child
    /// process of this same program (the same code as the command line, never a shell); the
    /// outcome goes to Messages when it ends. False if it could not start (said in Messages).
    bool render_briefing_in_background(const std::vector<std::string>& args);
    /// True while a background briefing is being rendered.
    bool briefing_running() const { return m_briefing_pid > 0; }
    /// Waits for a background briefing to end and reports it (tests, shutdown).
    void wait_for_briefing();
    /// For runners: a message for the Messages panel (an export written or failed).
    void note(Diagnostic d) {
        if (d.level == Diagnostic::Level::Error) m_show_messages = true;
        m_messages.push_back(std::move(d));
    }
    /// For runners: the path to write this frame to (its panels left out), once; "" otherwise.
    std::string take_frame_export() {
        if (m_export_stage != 2) return {};
        m_export_stage = 0;
        return m_export_image;
    }
    void dismiss_search() {
        m_search_marker = false;
        m_search_panel = false;
    }
    /// Frames the events that pass the filter.
    void zoom_to_all();
    /// Sets the time window to [first, last] days (custom preset).
    void set_time_window(std::int32_t first_day, std::int32_t last_day);
    /// The day at the middle of the timeline's visible range, within the data.
    std::int32_t day_in_view() const;
    /// The timeline's visible day range.
    std::pair<double, double> timeline_range() const { return {m_tl_view0, m_tl_view1}; }

private:
    friend void draw_timeline(App&);
    friend void draw_filters(App&);
    friend void draw_layers(App&);
    friend void draw_legend(App&);
    friend void draw_briefing(App&, const BriefingOptions&);
    friend void draw_inspector(App&);

    /// The style at the fonts' scale, once the atlas is built or read.
    void finish_fonts(float scale);
    void poll_loader();
    void apply_filter_if_changed();
    void handle_map_input();
    void handle_keys();
    void advance_playback(float dt);
    void draw_menu_bar();
    void draw_search();
    void draw_status();
    void draw_messages();
    void draw_off_map();
    void prepare_map(std::int64_t selected_row);
    void draw_map_texts();
    void select(std::int64_t row);
    void zoom_to_selection();
    void draw_search_marker();
    void draw_map_furniture();   // scale bar, cursor coordinates, the measure line
    void draw_help();
    void draw_about();
    void draw_export();
    void frame_default_view();
    void set_preset(WindowPreset p);
    /// The window grows from the data's first day (on) or slides with its former length (off).
    void set_cumulative(bool on);


    AppOptions m_opt;
    ViewState m_view;
    Diagnostics m_load_diag;
    std::shared_ptr<gaz::Gazetteer> m_gazetteer;
    Diagnostics m_gazetteer_diag;  // before the load that writes it, so that it outlives it
    /// The gazetteer loads while the window and GL context are made (started by the constructor).
    std::shared_future<std::shared_ptr<gaz::Gazetteer>> m_gazetteer_loading;  // the loader waits on it for reports
    std::filesystem::path m_places_cache;                   // the basemap places' cache file (a briefing of event files)
    std::optional<render::BasemapPlaces> m_basemap_places;  // read from it, or made from the gazetteer, until the basemap loads
    std::unique_ptr<gaz::Resolver> m_resolver;
    std::unique_ptr<render::MapRenderer> m_renderer;
    Loader m_loader;
    bool m_pending_first_load = true;
    bool m_zoom_all_pending = false;
    std::vector<std::string> m_files;
    std::shared_ptr<const events::EventTable> m_table;
    std::shared_ptr<const std::vector<std::uint8_t>> m_mask;
    std::uint64_t m_mask_version = 0;
    FilterState m_applied_filter;
    bool m_filter_dirty = true;
    events::DayHistogram m_histogram;
    events::TypeCounts m_type_counts{};
    std::size_t m_passing = 0;
    // Rows per kind, actor and source passing every other filter (what ticking one would show).
    std::vector<std::size_t> m_kind_counts, m_actor_counts, m_source_counts;
    std::size_t m_no_actor_count = 0;

    std::int64_t m_selected = -1;
    bool m_inspector_open = false;
    std::vector<std::int64_t> m_pick_list;
    std::string m_inspector_paragraph_for;  // cache key: source file + span
    std::string m_inspector_paragraph;
    std::size_t m_inspector_sentence_begin = 0, m_inspector_sentence_end = 0;

    bool m_playing = false;
    double m_play_accum = 0;
    double m_tl_view0 = 0, m_tl_view1 = 0;  // timeline's own visible day range
    int m_window_len_before_cumulative = 0;  // restored when cumulative is switched off
    char m_date_from[16] = {}, m_date_to[16] = {};  // the typed time window (timeline's date popup)
    std::string m_date_error;
    std::int32_t m_tl_seen_first = 0, m_tl_seen_last = -1;  // the window the timeline last followed
    int m_tl_drag = 0;                      // 0 none, 1 move, 2 left edge, 3 right edge, 4 pan, 5 select a range
    double m_tl_drag_anchor = 0;
    std::int32_t m_tl_drag_first = 0, m_tl_drag_last = 0;

    bool m_dragging_map = false;
    std::vector<std::int64_t> m_hovered;
    char m_search[256] = {};
    SearchResult m_search_result;
    bool m_search_marker = false;  // the found place is marked on the map
    std::vector<std::vector<render::Vec2f>> m_search_parts;  // its geometry in map units
    render::Vec2f m_search_point{};
    bool m_search_panel = false;   // the result panel under the search box is open
    bool m_focus_search = false;   // Ctrl+F: the box takes the keyboard next frame
    char m_filter_text[256] = {};
    char m_layer_path[512] = {};
    std::vector<Diagnostic> m_messages;
    bool m_show_messages = false;
    bool m_show_off_map = false;       // the list of rows in the window that the map cannot draw
    bool m_show_help = false, m_show_about = false;
    bool m_measuring = false;          // M: clicks on the map add measure points
    bool m_show_export = false;        // the export window
    bool m_export_everything = false;
    char m_export_events_path[512] = "conflictmap-events.geojson";
    char m_export_image_path[512] = "conflictmap-map.png";
    char m_briefing_path[512] = "conflictmap-briefing.png";
    char m_briefing_title[256] = "";
    char m_briefing_subtitle[256] = "";
    int m_briefing_size = 0;            // index into the sizes offered
    long m_briefing_pid = 0;            // the child rendering a briefing, 0 if none
    std::string m_briefing_log, m_briefing_out;
    void poll_briefing(bool wait);
    std::string m_export_image;        // the PNG the next clean frame goes to
    int m_export_stage = 0;            // 1 asked, 2 this frame is the clean one
    std::vector<LonLat> m_measure;     // the measured line's points
    bool m_quit = false;
    bool m_view_restored = false;
    bool m_fit_box_pending = false;  // AppOptions::fit_box: framed at the first frame after loading
    std::size_t m_rows_skipped = 0, m_files_failed = 0;
    render::FrameContext m_ctx;
    float ui(float px) const { return px * m_fonts_scale; }  // a layout size at the UI scale
    float m_content_scale = 1, m_fonts_scale = 1;
    bool m_font_warned = false;
    ImFont* m_font = nullptr;
    ImFont* m_font_small = nullptr;
    ImFont* m_font_halo = nullptr;  // m_font_small grown by a pixel: the labels' halos (null: none)
    std::vector<render::PaintOp>* m_paint_record = nullptr;
    bool lean_table() const;
    bool m_gazetteer_names = true;  // the gazetteer is loaded with its name index (not for a briefing of event files)
    ImFont* m_font_title = nullptr;  // briefings: the title (bold)
    ImFont* m_font_sub = nullptr;    // briefings: the subtitle and window
    float m_last_frame_ms = 0;
    float m_timeline_height = 190;
};

/// The table filter for the panel's state (names resolved to the table's ids).
events::Filter make_filter(const FilterState& fs, const events::EventTable& table);

/// Panels, one file each (they are friends of App).
void draw_timeline(App& app);
void draw_filters(App& app);
void draw_layers(App& app);
void draw_legend(App& app);
void draw_inspector(App& app);

}  // namespace cm::ui
