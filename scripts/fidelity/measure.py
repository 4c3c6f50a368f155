#!/usr/bin/env python3
"""Build the fidelity benchmark's sites and measure how faithfully they came through (issue 16).

Usage: measure.py OUTDIR [--binary PATH] [--examples N] [--json PATH]

OUTDIR is what generate.py wrote: OUTDIR/ENGINE/content and OUTDIR/ENGINE/expected.json.
For each engine it runs `build-site build --content content --output site --no-cache
--keep-going` in OUTDIR/ENGINE (the binary from --binary, else $BUILD_SITE, else
`build-site` on PATH), keeps the messages in OUTDIR/ENGINE/build.log, reads each page
site/posts/SLUG/index.html with html.parser and counts:

  formulas   expected (what the engine would have typeset) and found (KaTeX output);
             the two lists are aligned in page order (difflib);
  faithful   the KaTeX annotation's TeX equals the expected TeX (whitespace runs collapsed;
             `eqnarray` read as `array{rcl}`, `\\mbox` as `\\text`), display/inline as the
             engine showed it, and no KaTeX error (katex-error, or build-site's code.math-error
             under --keep-going). Faithful % = faithful / (expected + spurious
             formulas, ones the engine would not have typeset);
  TeX-as-text  text outside KaTeX and code that still looks like TeX (`\\frac`, `\\_`,
             `$...$`, `^{`), one per cluster of matches;
  engine-as-text  `{{`, `{%`, `%}`, `{:` in text outside code;
  unwarned   those leftovers with no warning at a source line holding them (or, when no
             line of the source holds the text left, no warning naming it);
  constructs images (alt as written, src leading to the file the engine showed), figures,
             links, code blocks and spans, tables of contents, literal texts, titles, dates and
             the inferred-profile note as expected; `removed` ones and header lines gone from the page;
  reported   constructs the spec says are warned about: a warning naming them at their line,
             and gone from the page (an unknown shortcode's enclosed text kept);
  prose-kept the prose around the math and the engine syntax still in the page;
  other warnings  warnings about posts that no expected construct accounts for.

Prints a table per profile, the unfaithful cases by kind with a few examples, and a final
line; exit status 0 only if overall faithful % >= 99 and there are no unwarned leftovers.
"""

import difflib
import html.parser
import json
import os
import re
import subprocess
import sys

ENGINES = ["jekyll", "hugo", "hexo", "pelican", "pandoc", "native"]
GOAL = 99.0

BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "figure", "figcaption", "blockquote",
         "td", "th", "tr", "pre", "table", "ul", "ol", "nav", "section", "dd", "dt", "hr", "br"}
VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr", "area", "col", "embed"}

