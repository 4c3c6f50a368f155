#!/usr/bin/env python3
"""Time build-site against cmark-gfm and Hugo on generated corpora and print a table.

Called by scripts/benchmark.sh, which builds build-site in release mode first; see that
script for the options. Every tool reads the same generated files in the same run.

For each corpus size N it measures (median of --reps runs; wall, CPU = user + sys, peak RSS
from /usr/bin/time):

  cmark-gfm          Debian's CLI over all posts in one process (table, strikethrough,
                     autolink, tasklist extensions), output to /dev/null
  hugo               a minimal Hugo site over the same posts (no math rendering), public/ removed
                     before each run
  md-only            build-site --benchmark-markdown-only --no-cache (no math, no claims)
  cold               build-site with .cache/ deleted (an empty cache, which this run fills)
  warm               build-site again, nothing changed (cache and output from the previous run)
  1 changed          build-site after appending a paragraph with a new formula to one post
  1 retitled         build-site after changing one post's title (the pages listing posts change too)

and checks the goals of issue 7 on the figures.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CMARK_EXTENSIONS = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist"]


def log(message):
    print(message, file=sys.stderr, flush=True)


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
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(argv, cwd, stdout=subprocess.DEVNULL):
    """Runs argv under /usr/bin/time.

    Returns wall s, CPU s (user + sys, children included), the peak RSS of the largest single
    process (/usr/bin/time's %M), the peak of the summed RSS of the whole process tree (sampled
    every 20 ms, so build-site's node workers count too), the exit status and stderr.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report, \
            tempfile.TemporaryFile("w+") as errors:
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
        fields = report.read().split()[-4:]
        errors.seek(0)
        stderr = errors.read()
    wall, user, system, rss_kb = float(fields[0]), float(fields[1]), float(fields[2]), int(fields[3])
    return {"wall": wall, "cpu": user + system, "rss_mb": rss_kb / 1024.0, "tree_mb": max(tree_kb, rss_kb) / 1024.0,
            "status": process.returncode, "stderr": stderr}


def median_run(runs):
    """The run with the median wall time (its CPU and memory belong to the same run)."""
    ordered = sorted(runs, key=lambda run: run["wall"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["walls"] = [run["wall"] for run in runs]
    chosen["peak_rss_mb"] = max(run["rss_mb"] for run in runs)
    chosen["peak_tree_mb"] = max(run["tree_mb"] for run in runs)
    chosen.pop("stderr", None)
    return chosen


def check(run, what, allowed=(0,)):
    if run["status"] not in allowed:
        log(run["stderr"][-3000:])
        sys.exit("benchmark: %s exited with status %d" % (what, run["status"]))


def make_corpus(n, seed, directory):
    content = os.path.join(directory, "content")
    if os.path.isdir(content):
        shutil.rmtree(content)
    subprocess.run([sys.executable, os.path.join(REPO, "scripts", "make-corpus.py"),
                    "--posts", str(n), "--seed", str(seed), "--out", content], check=True)
    posts = sorted(name for name in os.listdir(content) if name.endswith(".md"))
    # Read every file once so no tool pays for the first read from disk.
    for name in posts:
        with open(os.path.join(content, name), "rb") as f:
            f.read()
    return content, posts


def make_hugo_site(directory, content, posts):
    site = os.path.join(directory, "hugo")
    if os.path.isdir(site):
        shutil.rmtree(site)
    os.makedirs(os.path.join(site, "content", "posts"))
    for name in posts:
        os.link(os.path.join(content, name), os.path.join(site, "content", "posts", name))
    layouts = os.path.join(site, "layouts", "_default")
    os.makedirs(layouts)
    page = ("<!doctype html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>"
            "<body><main>%s</main></body></html>\n")
    files = {
        os.path.join(site, "hugo.toml"): 'baseURL = "https://example.org/"\ntitle = "Benchmark corpus"\n'
                                         'languageCode = "en"\n[markup.goldmark.renderer]\nunsafe = true\n',
        os.path.join(layouts, "single.html"): page % "<article><h1>{{ .Title }}</h1>{{ .Content }}</article>",
        os.path.join(layouts, "list.html"): page % "<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">"
                                                   "{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>",
        os.path.join(site, "layouts", "index.html"): page % "<ul>{{ range .Site.RegularPages }}<li><a href=\""
                                                            "{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>",
    }
    for path, text in files.items():
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return site


def measure_size(n, args, hugo):
    directory = os.path.join(args.scratch, "n%d" % n)
    os.makedirs(directory, exist_ok=True)
    log("== N = %d: generating the corpus in %s" % (n, directory))
    content, posts = make_corpus(n, args.seed, directory)
    reps = args.reps if n <= 1000 else max(1, min(args.reps, 2))
    results = {}

    def repeat(label, argv, cwd, before=None, allowed=(0,), count=reps):
        runs = []
        for index in range(count):
            if before:
                before(index)
            run = timed(argv, cwd)
            check(run, label, allowed)
            runs.append(run)
        results[label] = median_run(runs)
        log("   %-10s %s s" % (label, " ".join("%.3f" % run["wall"] for run in runs)))
        return results[label]

    # cmark-gfm: every post in one process.
    repeat("cmark-gfm", ["cmark-gfm"] + CMARK_EXTENSIONS + posts, content)

    if hugo:
        site = make_hugo_site(directory, content, posts)

        def clean_hugo(_):
            for name in ("public", "resources", ".hugo_build.lock"):
                path = os.path.join(site, name)
                if os.path.isdir(path):
                    shutil.rmtree(path)
                elif os.path.exists(path):
                    os.remove(path)

        repeat("hugo", [hugo, "--quiet", "--source", site, "--destination", "public"], directory, before=clean_hugo)

    build_site = [args.binary, "--content", "content", "--quiet"]
    if args.templates:
        build_site[3:3] = ["--templates", args.templates]

    def remove_cache(_=None):
        shutil.rmtree(os.path.join(directory, ".cache"), ignore_errors=True)

    repeat("md-only", build_site + ["--output", "site-md", "--no-cache", "--benchmark-markdown-only"], directory,
           before=remove_cache)
    # Cold: an empty cache, not --no-cache (which neither reads nor writes it, so the warm run
    # after it would be cold too).
    repeat("cold", build_site + ["--output", "site"], directory, before=remove_cache)
    # The last cold run left a full cache and site behind.
    repeat("warm", build_site + ["--output", "site"], directory)

    changed = os.path.join(content, posts[0])
    with open(changed, "rb") as f:
        original = f.read()

    def edit_one(index):
        with open(changed, "wb") as f:
            f.write(original + (b"\n\nEdited %d: the bound $\\epsilon_{%d} \\le 10^{-%d}$ holds here.\n"
                                % (index, index, index + 3)))

    def retitle_one(index):
        text = original.replace(b'\ntitle: "', b'\ntitle: "Retitled %d, ' % index, 1)
        with open(changed, "wb") as f:
            f.write(text)

    try:
        repeat("1 changed", build_site + ["--output", "site"], directory, before=edit_one)
        # A new title shows in the index, tag pages, claims page and feed: those are rendered again too.
        repeat("1 retitled", build_site + ["--output", "site"], directory, before=retitle_one)
    finally:
        with open(changed, "wb") as f:
            f.write(original)
    return {"n": n, "bytes": sum(os.path.getsize(os.path.join(content, p)) for p in posts), "runs": results}


ROWS = ["cmark-gfm", "hugo", "md-only", "cold", "warm", "1 changed", "1 retitled"]


def table(measurements):
    lines = ["| N | run | wall s | CPU s | peak MB | tree MB | posts/s | × cmark-gfm | × Hugo |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for size in measurements:
        runs = size["runs"]
        cmark = runs.get("cmark-gfm")
        hugo = runs.get("hugo")
        for label in ROWS:
            run = runs.get(label)
            if not run:
                continue
            ratio_cmark = "%.2f" % (run["wall"] / cmark["wall"]) if cmark and cmark["wall"] > 0 else "–"
            ratio_hugo = "%.2f" % (run["wall"] / hugo["wall"]) if hugo and hugo["wall"] > 0 else "–"
            rate = size["n"] / run["wall"] if run["wall"] > 0 else float("inf")
            lines.append("| %d | %s | %.3f | %.2f | %.0f | %.0f | %.0f | %s | %s |" % (
                size["n"], label, run["wall"], run["cpu"], run["peak_rss_mb"], run["peak_tree_mb"], rate,
                ratio_cmark, ratio_hugo))
    lines.append("")
    lines.append("wall and CPU: the median run by wall time; peak MB: largest single process (/usr/bin/time %M); "
                 "tree MB: peak of the summed RSS of the whole process tree, node workers included (sampled every 20 ms)")
    return "\n".join(lines)


def goals(measurements):
    lines = []
    by_n = {size["n"]: size["runs"] for size in measurements}

    def verdict(ok):
        return "met" if ok else "NOT met"

    for n, runs in sorted(by_n.items()):
        hugo, cmark = runs.get("hugo"), runs.get("cmark-gfm")
        cold, warm, changed, md = runs["cold"], runs["warm"], runs["1 changed"], runs["md-only"]
        lines.append("N = %d" % n)
        if hugo:
            ratio = cold["wall"] / hugo["wall"]
            lines.append("  cold / Hugo                   %6.2f  (goal ≤ 1.0)   %s" % (ratio, verdict(ratio <= 1.0)))
            ratio = warm["wall"] / hugo["wall"]
            lines.append("  warm / Hugo                   %6.2f  (goal ≤ 0.1)   %s" % (ratio, verdict(ratio <= 0.1)))
            lines.append("  cold tree MB / Hugo peak MB   %6.2f  (goal < 1.0)   %s" % (
                cold["peak_tree_mb"] / hugo["peak_tree_mb"], verdict(cold["peak_tree_mb"] < hugo["peak_tree_mb"])))
        delta = changed["wall"] - warm["wall"]
        lines.append("  1 changed − warm              %6.3f s (goal < 0.1 s) %s   (1 changed: %.3f s)" % (
            delta, verdict(delta < 0.1), changed["wall"]))
        ratio = md["wall"] / cmark["wall"]
        lines.append("  md-only / cmark-gfm           %6.2f  (goal ≤ 2.0)   %s" % (ratio, verdict(ratio <= 2.0)))
    if 1000 in by_n and 5000 in by_n:
        ratio = by_n[5000]["cold"]["wall"] / by_n[1000]["cold"]["wall"]
        lines.append("scaling: cold 5000 / cold 1000 %6.2f  (goal ≤ 5.5)   %s" % (ratio, verdict(ratio <= 5.5)))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="Run the build-site benchmark (see scripts/benchmark.sh).")
    parser.add_argument("--binary", required=True, help="the release build-site executable")
    parser.add_argument("--templates", default=None, help="a templates folder (default: the built-in theme)")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scratch", default=os.path.join(REPO, ".build-bench"))
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--label", default=None, help="what was built (default: the repository's HEAD)")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    args.templates = os.path.abspath(args.templates) if args.templates else None
    args.scratch = os.path.abspath(args.scratch)
    sizes = [int(size) for size in args.sizes.split(",") if size]

    for tool in ("/usr/bin/time", "cmark-gfm"):
        if not shutil.which(tool):
            sys.exit("benchmark: %s is missing (apt-get install time cmark-gfm, or run benchmark.sh --install)" % tool)
    hugo = None if args.no_hugo else shutil.which("hugo")
    if not hugo and not args.no_hugo:
        log("benchmark: hugo is not installed; its column is left out (benchmark.sh --install adds it)")

    measurements = [measure_size(n, args, hugo) for n in sizes]

    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "Sources", "Package.swift"],
                           capture_output=True, text=True).stdout.strip()
    versions = {
        "cmark-gfm": subprocess.run(["cmark-gfm", "--version"], capture_output=True, text=True).stdout.split("\n")[0],
        "hugo": subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else "not installed",
    }
    built = args.label or "commit %s%s" % (commit or "?", " (Sources/ modified)" if dirty else "")
    header = ["build-site benchmark — %s, %s, %d cores, load average %s" % (
        built, platform.machine(), os.cpu_count() or 0,
        " ".join("%.2f" % x for x in os.getloadavg())),
        "corpus: " + ", ".join("N=%d (%.1f MB)" % (m["n"], m["bytes"] / 1e6) for m in measurements)
        + ", seed %d; median of %d runs (at most 2 above N=1000)" % (args.seed, args.reps),
        "cmark-gfm: %s; hugo: %s" % (versions["cmark-gfm"], versions["hugo"])]
    text = "\n".join(header) + "\n\n" + table(measurements) + "\n\nGoals (issue 7)\n" + goals(measurements) + "\n"
    print(text)
    with open(os.path.join(args.scratch, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(args.scratch, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"commit": commit, "versions": versions, "measurements": measurements}, f, indent=1, default=str)
    log("results written to %s/results.md and results.json" % args.scratch)


if __name__ == "__main__":
    main()
