#!/usr/bin/env bash
# Runs every libFuzzer target of Fuzz/ for a bounded time from the committed seed corpus.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s each, all targets)
#   FUZZ_SEED=1 FUZZ_RUNS=20000 scripts/fuzz.sh          (reproducible: what CI runs)
#
# New interesting inputs go to .build/fuzz-corpus/TARGET (the committed corpus is read only);
# a crash or a slow input (> 2 s) is written to .build/fuzz-artifacts/ and the script fails.
# Add a fixed crasher to Fuzz/Corpus/<target>/ so it stays a regression seed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzMath FuzzFrontMatter FuzzClaims FuzzMarkdown FuzzEquations)

# Build only the fuzz targets: -parse-as-library would break the leak-check driver's main.swift.
flags=(--sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library)
for target in "${targets[@]}"; do
    (cd Fuzz && swift build "${flags[@]}" --product "$target" >/dev/null) || {
        echo "fuzz: building $target failed:" >&2
        (cd Fuzz && swift build "${flags[@]}" --product "$target" 2>&1 | grep -E "error" | head -20) >&2
        exit 1
    }
done
bin=$(cd Fuzz && swift build "${flags[@]}" --show-bin-path)

corpus_of() {
    case $1 in
        FuzzMath) echo math ;;
        FuzzFrontMatter) echo frontmatter ;;
        FuzzClaims) echo claims ;;
        FuzzMarkdown) echo markdown ;;
        FuzzEquations) echo equations ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    seeds=Fuzz/Corpus/$(corpus_of "$target")
    work=.build/fuzz-corpus/$target
    artifacts=.build/fuzz-artifacts/$target/
    mkdir -p "$work" "$artifacts"
    if [ -n "${FUZZ_RUNS:-}" ]; then
        echo "== $target: $FUZZ_RUNS runs, seed ${FUZZ_SEED:-random}, from $seeds"
    else
        echo "== $target: ${seconds}s from $seeds"
    fi
    # FUZZ_SEED and FUZZ_RUNS make a run reproducible (CI uses them: the same binary, seed and run
    # count explore the same inputs on every machine); without them the run is exploratory and timed.
    budget=(-max_total_time="$seconds")
    [ -n "${FUZZ_RUNS:-}" ] && budget=(-runs="$FUZZ_RUNS" -max_total_time=600)
    [ -n "${FUZZ_SEED:-}" ] && budget+=(-seed="$FUZZ_SEED")
    if ! ASAN_OPTIONS=detect_leaks=0 "$bin/$target" "$work" "$seeds" \
        "${budget[@]}" -timeout=2 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$artifacts" -print_final_stats=1 2>.build/fuzz-$target.log; then
        echo "!! $target failed; see .build/fuzz-$target.log and $artifacts"
        tail -30 .build/fuzz-$target.log
        status=1
    else
        grep -E "stat::number_of_executed_units|stat::peak_rss_mb" .build/fuzz-$target.log | tr '\n' ' '
        echo
    fi
done
exit $status
