#!/usr/bin/env bash
# Benchmark build-site against cmark-gfm and Hugo on generated corpora (issue 7).
#
#   scripts/benchmark.sh [--sizes 100,1000[,5000]] [--large] [--reps N] [--install]
#                        [--binary PATH] [--scratch DIR] [--no-hugo] [--seed N]
#
#   --sizes    corpus sizes in posts (default 100,1000)
#   --large    also N=5000 (same as --sizes 100,1000,5000; a few more minutes)
#   --reps     runs per measurement; the median is reported (default 3; at most 2 above 1000)
#   --install  apt-get install the baselines and tools first (hugo, cmark-gfm, time); needs root
#   --binary   time this build-site instead of building one (swift build -c release)
#   --scratch  where corpora, sites and results go (default .build-bench/, git-ignored)
#   --no-hugo  leave Hugo out even when it is installed
#
# It generates each corpus deterministically (scripts/make-corpus.py: 4-8 KB posts with
# front matter, headings, lists, a table, code, ~25 formulas and 3 verifying swift-check
# fences each), then times on the same files: cmark-gfm (all posts in one process), Hugo
# (a minimal site) when installed, and build-site cold (empty cache), warm (nothing changed),
# with one post changed (a paragraph added; its title changed), and Markdown only
# (--benchmark-markdown-only). It prints a table
# (wall, CPU, peak memory, posts/s, ratios to each baseline) and the goals of issue 7, and
# writes them to SCRATCH/results.md and results.json. A benchmark, not a test.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=100,1000
reps=3
install=0
binary=
scratch="$repo/.build-bench"
extra=()

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --large) sizes=100,1000,5000; shift ;;
        --reps) reps=$2; shift 2 ;;
        --install) install=1; shift ;;
        --binary) binary=$2; shift 2 ;;
        --scratch) scratch=$2; shift 2 ;;
        --seed) extra+=(--seed "$2"); shift 2 ;;
        --no-hugo) extra+=(--no-hugo); shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "benchmark.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ "$install" = 1 ]; then
    sudo=
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get install -y --no-install-recommends hugo cmark-gfm time
fi

if [ -n "$binary" ]; then
    extra+=(--label "build-site at $binary")
else
    echo "== swift build -c release --product build-site" >&2
    swift build -c release --product build-site >&2
    binary="$(swift build -c release --show-bin-path)/build-site"
fi

mkdir -p "$scratch"
exec python3 "$repo/scripts/bench/run.py" --binary "$binary" \
    --sizes "$sizes" --reps "$reps" --scratch "$scratch" "${extra[@]+"${extra[@]}"}"
