#!/usr/bin/env python3
"""Generate the fidelity benchmark's sites: posts written in each engine's habits (issue 16).

Usage: generate.py SEED OUTDIR [--posts N] [--extras]

Writes one site per engine profile, OUTDIR/ENGINE/content/..., for ENGINE in
jekyll, hugo, hexo, pelican, pandoc and native (a control site written for
build-site itself), N posts each (default 30), and OUTDIR/ENGINE/expected.json
saying what each page should show, following /work/prompts/import-spec.md:

  - formulas: in page order, the TeX the engine would have handed to MathJax
    (after its Markdown escape processing: Hugo, Hexo and Jekyll's single-$ spans
    undo `\\_`, `\\\\`, `\\\\{`...; kramdown's `$$` is verbatim) and whether the
    engine shows it as display or inline (kramdown: `$$` mid-paragraph is inline);
  - constructs: what engine syntax should become (an image with its src and alt,
    a link with its href, a code block with its language and text, a figure, a
    table of contents, a literal text), `removed` for syntax that must vanish
    silently, `reported` for syntax the spec says is warned about (with the line
    of the warning), and the page's title and date;
  - literals: texts that must stay as written (currency, `{% raw %}` content,
    pandoc's `$ x $`), which the measurement does not count as leftovers.

Formulas come from a pool of ML/calculus TeX (sigmoid and softmax derivatives,
cross-entropy, chain rules, matrices, aligned derivations, cases) with letters,
indices and constants drawn per use, so most are distinct. Some math and engine
syntax is placed inside code spans and blocks, where it must stay code.

--extras adds MathJax habits outside the import spec (\\DeclareMathOperator inside a formula,
\\bbox, \\unicode, \\class, \\style, \\intertext), to see what else an imported blog would lose.

Deterministic: the same SEED, N and --extras give byte-identical files.
"""

import json
import os
import random
import re
import sys

ENGINES = ["jekyll", "hugo", "hexo", "pelican", "pandoc", "native"]

VARS = ["z", "u", "v", "s", "t", "x", "r", "q"]
IDX = ["i", "j", "k", "m"]
LOSS = ["L", "J", "E", "\\ell", "\\mathcal{L}"]
WEIGHT = ["w", "\\theta", "\\beta", "W"]
CONST = ["0.01", "0.1", "0.5", "2", "3", "10", "0.001", "1.5"]
NS = ["N", "n", "K", "M", "B"]

# Inline formulas: canonical TeX (what MathJax gets); @v variable, @i/@j indices,
# @L loss, @w weight, @c constant, @n count. No formula starts with a digit.
INLINE = [
    r"\sigma(@v) = \frac{1}{1 + e^{-@v}}",
    r"\sigma'(@v) = \sigma(@v)\,(1 - \sigma(@v))",
    r"p_{@i} = \frac{e^{z_{@i}}}{\sum_{@j} e^{z_{@j}}}",
    r"\frac{\partial @L}{\partial z_{@i}} = p_{@i} - y_{@i}",
    r"@L = -\sum_{@i=1}^{@n} y_{@i} \log p_{@i}",
    r"\|@w\|_2^2 = \sum_{@i} @w_{@i}^2",
    r"\{x_{1}, \dots, x_{@n}\}",
    r"\tanh'(@v) = 1 - \tanh^2(@v)",
    r"@w_{t+1} = @w_{t} - \eta\, \nabla_{@w} @L",
    r"@w^{*} = \arg\min_{@w} @L(@w)",
    r"\text{learning\_rate} = @c",
    r"\mathrm{ReLU}(@v) = \max(0, @v)",
    r"f'(@v) \approx \frac{f(@v + h) - f(@v - h)}{2h}",
    r"\hat{y} = @w^\top x + b",
    r"a_{@i}^{(l)} = \phi\left(z_{@i}^{(l)}\right)",
    r"\delta_{@i@j}",
    r"@L = \frac{1}{2}(y - \hat{y})^2",
    r"\frac{d}{d@v} e^{@v} = e^{@v}",
    r"x \in \mathbb{R}^{@n}",
    r"\#\text{params} = @n",
    r"p = @c\%",
    r"\log \sigma(@v) + \log(1 - \sigma(@v))",
    r"\nabla_{@w} \|@w\|^2 = 2@w",
    r"y_{@i} \in \{0, 1\}",
    r"\eta = @c",
    r"\operatorname{softplus}(@v) = \log(1 + e^{@v})",
    r"\mathbb{E}[@L] = \sum_{@i} p_{@i}\, @L_{@i}",
    r"\int_0^1 \! f(@v)\, d@v",
    r"\text{R\&D} = @c",
    r"\text{cost} = \$@c",
    r"a \;\le\; b_{@i}",
    r"\mathrm{max\_iter} = @d",
    r"\operatorname{log\_softmax}(z)_{@i}",
    r"\texttt{lr\_decay} = @c",
    r"\mbox{n\_samples} = @n",
    r"\textrm{batch\_size} = @d",
]

