import Diagnostics
import MathFinder
import Testing

@testable import SiteBuilder

/// ``EquationNumbering`` on its own: numbers, rows, the TeX KaTeX gets and the messages, from Markdown text.
@Suite struct EquationNumberingTests {
    /// The numbering of `text` (a post's body), with positions as `line:column` of the body.
    static func numbering(_ text: String, severity: Severity = .error) -> (EquationNumbering, ProtectedMarkdown) {
        let protected = ProtectedMarkdown.protect(text)
        let index = LineIndex(text)
        var numbering = EquationNumbering(
            spans: protected.spans, references: protected.references, path: "p.md", severity: severity
        ) { index.location(ofUTF8Offset: $0) }
        numbering.assignAnchors(avoiding: [])
        return (numbering, protected)
    }

    static func tex(_ text: String) -> [String] {
        let (numbering, protected) = numbering(text)
        return protected.spans.indices.map { numbering.rewrittenTeX(ofFormula: $0)?.tex ?? protected.spans[$0].tex }
    }

    static func describe(_ entry: EquationNumbering.Entry) -> String {
        "\(entry.label)=\(entry.number) formula \(entry.formula) row \(entry.row) at \(entry.location.line):\(entry.location.column) #\(entry.anchor)"
    }

    @Test(arguments: [
        (
            "$$a \\label{eq:one}$$\n\nText $x$.\n\n\\[b\\] {#eq:two}\n\n$$c\\label{three}$$\n",
            [
                "eq:one=1 formula 0 row 0 at 1:5 #eq-one", "eq:two=2 formula 2 row 0 at 5:7 #eq-two",
                "three=3 formula 3 row 0 at 7:4 #three",
            ]
        ),
        (
            "\\begin{align}\na &= b \\label{eq:r0} \\\\\nc &= d \\\\\ne &= f \\label{eq:r2}\n\\end{align}\n",
            ["eq:r0=1 formula 0 row 0 at 2:8 #eq-r0", "eq:r2=2 formula 0 row 2 at 4:8 #eq-r2"]
        ),
        // A matrix's rows are not the display's.
        (
            "$$\\begin{aligned} M &= \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix} \\\\ N &= 0 \\label{eq:n} \\end{aligned}$$",
            ["eq:n=1 formula 0 row 1 at 1:71 #eq-n"]
        ),
        // The author's \tag names the row; the label refers to it and takes no number.
        (
            "$$a \\tag{A} \\label{eq:a}$$\n\n$$b$$ {#eq:b}\n",
            ["eq:a=A formula 0 row 0 at 1:13 #eq-a", "eq:b=1 formula 1 row 0 at 3:7 #eq-b"]
        ),
        // A {#eq:…} labels the last row, not a blank one after a final \\.
        (
            "$$\\begin{aligned} a \\\\ b \\\\ \\end{aligned}$$ {#eq:last}",
            ["eq:last=1 formula 0 row 1 at 1:45 #eq-last"]
        ),
    ])
    func labelsAreNumberedInOrder(text: String, expected: [String]) {
        let (numbering, _) = Self.numbering(text)
        #expect(numbering.entries.map(Self.describe) == expected)
        #expect(numbering.diagnostics.isEmpty, "\(numbering.diagnostics)")
    }

