"""Builds the bundled gazetteer's Syrian places and admin areas from openly licensed sources.

Called by build.py; usable alone:

    /usr/bin/python3 gazetteer/tools/syria.py --shared ../shared/data --cities cities500.txt

Sources (see gazetteer/README.md for licences and attribution):
  OCHA COD-AB Syria v02   communities (C-pcodes), neighbourhoods (N-pcodes), admin capitals,
                          district (adm2) and sub-district (adm3) polygons
  Who's On First Syria    localities (GeoNames-derived names, ids, feature codes, populations)
  GeoNames cities500      Syrian rows (the ids the gazetteer used before; populations)
  OpenSyria geography     aliases of governorates, districts and sub-districts

Outputs (deterministic: the same inputs give byte-identical files):
  data/syria_places.tsv      one row per real place, the sources' records merged
  data/syria_admin.fgb       districts and sub-districts as areas, with their names (FlatGeobuf)
  data/admin1_aliases.csv    names of the governorates from OCHA and OpenSyria (alias rows)

How records are merged into one place: OCHA's communities are the base (each pcode is a distinct
place, so two same-named villages never merge). A WOF locality joins the nearest OCHA place whose
name folds alike within 5 km, whose consonant skeleton is the same within 3 km, or whose Arabic
name is the same within 5 km; otherwise it starts a place of its own (and later WOF records fold
into it under the same rules, within 2 km). A cities500 row joins the place holding its GeoNames
id, else by the same name rules. Every name of every record is kept (Latin and Arabic script;
other scripts are dropped: reporting about Syria does not use them), with the provenance of each
field in the `source` column.

The folding here approximates src/gazetteer/Fold.cpp closely enough to decide merges; the C++
folding is the one used for lookups.
"""
import argparse
import csv
import json
import math
import os
import re
import sys
import unicodedata

from osgeo import gdal, ogr, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import round_coords  # noqa: E402  (beside this script)

gdal.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")

# OCHA admin-1 pcodes -> ISO 3166-2 (checked against OpenSyria's iso31662/ochaPcode pairs).
OCHA_ISO = {"SY01": "SY-DI", "SY02": "SY-HL", "SY03": "SY-RD", "SY04": "SY-HI", "SY05": "SY-HM",
            "SY06": "SY-LA", "SY07": "SY-ID", "SY08": "SY-HA", "SY09": "SY-DY", "SY10": "SY-TA",
            "SY11": "SY-RA", "SY12": "SY-DR", "SY13": "SY-SU", "SY14": "SY-QU"}

csv.field_size_limit(1 << 24)

# [SECTION] Folding (approximates Fold.cpp)

ARABIC = {
    "\u0621": "", "\u0622": "a", "\u0623": "a", "\u0624": "w", "\u0625": "i", "\u0626": "y",
    "\u0627": "a", "\u0628": "b", "\u0629": "a", "\u062a": "t", "\u062b": "th", "\u062c": "j",
    "\u062d": "h", "\u062e": "kh", "\u062f": "d", "\u0630": "dh", "\u0631": "r", "\u0632": "z",
    "\u0633": "s", "\u0634": "sh", "\u0635": "s", "\u0636": "d", "\u0637": "t", "\u0638": "z",
    "\u0639": "", "\u063a": "gh", "\u0641": "f", "\u0642": "q", "\u0643": "k", "\u0644": "l",
    "\u0645": "m", "\u0646": "n", "\u0647": "h", "\u0648": "w", "\u0649": "a", "\u064a": "y",
}
ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "adh", "an", "ath", "ed", "er",
            "es", "et", "ez", "en", "esh", "ul", "il"}
APOSTROPHES = set("'`\u2018\u2019\u201b\u2032\u02bb\u02bc\u02be\u02bf\u02c8\u00b4")