# Display formulas (rows separated by \\).
DISPLAY = [
    "\\begin{aligned}\n\\sigma'(@v) &= \\frac{e^{-@v}}{(1 + e^{-@v})^2} \\\\\n"
    "&= \\frac{1}{1 + e^{-@v}} \\cdot \\frac{e^{-@v}}{1 + e^{-@v}} \\\\\n"
    "&= \\sigma(@v)\\,(1 - \\sigma(@v))\n\\end{aligned}",
    r"\mathrm{ReLU}'(@v) = \begin{cases} 1 & \text{if } @v > 0 \\ 0 & \text{if } @v < 0 \end{cases}",
    r"W = \begin{bmatrix} w_{11} & w_{12} \\ w_{21} & w_{22} \end{bmatrix}",
    r"\frac{\partial @L}{\partial @w} = \frac{\partial @L}{\partial \hat{y}} \cdot \frac{\partial \hat{y}}{\partial z} \cdot \frac{\partial z}{\partial @w}",
    r"@L(y, \hat{y}) = -\left[ y \log \hat{y} + (1 - y) \log (1 - \hat{y}) \right]",
    r"\frac{\partial p_{@i}}{\partial z_{@j}} = p_{@i}\,(\delta_{@i@j} - p_{@j})",
    r"\nabla_{W} @L = \frac{1}{@n} \sum_{k=1}^{@n} (\hat{y}_{k} - y_{k})\, x_{k}^\top",
    r"S = \left\{ @v \in \mathbb{R} : \sigma(@v) > \tfrac{1}{2} \right\}",
    r"\|\nabla @L\|_2 \le \epsilon",
    "\\begin{aligned}\n@L &= \\frac{1}{@n}\\sum_{@i} (y_{@i} - \\hat{y}_{@i})^2 \\\\\n"
    "\\frac{\\partial @L}{\\partial \\hat{y}_{@i}} &= -\\frac{2}{@n}\\,(y_{@i} - \\hat{y}_{@i})\n\\end{aligned}",
    r"\begin{aligned} @L &= -\log p_{y} \\ &= -z_{y} + \log \sum_{@j} e^{z_{@j}} \end{aligned}",
    r"\frac{\partial}{\partial @v} \log(1 + e^{@v}) = \frac{e^{@v}}{1 + e^{@v}} = \sigma(@v)",
    r"J = \begin{pmatrix} \frac{\partial f_1}{\partial x_1} & \frac{\partial f_1}{\partial x_2} \\ \frac{\partial f_2}{\partial x_1} & \frac{\partial f_2}{\partial x_2} \end{pmatrix}",
    "\\begin{align*}\nh &= W x + b \\\\\n\\hat{y} &= \\sigma(h)\n\\end{align*}",
    r"\frac{d}{d@v}\left[ f(g(@v)) \right] = f'(g(@v))\; g'(@v)",
]

# With --extras: MathJax habits outside the import spec (its macros KaTeX lacks), one formula in
# every third post, inline or display as written; off by default.
EXTRAS_INLINE = [r"\DeclareMathOperator*{\argmax}{arg\,max} \argmax_{@v} f(@v)",
                 r"\bbox[yellow]{@L = @c}", r"\unicode{x2713}\; \text{checked}",
                 r"\class{hl}{@w_{@i}} = @c", r"\style{color:red}{@v^2}"]
EXTRAS_DISPLAY = [r"\begin{align*} @L &= \sum_{@i} \ell_{@i} \intertext{and so} \nabla @L &= \sum_{@i} \nabla \ell_{@i} \end{align*}"]

# Formulas whose contents survive any Markdown (for shortcode bodies): no escapes.
PLAIN_INLINE = [r"x^2 + y^2", r"\frac{a}{b}", r"e^{i\pi} + 1 = 0", r"\sqrt{2}", r"\sum_{k} a_{k}",
                r"\alpha + \beta", r"\nabla f(x)", r"\int_0^1 x\, dx"]
PLAIN_DISPLAY = [r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}", r"\int_{-\infty}^{\infty} e^{-x^2} dx = \sqrt{\pi}",
                 r"\frac{\partial f}{\partial x} = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}",
                 r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}} e^{-\frac{(x-\mu)^2}{2\sigma^2}}"]

SENTENCES = [
    "The derivation below is short, and every step in it can be checked by hand.",
    "This is the identity most courses state without proof.",
    "Keep this form in mind; the next section reuses it.",
    "Nothing here depends on the batch size.",
    "We write it out in full once, then abbreviate.",
    "The same pattern shows up in every layer of the network.",
    "It is worth pausing on why this holds.",
    "Numerically the two forms differ only in rounding.",
    "The gradient has a particularly simple shape here.",
    "Most implementations compute this in log space.",
]
TOPICS = ["sigmoid", "softmax", "cross-entropy", "chain-rule", "jacobian", "relu", "tanh",
          "gradient-descent", "weight-decay", "softplus", "backprop", "momentum", "layer-norm",
          "dropout", "attention", "logits", "entropy", "mse", "hinge", "adam"]
HEADINGS = ["The function", "Differentiating", "A second route", "In matrix form", "Numerics",
            "Why it matters", "Putting it together", "Notes", "The loss", "The gradient"]
LANGS = ["python", "swift", "julia", "c", "rust"]


# Tails a post adds after a formula ("..., for i = 1, ..., n"), so that most uses differ.
TAILS = [r",\quad @i = 1, \dots, @n", r"\quad (@v \in \mathbb{R})", r"\;\text{for all } @v",
         r", \qquad @n = @d", r"\quad\text{(step @d)}", r" + \lambda \|@w\|^2", r"\,, \; t = @d"]


