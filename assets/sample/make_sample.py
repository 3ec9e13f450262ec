#!/usr/bin/python3
"""Build assets/sample/events.geojson, the viewer's bundled sample, from events.csv.

events.csv is written by hand. Each row is one incident coded from one of the five seed reports,
in the project's own words. This script adds geometry with `conflictmap geocode`, using each row's
`geocode` phrase and the bundled gazetteer. It writes the GeoJSON through GDAL, with the property
schema that `conflictmap ingest` writes (src/io/EventGeoJson.cpp): the same fields, in the same
order, with the same types and the same layer options. Then it checks the result.

The sample carries no text from the reports. `source_text`, `source_file`, `text_start` and
`text_end` are null. `outlet`, `title` and `published` are kept as a citation. The check at the
end fails if any run of 8 or more consecutive words from a seed report appears in a sample file
(events.csv, events.geojson, README.md or this script). Only the citation titles are exempt.

Usage (run it from anywhere; it needs Debian's python3-gdal and a built conflictmap):

    /usr/bin/python3 assets/sample/make_sample.py              # build, verify, text check
    /usr/bin/python3 assets/sample/make_sample.py --check-only # text check only
    /usr/bin/python3 assets/sample/make_sample.py --eval ../shared/gold/seeds_events.jsonl

The output is deterministic. Given the same events.csv and the same gazetteer, it is the same
file byte for byte.
"""
import argparse
import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# [SECTION] The reports, as a citation. Titles are citations, not report text. Dates are the
# original publication dates. Global Research reprinted the South Front pieces a day or two later.
REPORTS = {
    "000": {"outlet": "South Front",
            "title": "SDF Releases Tens of ISIS Members in Eastern Syria. Turkey, Russia Struggle with Idlib De-escalation",
            "published": "2020-03-24"},
    "001": {"outlet": "South Front",
            "title": "ISIS Threat Revives in Eastern Syria. Idlib Militants Kill Each Other Over Security Zone Deal Contradictions",
            "published": None},  # our copy carries no date; its latest dated incident is 18 March 2020
    "002": {"outlet": "Rudaw",
            "title": None,  # our copy carries no headline
            "published": "2018-09-24"},  # from the article's rudaw.net address (.../syria/240920182)
    "003": {"outlet": "South Front",
            "title": "New Syrian Army Offensive in Idlib Becoming Inevitable as Militants Sabotage Joint Turkish-Russian Patrols",
            "published": "2020-03-16"},
    "004": {"outlet": "South Front",
            "title": "Syrian Army Hunts Down ISIS Terrorists in Desert",
            "published": "2020-05-22"},
}

# [SECTION] The schema conflictmap writes (src/io/EventGeoJson.cpp, kFields), in its order.
FIELDS = [
    ("id", ogr.OFTString), ("date_start", ogr.OFTDate), ("date_end", ogr.OFTDate),
    ("date_precision", ogr.OFTString), ("date_written", ogr.OFTString), ("event_type", ogr.OFTString),
    ("sub_event_type", ogr.OFTString), ("kind", ogr.OFTString), ("actor1", ogr.OFTString),
    ("actor2", ogr.OFTString), ("actor1_written", ogr.OFTString), ("actor2_written", ogr.OFTString),
    ("fatalities", ogr.OFTInteger), ("fatalities_low", ogr.OFTInteger), ("fatalities_high", ogr.OFTInteger),
    ("fatalities_written", ogr.OFTString), ("injured", ogr.OFTInteger), ("disputed", ogr.OFTInteger),
    ("qualifier", ogr.OFTString), ("aggregate", ogr.OFTInteger), ("shape", ogr.OFTString),
    ("location", ogr.OFTString), ("location_precision", ogr.OFTInteger), ("radius_km", ogr.OFTReal),
    ("gazetteer_id", ogr.OFTString), ("valid_from", ogr.OFTDate), ("valid_to", ogr.OFTDate),
    ("confidence", ogr.OFTReal), ("summary", ogr.OFTString), ("flags", ogr.OFTString),
    ("source_file", ogr.OFTString), ("outlet", ogr.OFTString), ("title", ogr.OFTString),
    ("published", ogr.OFTDate), ("text_start", ogr.OFTInteger), ("text_end", ogr.OFTInteger),
    ("source_text", ogr.OFTString),
]
FIELD_TYPES = dict(FIELDS)