    @Test(arguments: [
        ("$$a \\label{eq:x}$$", ["a \\tag{1}"]),
        ("$$a = b$$ {#eq:x}", ["a = b \\tag{1}"]),
        (
            "\\begin{align}\na \\label{eq:x}\\\\\nb\n\\end{align} {#eq:y}",
            ["\\begin{align}\na \\tag{1}\\\\\nb\n \\tag{2}\\end{align}"]
        ),
        // An aligned that is the whole display numbers its rows as align*.
        (
            "$$\\begin{aligned} a \\label{eq:x} \\\\ b \\label{eq:y} \\end{aligned}$$",
            ["\\begin{align*} a \\tag{1} \\\\ b \\tag{2} \\end{align*}"]
        ),
        // In a post with labels, a self-numbering environment's other rows get \notag.
        (
            "\\begin{gather}a\\\\b\\label{eq:b}\\end{gather}\n\n\\begin{align}c\\\\d\\notag\\end{align}",
            ["\\begin{gather}a \\notag\\\\b\\tag{1}\\end{gather}", "\\begin{align}c \\notag\\\\d\\notag\\end{align}"]
        ),
        ("$$a \\tag{A} \\label{eq:a}$$ and $\\eqref{eq:a}$", ["a \\tag{A} ", "\\href{#eq-a}{\\text{(A)}}"]),
        // Rows of a display that is no environment are numbered one by one in a gather*.
        (
            "$$a \\label{eq:a} \\\\ b$$ {#eq:b}",
            ["\\begin{gather*}a \\tag{1} \\\\ b \\tag{2}\\end{gather*}"]
        ),
        (
            "$$a \\label{eq:a}$$ $b = \\ref{eq:a}$ and $\\eqref{eq:zz}$",
            ["a \\tag{1}", "b = \\href{#eq-a}{\\text{1}}", "\\text{(??)}"]
        ),
        // Without labels nothing changes, an align's own numbers included; a comment's \label is not one.
        ("\\begin{align}a\\\\b\\end{align}", ["\\begin{align}a\\\\b\\end{align}"]),
        ("$$a % \\label{eq:no}\n$$", ["a % \\label{eq:no}\n"]),
    ])
    func labelsAndReferencesBecomeTagsAndLinks(text: String, expected: [String]) {
        #expect(Self.tex(text) == expected)
    }

    @Test(arguments: [
        (
            "$$a \\label{eq:x}$$\n\n$$b \\label{eq:x}$$\n",
            ["p.md:3:5: error: the equation label 'eq:x' is used twice in this post: first on line 1"]
        ),
        (
            "$$a \\label{eq:x}$$\n\n$$b$$ {#eq:x}\n",
            ["p.md:3:7: error: the equation label 'eq:x' is used twice in this post: first on line 1"]
        ),
        (
            "See @eq:nope and $\\eqref{eq:gone}$.\n",
            [
                "p.md:1:5: error: no equation in this post has the label 'eq:nope' (a display takes one with \\label{eq:nope} or {#eq:nope} after it)",
                "p.md:1:19: error: no equation in this post has the label 'eq:gone' (a display takes one with \\label{eq:gone} or {#eq:gone} after it)",
            ]
        ),
        (
            "$$a \\label{eq:a} \\label{eq:b}$$",
            [
                "p.md:1:18: error: this row of the display already has the label 'eq:a': a row takes one label, and one number"
            ]
        ),
        ("$$a \\label{x y}$$", ["p.md:1:5: error: an equation label is made of letters, digits and ':', '_', '.' and '-' only"]),
    ])
    func problemsAreOneMessageEachAtTheirPlace(text: String, expected: [String]) {
        let (numbering, _) = Self.numbering(text)
        #expect(numbering.diagnostics.map(\.description) == expected)
    }

    @Test func anchorsAreUniqueInThePage() {
        let protected = ProtectedMarkdown.protect("$$a$$ {#eq:x}\n\n$$b \\label{eq-x}$$\n\n$$c \\label{claim:y}$$\n")
        var numbering = EquationNumbering(
            spans: protected.spans, references: [], path: "p.md", severity: .error
        ) { _ in SourceLocation(line: 1, column: 1) }
        numbering.assignAnchors(avoiding: ["eq-x"])
        #expect(numbering.entries.map(\.anchor) == ["eq-x-2", "eq-x-3", "eq-claim-y"])
        #expect(numbering.anchors(ofFormula: 1) == ["eq-x-3"])
    }

    @Test(arguments: [
        (nil as String?, nil as EquationRowMark?, ""),
        ("3", nil, "\\tag{3}"),
        (
            "3", .verified(anchor: "claim-a"),
            "\\tag*{(3)\\ \\htmlClass{eq-mark eq-mark-verified}{\\href{#claim-a}{$\\checkmark$}}}"
        ),
        (nil, .refuted(anchor: "claim-b"), "\\tag*{\\htmlClass{eq-mark eq-mark-refuted}{\\href{#claim-b}{$\\times$}}}"),
        (
            "A", .notChecked(anchor: "claim-c\"}{x"),
            "\\tag*{(A)\\ \\htmlClass{eq-mark eq-mark-not-checked}{\\href{#claim-cx}{--}}}"
        ),
    ])
    func tagTeXWithAndWithoutAMark(number: String?, mark: EquationRowMark?, expected: String) {
        #expect(EquationNumbering.tagTeX(number: number, mark: mark) == expected)
    }