def fill(tex, rng, tail=0.0):
    """Draws the letters of one use of a pool formula, and with probability `tail` a tail."""
    if rng.random() < tail and "\\\\" not in tex:   # not after a row break
        tex += rng.choice(TAILS)
    i, j = rng.sample(IDX, 2)
    rep = {"@v": rng.choice(VARS), "@i": i, "@j": j, "@L": rng.choice(LOSS),
           "@w": rng.choice(WEIGHT), "@c": rng.choice(CONST), "@n": rng.choice(NS),
           "@d": str(rng.randint(1, 99))}
    return re.sub(r"@[vijLwcnd]", lambda m: rep[m.group()], tex)


ESCAPED_PUNCT = set("{}|,;!#%&$")
TEXT_CMDS = ("\\text{", "\\textrm{", "\\texttt{", "\\mathrm{", "\\operatorname{", "\\mbox{")


def md_escape(tex, rng, kramdown=False):
    """The source a Hugo/Hexo/Jekyll author wrote so that Markdown hands `tex` to MathJax.

    Backslash-punctuation doubles (`\\\\` row breaks become `\\\\\\\\`, `\\{` becomes
    `\\\\{`); `_` and `*` are escaped most of the time (either form gives the same TeX).
    kramdown leaves `\\,` `\\;` `\\%` `\\&` alone, so for Jekyll those are doubled only
    sometimes. `\\_` inside \\text{...} is left as it is (the spec keeps it)."""
    out = []
    i = 0
    while i < len(tex):
        c = tex[i]
        if c == "\\" and i + 1 < len(tex):
            d = tex[i + 1]
            if d == "\\":
                out.append("\\\\\\\\")
                i += 2
                continue
            if d in ESCAPED_PUNCT:
                if kramdown and d in ",;%&" and rng.random() < 0.5:
                    out.append("\\" + d)
                else:
                    out.append("\\\\" + d)
                i += 2
                continue
            if d.isalpha():
                name = re.match(r"[A-Za-z]+", tex[i + 1:]).group()
                out.append("\\" + name)
                i += 1 + len(name)
                continue
            out.append(c + d)
            i += 2
            continue
        if c == "_" and rng.random() < 0.6:
            out.append("\\_")
        elif c == "*" and rng.random() < 0.7:
            out.append("\\*")
        else:
            out.append(c)
        i += 1
    return "".join(out)


class Post:
    def __init__(self, engine, slug, path):
        self.engine = engine
        self.slug = slug
        self.path = path          # relative to the site folder, e.g. content/_posts/x.md
        self.formulas = []
        self.constructs = []
        self.literals = []
        self.blocks = []          # Markdown blocks of the body, joined by blank lines
        self.header = ""          # front matter / header text, ending with a newline

    def math(self, tex, display):
        self.formulas.append({"tex": tex, "display": display})

    def construct(self, **kw):
        self.constructs.append(kw)

    def text(self):
        return self.header + "\n\n".join(self.blocks) + "\n"