# Columns of events.csv: the schema's own fields, plus `report` (the seed prefix, for the citation)
# and `geocode` (the phrase given to `conflictmap geocode`). An empty location_precision takes
# the geocoder's value.
CSV_COLUMNS = ["id", "report", "date_start", "date_end", "date_precision", "date_written", "event_type",
               "sub_event_type", "kind", "actor1", "actor2", "actor1_written", "actor2_written", "fatalities",
               "fatalities_low", "fatalities_high", "fatalities_written", "injured", "disputed", "qualifier",
               "aggregate", "shape", "location", "geocode", "location_precision", "valid_from", "valid_to",
               "confidence", "flags", "summary"]

EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments",
               "Protests", "Riots"}
PRECISIONS = {"day", "range", "week", "month", "year", "undated"}
SHAPES = {"place": {"Point", "LineString", "Polygon", "MultiPolygon"}, "route": {"LineString"},
          "zone": {"Polygon", "MultiPolygon"}}
KNOWN_FLAGS = {"date-inferred", "undated", "disputed", "aggregate"}
NO_TEXT_FIELDS = ("source_file", "source_text", "text_start", "text_end")  # always null in the sample
MIN_RUN = 8  # words: a run this long from a seed report must not appear in the sample


class SampleError(Exception):
    pass


# [SECTION] Reading and checking events.csv
def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != CSV_COLUMNS:
            raise SampleError(f"{path}: columns must be exactly {CSV_COLUMNS}, got {reader.fieldnames}")
        rows = list(reader)
    seen = set()
    for n, r in enumerate(rows, start=2):
        where = f"{path}:{n} ({r['id']})"
        if r["id"] in seen:
            raise SampleError(f"{where}: duplicate id")
        seen.add(r["id"])
        if r["report"] not in REPORTS:
            raise SampleError(f"{where}: unknown report {r['report']!r}")
        if r["event_type"] not in EVENT_TYPES:
            raise SampleError(f"{where}: event_type {r['event_type']!r} is not one of ACLED's six")
        if r["date_precision"] not in PRECISIONS:
            raise SampleError(f"{where}: date_precision {r['date_precision']!r}")
        if r["shape"] not in SHAPES:
            raise SampleError(f"{where}: shape {r['shape']!r}")
        if (r["shape"] == "zone") != (r["kind"] == "zone"):
            raise SampleError(f"{where}: zone rows have kind 'zone' and shape 'zone'")
        for k in ("date_start", "date_end", "valid_from", "valid_to"):
            if r[k] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[k]):
                raise SampleError(f"{where}: {k} must be YYYY-MM-DD")
        if r["date_precision"] != "undated" and not (r["date_start"] and r["date_end"]):
            raise SampleError(f"{where}: dated rows need date_start and date_end")
        if r["date_start"] > r["date_end"]:
            raise SampleError(f"{where}: date_start after date_end")
        if r["date_precision"] == "day" and r["date_start"] != r["date_end"]:
            raise SampleError(f"{where}: a 'day' date is one day")
        flags = set(filter(None, r["flags"].split(",")))
        if flags - KNOWN_FLAGS:
            raise SampleError(f"{where}: unknown flags {sorted(flags - KNOWN_FLAGS)}")
        if ("aggregate" in flags) != (r["aggregate"] == "1") or ("disputed" in flags) != (r["disputed"] == "1"):
            raise SampleError(f"{where}: the aggregate/disputed columns and flags disagree")
        if not r["summary"].strip() or not r["geocode"].strip():
            raise SampleError(f"{where}: summary and geocode are required")
        if r["shape"] == "zone" and not r["valid_from"]:
            raise SampleError(f"{where}: zones need valid_from")
    return rows


