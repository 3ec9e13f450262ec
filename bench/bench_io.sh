#!/usr/bin/env bash
# conflictmap bench: import and export of N events against ogr2ogr doing the same conversion, in
# the same run on the same files, and time-window queries on the store (GeoPackage, and PostGIS
# when PostgreSQL and PostGIS are installed). Prints one table; asserts nothing.
#
#     bench/bench_io.sh [N] [--no-pg] [--keep DIR]      (N defaults to 1000000; run after the build)
#
# Each conversion runs once, whole process, wall clock and peak memory (GNU time). The ratio is
# ogr2ogr's time over ours: above 1 we are faster. Inputs are made first and not timed:
# synthetic events (bench/gen_events.cpp) as a GeoPackage, and from it a GeoJSON and an ACLED CSV.
set -euo pipefail
cd "$(dirname "$0")/.."
N=1000000
PG=1
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-pg) PG=0 ;;
    --keep) KEEP="$2"; shift ;;
    [0-9]*) N="$1" ;;
    *) echo "usage: bench/bench_io.sh [N] [--no-pg] [--keep DIR]" >&2; exit 2 ;;
  esac
  shift
done
CM="$PWD/build/src/conflictmap"
GEN="$PWD/build/bench/conflictmap-gen-events"
QUERY="$PWD/build/bench/conflictmap-bench-store"
for b in "$CM" "$GEN" "$QUERY"; do
  [ -x "$b" ] || { echo "bench_io: $b is missing: build with -DCONFLICTMAP_BUILD_BENCH=ON first" >&2; exit 1; }
done
command -v ogr2ogr >/dev/null || { echo "bench_io: ogr2ogr is missing (apt-get install gdal-bin)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_io: GNU time is missing (apt-get install time)" >&2; exit 1; }

DIR="${KEEP:-$(mktemp -d /tmp/conflictmap-bench-io.XXXXXX)}"
mkdir -p "$DIR"
chmod 755 "$DIR"  # the PostgreSQL server runs as its own user
cleanup() {
  if [ -n "${PGDATA_DIR:-}" ] && [ -f "$PGDATA_DIR/data/postmaster.pid" ]; then
    $PGRUN "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$KEEP" ] || rm -rf "$DIR"
}
trap cleanup EXIT

echo "bench_io: $N events, in $DIR; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "bench_io: GDAL $(gdal-config --version 2>/dev/null || ogr2ogr --version | cut -d, -f1), $(date -u +%Y-%m-%d)"

# The inputs (not timed).
"$GEN" "$N" "$DIR/events.gpkg" >/dev/null
"$CM" export "$DIR/events.gpkg" -o "$DIR/events.geojson" 2>/dev/null
"$CM" export "$DIR/events.gpkg" -o "$DIR/events.csv" 2>/dev/null

ROWS=()
# measure COMMAND...: runs it once, whole process; prints "seconds peak-KiB".
measure() {
  /usr/bin/time -o "$DIR/time.txt" -f "%e %M" "$@" >/dev/null 2>&1 || true
  tail -1 "$DIR/time.txt"
}
compare() {  # compare LABEL -- OURS... -- OGR...
  local label="$1"; shift; shift
  local ours=() ogr=()
  while [ "$1" != "--" ]; do ours+=("$1"); shift; done
  shift
  ogr=("$@")
  rm -f "$DIR"/out.* "$DIR"/store.gpkg "$DIR"/ogr.*
  read -r t1 m1 < <(measure "${ours[@]}")
  rm -f "$DIR"/out.* "$DIR"/store.gpkg "$DIR"/ogr.*
  read -r t2 m2 < <(measure "${ogr[@]}")
  ROWS+=("$(printf '| %s | %.2f s, %d MiB | %.2f s, %d MiB | %.2f |' "$label" "$t1" $((m1 / 1024)) "$t2" $((m2 / 1024)) "$(echo "$t2 / $t1" | bc -l)")")
  echo "${ROWS[-1]}"
}

echo
echo "| conversion ($N events) | conflictmap | ogr2ogr | ratio (>1: conflictmap faster) |"
echo "|---|---|---|---|"
compare "export GeoPackage -> GeoJSON (RFC 7946)" -- "$CM" export "$DIR/events.gpkg" -o "$DIR/out.geojson" \
  -- ogr2ogr -f GeoJSON -lco RFC7946=YES "$DIR/ogr.geojson" "$DIR/events.gpkg" events
