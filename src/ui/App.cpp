// conflictmap ui: the application frame — loading, filtering, map input, keys, playback, menus,
// search, status and messages. The panels live in their own files (Timeline, Filters, Layers,
// Inspector).
//
// [SECTION] setup and teardown
// [SECTION] loading and filtering
// [SECTION] the frame
// [SECTION] map input and keys
// [SECTION] camera and selection
// [SECTION] menu, search, status, messages
#include "ui/App.h"

#include <fcntl.h>
#include <imgui.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <fstream>
#include <iterator>
#include <map>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/Date.h"
#include "core/Paths.h"
#include "core/Trace.h"
#include "core/Utf8.h"
#include "ui/FontCache.h"
#include "render/Style.h"
#include "geo/Geodesic.h"
#include "io/EventExport.h"
#include "io/EventGeoJson.h"
#include "io/EventImport.h"

#ifndef CONFLICTMAP_SOURCE_ASSETS
#define CONFLICTMAP_SOURCE_ASSETS ""
#endif

namespace cm::ui {

namespace fs = std::filesystem;

// [SECTION] setup and teardown ---------------------------------------------------------------

fs::path default_assets_dir() {
    if (const char* env = std::getenv("CONFLICTMAP_ASSETS_DIR"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "conflictmap" / "assets";
        if (fs::exists(installed / "basemap", ec)) return installed;
    }
    return CONFLICTMAP_SOURCE_ASSETS;
}

fs::path sample_events_file(const fs::path& assets_dir) { return assets_dir / "sample" / "events.geojson"; }

App::App(AppOptions options) : m_opt(std::move(options)) {
    if (m_opt.assets_dir.empty()) m_opt.assets_dir = default_assets_dir();
    if (m_opt.restore_view && m_opt.load_view_text) {
        Diagnostics d;
        try {
            if (const auto text = m_opt.load_view_text()) m_view_restored = m_view.from_json(*text, m_opt.view_place, d);
        } catch (const Error& e) {
            d.warn(m_opt.view_place, 0, std::string("saved view not read: ") + e.what());
        }
        for (const auto& x : d.all()) m_messages.push_back(x);
    } else if (m_opt.restore_view && !m_opt.state_file.empty()) {
        Diagnostics d;
        m_view_restored = m_view.load(m_opt.state_file, d);
        for (const auto& x : d.all()) m_messages.push_back(x);
    }
    if (m_opt.adjust_view) m_opt.adjust_view(m_view);
    if (m_opt.fit_box) {
        m_fit_box_pending = true;
        m_view.camera_set = true;  // framed from the box, not from the data
    }
    m_applied_filter = m_view.filter;
    std::snprintf(m_filter_text, sizeof m_filter_text, "%s", m_view.filter.text.c_str());
    m_files = m_opt.files;
    if (m_files.empty()) m_files.push_back(sample_events_file(m_opt.assets_dir).string());
    // ~0.1 s of work that needs no GL: done while the runner makes the window and context. A
    // briefing of event files draws the gazetteer's places but looks up no name: no name index.
    m_gazetteer_names = !m_opt.briefing;
    for (const std::string& f : m_files) {
        std::error_code ec;
        m_gazetteer_names = m_gazetteer_names || is_report_file(f) || fs::is_directory(f, ec);
    }
    // Such a briefing needs of the gazetteer only the basemap's places: kept in a cache file from
    // the first one on, and then the gazetteer is not loaded at all (10,000 events on two cores:
    // 0.32 -> 0.25 s).
    if (!m_gazetteer_names) {
        m_places_cache = render::basemap_places_cache(m_opt.more_packs);
        if (!m_places_cache.empty()) m_basemap_places = render::BasemapPlaces::read(m_places_cache);
    }
    if (!m_basemap_places)
        m_gazetteer_loading = std::async(std::launch::async, [this, names = m_gazetteer_names]() -> std::shared_ptr<gaz::Gazetteer> {
                                  return gaz::Gazetteer::load_default(m_gazetteer_diag, m_opt.more_packs, names);
                              }).share();
    // The files are read from now on, while the runner makes the window or GL context and the
    // fonts, gazetteer and basemap load: event files need nothing of the gazetteer; reports wait
    // for it on the loader's thread (a million-event briefing on two cores: 3.41 -> 3.18 s,
    // medians of five alternated runs). A briefing of event files never asks for it.
    Loader::GazetteerSource gazetteer;
    if (m_gazetteer_names)
        gazetteer = [loading = m_gazetteer_loading]() -> const gaz::Gazetteer* {
            try {
                return loading.get().get();
            } catch (const std::exception&) {
                return nullptr;  // init_graphics reports why
            }
        };
    m_loader.start(m_files, std::move(gazetteer), lean_table());
}

// A briefing without a word filter never shows an event's details: a lean table.
bool App::lean_table() const { return m_opt.briefing && m_view.filter.text.empty(); }

App::~App() {
    if (m_gazetteer_loading.valid()) m_gazetteer_loading.wait();  // never leave the loader running
}

float App::ui_scale() const {
    const float s = m_view.ui_scale > 0 ? m_view.ui_scale : m_opt.ui_scale > 0 ? m_opt.ui_scale : m_content_scale;
    return std::clamp(s, 0.5f, 4.0f);
}

void App::build_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    const float s = ui_scale();
    m_font = m_font_small = m_font_halo = m_font_title = m_font_sub = nullptr;
    const char* fonts[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};
    const char* bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    // The atlas this scale and purpose make, from the cache when an earlier start made it: the
    // fonts in the order added below (UI, small, halo, then a briefing's title and subtitle).
    char recipe[64];
    std::snprintf(recipe, sizeof recipe, "scale %a briefing %d", static_cast<double>(s), m_opt.briefing ? 1 : 0);
    const fs::path cached = font_atlas_cache(recipe, {fonts[0], bold});
    if (!cached.empty() && load_font_atlas(*io.Fonts, cached) && io.Fonts->Fonts.Size == (m_opt.briefing ? 5 : 3)) {
        ImFont** roles[] = {&m_font, &m_font_small, &m_font_halo, &m_font_title, &m_font_sub};
        for (int i = 0; i < io.Fonts->Fonts.Size; ++i) *roles[i] = io.Fonts->Fonts[i];
        finish_fonts(s);
        return;
    }
    io.Fonts->Clear();
    // Room around each glyph for the halo face's one-pixel growth (grow_halo_glyphs).
    io.Fonts->TexGlyphPadding = 3;
    for (const char* f : fonts) {
        std::error_code ec;
        if (!fs::exists(f, ec)) continue;
        // Latin with its extensions (transliterated names), plus the dashes, arrows and
        // comparison signs the panels use.
        static ImVector<ImWchar> ranges;
        if (ranges.empty()) {
            ImFontGlyphRangesBuilder b;
            b.AddRanges(io.Fonts->GetGlyphRangesDefault());
            static const ImWchar extra[] = {0x0100, 0x024F, 0x1E00, 0x1EFF, 0x2010, 0x2027, 0x2190, 0x21FF,
                                            0x2264, 0x2265, 0x25A0, 0x25CF, 0x25B6, 0x25B6, 0};
            b.AddRanges(extra);
            b.BuildRanges(&ranges);
        }
        // Rasterised at the scale itself: sharp on large and HiDPI screens. Each face file is read
        // once and shared by the sizes made from it (the atlas does not own it). Horizontal
        // oversampling (sub-pixel placement) 2 for the UI and label sizes, where Dear ImGui finds
        // 3 no better, and none for the briefing's large title sizes: the briefing's atlas builds
        // in 30 ms instead of 42, and is half the size (1024x2048).
        auto face = [](const char* path) -> const std::vector<char>* {
            static std::map<std::string, std::vector<char>> files;
            auto it = files.find(path);
            if (it == files.end()) {
                std::ifstream in(path, std::ios::binary);
                it = files.emplace(path, std::vector<char>(std::istreambuf_iterator<char>(in), {})).first;
            }
            return it->second.empty() ? nullptr : &it->second;
        };
        auto add = [&](const char* path, float px, int oversample_h) -> ImFont* {
            const std::vector<char>* data = face(path);
            if (!data) return nullptr;
            ImFontConfig cfg;
            cfg.FontDataOwnedByAtlas = false;
            cfg.OversampleH = oversample_h;
            return io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(data->data()), static_cast<int>(data->size()),
                                                  std::round(px * s), &cfg, ranges.Data);
        };
        m_font = add(f, 15.0f, 2);
        m_font_small = add(f, 13.0f, 2);
        // The labels' halo face: the small font, one texel per pixel, grown once the atlas is built.
        m_font_halo = add(f, 13.0f, 1);  // not pixel-snapped: its advances are the text's
        if (!m_font || !m_font_small) continue;
        if (m_opt.briefing) {
            std::error_code ec2;
            m_font_title = add(fs::exists(bold, ec2) ? bold : f, 26.0f, 1);
            m_font_sub = add(f, 16.0f, 1);
        }
        break;
    }
    if (!m_font) {
        ImFontConfig cfg;
        cfg.SizePixels = std::round(13.0f * s);
        m_font = m_font_small = m_font_title = m_font_sub = io.Fonts->AddFontDefault(&cfg);
        m_font_halo = nullptr;
        if (!m_font_warned) {
            m_font_warned = true;
            m_messages.push_back({Diagnostic::Level::Warning, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0,
                                  "font not found (package fonts-dejavu-core); using Dear ImGui's built-in font"});
        }
    }
    if (m_font_halo && io.Fonts->Build()) {
        grow_halo_glyphs(io.Fonts, m_font_halo);
        // Kept for the next start; a cache that cannot be written is only slower next time.
        if (!cached.empty()) try {
                save_font_atlas(*io.Fonts, cached);
            } catch (const Error&) {
            }
    }
    finish_fonts(s);
}

