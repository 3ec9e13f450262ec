// conflictmap render: user layers (GDAL rasters, OGR vectors).
#include "render/UserLayer.h"

#include "core/Limits.h"

#include <gdal_priv.h>
#include <gdalwarper.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "geo/Ogr.h"
#include "render/gl/Gl.h"
#include "render/gl/Shaders.h"

namespace cm::render {

namespace {

constexpr int kMaxRasterSide = 4096;

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

}  // namespace

std::unique_ptr<UserLayer> UserLayer::open(const std::string& path, const MapSpace& space) {
    geo::init_gdal();
    std::unique_ptr<UserLayer> l(new UserLayer());
    l->m_path = path;
    l->m_name = std::filesystem::path(path).filename().string();
    DatasetPtr probe(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                          nullptr, nullptr, nullptr)));
    if (!probe) throw Error("GDAL cannot open this file as a map layer: " + std::string(CPLGetLastErrorMsg()), path);
    const bool raster = probe->GetRasterCount() > 0;
    probe.reset();
    if (raster) {
        l->open_raster(space);
    } else if (!l->open_vector(space)) {
        throw Error("no lines or areas to draw in this file", path);
    }
    return l;
}

UserLayer::~UserLayer() {
    if (m_texture) glDeleteTextures(1, &m_texture);
    if (m_vbo) glDeleteBuffers(1, &m_vbo);
    if (m_vao) glDeleteVertexArrays(1, &m_vao);
    if (m_program) glDeleteProgram(m_program);
}

void UserLayer::open_raster(const MapSpace& space) {
    m_raster = true;
    DatasetPtr src(static_cast<GDALDataset*>(GDALOpen(m_path.c_str(), GA_ReadOnly)));
    if (!src) throw Error("cannot open raster", m_path);
    const char* src_wkt = src->GetProjectionRef();
    double gt[6];
    if (!src_wkt || !*src_wkt || src->GetGeoTransform(gt) != CE_None)
        throw Error("the raster is not georeferenced (no projection or geotransform); georeference it in QGIS first", m_path);
    OGRSpatialReference dst_srs;
    if (dst_srs.SetFromUserInput(space.projection().crs().c_str()) != OGRERR_NONE)
        throw Error("GDAL does not know the map projection " + space.projection().crs(), m_path);
    char* dst_wkt = nullptr;
    dst_srs.exportToWkt(&dst_wkt);
    const int bands = src->GetRasterCount();
    const bool has_alpha = src->GetRasterBand(bands)->GetColorInterpretation() == GCI_AlphaBand;
    GDALWarpOptions* wo = GDALCreateWarpOptions();
    // Outside the source the warp writes alpha 0 (a band of its own), so the map shows through.
    if (!has_alpha) wo->nDstAlphaBand = bands + 1;
    wo->nBandCount = bands;
    wo->panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int) * bands));
    wo->panDstBands = static_cast<int*>(CPLMalloc(sizeof(int) * bands));
    for (int b = 0; b < bands; ++b) wo->panSrcBands[b] = wo->panDstBands[b] = b + 1;
    if (has_alpha) wo->nSrcAlphaBand = wo->nDstAlphaBand = bands;
    DatasetPtr warped(static_cast<GDALDataset*>(
        GDALAutoCreateWarpedVRTEx(src.get(), src_wkt, dst_wkt, GRA_Bilinear, 0.125, wo, nullptr)));
    GDALDestroyWarpOptions(wo);
    CPLFree(dst_wkt);
    if (!warped) throw Error("cannot reproject the raster into the map projection: " + std::string(CPLGetLastErrorMsg()), m_path);
    const int w = warped->GetRasterXSize(), h = warped->GetRasterYSize();
    const double scale = std::min(1.0, static_cast<double>(kMaxRasterSide) / std::max(w, h));
    const int tw = std::max(1, static_cast<int>(w * scale)), th = std::max(1, static_cast<int>(h * scale));
    // Read as RGBA: grey and palette images become RGB, the warp's alpha band becomes alpha.
    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(tw) * th * 4, 255);
    const int wb = warped->GetRasterCount();
    GDALRasterBand* first = warped->GetRasterBand(1);
    GDALColorTable* palette = first->GetColorTable();
    auto read = [&](int band, int channel) {
        if (warped->GetRasterBand(band)->RasterIO(GF_Read, 0, 0, w, h, rgba.data() + channel, tw, th, GDT_Byte, 4,
                                                  static_cast<GSpacing>(tw) * 4) != CE_None)
            throw Error("cannot read raster pixels: " + std::string(CPLGetLastErrorMsg()), m_path);
    };
    const int colour_bands = wb - 1;  // the last band is alpha
    if (palette && colour_bands == 1) {
        read(1, 0);
        for (std::size_t i = 0; i < rgba.size(); i += 4) {
            const GDALColorEntry* e = palette->GetColorEntry(rgba[i]);
            if (!e) continue;
            rgba[i] = static_cast<std::uint8_t>(e->c1);
            rgba[i + 1] = static_cast<std::uint8_t>(e->c2);
            rgba[i + 2] = static_cast<std::uint8_t>(e->c3);
        }
    } else if (colour_bands >= 3) {
        for (int c = 0; c < 3; ++c) read(c + 1, c);
    } else {
        read(1, 0);
        for (std::size_t i = 0; i < rgba.size(); i += 4) rgba[i + 1] = rgba[i + 2] = rgba[i];
    }
    read(wb, 3);
    double vgt[6];
    warped->GetGeoTransform(vgt);
    const Vec2f tl = space.from_projected(vgt[0], vgt[3]);
    const Vec2f br = space.from_projected(vgt[0] + vgt[1] * w, vgt[3] + vgt[5] * h);

    glGenTextures(1, &m_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, tw, th, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    glGenerateMipmap(GL_TEXTURE_2D);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    const float quad[16] = {tl.x, br.y, 0, 1, br.x, br.y, 1, 1, tl.x, tl.y, 0, 0, br.x, tl.y, 1, 0};
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<void*>(2 * sizeof(float)));
    glBindVertexArray(0);
    m_program = gl::build_program("raster");
    m_u_center = glGetUniformLocation(m_program, "u_center");
    m_u_ppu = glGetUniformLocation(m_program, "u_px_per_unit");
    m_u_viewport = glGetUniformLocation(m_program, "u_viewport");
    m_u_opacity = glGetUniformLocation(m_program, "u_opacity");
    m_u_image = glGetUniformLocation(m_program, "u_image");
    m_description = "raster " + std::to_string(w) + "×" + std::to_string(h) + (scale < 1 ? " (shown at " + std::to_string(tw) + "×" + std::to_string(th) + ")" : "");
}

