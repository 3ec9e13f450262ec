#!/usr/bin/env bash
# Runs one libFuzzer target (or all of them) for a while, in its own build tree (build-fuzz/,
# clang, AddressSanitizer + UBSan + libFuzzer's coverage), from a seed corpus of the project's
# fixtures and ../shared/ data where present. A crash is kept in build-fuzz/crashes/TARGET/ and the
# run fails; turn it into a regression test (tests/fuzz/regressions/) once fixed.
#
#     tools/fuzz.sh TARGET SECONDS       e.g. tools/fuzz.sh fuzz_report 600
#     tools/fuzz.sh all SECONDS          every target, SECONDS each (what CI does, briefly)
#     tools/fuzz.sh list
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=(fuzz_report fuzz_dates fuzz_spatial fuzz_gazetteer_rows fuzz_event_file fuzz_store fuzz_view_state fuzz_replay)
if [ "${1:-}" = list ] || [ $# -lt 2 ]; then
  echo "usage: tools/fuzz.sh TARGET|all SECONDS; targets: ${TARGETS[*]}"
  [ "${1:-}" = list ] && exit 0 || exit 2
fi
what="$1"; seconds="$2"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS is a whole number" >&2; exit 2; }
run=("${TARGETS[@]}")
[ "$what" = all ] || run=("$what")
for t in "${run[@]}"; do
  printf '%s\n' "${TARGETS[@]}" | grep -qx "$t" || { echo "fuzz: no target '$t' (tools/fuzz.sh list)" >&2; exit 2; }
done
command -v clang++ >/dev/null || { echo "fuzz: clang is missing (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCONFLICTMAP_FUZZ=ON -DCONFLICTMAP_BUILD_TESTS=OFF -DCONFLICTMAP_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${run[@]}"

SHARED=../shared
seed() {  # seed TARGET DIR: the corpus's first members
  local t="$1" d="$2"
  mkdir -p "$d"
  cp -n tests/fuzz/seeds/"$t"/* "$d"/ 2>/dev/null || true
  case "$t" in
    fuzz_report|fuzz_dates)
      cp -n tests/data/reports/* "$d"/ 2>/dev/null || true
      cp -n "$SHARED"/seeds/* "$SHARED"/data/syrian-archive-dev/*.md "$d"/ 2>/dev/null || true ;;
    fuzz_gazetteer_rows)
      cp -n tests/data/gazetteer/*.csv tests/data/gazetteer/*.txt "$d"/ 2>/dev/null || true
      head -c 20000 gazetteer/data/syria_places.tsv > "$d/syria_places_head.tsv" ;;
    fuzz_event_file)
      cp -n tests/data/events/*.csv tests/data/events/*.geojson "$d"/ 2>/dev/null || true
      [ -f "$SHARED/data/ucdp-dev/ucdp_ged_syria_dev.csv" ] && head -c 30000 "$SHARED/data/ucdp-dev/ucdp_ged_syria_dev.csv" > "$d/ucdp_head.csv"
      true ;;
  esac
}
status=0
for t in "${run[@]}"; do
  corpus="build-fuzz/corpus/$t"
  crashes="build-fuzz/crashes/$t"
  seed "$t" "$corpus"
  mkdir -p "$crashes"
  # Every crash once found and fixed is kept in tests/fuzz/regressions/TARGET/ and run first.
  if compgen -G "tests/fuzz/regressions/$t/*" >/dev/null; then
    if ! ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 CONFLICTMAP_GAZETTEER_DIR="$PWD/gazetteer" \
        "build-fuzz/tests/fuzz/$t" tests/fuzz/regressions/"$t"/* > "build-fuzz/$t.regressions.log" 2>&1; then
      echo "fuzz: $t: a fixed crash is back — see build-fuzz/$t.regressions.log" >&2
      tail -30 "build-fuzz/$t.regressions.log" >&2
      status=1
      continue
    fi
    echo "fuzz: $t: $(ls tests/fuzz/regressions/"$t" | wc -l) regression inputs pass"
  fi
  echo "fuzz: $t for ${seconds} s (corpus $corpus: $(ls "$corpus" | wc -l) inputs)"
  # No leak checking while fuzzing: GDAL's and PROJ's process-lifetime caches would drown it
  # (tools/sanitize.sh checks leaks on the tests).
  if ! ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      CONFLICTMAP_GAZETTEER_DIR="$PWD/gazetteer" \
      "build-fuzz/tests/fuzz/$t" "$corpus" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 \
      -artifact_prefix="$crashes/" -print_final_stats=1 2> "build-fuzz/$t.log"; then
    echo "fuzz: $t FAILED — see build-fuzz/$t.log and $crashes/" >&2
    tail -30 "build-fuzz/$t.log" >&2
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "build-fuzz/$t.log" | tail -3 | sed "s/^/fuzz: $t: /"
done
exit $status