DIAG_RE = re.compile(r"^(.+?):(\d+):(\d+): (error|warning|note): (.*)$")
ECHO_RE = re.compile(r"^\s*\d+ \| (.*)$")
# the generated prose has no $ or backslash of its own (currency and other literals are taken
# out before the scan), so a stray $ counts too
TEX_RE = re.compile(r"\\[A-Za-z]+|\\[_{}\\,;!|#%&$*()\[\]]|\$\$?[^$\d\s][^$]*?\$|\$\s[^$]*?\s\$|[\^_]\{|\$")
ENGINE_RE = re.compile(r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}|\{:[^}]*\}|\{\{|\{%|%\}|\{:|>\}\}")


class Page(html.parser.HTMLParser):
    """What the measurement needs from one post page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []            # (tag, classes)
        self.body_depth = None     # stack depth of div.post-body
        self.formulas = []         # {"tex", "display", "error"}
        self.cur = None            # formula being read: (depth, dict)
        self.ann = None            # annotation text being read
        self.err = None            # katex-error: (depth, dict)
        self.code = None           # (depth, {"pre", "lang", "text"})
        self.codes = []
        self.text = []             # visible text outside math and code, block breaks as \n
        self.imgs = []
        self.attrs = []            # attributes of every element in the body
        self.figures = []
        self.fig = None
        self.links = []
        self.link = None
        self.toc = None            # {"links": [...]} of nav.toc
        self.tocl = None           # a link in it being read
        self.anchor = None         # depth of a heading's a.anchor
        self.headings = []
        self.head = None
        self.title = None
        self.in_title = False
        self.date = None

    def in_body(self):
        return self.body_depth is not None

    def classes_above(self):
        for _, cls in self.stack:
            yield from cls

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "h1" and "post-title" in cls:
            self.in_title, self.title = True, ""
        if tag == "time" and self.date is None and a.get("datetime"):
            self.date = a["datetime"]
        if tag in VOID:
            if self.in_body():
                self.attrs.append(a)
                if tag == "img":
                    self.imgs.append({"src": a.get("src"), "alt": a.get("alt")})
                    if self.fig is not None:
                        self.fig["imgs"].append({"src": a.get("src"), "alt": a.get("alt")})
                if tag in BLOCK:
                    self.text.append("\n")
            return
        depth = len(self.stack)
        self.stack.append((tag, cls))
        if tag == "div" and "post-body" in cls and self.body_depth is None:
            self.body_depth = depth
            return
        if tag == "nav" and "toc" in cls:       # the theme puts it before the body
            self.toc = {"links": [], "depth": depth}
        if tag == "a" and self.toc is not None and self.toc["depth"] >= 0:
            self.tocl = (depth, {"href": a.get("href"), "text": ""})
        if not self.in_body():
            return
        self.attrs.append(a)
        if tag in BLOCK:
            self.text.append("\n")
        if tag == "a" and "anchor" in cls:
            self.anchor = depth
        if self.cur is None and self.err is None:
            if tag == "span" and "katex" in cls:
                disp = any(c in ("katex-display", "math-display") for c in self.classes_above())
                self.cur = (depth, {"tex": None, "display": disp, "error": False})
                self.text.append("\x00")
                return
            if "katex-error" in cls or "math-error" in cls:   # build-site --keep-going: <code class="math-error">
                disp = any(c in ("katex-display", "math-display", "math-error-display")
                           for c in self.classes_above())
                self.err = (depth, {"tex": "", "display": disp, "error": True})
                self.text.append("\x00")
                return
        if self.cur is not None:
            if tag == "annotation" and a.get("encoding") == "application/x-tex":
                self.ann = ""
            if "katex-error" in cls:
                self.cur[1]["error"] = True
            return
        if tag == "code" and self.code is None:
            pre = any(t == "pre" for t, _ in self.stack[:-1])
            lang = None
            for c in cls:
                if c.startswith("language-"):
                    lang = c[len("language-"):]
            self.code = (depth, {"pre": pre, "lang": lang, "text": ""})
            self.text.append("\x00")
        if tag == "figure":
            self.fig = {"imgs": [], "caption": None}
        if tag == "figcaption" and self.fig is not None:
            self.fig["caption"] = ""
        if tag == "a":
            self.link = (depth, {"href": a.get("href"), "text": ""})
        if re.fullmatch(r"h[2-6]", tag):
            self.head = (depth, "")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag == "h1" and self.in_title:
            self.in_title = False
        # pop to the matching tag (lenient)
        idx = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                idx = i
                break
        if idx is None:
            return
        del self.stack[idx:]
        if self.in_body() and tag in BLOCK:
            self.text.append("\n")
        if self.cur is not None and idx <= self.cur[0]:
            f = self.cur[1]
            if f["tex"] is None:
                f["tex"] = ""
                f["error"] = True
            self.formulas.append(f)
            self.cur = None
        if self.err is not None and idx <= self.err[0]:
            self.formulas.append(self.err[1])
            self.err = None
        if tag == "annotation" and self.ann is not None and self.cur is not None:
            self.cur[1]["tex"] = self.ann
            self.ann = None
        if self.code is not None and idx <= self.code[0]:
            self.codes.append(self.code[1])
            self.code = None
        if tag == "figure" and self.fig is not None:
            self.figures.append(self.fig)
            self.fig = None
        if self.link is not None and idx <= self.link[0]:
            self.links.append(self.link[1])
            self.link = None
        if self.tocl is not None and idx <= self.tocl[0]:
            self.toc["links"].append(self.tocl[1])
            self.tocl = None
        if self.anchor is not None and idx <= self.anchor:
            self.anchor = None
        if self.toc is not None and idx <= self.toc["depth"]:
            self.toc["depth"] = -1
        if self.head is not None and idx <= self.head[0]:
            self.headings.append(self.head[1].strip())
            self.head = None
        if self.body_depth is not None and idx <= self.body_depth:
            self.body_depth = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.tocl is not None:
            self.tocl[1]["text"] += data
        if not self.in_body():
            return
        if self.cur is not None:
            if self.ann is not None:
                self.ann += data
            return
        if self.err is not None:
            self.err[1]["tex"] += data
            return
        if self.code is not None:
            self.code[1]["text"] += data
            return
        self.text.append(data)
        if self.fig is not None and self.fig["caption"] is not None:
            self.fig["caption"] += data
        if self.link is not None:
            self.link[1]["text"] += data
        if self.head is not None and self.anchor is None:
            self.head = (self.head[0], self.head[1] + data)

    def visible(self):
        return "".join(self.text)


# Rewrites that draw the same as what MathJax drew, applied to both sides before comparing:
# KaTeX lacks eqnarray and \mbox, and build-site hands it array{rcl} and \text instead.
EQUIVALENT = [(r"\\begin\{eqnarray\*?\}", r"\\begin{array}{rcl}"), (r"\\end\{eqnarray\*?\}", r"\\end{array}"),
              (r"\\mbox\{", r"\\text{")]


def norm(tex):
    t = " ".join(tex.split())
    for pat, rep in EQUIVALENT:
        t = re.sub(pat, rep, t)
    return t


def diagnostics(log):
    out = []
    for line in log.splitlines():
        m = DIAG_RE.match(line)
        if m:
            out.append({"path": m.group(1), "line": int(m.group(2)), "col": int(m.group(3)),
                        "severity": m.group(4), "message": m.group(5), "echo": ""})
            continue
        m = ECHO_RE.match(line)
        if m and out and not out[-1]["echo"]:
            out[-1]["echo"] = m.group(1)
    return out


def clusters(regex, line, gap):
    """Groups the matches of regex in one line of text into leftovers (gap < `gap` chars)."""
    out = []
    for m in regex.finditer(line):
        if out and m.start() - out[-1][1] < gap:
            out[-1][1] = m.end()
            out[-1][2].append(m.group())
        else:
            out.append([m.start(), m.end(), [m.group()]])
    return [(line[max(0, s - 20):e + 20], toks, line[s:e]) for s, e, toks in out]


def engine_key(tok_text):
    m = re.search(r"\{\{[<%]?\s*/?\s*([\w.]+)|\{%\s*(\w+)|\{:\s*([\w.#-]+)", tok_text)
    if m:
        return next(g for g in m.groups() if g)
    return None


def warned(diags, source_lines, span, toks, names):
    """Is there a warning for this leftover? One at a source line holding what was left (the
    longest run of it between formulas, else every token of it, else its longest token), or,
    when no line holds it (the text differs from the source), one naming it."""
    ws = [d for d in diags if d["severity"] in ("warning", "error")]
    run = max(span.split("\x00"), key=len).strip()
    lines = set()
    if len(run) > 3:
        lines = {n for n, text in enumerate(source_lines, 1) if run in text}
    distinct = sorted(set(toks), key=len, reverse=True)
    if not lines:
        lines = {n for n, text in enumerate(source_lines, 1) if all(t in text for t in distinct)}
    if not lines:
        lines = {n for n, text in enumerate(source_lines, 1) if distinct and distinct[0] in text}
    if lines:
        return any(d["line"] in lines for d in ws)
    return any(any(k and k in d["message"] + " " + d["echo"] for k in names) for d in ws)


def image(c, imgs, page):
    """An <img> with the alt text that shows the file the engine would have shown: its src as
    the engine wrote it, or one that leads to a copy of that file in the built site."""
    cands = [i for i in imgs if (i["alt"] or "") == c["alt"]]
    if not cands:
        return f"no <img alt={c['alt']!r}> (images: {imgs[:3]})"
    for i in cands:
        src = (i["src"] or "").split("#")[0].split("?")[0]
        if src.startswith("/"):
            path = os.path.join(page.site, src.lstrip("/"))
        else:
            path = os.path.join(os.path.dirname(page.path), src)
        if os.path.basename(src) == os.path.basename(c["src"]) and os.path.isfile(path):
            return None
    srcs = [i["src"] for i in cands]
    return f"<img src={srcs[0]!r}> leads to no file (the engine showed {c['src']!r})"


def leftovers(visible, literals, diags, source_lines):
    """TeX and engine syntax left in a page's text (literal texts excepted), each with
    whether a warning accounts for it."""
    out = []
    scan = visible
    for lit in literals:
        scan = scan.replace(lit, " ")
    for line in scan.split("\n"):
        for kind, regex, gap in (("TeX", TEX_RE, 12), ("engine", ENGINE_RE, 0)):
            for snippet, toks, span in clusters(regex, line, gap):
                if kind == "TeX":
                    names = [t for t in toks if t.startswith("\\")]
                else:
                    names = [engine_key(t) for t in toks]
                out.append({"kind": kind, "warned": warned(diags, source_lines, span, toks, names),
                            "text": snippet.strip().replace("\x00", "¤")})
    return out


def check_construct(c, page, diags, visible):
    """Returns None when the construct came through as expected, else a reason."""
    k = c["kind"]
    if page is None:
        return "page missing"
    if k == "title":
        got = (page.title or "").strip()
        return None if got == c["text"] else f"title {got!r}, expected {c['text']!r}"
    if k == "date":
        got = page.date or ""
        return None if got.startswith(c["value"]) else f"date {got!r}, expected {c['value']}"
    if k == "img":
        return image(c, page.imgs, page)
    if k == "figure":
        why = "no <figure>"
        for f in page.figures:
            why = image(c, f["imgs"], page)
            if why is None:
                if (f["caption"] or "").strip() == c["caption"]:
                    return None
                why = f"figcaption {f['caption']!r}, expected {c['caption']!r}"
        return why
    if k == "link":   # the link text leading to the page the engine linked (the same file)
        want = os.path.normpath(os.path.join(os.path.dirname(page.path), c["href"]))
        near = [l["href"] for l in page.links if c["text"] in l["text"]]
        for href in near:
            h = (href or "").split("#")[0]
            got = os.path.join(page.site, h.lstrip("/")) if h.startswith("/") else \
                os.path.join(os.path.dirname(page.path), h)
            if os.path.normpath(got) == want and os.path.isfile(want):
                return None
        return f"the link {c['text']!r} leads to {near}, expected {c['href']!r}"
    if k == "code":
        want = c["text"].rstrip("\n")
        for cd in page.codes:
            if cd["pre"] and cd["text"].replace("\r\n", "\n").rstrip("\n") == want:
                if c.get("lang") and cd["lang"] != c["lang"]:
                    return f"code block language {cd['lang']!r}, expected {c['lang']!r}"
                return None
        return f"no code block with the text {want[:40]!r}"
    if k == "codespan":
        if any(not cd["pre"] and cd["text"] == c["text"] for cd in page.codes):
            return None
        return f"no code span {c['text']!r}"
    if k == "toc":
        if page.toc is None:
            return "no <nav class=\"toc\">"
        texts = [l["text"].strip() for l in page.toc["links"]]
        missing = [h for h in page.headings if h not in texts]
        if missing or not all((l["href"] or "").startswith("#") for l in page.toc["links"]):
            return f"toc links {texts}, headings {page.headings}"
        return None
    if k == "prose":
        return None if c["text"] in visible else f"text {c['text']!r} lost"
    if k == "literal":
        return None if c["text"] in visible else f"literal {c['text']!r} not in the page text"
    if k == "absent":   # metadata that is not body text
        return f"{c['text']!r} in the page text" if c["text"] in visible else None
    if k == "removed":
        if c["text"] in visible:
            return f"{c['text']!r} left in the page"
        return None
    if k == "attrs":   # a kramdown attribute list applied to some element
        for a in page.attrs:
            cls = (a.get("class") or "").split()
            if all(v in cls if n == "class" else a.get(n) == v for n, v in c["want"]):
                return None
        return f"no element with {c['want']}"
    if k == "reported":
        at = [d for d in diags if d["severity"] == "warning" and d["line"] == c["line"]]
        if not at:
            return f"no warning at line {c['line']} for {c['text']!r}"
        if not any(c["construct"] in d["message"] for d in at):
            return f"warning at line {c['line']} does not name {c['construct']!r}: {at[0]['message'][:80]}"
        if not c.get("math") and c["text"] in visible:
            return f"{c['text']!r} left in the page"
        if c.get("kept") and c["kept"] not in visible:
            return f"enclosed text {c['kept']!r} lost"
        return None
    return f"unknown construct kind {k}"


def compare_formulas(exp, found):
    """Aligns expected and found formulas; returns (faithful, spurious, cases)."""
    a = [norm(f["tex"]) for f in exp]
    b = [norm(f["tex"] or "") for f in found]
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    faithful, spurious, cases = 0, 0, []

    def pair(e, f):
        nonlocal faithful
        if f["error"]:
            cases.append(("katex error", e["tex"], f["tex"]))
        elif norm(e["tex"]) != norm(f["tex"] or ""):
            cases.append(("TeX differs", e["tex"], f["tex"]))
        elif e["display"] != f["display"]:
            kind = "inline, expected display" if e["display"] else "display, expected inline"
            cases.append((kind, e["tex"], None))
        else:
            faithful += 1

    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for x, y in zip(range(i1, i2), range(j1, j2)):
                pair(exp[x], found[y])
            continue
        n = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for t in range(n):
            pair(exp[i1 + t], found[j1 + t])
        for x in range(i1 + n, i2):
            cases.append(("not typeset", exp[x]["tex"], None))
        for y in range(j1 + n, j2):
            spurious += 1
            cases.append(("spurious formula", None, found[y]["tex"]))
    return faithful, spurious, cases


def measure_engine(root, engine, binary):
    site = os.path.join(root, engine)
    with open(os.path.join(site, "expected.json")) as f:
        expected = json.load(f)
    try:
        proc = subprocess.run([binary, "build", "--content", "content", "--output", "site", "--no-cache",
                               "--keep-going"], cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=900)
        log, status = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired as e:
        log, status = (e.stdout or b"").decode("utf-8", "replace") if isinstance(e.stdout, bytes) \
            else (e.stdout or ""), "timeout"
    with open(os.path.join(site, "build.log"), "w") as f:
        f.write(log)
    diags = diagnostics(log)
    r = {"engine": engine, "status": status, "posts": len(expected["posts"]), "pages": 0,
         "expected": 0, "found": 0, "faithful": 0, "spurious": 0, "tex_text": 0, "engine_text": 0,
         "unwarned": 0, "constructs": 0, "constructs_ok": 0, "reported": 0, "reported_ok": 0,
         "prose": 0, "prose_ok": 0,
         "other_warnings": 0, "cases": [], "leftovers": [], "construct_failures": [], "warnings": [],
         "missing_pages": []}
    # the inferred profile is reported once per build as a note (and not when chosen)
    notes = [d for d in diags if d["severity"] == "note" and engine in d["message"].lower()
             and re.search(r"\bread (as|with)\b", d["message"])]
    r["constructs"] += 1
    want = 1 if expected.get("inferred") else 0
    if len(notes) == want:
        r["constructs_ok"] += 1
    else:
        r["construct_failures"].append({"post": "(site)", "kind": "profile note",
                                        "why": f"{len(notes)} notes naming the {engine} profile, expected {want}"})
    for post in expected["posts"]:
        path = os.path.join(site, "site", "posts", post["slug"], "index.html")
        page = None
        if os.path.exists(path):
            page = Page()
            page.path, page.site = path, os.path.join(site, "site")
            with open(path, encoding="utf-8") as f:
                page.feed(f.read())
            page.close()
            r["pages"] += 1
        src = post["source"]
        pdiags = [d for d in diags if d["path"] == src]
        with open(os.path.join(site, src), encoding="utf-8") as f:
            source_lines = f.read().split("\n")
        found = page.formulas if page else []
        r["expected"] += len(post["formulas"])
        r["found"] += len(found)
        fa, sp, cases = compare_formulas(post["formulas"], found)
        r["faithful"] += fa
        r["spurious"] += sp
        r["cases"] += [{"post": src, "kind": k, "expected": e, "found": g} for k, e, g in cases]
        visible = page.visible() if page else ""
        for lo in leftovers(visible, post["literals"], pdiags, source_lines):
            r["tex_text" if lo["kind"] == "TeX" else "engine_text"] += 1
            r["unwarned"] += not lo["warned"]
            r["leftovers"].append(dict(lo, post=src))
        # constructs
        accounted = set()
        if page is None:
            r["missing_pages"].append(f"{src} (no site/posts/{post['slug']}/index.html)")
        for c in post["constructs"]:
            why = check_construct(c, page, pdiags, visible)
            if c["kind"] == "reported":
                r["reported"] += 1
                r["reported_ok"] += why is None
                accounted.add(c["line"])
            elif c["kind"] == "prose":
                r["prose"] += 1
                r["prose_ok"] += why is None
            else:
                r["constructs"] += 1
                r["constructs_ok"] += why is None
            if why and page is not None:
                r["construct_failures"].append({"post": src, "kind": c["kind"], "why": why})
        for d in pdiags:
            if d["severity"] == "warning" and d["line"] not in accounted:
                r["other_warnings"] += 1
                r["warnings"].append(f"{d['path']}:{d['line']}:{d['col']}: {d['message']}")
    return r


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def main():
    args = sys.argv[1:]
    binary = os.environ.get("BUILD_SITE", "build-site")
    examples = 3
    json_out = None
    while len(args) > 1 and args[-2].startswith("--"):
        opt, val = args[-2], args[-1]
        args = args[:-2]
        if opt == "--binary":
            binary = val
        elif opt == "--examples":
            examples = int(val)
        elif opt == "--json":
            json_out = val
        else:
            sys.exit(f"unknown option {opt}")
    if len(args) != 1:
        sys.stderr.write(__doc__)
        sys.exit(2)
    root = args[0]
    binary = os.path.abspath(binary) if os.sep in binary else binary
    results = [measure_engine(root, e, binary) for e in ENGINES if os.path.isdir(os.path.join(root, e))]

    if json_out:
        with open(json_out, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)

    hdr = ("profile", "posts", "pages", "formulas", "found", "faithful", "spurious", "TeX-as-text",
           "engine-as-text", "unwarned", "constructs", "reported", "prose-kept", "other-warn", "build")
    rows = []
    for r in results:
        rows.append((r["engine"], r["posts"], r["pages"], r["expected"], r["found"],
                     f"{pct(r['faithful'], r['expected'] + r['spurious']):.1f}%", r["spurious"],
                     r["tex_text"], r["engine_text"], r["unwarned"],
                     f"{r['constructs_ok']}/{r['constructs']}", f"{r['reported_ok']}/{r['reported']}", f"{r['prose_ok']}/{r['prose']}",
                     r["other_warnings"], r["status"]))
    widths = [max(len(str(x)) for x in col) for col in zip(hdr, *rows)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(hdr))
    for row in rows:
        print(line(row))

    for r in results:
        bad = {}
        for c in r["cases"]:
            bad.setdefault("formula: " + c["kind"], []).append(c)
        for c in r["construct_failures"]:
            bad.setdefault("construct: " + c["kind"], []).append(c)
        for c in r["leftovers"]:
            if not c["warned"]:
                bad.setdefault(f"unwarned {c['kind']} as text", []).append(c)
        if r["missing_pages"]:
            bad["page missing (its formulas not typeset, its constructs failed)"] = [
                {"post": m, "text": ""} for m in r["missing_pages"]]
        if r["warnings"]:
            bad["other warnings"] = [{"post": w, "text": ""} for w in r["warnings"]]
        if not bad:
            continue
        print(f"\n{r['engine']}:")
        for kind, items in sorted(bad.items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(items):4d}  {kind}")
            for it in items[:examples]:
                desc = it.get("why") or it.get("text") or ""
                if "expected" in it:
                    desc = f"expected {it['expected']!r} found {it['found']!r}"
                print(f"          {it['post']}: {desc[:160]}")

    tot_exp = sum(r["expected"] + r["spurious"] for r in results)
    tot_ok = sum(r["faithful"] for r in results)
    unwarned = sum(r["unwarned"] for r in results)
    overall = pct(tot_ok, tot_exp)
    ok = overall >= GOAL and unwarned == 0
    print(f"\noverall: {tot_ok}/{tot_exp} formulas faithful ({overall:.2f}%, goal {GOAL:.0f}%), "
          f"{unwarned} unwarned leftovers (goal 0): {'PASS' if ok else 'FAIL'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
