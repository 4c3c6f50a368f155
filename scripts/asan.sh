#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer (and LeakSanitizer), in its own build folder.
#
#   scripts/asan.sh [swift test arguments, e.g. --filter SiteBuilderTests]
set -euo pipefail
cd "$(dirname "$0")/.."
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
exec swift test --build-path .build/asan --sanitize=address "$@"
