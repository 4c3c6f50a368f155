#!/usr/bin/env bash
# Runs the judge against the independent oracle (Tests/ClaimLanguageTests/Oracle) on a larger claim set.
#
#   scripts/oracle.sh [CLAIMS] [SEED]        (default: 100000 claims, seed 1; CI runs 10000 with its fixed seed)
#   ORACLE_SAMPLES=0 scripts/oracle.sh       (0: the judge's default samples; CI uses 50)
#   ORACLE_GRID=256 scripts/oracle.sh        (grid points per scalar given in the oracle; default 48)
#
# Prints every family's counts (ORACLE_REPORT=1) and the first disagreements with their fences; fails if
# there is any. Builds the tests first (debug), then runs only the oracle suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export ORACLE_CLAIMS=${1:-${ORACLE_CLAIMS:-100000}}
export ORACLE_SEED=${2:-${ORACLE_SEED:-1}}
export ORACLE_SAMPLES=${ORACLE_SAMPLES:-0}
export ORACLE_REPORT=${ORACLE_REPORT:-1}
swift build --build-tests >/dev/null
swift test --skip-build --filter 'Oracle'
