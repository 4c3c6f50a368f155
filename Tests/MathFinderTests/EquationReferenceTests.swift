import Testing

@testable import MathFinder

/// The equation references of the prose and the `{#eq:…}` after a display, as the scanner finds them.
@Suite struct EquationReferenceTests {
    /// A reference as `kind label @offset`, for tables.
    static func describe(_ references: [EquationReferenceSpan]) -> [String] {
        references.map { reference in
            let kind =
                switch reference.kind {
                case .eqref: "eqref"
                case .ref: "ref"
                case .crossref: "crossref"
                }
            return "\(kind) \(reference.label) @\(reference.utf8Range.lowerBound)..<\(reference.utf8Range.upperBound)"
        }
    }

    @Test(arguments: [
        ("See \\eqref{eq:a}.", ["eqref eq:a @4..<16"]),
        ("See \\ref{eq:a} and \\ref{b.c_d-1}", ["ref eq:a @4..<14", "ref b.c_d-1 @19..<32"]),
        ("By @eq:loss, done.", ["crossref eq:loss @3..<11"]),
        ("End of a sentence: @eq:loss.", ["crossref eq:loss @19..<27"]),
        ("(@eq:a) and [@eq:b]", ["crossref eq:a @1..<6", "crossref eq:b @13..<18"]),
        ("@eq:first at the start", ["crossref eq:first @0..<9"]),
        // Not references: an e-mail-like word, a bare @eq:, a URL's path, an escaped backslash, a bad label.
        ("Mail me@eq:x now", []),
        ("Just @eq: alone", []),
        ("https://example.org/@eq:x", []),
        ("\\\\eqref{eq:a}", []),
        ("\\eqref{a b}", []),
        // In code, math and HTML comments they are left alone.
        ("`\\eqref{eq:a}` and `@eq:b`", []),
        ("```\n\\eqref{eq:a} @eq:b\n```\n", []),
        ("    \\eqref{eq:a} @eq:b\n", []),
        ("<!-- \\eqref{eq:a} -->", []),
        ("$x \\eqref{eq:a}$ and $$y @eq:b$$", []),
    ])
    func referencesInProse(text: String, expected: [String]) {
        #expect(Self.describe(findEquationReferences(in: text)) == expected)
    }

    @Test(arguments: [
        ("$$a = b$$ {#eq:first}\n", "eq:first", 10, 21),
        ("$$a = b$${#eq:x}", "eq:x", 9, 16),
        ("\\[a = b\\] \t{#eq:x.y}\n", "eq:x.y", 11, 20),
        ("\\begin{align}a\\end{align} {#eq:al}", "eq:al", 26, 34),
    ])
    func aLabelAfterADisplayBelongsToIt(text: String, label: String, offset: Int, end: Int) throws {
        let span = try #require(findMath(in: text).first)
        #expect(span.attachedLabel == AttachedEquationLabel(label: label, utf8Offset: offset))
        #expect(span.utf8Range.upperBound == end)
    }

    @Test(arguments: [
        "$a$ {#eq:inline}",  // inline math takes no label
        "$$a$$\n{#eq:next-line}",  // on the next line it is text
        "$$a$$ {#fig:x}",  // only eq: labels
        "$$a$$ {#eq:}",
        "$$a$$ {#eq:a b}",
    ])
    func otherBracesAreText(text: String) throws {
        let span = try #require(findMath(in: text).first)
        #expect(span.attachedLabel == nil)
    }

    @Test func protectingReplacesReferencesAndAttachedLabelsByTokens() {
        let protected = ProtectedMarkdown.protect("See @eq:a and `@eq:b`.\n\n$$x$$ {#eq:a}\n\nAnd \\eqref{eq:a}.\n")
        #expect(protected.references.map(\.label) == ["eq:a", "eq:a"])
        let prefix = protected.tokenPrefix
        #expect(
            protected.text == "See \(prefix)0Y and `@eq:b`.\n\n\(prefix)0Z\n\nAnd \(prefix)1Y.\n")
        // The math tokens' functions pass reference tokens by; the reference function puts them back.
        #expect(protected.tokenIndices(in: protected.text) == [0])
        let back = protected.replacingReferenceTokens(in: protected.text) { "[\(protected.references[$0].sourceText)]" }
        #expect(back == "See [@eq:a] and `@eq:b`.\n\n\(prefix)0Z\n\nAnd [\\eqref{eq:a}].\n")
        #expect(protected.originalLine(ofProtectedLine: 5) == 5)
    }
}