bool UserLayer::open_vector(const MapSpace& space) {
    DatasetPtr ds(static_cast<GDALDataset*>(
        GDALOpenEx(m_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds) return false;
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::size_t areas = 0, lines = 0;
    for (OGRLayer* layer : ds->GetLayers()) {
        std::unique_ptr<OGRCoordinateTransformation> ct;
        if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
            OGRSpatialReference s(*srs);
            s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            if (!s.IsSame(&wgs84)) ct.reset(OGRCreateCoordinateTransformation(&s, &wgs84));
        }
        long feature = 0;
        auto skip = [&](const std::string& why) {
            m_problems.push_back({Diagnostic::Level::Warning, m_path, feature,
                                  std::string("layer '") + layer->GetName() + "' feature " + std::to_string(feature) + ": " + why +
                                      "; not drawn"});
        };
        for (auto& f : *layer) {
            ++feature;
            if (areas + lines >= limits().routes_zones_per_file) {
                m_problems.push_back({Diagnostic::Level::Error, m_path, feature,
                                      "more than " + std::to_string(limits().routes_zones_per_file) +
                                          " lines and areas; the rest of the file is not drawn"});
                break;
            }
            OGRGeometry* g = f->GetGeometryRef();
            if (!g || g->IsEmpty()) continue;
            if (const auto nv = static_cast<std::uint64_t>(geo::ogr_vertex_count(*g)); nv > limits().vertices_per_geometry) {
                skip("geometry has " + std::to_string(nv) + " vertices, over the limit of " +
                     std::to_string(limits().vertices_per_geometry));
                continue;
            }
            if (ct && g->transform(ct.get()) != OGRERR_NONE) {
                skip("geometry cannot be transformed to WGS 84");
                continue;
            }
            const Geometry geom = geo::from_ogr(*g);
            if (const std::string why = geometry_problem(geom); !why.empty()) {
                skip(why);
                continue;
            }
            const bool area = geom.type == GeomType::Polygon || geom.type == GeomType::MultiPolygon;
            const bool line = geom.type == GeomType::LineString || geom.type == GeomType::MultiLineString;
            if (!area && !line) continue;
            for (const auto& part : geom.parts) {
                const auto pts = space.to_map(part);
                if (area) m_fill.add_ring(pts);
                m_lines.add_polyline(pts, m_color, area ? 1.5f : 2.2f);
            }
            (area ? areas : lines) += 1;
        }
    }
    m_description = "vector: " + std::to_string(areas) + " areas, " + std::to_string(lines) + " lines";
    return areas + lines > 0;
}

void UserLayer::draw(const Programs& p, const Camera& cam, float layer_opacity) {
    if (!visible) return;
    const float a = opacity * layer_opacity;
    if (m_raster) {
        glUseProgram(m_program);
        glUniform2f(m_u_center, static_cast<float>(cam.cx), static_cast<float>(cam.cy));
        glUniform1f(m_u_ppu, static_cast<float>(1.0 / cam.units_per_px));
        glUniform2f(m_u_viewport, static_cast<float>(cam.width), static_cast<float>(cam.height));
        glUniform1f(m_u_opacity, a);
        glUniform1i(m_u_image, 0);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, m_texture);
        glBindVertexArray(m_vao);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
        glBindVertexArray(0);
        return;
    }
    Rgba fill = m_color;
    fill.a = static_cast<std::uint8_t>(0x40 * a);
    m_fill.draw(p, cam, fill);
    m_lines.draw(p, cam, 1.0f, a);
}

}  // namespace cm::render
