#!/usr/bin/env bash
# Performance benchmarks (docs/performance.md). Builds the Release build in build-bench/, runs
# every benchmark program (tests/bench/*_bench) and prints one line per figure, P1 to P10, each a
# ratio to a limit measured in the same run. A full run is recorded in docs/performance.md.
#   bash packaging/bench.sh           full sizes (100k customers, 1M cached customers, 500 terminals)
#   bash packaging/bench.sh --quick   reduced sizes, under 10 minutes; printed, not recorded
# Exit status: 0 when every figure is met, 1 when one is missed, 2 when a program failed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
case "${1:-}" in
  "") ;;
  --quick) mode=quick ;;
  *) echo "usage: bash packaging/bench.sh [--quick]" >&2; exit 2 ;;
esac
bash packaging/install-deps.sh
build_dir="${BUILD_DIR:-build-bench}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DTOUCHPOINT_SANITIZE=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target benches

scratch="$(mktemp -d "${TMPDIR:-/tmp}/touchpoint-bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
args=()
[ "$mode" = quick ] && args+=(--quick)
failed=0
started=$(date +%s)
for program in "$build_dir"/tests/bench/*_bench; do
  name="$(basename "$program")"
  echo "== $name" >&2
  if ! "$program" "${args[@]}" --dir "$scratch/$name" | tee -a "$scratch/all.txt"; then
    echo "$name failed" >&2
    failed=1
  fi
done
elapsed=$(( $(date +%s) - started ))

grep -E '^P[0-9]+ ' "$scratch/all.txt" | sort -s -t' ' -k1.2n > "$scratch/figures.txt" || true
echo
echo "Touchpoint benchmarks ($mode run, ${elapsed} s):"
cat "$scratch/figures.txt"

if [ "$mode" = full ]; then
  {
    echo "Recorded by \`bash packaging/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown),"
    echo "$(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(( $(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo) / 1024 )) MB memory; the run took ${elapsed} s."
    echo
    echo '```'
    cat "$scratch/figures.txt"
    echo '```'
  } > "$scratch/record.md"
  python3 - "$scratch/record.md" docs/performance.md <<'PY'
import sys
record = open(sys.argv[1]).read()
path = sys.argv[2]
text = open(path).read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
a, b = text.index(begin) + len(begin), text.index(end)
open(path, "w").write(text[:a] + "\n" + record + text[b:])
PY
  echo "recorded in docs/performance.md"
fi
[ "$failed" = 0 ] || exit 2
if grep -q ': missed$' "$scratch/figures.txt"; then exit 1; fi