def fold(name):
    words, cur, arabic = [], [], False
    art = False
    chars = unicodedata.normalize("NFKD", name)
    for i, ch in enumerate(chars):
        o = ord(ch)
        if ch in APOSTROPHES or unicodedata.combining(ch) or 0x64B <= o <= 0x65F or o in (0x670, 0x640):
            continue
        if ch in ARABIC:
            if ch == "\u0627" and not cur and i + 1 < len(chars) and chars[i + 1] == "\u0644":
                art = True
            arabic = True
            cur.append(ARABIC[ch])
            continue
        c = ch.lower()
        if ("a" <= c <= "z") or ("0" <= c <= "9"):
            cur.append(c)
            continue
        if c == "\u00df":
            cur.append("ss")
            continue
        if c == "\u0131":
            cur.append("i")
            continue
        if cur:
            words.append(("".join(cur), arabic, art))
        cur, arabic, art = [], False, False
    if cur:
        words.append(("".join(cur), arabic, art))
    out = []
    for k, (w, is_ar, is_art) in enumerate(words):
        last = k + 1 == len(words)
        if is_art and len(w) > 3 and w.startswith("al"):
            w = w[2:]
        if w in ARTICLES and not last:
            continue
        if k > 0 and not is_ar and len(w) > 4 and w[0] in "ae" and w[1] not in "aeiou" and w[1] == w[2] \
                and w[1] in "tdrzsnl":
            w = w[2:]
        pre = ""
        for p in ("albou", "albu", "abou", "abu"):
            if w.startswith(p) and len(w) >= 3:
                pre, w = "bu", w[len(p):]
                break
        if not w and not pre:
            continue
        out.append(pre + w)
    return " ".join(out)


def skeleton(folded):
    out = []
    for w in folded.split(" "):
        m = []
        i = 0
        while i < len(w):
            c = w[i]
            n = w[i + 1] if i + 1 < len(w) else ""
            if n == "h" and c in "kgstdcp":
                m.append("hgstzsf"["kgstdcp".index(c)])
                i += 2
                continue
            if c in "qc":
                m.append("k")
            elif c in "aeiou" or (c in "yw" and i > 0):
                m.append("*")
            else:
                m.append(c)
            i += 1
        if len(m) >= 2 and m[-1] == "h" and m[-2] == "*":
            m.pop()
        prev = ""
        for c in m:
            if c == "*":
                prev = "*"
                continue
            if c != prev:
                out.append(c)
            prev = c
    return "".join(out)


def norm_arabic(s):
    s = "".join(ch for ch in s if not (0x64B <= ord(ch) <= 0x65F or ord(ch) in (0x670, 0x640)))
    s = s.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ة", "ه").replace("ى", "ي")
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in re.split(r"[\s\-]+", s) if w]
    return " ".join(words)


def script_of(name):
    """'latin', 'arabic', or None (other scripts, or no letters)."""
    has_lat = has_ar = False
    for ch in name:
        if not ch.isalpha():
            continue
        o = ord(ch)
        if o < 0x250 or 0x1E00 <= o <= 0x1EFF:
            has_lat = True
        elif 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFEFF:
            has_ar = True
        else:
            return None
    if has_lat and not has_ar:
        return "latin"
    if has_ar and not has_lat:
        return "arabic"
    return None


def clean(s):
    return re.sub(r"\s+", " ", (s or "").replace("\t", " ")).strip()


