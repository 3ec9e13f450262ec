#!/usr/bin/python3
"""Derives assets/basemap/countries.fgb and countries-3857.fgb from the two world-atlas TopoJSON
files beside it.

    /usr/bin/python3 assets/basemap/build.py

The viewer and `conflictmap render` draw the 1:10m countries near Syria (a box of 24-58 E,
24-44 N) and the 1:50m ones elsewhere. Reading the TopoJSON means assembling every polygon from
its quantised arcs on each start (about a quarter of a second); this FlatGeobuf holds the same
246 features already assembled, in the order the renderer draws them, with two fields: `name`
(the country) and `detail` (1 for a 10m feature inside the box, 0 for a 50m one outside).
countries-3857.fgb holds the same features already in Web Mercator (EPSG:3857, the map's default
projection; latitudes clamped to +-85.05 first, as src/geo/MapProjection.cpp does, and vertices
PROJ cannot project dropped, as src/render/MapSpace.cpp does), with a third field `inset` (1 for
the 10m features the locator inset draws: an outline meeting 29-48 E, 28-41 N). Projecting the
countries took most of a briefing's basemap load (about 50 ms of every start).
Deterministic: the same inputs give the same bytes. Needs Debian's python3-gdal.
"""
import math
import os
import sys

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
BOX = (24.0, 24.0, 58.0, 44.0)  # west, south, east, north: must match src/render/Basemap.cpp
INSET = (29.0, 28.0, 48.0, 41.0)  # the locator inset's box: must match src/render/Basemap.cpp
MERCATOR_LAT = 85.05  # must match src/geo/MapProjection.cpp


def in_box(env):  # OGR envelope: min x, max x, min y, max y
    return env[1] >= BOX[0] and env[0] <= BOX[2] and env[3] >= BOX[1] and env[2] <= BOX[3]


def features():
    """(name, detail, geometry) in drawing order: the 50m countries outside the box, then the 10m inside."""
    for name, detail in (("countries-50m.json", 0), ("countries-10m.json", 1)):
        src = ogr.Open(os.path.join(HERE, name))
        if src is None:
            sys.exit(f"{name}: cannot open")
        for f in src.GetLayerByName("countries"):
            g = f.GetGeometryRef()
            if g is None or g.IsEmpty() or in_box(g.GetEnvelope()) != bool(detail):
                continue
            yield f.GetField("name") or "", detail, g.Clone()


def mercator_ring(ring, transform):
    """The ring's vertices in EPSG:3857, those PROJ cannot project left out; None if under 2 remain."""
    pts = []
    for i in range(ring.GetPointCount()):
        lon, lat = ring.GetX(i), ring.GetY(i)
        lat = max(-MERCATOR_LAT, min(MERCATOR_LAT, lat))
        try:
            x, y, _ = transform.TransformPoint(lon, lat)
        except RuntimeError:
            continue
        if math.isfinite(x) and math.isfinite(y) and abs(x) <= 1e300:
            pts.append((x, y))
    if len(pts) < 2:
        return None
    out = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts:
        out.AddPoint_2D(x, y)
    return out


def write(path, srs, with_inset, geometry_of):
    """One FlatGeobuf of the countries in `srs`: geometry_of(name, detail, geometry) gives each one's
    geometry; with_inset adds the `inset` field."""
    tmp = path.replace(".fgb", ".part.fgb")  # the driver wants the extension
    if os.path.exists(tmp):
        os.remove(tmp)
    ds = ogr.GetDriverByName("FlatGeobuf").CreateDataSource(tmp)
    layer = ds.CreateLayer("countries", srs, ogr.wkbUnknown, ["SPATIAL_INDEX=NO"])
    fields = [("name", ogr.OFTString), ("detail", ogr.OFTInteger)] + ([("inset", ogr.OFTInteger)] if with_inset else [])
    for field, kind in fields:
        layer.CreateField(ogr.FieldDefn(field, kind))
    n = 0
    for name, detail, g in features():
        o = ogr.Feature(layer.GetLayerDefn())
        o.SetField("name", name)
        o.SetField("detail", detail)
        if with_inset:
            env = g.GetEnvelope()
            inset = detail == 1 and env[1] >= INSET[0] and env[0] <= INSET[2] and env[3] >= INSET[1] and env[2] <= INSET[3]
            o.SetField("inset", 1 if inset else 0)
        o.SetGeometry(geometry_of(g))
        layer.CreateFeature(o)
        n += 1
    ds = None
    os.replace(tmp, path)
    print(f"{os.path.basename(path)}: {n} countries")


def main():
    ogr.UseExceptions()
    wgs84, merc = osr.SpatialReference(), osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    merc.ImportFromEPSG(3857)
    for srs in (wgs84, merc):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(wgs84, merc)

    def mercator(g):
        polys = [g] if g.GetGeometryType() == ogr.wkbPolygon else [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
        multi = ogr.Geometry(ogr.wkbMultiPolygon)
        for poly in polys:
            # Every ring as a polygon of its own: the renderer draws rings, not holes.
            for r in range(poly.GetGeometryCount()):
                ring = mercator_ring(poly.GetGeometryRef(r), transform)
                if ring is not None:
                    p = ogr.Geometry(ogr.wkbPolygon)
                    p.AddGeometry(ring)
                    multi.AddGeometry(p)
        return multi

    write(os.path.join(HERE, "countries-3857.fgb"), merc, True, mercator)
    write(os.path.join(HERE, "countries.fgb"), wgs84, False, lambda g: g)


if __name__ == "__main__":
    main()
