#!/usr/bin/env bash
# Runs the Markdown layer (every cmark-gfm parser, tree, iterator and buffer it allocates) under valgrind over
# the Markdown seed corpus and hostile shapes, in normal and safe mode, and fails on any definite or indirect
# leak or invalid access.
#
#   scripts/check-leaks.sh
#
# The driver is Fuzz/Sources/MarkdownLeakCheck, built without debug information: valgrind 3.19 cannot read the
# DWARF the Swift toolchain writes into the test bundle ("Possibly corrupted debuginfo file").
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
swift build --build-path .build/valgrind -c release --product MarkdownLeakCheck -Xswiftc -gnone >/dev/null
log=.build/valgrind-markdown.log
if ! valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=1 --log-file="$log" .build/valgrind/release/MarkdownLeakCheck Corpus/markdown; then
    echo "valgrind found errors or leaks in the Markdown layer; see Fuzz/$log"
    grep -E "definitely lost|indirectly lost|Invalid (read|write)" "$log" | head -20
    exit 1
fi
echo "Markdown layer: no leaks, no invalid accesses (valgrind)"