void App::finish_fonts(float s) {
    ImGuiStyle& st = ImGui::GetStyle();
    st = ImGuiStyle();
    ImGui::StyleColorsLight(&st);
    st.WindowRounding = 4;
    st.FrameRounding = 3;
    st.WindowBorderSize = 1;
    st.Colors[ImGuiCol_WindowBg].w = 1.0f;  // panels never show each other through
    st.ScaleAllSizes(s);
    m_timeline_height = std::round(190 * s);
    m_fonts_scale = s;
}

bool App::fonts_need_rebuild() const { return std::abs(ui_scale() - m_fonts_scale) > 1e-3f; }

void App::init_graphics() {
    init_cpu();
    init_gl();
}

void App::init_cpu() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // panel placement is ours; the view is saved in its own file
    build_fonts();
    trace("fonts built");

    Diagnostics diag;
    try {
        if (m_gazetteer_loading.valid()) {
            m_gazetteer = m_gazetteer_loading.get();
            trace("gazetteer loaded");
            m_resolver = std::make_unique<gaz::Resolver>(*m_gazetteer);
        }
    } catch (const Error& e) {
        diag.error(e.file(), e.line(), "gazetteer not loaded: " + e.message());
    }
    for (const auto& d : m_gazetteer_diag.all()) m_messages.push_back(d);
    try {
        m_renderer = std::make_unique<render::MapRenderer>(m_opt.crs);
    } catch (const Error& e) {
        diag.error("", 0, e.message() + "; using Web Mercator");
        m_renderer = std::make_unique<render::MapRenderer>("EPSG:3857");
    }
    if (!m_basemap_places && m_gazetteer) {
        m_basemap_places = render::BasemapPlaces::from(*m_gazetteer);
        // Kept for the next briefing; a cache that cannot be written is only slower next time.
        if (!m_places_cache.empty()) try {
                m_basemap_places->write(m_places_cache);
            } catch (const Error&) {
            }
    }
    m_renderer->load_basemap(m_opt.assets_dir, m_basemap_places ? &*m_basemap_places : nullptr, diag);
    m_basemap_places.reset();  // the basemap holds what it drew from them
    trace("basemap loaded");
    m_renderer->set_basemap_cache(!m_opt.briefing);  // a briefing draws its map once
    if (!m_gazetteer_names) {
        // A briefing of event files: the places are in the basemap now, and nothing else needs them.
        m_resolver.reset();
        m_gazetteer.reset();
        m_gazetteer_loading = {};  // its shared state held the gazetteer too
    }
    for (const auto& d : diag.all()) m_messages.push_back(d);
}

void App::init_gl() {
    for (const auto& l : m_opt.layers) add_layer(l);
    if (!m_messages.empty()) m_show_messages = std::any_of(m_messages.begin(), m_messages.end(), [](const Diagnostic& d) {
        return d.level == Diagnostic::Level::Error;
    });
    if (!m_view.camera_set) frame_default_view();
}

void App::shutdown() {
    m_loader.cancel();
    poll_briefing(true);  // a briefing being rendered finishes; its picture is the user's
    if (!m_opt.save_view) return;
    if (!m_opt.save_view_text && m_opt.state_file.empty()) return;
    try {
        if (m_opt.save_view_text) m_opt.save_view_text(m_view.to_json());
        else m_view.save(m_opt.state_file);
    } catch (const Error& e) {
        m_messages.push_back({Diagnostic::Level::Error, e.file(), 0, e.message()});
    }
}

namespace {
// Files that are map layers rather than events when dropped on the window.
bool is_layer_file(const std::string& path) {
    const std::string ext = lower_extension(path);
    for (const char* e : {".tif", ".tiff", ".mbtiles", ".jp2", ".vrt", ".ecw", ".img", ".shp", ".kml", ".kmz"})
        if (ext == e) return true;
    return false;
}
}  // namespace

bool App::add_layer(const std::string& path) {
    try {
        const render::UserLayer& l = m_renderer->add_user_layer(path);
        m_view.show_layers = true;
        m_messages.push_back({Diagnostic::Level::Warning, path, 0, "layer added: " + l.description()});
        for (const Diagnostic& d : l.problems()) m_messages.push_back(d);
        if (!l.problems().empty()) {
            m_messages.push_back({Diagnostic::Level::Warning, path, 0,
                                  std::to_string(l.problems().size()) + " problems in this layer (see above)"});
            m_show_messages = true;
        }
        return true;
    } catch (const Error& e) {
        m_messages.push_back({Diagnostic::Level::Error, e.file().empty() ? path : e.file(), e.line(), e.message()});
        m_show_messages = true;
        return false;
    }
}

void App::open_files(const std::vector<std::string>& paths) {
    bool events = false;
    for (const auto& p : paths) {
        if (is_layer_file(p)) {
            add_layer(p);
            continue;
        }
        if (std::find(m_files.begin(), m_files.end(), p) == m_files.end()) m_files.push_back(p);
        events = true;
    }
    if (events) m_loader.start(m_files, m_gazetteer.get());
}

void App::wait_for_load() {
    m_loader.wait();
    trace("events read");
    poll_loader();
    trace("event table made");
}

// The frame context and the renderer's batches for this frame (palette, camera, window, the
// selected row, the UI scale; labels measured with the small font).
void App::prepare_map(std::int64_t selected_row) {
    if (const render::style::Palette* pal = render::style::palette_named(m_view.map_style); pal && pal != &m_renderer->palette())
        m_renderer->set_palette(*pal);
    m_ctx.camera = m_view.camera;
    m_ctx.time = m_view.time;
    m_ctx.selected_row = selected_row;
    m_ctx.ui_scale = ui_scale();
    ImFont* small = m_font_small;
    m_renderer->prepare(m_ctx, m_view.layers, [small](const std::string& s) {
        const ImVec2 v = small->CalcTextSizeA(small->FontSize, 1e9f, 0, s.c_str());
        return std::pair<float, float>(v.x, v.y);
    });
}

// [SECTION] loading and filtering ------------------------------------------------------------

void App::poll_loader() {
    std::optional<LoadResult> r = m_loader.take();
    if (!r) return;
    const bool first = m_pending_first_load;
    m_pending_first_load = false;
    for (const auto& d : r->diagnostics) m_messages.push_back(d);
    m_rows_skipped = r->rows_skipped;
    m_files_failed = r->files_failed;
    if (r->rows_skipped || r->files_failed) {
        // Said once more at the end, with the count, and shown: rows left out are never silent.
        m_messages.push_back({Diagnostic::Level::Warning, "", 0,
                              plural(r->rows_skipped, "row left out", "rows left out") + ", " +
                                  plural(r->files_failed, "file not read or cut short", "files not read or cut short") +
                                  " (see above)"});
        m_show_messages = true;
    }
    if (std::any_of(r->diagnostics.begin(), r->diagnostics.end(),
                    [](const Diagnostic& d) { return d.level == Diagnostic::Level::Error; }))
        m_show_messages = true;
    if (!r->table) return;
    m_table = r->table;
    m_renderer->set_table(m_table);
    m_selected = -1;
    m_pick_list.clear();
    m_inspector_open = false;
    m_filter_dirty = true;
    apply_filter_if_changed();
    if (m_table->dated_rows > 0) {
        m_tl_view0 = m_table->min_day - 3;
        m_tl_view1 = m_table->max_day + 4;
        if (!m_opt.start_date.empty()) {
            const auto a = CivilDate::parse_iso(m_opt.start_date);
            const auto b = CivilDate::parse_iso(m_opt.end_date.empty() ? m_opt.start_date : m_opt.end_date);
            if (a && b) set_time_window(a->days(), b->days());
        } else if (first && !m_view.camera_set) {
            if (m_opt.files.empty()) {
                // The bundled sample opens on the spring of 2020 (the M4 patrols and the
                // corridor); the timeline still shows all of its dates.
                set_time_window(CivilDate{2020, 3, 1}.days(), CivilDate{2020, 5, 31}.days());
            } else {
                set_preset(WindowPreset::All);
            }
        }
    }
    // Framed in update(), once the frame's size is known.
    if (first && !m_view.camera_set) m_zoom_all_pending = true;
}

