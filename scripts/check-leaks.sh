#!/usr/bin/env bash
# Runs the Markdown layer's tests (every cmark-gfm parser, tree, iterator and buffer we allocate) under
# valgrind and fails on any definite or indirect leak, or any invalid read or write.
#
#   scripts/check-leaks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests >/dev/null
bundle=$(swift build --show-bin-path)/swift-check-sitePackageTests.xctest
log=.build/valgrind-markdown.log
valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=1 --log-file="$log" \
    "$bundle" --testing-library swift-testing --filter MarkdownTests >/dev/null 2>&1 || {
    echo "valgrind found errors or leaks in the Markdown layer; see $log"
    grep -E "definitely lost|indirectly lost|Invalid (read|write)" "$log" | head -20
    exit 1
}
echo "Markdown layer: no leaks, no invalid accesses (valgrind)"