class Writer:
    """Writes the posts of one engine; subclasses hold each engine's habits."""
    engine = "native"
    escapes = False       # does Markdown run over this engine's math?
    kramdown = False
    spaced_dollars = False

    def __init__(self, rng, n, extras=False):
        self.rng = rng
        self.n = n
        self.extras = extras
        self.posts = []

    # -- helpers --------------------------------------------------------------
    def slugs(self):
        out = []
        for k in range(self.n):
            t = TOPICS[k % len(TOPICS)]
            out.append(f"{t}-{k + 1:02d}" if k >= len(TOPICS) else t)
        return out

    def date(self, k):
        return f"20{16 + k % 8:02d}-{1 + k % 12:02d}-{1 + (k * 7) % 28:02d}"

    def sentence(self):
        return self.rng.choice(SENTENCES)

    def title_of(self, slug):
        return "Notes on " + slug.replace("-", " ")

    def src(self, tex):
        return md_escape(tex, self.rng, self.kramdown) if self.escapes else tex

    def inline(self, p, pool=INLINE):
        tex = fill(self.rng.choice(pool), self.rng, 0.6 if pool is INLINE else 0.0)
        p.math(tex, False)
        if self.spaced_dollars and self.rng.random() < 0.15:
            return f"$ {self.src(tex)} $"
        return f"${self.src(tex)}$"

    def display_block(self, p, pool=DISPLAY):
        tex = fill(self.rng.choice(pool), self.rng, 0.5)
        p.math(tex, True)
        s = tex if self.kramdown else self.src(tex)   # kramdown's own $$ is verbatim
        if "\n" in s or self.rng.random() < 0.4:
            return f"$$\n{s}\n$$"
        return f"$${s}$$"

    def paragraph(self, p, k=None):
        k = self.rng.randint(1, 3) if k is None else k
        parts = [self.sentence()]
        for j in range(k):
            part = f"{'Here' if j == 0 else 'and'} {self.inline(p)} holds"
            if self.rng.random() < 0.15:   # math inside emphasis
                part = f"*{part}*" if self.rng.random() < 0.5 else f"**{part}**"
            parts.append(part + ",")
        last = self.sentence()
        parts.append("so " + last[0].lower() + last[1:])
        p.construct(kind="prose", text=parts[-1])   # the text around the math survives
        return " ".join(parts)

    def code_cases(self, p):
        """Math and engine syntax in code, which must stay code (any engine)."""
        r = self.rng
        v = r.choice(VARS)
        span = f"${v}_1 + {v}_2$"
        p.construct(kind="codespan", text=span)
        p.blocks.append(f"Type it as `{span}` in the source; {self.sentence().lower()}")
        lang = r.choice(LANGS)
        body = f"# the derivative: $\\sigma'({v}) = \\sigma({v})(1 - \\sigma({v}))$\nd = s * (1 - s)  # {{{{ not.liquid }}}}"
        p.construct(kind="code", lang=lang, text=body)
        p.blocks.append(f"```{lang}\n{body}\n```")

    def currency(self, p):
        a, b = self.rng.choice([(5, 10), (3, 20), (12, 40)])
        lit = f"${a} and ${b}"
        p.literals.append(lit)
        p.construct(kind="literal", text=lit)
        p.blocks.append(f"A GPU hour costs between {lit} depending on the provider.")

    def heading(self, p, level=2):
        h = self.rng.choice(HEADINGS)
        p.blocks.append("#" * level + " " + h)
        return h

    def body(self, p, k):
        """The common body: sections of prose, inline and display math."""
        r = self.rng
        for s in range(r.randint(2, 3)):
            if s == 1 and k % 4 == 2:   # math in a heading (never in a post with a TOC)
                v = r.choice(VARS)
                tex = f"\\sigma'({v})"
                p.math(tex, False)
                p.blocks.append(f"## Deriving ${self.src(tex)}$")
            else:
                self.heading(p)
            p.blocks.append(self.paragraph(p))
            p.blocks.append(self.display_block(p))
            if r.random() < 0.5:
                p.blocks.append(self.paragraph(p, 1))
        if k % 2 == 1:
            items = [f"- {r.choice(['for one sample', 'in the limit', 'at the optimum'])}, "
                     f"{self.inline(p)}" for _ in range(r.randint(2, 3))]
            p.blocks.append("\n".join(items))
        if k % 7 == 0:   # a table with math in its cells
            rows = ["| function | derivative |", "|---|---|"]
            pool = [t for t in INLINE if "|" not in t]
            for _ in range(2):
                rows.append(f"| {self.inline(p, pool)} | {self.inline(p, pool)} |")
            p.blocks.append("\n".join(rows))
        if k % 6 == 3:   # a quotation holding display and inline math
            d = self.display_block(p)
            p.blocks.append("> " + self.sentence() + "\n>\n" + "\n".join("> " + l for l in d.split("\n"))
                            + f"\n>\n> In words, ({self.inline(p)}).")
        if k % 3 == 0:
            self.code_cases(p)
        if k % 5 == 1:
            self.currency(p)
        if self.extras and k % 3 == 2:
            if r.random() < 0.7:
                p.blocks.append(f"{self.sentence()} MathJax also takes {self.inline(p, EXTRAS_INLINE)}.")
            else:
                p.blocks.append(self.display_block(p, EXTRAS_DISPLAY))

    def bare_env(self, p):
        """A bare \\begin{aligned} or eqnarray outside any delimiter: display in all profiles."""
        r = self.rng
        v = r.choice(VARS)
        if r.random() < 0.6:
            tex = f"\\begin{{aligned}}\nf({v}) &= {v}^2 + 1 \\\\\nf'({v}) &= 2{v}\n\\end{{aligned}}"
        else:
            star = "*" if r.random() < 0.5 else ""
            tex = f"\\begin{{eqnarray{star}}}\ny &=& {v}^2 \\\\\ny' &=& 2{v}\n\\end{{eqnarray{star}}}"
        p.math(tex, True)
        p.blocks.append(self.src(tex))

    def unbraced(self, p):
        """x^\\vec{v}: MathJax takes it, KaTeX needs the braces the spec adds."""
        r = self.rng
        cmd = r.choice(["\\vec", "\\mathbf", "\\hat"])
        base = r.choice(["x", "e", "a"])
        arg = r.choice(["v", "w", "u"])
        op = r.choice(["^", "_"])
        p.math(f"{base}{op}{{{cmd}{{{arg}}}}} + 1", False)
        src = f"{base}{op}{cmd}{{{arg}}} + 1"
        p.blocks.append(f"With the shorthand ${src}$ the indices disappear.")

    def require_cancel(self, p):
        v = self.rng.choice(VARS)
        tex = f"\\frac{{\\cancel{{{v}}}\\, a}}{{\\cancel{{{v}}}}} = a"
        p.math(tex, False)
        p.blocks.append(f"The factor cancels: $\\require{{cancel}}{self.src(tex)}$.")

    def cjk(self, p):
        v = self.rng.choice(VARS)
        tex = f"\\text{{损失}} = ({v} - y)^2"
        p.math(tex, False)
        p.blocks.append(f"In the Chinese edition it reads ${self.src(tex)}$.")

    # -- per post -------------------------------------------------------------
    def write(self):
        slugs = self.slugs()
        for k, slug in enumerate(slugs):
            p = self.make_post(k, slug, slugs)
            self.posts.append(p)
        return self.posts

    def make_post(self, k, slug, slugs):
        raise NotImplementedError


def img_name(k):
    return f"fig-{k + 1:02d}.png"