void App::apply_filter_if_changed() {
    if (!m_table) return;
    if (!m_filter_dirty && m_view.filter == m_applied_filter) return;
    m_filter_dirty = false;
    m_applied_filter = m_view.filter;
    const events::Filter f = make_filter(m_view.filter, *m_table);
    auto mask = std::make_shared<std::vector<std::uint8_t>>(events::apply(*m_table, f));
    m_histogram = events::histogram(*m_table, *mask);
    m_passing = events::count_passing(*mask);
    // Each list's counts follow every other filter but not its own: what ticking one would show.
    events::Facets fc = events::facets(*m_table, f);
    m_type_counts = fc.types;
    m_kind_counts = std::move(fc.kinds);
    m_actor_counts = std::move(fc.actors);
    m_source_counts = std::move(fc.sources);
    m_no_actor_count = fc.no_actor;
    m_mask = mask;
    m_renderer->set_mask(m_mask, ++m_mask_version);
}

events::Filter make_filter(const FilterState& fs, const events::EventTable& table) {
    events::Filter f;
    f.type_mask = fs.type_mask;
    auto ids = [](const std::vector<std::string>& pool, const std::set<std::string>& names, std::set<std::uint32_t>& out) {
        for (std::uint32_t i = 0; i < pool.size(); ++i)
            if (names.count(pool[i])) out.insert(i);
        // Names no longer in the data select nothing rather than everything.
        if (!names.empty() && out.empty()) out.insert(UINT32_MAX);
    };
    ids(table.kinds, fs.kinds, f.kind_ids);
    // Sources by outlet, known by outlet_key (a name saved in another spelling, "Air Wars" for
    // "Airwars", chooses it); a name saved as a list ("SOHR;Airwars", before outlets were told
    // apart) chooses each of its outlets.
    std::set<std::string> outlets;
    for (const std::string& name : fs.sources)
        for (const std::string& part : split(name, ';'))
            if (std::string key = events::outlet_key(part); !key.empty()) outlets.insert(std::move(key));
    std::vector<std::string> keys;
    keys.reserve(table.outlets.size());
    for (const std::string& o : table.outlets) keys.push_back(events::outlet_key(o));
    ids(keys, outlets, f.source_ids);
    if (!fs.actors_ticked_by_default || !fs.actors.empty()) {
        f.actor_ticked.assign(table.actors.size(), fs.actors_ticked_by_default ? 1 : 0);
        for (std::size_t i = 1; i < table.actors.size(); ++i)
            if (fs.actors.count(table.actors[i])) f.actor_ticked[i] = fs.actors_ticked_by_default ? 0 : 1;
    }
    f.actor_rule = fs.actors_involving ? events::Filter::ActorRule::Involving : events::Filter::ActorRule::Excluding;
    f.pass_no_actors = fs.no_actor_rows;
    f.min_fatalities = fs.min_fatalities;
    f.max_loc_precision = fs.max_loc_precision;
    f.text = ascii_lower(fs.text);
    f.show_undated = fs.show_undated;
    return f;
}

// [SECTION] the frame ------------------------------------------------------------------------

void App::update(int fb_width, int fb_height, float dt) {
    const auto t0 = std::chrono::steady_clock::now();
    poll_briefing(false);
    m_ctx.camera.width = std::max(1, fb_width);
    m_ctx.camera.height = std::max(1, fb_height);
    m_view.camera.width = m_ctx.camera.width;
    m_view.camera.height = m_ctx.camera.height;
    poll_loader();
    apply_filter_if_changed();
    if (m_fit_box_pending && m_renderer) {
        m_fit_box_pending = false;
        const auto& b = *m_opt.fit_box;
        const render::Vec2f p0 = m_renderer->space().to_map({b[0], b[1]}), p1 = m_renderer->space().to_map({b[2], b[3]});
        m_view.camera.fit(std::min(p0.x, p1.x), std::min(p0.y, p1.y), std::max(p0.x, p1.x), std::max(p0.y, p1.y), 8);
    }
    if (m_zoom_all_pending) {
        m_zoom_all_pending = false;
        zoom_to_all();
    }
    handle_keys();
    advance_playback(dt);

    if (m_opt.briefing) {
        // A briefing: the map, its texts and the briefing's decorations; no panels, no input.
        apply_filter_if_changed();
        prepare_map(-1);
        draw_map_texts();
        draw_briefing(*this, *m_opt.briefing);
        m_last_frame_ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
        return;
    }
    // An image export draws one frame with the map, its legend and scale only.
    const bool clean = m_export_stage == 1;
    if (clean) m_export_stage = 2;
    if (!clean) {
        draw_menu_bar();
        if (m_view.show_filters) draw_filters(*this);
        if (m_view.show_layers) draw_layers(*this);
    }
    if (m_view.show_legend) draw_legend(*this);
    if (!clean) {
        draw_timeline(*this);
        draw_inspector(*this);
        draw_messages();
        draw_off_map();
        draw_help();
        draw_about();
        draw_export();
        draw_status();
    }
    apply_filter_if_changed();
    handle_map_input();

    prepare_map(m_selected);
    draw_map_texts();
    draw_search_marker();
    draw_map_furniture();
    m_last_frame_ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

Painter App::painter() { return Painter(ImGui::GetBackgroundDrawList(), m_paint_record, m_font_title); }

void App::draw_map() { m_renderer->draw(m_ctx, m_view.layers); }

void App::release_rows() {
    m_renderer->release_rows();
    m_table.reset();
    m_mask.reset();
    m_pick_list.clear();
    m_selected = -1;
#if defined(__GLIBC__)
    malloc_trim(0);  // the columns were the loader thread's: give that arena's pages back too
#endif
}

void App::draw_map_tile(int x0, int y0, int w, int h) {
    render::FrameContext ctx = m_ctx;
    const render::Camera& whole = m_ctx.camera;
    ctx.camera.width = w;
    ctx.camera.height = h;
    ctx.camera.cx = whole.to_map_x(x0 + 0.5 * w);
    ctx.camera.cy = whole.to_map_y(y0 + 0.5 * h);
    m_renderer->draw(ctx, m_view.layers);
}

void App::draw_map_texts() {
    Painter dl = painter();
    for (const render::TextItem& t : m_renderer->texts()) {
        const ImU32 col = IM_COL32(t.color.r, t.color.g, t.color.b, t.color.a);
        const ImVec2 size = m_font_small->CalcTextSizeA(m_font_small->FontSize, 1e9f, 0, t.text.c_str());
        if (t.kind == render::TextItem::Kind::Count) {
            dl.AddText(m_font_small, m_font_small->FontSize, ImVec2(t.x - size.x / 2, t.y - size.y / 2), col, t.text.c_str());
            continue;
        }
        const ImVec2 p(t.x, t.y - size.y / 2);
        // A halo of the map's paper keeps names readable over lines and fills.
        const render::Rgba hc = m_renderer->palette().label_halo;
        const ImU32 halo = IM_COL32(hc.r, hc.g, hc.b, hc.a);
        dl.AddTextHalo(m_font_small, p, col, halo, t.text.c_str(), m_font_halo);
    }
}

bool App::screen_position(std::int64_t row, float& sx, float& sy) const {
    for (const auto& d : m_renderer->events().drawn())
        if (d.row == row) {
            sx = d.sx;
            sy = d.sy;
            return true;
        }
    return false;
}

// [SECTION] map input and keys ---------------------------------------------------------------

void App::handle_map_input() {
    ImGuiIO& io = ImGui::GetIO();
    render::Camera& cam = m_view.camera;
    const ImVec2 mouse = io.MousePos;
    const bool over_map = !io.WantCaptureMouse && mouse.x >= 0 && mouse.y >= 0;
    if (over_map && io.MouseWheel != 0) {
        cam.zoom_about(mouse.x, mouse.y, std::pow(1.25, io.MouseWheel));
        m_view.camera_set = true;
    }
    if (over_map && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) m_dragging_map = true;
    if (m_dragging_map) {
        if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
            if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0) {
                cam.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);
                m_view.camera_set = true;
            }
        } else {
            m_dragging_map = false;
            // A release close to where the press was is a click: a measure point while measuring,
            // else select what lies there.
            if (io.MouseDragMaxDistanceSqr[0] < 16.0f && m_measuring) {
                const render::Vec2f m{static_cast<float>(cam.to_map_x(mouse.x)), static_cast<float>(cam.to_map_y(mouse.y))};
                const LonLat p = m_renderer->space().to_lonlat(m.x, m.y);
                if (std::isfinite(p.lon) && std::isfinite(p.lat)) m_measure.push_back(p);
            } else if (io.MouseDragMaxDistanceSqr[0] < 16.0f) {
                const render::Pick p = m_renderer->pick(m_ctx, mouse.x, mouse.y);
                m_pick_list = p.rows;
                if (p.rows.empty()) {
                    select(-1);
                } else {
                    select(p.rows.front());
                    m_inspector_open = true;
                }
            }
        }
    }
    if (over_map && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        cam.zoom_about(mouse.x, mouse.y, 2.0);
        m_view.camera_set = true;
    }
    // Hover: a tooltip for what is under the pointer.
    m_hovered.clear();
    if (over_map && !m_dragging_map && m_table) {
        const render::Pick p = m_renderer->pick(m_ctx, mouse.x, mouse.y);
        m_hovered = p.rows;
        if (!p.rows.empty()) {
            ImGui::BeginTooltip();
            if (p.rows.size() == 1 || !p.cluster) {
                const Event e = m_table->event(static_cast<std::size_t>(p.rows.front()));
                ImGui::TextUnformatted(e.date.valid() ? (e.date.first.iso() + (e.date.last != e.date.first ? " – " + e.date.last.iso() : "")).c_str() : "undated");
                ImGui::SameLine();
                ImGui::TextDisabled("%s", event_type_name(e.type));
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
                // Where and how many, then what: the summary, else the kind, else the source's
                // title (UCDP's headline); a row with none of them shows no empty line.
                std::string where = e.location.written;
                if (e.casualties.killed.given()) {
                    const int k = e.casualties.killed.best >= 0 ? e.casualties.killed.best : e.casualties.killed.low;
                    where += (where.empty() ? "" : " · ") + std::to_string(k) + " killed";
                }
                if (!where.empty()) ImGui::TextUnformatted(where.c_str());
                const std::string& what = !e.summary.empty() ? e.summary : !e.kind.empty() ? e.kind : e.provenance.title;
                if (!what.empty()) {
                    // A long text (a pasted article as a title) is cut: a tooltip is a glance.
                    std::size_t cut = std::min<std::size_t>(what.size(), 280);
                    while (cut < what.size() && cut > 0 && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80) --cut;
                    ImGui::TextUnformatted(what.data(), what.data() + cut);
                    if (cut < what.size()) ImGui::TextDisabled("...");
                }
                ImGui::PopTextWrapPos();
                if (p.rows.size() > 1) ImGui::TextDisabled("and %zu more here — click for the list", p.rows.size() - 1);
            } else {
                ImGui::Text("%zu events here", p.rows.size());
                ImGui::TextDisabled("click for the list, double-click to zoom in");
            }
            ImGui::EndTooltip();
        }
    }
}

