#!/usr/bin/python3
"""Derives assets/basemap/countries.fgb from the two world-atlas TopoJSON files beside it.

    /usr/bin/python3 assets/basemap/build.py

The viewer and `conflictmap render` draw the 1:10m countries near Syria (a box of 24-58 E,
24-44 N) and the 1:50m ones elsewhere. Reading the TopoJSON means assembling every polygon from
its quantised arcs on each start (about a quarter of a second); this FlatGeobuf holds the same
246 features already assembled, in the order the renderer draws them, with two fields: `name`
(the country) and `detail` (1 for a 10m feature inside the box, 0 for a 50m one outside).
Deterministic: the same inputs give the same bytes. Needs Debian's python3-gdal.
"""
import os
import sys

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
BOX = (24.0, 24.0, 58.0, 44.0)  # west, south, east, north: must match src/render/Basemap.cpp


def in_box(env):  # OGR envelope: min x, max x, min y, max y
    return env[1] >= BOX[0] and env[0] <= BOX[2] and env[3] >= BOX[1] and env[2] <= BOX[3]


def main():
    ogr.UseExceptions()
    out = os.path.join(HERE, "countries.fgb")
    tmp = os.path.join(HERE, "countries.part.fgb")  # the driver wants the extension
    if os.path.exists(tmp):
        os.remove(tmp)
    ds = ogr.GetDriverByName("FlatGeobuf").CreateDataSource(tmp)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    layer = ds.CreateLayer("countries", srs, ogr.wkbUnknown, ["SPATIAL_INDEX=NO"])
    layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("detail", ogr.OFTInteger))
    n = 0
    for name, detail in (("countries-50m.json", 0), ("countries-10m.json", 1)):
        src = ogr.Open(os.path.join(HERE, name))
        if src is None:
            sys.exit(f"{name}: cannot open")
        for f in src.GetLayerByName("countries"):
            g = f.GetGeometryRef()
            if g is None or g.IsEmpty() or in_box(g.GetEnvelope()) != bool(detail):
                continue
            o = ogr.Feature(layer.GetLayerDefn())
            o.SetField("name", f.GetField("name") or "")
            o.SetField("detail", detail)
            o.SetGeometry(g)
            layer.CreateFeature(o)
            n += 1
    ds = None
    os.replace(tmp, out)
    print(f"countries.fgb: {n} countries")


if __name__ == "__main__":
    main()
