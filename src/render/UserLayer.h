// conflictmap render: layers the analyst adds — a vector file of lines or areas (areas of
// control, front lines; GeoPackage, shapefile, GeoJSON, KML ... through OGR) or a raster
// (GeoTIFF satellite image, scanned map, MBTiles, through GDAL). Rasters are warped once into
// the map projection when added (at most 4096 pixels a side) and drawn as one textured quad.
#pragma once
#include <memory>
#include <string>

#include "core/Error.h"
#include "render/FrameContext.h"
#include "render/MapSpace.h"
#include "render/Primitives.h"

namespace cm::render {

class UserLayer {
public:
    /// Opens path as a raster or vector layer and projects it into map space; needs a current GL
    /// context for rasters. Throws cm::Error naming the file if GDAL cannot read it or it has
    /// nothing drawable.
    static std::unique_ptr<UserLayer> open(const std::string& path, const MapSpace& space);
    ~UserLayer();

    const std::string& path() const { return m_path; }
    const std::string& name() const { return m_name; }
    /// "raster 2048×1536" or "vector: 12 areas, 3 lines".
    const std::string& description() const { return m_description; }
    bool is_raster() const { return m_raster; }
    /// Features not drawn (bad coordinates, past a limit), each named by feature number.
    const std::vector<Diagnostic>& problems() const { return m_problems; }
    void draw(const Programs& p, const Camera& cam, float opacity);

    bool visible = true;
    float opacity = 0.8f;

private:
    UserLayer() = default;
    void open_raster(const MapSpace& space);
    bool open_vector(const MapSpace& space);

    std::string m_path, m_name, m_description;
    std::vector<Diagnostic> m_problems;
    bool m_raster = false;
    // vector
    FillBatch m_fill;
    LineBatch m_lines;
    Rgba m_color{0x2b, 0x6c, 0x3f, 0xff};
    // raster
    unsigned m_texture = 0, m_vao = 0, m_vbo = 0, m_program = 0;
    int m_u_center = -1, m_u_ppu = -1, m_u_viewport = -1, m_u_opacity = -1, m_u_image = -1;
};

}  // namespace cm::render
