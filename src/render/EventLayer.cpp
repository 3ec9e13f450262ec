// conflictmap render: preparing and drawing the event layer.
#include "render/EventLayer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <utility>

#include "core/Event.h"
#include "render/Style.h"

namespace cm::render {

namespace {

struct Cell {
    std::uint32_t count = 0;
    std::uint32_t ghosts = 0;
    std::int64_t rows[EventLayer::kMaxSymbolsPerCell] = {};
    double sx = 0, sy = 0;
    std::array<std::uint32_t, 6> by_type{};
};

Rgba with_alpha(Rgba c, std::uint8_t a) { return {c.r, c.g, c.b, a}; }

}  // namespace

void EventLayer::set_table(std::shared_ptr<const events::EventTable> table, const MapSpace& space) {
    m_table = std::move(table);
    m_prepared = false;
    m_x.clear();
    m_y.clear();
    m_shape.clear();
    m_size.clear();
    if (!m_table) return;
    space.to_map(m_table->lon, m_table->lat, m_x, m_y);
    const std::size_t n = m_table->size();
    // Country-level rows have a point (the country's centre) that says nothing about where the
    // event was: never drawn, never picked, never framed.
    const auto kCountry = static_cast<std::uint8_t>(LocPrecision::Country);
    for (std::size_t i = 0; i < n; ++i)
        if (m_table->loc_precision[i] == kCountry) m_x[i] = m_y[i] = NAN;
    m_shape.resize(n);
    m_size.resize(n);
    // Shapes depend on the kind string: decide once per (kind, type), not per row.
    const std::size_t kinds = std::max<std::size_t>(1, m_table->kinds.size());
    std::vector<std::uint8_t> memo(kinds * 6, 255);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t k = m_table->kind_id[i] < kinds ? m_table->kind_id[i] : 0;
        const std::uint8_t t = std::min<std::uint8_t>(m_table->type[i], 5);
        std::uint8_t& s = memo[k * 6 + t];
        if (s == 255) {
            const std::string_view kind = k < m_table->kinds.size() ? std::string_view(m_table->kinds[k]) : std::string_view();
            s = static_cast<std::uint8_t>(shape_for(kind, t));
        }
        m_shape[i] = s;
        m_size[i] = symbol_size_px(m_table->fatalities[i]);
    }
    m_mercator = space.projection().crs() == "EPSG:3857";
}

void EventLayer::set_mask(std::shared_ptr<const std::vector<std::uint8_t>> mask, std::uint64_t version) {
    m_mask = std::move(mask);
    m_mask_version = version;
}

bool EventLayer::bounds(float& x0, float& y0, float& x1, float& y1) const {
    x0 = y0 = std::numeric_limits<float>::max();
    x1 = y1 = std::numeric_limits<float>::lowest();
    bool any = false;
    for (std::size_t i = 0; i < m_x.size(); ++i) {
        if (!passes(i) || !std::isfinite(m_x[i]) || !std::isfinite(m_y[i])) continue;
        x0 = std::min(x0, m_x[i]);
        x1 = std::max(x1, m_x[i]);
        y0 = std::min(y0, m_y[i]);
        y1 = std::max(y1, m_y[i]);
        any = true;
    }
    return any;
}

void EventLayer::release_rows() {
    m_table.reset();
    m_mask.reset();
    m_x = {};
    m_y = {};
    m_shape = {};
    m_size = {};
    m_block_crowded = {};
    m_block_cluster = {};
    m_cell_totals = {};
    m_cell_type_totals = {};
    m_ghost_key.clear();
}

