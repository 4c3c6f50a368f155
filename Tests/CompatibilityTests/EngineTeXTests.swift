import Compatibility
import MathFinder
import Testing

/// The TeX changes that make a formula what the author's engine handed to MathJax.
struct EngineTeXTests {
    static let unescaping: [(written: String, seen: String)] = [
        (#"p\_j"#, #"p_j"#),
        (#"a\*b"#, #"a*b"#),
        (#"a \\\\ b"#, #"a \\ b"#),
        (#"\\{ x \\}"#, #"\{ x \}"#),
        (#"a\\,b\\;c\\!d"#, #"a\,b\;c\!d"#),
        (#"\\|x\\|"#, #"\|x\|"#),
        (#"\text{my\_var} + x\_1"#, #"\text{my\_var} + x_1"#),
        (#"\operatorname{arg\_max}_x"#, #"\operatorname{arg\_max}_x"#),
        (#"\begin{align\*} a \end{align\*}"#, #"\begin{align*} a \end{align*}"#),
        (#"a \\ b"#, #"a \\ b"#),
        (#"\frac{a}{b} \alpha_i"#, #"\frac{a}{b} \alpha_i"#),
        (#"\{ x \}"#, #"\{ x \}"#),
        (#"\\\_"#, #"\_"#),
    ]

    @Test(arguments: unescaping) func markdownEscapesAreUndone(_ example: (written: String, seen: String)) {
        #expect(EngineTeX.unescapingMarkdown(example.written) == example.seen)
    }

    @Test func escapedUnderscoresOutsideTextAreFound() {
        #expect(EngineTeX.escapedUnderscoreOffsets(in: #"p\_j + \text{a\_b} + q\_k"#) == [1, 22])
        #expect(EngineTeX.escapedUnderscoreOffsets(in: #"\\_x"#).isEmpty)
    }

    static let bracing: [(written: String, braced: String)] = [
        (#"x^\vec{v}"#, #"x^{\vec{v}}"#),
        (#"w_\mathbf{i}"#, #"w_{\mathbf{i}}"#),
        (#"e^\frac{1}{2}"#, #"e^{\frac{1}{2}}"#),
        (#"x^\alpha"#, #"x^\alpha"#),
        (#"x^{\vec{v}}"#, #"x^{\vec{v}}"#),
        (#"a\_\vec{b}"#, #"a\_\vec{b}"#),
        (#"x^\hat{y"#, #"x^\hat{y"#),
    ]

    @Test(arguments: bracing) func unbracedScriptCommandsAreBraced(_ example: (written: String, braced: String)) {
        #expect(EngineTeX.bracingScriptCommands(example.written) == example.braced)
    }

    @Test func requireIsRemovedAndNamed() {
        let (tex, required) = EngineTeX.removingRequire(#"\require{cancel}\cancel{x} + \require {bbox}y"#)
        #expect(tex == #"\cancel{x} + y"#)
        #expect(required == ["cancel", "bbox"])
    }

    @Test func plainTeXAlignmentsBecomeAligned() {
        #expect(
            EngineTeX.rewritingEqalign(#"\eqalignno{ a & = b & (1) \cr }"#)
                == #"\begin{aligned} a & = b & (1) \cr \end{aligned}"#)
        #expect(EngineTeX.rewritingEqalign(#"\eqalignments"#) == #"\eqalignments"#)
        #expect(EngineTeX.rewritingEqalign(#"x\,\eqalign{a&=b}"#) == #"x\,\begin{aligned}a&=b\end{aligned}"#)
    }

    @Test func mboxBecomesText() {
        #expect(EngineTeX.rewritingMbox(#"\mbox{n\_samples} + \mboxed \\mbox"#) == #"\text{n\_samples} + \mboxed \\mbox"#)
    }

    @Test func eqnarrayBecomesAnArray() {
        #expect(
            EngineTeX.rewritingEqnarray(#"\begin{eqnarray*}a&=&b\end{eqnarray*}"#) == #"\begin{array}{rcl}a&=&b\end{array}"#)
    }
}

/// Where each engine's rules find math, and how they tell inline from display.
struct EngineMathRulesTests {
    func spans(_ text: String, _ profile: EngineProfile) -> [(String, Bool)] {
        ProtectedMarkdown.protect(text, rules: profile.mathRules).spans.map { ($0.tex, $0.isDisplay) }
    }

    @Test func kramdownDoubleDollarsAreInlineInASentenceAndDisplayAsAParagraph() {
        let text = "A $$x^2$$ b.\n\n$$y$$\n\n$$\nz\n$$\n\nText\n$$w$$ after.\n"
        #expect(spans(text, .jekyll).map(\.1) == [false, true, true, false])
        #expect(spans(text, .native).map(\.1) == [true, true, true, true])
    }

    @Test func spacedDollarsAreMathWhereMathJaxAllowedThem() {
        #expect(spans("a $ x $ b", .hugo).map(\.0) == [" x "])
        #expect(spans("a $ x $ b", .native).isEmpty)
        #expect(spans("costs $5 and $10", .hugo).isEmpty)
    }

    @Test func aDoubledBackslashEscapesADollarWhereMarkdownRanFirst() {
        #expect(spans(#"cost $\text{c} = \\$3$ here"#, .hugo).map(\.0) == [#"\text{c} = \\$3"#])
        #expect(spans(#"a \\$5 and $x$"#, .hugo).map(\.0) == ["x"])
        #expect(spans(#"$a \\$ b$"#, .native).map(\.0) == [#"a \\"#])
    }

    @Test func bareAlignedAndEqnarrayAreDisplayMath() {
        #expect(spans("\\begin{aligned}a&=b\\end{aligned}", .native).map(\.1) == [true])
        #expect(spans("\\begin{eqnarray*}a&=&b\\end{eqnarray*}", .native).map(\.1) == [true])
    }

    @Test func anEscapedStarNamesTheStarredEnvironment() {
        let found = spans("\\begin{align\\*}\na\n\\end{align\\*}\n", .hugo)
        #expect(found.count == 1)
        #expect(found.first?.0 == "\\begin{align\\*}\na\n\\end{align\\*}")
        #expect(spans("\\begin{align\\*}\na\n\\end{align\\*}\n", .native).isEmpty)
    }
}

/// Liquid, Hugo and kramdown syntax become Markdown, or a message; code is left alone.
struct EngineSyntaxTranslationTests {
    @Test func liquidLinksAndVariablesAreTranslated() {
        let translation = EngineSyntaxTranslation.translate(
            "![a]({{ site.baseurl }}/img/a.png) [b]({% post_url 2017-04-08-other %})\n", profile: .jekyll)
        #expect(translation.text == "![a](/img/a.png) [b](../other/index.html)\n")
        #expect(translation.messages.isEmpty)
    }

    @Test func aLinkToAFileThatIsNotAPostPointsIntoTheSiteRoot() {
        let translation = EngineSyntaxTranslation.translate(
            "[paper]({% link assets/paper.pdf %}) [post]({% link _posts/2017-04-08-other.md %}#x)\n", profile: .jekyll)
        #expect(translation.text == "[paper](/assets/paper.pdf) [post](../other/index.html#x)\n")
    }

    @Test func everyLineStaysWhereItWas() {
        let input = "{% highlight python %}\nx = 1\n{% endhighlight %}\n{% include a.html %} $x$\n"
        let translation = EngineSyntaxTranslation.translate(input, profile: .jekyll)
        #expect(translation.text == "```python\nx = 1\n```\n $x$\n")
        #expect(translation.messages.map(\.utf8Offset) == [48])
        // `$x$` stands 21 bytes later in the input than in the translation.
        let dollar = translation.text.utf8.firstIndex(of: UInt8(ascii: "$")).map {
            translation.text.utf8.distance(from: translation.text.utf8.startIndex, to: $0)
        }
        #expect(translation.originalOffset(of: dollar ?? 0) == input.utf8.count - 4)
    }

    @Test func syntaxInCodeIsLeftAlone() {
        let input = "`{{ site.url }}`\n\n```\n{% include x %}\n```\n"
        let translation = EngineSyntaxTranslation.translate(input, profile: .jekyll)
        #expect(translation.text == input)
        #expect(translation.messages.isEmpty)
    }

    @Test func unknownShortcodesAreReportedOnceAndTheirTextKept() {
        let translation = EngineSyntaxTranslation.translate(
            "{{< notice warning >}}\nCareful.\n{{< /notice >}}\n", profile: .hugo)
        #expect(translation.text == "\nCareful.\n\n")
        #expect(translation.messages.count == 1)
        #expect(translation.messages.first?.text.contains("notice") == true)
    }

    @Test func theNativeProfileTranslatesNothing() {
        let input = "{{< figure src=\"a.png\" >}} {{ site.url }}\n"
        #expect(EngineSyntaxTranslation.translate(input, profile: .native).text == input)
    }

    @Test func datedFileNamesGiveDateSlugAndTitle() throws {
        let name = try #require(DatedFileName("_posts/2017-04-07-my-first-post.md"))
        #expect(name.date == "2017-04-07")
        #expect(name.slug == "my-first-post")
        #expect(name.title == "My First Post")
        #expect(DatedFileName("notes.md") == nil)
        #expect(DatedFileName.slug(fromReference: "posts/other/index.md") == "other")
    }
}
