#!/usr/bin/env python3
"""Self-test of the fidelity measurement: does measure.py count what it says it counts?

Usage: selftest.py          (no arguments; exit status 0 when every check holds)

Feeds measure.py's page reader and counters hand-written pages in build-site's markup
(KaTeX spans with their TeX annotation, katex-display, code.math-error, code, figures,
the theme's nav.toc before the body) and checks each figure: a faithful formula, a
display shown inline, TeX that differs, a formula not typeset, a spurious one, an
error; TeX and engine syntax left in the text, not counted inside code or math or
for literal texts, warned only by a warning at a source line holding them; images,
links and reported constructs. Run by scripts/fidelity-benchmark.sh before measuring.
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure as m  # noqa: E402

failures = []


def check(name, got, want):
    if got != want:
        failures.append(f"{name}: got {got!r}, expected {want!r}")


def katex(tex, display=False):
    esc = tex.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    inner = (f'<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow>'
             f'<annotation encoding="application/x-tex">{esc}</annotation></semantics></math></span>'
             f'<span class="katex-html" aria-hidden="true"><span class="base">x</span></span></span>')
    if display:
        return f'<div class="math-display"><span class="katex-display">{inner}</span></div>'
    return inner


def page(body, title="T", toc=""):
    html = (f'<html><body><main><article class="post"><header class="post-header">'
            f'<h1 class="post-title">{title}</h1><div class="post-meta"><time datetime="2017-04-07">7 April'
            f'</time></div></header>{toc}<div class="post-body">{body}</div></article></main>'
            f'<footer><p>Built with <code>build-site</code></p></footer></body></html>')
    p = m.Page()
    p.feed(html)
    p.close()
    return p


def main():
    # formulas
    exp = [{"tex": "p_j", "display": False}, {"tex": "a &< b \\\\ c", "display": True},
           {"tex": "x^2", "display": False}]
    rows, rows2 = katex("a &< b \\\\  c", True), katex("a &< b \\\\ c", True)
    p = page(f"<p>A {katex('p_j')} b</p>{rows}<p>{katex('x^2')}</p>")
    check("three formulas read", [(f["tex"], f["display"], f["error"]) for f in p.formulas],
          [("p_j", False, False), ("a &< b \\\\  c", True, False), ("x^2", False, False)])
    check("all faithful (whitespace runs collapsed)", m.compare_formulas(exp, p.formulas)[:2], (3, 0))

    p = page(f"<p>A {katex('p_j', True)} b</p>{rows2}<p>{katex('x^3')}</p>")
    fa, sp, cases = m.compare_formulas(exp, p.formulas)
    check("display for inline, TeX differs", (fa, sp, sorted(k for k, _, _ in cases)),
          (1, 0, ["TeX differs", "display, expected inline"]))

    p = page(f"<p>{katex('y')} A {katex('p_j')} b</p><p>{katex('x^2')}</p>")
    fa, sp, cases = m.compare_formulas(exp, p.formulas)
    check("one not typeset, one spurious", (fa, sp, sorted(k for k, _, _ in cases)),
          (2, 1, ["not typeset", "spurious formula"]))

    err = ('<div class="math-display"><code class="math-error math-error-display" '
           'title="bad">a &amp;&lt; b \\\\ c</code></div>')
    p = page(f'<p>A {katex("p_j")} b</p>{err}<p>{katex("x^2")}</p>')
    fa, sp, cases = m.compare_formulas(exp, p.formulas)
    check("math-error is an unfaithful formula", (fa, sp, [k for k, _, _ in cases]), (2, 0, ["katex error"]))
    check("math-error is not code", p.codes, [])

    eqn = [{"tex": "\\begin{eqnarray} a &=& b \\end{eqnarray}", "display": True}]
    p = page(katex("\\begin{array}{rcl} a &=& b \\end{array}", True))
    check("eqnarray drawn as array{rcl}", m.compare_formulas(eqn, p.formulas)[0], 1)
    p = page(katex("\\text{n\\_s} = 1"))
    check("\\mbox drawn as \\text", m.compare_formulas([{"tex": "\\mbox{n\\_s} = 1", "display": False}],
                                                       p.formulas)[0], 1)
    check("\\mbox{a} is not \\text{b}", m.compare_formulas([{"tex": "\\mbox{a\\_s} = 1", "display": False}],
                                                            p.formulas)[0], 0)

    # leftovers
    src = ["---", "title: T", "---", "Text {{ page.author }} here.", "Then $\\frac{a}{b}$ raw.",
           "Code `{{ x }}` and `$y$`.", "Costs $5 and $10.", "{% include a.html %}"]
    p = page("<p>Text {{ page.author }} here.</p><p>Then $\\frac{a}{b}$ raw.</p>"
             "<p>Code <code>{{ x }}</code> and <code>$y$</code>.</p><p>Costs $5 and $10.</p>"
             "<p>" + katex("z_1") + " {% include a.html %}</p><pre><code>{% raw %} \\frac{1}{2}</code></pre>")
    diags = [{"severity": "warning", "line": 8, "col": 1, "message": "Liquid tag '{% include %}' is not supported",
              "echo": "{% include a.html %}"},
             {"severity": "warning", "line": 2, "col": 1, "message": "math: something about \\frac", "echo": ""}]
    los = m.leftovers(p.visible(), ["$5 and $10"], diags, src)
    check("leftovers found, none in code or math or literals",
          sorted((lo["kind"], lo["warned"]) for lo in los),
          [("TeX", False), ("engine", False), ("engine", True)])
    check("TeX leftover text", [lo["text"] for lo in los if lo["kind"] == "TeX"], ["Then $\\frac{a}{b}$ raw."])
    los = m.leftovers(p.visible(), [], diags, src)
    check("currency not a literal: counted", sum(lo["kind"] == "TeX" for lo in los), 2)

    # constructs
    with tempfile.TemporaryDirectory() as site:
        os.makedirs(os.path.join(site, "posts", "a", "img"))
        os.makedirs(os.path.join(site, "posts", "other"))
        for f in ("posts/a/img/fig.png", "posts/other/index.html", "posts/a/index.html"):
            open(os.path.join(site, f), "w").close()
        toc = '<nav class="toc"><ul><li><a href="#one">One</a></li></ul></nav>'
        p = page('<h2><a class="anchor" id="one" href="#one">#</a>One</h2>'
                 '<p class="center" id="f1"><img src="img/fig.png" alt="Plot" /></p>'
                 '<figure><img src="img/fig.png" alt="A"><figcaption>Cap</figcaption></figure>'
                 '<p>See <a href="../other/index.html">the next post</a> and <a href="../gone/index.html">'
                 'the last post</a>.</p><pre><code class="language-python">x = 1\n</code></pre>'
                 '<p>Mind <em>this</em>.</p>', title="My Post", toc=toc)
        p.path, p.site = os.path.join(site, "posts", "a", "index.html"), site
        vis = p.visible()
        diags = [{"severity": "warning", "line": 7, "col": 1, "message": "Hugo shortcode '{{< notice >}}' "
                  "is not supported", "echo": ""}]
        cases = [
            ({"kind": "title", "text": "My Post"}, None),
            ({"kind": "date", "value": "2017-04-07"}, None),
            ({"kind": "toc"}, None),
            ({"kind": "img", "src": "/img/fig.png", "alt": "Plot"}, None),     # copied beside the page
            ({"kind": "img", "src": "/img/fig.png", "alt": "Other"}, "no"),
            ({"kind": "figure", "src": "fig.png", "alt": "A", "caption": "Cap"}, None),
            ({"kind": "figure", "src": "fig.png", "alt": "A", "caption": "Other"}, "no"),
            ({"kind": "link", "href": "../other/index.html", "text": "the next post"}, None),
            ({"kind": "link", "href": "../gone/index.html", "text": "the last post"}, "no"),  # no such page
            ({"kind": "code", "lang": "python", "text": "x = 1"}, None),
            ({"kind": "code", "lang": "go", "text": "x = 1"}, "no"),
            ({"kind": "attrs", "want": [["class", "center"], ["id", "f1"]]}, None),
            ({"kind": "attrs", "want": [["class", "wide"]]}, "no"),
            ({"kind": "reported", "construct": "notice", "line": 7, "text": "{{< notice warning >}}",
              "kept": "Mind this."}, None),
            ({"kind": "reported", "construct": "include", "line": 7, "text": "{% include a %}"}, "no"),
            ({"kind": "reported", "construct": "notice", "line": 9, "text": "{{< notice >}}"}, "no"),
            ({"kind": "absent", "text": "title:"}, None),
        ]
        for c, want in cases:
            got = m.check_construct(c, p, diags, vis)
            check(f"construct {c}", "no" if got else None, want)

    if failures:
        print("fidelity selftest: the measurement is wrong:")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("fidelity selftest: the measurement counts as it should")


if __name__ == "__main__":
    main()