class Jekyll(Writer):
    engine = "jekyll"
    escapes = True
    kramdown = True
    spaced_dollars = True

    def fname(self, k, slug):
        return f"{self.date(k)}-{slug}"

    @staticmethod
    def in_posts(k):
        """Every tenth post lives outside _posts/, read as Jekyll's for its layout: key."""
        return k % 10 != 9

    def make_post(self, k, slug, slugs):
        r = self.rng
        if self.in_posts(k):
            p = Post("jekyll", slug, f"content/_posts/{self.fname(k, slug)}.md")
        else:
            p = Post("jekyll", slug, f"content/{slug}.md")
        titled = k % 2 == 0 or not self.in_posts(k)
        title = self.title_of(slug)
        fm = ["---", "layout: post"]
        if not self.in_posts(k):
            fm.append(f"date: {self.date(k)} 10:30:00 +0200")
        if titled:
            fm.append(f'{"name" if k % 6 == 4 else "title"}: "{title}"')
        else:
            title = " ".join(w.capitalize() for w in slug.split("-"))
        if k % 4 == 1:
            fm.append("tags: [calculus, ml]")
        fm.append("---")
        p.header = "\n".join(fm) + "\n"
        p.construct(kind="title", text=title)
        p.construct(kind="date", value=self.date(k))
        if k % 4 == 0:
            p.blocks.append("* TOC\n{:toc}")
            p.construct(kind="toc")
            p.construct(kind="absent", text="TOC")
        p.blocks.append(self.paragraph(p))
        # kramdown's $$: display alone, inline within a paragraph
        tex = fill(r.choice(INLINE), r, 0.6)
        p.math(tex, False)
        p.blocks.append(f"{self.sentence()} In kramdown $${tex}$$ sits in the line of text.")
        if k % 3 == 2:
            tex = fill(r.choice(INLINE), r, 0.6)
            p.math(tex, False)
            p.blocks.append(f"{self.sentence()} With no blank line before it,\n$${tex}$$\nis inline for kramdown.")
        if k % 3 == 0:   # opens the paragraph but text follows it: inline too
            tex = fill(r.choice(INLINE), r, 0.6)
            p.math(tex, False)
            p.blocks.append(f"$${tex}$$\nis inline as well, since text follows it in the paragraph.")
        self.body(p, k)
        # \\( \\) and \\[ \\]
        tex = fill(r.choice(INLINE), r, 0.6)
        p.math(tex, False)
        p.blocks.append(f"Older posts wrote \\\\({self.src(tex)}\\\\) instead.")
        if k % 2 == 1:
            tex = fill(r.choice(DISPLAY), r, 0.5)
            p.math(tex, True)
            p.blocks.append(f"\\\\[{self.src(tex)}\\\\]")
        # Liquid image and kramdown attribute list
        alt = f"Plot {k + 1}"
        prefix = "{{ site.url }}{{ site.baseurl }}" if k % 5 == 3 else "{{ site.baseurl }}"
        ial = f'{{: #fig-{k + 1} .wide data-zoom="1"}}' if k % 4 == 1 else "{: .center}"
        p.blocks.append(f"![{alt}]({prefix}/img/{img_name(k)})\n{ial}")
        p.construct(kind="img", src=f"/img/{img_name(k)}", alt=alt)
        p.construct(kind="removed", text=ial)
        if k % 4 == 1:
            p.construct(kind="attrs", want=[["id", f"fig-{k + 1}"], ["class", "wide"], ["data-zoom", "1"]])
        else:
            p.construct(kind="attrs", want=[["class", "center"]])
        # post_url / link
        other = (k + 1) % len(slugs)
        while not self.in_posts(other):
            other = (other + 1) % len(slugs)
        if k % 4 == 2:   # a reference-style link
            p.blocks.append(f"See [the next post][next] for more.\n\n[next]: {{% post_url {self.fname(other, slugs[other])} %}}")
        elif k % 2 == 0:
            p.blocks.append(f"See [the next post]({{% post_url {self.fname(other, slugs[other])} %}}) for more.")
        else:
            p.blocks.append(f"See [the next post]({{% link _posts/{self.fname(other, slugs[other])}.md %}}) for more.")
        p.construct(kind="link", href=f"../{slugs[other]}/index.html", text="the next post")
        if k % 3 == 1:
            lang = r.choice(LANGS)
            body = f"def grad(s):\n    # $\\sigma'(z)$, not math here\n    return s * (1 - s)"
            opt = " linenos" if k % 6 == 4 else ""
            p.blocks.append(f"{{% highlight {lang}{opt} %}}\n{body}\n{{% endhighlight %}}")
            p.construct(kind="code", lang=lang, text=body)
        if k % 5 == 2:
            lit = "{{ page.title }}"
            p.blocks.append(f"The template prints {{% raw %}}{lit}{{% endraw %}} in the header.")
            p.literals.append(lit)
            p.construct(kind="literal", text=lit)
        if k % 4 == 3:
            name = f"note-{k + 1}.html"
            p.blocks.append(f"Before the include. {{% include {name} %}} After the include.")
            p.construct(kind="prose", text=" After the include.")
            p.construct(kind="reported", construct="include", text=f"{{% include {name} %}}")
        if k % 6 == 5:
            p.blocks.append("Written by {{ page.author }} for the course.")
            p.construct(kind="prose", text=" for the course.")
            p.construct(kind="reported", construct="page.author", text="{{ page.author }}")
        if k % 6 == 1:   # whitespace control, and a filter
            p.blocks.append("{%- include footer.html -%}")
            p.construct(kind="reported", construct="include", text="{%- include footer.html -%}")
            p.blocks.append('First published in {{ page.date | date: "%Y" }}.')
            p.construct(kind="reported", construct="page.date", text='{{ page.date | date: "%Y" }}')
        if k % 5 == 0:   # raw HTML with Liquid in it
            alt2 = f"Diagram {k + 1}"
            p.blocks.append(f'<p class="diagram"><img src="{{{{ site.baseurl }}}}/img/{img_name(k)}" alt="{alt2}"></p>')
            p.construct(kind="img", src=f"/img/{img_name(k)}", alt=alt2)
        if k % 7 == 3:
            span = "{{ site.baseurl }}/img/a.png"
            p.blocks.append(f"Images are linked as `{span}` in the source.")
            p.construct(kind="codespan", text=span)
        if k % 5 == 4:
            self.unbraced(p)
        if k % 6 == 2:
            self.cjk(p)
        if k % 7 == 6:
            self.require_cancel(p)
        if k % 4 == 2:
            tex = r"x \in \R^{" + r.choice(NS) + r"}, \norm{x} \le 1"
            p.math(tex, False)
            p.blocks.append(f"The inputs live in ${tex}$ (a site macro).")
        return p


