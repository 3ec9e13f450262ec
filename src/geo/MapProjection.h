// conflictmap geo: the map's projection (PROJ), Web Mercator by default or any projected CRS
// ("EPSG:32637" for UTM 37N). Data is projected once, when it is uploaded, never per frame.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/Geometry.h"

namespace cm::geo {

class MapProjection {
public:
    /// crs: anything PROJ accepts ("EPSG:3857", "EPSG:32637", a PROJ string). Throws cm::Error
    /// if PROJ does not know it or it is not a projected CRS.
    explicit MapProjection(const std::string& crs = "EPSG:3857");
    ~MapProjection();
    MapProjection(const MapProjection&) = delete;
    MapProjection& operator=(const MapProjection&) = delete;

    const std::string& crs() const { return m_crs; }
    /// Projects in place: xs holds longitudes, ys latitudes on entry; metres on return.
    /// Points PROJ cannot project become NaN.
    void forward(std::vector<double>& xs, std::vector<double>& ys) const;
    /// One point.
    void forward(LonLat p, double& x, double& y) const;
    /// Map metres back to longitude/latitude.
    LonLat inverse(double x, double y) const;

private:
    std::string m_crs;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cm::geo