void App::handle_keys() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    auto pressed = [](int glfw_key) { return ImGui::IsKeyPressed(glfw_key, true); };
    render::Camera& cam = m_view.camera;
    const bool shift = io.KeyShift, ctrl = io.KeyCtrl;
    if (ctrl && pressed(GLFW_KEY_Q)) m_quit = true;
    if (ctrl && pressed(GLFW_KEY_F)) m_focus_search = true;
    if (ctrl && pressed(GLFW_KEY_E)) m_show_export = true;
    if (ctrl) return;
    // Arrows step the time window a day (a month: to the month before or after); with Shift (or
    // WASD) they pan the map.
    for (const auto& [key, dir] : {std::pair{GLFW_KEY_LEFT, -1}, std::pair{GLFW_KEY_RIGHT, 1}}) {
        if (shift || !pressed(key) || !m_table) continue;
        if (m_view.time.all_time) set_preset(WindowPreset::Day);
        if (m_view.preset == WindowPreset::Month) {
            const auto [a, b] = month_of(dir < 0 ? month_of(m_view.time.last_day).first - 1 : m_view.time.last_day + 1);
            set_time_window(a, b);
        } else {
            set_time_window(m_view.time.first_day + dir, m_view.time.last_day + dir);
        }
    }
    const double step = 120;
    if ((shift && pressed(GLFW_KEY_LEFT)) || pressed(GLFW_KEY_A)) cam.pan_pixels(step, 0);
    if ((shift && pressed(GLFW_KEY_RIGHT)) || pressed(GLFW_KEY_D)) cam.pan_pixels(-step, 0);
    if (pressed(GLFW_KEY_UP) || pressed(GLFW_KEY_W)) cam.pan_pixels(0, step);
    if (pressed(GLFW_KEY_DOWN) || pressed(GLFW_KEY_S)) cam.pan_pixels(0, -step);
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) cam.zoom_about(cam.width / 2.0, cam.height / 2.0, 1.5);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) cam.zoom_about(cam.width / 2.0, cam.height / 2.0, 1 / 1.5);
    if (pressed(GLFW_KEY_HOME) || pressed(GLFW_KEY_0)) zoom_to_all();
    if (pressed(GLFW_KEY_F)) zoom_to_selection();
    if (pressed(GLFW_KEY_SPACE)) m_playing = !m_playing;
    if (pressed(GLFW_KEY_1)) set_preset(WindowPreset::Day);
    if (pressed(GLFW_KEY_2)) set_preset(WindowPreset::Week);
    if (pressed(GLFW_KEY_3)) set_preset(WindowPreset::Month);
    if (pressed(GLFW_KEY_4)) set_preset(WindowPreset::All);
    if (pressed(GLFW_KEY_G)) m_view.time.ghost = !m_view.time.ghost;
    if (pressed(GLFW_KEY_C)) set_cumulative(!m_view.cumulative);
    if (pressed(GLFW_KEY_L)) m_view.show_layers = !m_view.show_layers;
    if (pressed(GLFW_KEY_F1) || (shift && pressed(GLFW_KEY_SLASH))) m_show_help = !m_show_help;
    if (pressed(GLFW_KEY_M)) {
        m_measuring = !m_measuring;
        if (m_measuring) m_measure.clear();
    }
    if (m_measuring && pressed(GLFW_KEY_BACKSPACE) && !m_measure.empty()) m_measure.pop_back();
    if (pressed(GLFW_KEY_ESCAPE)) {
        // Esc ends a measurement, else clears the selection, then the search result and its mark.
        if (m_measuring || !m_measure.empty()) {
            m_measuring = false;
            m_measure.clear();
            return;
        }
        if (m_selected < 0 && !m_inspector_open && m_pick_list.empty()) dismiss_search();
        select(-1);
        m_inspector_open = false;
        m_pick_list.clear();
    }
}

void App::advance_playback(float dt) {
    if (!m_playing || !m_table || m_table->dated_rows == 0) return;
    if (m_view.time.all_time) set_preset(m_view.cumulative ? WindowPreset::Day : WindowPreset::Week);
    m_play_accum += dt * m_view.play_days_per_second;
    if (m_view.preset == WindowPreset::Month) {
        // Month by month: the next one once as many days have played as this one has.
        const int len = m_view.time.last_day - m_view.time.first_day + 1;
        if (m_play_accum < len) return;
        m_play_accum -= len;
        if (m_view.time.last_day >= m_table->max_day) {
            m_playing = false;
            return;
        }
        const auto [a, b] = month_of(m_view.time.last_day + 1);
        set_time_window(a, b);
        return;
    }
    const int days = static_cast<int>(m_play_accum);
    if (days <= 0) return;
    m_play_accum -= days;
    if (m_view.time.last_day >= m_table->max_day) {
        m_playing = false;
        return;
    }
    set_time_window(m_view.time.first_day + days, m_view.time.last_day + days);
}

// [SECTION] camera and selection -------------------------------------------------------------

void App::set_time_window(std::int32_t first_day, std::int32_t last_day) {
    if (last_day < first_day) std::swap(first_day, last_day);
    m_view.time.all_time = false;
    if (m_view.cumulative && m_table && m_table->dated_rows) first_day = std::min(first_day, m_table->min_day);
    m_view.time.first_day = first_day;
    m_view.time.last_day = last_day;
    const int len = last_day - first_day + 1;
    const bool still = m_view.preset == WindowPreset::Month ? month_of(first_day) == std::pair{first_day, last_day}
                                                            : m_view.preset != WindowPreset::All && preset_days(m_view.preset) == len;
    if (!still) m_view.preset = WindowPreset::Custom;
}

void App::set_cumulative(bool on) {
    if (on == m_view.cumulative) return;
    m_view.cumulative = on;
    if (!m_table || !m_table->dated_rows || m_view.time.all_time) return;
    if (on) {
        // From the first day up to the window's end; the window's own length is kept for later.
        m_window_len_before_cumulative = m_view.time.last_day - m_view.time.first_day + 1;
        set_time_window(m_table->min_day, m_view.time.last_day);
    } else {
        const int len = m_window_len_before_cumulative > 0 ? m_window_len_before_cumulative
                        : preset_days(m_view.preset) > 0     ? preset_days(m_view.preset)
                                                             : 7;
        set_time_window(m_view.time.last_day - len + 1, m_view.time.last_day);
    }
}

std::int32_t App::day_in_view() const {
    // The middle of what the timeline shows, within the data.
    double c = 0.5 * (m_tl_view0 + m_tl_view1);
    if (m_table && m_table->dated_rows) c = std::clamp(c, double(m_table->min_day), double(m_table->max_day));
    return static_cast<std::int32_t>(std::floor(c));
}

