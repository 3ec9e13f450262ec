#!/usr/bin/env bash
# conflictmap bench: briefing pictures against QGIS, in the same run on the same files.
#
#     bench/bench_briefing.sh [SIZES] [FORMATS] [RESOLUTIONS]
#     bench/bench_briefing.sh                                  # 10000,100000,1000000  gpkg,csv,geojson  1920x1080,7680x4320
#     bench/bench_briefing.sh 10000,100000 gpkg 1920x1080
#
# For each event count, synthetic events (bench/gen_events.cpp) are written as a GeoPackage, and
# from it as an ACLED CSV and conflictmap's GeoJSON (not timed). Each picture is made once by
# `conflictmap render FILE -o OUT.png --size WxH` and once by QGIS 3 headless
# (bench/qgis_render.py: the layer categorised by event_type, its extent, the same size; run with
# QT_QPA_PLATFORM=offscreen), whole process, wall clock and peak memory (GNU time). The ratio is
# QGIS's time over ours: above 1 we are faster. conflictmap's picture has more on it (basemap,
# labels, legend, scale, inset, credits) than QGIS's. Needs Debian's qgis and python3-qgis.
#
# BENCH_RUNS=N (default 1) makes each picture N times, ours and QGIS's alternated, and reports
# the median time and the largest peak: a shared VM's neighbours move single runs by half.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${1:-10000,100000,1000000}"
FORMATS="${2:-gpkg,csv,geojson}"
RESOLUTIONS="${3:-1920x1080,7680x4320}"
CM="$PWD/build/src/conflictmap"
GEN="$PWD/build/bench/conflictmap-gen-events"
QGIS_PY="$PWD/bench/qgis_render.py"
for b in "$CM" "$GEN"; do
  [ -x "$b" ] || { echo "bench_briefing: $b is missing: build with -DCONFLICTMAP_BUILD_BENCH=ON first" >&2; exit 1; }
done
QGIS=1
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || { QGIS=0; echo "bench_briefing: QGIS is not installed (apt-get install qgis python3-qgis): conflictmap alone"; }
[ -x /usr/bin/time ] || { echo "bench_briefing: GNU time is missing (apt-get install time)" >&2; exit 1; }
DIR=$(mktemp -d /tmp/conflictmap-bench-briefing.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$DIR/xdg"
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

measure() {  # measure COMMAND...: "seconds peak-MiB", or "fail"
  if /usr/bin/time -o "$DIR/time.txt" -f "%e %M" "$@" >/dev/null 2>"$DIR/err.txt"; then
    awk '{printf "%.2f %d\n", $1, $2 / 1024}' "$DIR/time.txt"
  else
    echo "fail"
  fi
}
RUNS="${BENCH_RUNS:-1}"
median() {  # median FILE: "median-seconds largest-MiB" of its "seconds MiB" lines, or "fail" if any failed
  if grep -q fail "$1"; then echo fail; return; fi
  sort -n "$1" | awk '{t[NR] = $1; if ($2 > m) m = $2} END {printf "%.2f %d\n", t[int((NR + 1) / 2)], m}'
}

echo "bench_briefing: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d), median of $RUNS run(s) each"
echo
echo "| events | format | size | conflictmap | QGIS | ratio (QGIS / conflictmap) |"
echo "|---|---|---|---|---|---|"
for n in ${SIZES//,/ }; do
  "$GEN" "$n" "$DIR/ev.gpkg" >/dev/null
  for fmt in ${FORMATS//,/ }; do
    file="$DIR/ev.$fmt"
    [ "$fmt" = gpkg ] || "$CM" export "$DIR/ev.gpkg" -o "$file" >/dev/null 2>&1
    sync  # a file just written is still being flushed: that writeback would land in the first timed run
    for res in ${RESOLUTIONS//,/ }; do
      w=${res%x*}; h=${res#*x}
      : > "$DIR/ours.txt"; : > "$DIR/qgis.txt"
      for ((run = 0; run < RUNS; ++run)); do
        measure "$CM" render "$file" -o "$DIR/ours.png" --size "$res" >> "$DIR/ours.txt"
        [ "$QGIS" = 1 ] && measure /usr/bin/python3 "$QGIS_PY" "$file" "$DIR/qgis.png" "$w" "$h" >> "$DIR/qgis.txt"
      done
      read -r t1 m1 < <(median "$DIR/ours.txt")
      if [ "$QGIS" = 1 ]; then
        read -r t2 m2 < <(median "$DIR/qgis.txt")
      else
        t2=fail; m2=0
      fi
      ratio="—"
      [ "$t1" != fail ] && [ "$t2" != fail ] && ratio=$(awk -v a="$t2" -v b="$t1" 'BEGIN { printf "%.2f", a / b }')
      printf '| %s | %s | %s | %s | %s | %s |\n' "$n" "$fmt" "$res" \
        "$([ "$t1" = fail ] && echo failed || echo "$t1 s, $m1 MiB")" \
        "$([ "$t2" = fail ] && echo "not run" || echo "$t2 s, $m2 MiB")" "$ratio"
    done
    [ "$fmt" = gpkg ] || rm -f "$file"
  done
done
