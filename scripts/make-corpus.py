#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus of Markdown posts for build-site.

Each post is 4-8 KB: YAML front matter, headings, a bulleted and a numbered list,
a table, a code block, 25 formulas (inline and display; 65% of them distinct
site-wide at 1,000 posts, as in real math posts) and 3 `swift-check` fences whose
claims verify (sigmoid, tanh, softplus, binary cross-entropy, squared error and
softmax cross-entropy gradients, with parameters drawn per post and distinct ids).

The same --posts and --seed always give byte-identical files, so every tool in a
benchmark run reads the same input and two runs can be compared.

Usage: make-corpus.py --posts N --out DIR [--seed S] [--stats FILE]
Writes DIR/_config.yml and DIR/post-00001.md ... DIR/post-NNNNN.md, prints the number of
formulas and the share of distinct ones, and with --stats writes those figures (and each
post's formula count) to FILE as JSON.
"""

import argparse
import collections
import json
import os
import random
import sys

MIN_BYTES = 4096
MAX_BYTES = 8192

TOPICS = [
    ("sigmoid", "the logistic sigmoid"), ("tanh", "the hyperbolic tangent"),
    ("bce", "binary cross-entropy"), ("softmax", "softmax and cross-entropy"),
    ("mse", "squared error"), ("dense", "a dense layer"), ("softplus", "softplus"),
    ("backprop", "backpropagation"), ("momentum", "gradient descent with momentum"),
    ("init", "weight initialisation"), ("batchnorm", "batch normalisation"),
    ("attention", "scaled dot-product attention"),
]
TAGS = ["activations", "calculus", "losses", "optimisation", "backprop", "linear-algebra",
        "probability", "numerics", "layers", "training"]
VARS = ["z", "u", "v", "s", "t", "h", "x", "r"]
GREEK = ["\\alpha", "\\beta", "\\gamma", "\\eta", "\\lambda", "\\mu", "\\rho", "\\tau"]
IDX = ["i", "j", "k", "l", "m", "n"]

# Real math posts repeat a core of notation ($x$, $\sigma(z)$, $a - y$) across and within posts: in 36 real
# posts, 65% of the formulas were distinct site-wide. This share of the inline formulas is drawn from that
# core; the others carry parameters from wide ranges, so few of them repeat even at 5,000 posts. The
# corpus's share of distinct formulas (printed at the end) is then 70% at 36 posts, 67% at 100, 65% at
# 1,000 and 59% at 5,000: a cache keyed by formula (build-site's, Hugo's) is worth about what it is worth
# on a real blog, and not much more on the large corpus.
COMMON_INLINE_SHARE = 0.45
COMMON_INLINE = [
    "x", "y", "z", "L", "W", "b", "n", "i", "t", "\\eta", "\\theta", "\\lambda", "\\epsilon", "\\delta",
    "\\sigma(z)", "a - y", "\\hat{y}", "\\mathbf{x}", "\\mathbf{w}", "p_i", "f'(z)", "\\mathbb{R}^n",
    "\\nabla_\\theta L", "\\frac{\\partial L}{\\partial z}", "a = \\sigma(z)", "z = Wx + b",
    "\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))", "\\operatorname{softmax}(\\mathbf{z})", "y \\in \\{0, 1\\}",
    "0 < a < 1",
]

SENTENCES = [
    "The derivation below is short, but every step in it is one a reader can check by hand.",
    "Nothing here depends on a particular framework; the formulas are the same in any of them.",
    "It helps to keep the shapes of every quantity in view while reading the next few lines.",
    "The forward pass stores the activations, and the backward pass reuses them without recomputation.",
    "A sign error at this point is the most common mistake, and the checker below catches it at once.",
    "Numerically, the naive formula overflows for large arguments, so implementations rewrite it.",
    "The same identity appears again in later posts, where it turns a messy chain into a one-liner.",
    "Read the chain rule from the loss backwards: each factor is a local derivative that is cheap to compute.",
    "We write vectors in bold only when the distinction matters for the argument.",
    "The gradient has the same shape as the parameter it belongs to, which is a useful sanity check.",
    "In practice the learning rate matters more than the exact form of the update rule.",
    "The constant factor is often dropped in textbooks, which changes the gradient by the same factor.",
    "This is exactly the quantity that the framework's automatic differentiation returns.",
    "For a mini-batch the losses are averaged, so each gradient is divided by the batch size.",
    "Floating-point arithmetic loses a few digits here, which is why the comparison uses a tolerance.",
    "If the activation saturates, its derivative is close to zero and learning slows down.",
    "The bias is a parameter like any other, with a gradient equal to the error signal itself.",
    "A second derivation by a different route is the cheapest way to gain confidence in the result.",
]
FILLER = [
    "See the [earlier post](../post-00001/) for the notation, and the *appendix* for the proofs.",
    "The **short version**: compute the error signal once, then reuse it for every parameter.",
    "Several readers asked why the ~~old~~ previous version of this post used a different convention.",
    "A worked example with concrete numbers follows, because abstract indices hide mistakes.",
    "The same argument goes through for any element-wise activation with a known derivative.",
    "Implementations usually fuse the activation and the loss, for speed and for numerical stability.",
    "It is worth pausing here to check the dimensions of each factor before multiplying them.",
    "None of this requires more than the chain rule and a little care with indices.",
]
CODE = [
    ("python", [
        "import numpy as np",
        "",
        "def sigmoid(z):",
        "    return 1.0 / (1.0 + np.exp(-z))",
        "",
        "def backward(a, y, x):",
        "    delta = a - y            # dL/dz for BCE after a sigmoid",
        "    return delta * x, delta  # dL/dw, dL/db",
    ]),
    ("swift", [
        "func tanhPrime(_ x: Double) -> Double {",
        "    let t = tanh(x)",
        "    return 1 - t * t",
        "}",
        "",
        "let grads = zip(inputs, targets).map { x, y in (sigmoid(w * x + b) - y) * x }",
    ]),
    ("python", [
        "def softmax(z):",
        "    e = np.exp(z - z.max())",
        "    return e / e.sum()",
        "",
        "def ce_grad(z, y):",
        "    return softmax(z) - y   # y is one-hot",
    ]),
]


def fmt(x):
    """A short decimal literal that reads the same in TeX and in the claim language."""
    text = ("%.2f" % x).rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Post:
    def __init__(self, number, rng):
        self.number = number
        self.rng = rng
        self.formulas = 0
        # Every formula as (mode, TeX), in order: what a renderer is asked for, so the corpus's share of
        # distinct formulas can be measured the way a cache keyed by TeX and mode sees it.
        self.tex = []

    def var(self):
        return self.rng.choice(VARS)

    def inline(self, tex):
        self.formulas += 1
        self.tex.append(("inline", tex))
        return "$" + tex + "$"

    def display(self, tex):
        self.formulas += 1
        self.tex.append(("display", tex))
        return "$$\n" + tex + "\n$$"

    def environment(self, name, lines):
        self.formulas += 1
        tex = "\\begin{%s}\n%s\n\\end{%s}" % (name, " \\\\\n".join(lines), name)
        self.tex.append(("display", tex))
        return tex

    # Formulas -----------------------------------------------------------------

    def inline_formula(self):
        r = self.rng
        if r.random() < COMMON_INLINE_SHARE:
            return self.inline(r.choice(COMMON_INLINE))
        v, g, i, j = self.var(), r.choice(GREEK), r.choice(IDX), r.choice(IDX)
        k, d, m = r.randint(2, 999), r.randint(2, 4096), r.randint(2, 99)
        c = fmt(r.uniform(0.01, 9.99))
        options = [
            "\\sigma'(%s_{%d}) = \\sigma(%s_{%d})\\,(1 - \\sigma(%s_{%d}))" % (v, k, v, k, v, k),
            "\\frac{\\partial L}{\\partial w^{(%d)}_{%s%s}} = \\delta^{(%d)}_{%s}\\, x_{%s}" % (m, i, j, m, i, j),
            "%s = %s" % (g, ("%.4f" % r.uniform(0.0001, 0.5)).rstrip("0")),
            "%s \\in \\mathbb{R}^{%d}" % (v, d),
            "W^{(%d)} \\in \\mathbb{R}^{%d \\times %d}" % (m, d, k),
            "\\tanh'(%s %s) = 1 - \\tanh^2(%s %s)" % (c, v, c, v),
            "\\hat{y}_{%s} = \\sigma(z_{%s} + %s)" % (i, i, c),
            "\\nabla_{\\mathbf{w}^{(%d)}} L = (a_{%s} - y_{%s})\\,\\mathbf{x}^{(%d)}" % (d, i, i, d - 1),
            "e^{-%s %s}" % (c, v),
            "\\operatorname{softplus}(%s %s) = \\log(1 + e^{%s %s})" % (c, v, c, v),
            "%s_{t+1} = %s_{t} - %s\\, g_{t} + %s\\,%s_{t-1}" % (v, v, g, c, v),
            "\\sum_{%s=1}^{%d} p_{%s} = 1" % (i, d, i),
            "\\lVert \\mathbf{w}^{(%d)} \\rVert_2^2 \\le %s" % (m, c),
            "\\delta^{(%d)} = (W^{(%d)})^\\top \\delta^{(%d)} \\odot f'(%s^{(%d)})" % (d, d + 1, d + 1, v, d),
            "\\mathbb{E}[%s] = %s" % (v, c),
            "\\frac{d}{d%s} %s^{%d} = %d %s^{%d}" % (v, v, d, d, v, d - 1),
            "|%s| < %s" % (v, c),
            "a_{%s} = \\max(0, %s z_{%s})" % (i, c, i),
            "O(n^{%d} \\log %s + %d n)" % (r.randint(2, 4), v, d),
            "\\frac{1}{%d}\\sum_{%s} \\ell_{%s}" % (d, i, i),
        ]
        return self.inline(r.choice(options))

    def display_formula(self):
        r = self.rng
        v, g, i = self.var(), r.choice(GREEK), r.choice(IDX)
        n, c = r.randint(2, 999), fmt(r.uniform(0.01, 9.99))
        choice = r.randrange(8)
        if choice == 0:
            return self.display(
                "\\frac{\\partial L}{\\partial %s_{%d}} = \\frac{\\partial L}{\\partial a_{%d}}\\,"
                "\\frac{\\partial a_{%d}}{\\partial %s_{%d}} = a_{%d} - y_{%d}" % (v, n, n, n, v, n, n, n))
        if choice == 1:
            return self.environment("align", [
                "\\sigma'(%s_{%d}) &= \\frac{e^{-%s_{%d}}}{(1 + e^{-%s_{%d}})^2}" % (v, n, v, n, v, n),
                "&= \\frac{1}{1 + e^{-%s}} \\cdot \\frac{e^{-%s}}{1 + e^{-%s}}" % (v, v, v),
                "&= \\sigma(%s)\\,\\bigl(1 - \\sigma(%s)\\bigr)" % (v, v),
            ])
        if choice == 2:
            cells = " \\\\ ".join(" & ".join(fmt(r.uniform(-3, 3)) for _ in range(3)) for _ in range(3))
            return self.display("W = \\begin{pmatrix} %s \\end{pmatrix}" % cells)
        if choice == 3:
            return self.display(
                "\\operatorname{softmax}(\\mathbf{z})_{%s} = \\frac{e^{z_{%s}}}{\\sum_{j=1}^{%d} e^{z_j}}" % (i, i, n))
        if choice == 4:
            return self.display(
                "\\theta_{t+1} = \\theta_t - %s \\nabla_\\theta \\mathcal{L}(\\theta_t) + %s\\,(\\theta_t - \\theta_{t-1})"
                % (g, c))
        if choice == 5:
            return self.display(
                "L_{%d}(%s, y) = -\\bigl(y \\log \\sigma(%s %s) + (1 - y) \\log(1 - \\sigma(%s %s))\\bigr)" % (n, v, c, v, c, v))
        if choice == 6:
            return self.environment("equation", [
                "\\mathcal{L}(\\theta) = \\frac{1}{%d} \\sum_{%s=1}^{%d} \\bigl(f_\\theta(x_{%s}) - y_{%s}\\bigr)^2 + %s \\lVert \\theta \\rVert^2"
                % (n, i, n, i, i, c)])
        return self.display(
            "\\frac{d}{d%s}\\tanh(%s %s) = %s\\,\\bigl(1 - \\tanh^2(%s %s)\\bigr)" % (v, c, v, c, c, v))

    # Claims -------------------------------------------------------------------

    def claim(self, family, ordinal):
        r = self.rng
        fid = "p%05d-%s-%d" % (self.number, family, ordinal)
        if family == "sigmoid":
            k = fmt(r.choice([0.5, 1, 1.5, 2, 2.5, 3]))
            a = r.choice([4, 6, 8])
            title, body = "Derivative of σ(%sz)" % k, [
                "given z ∈ [-%d, %d]" % (a, a),
                "claim d/dz(σ(%s*z)) = %s*σ(%s*z)*(1 - σ(%s*z))" % (k, k, k, k),
            ]
        elif family == "tanh":
            k = fmt(r.choice([0.5, 1, 1.5, 2]))
            b = fmt(r.choice([-1, -0.5, 0, 0.5, 1]))
            title, body = "Derivative of tanh(%sz + %s)" % (k, b), [
                "given z ∈ [-3, 3]",
                "let u = %s*z + %s" % (k, b),
                "claim d/dz(tanh(u)) = %s*(1 - tanh(u)^2)" % k,
            ]
        elif family == "softplus":
            title, body = "softplus′ is the sigmoid", [
                "given z ∈ [-{0}, {0}]".format(r.choice([5, 8, 10])),
                "claim d/dz(softplus(z)) = σ(z)",
            ]
        elif family == "bce-z":
            title, body = "BCE gradient with respect to the logit", [
                "given z ∈ [-8, 8], y ∈ {0, 1}",
                "let a = σ(z)",
                "let L = -(y*log(a) + (1 - y)*log(1 - a))",
                "claim ∂L/∂z = (∂L/∂a)*(∂a/∂z) = a - y",
            ]
        elif family == "bce-a":
            title, body = "BCE gradient with respect to the activation", [
                "given z ∈ [-6, 6], y ∈ [0, 1]",
                "let a = σ(z)",
                "let L = -(y*log(a) + (1 - y)*log(1 - a))",
                "claim ∂L/∂a = (a - y)/(a*(1 - a))",
            ]
        elif family == "bce-w":
            s = r.choice([1, 2, 3])
            title, body = "BCE gradient for one weight", [
                "given w ∈ [-%d, %d], x ∈ [-2, 2], b ∈ [-1, 1], y ∈ {0, 1}" % (s, s),
                "let z = w*x + b",
                "let a = σ(z)",
                "let L = -(y*log(a) + (1 - y)*log(1 - a))",
                "claim dL_dw: ∂L/∂w = (a - y)*x",
                "claim dL_db: ∂L/∂b = a - y",
            ]
        elif family == "mse":
            c = fmt(r.choice([0.5, 1, 2]))
            title, body = "Squared-error gradient", [
                "given w ∈ [-3, 3], x ∈ [-3, 3], y ∈ [-3, 3]",
                "let e = w*x - y",
                "let L = %s*e^2" % c,
                "claim ∂L/∂w = 2*%s*e*x" % c,
            ]
        else:  # softmax cross-entropy
            n = r.choice([3, 4, 5])
            title, body = "Softmax cross-entropy gradient (n = %d)" % n, [
                "given z ∈ ℝ^%d, y ∈ onehot(%d)" % (n, n),
                "let L = cross_entropy(softmax(z), y)",
                "claim ∂L/∂z = softmax(z) - y",
            ]
        return "```swift-check id=%s title=\"%s\"\n%s\n```" % (fid, title, "\n".join(body))

    # Assembly -----------------------------------------------------------------

    def prose(self, count, math=0):
        words = [self.rng.choice(SENTENCES) for _ in range(count)]
        for _ in range(math):
            position = self.rng.randrange(len(words) + 1)
            words.insert(position, "Here %s holds." % self.inline_formula())
        return " ".join(words)

    def render(self):
        r = self.rng
        slug, topic = r.choice(TOPICS)
        title = "Notes on %s, part %d" % (topic, self.number)
        tags = sorted(r.sample(TAGS, 3))
        date = "20%02d-%02d-%02d" % (20 + r.randrange(6), 1 + r.randrange(12), 1 + r.randrange(28))
        families = r.sample(["sigmoid", "tanh", "softplus", "bce-z", "bce-a", "bce-w", "mse", "softmax-ce"], 3)
        target = r.randint(MIN_BYTES + 300, MAX_BYTES - 300)

        blocks = []
        blocks.append("\n".join([
            "---",
            "title: \"%s\"" % title,
            "date: %s" % date,
            "tags: [%s]" % ", ".join(tags),
            "summary: \"Post %d of the benchmark corpus: %s, derived and checked.\"" % (self.number, topic),
            "---",
        ]))
        blocks.append(self.prose(3, math=2))
        blocks.append("## Setting up")
        blocks.append(self.prose(2, math=2))
        blocks.append("\n".join("- %s %s" % (self.rng.choice(SENTENCES), self.inline_formula()) for _ in range(3)))
        blocks.append(self.display_formula())
        blocks.append(self.claim(families[0], 1))
        blocks.append("## The derivation")
        blocks.append(self.prose(2, math=2))
        blocks.append(self.display_formula())
        blocks.append("\n".join("%d. %s %s" % (n + 1, self.rng.choice(SENTENCES), self.inline_formula()) for n in range(3)))
        blocks.append(self.display_formula())
        blocks.append(self.claim(families[1], 2))
        blocks.append("### A table of values")
        rows = ["| %s | value | note |" % "input", "|---|---:|---|"]
        for _ in range(4):
            rows.append("| %s | %s | %s |" % (self.inline_formula(), fmt(r.uniform(-5, 5)), r.choice(["exact", "rounded", "~approx~", "**key**"])))
        blocks.append("\n".join(rows))
        blocks.append(self.prose(2, math=1))
        language, lines = r.choice(CODE)
        blocks.append("```%s\n%s\n```" % (language, "\n".join(lines)))
        blocks.append("## Checking it")
        blocks.append(self.prose(2, math=2))
        blocks.append(self.display_formula())
        blocks.append(self.display_formula())
        blocks.append(self.claim(families[2], 3))
        while self.formulas < 24:
            blocks.append(self.prose(1, math=1))
        blocks.append(self.display_formula())
        blocks.append("## Further reading")
        blocks.append("- [ ] revisit the %s case\n- [x] check the gradient numerically\n- see <https://example.org/notes/%d>"
                      % (slug, self.number))

        text = "\n\n".join(blocks) + "\n"
        # Pad with math-free prose, inserted before the last section, up to the target size.
        while len(text.encode("utf-8")) < target:
            filler = "%s %s" % (r.choice(FILLER), self.prose(2))
            blocks.insert(len(blocks) - 2, filler)
            text = "\n\n".join(blocks) + "\n"
        while len(text.encode("utf-8")) > MAX_BYTES:
            # Very rare: drop padding-free prose until the post fits.
            for index in range(len(blocks) - 3, 0, -1):
                if blocks[index].startswith(tuple(SENTENCES)) and "$" not in blocks[index]:
                    del blocks[index]
                    break
            else:
                break
            text = "\n\n".join(blocks) + "\n"
        return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stats", default=None,
                        help="also write the corpus's figures (formulas, distinct share) to this JSON file")
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "_config.yml"), "w", encoding="utf-8") as f:
        f.write("title: \"Benchmark corpus\"\ndescription: \"Generated by scripts/make-corpus.py\"\n"
                "author: \"build-site benchmark\"\nlanguage: \"en\"\nbaseURL: \"https://example.org/\"\n")
    total = formulas = 0
    sizes = []
    seen = collections.Counter()
    per_post = {}
    for number in range(1, args.posts + 1):
        # One generator per post, seeded from the corpus seed and the post number, so post k is the
        # same file in every corpus size.
        post = Post(number, random.Random("%d/%d" % (args.seed, number)))
        text = post.render()
        data = text.encode("utf-8")
        with open(os.path.join(args.out, "post-%05d.md" % number), "wb") as f:
            f.write(data)
        total += len(data)
        formulas += post.formulas
        seen.update(post.tex)
        per_post["post-%05d.md" % number] = post.formulas
        sizes.append(len(data))
    distinct = len(seen)
    share = distinct / max(1, formulas)
    print("%d posts, %.1f MB, %d formulas (%.1f a post), %d distinct site-wide (%.1f%%; 65%% in real math posts), "
          "sizes %d-%d bytes"
          % (args.posts, total / 1e6, formulas, formulas / max(1, args.posts), distinct, 100 * share,
             min(sizes), max(sizes)),
          file=sys.stderr)
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            json.dump({"posts": args.posts, "bytes": total, "formulas": formulas, "distinct": distinct,
                       "distinct_share": share, "formulas_per_post": per_post}, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