void App::set_preset(WindowPreset p) {
    m_view.preset = p;
    if (p == WindowPreset::All) {
        m_view.time.all_time = true;
        if (m_table && m_table->dated_rows) {
            m_view.time.first_day = m_table->min_day;
            m_view.time.last_day = m_table->max_day;
        }
        return;
    }
    if (p == WindowPreset::Custom) return;
    int len = preset_days(p);
    // From "all dates", a day, week or month starts on the day in view on the timeline (not the
    // first day of the data, which may be years off-screen). A month is the calendar month.
    std::int32_t start = m_view.time.all_time && m_table && m_table->dated_rows ? day_in_view() - len / 2 : m_view.time.first_day;
    if (p == WindowPreset::Month) {
        const auto [a, b] = month_of(start);
        start = a;
        len = b - a + 1;
    }
    if (m_view.cumulative && m_table && m_table->dated_rows) {
        start = m_table->min_day;
        m_view.time.all_time = false;
        m_view.time.first_day = start;
        m_view.time.last_day = std::max(m_view.time.last_day, start + len - 1);
        return;
    }
    m_view.time.all_time = false;
    m_view.time.first_day = start;
    m_view.time.last_day = start + len - 1;
    m_view.preset = p;
}

void App::frame_default_view() {
    // Syria and its borders until the data says otherwise.
    const render::MapSpace& s = m_renderer->space();
    const render::Vec2f a = s.to_map({35.5, 32.2}), b = s.to_map({42.5, 37.4});
    m_view.camera.width = std::max(m_view.camera.width, 1);
    m_view.camera.fit(a.x, a.y, b.x, b.y);
}

namespace {
// Frames a box in the part of the screen that panels leave free (menu bar above, timeline below).
void fit_free_area(render::Camera& cam, double x0, double y0, double x1, double y1, float top, float bottom, float left = 0) {
    const double avail_h = std::max(50.0, cam.height - top - bottom - 60.0), avail_w = std::max(50.0, cam.width - left - 80.0);
    const double upp = std::clamp(std::max({(x1 - x0) / avail_w, (y1 - y0) / avail_h, 20.0}), 0.5, 200000.0);
    const double free_cy = top + 0.5 * (cam.height - top - bottom);
    const double free_cx = left + 0.5 * (cam.width - left);
    cam.units_per_px = upp;
    cam.cx = 0.5 * (x0 + x1) - (free_cx - 0.5 * cam.width) * upp;
    cam.cy = 0.5 * (y0 + y1) + (free_cy - 0.5 * cam.height) * upp;
}
}  // namespace

void App::zoom_to_all() {
    float x0, y0, x1, y1;
    if (!m_renderer->events().bounds(x0, y0, x1, y1)) return;
    if (m_opt.briefing) {
        // No panels to keep clear: the title above and the legend below take a margin.
        fit_free_area(m_view.camera, x0, y0, x1, y1, 60 * ui_scale(), 30 * ui_scale());
        m_view.camera_set = true;
        return;
    }
    // The filter panel stays open on the left when there is room for both.
    const float left = m_view.show_filters && m_view.camera.width > 900 ? 300.f : 0.f;
    fit_free_area(m_view.camera, x0, y0, x1, y1, 24, m_timeline_height, left);
    m_view.camera_set = true;
}

void App::zoom_to_selection() {
    if (m_selected < 0 || !m_table) return;
    const Event e = m_table->event(static_cast<std::size_t>(m_selected));
    double a, b, c, d;
    if (!e.location.geometry.empty()) {
        e.location.geometry.bounds(a, b, c, d);
    } else if (std::isfinite(e.location.point.lon)) {
        a = c = e.location.point.lon;
        b = d = e.location.point.lat;
    } else {
        return;
    }
    const render::Vec2f p0 = m_renderer->space().to_map({a - 0.05, b - 0.05}), p1 = m_renderer->space().to_map({c + 0.05, d + 0.05});
    fit_free_area(m_view.camera, p0.x, p0.y, p1.x, p1.y, 24, m_timeline_height);
    m_view.camera_set = true;
}

void App::select(std::int64_t row) {
    m_selected = row;
    if (row < 0) m_inspector_open = false;
}

void App::search_place(const std::string& phrase) {
    SearchResult res;
    res.query = std::string(trim(phrase));
    m_search_panel = true;
    m_search_marker = false;
    if (!m_resolver) {
        res.message = "the gazetteer did not load; see Messages";
        m_search_result = std::move(res);
        return;
    }
    gaz::Context ctx;
    const gaz::Resolution r = m_resolver->resolve(res.query, ctx);
    auto describe = [&](const gaz::Candidate& c) {
        const gaz::Entry& e = m_gazetteer->entry(c.entry);
        std::string s = e.name;
        // The province by name ("Idlib"), else the country code.
        std::string area = e.admin1.empty() ? e.country : e.admin1;
        if (!e.admin1.empty())
            if (const gaz::Entry* a = m_gazetteer->find_id("ne:" + e.admin1)) area = a->name + (e.country == "SY" || e.country.empty() ? "" : ", " + e.country);
        if (!area.empty()) s += " (" + area + ")";
        return s;
    };
    // A place is found when it resolved, or when the best candidates are the query's own name
    // (namesakes: the map shows the best, the others are offered). Near spellings alone are not
    // a find: "Atlantis" is not Araban.
    const bool own_name = !r.candidates.empty() && r.candidates.front().same_name;
    res.found = !r.ref.geometry.empty() && (r.status == gaz::Status::Resolved || own_name);
    if (!res.found) {
        res.message = "not found: no place called '" + res.query + "'";
        for (const auto& c : r.candidates) {
            if (res.suggestions.size() >= 5) break;
            const std::string d = describe(c);
            if (std::find(res.suggestions.begin(), res.suggestions.end(), d) == res.suggestions.end()) res.suggestions.push_back(d);
        }
        if (!res.suggestions.empty()) res.message += "; nearest names:";
        m_search_result = std::move(res);
        return;
    }
    res.ref = r.ref;
    res.label = r.interpretation.empty() ? (r.entry ? r.entry->name : res.query) : r.interpretation;
    if (r.status == gaz::Status::Ambiguous) {
        res.message = "several places called '" + res.query + "': showing " + res.label + "; the others:";
        for (std::size_t i = 1; i < r.candidates.size() && res.suggestions.size() < 5; ++i)
            if (r.candidates[i].same_name) res.suggestions.push_back(describe(r.candidates[i]));
    } else {
        res.message = res.label;
    }
    double a, b, c, d;
    r.ref.geometry.bounds(a, b, c, d);
    const double pad = std::max(0.08, r.ref.radius_km / 111.0);
    const render::Vec2f p0 = m_renderer->space().to_map({a - pad, b - pad}), p1 = m_renderer->space().to_map({c + pad, d + pad});
    fit_free_area(m_view.camera, p0.x, p0.y, p1.x, p1.y, 24, m_timeline_height);
    m_view.camera_set = true;
    m_search_marker = true;
    // Projected once; each frame only places it on screen.
    m_search_parts.clear();
    for (const auto& part : res.ref.geometry.parts) m_search_parts.push_back(m_renderer->space().to_map(part));
    m_search_point = m_renderer->space().to_map(res.ref.point);
    m_search_result = std::move(res);
}

void App::draw_search_marker() {
    if (!m_search_marker || m_search_result.ref.geometry.empty()) return;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    const render::Camera& cam = m_view.camera;
    auto screen = [&](render::Vec2f m) {
        return ImVec2(static_cast<float>(cam.to_screen_x(m.x)), static_cast<float>(cam.to_screen_y(m.y)));
    };
    const ImU32 ink = IM_COL32(200, 20, 120, 255), halo = IM_COL32(255, 255, 255, 220);
    const Geometry& g = m_search_result.ref.geometry;
    if (g.type == GeomType::Point) {
        // A pin: a ring on the place with a stem above it.
        const ImVec2 p = screen(m_search_parts.empty() || m_search_parts[0].empty() ? m_search_point : m_search_parts[0][0]);
        dl->AddLine(ImVec2(p.x, p.y - 6), ImVec2(p.x, p.y - 26), halo, 5);
        dl->AddLine(ImVec2(p.x, p.y - 6), ImVec2(p.x, p.y - 26), ink, 2.5f);
        dl->AddCircleFilled(ImVec2(p.x, p.y - 30), 6, ink);
        dl->AddCircle(p, 6, halo, 0, 4);
        dl->AddCircle(p, 6, ink, 0, 2);
    } else {
        // Lines and areas: their outline.
        for (const auto& part : m_search_parts) {
            std::vector<ImVec2> pts;
            pts.reserve(part.size());
            for (const render::Vec2f& q : part) pts.push_back(screen(q));
            const bool closed = g.type == GeomType::Polygon || g.type == GeomType::MultiPolygon;
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), halo, closed ? ImDrawFlags_Closed : 0, 5);
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), ink, closed ? ImDrawFlags_Closed : 0, 2.5f);
        }
    }
    const ImVec2 at = screen(m_search_point);
    const char* text = m_search_result.label.c_str();
    const ImVec2 ts = m_font->CalcTextSizeA(m_font->FontSize, 1e9f, 0, text);
    const ImVec2 tp(at.x + 10, at.y - 44);
    dl->AddRectFilled(ImVec2(tp.x - 4, tp.y - 2), ImVec2(tp.x + ts.x + 4, tp.y + ts.y + 2), IM_COL32(255, 255, 255, 230), 3);
    dl->AddText(m_font, m_font->FontSize, tp, ink, text);
}