    /// The marks go through the same rewriting: on a numbered row, on the author's tag, on a row without a number.
    @Test func rowMarksAreTagsWithTheNumberAndTheMark() throws {
        let (numbering, protected) = Self.numbering(
            "\\begin{align}\na \\label{eq:a} \\\\\nb \\tag{B} \\\\\nc\n\\end{align}\n\n$$d$$\n")
        let marks: [Int: EquationRowMark] = [
            0: .verified(anchor: "claim-x"), 1: .refuted(anchor: "claim-y"), 2: .notChecked(anchor: "claim-z"),
        ]
        let align = try #require(numbering.rewrittenTeX(ofFormula: 0, marks: marks))
        #expect(
            align.tex
                == "\\begin{align}\na " + EquationNumbering.tagTeX(number: "1", mark: marks[0]) + " \\\\\nb "
                + EquationNumbering.tagTeX(number: "B", mark: marks[1]) + " \\\\\nc\n "
                + EquationNumbering.tagTeX(number: nil, mark: marks[2]) + "\\end{align}")
        let plain = try #require(numbering.rewrittenTeX(ofFormula: 1, marks: [0: .verified(anchor: "claim-x")]))
        #expect(plain.tex == "d " + EquationNumbering.tagTeX(number: nil, mark: .verified(anchor: "claim-x")))
        #expect(numbering.rewrittenTeX(ofFormula: 1) == nil)
        #expect(protected.spans.count == 2)
    }

    @Test(arguments: [
        (EquationReferenceKind.eqref, nil as EquationReferenceStatus?, "<a class=\"eqref\" href=\"#eq-a\">(3)</a>"),
        (.ref, nil, "<a class=\"eqref\" href=\"#eq-a\">3</a>"),
        (.crossref, nil, "<a class=\"eqref\" href=\"#eq-a\">Eq. (3)</a>"),
        (
            .crossref, .verified,
            "<a class=\"eqref\" href=\"#eq-a\">Eq. (3)&nbsp;<span class=\"eq-status eq-status-verified\" title=\"checked: holds\">✓</span></a>"
        ),
        (
            .eqref, .refuted,
            "<a class=\"eqref\" href=\"#eq-a\">(3)&nbsp;<span class=\"eq-status eq-status-refuted\" title=\"checked: does not hold\">✗</span></a>"
        ),
        (
            .ref, .notChecked,
            "<a class=\"eqref\" href=\"#eq-a\">3&nbsp;<span class=\"eq-status eq-status-not-checked\" title=\"not checked\">–</span></a>"
        ),
    ])
    func referenceHTMLWithAndWithoutAStatus(kind: EquationReferenceKind, status: EquationReferenceStatus?, expected: String) {
        let entry = EquationNumbering.Entry(
            label: "eq:a", number: "3", formula: 0, location: SourceLocation(line: 1, column: 1), row: 0, anchor: "eq-a")
        #expect(EquationNumbering.referenceHTML(kind: kind, target: entry, status: status) == expected)
        #expect(
            EquationNumbering.referenceHTML(kind: .eqref, target: nil, status: status)
                == "<span class=\"eqref eqref-unknown\">(??)</span>")
    }

    @Test func theForwardLocatorAgreesWithTheLineIndexInAnyOrder() {
        let text = "α = $x$ @eq:a\r\nβγ \\eqref{eq:b}\n\n\tlast — line"
        let index = LineIndex(text)
        var locator = ForwardLocator(text)
        let count = text.utf8.count
        let offsets = Array(0...count) + [count, 3, 0, 17, 17, 5, count + 4]
        for offset in offsets {
            #expect(locator.location(ofUTF8Offset: offset) == index.location(ofUTF8Offset: offset), "offset \(offset)")
        }
    }

    @Test func aKaTeXErrorAfterARewriteIsPlacedInThePostsTeX() {
        let rewritten = RewrittenTeX(
            tex: "a \\tag{1} \\bad", changes: [.init(rewritten: 2..<9, original: 2..<14)])
        #expect(rewritten.originalOffset(of: 0) == 0)
        #expect(rewritten.originalOffset(of: 4) == 2)
        #expect(rewritten.originalOffset(of: 10) == 15)
    }
}
