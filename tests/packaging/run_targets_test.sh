#!/usr/bin/env bash
# packaging/run.sh builds only what it runs: the targets it names (`run_targets=(...)`) are the
# executables it starts, and building them compiles no test suite. Needs a Ninja build tree
# (`ninja -t commands` lists every command a target needs, built or not).
set -euo pipefail
source_dir=$1
build_dir=$2
line=$(grep -E '^run_targets=\(' "$source_dir/packaging/run.sh") || { echo "run.sh names no run_targets"; exit 1; }
grep -q -- '--target "${run_targets\[@\]}"' "$source_dir/packaging/run.sh" || { echo "run.sh does not build run_targets"; exit 1; }
eval "$line"
[ "${run_targets[*]}" = "touchpoint touchpoint-demo touchpoint-service" ] || { echo "unexpected targets: ${run_targets[*]}"; exit 1; }
[ -f "$build_dir/build.ninja" ] || { echo "not a Ninja build tree: skipped"; exit 0; }
commands=$(ninja -C "$build_dir" -t commands "${run_targets[@]}")
grep -q 'platform/main.cpp' <<<"$commands" || { echo "the kiosk's main is not built"; exit 1; }
if grep -E -q '(^| )[^ ]*tests/[^ ]*\.cpp' <<<"$commands"; then
  echo "building the run targets compiles tests:"
  grep -E -o '[^ ]*tests/[^ ]*\.cpp' <<<"$commands" | sort -u | head
  exit 1
fi
echo "run.sh builds $(wc -l <<<"$commands") commands, no tests"