void EventLayer::prepare(const FrameContext& ctx) {
    const Camera& cam = ctx.camera;
    // Symbols, cells and clusters follow the UI scale (a 300 dpi briefing, a HiDPI screen).
    const float sc = ctx.scale();
    m_mark_scale = sc;
    const Key key{cam, ctx.time.first_day, ctx.time.last_day, ctx.time.all_time, ctx.time.ghost, ctx.selected_row,
                  m_mask_version, m_table.get(), sc};
    if (m_prepared && key == m_key) return;
    const auto t_start = std::chrono::steady_clock::now();
    m_key = key;
    m_prepared = true;
    ++m_generation;
    m_drawn.clear();
    m_texts.clear();
    m_off_map.clear();
    m_stats = {};
    auto& inst = m_batch.instances();
    inst.clear();
    if (!m_table || m_table->size() == 0) return;
    const events::EventTable& t = *m_table;

    // Rows that may be in the window: a binary search on the time-sorted table.
    std::size_t begin = 0, end = t.size();
    if (!ctx.time.all_time) std::tie(begin, end) = t.rows_overlapping(ctx.time.first_day, ctx.time.last_day);
    m_range_begin = begin;
    m_range_end = end;

    // The cell grid covers the viewport plus a margin of one cell, anchored to map coordinates.
    const double cell_px = kCellPx * sc;
    m_cell_units = cell_px * cam.units_per_px;
    const double left = cam.to_map_x(-cell_px), right = cam.to_map_x(cam.width + cell_px);
    const double bottom = cam.to_map_y(cam.height + cell_px), top = cam.to_map_y(-cell_px);
    m_grid_x0 = static_cast<std::int64_t>(std::floor(left / m_cell_units));
    m_grid_y0 = static_cast<std::int64_t>(std::floor(bottom / m_cell_units));
    m_grid_w = static_cast<int>(std::floor(right / m_cell_units) - m_grid_x0) + 1;
    m_grid_h = static_cast<int>(std::floor(top / m_cell_units) - m_grid_y0) + 1;
    std::vector<Cell> cells(static_cast<std::size_t>(m_grid_w) * m_grid_h);
    const float fx0 = static_cast<float>(left), fx1 = static_cast<float>(right);
    const float fy0 = static_cast<float>(bottom), fy1 = static_cast<float>(top);
    const double inv_cell = 1.0 / m_cell_units;

    auto cell_of = [&](std::size_t i) -> Cell* {
        const float x = m_x[i], y = m_y[i];
        if (!(x >= fx0 && x <= fx1 && y >= fy0 && y <= fy1)) return nullptr;  // also rejects NaN
        const std::int64_t cx = static_cast<std::int64_t>(std::floor(x * inv_cell)) - m_grid_x0;
        const std::int64_t cy = static_cast<std::int64_t>(std::floor(y * inv_cell)) - m_grid_y0;
        if (cx < 0 || cy < 0 || cx >= m_grid_w || cy >= m_grid_h) return nullptr;
        return &cells[static_cast<std::size_t>(cy) * m_grid_w + cx];
    };

    const std::uint8_t kPlace = static_cast<std::uint8_t>(EventShape::Place);
    for (std::size_t i = begin; i < end; ++i) {
        if (t.shape[i] != kPlace || !passes(i)) continue;
        if (!ctx.time.all_time && !(t.day_first[i] <= ctx.time.last_day && t.day_last[i] >= ctx.time.first_day)) continue;
        ++m_stats.in_time;
        Cell* c = cell_of(i);
        if (!c) {
            const bool coarse = t.loc_precision[i] == static_cast<std::uint8_t>(LocPrecision::Country);
            if (coarse) ++m_stats.coarse;
            else if (!std::isfinite(m_x[i])) ++m_stats.unlocated;
            if (coarse || !std::isfinite(m_x[i])) m_off_map.push_back(static_cast<std::int64_t>(i));
            continue;
        }
        ++m_stats.in_view;
        const std::uint8_t ty = std::min<std::uint8_t>(t.type[i], 5);
        ++m_stats.in_view_by_type[ty];
        if (c->count < kMaxSymbolsPerCell) c->rows[c->count] = static_cast<std::int64_t>(i);
        ++c->count;
        c->sx += m_x[i];
        c->sy += m_y[i];
        ++c->by_type[ty];
    }
    if (ctx.time.ghost && !ctx.time.all_time) {
        // Ghosts = every dated row of the cell minus those in the window. The per-cell totals do
        // not depend on time, so scrubbing reuses them; only a camera, filter or table change
        // scans all rows again.
        const std::vector<double> gkey = {cam.cx, cam.cy, cam.units_per_px, double(cam.width), double(cam.height),
                                          double(m_mask_version), double(reinterpret_cast<std::uintptr_t>(m_table.get()))};
        if (gkey != m_ghost_key) {
            m_ghost_key = gkey;
            m_cell_totals.assign(cells.size(), 0);
            m_cell_type_totals.assign(cells.size(), {});
            for (std::size_t i = 0; i < t.dated_rows; ++i) {
                if (t.shape[i] != kPlace || !passes(i)) continue;
                if (Cell* c = cell_of(i)) {
                    const auto ci = static_cast<std::size_t>(c - cells.data());
                    ++m_cell_totals[ci];
                    ++m_cell_type_totals[ci][std::min<std::uint8_t>(t.type[i], 5)];
                }
            }
        }
        for (std::size_t ci = 0; ci < cells.size(); ++ci) cells[ci].ghosts = m_cell_totals[ci] - std::min(m_cell_totals[ci], cells[ci].count);
    }

    // Emit: halos and ghosts underneath, then clusters, then symbols (large first), selection last.
    std::vector<SymbolInstance> halos, symbols, clusters, uncertainty;
    const std::int64_t selected = ctx.selected_row;
    bool selected_drawn = false;
    auto emit_symbol = [&](std::int64_t row) {
        const std::size_t i = static_cast<std::size_t>(row);
        const std::uint8_t ty = std::min<std::uint8_t>(t.type[i], 5);
        const float flags = row == selected ? kSelected : 0;
        if (row == selected) selected_drawn = true;
        const float size = m_size[i] * sc;
        symbols.push_back({m_x[i], m_y[i], size, style::kTypeColors[ty], static_cast<float>(m_shape[i]), flags});
        const float r_px = static_cast<float>(t.radius_km[i] * 1000.0 *
                                              (m_mercator ? 1.0 / std::cos(t.lat[i] * M_PI / 180.0) : 1.0) /
                                              cam.units_per_px);
        if (t.loc_precision[i] >= 2 && 2 * r_px > size + 4 && r_px < 600) {
            // Wide discs fade, and one wider than the screen says nothing: a province-sized
            // uncertainty is shown without fogging the map.
            const float fade = std::clamp(40.0f / r_px, 0.15f, 1.0f);
            uncertainty.push_back({m_x[i], m_y[i], 2 * r_px, with_alpha(style::kTypeColors[ty], static_cast<std::uint8_t>(34 * fade)), 0, kHalo});
        }
        m_drawn.push_back({static_cast<float>(cam.to_screen_x(m_x[i])), static_cast<float>(cam.to_screen_y(m_y[i])),
                           0.5f * size + 2, row, 1, -1});
    };
    // Crowded cells merge by blocks of kClusterBlock × kClusterBlock cells (anchored to map
    // coordinates): a block holding any crowded cell becomes one counted cluster with all its
    // events, so clusters never overlap each other or stray symbols.
    auto floor_div = [](std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); };
    m_block_x0 = floor_div(m_grid_x0, kClusterBlock);
    m_block_y0 = floor_div(m_grid_y0, kClusterBlock);
    m_block_w = static_cast<int>(floor_div(m_grid_x0 + m_grid_w - 1, kClusterBlock) - m_block_x0) + 1;
    m_block_h = static_cast<int>(floor_div(m_grid_y0 + m_grid_h - 1, kClusterBlock) - m_block_y0) + 1;
    auto block_of = [&](std::size_t ci) {
        const std::int64_t bx = floor_div(static_cast<std::int64_t>(ci % m_grid_w) + m_grid_x0, kClusterBlock) - m_block_x0;
        const std::int64_t by = floor_div(static_cast<std::int64_t>(ci / m_grid_w) + m_grid_y0, kClusterBlock) - m_block_y0;
        return static_cast<std::size_t>(by * m_block_w + bx);
    };
    m_block_crowded.assign(static_cast<std::size_t>(m_block_w) * m_block_h, 0);
    for (std::size_t ci = 0; ci < cells.size(); ++ci)
        if (cells[ci].count > kMaxSymbolsPerCell) m_block_crowded[block_of(ci)] = 1;
    std::vector<Cell> blocks(m_block_crowded.size());
    for (std::size_t ci = 0; ci < cells.size(); ++ci) {
        const Cell& c = cells[ci];
        if (c.count == 0) {
            if (c.ghosts) {
                const double gx = (static_cast<double>(ci % m_grid_w) + m_grid_x0 + 0.5) * m_cell_units;
                const double gy = (static_cast<double>(ci / m_grid_w) + m_grid_y0 + 0.5) * m_cell_units;
                // A hollow ring in the colour of the type most often there: a hint of what lies
                // outside the window that no one takes for a town dot.
                std::size_t ty = 0;
                std::uint32_t most = 0;
                for (std::size_t k = 0; k < 6 && ci < m_cell_type_totals.size(); ++k) {
                    const std::uint32_t outside = m_cell_type_totals[ci][k] - std::min(m_cell_type_totals[ci][k], c.by_type[k]);
                    if (outside > most) {
                        most = outside;
                        ty = k;
                    }
                }
                halos.push_back({static_cast<float>(gx), static_cast<float>(gy), (c.ghosts > 3 ? 9.0f : 7.0f) * sc,
                                 with_alpha(style::kTypeColors[ty], 0xa0), 6, kGhost});
                ++m_stats.ghosts;
            }
            continue;
        }
        const std::size_t bi = block_of(ci);
        if (!m_block_crowded[bi]) {
            for (std::uint32_t k = 0; k < c.count; ++k) emit_symbol(c.rows[k]);
            m_stats.symbols += c.count;
            continue;
        }
        Cell& b = blocks[bi];
        b.count += c.count;
        b.sx += c.sx;
        b.sy += c.sy;
        for (std::size_t k = 0; k < 6; ++k) b.by_type[k] += c.by_type[k];
    }
    // Crowded blocks become clusters; clusters whose circles would overlap on screen merge (the
    // larger absorbs the smaller, at their weighted centre) until none overlap, so clusters never
    // cover each other and do not sit on a visible grid.
    struct Cl {
        double sx, sy;  // sums of map coordinates
        std::uint32_t count;
        std::array<std::uint32_t, 6> by_type;
        float size;
        bool alive;
    };
    auto cluster_size = [sc](std::uint32_t n) {
        // Wide enough for its count in the small font (about 7 px a character, plus a margin).
        const std::string label = n >= 10000 ? "10.0k" : std::to_string(n);
        const float text = 7.2f * static_cast<float>(label.size()) + 10;
        return sc * std::min(56.0f, std::max(18.0f + 6.0f * static_cast<float>(std::log10(static_cast<double>(n))), text));
    };
    std::vector<Cl> cls;
    m_block_cluster.assign(blocks.size(), -1);
    for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
        const Cell& c = blocks[bi];
        if (c.count == 0) continue;
        m_block_cluster[bi] = static_cast<std::int32_t>(cls.size());
        cls.push_back({c.sx, c.sy, c.count, c.by_type, cluster_size(c.count), true});
    }
    std::vector<std::int32_t> parent(cls.size());
    for (std::size_t k = 0; k < cls.size(); ++k) parent[k] = static_cast<std::int32_t>(k);
    auto root = [&](std::int32_t k) {
        while (parent[static_cast<std::size_t>(k)] != k) k = parent[static_cast<std::size_t>(k)];
        return k;
    };
    // A cluster of several types wears a ring beyond its disc: clusters are kept apart by their
    // rings too.
    auto reach = [sc](const Cl& c) { return 0.5 * c.size + (wears_ring(c.by_type) ? kRingReachPx * sc : 0.0); };
    // Only clusters nearer than the widest pair (two of the largest discs with their rings) can
    // overlap: a grid of cells that wide finds each one's neighbours among the 3x3 cells around
    // it, so the merge is not a scan of all pairs (4,600 clusters of a million events at
    // 7680x4320: 10 million pairs a pass). A cluster that moves is entered again where it went;
    // stale entries are skipped. The merges are the pairwise scan's, in the same order.
    const double cell = ((56.0 + 2 * kRingReachPx) * sc + 3.0) * cam.units_per_px;
    auto key_of = [&](const Cl& c) {
        const auto kx = static_cast<std::int64_t>(std::floor(c.sx / c.count / cell));
        const auto ky = static_cast<std::int64_t>(std::floor(c.sy / c.count / cell));
        return std::pair<std::int64_t, std::int64_t>(kx, ky);
    };
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>> grid;
    for (std::size_t k = 0; k < cls.size(); ++k) grid[key_of(cls[k])].push_back(static_cast<std::uint32_t>(k));
    std::vector<std::uint32_t> near;
    for (bool merged = true; merged;) {
        merged = false;
        for (std::size_t i = 0; i < cls.size(); ++i) {
            // Candidates after `after`, in order; gathered again whenever cluster i has moved.
            for (std::size_t after = i; cls[i].alive;) {
                near.clear();
                const auto [kx, ky] = key_of(cls[i]);
                for (std::int64_t dy = -1; dy <= 1; ++dy)
                    for (std::int64_t dx = -1; dx <= 1; ++dx) {
                        const auto it = grid.find({kx + dx, ky + dy});
                        if (it == grid.end()) continue;
                        for (std::uint32_t j : it->second)
                            if (j > after && cls[j].alive) near.push_back(j);
                    }
                std::sort(near.begin(), near.end());
                near.erase(std::unique(near.begin(), near.end()), near.end());
                bool moved = false;
                for (std::uint32_t j : near) {
                    const double ax = cls[i].sx / cls[i].count, ay = cls[i].sy / cls[i].count;
                    const double bx = cls[j].sx / cls[j].count, by = cls[j].sy / cls[j].count;
                    const double d_px = std::hypot(ax - bx, ay - by) / cam.units_per_px;
                    if (d_px >= reach(cls[i]) + reach(cls[j]) + 2) continue;
                    const std::size_t keep = cls[i].count >= cls[j].count ? i : j, gone = keep == i ? j : i;
                    cls[keep].sx += cls[gone].sx;
                    cls[keep].sy += cls[gone].sy;
                    cls[keep].count += cls[gone].count;
                    for (std::size_t k = 0; k < 6; ++k) cls[keep].by_type[k] += cls[gone].by_type[k];
                    cls[keep].size = cluster_size(cls[keep].count);
                    cls[gone].alive = false;
                    parent[gone] = static_cast<std::int32_t>(keep);
                    grid[key_of(cls[keep])].push_back(static_cast<std::uint32_t>(keep));
                    merged = moved = true;
                    after = j;
                    break;
                }
                if (!moved) break;
            }
        }
    }
    for (auto& bc : m_block_cluster)
        if (bc >= 0) bc = root(bc);
    for (std::size_t k = 0; k < cls.size(); ++k) {
        const Cl& c = cls[k];
        if (!c.alive) continue;
        const float x = static_cast<float>(c.sx / c.count), y = static_cast<float>(c.sy / c.count);
        const auto dominant = static_cast<std::size_t>(std::max_element(c.by_type.begin(), c.by_type.end()) - c.by_type.begin());
        clusters.push_back({x, y, c.size, with_alpha(style::kTypeColors[dominant], 0xe6), 0, kCluster, ring_ends(c.by_type)});
        const float sx = static_cast<float>(cam.to_screen_x(x)), sy = static_cast<float>(cam.to_screen_y(y));
        m_drawn.push_back({sx, sy, static_cast<float>(reach(c)) + 1, -1, c.count, static_cast<std::int32_t>(k), c.by_type});
        m_texts.push_back({sx, sy,
                           c.count >= 100000 ? std::to_string(c.count / 1000) + "k"
                           : c.count >= 10000 ? std::to_string(c.count / 1000) + "." + std::to_string(c.count / 100 % 10) + "k"
                                               : std::to_string(c.count),
                           {255, 255, 255, 255}, TextItem::Kind::Count});
        ++m_stats.clusters;
    }
    // The selected event stays visible even inside a cluster.
    if (selected >= 0 && static_cast<std::size_t>(selected) < t.size() && !selected_drawn) {
        const std::size_t i = static_cast<std::size_t>(selected);
        if (std::isfinite(m_x[i]) && std::isfinite(m_y[i])) {
            emit_symbol(selected);
            --m_stats.symbols;
        }
    }
    // Uncertainty discs say something about a few events; over thousands they only fog the map,
    // and filling them was most of a large picture's time (100,000 ACLED rows at 7680x4320).
    double disc_area = 0;
    for (const SymbolInstance& u : uncertainty) disc_area += 0.785 * static_cast<double>(u.size) * u.size;
    if (uncertainty.size() <= kMaxUncertaintyDiscs && disc_area <= 3.0 * cam.width * cam.height) {
        halos.insert(halos.begin(), uncertainty.begin(), uncertainty.end());
        m_stats.uncertainty_discs = uncertainty.size();
    }
    std::stable_sort(symbols.begin(), symbols.end(), [](const SymbolInstance& a, const SymbolInstance& b) {
        const bool as = a.flags == static_cast<float>(kSelected), bs = b.flags == static_cast<float>(kSelected);
        if (as != bs) return bs;
        return a.size > b.size;
    });
    inst.reserve(halos.size() + clusters.size() + symbols.size());
    inst.insert(inst.end(), halos.begin(), halos.end());
    inst.insert(inst.end(), clusters.begin(), clusters.end());
    inst.insert(inst.end(), symbols.begin(), symbols.end());
    m_stats.prepare_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_start).count();
}