// [SECTION] menu, search, status, messages ---------------------------------------------------

void App::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Reload", nullptr, false, !m_loader.busy())) m_loader.start(m_files, m_gazetteer.get());
        if (ImGui::MenuItem("Export events or image...", "Ctrl+E", false, m_table != nullptr)) m_show_export = true;
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) m_quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        ImGui::MenuItem("Filters", nullptr, &m_view.show_filters);
        ImGui::MenuItem("Layers", "L", &m_view.show_layers);
        ImGui::MenuItem("Legend", nullptr, &m_view.show_legend);
        ImGui::MenuItem("Messages", nullptr, &m_show_messages);
        if (ImGui::BeginMenu("Map style")) {
            for (const render::style::Palette* p : {&render::style::kLight, &render::style::kDark, &render::style::kPrint})
                if (ImGui::MenuItem(p->name, nullptr, m_view.map_style == p->name)) m_view.map_style = p->name;
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("UI scale")) {
            if (ImGui::MenuItem("Automatic (the screen's)", nullptr, m_view.ui_scale <= 0)) m_view.ui_scale = 0;
            for (float sc : {1.0f, 1.25f, 1.5f, 2.0f, 2.5f}) {
                const std::string label = std::to_string(static_cast<int>(sc * 100)) + " %";
                if (ImGui::MenuItem(label.c_str(), nullptr, std::abs(m_view.ui_scale - sc) < 1e-3f)) m_view.ui_scale = sc;
            }
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::MenuItem("Zoom to all", "Home")) zoom_to_all();
        if (ImGui::MenuItem("Zoom to selection", "F", false, m_selected >= 0)) zoom_to_selection();
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::MenuItem("Keys and mouse", "F1", &m_show_help);
        ImGui::MenuItem("About and data sources", nullptr, &m_show_about);
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
    draw_search();
}

void App::draw_search() {
    // The box sits over the right end of the menu bar in a window of its own: Dear ImGui 1.86
    // cannot give the keyboard to a text field inside the menu bar (Ctrl+F).
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float x = std::max(ui(260), vp->Size.x - ui(440));
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + x, vp->Pos.y));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x - x, ImGui::GetFrameHeight()));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 0));
    ImGui::Begin("##searchbar", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::PopStyleVar();
    if (m_focus_search) {
        ImGui::SetKeyboardFocusHere();
        m_focus_search = false;
    }
    ImGui::SetNextItemWidth(ui(260));
    const bool go = ImGui::InputTextWithHint("##search", "Fly to a place (Ctrl+F)", m_search, sizeof m_search,
                                             ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    if (go && m_search[0]) search_place(m_search);
    if (m_search_marker) {
        ImGui::SameLine();
        if (ImGui::SmallButton("clear mark")) dismiss_search();
    }
    ImGui::End();
    if (!m_search_panel) return;
    // The result under the box: never cut off at the screen edge.
    const float w = ui(420);
    ImGui::SetNextWindowPos(ImVec2(std::min(vp->Pos.x + x, vp->Pos.x + vp->Size.x - w - 8), vp->Pos.y + 26));
    ImGui::SetNextWindowSize(ImVec2(w, 0));
    if (ImGui::Begin("##search-result", nullptr,
                     ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
        const SearchResult& r = m_search_result;
        ImGui::PushTextWrapPos(w - 40);
        if (r.found) ImGui::TextUnformatted(r.message.c_str());
        else ImGui::TextColored(ImVec4(0.7f, 0.2f, 0.1f, 1), "%s", r.message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::SameLine(w - 30);
        if (ImGui::SmallButton("x")) dismiss_search();
        std::string pick;
        for (const std::string& sgt : r.suggestions)
            if (ImGui::SmallButton(sgt.c_str())) pick = sgt.substr(0, sgt.find(" ("));
        if (!pick.empty()) {
            std::snprintf(m_search, sizeof m_search, "%s", pick.c_str());
            search_place(pick);
        }
    }
    ImGui::End();
}

void App::draw_status() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    if (m_loader.busy()) {
        ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
        ImGui::SetNextWindowSize(ImVec2(380, 0));
        ImGui::Begin("Loading", nullptr, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize);
        ImGui::TextUnformatted(m_loader.status().c_str());
        ImGui::ProgressBar(m_loader.progress(), ImVec2(-1, 0));
        if (ImGui::Button("Cancel")) m_loader.cancel();
        ImGui::End();
    }
}

const std::vector<std::int64_t>& App::off_map_rows() const { return m_renderer->events().off_map(); }

void App::draw_off_map() {
    if (!m_show_off_map || !m_table) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.3f), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(560, 300), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Not on the map", &m_show_off_map)) {
        const std::vector<std::int64_t>& rows = off_map_rows();
        ImGui::TextWrapped("%zu events in the time window pass the filters but cannot be drawn as a point: "
                           "country-level rows (the place is a whole country, international waters or airspace) and "
                           "rows without a location. Click one to inspect it.",
                           rows.size());
        ImGui::BeginChild("##offmap", ImVec2(0, 0), true);
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(rows.size()));
        while (clip.Step())
            for (int k = clip.DisplayStart; k < clip.DisplayEnd; ++k) {
                const std::int64_t row = rows[static_cast<std::size_t>(k)];
                const Event e = m_table->event(static_cast<std::size_t>(row));
                const std::string label = (e.date.valid() ? e.date.first.iso() : std::string("undated")) + "  " +
                                          event_type_name(e.type) + "  " +
                                          (e.location.precision == LocPrecision::Country ? "[country] " : "[no place] ") +
                                          e.location.written + "  " + (e.summary.empty() ? e.kind : e.summary) + "##" +
                                          std::to_string(row);
                if (ImGui::Selectable(label.c_str(), row == m_selected)) {
                    m_pick_list.clear();
                    select_row(row);
                }
            }
        ImGui::EndChild();
    }
    ImGui::End();
}

namespace {
// Every key and mouse action, as the help window lists them.
const std::pair<const char*, const char*> kKeys[] = {
    {"wheel, + / -", "zoom the map (the timeline too, over it)"},
    {"drag, W A S D, Shift+arrows", "pan the map"},
    {"double-click", "zoom in there"},
    {"click", "select an event (a list when several lie there); again on a cluster: its list"},
    {"Home or 0", "zoom to every event that passes the filters"},
    {"F", "zoom to the selection"},
    {"Esc", "end a measurement, clear the selection, then the search mark"},
    {"Left / Right", "step the time window a day (by months with the Month preset)"},
    {"1 2 3 4", "a day, week, month, or all dates"},
    {"Space", "play / pause"},
    {"C", "cumulative: the window grows from the first day"},
    {"G", "ghosts: faint rings where events lie outside the window"},
    {"L", "the Layers panel"},
    {"M", "measure: clicks add points (geodesic km); Backspace removes the last"},
    {"Ctrl+F", "search a place or phrase ('20 km east of Saraqib')"},
    {"F1 or ?", "this list"},
    {"Ctrl+Q", "quit (the view is saved)"},
    {"timeline: drag", "the band moves it, its edges resize it, elsewhere a new range; right-drag pans"},
    {"files", "drop GeoJSON, GeoPackage, CSV (ACLED, UCDP) or reports onto the window"},
};
}  // namespace