# [SECTION] Geometry from the gazetteer
def geocode(conflictmap, phrases):
    """`conflictmap geocode` for each phrase on its own. Returns {phrase: result}.

    Each phrase gets its own run. In one run, places resolved earlier pull later ambiguous
    phrases toward them, so a row's geometry could change with the other rows. A phrase that is
    not plainly resolved is an error: the row must say enough ("near Tal Khattab", "X in Z
    governorate") for the gazetteer to decide.
    """
    out = {}
    for phrase in phrases:
        proc = subprocess.run([str(conflictmap), "geocode", "--format", "json", phrase],
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            raise SampleError(f"conflictmap geocode failed ({proc.returncode}): {proc.stderr.strip()}")
        (r,) = json.loads(proc.stdout)
        if r.get("status") != "resolved" or not r.get("geometry"):
            raise SampleError(f"geocode: {phrase!r} is {r.get('status')}: {r.get('message')}")
        out[phrase] = r
    return out


# [SECTION] Writing the GeoJSON like conflictmap does
def write_geojson(rows, places, path, source_files=None):
    """Write the features. source_files ({report: name}) is only for the eval copy."""
    drv = ogr.GetDriverByName("GeoJSON")
    if os.path.exists(path):
        drv.DeleteDataSource(str(path))
    ds = drv.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.SetWellKnownGeogCS("WGS84")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = ds.CreateLayer("events", srs, ogr.wkbUnknown,
                           options=["RFC7946=YES", "COORDINATE_PRECISION=6", "WRITE_NAME=NO"])
    for name, typ in FIELDS:
        layer.CreateField(ogr.FieldDefn(name, typ))
    defn = layer.GetLayerDefn()
    for r in rows:
        g = places[r["geocode"]]
        cite = REPORTS[r["report"]]
        values = {k: r[k] for k in CSV_COLUMNS if k in FIELD_TYPES}
        values["gazetteer_id"] = g["id"]
        values["radius_km"] = g["radius_km"]
        values["location_precision"] = r["location_precision"] or g["precision"]
        values["outlet"] = cite["outlet"]
        values["title"] = cite["title"]
        values["published"] = cite["published"]
        for k in NO_TEXT_FIELDS:
            values[k] = None
        if source_files:
            values["source_file"] = source_files[r["report"]]
        f = ogr.Feature(defn)
        for name, typ in FIELDS:
            v = values.get(name)
            i = defn.GetFieldIndex(name)
            if typ == ogr.OFTString:
                # Like conflictmap: an empty string where the text is empty. The no-text fields,
                # and citation parts we do not have, are null.
                if v is None:
                    f.SetFieldNull(i)
                else:
                    f.SetField(i, str(v))
            elif v is None or v == "":
                f.SetFieldNull(i)
            elif typ == ogr.OFTDate:
                y, m, d = (int(x) for x in str(v).split("-"))
                f.SetField(i, y, m, d, 0, 0, 0, 0)
            elif typ == ogr.OFTInteger:
                f.SetField(i, int(v))
            elif typ == ogr.OFTReal:
                x = float(v)
                f.SetField(i, round(x * 100) / 100 if name == "confidence" else x)
        gtype = g["geometry"]["type"]
        if gtype not in SHAPES[r["shape"]]:
            raise SampleError(f"{r['id']}: a {r['shape']} cannot have a {gtype} (geocode {r['geocode']!r})")
        geom = ogr.CreateGeometryFromJson(json.dumps(g["geometry"]))
        f.SetGeometry(geom)
        layer.CreateFeature(f)
    ds = None  # flush


# [SECTION] Checks on the written file
def verify(path, rows, places):
    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    defn = layer.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    if names != [n for n, _ in FIELDS]:
        raise SampleError(f"{path}: fields read back differ from the schema: {names}")
    for n in ("date_start", "date_end", "valid_from", "published"):
        t = defn.GetFieldDefn(defn.GetFieldIndex(n)).GetType()
        if t != ogr.OFTDate:
            raise SampleError(f"{path}: {n} reads back as {ogr.GetFieldTypeName(t)}, not Date")
    if layer.GetFeatureCount() != len(rows):
        raise SampleError(f"{path}: {layer.GetFeatureCount()} features read back, {len(rows)} written")
    for f in layer:
        for k in NO_TEXT_FIELDS:
            if not f.IsFieldNull(k):
                raise SampleError(f"{path}: {f.GetField('id')} has {k} set")
    for r in rows:
        g = places[r["geocode"]]
        valid = g.get("valid") or {}
        if r["shape"] == "zone" and valid.get("from", "") != r["valid_from"]:
            print(f"make_sample: warning: {r['id']} valid_from {r['valid_from']} but the gazetteer says "
                  f"{valid.get('from')}", file=sys.stderr)


def summary_stats(path):
    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    by_shape, by_type = {}, {}
    days = []
    for f in layer:
        s = f.GetField("shape")
        by_shape[s] = by_shape.get(s, 0) + 1
        t = f.GetField("event_type")
        by_type[t] = by_type.get(t, 0) + 1
        if s != "zone":
            days += [f.GetField("date_start"), f.GetField("date_end")]
    xmin, xmax, ymin, ymax = layer.GetExtent()
    days = sorted(d.replace("/", "-") for d in days if d)
    return {"features": layer.GetFeatureCount(), "by_shape": by_shape, "by_type": by_type,
            "incident_dates": [days[0], days[-1]] if days else None,
            "bbox_lon_lat": [round(xmin, 4), round(ymin, 4), round(xmax, 4), round(ymax, 4)]}


# [SECTION] The text check: no 8-word run of any seed report in the sample files
def words(text):
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9\u00c0-\u024f\u0600-\u06ff]+(?:'[a-z]+)?", text)


def shingles(tokens, n):
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def text_check(seeds_dir, files):
    """Fail when any MIN_RUN-word run of a seed appears in a file; citation titles are exempt.

    Words are compared case-folded, with punctuation ignored. The check runs across line breaks,
    CSV cells and JSON properties, so it also catches runs that span fields.
    Returns (ok, lines to print).
    """
    seeds = sorted(Path(seeds_dir).glob("*.txt"))
    if not seeds:
        return True, [f"text check skipped: no seed reports in {seeds_dir}"]
    seed_tokens = {p.name: words(p.read_text(encoding="utf-8", errors="replace")) for p in seeds}
    banned = {}
    for name, toks in seed_tokens.items():
        for s in shingles(toks, MIN_RUN):
            banned.setdefault(s, name)
    titles = [c["title"] for c in REPORTS.values() if c["title"]]
    allowed = set()
    for t in titles:
        allowed |= shingles(words(t), MIN_RUN)
    lines, ok = [], True
    for path in files:
        text = Path(path).read_text(encoding="utf-8")
        toks = words(text)
        hits = [(i, banned[tuple(toks[i:i + MIN_RUN])]) for i in range(len(toks) - MIN_RUN + 1)
                if tuple(toks[i:i + MIN_RUN]) in banned and tuple(toks[i:i + MIN_RUN]) not in allowed]
        if hits:
            ok = False
            for i, seed in hits[:10]:
                lines.append(f"COPIED TEXT in {path}: '{' '.join(toks[i:i + MIN_RUN])}' (from {seed})")
            continue
        # For the record: the longest run of words shared with any seed once the citation titles
        # are taken out of the file.
        for t in titles:
            text = re.sub(re.escape(t), " | ", text, flags=re.IGNORECASE)
        toks = words(text)
        longest = 0
        while longest < MIN_RUN:
            n = longest + 1
            grams = set().union(*(shingles(st, n) for st in seed_tokens.values()))
            if not grams & shingles(toks, n):
                break
            longest = n
        lines.append(f"ok: {Path(path).name}: no run of {MIN_RUN}+ words from the {len(seeds)} seed reports "
                     f"(citation titles exempt); longest shared run outside titles: {longest} words")
    return ok, lines


# [SECTION] Main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--conflictmap", default=str(REPO / "build" / "src" / "conflictmap"),
                    help="the conflictmap binary (default: build/src/conflictmap)")
    ap.add_argument("--csv", default=str(HERE / "events.csv"))
    ap.add_argument("--out", default=str(HERE / "events.geojson"))
    ap.add_argument("--seeds", default=str(REPO.parent / "shared" / "seeds"),
                    help="seed reports for the text check (default: ../shared/seeds)")
    ap.add_argument("--check-only", action="store_true", help="only run the text check on the files as they are")
    ap.add_argument("--eval", metavar="GOLD",
                    help="also score the sample with `conflictmap eval` against GOLD (through a temporary copy "
                         "that names the seed files, since the sample itself has no source_file)")
    args = ap.parse_args()

    try:
        if not args.check_only:
            rows = read_rows(args.csv)
            phrases = sorted({r["geocode"] for r in rows})
            places = geocode(args.conflictmap, phrases)
            out = Path(args.out)
            tmp = out.with_name(out.name + ".tmp")
            write_geojson(rows, places, tmp)
            verify(tmp, rows, places)
            os.replace(tmp, out)
            digest = hashlib.sha256(out.read_bytes()).hexdigest()
            print(f"make_sample: wrote {out} ({len(rows)} features, sha256 {digest[:16]}...)")
            print("make_sample: " + json.dumps(summary_stats(out)))
            if args.eval:
                with tempfile.TemporaryDirectory() as d:
                    copy = Path(d) / "sample_eval.geojson"
                    write_geojson(rows, places, copy,
                                  source_files={k: f"{k}_sample.txt" for k in REPORTS})
                    proc = subprocess.run([args.conflictmap, "eval", "--gold", args.eval, str(copy)],
                                          capture_output=True, text=True)
                    print(proc.stdout + proc.stderr, end="")
                    if proc.returncode != 0:
                        raise SampleError("conflictmap eval failed")
        files = [args.csv, args.out, str(HERE / "README.md"), __file__]
        ok, lines = text_check(args.seeds, [f for f in files if os.path.exists(f)])
        for line in lines:
            print("make_sample: " + line)
        if not ok:
            return 1
    except SampleError as e:
        print(f"make_sample: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