compare "export GeoPackage -> FlatGeobuf" -- "$CM" export "$DIR/events.gpkg" -o "$DIR/out.fgb" \
  -- ogr2ogr -f FlatGeobuf "$DIR/ogr.fgb" "$DIR/events.gpkg" events
compare "export GeoPackage -> GeoPackage" -- "$CM" export "$DIR/events.gpkg" -o "$DIR/out.gpkg" \
  -- ogr2ogr -f GPKG "$DIR/ogr.gpkg" "$DIR/events.gpkg" events
compare "export GeoPackage -> CSV" -- "$CM" export "$DIR/events.gpkg" -o "$DIR/out.csv" \
  -- ogr2ogr -f CSV -lco GEOMETRY=AS_XY "$DIR/ogr.csv" "$DIR/events.gpkg" events
compare "import GeoJSON -> store (GeoPackage)" -- "$CM" import "$DIR/events.geojson" --store "$DIR/store.gpkg" \
  -- ogr2ogr -f GPKG "$DIR/ogr.gpkg" "$DIR/events.geojson"
compare "import ACLED CSV -> store (GeoPackage)" -- "$CM" import "$DIR/events.csv" --store "$DIR/store.gpkg" \
  -- ogr2ogr -f GPKG -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -oo AUTODETECT_TYPE=YES \
     "$DIR/ogr.gpkg" "$DIR/events.csv"

echo
echo "bench_io: month windows on the GeoPackage store"
"$CM" import "$DIR/events.gpkg" --store "$DIR/store.gpkg" >/dev/null 2>&1
"$QUERY" "$DIR/store.gpkg"

if [ "$PG" = 1 ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "bench_io: PostgreSQL is not installed; PostGIS part skipped"
    exit 0
  fi
  PGDATA_DIR="$DIR/pg"
  mkdir -p "$PGDATA_DIR"
  PGRUN=""
  if [ "$(id -u)" = 0 ]; then chown postgres "$PGDATA_DIR"; PGRUN="runuser -u postgres --"; fi
  PORT=$((20000 + RANDOM % 20000))
  $PGRUN "$PGBIN/initdb" -D "$PGDATA_DIR/data" -A trust -U cm -E UTF8 --no-sync >/dev/null
  $PGRUN "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -o "-k $PGDATA_DIR -h 127.0.0.1 -p $PORT -F" \
    -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U cm bench
  "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U cm -d bench -c "CREATE EXTENSION postgis" >/dev/null
  PGSPEC="PG:dbname=bench host=127.0.0.1 port=$PORT user=cm"
  echo
  echo "| load into PostGIS ($N events) | conflictmap | ogr2ogr | ratio |"
  echo "|---|---|---|---|"
  read -r t1 m1 < <(measure "$CM" import "$DIR/events.gpkg" --store "$PGSPEC")
  read -r t2 m2 < <(measure ogr2ogr -f PostgreSQL "$PGSPEC" "$DIR/events.gpkg" events -nln ogr_events)
  printf '| import GeoPackage -> PostGIS store | %.2f s, %d MiB | %.2f s, %d MiB | %.2f |\n' \
    "$t1" $((m1 / 1024)) "$t2" $((m2 / 1024)) "$(echo "$t2 / $t1" | bc -l)"
  echo
  echo "bench_io: month windows on the PostGIS store (through GDAL into events)"
  "$QUERY" "$PGSPEC"
  echo "bench_io: the same windows inside PostgreSQL (EXPLAIN ANALYZE of the store's query, 35-day look-back)"
  for m in 2012-01 2014-07 2016-02 2018-03 2019-06; do
    from="$m-01"; to=$(date -d "$from +1 month -1 day" +%F); back=$(date -d "$from -35 days" +%F)
    q="SELECT * FROM events WHERE ((date_start >= '$back' AND date_start <= '$to' AND date_end + 0 >= '$from') OR (span_days > 35 AND date_end + 0 >= '$from' AND date_start + 0 <= '$to'))"
    t=$("$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U cm -d bench -Atc "EXPLAIN (ANALYZE, FORMAT JSON) $q" | grep -o '"Execution Time": [0-9.]*' | cut -d' ' -f3)
    echo "  $m: $t ms in the database"
  done
  echo "bench_io: the same in the Idlib box (35.9,35.2,37.2,36.3)"
  "$QUERY" "$PGSPEC" --bbox 35.9,35.2,37.2,36.3
fi