class Hugo(Writer):
    engine = "hugo"
    escapes = True
    spaced_dollars = True
    raw_display = False

    def display_block(self, p, pool=DISPLAY):
        """Posts for Hugo's passthrough extension (k % 4 == 2) write display TeX raw."""
        if not self.raw_display:
            return super().display_block(p, pool)
        tex = fill(self.rng.choice(pool), self.rng, 0.5)
        p.math(tex, True)
        return f"$$\n{tex}\n$$"

    def make_post(self, k, slug, slugs):
        r = self.rng
        p = Post("hugo", slug, f"content/posts/{slug}.md")
        self.raw_display = k % 4 == 2
        title = self.title_of(slug)
        fm = ["+++", f'title = "{title}"']
        if k % 6 == 3:
            fm.append(f"date = {self.date(k)}T10:00:00+01:00")
        elif k % 3 == 0:
            fm.append(f"date = {self.date(k)}T10:00:00Z")
        else:
            fm.append(f"date = {self.date(k)}")
        if k % 2 == 0:
            fm.append('tags = ["calculus", "ml"]')
        if k % 5 == 0:
            fm.append("draft = false")
        fm.append("+++")
        p.header = "\n".join(fm) + "\n"
        p.construct(kind="title", text=title)
        p.construct(kind="date", value=self.date(k))
        p.blocks.append(self.paragraph(p))
        self.body(p, k)
        # aligned with \\\\ row breaks inside $$ (body covers most, make sure of one)
        tex = fill(DISPLAY[0], r)
        p.math(tex, True)
        p.blocks.append(f"$$\n{tex if self.raw_display else self.src(tex)}\n$$")
        if k % 2 == 0:
            self.bare_env(p)
        # figure
        alt, cap = f"Plot {k + 1}", f"The curve for case {k + 1}"
        if k % 6 == 5:   # no spaces inside the delimiters
            p.blocks.append(f'{{{{<figure src="{img_name(k)}" alt="{alt}" caption="{cap}">}}}}')
        elif k % 3 == 0:
            p.blocks.append(f'{{{{< figure src="{img_name(k)}" caption="{cap}" alt="{alt}" >}}}}')
        else:
            p.blocks.append(f'{{{{< figure src="{img_name(k)}" alt="{alt}" caption="{cap}" >}}}}')
        p.construct(kind="figure", src=img_name(k), alt=alt, caption=cap)
        # katex shortcodes
        tex = r.choice(PLAIN_INLINE)
        p.math(tex, False)
        p.blocks.append(f"The theme's shortcode gives {{{{< katex >}}}}{tex}{{{{< /katex >}}}} inline.")
        if k % 2 == 0:
            tex = r.choice(PLAIN_DISPLAY)
            p.math(tex, True)
            p.blocks.append(f"{{{{< katex display >}}}}\n{tex}\n{{{{< /katex >}}}}")
        else:
            tex = r.choice(PLAIN_DISPLAY)
            p.math(tex, True)
            p.blocks.append(f"{{{{< math >}}}}\n{tex}\n{{{{< /math >}}}}")
        # highlight
        lang = r.choice(LANGS)
        body = "func grad(_ s: Double) -> Double {\n    return s * (1 - s) // $\\sigma'$\n}"
        pct = k % 4 == 1
        o, c = ("{{%", "%}}") if pct else ("{{<", ">}}")
        p.blocks.append(f"{o} highlight {lang} {c}\n{body}\n{o} /highlight {c}")
        p.construct(kind="code", lang=lang, text=body)
        # ref / relref
        other = slugs[(k + 1) % len(slugs)]
        if k % 5 == 4:   # the path from the content folder, as Hugo's docs write it
            p.blocks.append(f'See [the next post]({{{{< ref "posts/{other}.md" >}}}}).')
        elif k % 2 == 0:
            p.blocks.append(f'See [the next post]({{{{< relref "{other}" >}}}}).')
        else:
            p.blocks.append(f'See [the next post]({{{{< ref "{other}.md" >}}}}).')
        p.construct(kind="link", href=f"../{other}/index.html", text="the next post")
        # unknown shortcode: warned, tags removed, content kept
        if k % 3 == 2:
            inner = f"Mind the sign in case {k + 1}."
            o, c = ("{{%", "%}}") if k % 6 == 5 else ("{{<", ">}}")
            p.blocks.append(f"{o} notice warning {c}\n{inner}\n{o} /notice {c}")
            p.construct(kind="reported", construct="notice", text=f"{o} notice warning {c}", kept=inner)
        if k % 7 == 4:
            span = '{{< figure src="x.png" >}}'
            p.blocks.append(f"Write `{span}` to insert a figure.")
            p.construct(kind="codespan", text=span)
        if k % 5 == 3:
            self.unbraced(p)
        if k % 4 == 3:
            self.cjk(p)
        if k % 6 == 1:
            tex = r"\L(\theta) = \tr(\theta^\top \theta) + \norm{\vec{w}}^2"
            p.math(tex, False)
            p.blocks.append(f"With the site's macros, ${self.src(tex)}$.")
        return p