void App::draw_help() {
    if (!m_show_help) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.4f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Keys and mouse", &m_show_help, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
            for (const auto& [k, what] : kKeys) {
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextUnformatted(k);
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(what);
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

void App::draw_about() {
    if (!m_show_about) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.4f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(860.0f, vp->Size.x - 40), 0), ImGuiCond_Appearing);
    if (ImGui::Begin("About conflictmap", &m_show_about, ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted("conflictmap: events, routes and zones of reports and datasets on a map through time.");
        ImGui::Separator();
        ImGui::TextUnformatted("Basemap");
        ImGui::TextWrapped("  Natural Earth 4.1.0 countries and land (1:10m, 1:50m) via npm world-atlas 2.0.2: public domain, "
                           "naturalearthdata.com");
        ImGui::TextUnformatted("Gazetteer (place names, towns on the map, search)");
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(gaz::bundled_attribution());
        ImGui::PopTextWrapPos();
        ImGui::TextUnformatted("Events on the map come from the files opened, each with its own licence:");
        for (const std::string& f : m_files) ImGui::BulletText("%s", f.c_str());
        ImGui::TextWrapped("Libraries: GDAL, PROJ, GEOS, Dear ImGui, GLFW, glad, nlohmann-json (see the README).");
    }
    ImGui::End();
}

std::size_t App::export_events(const std::string& path, bool everything) {
    if (!m_table || path.empty()) return 0;
    const auto format = io::export_format_for(path);
    if (!format) {
        m_messages.push_back({Diagnostic::Level::Error, path, 0,
                              std::string("export: the file name's extension says no format; use one of ") + io::export_formats_help()});
        m_show_messages = true;
        return 0;
    }
    const events::EventTable& t = *m_table;
    std::vector<std::uint32_t> rows;
    // Zones count as the map shows them: while they hold (their stated period), not by the day
    // they were reported.
    std::vector<std::uint8_t> zone_holds(t.size(), 0);
    for (std::int64_t r : m_renderer->overlays().zones_in_window()) zone_holds[static_cast<std::size_t>(r)] = 1;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!everything) {
            if (m_mask && i < m_mask->size() && !(*m_mask)[i]) continue;
            if (t.shape[i] == static_cast<std::uint8_t>(EventShape::Zone) && t.geometry_id[i] >= 0) {
                if (zone_holds[i]) rows.push_back(static_cast<std::uint32_t>(i));
                continue;
            }
            const bool dated = t.day_first[i] != events::kUndatedDay;
            if (!m_view.time.all_time && (!dated || !(t.day_first[i] <= m_view.time.last_day && t.day_last[i] >= m_view.time.first_day)))
                continue;
        }
        rows.push_back(static_cast<std::uint32_t>(i));
    }
    const std::size_t n = rows.size();
    // Whole or not at all: every writer writes beside the target and renames it over.
    try {
        const auto notes = io::export_events(io::TableEvents(t, std::move(rows)), path, *format);
        m_messages.push_back({Diagnostic::Level::Warning, path, 0,
                              "exported " + std::to_string(n) + " events as " + io::export_format_name(*format) + " (" +
                                  (everything ? std::string("everything") : std::string("what passes the filters in the time window")) + ")"});
        for (const std::string& note : notes) m_messages.push_back({Diagnostic::Level::Warning, path, 0, "export: " + note});
        return n;
    } catch (const Error& e) {
        m_messages.push_back({Diagnostic::Level::Error, e.file().empty() ? path : e.file(), e.line(), "export failed: " + e.message()});
        m_show_messages = true;
        return 0;
    }
}

std::vector<std::string> App::briefing_args(const std::string& out, int width, int height, const std::string& title,
                                            const std::string& subtitle, int dpi) const {
    std::vector<std::string> a;
    for (const std::string& f : m_opt.files) {
        if (!m_opt.store_name.empty() && is_database_source(f)) continue;  // the store, by name below
        if (!m_opt.store_name.empty() && f == m_opt.store_name) continue;
        a.push_back(f);
    }
    if (!m_opt.store_name.empty()) a.insert(a.end(), {"--store", m_opt.store_name});
    a.insert(a.end(), {"-o", out, "--size", std::to_string(width) + "x" + std::to_string(height)});
    if (!m_view.time.all_time)
        a.insert(a.end(), {"--from", CivilDate::from_days(m_view.time.first_day).iso(), "--to", CivilDate::from_days(m_view.time.last_day).iso()});
    if (m_renderer) {
        const render::Camera& c = m_view.camera;
        const LonLat sw = m_renderer->space().to_lonlat(c.to_map_x(0), c.to_map_y(c.height));
        const LonLat ne = m_renderer->space().to_lonlat(c.to_map_x(c.width), c.to_map_y(0));
        if (std::isfinite(sw.lon) && std::isfinite(ne.lon)) {
            char box[128];
            std::snprintf(box, sizeof box, "%.4f,%.4f,%.4f,%.4f", std::max(-180.0, sw.lon), std::max(-85.0, sw.lat),
                          std::min(180.0, ne.lon), std::min(85.0, ne.lat));
            a.insert(a.end(), {"--bbox", box});
        }
    }
    if (m_view.map_style != "light") a.insert(a.end(), {"--style", m_view.map_style});
    if (m_opt.crs != "EPSG:3857") a.insert(a.end(), {"--crs", m_opt.crs});
    if (m_view.filter.type_mask != 0x3f) {
        static const char* kWords[] = {"battles", "explosions", "violence", "strategic", "protests", "riots"};
        std::string types;
        for (int t = 0; t < 6; ++t)
            if (m_view.filter.type_mask & (1u << t)) types += (types.empty() ? "" : ",") + std::string(kWords[t]);
        a.insert(a.end(), {"--type", types.empty() ? "none" : types});
    }
    if (m_view.filter.min_fatalities > 0) a.insert(a.end(), {"--min-fatalities", std::to_string(m_view.filter.min_fatalities)});
    if (!m_view.filter.text.empty()) a.insert(a.end(), {"--text", m_view.filter.text});
    std::string hide;
    for (const auto& [on, name] : {std::pair{m_view.layers.events, "events"}, std::pair{m_view.layers.routes, "routes"},
                                   std::pair{m_view.layers.zones, "zones"}, std::pair{m_view.layers.labels, "labels"}})
        if (!on) hide += (hide.empty() ? "" : ",") + std::string(name);
    if (!hide.empty()) a.insert(a.end(), {"--hide", hide});
    if (!title.empty()) a.insert(a.end(), {"--title", title});
    if (!subtitle.empty()) a.insert(a.end(), {"--subtitle", subtitle});
    if (dpi != 96) a.insert(a.end(), {"--dpi", std::to_string(dpi)});
    return a;
}

bool App::render_briefing_in_background(const std::vector<std::string>& args) {
    if (m_briefing_pid > 0) {
        note({Diagnostic::Level::Warning, "", 0, "a briefing is still being rendered; wait for it to finish"});
        return false;
    }
    std::error_code ec;
    const fs::path exe = m_opt.program.empty() ? fs::read_symlink("/proc/self/exe", ec) : m_opt.program;
    // Only conflictmap itself takes `render` (another program embedding the viewer would run itself).
    if (ec || exe.filename().string().rfind("conflictmap", 0) != 0) {
        note({Diagnostic::Level::Error, exe.string(), 0, "cannot find the conflictmap program to render the briefing"});
        return false;
    }
    char log[] = "/tmp/conflictmap-briefing.XXXXXX";
    const int fd = ::mkstemp(log);
    if (fd < 0) {
        note({Diagnostic::Level::Error, "/tmp", 0, "cannot make a log file for the briefing"});
        return false;
    }
    ::close(fd);
    std::vector<std::string> argv_s = {"conflictmap", "render"};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& x : argv_s) argv.push_back(x.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, exe.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        note({Diagnostic::Level::Error, "", 0, std::string("cannot start the briefing's render: ") + std::strerror(rc)});
        std::remove(log);
        return false;
    }
    m_briefing_pid = pid;
    m_briefing_log = log;
    m_briefing_out.clear();
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "-o") m_briefing_out = args[i + 1];
    note({Diagnostic::Level::Warning, m_briefing_out, 0, "rendering the briefing in the background..."});
    return true;
}

void App::poll_briefing(bool wait) {
    if (m_briefing_pid <= 0) return;
    int st = 0;
    const pid_t r = ::waitpid(static_cast<pid_t>(m_briefing_pid), &st, wait ? 0 : WNOHANG);
    if (r == 0) return;
    m_briefing_pid = 0;
    std::ifstream in(m_briefing_log);
    std::string line, last_error;
    while (std::getline(in, line))
        if (line.find("error") != std::string::npos) last_error = line;
    std::remove(m_briefing_log.c_str());
    const bool ok = r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (ok) note({Diagnostic::Level::Warning, m_briefing_out, 0, "briefing written"});
    else note({Diagnostic::Level::Error, m_briefing_out, 0, "the briefing failed: " + (last_error.empty() ? std::string("see the terminal") : last_error)});
}

void App::wait_for_briefing() { poll_briefing(true); }

namespace {
/// Radio buttons that set a file name's extension (typing another extension works as well).
void format_buttons(char* path, std::size_t cap, const std::pair<const char*, const char*>* formats, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
        if (k) ImGui::SameLine();
        std::string p = path;
        const bool on = fs::path(p).extension() == formats[k].second;
        if (ImGui::RadioButton(formats[k].first, on) && !on) {
            p = (fs::path(p).parent_path() / fs::path(p).stem()).string() + formats[k].second;
            std::snprintf(path, cap, "%s", p.c_str());
        }
    }
}
}  // namespace