std::vector<std::int64_t> EventLayer::cluster_members(std::int32_t cluster, std::size_t limit) const {
    std::vector<std::int64_t> out;
    if (!m_table || cluster < 0 || m_block_w <= 0) return out;
    const events::EventTable& t = *m_table;
    for (std::size_t i = m_range_begin; i < m_range_end && out.size() < limit; ++i) {
        if (t.shape[i] != static_cast<std::uint8_t>(EventShape::Place) || !passes(i)) continue;
        if (!m_key.all && !(t.day_first[i] <= m_key.t1 && t.day_last[i] >= m_key.t0)) continue;
        if (!std::isfinite(m_x[i]) || !std::isfinite(m_y[i])) continue;
        // Same cell arithmetic as prepare (cells, then blocks of cells), so membership agrees.
        const double inv_cell = 1.0 / m_cell_units;
        const auto cx = static_cast<std::int64_t>(std::floor(m_x[i] * inv_cell));
        const auto cy = static_cast<std::int64_t>(std::floor(m_y[i] * inv_cell));
        auto floor_div = [](std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); };
        const std::int64_t bx = floor_div(cx, kClusterBlock) - m_block_x0, by = floor_div(cy, kClusterBlock) - m_block_y0;
        if (bx < 0 || by < 0 || bx >= m_block_w || by >= m_block_h) continue;
        const auto bi = static_cast<std::size_t>(by * m_block_w + bx);
        if (bi < m_block_cluster.size() && m_block_cluster[bi] == cluster) out.push_back(static_cast<std::int64_t>(i));
    }
    return out;
}

void EventLayer::draw(const Programs& p, const Camera& cam) { m_batch.draw(p, cam, m_mark_scale); }

}  // namespace cm::render
