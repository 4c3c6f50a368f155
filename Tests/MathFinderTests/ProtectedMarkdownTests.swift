import Diagnostics
import MathFinder
import Testing

@Suite struct ProtectedMarkdownTests {
    @Test func replacesEachSpanByItsToken() {
        let protected = ProtectedMarkdown.protect("a $x$ b $$y$$ c")
        #expect(protected.tokenPrefix == "MathQ")
        #expect(protected.text == "a MathQ0Z b MathQ1Z c")
        #expect(protected.spans.map(\.tex) == ["x", "y"])
        #expect(protected.token(1) == "MathQ1Z")
    }

    @Test func tokensAreLettersAndDigitsOnly() {
        let protected = ProtectedMarkdown.protect("$a_b$ $c*d$")
        for index in protected.spans.indices {
            #expect(protected.token(index).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
    }

    @Test func textWithoutMathIsUnchanged() {
        let input = "Price: $5 and $10.\n\n`$x$`\n\n```\n$y$\n```\n"
        let protected = ProtectedMarkdown.protect(input)
        #expect(protected.spans.isEmpty)
        #expect(protected.text == input)
    }

    // The input already holds the default prefix (say, pasted from generated HTML): another is chosen.
    @Test(arguments: [
        ("MathQ0Z $x$", "MathQa"),
        ("MathQa MathQ $x$", "MathQb"),
        (
            "MathQaMathQbMathQcMathQdMathQeMathQfMathQgMathQhMathQiMathQjMathQkMathQlMathQm"
                + "MathQnMathQoMathQpMathQrMathQsMathQtMathQuMathQvMathQwMathQxMathQyMathQ $x$", "MathQaa"
        ),
    ])
    func prefixAvoidsTheInput(input: String, prefix: String) {
        let protected = ProtectedMarkdown.protect(input)
        #expect(protected.tokenPrefix == prefix)
        #expect(!input.contains(protected.tokenPrefix))
        #expect(protected.tokenIndices(in: protected.text) == [0])
    }

    @Test func theChosenPrefixIsDeterministic() {
        let input = "MathQ MathQa $x$"
        #expect(ProtectedMarkdown.protect(input).tokenPrefix == ProtectedMarkdown.protect(input).tokenPrefix)
    }

    // Line 1 of the input stays line 1; a three-line span collapses to one line, so later lines shift by two.
    @Test(arguments: [(1, 1), (2, 2), (3, 6), (4, 7), (5, 8), (10, 13), (0, 0)])
    func mapsProtectedLinesBack(protectedLine: Int, originalLine: Int) {
        let protected = ProtectedMarkdown.protect("intro\n$$\na\nb\n$$ after\n\n$y$\nlast")
        #expect(protected.text == "intro\nMathQ0Z after\n\nMathQ1Z\nlast")
        #expect(protected.originalLine(ofProtectedLine: protectedLine) == originalLine)
    }

    @Test(arguments: ["\r\n", "\r", "\n"])
    func mapsLinesForEveryLineEnding(ending: String) {
        let input = ["a", "$$", "x", "$$", "b"].joined(separator: ending)
        let protected = ProtectedMarkdown.protect(input)
        #expect(protected.text == "a" + ending + "MathQ0Z" + ending + "b")
        #expect(protected.originalLine(ofProtectedLine: 2) == 2)
        #expect(protected.originalLine(ofProtectedLine: 3) == 5)
    }

    @Test func replacesTokensFollowedByLettersAndDigits() {
        let protected = ProtectedMarkdown.protect("$a$ $b$ $c$ $d$ $e$ $f$ $g$ $h$ $i$ $j$ $k$ $l$")
        let html = "<p>" + protected.token(1) + "5x" + protected.token(11) + "Zz</p>"
        let result = protected.replacingTokens(in: html) { "[\(protected.spans[$0].tex)]" }
        #expect(result == "<p>[b]5x[l]Zz</p>")
    }

    @Test func dropsTheParagraphAroundDisplayMathOnly() {
        let protected = ProtectedMarkdown.protect("$$x$$\n\n$y$\n\ntext $$z$$\n")
        let html = "<p>MathQ0Z</p>\n<p>MathQ1Z</p>\n<p>text MathQ2Z</p>\n"
        let result = protected.replacingTokens(in: html) { "<m\($0)>" }
        #expect(result == "<m0>\n<p><m1></p>\n<p>text <m2></p>\n")
    }

    @Test func reportsWhetherATokenFillsItsParagraph() {
        let protected = ProtectedMarkdown.protect("$$x$$\n\n$y$ text\n")
        let html = #"<p data-sourcepos="1:1-1:5">MathQ0Z</p><p>MathQ1Z text</p>"#
        var seen: [TokenOccurrence] = []
        let result = protected.replacingTokens(in: html) { occurrence in
            seen.append(occurrence)
            return ("<m>", occurrence.fillsParagraph)
        }
        #expect(
            seen == [TokenOccurrence(index: 0, fillsParagraph: true), TokenOccurrence(index: 1, fillsParagraph: false)])
        #expect(result == "<m><p><m> text</p>")
    }