void App::draw_export() {
    if (!m_show_export) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.35f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Export", &m_show_export, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::TextUnformatted("Events, in the format the file name's extension says:");
        static const std::pair<const char*, const char*> kFormats[] = {
            {"GeoJSON", ".geojson"}, {"GeoPackage", ".gpkg"}, {"FlatGeobuf", ".fgb"}, {"KML (time slider)", ".kml"}, {"ACLED CSV", ".csv"}};
        format_buttons(m_export_events_path, sizeof m_export_events_path, kFormats, std::size(kFormats));
        ImGui::RadioButton("what passes the filters in the time window", !m_export_everything) ? (void)(m_export_everything = false) : (void)0;
        ImGui::RadioButton("everything loaded", m_export_everything) ? (void)(m_export_everything = true) : (void)0;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 25.33f);
        ImGui::InputText("##events-path", m_export_events_path, sizeof m_export_events_path);
        ImGui::SameLine();
        if (ImGui::Button("Export events")) export_events(m_export_events_path, m_export_everything);
        ImGui::Separator();
        ImGui::TextUnformatted("The map as PNG, as it is now, without the panels (legend and scale kept)");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 25.33f);
        ImGui::InputText("##image-path", m_export_image_path, sizeof m_export_image_path);
        ImGui::SameLine();
        if (ImGui::Button("Export image")) export_image(m_export_image_path);
        ImGui::Separator();
        // A briefing: the same code as `conflictmap render`, with the command that remakes it.
        ImGui::TextUnformatted("A briefing: this view titled, dated, with legend, scale, north arrow, inset and credits");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 25.33f);
        ImGui::InputText("title", m_briefing_title, sizeof m_briefing_title);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 25.33f);
        ImGui::InputText("subtitle", m_briefing_subtitle, sizeof m_briefing_subtitle);
        // Sizes with the dots per inch they are seen at: text and symbols keep their size to the eye.
        struct PictureSize {
            const char* label;
            int width, height, dpi;
        };
        static const PictureSize kSizes[] = {{"slide 1920x1080", 1920, 1080, 96},
                                             {"4K 3840x2160", 3840, 2160, 192},
                                             {"A4 landscape, 300 dpi", 3508, 2480, 300},
                                             {"A0 poster, 300 dpi", 14043, 9933, 300}};
        for (int k = 0; k < static_cast<int>(std::size(kSizes)); ++k) {
            if (k) ImGui::SameLine();
            if (ImGui::RadioButton(kSizes[k].label, m_briefing_size == k)) m_briefing_size = k;
        }
        static const std::pair<const char*, const char*> kPictures[] = {
            {"PNG", ".png"}, {"GeoTIFF", ".tif"}, {"PDF (text as text)", ".pdf"}, {"SVG", ".svg"}};
        format_buttons(m_briefing_path, sizeof m_briefing_path, kPictures, std::size(kPictures));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 25.33f);
        ImGui::InputText("##briefing-path", m_briefing_path, sizeof m_briefing_path);
        ImGui::SameLine();
        const PictureSize& ps = kSizes[std::clamp(m_briefing_size, 0, static_cast<int>(std::size(kSizes)) - 1)];
        const std::vector<std::string> args =
            briefing_args(m_briefing_path, ps.width, ps.height, m_briefing_title, m_briefing_subtitle, ps.dpi);
        ImGui::BeginDisabled(m_briefing_pid > 0);
        if (ImGui::Button(m_briefing_pid > 0 ? "Rendering..." : "Render briefing")) render_briefing_in_background(args);
        ImGui::EndDisabled();
        // The command line, quoted for a POSIX shell, to remake the picture (copy with Ctrl+A, Ctrl+C).
        std::string cmd = "conflictmap render";
        for (const std::string& x : args) {
            const bool plain = !x.empty() && x.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:=+") == std::string::npos;
            if (plain) {
                cmd += " " + x;
                continue;
            }
            std::string q = "'";
            for (char c : x) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
            cmd += " " + q + "'";
        }
        ImGui::TextDisabled("The same picture from a terminal:");
        ImGui::SameLine();
        if (ImGui::SmallButton("Copy")) ImGui::SetClipboardText(cmd.c_str());
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetFontSize() * 34);
        ImGui::TextUnformatted(cmd.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
}

double App::measure_km() const {
    double km = 0;
    for (std::size_t i = 1; i < m_measure.size(); ++i) km += geo::distance_km(m_measure[i - 1], m_measure[i]);
    return km;
}

void App::draw_map_furniture() {
    if (!m_renderer) return;
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    const render::Camera& cam = m_view.camera;
    const render::MapSpace& space = m_renderer->space();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    auto lonlat_at = [&](double sx, double sy) { return space.to_lonlat(cam.to_map_x(sx), cam.to_map_y(sy)); };
    auto screen = [&](LonLat p) {
        const render::Vec2f m = space.to_map(p);
        return ImVec2(static_cast<float>(cam.to_screen_x(m.x)), static_cast<float>(cam.to_screen_y(m.y)));
    };
    const ImU32 ink = IM_COL32(40, 40, 40, 255), halo = IM_COL32(255, 255, 255, 210);
    auto text = [&](ImVec2 at, const char* s) {
        const ImVec2 ts = m_font_small->CalcTextSizeA(m_font_small->FontSize, 1e9f, 0, s);
        dl->AddRectFilled(ImVec2(at.x - 3, at.y - 1), ImVec2(at.x + ts.x + 3, at.y + ts.y + 1), halo, 3);
        dl->AddText(m_font_small, m_font_small->FontSize, at, ink, s);
    };
    // A geodesic scale bar over the bottom of the map: 1, 2 or 5 times a power of ten km, 60-150 px.
    const float y = vp->Size.y - m_timeline_height - 22;
    const float x0 = m_view.show_layers ? 8.0f + 310.0f : 14.0f;
    const LonLat a = lonlat_at(x0, y), b = lonlat_at(x0 + 100, y);
    if (std::isfinite(a.lon) && std::isfinite(b.lon)) {
        const double km_per_100px = geo::distance_km(a, b);
        if (km_per_100px > 0) {
            double nice = std::pow(10.0, std::floor(std::log10(km_per_100px * 0.6)));
            for (double m : {1.0, 2.0, 5.0, 10.0})
                if (nice * m * 100 / km_per_100px >= 60) {
                    nice *= m;
                    break;
                }
            const float px = static_cast<float>(nice * 100 / km_per_100px);
            dl->AddRectFilled(ImVec2(x0 - 4, y - 16), ImVec2(x0 + px + 4, y + 5), halo, 3);
            dl->AddLine(ImVec2(x0, y), ImVec2(x0 + px, y), ink, 2);
            dl->AddLine(ImVec2(x0, y - 5), ImVec2(x0, y + 3), ink, 2);
            dl->AddLine(ImVec2(x0 + px, y - 5), ImVec2(x0 + px, y + 3), ink, 2);
            char buf[32];
            std::snprintf(buf, sizeof buf, nice >= 1 ? "%.0f km" : "%.1f km", nice);
            dl->AddText(m_font_small, m_font_small->FontSize, ImVec2(x0 + 2, y - 16), ink, buf);
            // Where the pointer is, beside the bar.
            const ImGuiIO& io = ImGui::GetIO();
            if (!io.WantCaptureMouse && io.MousePos.x >= 0 && io.MousePos.y >= 0) {
                const LonLat c = lonlat_at(io.MousePos.x, io.MousePos.y);
                if (std::isfinite(c.lon) && std::isfinite(c.lat)) {
                    std::snprintf(buf, sizeof buf, "%.4f %s, %.4f %s", std::abs(c.lat), c.lat >= 0 ? "N" : "S", std::abs(c.lon),
                                  c.lon >= 0 ? "E" : "W");
                    text(ImVec2(x0 + px + 14, y - 14), buf);
                }
            }
        }
    }
    // The measured line, each leg and the whole in geodesic km.
    if (m_measuring || !m_measure.empty()) {
        const ImU32 line = IM_COL32(20, 20, 20, 255);
        for (std::size_t i = 0; i < m_measure.size(); ++i) {
            const ImVec2 p = screen(m_measure[i]);
            dl->AddCircleFilled(p, 4, line);
            if (i == 0) continue;
            const ImVec2 q = screen(m_measure[i - 1]);
            dl->AddLine(q, p, halo, 5);
            dl->AddLine(q, p, line, 2);
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.1f km", geo::distance_km(m_measure[i - 1], m_measure[i]));
            text(ImVec2(0.5f * (p.x + q.x) + 6, 0.5f * (p.y + q.y) - 8), buf);
        }
        char buf[160];
        std::snprintf(buf, sizeof buf, "Measure: %zu point%s, %.1f km in all  (click adds, Backspace undoes, M or Esc ends)",
                      m_measure.size(), m_measure.size() == 1 ? "" : "s", measure_km());
        text(ImVec2(x0, y - 40), buf);
    }
}

void App::draw_messages() {
    if (!m_show_messages || m_messages.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Size.x * 0.5f, 40), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0));
    ImGui::SetNextWindowSize(ImVec2(620, 200), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Messages", &m_show_messages)) {
        for (const auto& d : m_messages) {
            const ImVec4 col = d.level == Diagnostic::Level::Error ? ImVec4(0.75f, 0.1f, 0.1f, 1) : ImVec4(0.45f, 0.35f, 0.0f, 1);
            ImGui::PushStyleColor(ImGuiCol_Text, col);
            ImGui::TextWrapped("%s", d.to_string().c_str());
            ImGui::PopStyleColor();
        }
    }
    ImGui::End();
}

}  // namespace cm::ui