class Hexo(Writer):
    engine = "hexo"
    escapes = True
    spaced_dollars = True

    def make_post(self, k, slug, slugs):
        r = self.rng
        dated = k % 5 == 4   # new_post_name: :year-:month-:day-:title.md, no date: in the front matter
        name = f"{self.date(k)}-{slug}" if dated else slug
        p = Post("hexo", slug, f"content/_posts/{name}.md")
        title = self.title_of(slug)
        fm = [f"title: {title}"] + ([] if dated else [f"date: {self.date(k)} 10:00:00"])
        if k % 2 == 0:
            fm.append("tags:\n- calculus\n- ml")
        if k % 3 == 1:   # Hexo accepts front matter with no opening ---
            p.header = "\n".join(fm) + "\n---\n"
            p.construct(kind="absent", text=f"title: {title}")
        else:
            p.header = "---\n" + "\n".join(fm) + "\n---\n"
        p.construct(kind="title", text=title)
        p.construct(kind="date", value=self.date(k))
        p.blocks.append(self.paragraph(p))
        self.body(p, k)
        if k % 3 == 0:
            self.bare_env(p)
        cap = f"Loss curve {k + 1}"
        p.blocks.append(f"{{% asset_img {img_name(k)} {cap} %}}")
        p.construct(kind="img", src=img_name(k), alt=cap)
        lang = r.choice(LANGS)
        body = "def softmax(z):\n    e = np.exp(z - z.max())  # $e^{z_i}$\n    return e / e.sum()"
        if k % 4 == 3:
            p.blocks.append(f"{{% codeblock %}}\n{body}\n{{% endcodeblock %}}")
            p.construct(kind="code", lang=None, text=body)
        else:
            p.blocks.append(f"{{% codeblock lang:{lang} %}}\n{body}\n{{% endcodeblock %}}")
            p.construct(kind="code", lang=lang, text=body)
        if k % 4 == 2:
            vid = f"dQw4w9WgXc{k % 10}"
            p.blocks.append(f"{{% youtube {vid} %}}")
            p.construct(kind="reported", construct="youtube", text=f"{{% youtube {vid} %}}")
        if k % 5 == 0:
            lit = "{{ config.url }}"
            p.blocks.append(f"The theme prints {{% raw %}}{lit}{{% endraw %}} there.")
            p.literals.append(lit)
            p.construct(kind="literal", text=lit)
        if k % 6 == 3:
            self.require_cancel(p)
        if k % 5 == 2:
            self.unbraced(p)
        return p


class Pelican(Writer):
    engine = "pelican"
    spaced_dollars = True

    def make_post(self, k, slug, slugs):
        p = Post("pelican", slug, f"content/{k + 1:02d}-{slug}-article.md")
        title = self.title_of(slug)
        hd = [f"Title: {title}", f"Date: {self.date(k)}" + (" 10:20" if k % 3 == 0 else "")]
        if k % 2 == 0:
            hd.append("Tags: calculus, ml")
        hd.append(f"Slug: {slug}")
        if k % 3 == 1:
            hd.append("Summary: A derivation, step by step.")
        if k % 2 == 1:   # other Pelican metadata: still header lines up to the blank line
            hd[1:1] = ["Category: Machine learning", "Authors: A. Author"]
            p.construct(kind="absent", text="Category:")
        p.header = "\n".join(hd) + "\n\n"
        p.construct(kind="absent", text="Slug:")
        p.construct(kind="title", text=title)
        p.construct(kind="date", value=self.date(k))
        p.blocks.append(self.paragraph(p))
        self.body(p, k)
        if k % 3 == 2:
            self.bare_env(p)
        if k % 4 == 1:
            self.unbraced(p)
        return p


class Pandoc(Writer):
    engine = "pandoc"

    def make_post(self, k, slug, slugs):
        r = self.rng
        p = Post("pandoc", slug, f"content/{slug}.md")
        title = self.title_of(slug)
        p.header = f"% {title}\n% A. Author\n% {self.date(k)}\n\n"
        p.construct(kind="absent", text="A. Author")
        p.construct(kind="title", text=title)
        p.construct(kind="date", value=self.date(k))
        p.blocks.append(self.paragraph(p))
        self.body(p, k)
        # pandoc shows $$ as display math wherever it is
        tex = fill(r.choice(PLAIN_DISPLAY), r)
        p.math(tex, True)
        p.blocks.append(f"{self.sentence()} In pandoc $${tex}$$ is display math even mid-paragraph.")
        if k % 3 == 0:
            lit = "$ x $"
            p.blocks.append(f"A dollar with a space after it, {lit}, is not math for pandoc.")
            p.literals.append(lit)
            p.construct(kind="literal", text=lit)
        if k % 3 == 1:
            self.bare_env(p)
        if k % 5 == 2:
            self.unbraced(p)
        return p


