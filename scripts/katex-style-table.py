#!/usr/bin/env python3
"""Count the inline styles of KaTeX's <span> elements in built sites, and print the most frequent as the Swift
table of Sources/KaTeX/KaTeXStyleClasses+Table.swift (KaTeXStyleClasses.measuredStyles).

The sites must be built by a build-site that writes KaTeX's styles inline (before KaTeXStyleClasses, or with the
table empty). MathML (<math>...</math>) is skipped, as KaTeXStyleClasses skips it. The table is committed: it is
measured once, and a build never measures it again, so a page does not depend on the rest of its site.

    python3 scripts/katex-style-table.py --count 128 SITE [SITE...]
"""

import argparse
import collections
import os
import re

SPAN_STYLE = re.compile(r'<span(?: class="[^"]*")? style="([^"]*)"')
MATH = re.compile(r"<math.*?</math>", re.S)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=128)
    parser.add_argument("sites", nargs="+")
    arguments = parser.parse_args()
    counts = collections.Counter()
    for site in arguments.sites:
        for folder, _, names in sorted(os.walk(site)):
            for name in sorted(names):
                if not name.endswith(".html"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8") as file:
                    text = MATH.sub("", file.read())
                counts.update(SPAN_STYLE.findall(text))
    # Most frequent first; equal counts in byte order, so the table is the same for the same sites.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].encode()))[: arguments.count]
    total = sum(counts.values())
    covered = sum(count for _, count in ranked)
    print(f"// {len(counts)} distinct styles, {total} uses; these {len(ranked)} cover {covered} ({covered / total:.1%}).")
    for style, count in ranked:
        print(f'    "{style}",  // {count}')


if __name__ == "__main__":
    main()
