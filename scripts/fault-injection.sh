#!/usr/bin/env bash
# The fault-injection suite at length: `kill -9` at random moments of full and incremental builds of
# a few hundred posts, each followed by a check that the site is a complete old or new one and that
# the next build gives exactly a clean build's output. CI runs 50 trials (seed 9119) as part of
# `swift test`; this runs more, with another seed if given.
#   scripts/fault-injection.sh [TRIALS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
FAULT_TRIALS="${1:-500}" FAULT_SEED="${2:-$RANDOM}" \
  swift test --skip-build --filter 'FaultInjectionTests|FileSystemFaultTests|OutputFolderTests|CacheCorruptionTests'