    @Test func leavesNonTokensAlone() {
        let protected = ProtectedMarkdown.protect("$x$")
        // No Z, an index past the spans, no digits: not tokens.
        let html = "MathQ0 MathQ7Z MathQZ mathq0z MathQ0Z"
        #expect(protected.replacingTokens(in: html) { _ in "X" } == "MathQ0 MathQ7Z MathQZ mathq0z X")
        #expect(protected.tokenIndices(in: html) == [0])
    }
}

/// Inputs built from the characters that matter to the scanner, by a fixed-seed generator.
struct FuzzInputs {
    static let pieces = [
        "$", "$$", "\\", "\\\\", "(", ")", "[", "]", "`", "```", "~~~", "\n", "\r\n", "\r", " ", "    ", "> ", "- ",
        "1. ", "a", "5", "\\begin{align}", "\\end{align}", "<!--", "-->", "<pre>", "</pre>", "|", "{", "}", "é",
        "\u{0}",
        "[^1]: ", "MathQ", "Z", "0", "#",
    ]

    static func make(seed: UInt64, count: Int) -> [String] {
        var state = seed
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        return (0..<count).map { _ in
            (0..<(next() % 60)).map { _ in pieces[next() % pieces.count] }.joined()
        }
    }
}

@Suite struct MathFinderInvariantTests {
    // Any input: spans in order, inside the input, not overlapping, and the protected text
    // gives the input back when each token is replaced by its span's source.
    @Test(arguments: FuzzInputs.make(seed: 2, count: 3000))
    func protectRoundTrips(input: String) {
        let bytes = Array(input.utf8)
        let protected = ProtectedMarkdown.protect(input)
        var last = 0
        for span in protected.spans {
            #expect(span.utf8Range.lowerBound >= last)
            #expect(span.utf8Range.upperBound <= bytes.count)
            #expect(!span.utf8Range.isEmpty)
            last = span.utf8Range.upperBound
        }
        #expect(!input.contains(protected.tokenPrefix))
        #expect(protected.tokenIndices(in: protected.text) == Array(protected.spans.indices))
        let restored = protected.replacingTokens(in: protected.text) { occurrence in
            (String(decoding: bytes[protected.spans[occurrence.index].utf8Range], as: UTF8.self), false)
        }
        #expect(restored == input)
        #expect(findMath(in: input) == protected.spans)
    }
}

@Suite struct UnclosedMathTests {
    // Display openers without closers are recorded; inline ones (currency) are not.
    @Test func recordsUnclosedDisplayOpeners() {
        let input = "Costs $5.\n\n$$\na\n\n```\n$$\n```\n\n\\begin{align} x\n"
        let protected = ProtectedMarkdown.protect(input)
        #expect(protected.spans.isEmpty)
        #expect(
            protected.unclosed == [
                UnclosedMath(delimiter: .doubleDollar, utf8Offset: 11),
                UnclosedMath(delimiter: .environment("align"), utf8Offset: 29),
            ])
    }

    @Test func warnsAtTheOpener() {
        let input = "text\n  $$ a"
        let protected = ProtectedMarkdown.protect(input)
        let warnings = protected.unclosed.map { $0.warning(path: "post.md", index: LineIndex(input)) }
        #expect(warnings.map(\.description) == ["post.md:2:3: warning: math: $$ is never closed; left as text"])
    }
}

extension ProtectedMarkdownTests {
    // A token inside the <p> tag's attributes, replaced by nothing: the tag is no longer intact, so it is kept.
    @Test func keepsAParagraphTagThatHeldAToken() {
        let protected = ProtectedMarkdown.protect("$$a$$ $$b$$")
        let html = "<p title=\"MathQ0Z\">MathQ1Z</p>"
        #expect(protected.replacingTokens(in: html) { _ in "" } == "<p title=\"\"></p>")
    }
}