class Native(Writer):
    engine = "native"

    def make_post(self, k, slug, slugs):
        r = self.rng
        bare = k % 4 == 3
        if bare:   # no front matter: the title from the heading; the native rules keep the dated name as the slug
            p = Post("native", f"{self.date(k)}-{slug}", f"content/{self.date(k)}-{slug}.md")
            title = "Working through " + slug.replace("-", " ")
            p.blocks.append(f"# {title}")
        else:
            p = Post("native", slug, f"content/{slug}.md")
            title = self.title_of(slug)
            # a post brought over from Hugo, its profile chosen in its front matter (wins over the site's)
            over = "compatibility: hugo\n" if k % 10 == 7 else ""
            p.header = f'---\ntitle: "{title}"\ndate: {self.date(k)}\ntags: [calculus]\n{over}---\n'
        self.escapes = k % 10 == 7 and not bare
        p.construct(kind="title", text=title)
        if not bare:
            p.construct(kind="date", value=self.date(k))
        p.blocks.append(self.paragraph(p))
        self.body(p, k)
        if self.escapes:
            alt, cap = f"Plot {k + 1}", f"Brought over from Hugo, case {k + 1}"
            p.blocks.append(f'{{{{< figure src="{img_name(k)}" alt="{alt}" caption="{cap}" >}}}}')
            p.construct(kind="figure", src=img_name(k), alt=alt, caption=cap)
            self.escapes = False
        if k % 3 == 1:
            self.bare_env(p)
        if k % 5 == 0:   # a $ alone on a line opens display math
            v = r.choice(VARS)
            tex = f"\\operatorname{{sgn}}({v}) = \\begin{{cases}}\n1 & {v} > 0 \\\\\n-1 & {v} < 0\n\\end{{cases}}"
            p.math(tex, True)
            p.blocks.append(f"$\n{tex}$")
        if k % 3 == 2 and not (k % 10 == 7 and not bare):   # spaced dollars: not math for build-site itself
            lit = "$ y $"
            p.blocks.append(f"Spaced dollars, {lit}, stay text here.")
            p.literals.append(lit)
            p.construct(kind="literal", text=lit)
        if k % 6 == 4:   # \_ in native math: a warning, the TeX kept
            tex = "p\\_j"
            p.math(tex, False)
            p.blocks.append(f"An escaped subscript ${tex}$ is a mistake here.")
            p.construct(kind="reported", construct="\\_", text=f"${tex}$", math=True)
        return p


WRITERS = {"jekyll": Jekyll, "hugo": Hugo, "hexo": Hexo, "pelican": Pelican, "pandoc": Pandoc,
           "native": Native}

CONFIG = {
    "jekyll": 'macros: {"\\\\R": "\\\\mathbb{R}", "\\\\norm": "\\\\left\\\\lVert #1 \\\\right\\\\rVert"}\n',
    "hugo": "",
    "hexo": "compatibility: hexo\n",
    "pelican": "",
    "pandoc": "compatibility: pandoc\n",
    "native": "compatibility: native\n",
}
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def locate(text, needle):
    i = text.find(needle)
    if i < 0:
        return None, None
    line = text.count("\n", 0, i) + 1
    col = i - (text.rfind("\n", 0, i) + 1) + 1
    return line, col


def main():
    args = sys.argv[1:]
    n = 30
    extras = "--extras" in args
    if extras:
        args.remove("--extras")
    if "--posts" in args:
        i = args.index("--posts")
        n = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    seed, out = int(args[0]), args[1]
    for e, engine in enumerate(ENGINES):
        rng = random.Random(seed * 1000 + e)
        posts = WRITERS[engine](rng, n, extras).write()
        site = os.path.join(out, engine)
        content = os.path.join(site, "content")
        os.makedirs(content, exist_ok=True)
        with open(os.path.join(content, "_config.yml"), "w") as f:
            f.write(f'title: "Fidelity {engine}"\nbaseURL: https://example.org/{engine}/\n' + CONFIG[engine])
        if engine == "hugo":
            with open(os.path.join(content, "macros.tex"), "w") as f:
                f.write("\\newcommand{\\L}{\\mathcal{L}}\n\\DeclareMathOperator{\\tr}{tr}\n"
                        "\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}\n"
                        "\\renewcommand{\\vec}[1]{\\mathbf{#1}}\n")
        # jekyll (_posts/), hugo (+++) and pelican (header) sites leave the profile to inference,
        # which is reported once as a note; the others choose it in _config.yml
        expected = {"engine": engine, "seed": seed, "inferred": "compatibility:" not in CONFIG[engine],
                    "posts": []}
        for k, p in enumerate(posts):
            path = os.path.join(site, p.path)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            text = p.text()
            if k % 7 == 3:   # written on Windows
                text = text.replace("\n", "\r\n")
            with open(path, "w", newline="") as f:
                f.write(text)
            # the images the posts link to, so that no 'leads nowhere' warning muddies the count
            for d in (os.path.dirname(path), os.path.join(content, "img")):
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, img_name(k)), "wb") as f:
                    f.write(PNG)
            for c in p.constructs:
                if c["kind"] == "reported":
                    c["line"], c["col"] = locate(text, c["text"])
            expected["posts"].append({"slug": p.slug, "source": p.path, "formulas": p.formulas,
                                      "constructs": p.constructs, "literals": p.literals})
        with open(os.path.join(site, "expected.json"), "w") as f:
            json.dump(expected, f, indent=1, ensure_ascii=False)
            f.write("\n")
        nf = sum(len(p.formulas) for p in posts)
        print(f"{engine}: {len(posts)} posts, {nf} formulas -> {site}")


if __name__ == "__main__":
    main()