def km(a, b):
    """Great-circle distance in km between (lon, lat) pairs (spherical: merges need ~1 %)."""
    (x1, y1), (x2, y2) = a, b
    p1, p2 = math.radians(y1), math.radians(y2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(x2 - x1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


# [SECTION] Places


class Place:
    """One real place: the merged records of every source that describes it."""

    def __init__(self, lonlat):
        self.lonlat = lonlat
        self.coord_src = ""
        self.name = ""
        self.name_src = ""
        self.name_ar = ""
        self.names = []          # every Latin/Arabic name, in order of arrival
        self.name_srcs = []      # provenance of extra names
        self.pcode = ""
        self.kind = "community"
        self.adm = ("", "", "")  # adm1, adm2, adm3 pcodes
        self.gn = []             # GeoNames ids
        self.wof = []            # WOF ids
        self.cities500 = None    # GeoNames id of the cities500 row, if any
        self.population = 0
        self.fcodes = set()
        self.capital = None      # OCHA admin capital level (0..3)
        self._keys = None

    def add_name(self, n):
        n = clean(n)
        if n and len(n) <= 100 and n not in self.names and script_of(n):
            self.names.append(n)
            self._keys = None

    def keys(self):
        if self._keys is None:
            self._keys = name_keys(self.names)
        return self._keys


def name_keys(names):
    """The merge keys of a set of names: folded forms, consonant skeletons (3+), Arabic forms."""
    folded, skel, ar = set(), set(), set()
    for n in names:
        if script_of(n) == "arabic":
            ar.add(norm_arabic(n))
        f = fold(n)
        if f:
            folded.add(f)
            s = skeleton(f)
            if len(s) >= 3:
                skel.add(s)
    return folded, skel, ar


class Grid:
    """Places bucketed by 0.1-degree cells for neighbourhood queries."""

    def __init__(self):
        self.cells = {}

    def add(self, p):
        key = (int(math.floor(p.lonlat[0] * 10)), int(math.floor(p.lonlat[1] * 10)))
        self.cells.setdefault(key, []).append(p)

    def near(self, lonlat, radius_km):
        cx, cy = int(math.floor(lonlat[0] * 10)), int(math.floor(lonlat[1] * 10))
        r = int(math.ceil(radius_km / 9.0)) + 1
        for dx in range(-r, r + 1):
            for dy in range(-r, r + 1):
                for p in self.cells.get((cx + dx, cy + dy), ()):
                    d = km(lonlat, p.lonlat)
                    if d <= radius_km:
                        yield d, p


def match(grid, names, lonlat, fold_km, skel_km, ar_km, only=None):
    """The nearest place in grid that the merge rules say these names at lonlat describe."""
    folded, skel, ar = name_keys(names)
    best = None
    for d, p in grid.near(lonlat, max(fold_km, skel_km, ar_km)):
        if only and not only(p):
            continue
        pf, ps, pa = p.keys()
        ok = (d <= fold_km and folded & pf) or (d <= skel_km and skel & ps) or (d <= ar_km and ar & pa)
        if ok and (best is None or d < best[0] or (d == best[0] and p.pcode < best[1].pcode)):
            best = (d, p)
    return best[1] if best else None


def ocha_places(shared):
    path = os.path.join(shared, "ocha-cod-ab-syr", "syr_populatedplaces.tsv")
    places = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for r in reader:
            try:
                lonlat = (round(float(r["point_x"]), 5), round(float(r["point_y"]), 5))
            except (TypeError, ValueError):
                print(f"{path}:{reader.line_num}: {r.get('pcode')}: bad coordinates; row skipped", file=sys.stderr)
                continue
            p = Place(lonlat)
            p.pcode = r["pcode"]
            p.coord_src = "OCHA " + p.pcode
            p.adm = (r["adm1_pcode"], r["adm2_pcode"], r["adm3_pcode"])
            fen, far = clean(r["featurename_en"]), clean(r["featurename_ar"])
            if p.pcode.startswith("N"):
                # Neighbourhoods: "Al Assali (ne)" / "حي العسالي"; adm4 holds the city.
                p.kind = "neighbourhood"
                p.name = re.sub(r"\s*\(ne\)$", "", fen)
                bare_ar = re.sub(r"\s+-\s+.*$", "", far)
                p.name_ar = re.sub(r"^حي\s+", "", bare_ar)
                for n in (p.name, r["featurerefname"], p.name_ar, bare_ar):
                    p.add_name(n)
            else:
                p.name = clean(r["adm4_en"]) or re.sub(r"\s*\(.*\)$", "", fen)
                p.name_ar = clean(r["adm4_ar"]) or re.sub(r"\s+-\s+.*$", "", far)
                for n in (p.name, fen, clean(r["featurerefname"]), p.name_ar, far):
                    p.add_name(n)
            # "Esmailiyeh - Almoktaria", "Ghaytal - Ghaythal": two names of one place, each a name
            # reports may use alone; but "Hjeileh - Elbab", "Baath - Ar-Raqqa" add the district or
            # city it lies in, which must not become a name of the village.
            parents = {fold(clean(r[k])) for k in ("adm1_en", "adm2_en", "adm3_en", "adm1_ar", "adm2_ar", "adm3_ar")}
            if p.kind == "neighbourhood":
                parents |= {fold(clean(r["adm4_en"])), fold(clean(r["adm4_ar"]))}
            for whole in list(p.names):
                # Latin names join with " - " or "_" (a hyphen alone is inside a name:
                # "Al-Taybah"); Arabic ones with "-" or "_", spaced or not ("اسماعيلية-المختارية").
                arabic = any("\u0600" <= ch <= "\u06ff" for ch in whole)
                parts = re.split(r"\s*[-_]\s*" if arabic else r"\s+-\s+|\s*_\s*", whole)
                if len(parts) < 2:
                    continue
                for part in parts:
                    part = re.sub(r"\s*\((ne|Subdistrict)\)$", "", clean(part))
                    if part and fold(part) and fold(part) not in parents:
                        p.add_name(part)
            p.name_src = "OCHA " + p.pcode
            places.append(p)
    return places


def mark_capitals(shared, grid):
    path = os.path.join(shared, "ocha-cod-ab-syr", "syr_admincapitals.csv")
    marked = 0
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            try:
                lonlat = (float(r["x_coord"]), float(r["y_coord"]))
                level = int(r["adm_p_lvl"])
            except (TypeError, ValueError):
                print(f"{path}: {r.get('name')}: bad coordinates or level; row skipped", file=sys.stderr)
                continue
            p = match(grid, [r["name"]], lonlat, 4, 2, 0)
            if p is None:  # spelled otherwise: the nearest community within 1.5 km
                near = sorted(((d, q.pcode, q) for d, q in grid.near(lonlat, 1.5) if q.kind == "community"))
                p = near[0][2] if near else None
            if p is not None and (p.capital is None or level < p.capital):
                p.capital = level
                marked += 1
    return marked


def wof_rows(shared):
    path = os.path.join(shared, "wof-sy", "syria_wof_places.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        for r in reader:
            if r["placetype"] != "locality" or r["deprecated"] or r["superseded_by"]:
                continue
            try:
                lonlat = (round(float(r["lon"]), 5), round(float(r["lat"]), 5))
            except (TypeError, ValueError):
                print(f"{path}:{reader.line_num}: {r.get('wof_id')}: bad coordinates; row skipped", file=sys.stderr)
                continue
            names = [r["name"], r["gn_asciiname"], r["gn_name"], r["name_en"], r["name_ar"]]
            names += r["name_ar_variants"].split("|") + r["name_variants_other"].split("|")
            yield r, lonlat, [clean(n) for n in names if clean(n)]


def cities500_rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 19 or cols[8] != "SY":
                continue
            yield cols


def merge_all(shared, cities_txt):
    places = ocha_places(shared)
    grid = Grid()
    for p in places:
        grid.add(p)
    caps = mark_capitals(shared, grid)
    by_gn = {}
    n_wof = n_wof_merged = 0
    for r, lonlat, names in wof_rows(shared):
        n_wof += 1
        p = match(grid, names, lonlat, 5, 3, 5, only=lambda q: q.pcode) or \
            match(grid, names, lonlat, 2, 0, 2, only=lambda q: not q.pcode)
        if p is None:
            p = Place(lonlat)
            p.coord_src = "WOF " + r["wof_id"]
            p.kind = "locality"
            p.name = clean(r["name"]) or names[0]
            p.name_src = "WOF " + r["wof_id"]
            p.name_ar = clean(r["name_ar"])
            places.append(p)
            grid.add(p)
        else:
            n_wof_merged += 1
            p.name_srcs.append("WOF " + r["wof_id"])
            if not p.name_ar and clean(r["name_ar"]):
                p.name_ar = clean(r["name_ar"])
        for n in names:
            p.add_name(n)
        p.wof.append(r["wof_id"])
        if r["geonameid"]:
            p.gn.append(r["geonameid"])
            by_gn[r["geonameid"]] = p
        if r["gn_feature_code"]:
            p.fcodes.add(r["gn_feature_code"])
        try:
            p.population = max(p.population, int(float(r["population"] or 0)))
        except ValueError:
            pass
    n_c500 = n_c500_merged = 0
    for cols in cities500_rows(cities_txt):
        n_c500 += 1
        gid, lonlat = cols[0], (float(cols[5]), float(cols[4]))
        names = [cols[1], cols[2].replace("`", "")] + cols[3].split(",")
        p = by_gn.get(gid) or match(grid, names, lonlat, 5, 3, 5)
        if p is None:
            p = Place(lonlat)
            p.coord_src = "GeoNames " + gid
            p.kind = "locality"
            p.name = clean(cols[2].replace("`", "")) or clean(cols[1])
            p.name_src = "GeoNames " + gid
            places.append(p)
            grid.add(p)
        else:
            n_c500_merged += 1
            # The English name reports print for a town big enough to be in cities500 is
            # GeoNames' ASCII form ("Saraqib", not OCHA's "Saraqab"); the others stay variants.
            ascii_name = clean(cols[2].replace("`", ""))
            if ascii_name:
                if p.name not in p.names:
                    p.add_name(p.name)
                p.name_srcs.append(p.name_src)
                p.name, p.name_src = ascii_name, "GeoNames " + gid
        p.name_srcs.append("GeoNames " + gid)
        p.cities500 = gid
        if gid not in p.gn:
            p.gn.append(gid)
        for n in names:
            p.add_name(n)
        p.fcodes.add(cols[7])
        try:
            p.population = max(p.population, int(cols[14] or 0))
        except ValueError:
            pass
    stats = {"ocha": sum(1 for p in places if p.pcode), "capitals": caps, "wof": n_wof,
             "wof_merged": n_wof_merged, "cities500": n_c500, "cities500_merged": n_c500_merged}
    return places, stats


# [SECTION] Admin areas


def read_shapes(path):
    ds = ogr.Open(path)
    if ds is None:
        raise SystemExit(f"{path}: GDAL cannot read it")
    out = {}
    layer = ds.GetLayer(0)
    for feat in layer:
        pcode = None
        for k in ("ADM3_PCODE", "adm3_pcode", "ADM2_PCODE", "adm2_pcode"):
            if feat.GetFieldIndex(k) >= 0:
                pcode = feat.GetField(k)
                break
        g = feat.GetGeometryRef()
        if pcode and g is not None:
            out[pcode] = g.Clone()
    return out


def opensyria_aliases(shared, name):
    with open(os.path.join(shared, "opensyria", name), encoding="utf-8") as f:
        recs = json.load(f)
    out = {}
    for r in recs:
        pc = (r.get("externalIds") or {}).get("ochaPcode")
        if not pc:
            continue
        names = [r["name"].get("en", ""), r["name"].get("ar", "")]
        names += [a["value"] for a in r.get("aliases", [])]
        pop = (r.get("population") or {}).get("value") or 0
        out[pc] = ([clean(n) for n in names if clean(n)], pop, r.get("iso31662") or "")
    return out


def admin_names(level, name, name_ar, alt, aliases):
    """Names of a district (2) or sub-district (3): suffixed forms reports write, then the bare name."""
    words = ["district", "District", "Mantiqat", "mantiqa"] if level == 2 else \
        ["sub-district", "subdistrict", "Sub-district", "Nahiyat", "Nahiya", "nahiyah"]
    base = [n for n in [name, alt] if n]
    out = []
    for b in base:
        for w in words:
            out.append(f"{w} {b}" if w[0].isupper() and w in ("Mantiqat", "Nahiyat", "Nahiya") else f"{b} {w}")
    out += base
    if name_ar:
        bare = re.sub(r"^مركز\s+", "", name_ar)
        out += ([f"منطقة {bare}"] if level == 2 else [f"ناحية {bare}", f"ناحية {name_ar}"]) + [name_ar, bare]
    for a in aliases:
        out.append(a)
    seen, uniq = set(), []
    for n in out:
        n = clean(n)
        if n and n not in seen and script_of(n):
            seen.add(n)
            uniq.append(n)
    return uniq


def build_admin(shared, out_path):
    od = os.path.join(shared, "ocha-cod-ab-syr")
    shapes2 = read_shapes(os.path.join(od, "syr_admin2.shp"))
    shapes3 = read_shapes(os.path.join(od, "syr_admin3.shp"))
    al2 = opensyria_aliases(shared, "districts.json")
    al3 = opensyria_aliases(shared, "subdistricts.json")
    feats = []
    for level, fname, shapes, als in ((2, "syr_admin2.csv", shapes2, al2), (3, "syr_admin3.csv", shapes3, al3)):
        with open(os.path.join(od, fname), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                pc = r[f"adm{level}_pcode"]
                g = shapes.get(pc)
                if g is None:
                    print(f"{fname}: {pc} has no polygon; skipped", file=sys.stderr)
                    continue
                g = g.SimplifyPreserveTopology(0.002)
                names, pop, _ = als.get(pc, ([], 0, ""))
                allnames = admin_names(level, clean(r[f"adm{level}_name"]), clean(r[f"adm{level}_name1"]),
                                       clean(r[f"adm{level}_ref_name"]), names)
                area = float(r["area_sqkm"] or 0)
                props = {
                    "id": pc,
                    "kind": "admin",
                    "level": "district" if level == 2 else "sub-district",
                    "name": allnames[0],
                    "variants": "|".join(allnames[1:]),
                    "name_ar": clean(r[f"adm{level}_name1"]),
                    "admin1": OCHA_ISO.get(r["adm1_pcode"], ""),
                    "adm2": r["adm2_pcode"] if level == 3 else "",
                    "pcode": pc,
                    "country": "SY",
                    "prominence": 45 if level == 2 else 35,
                    "radius_km": round(max(3.0, math.sqrt(area / math.pi)), 1),
                    "population": pop,
                    "source": f"OCHA COD-AB Syria v02 {pc} (polygon simplified to 0.002 deg, names; CC BY-IGO 3.0)"
                              + ("; aliases: OpenSyria data-geography (CC BY 4.0)" if names else ""),
                }
                rep = g.PointOnSurface()
                props["rep_lon"], props["rep_lat"] = round(rep.GetX(), 5), round(rep.GetY(), 5)
                geom = json.loads(g.ExportToJson())
                feats.append({"type": "Feature", "properties": props,
                              "geometry": {"type": geom["type"], "coordinates": round_coords(geom["coordinates"])}})
    feats.sort(key=lambda f: f["properties"]["id"])
    # FlatGeobuf (GDAL reads it several times faster than GeoJSON: the gazetteer loads on every
    # command), without a spatial index so that features keep this order and bytes are stable.
    tmp = out_path + ".tmp.geojson"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False, separators=(",", ":"))
    if os.path.exists(out_path):
        os.remove(out_path)
    gdal.VectorTranslate(out_path, tmp, format="FlatGeobuf", layerCreationOptions=["SPATIAL_INDEX=NO"],
                         layerName="syria_admin")
    os.remove(tmp)
    return len(feats), shapes3


def build_admin1_aliases(shared, out_path):
    al1 = opensyria_aliases(shared, "governorates.json")
    rows = []
    with open(os.path.join(shared, "ocha-cod-ab-syr", "syr_admin1.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            pc = r["adm1_pcode"]
            iso = OCHA_ISO.get(pc)
            if not iso:
                continue
            names, _, iso2 = al1.get(pc, ([], 0, ""))
            if iso2 and iso2 != iso:
                raise SystemExit(f"OpenSyria says {pc} is {iso2}, the table here says {iso}")
            allnames = [clean(r["adm1_name"]), clean(r["adm1_name1"]), clean(r.get("adm1_ref_name", ""))] + names
            uniq = []
            for n in allnames:
                if n and n not in uniq and script_of(n):
                    uniq.append(n)
            rows.append(("ne:" + iso, "|".join(uniq),
                         f"OCHA COD-AB Syria v02 {pc} (CC BY-IGO 3.0); OpenSyria data-geography (CC BY 4.0)"))
    rows.sort()
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["target", "variants", "source"])
        w.writerows(rows)
    return len(rows)


# [SECTION] Output


def prominence(p):
    # A neighbourhood is named with its city ("Bustan al-Qasr, Aleppo"), so a bare name is a
    # village first; a community that GeoNames also knows is better known than one only OCHA lists.
    base = {"community": 30, "neighbourhood": 12}.get(p.kind, 25)
    if p.kind == "community" and p.gn:
        base += 5
    for fc, v in (("PPLC", 100), ("PPLA", 85), ("PPLA2", 65), ("PPLA3", 50)):
        if fc in p.fcodes:
            base = max(base, v)
    if p.kind == "locality" and p.fcodes and p.fcodes <= {"PPLQ", "PPLH"}:
        base = 10  # abandoned or historical
    elif p.kind == "locality" and p.fcodes and p.fcodes <= {"PPLL", "PPLF", "PPLW", "STLMT"}:
        base = 20
    if p.capital is not None:
        base = max(base, (100, 85, 65, 50)[p.capital])
    if p.population > 1000:
        base += min(25.0, 8 * math.log10(p.population / 1000))
    return round(min(100.0, max(0.0, base)), 1)


def radius(p):
    if p.kind == "neighbourhood":
        return 1.5
    pop = p.population
    return 15 if pop >= 1e6 else 6 if pop >= 1e5 else 3 if pop >= 1e4 else 2


def assign_admin(places, shapes3):
    """Admin chain for places without an OCHA pcode: the sub-district polygon they lie in."""
    index = []
    for pc, g in shapes3.items():
        x0, x1, y0, y1 = g.GetEnvelope()
        index.append((x0, y0, x1, y1, pc, g))
    index.sort(key=lambda t: t[4])
    for p in places:
        if p.pcode:
            continue
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(*p.lonlat)
        for x0, y0, x1, y1, pc, g in index:
            if x0 <= p.lonlat[0] <= x1 and y0 <= p.lonlat[1] <= y1 and g.Contains(pt):
                p.adm = (pc[:4], pc[:6], pc)
                break


def write_places(places, out_path):
    rows = []
    for p in places:
        if p.cities500:
            pid = "gn:" + p.cities500
        elif p.pcode:
            pid = "ocha:" + p.pcode
        elif p.gn:
            pid = "gn:" + sorted(p.gn, key=int)[0]
        else:
            pid = "wof:" + sorted(p.wof, key=int)[0]
        ids = []
        if p.pcode:
            ids.append("ocha:" + p.pcode)
        ids += ["gn:" + g for g in sorted(set(p.gn), key=int)]
        ids += ["wof:" + w for w in sorted(set(p.wof), key=int)]
        ids = [i for i in ids if i != pid]
        variants = [n for n in p.names if n != p.name]
        src = [f"name, coordinates, admin: {p.name_src}" if p.name_src == p.coord_src
               else f"name: {p.name_src}; coordinates: {p.coord_src}"]
        if p.name_ar:
            src.append("Arabic: " + (p.name_src if p.pcode else (p.name_srcs[0] if p.name_srcs else p.name_src)))
        if p.name_srcs:
            src.append("other names: " + ", ".join(p.name_srcs[:6]) + (" ..." if len(p.name_srcs) > 6 else ""))
        if p.capital is not None:
            src.append(("national", "governorate", "district", "sub-district")[p.capital] + " capital: OCHA")
        if p.population:
            src.append(f"population {p.population}: GeoNames")
        rows.append([pid, p.kind, p.name, "|".join(variants), p.name_ar, OCHA_ISO.get(p.adm[0], ""),
                     p.adm[1], p.adm[2], p.pcode, f"{p.lonlat[0]:.5f}", f"{p.lonlat[1]:.5f}", str(p.population),
                     f"{prominence(p):g}", f"{radius(p):g}", "|".join(ids), "; ".join(src)])
    rows.sort(key=lambda r: r[0])
    header = ["id", "kind", "name", "variants", "name_ar", "admin1", "adm2", "adm3", "pcode", "lon", "lat",
              "population", "prominence", "radius_km", "ids", "source"]
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# conflictmap bundled gazetteer: Syrian places, merged from OCHA COD-AB Syria (CC BY-IGO 3.0), "
                "Who's On First (CC0) and GeoNames (CC BY 4.0); see gazetteer/README.md. Made by tools/syria.py.\n")
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) + "\n")
    return len(rows)


def build(shared, cities_txt, data_dir=DATA):
    places, stats = merge_all(shared, cities_txt)
    n_admin, shapes3 = build_admin(shared, os.path.join(data_dir, "syria_admin.fgb"))
    assign_admin(places, shapes3)
    n = write_places(places, os.path.join(data_dir, "syria_places.tsv"))
    n1 = build_admin1_aliases(shared, os.path.join(data_dir, "admin1_aliases.csv"))
    stats.update({"places": n, "admin_areas": n_admin, "admin1_alias_rows": n1})
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared", "data"))
    ap.add_argument("--cities", required=True, help="cities500.txt (GeoNames dump format)")
    args = ap.parse_args()
    print(json.dumps(build(args.shared, args.cities), indent=1))


if __name__ == "__main__":
    main()
