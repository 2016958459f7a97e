#!/usr/bin/env bash
# Installs dependencies, builds everything and runs every test (the README's test command).
# The build is sanitized by default (AddressSanitizer, LeakSanitizer and UBSan, in build-asan/):
# any finding, in a test or in a child process a test starts, fails that test.
# TOUCHPOINT_SANITIZE=OFF builds and tests the plain build in build/ instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
sanitize="${TOUCHPOINT_SANITIZE:-ON}"
case "$sanitize" in
  ON) default_dir=build-asan ;;
  OFF) default_dir=build ;;
  *) echo "TOUCHPOINT_SANITIZE must be ON or OFF, not '$sanitize'." >&2; exit 2 ;;
esac
build_dir="${BUILD_DIR:-$default_dir}"
cmake -S . -B "$build_dir" -DTOUCHPOINT_WERROR="${TOUCHPOINT_WERROR:-ON}" \
  -DTOUCHPOINT_SANITIZE="$sanitize" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
if [ "$sanitize" = ON ]; then
  # exitcode=86: a sanitizer finding is never mistaken for an ordinary exit status.
  export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
fi
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)" --timeout 600
