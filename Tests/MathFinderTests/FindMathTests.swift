import MathFinder
import Testing

/// One row of the math-finder table: an input and the exact spans it must give.
struct FinderCase: CustomTestStringConvertible, Sendable {
    /// What the row pins, shown as the test's name.
    let pins: String
    let input: String
    let expected: [MathSpan]

    var testDescription: String { pins }

    init(_ pins: String, _ input: String, _ expected: [MathSpan] = []) {
        self.pins = pins
        self.input = input
        self.expected = expected
    }
}

/// A span with `isDisplay` taken from the delimiter.
func span(_ tex: String, _ delimiter: MathDelimiter, _ range: Range<Int>) -> MathSpan {
    MathSpan(tex: tex, isDisplay: delimiter.isDisplay, delimiter: delimiter, utf8Range: range)
}

let dollarCases: [FinderCase] = [
    FinderCase("inline dollars in a sentence", "a $x$ b", [span("x", .dollar, 2..<5)]),
    FinderCase("math that is the whole input", "$x$", [span("x", .dollar, 0..<3)]),
    FinderCase("currency: closing $ preceded by a space", "$5 and $10"),
    FinderCase("a single dollar is text", "It costs $5."),
    FinderCase("closing $ followed by a digit fails the opener", "$a$5"),
    FinderCase("opening $ followed by a space is text", "$ a$"),
    FinderCase("closing $ preceded by a space is text", "$a $"),
    FinderCase("a failed opener leaves the next $ free to open", "$a $b$", [span("b", .dollar, 3..<6)]),
    FinderCase("an escaped dollar does not open", #"\$x$"#),
    FinderCase("an escaped dollar inside math stays in the TeX", #"$\$5$"#, [span(#"\$5"#, .dollar, 0..<5)]),
    FinderCase("an escaped backslash does not escape the dollar", #"\\$x$"#, [span("x", .dollar, 2..<5)]),
    FinderCase("escaped currency on both sides", #"\$5 and \$10"#),
    FinderCase("inline math may run over one line break", "$x\ny$", [span("x\ny", .dollar, 0..<5)]),
    FinderCase("inline math ends at a blank line", "$x\n\ny$"),
    FinderCase("letters right after the closer are fine", "$x$y", [span("x", .dollar, 0..<3)]),
    FinderCase("punctuation around inline math", "($x$)", [span("x", .dollar, 1..<4)]),
    // pandoc's left-to-right rule: a dollar before a code span opens first, so this is math.
    FinderCase("currency before a code span", "$10, `$x$`", [span("10, `", .dollar, 0..<7)]),
    FinderCase(
        "display and inline math on one line", "$$a$$ and $b$",
        [span("a", .doubleDollar, 0..<5), span("b", .dollar, 10..<13)]),
    FinderCase(
        "a closer that is the first $ of a $$ run", "$a$$b$", [span("a", .dollar, 0..<3), span("b", .dollar, 3..<6)]),
]

let displayDollarCases: [FinderCase] = [
    FinderCase("display dollars on one line", "$$x$$", [span("x", .doubleDollar, 0..<5)]),
    FinderCase("display dollars inside a paragraph", "a $$x$$ b", [span("x", .doubleDollar, 2..<7)]),
    FinderCase("display dollars on their own lines", "$$\nx\n$$", [span("\nx\n", .doubleDollar, 0..<7)]),
    FinderCase("display math may contain blank lines", "$$\na\n\nb\n$$", [span("\na\n\nb\n", .doubleDollar, 0..<10)]),
    FinderCase("unclosed display dollars are text", "$$x"),
    FinderCase("four dollars are text", "$$$$"),
    FinderCase("a single $ inside display math", "$$a $ b$$", [span("a $ b", .doubleDollar, 0..<9)]),
]

let texCharacterCases: [FinderCase] = [
    FinderCase("underscores reach the TeX", "a_1 $a_1 + b_2$ c_3", [span("a_1 + b_2", .dollar, 4..<15)]),
    FinderCase("asterisks reach the TeX", "$a*b*c$ and *em*", [span("a*b*c", .dollar, 0..<7)]),
    FinderCase(
        "a double backslash line break reaches the TeX", #"$$a \\ b$$"#, [span(#"a \\ b"#, .doubleDollar, 0..<10)]),
    FinderCase("escaped braces reach the TeX", #"$\{x\}$"#, [span(#"\{x\}"#, .dollar, 0..<7)]),
    FinderCase("< and & reach the TeX", "$a<b & c>d$", [span("a<b & c>d", .dollar, 0..<11)]),
]

let codeCases: [FinderCase] = [
    FinderCase("a code span hides math", "`$x$`"),
    FinderCase("a double-backtick code span with single backticks inside", "``a `$x$` b``"),
    FinderCase("math between code spans", "`a` $x$ `b`", [span("x", .dollar, 4..<7)]),
    FinderCase("an unmatched backtick is text", "`unclosed $x$", [span("x", .dollar, 10..<13)]),
    FinderCase("a code span does not cross a blank line", "`a\n\nb` $x$", [span("x", .dollar, 7..<10)]),
    FinderCase("math opening before a backtick wins (left to right)", "$a `b$` c`", [span("a `b", .dollar, 0..<6)]),
    FinderCase("an escaped backtick opens no code span", #"\`$x$`"#, [span("x", .dollar, 2..<5)]),
    FinderCase("a backtick fence hides math", "```\n$x$\n```"),
    FinderCase("math after a tilde fence", "~~~\n$x$\n~~~\n$y$", [span("y", .dollar, 12..<15)]),
    FinderCase("a fence indented three spaces", "   ```\n$x$\n   ```"),
    FinderCase("a shorter fence does not close a longer one", "````\n```\n$x$\n````"),
    FinderCase("an unclosed fence runs to the end", "```\n$x$"),
    FinderCase("a fence inside a block quote", "> ```\n> $x$\n> ```\n$y$", [span("y", .dollar, 18..<21)]),
    FinderCase("a fence inside a list item", "- ```\n  $x$\n  ```\n$y$", [span("y", .dollar, 18..<21)]),
    FinderCase("a fence with an info string", "```swift\nlet s = \"$x$\"\n```"),
    FinderCase("an indented code block hides math", "    $x$"),
    FinderCase("four spaces after a paragraph line are a continuation", "para\n    $x$", [span("x", .dollar, 9..<12)]),
    FinderCase("four spaces inside a list item are not code", "- item\n\n    $x$", [span("x", .dollar, 12..<15)]),
    FinderCase("display dollars stop at a code fence", "$$a\n```\n$$\n```"),
]

let backslashCases: [FinderCase] = [
    FinderCase("backslash parentheses", #"\(a\)"#, [span("a", .parenthesis, 0..<5)]),
    FinderCase("backslash brackets", #"\[a\]"#, [span("a", .bracket, 0..<5)]),
    FinderCase("Hugo double-backslash parentheses", #"\\(a\\)"#, [span("a", .doubleBackslashParenthesis, 0..<7)]),
    FinderCase("Hugo double-backslash brackets", #"\\[a\\]"#, [span("a", .doubleBackslashBracket, 0..<7)]),
    FinderCase("an unclosed backslash parenthesis is text", #"\(a"#),
    FinderCase("an unclosed backslash bracket is text", #"\[a"#),
    FinderCase(
        "Hugo display math with an escaped line break", #"\\[a \\\\ b\\]"#,
        [span(#"a \\\\ b"#, .doubleBackslashBracket, 0..<14)]),
    FinderCase("four backslashes before a bracket open nothing", #"\\\\[a\\\\]"#),
    FinderCase("Hugo delimiters inside a code span", #"`\\(a\\)`"#),
    FinderCase("a dollar inside backslash parentheses", #"\(a$b\)"#, [span("a$b", .parenthesis, 0..<7)]),
    FinderCase("backslash brackets over lines", "\\[\na\n\\]", [span("\na\n", .bracket, 0..<7)]),
    FinderCase("inline backslash parentheses end at a blank line", "\\(a\n\nb\\)"),
    FinderCase(
        "three backslashes: an escaped backslash then an opener", #"\\\(a\)"#, [span("a", .parenthesis, 2..<7)]),
]

let environmentCases: [FinderCase] = [
    FinderCase(
        "align keeps begin and end in the TeX", #"\begin{align}a&=b\\c&=d\end{align}"#,
        [span(#"\begin{align}a&=b\\c&=d\end{align}"#, .environment("align"), 0..<34)]),
    FinderCase(
        "equation* with its star", #"\begin{equation*}x\end{equation*}"#,
        [span(#"\begin{equation*}x\end{equation*}"#, .environment("equation*"), 0..<33)]),
    FinderCase(
        "gather over lines with a blank line", "\\begin{gather}\na\n\nb\n\\end{gather}",
        [span("\\begin{gather}\na\n\nb\n\\end{gather}", .environment("gather"), 0..<32)]),
    FinderCase(
        "multline* in a paragraph", #"see \begin{multline*}a\end{multline*}."#,
        [span(#"\begin{multline*}a\end{multline*}"#, .environment("multline*"), 4..<37)]),
    FinderCase("an unclosed environment is text", #"\begin{align}a"#),
    FinderCase("an environment that is not display math on its own", #"\begin{pmatrix}a\end{pmatrix}"#),
    FinderCase("a mismatched end does not close", #"\begin{align}a\end{equation}"#),
    FinderCase("an escaped backslash before begin", #"\\begin{align}a\end{align}"#),
    FinderCase(
        "an environment inside display dollars belongs to them", #"$$\begin{align}a\end{align}$$"#,
        [span(#"\begin{align}a\end{align}"#, .doubleDollar, 0..<29)]),
]

let dollarLineCases: [FinderCase] = [
    FinderCase("a dollar alone on a line opens display math", "$\nx = 1\n$", [span("\nx = 1\n", .dollarLine, 0..<9)]),
    FinderCase("lone-dollar math does not cross a blank line", "$\nx\n\ny\n$"),
    FinderCase("an unclosed lone dollar is text", "text\n$\nx"),
]

let containerCases: [FinderCase] = [
    FinderCase("math in two list items", "- $x$\n- $y$", [span("x", .dollar, 2..<5), span("y", .dollar, 8..<11)]),
    FinderCase(
        "display math in an ordered list item", "1. $$\n   a\n   $$", [span("\n   a\n   ", .doubleDollar, 3..<16)]),
    FinderCase("math in a block quote", "> $x$", [span("x", .dollar, 2..<5)]),
    FinderCase(
        "quote markers are removed from multi-line TeX", "> $$\n> a\n> $$", [span("\na\n", .doubleDollar, 2..<13)]),
    FinderCase("math in a footnote definition", "Text[^1].\n\n[^1]: See $x$.", [span("x", .dollar, 21..<24)]),
    FinderCase("an indented footnote paragraph is not code", "[^1]: a\n\n    $y$", [span("y", .dollar, 13..<16)]),
    FinderCase(
        "pipes inside math in a table row stay in the TeX", "| $a|b$ | c |\n|---|---|\n| $x$ | y |",
        [span("a|b", .dollar, 2..<7), span("x", .dollar, 26..<29)]),
    FinderCase("an escaped pipe in a table cell stays TeX", #"| $a\|b$ |"#, [span(#"a\|b"#, .dollar, 2..<8)]),
    FinderCase(
        "a fence indented four spaces inside a list item", "- a\n\n    ```\n    $x$\n    ```\n$y$",
        [span("y", .dollar, 29..<32)]),
    FinderCase("an indented code block inside a block quote", "> a\n>\n>     $x$"),
    FinderCase("lone-dollar lines inside a block quote", "> $\n> x\n> $", [span("\nx\n", .dollarLine, 2..<11)]),
    FinderCase("math in a heading", "# Title $x$", [span("x", .dollar, 8..<11)]),
    FinderCase("math in link text", "[$x$](http://a.b)", [span("x", .dollar, 1..<4)]),
    FinderCase("emphasis around math", "*a $b*c$*", [span("b*c", .dollar, 3..<8)]),
]

let htmlCases: [FinderCase] = [
    FinderCase("display math inside a div", "<div>$$a<b$$</div>", [span("a<b", .doubleDollar, 5..<12)]),
    FinderCase(
        "display math on lines inside a div", "<div>\n$$\nx\n$$\n</div>", [span("\nx\n", .doubleDollar, 6..<13)]),
    FinderCase("inline math inside a span", "<span>$x$</span>", [span("x", .dollar, 6..<9)]),
    FinderCase("an HTML comment hides math", "<!-- $x$ -->"),
    FinderCase("a script element hides dollars", "<script>var a = $x$;</script> $y$", [span("y", .dollar, 30..<33)]),
    FinderCase("a pre block hides math", "<pre>\n$x$\n</pre>\n\n$y$", [span("y", .dollar, 18..<21)]),
]

let encodingCases: [FinderCase] = [
    FinderCase("CRLF line endings inside display math", "$$\r\nx\r\n$$", [span("\r\nx\r\n", .doubleDollar, 0..<9)]),
    FinderCase("a lone CR ends a line", "a\r$x$", [span("x", .dollar, 2..<5)]),
    FinderCase("CRLF fence lines", "```\r\n$x$\r\n```\r\n$y$", [span("y", .dollar, 15..<18)]),
    FinderCase("a NUL byte is an ordinary character", "$\u{0}$", [span("\u{0}", .dollar, 0..<3)]),
    FinderCase("offsets count UTF-8 bytes", "é $α$", [span("α", .dollar, 3..<7)]),
    FinderCase("a combining mark inside math", "$x\u{302}$", [span("x\u{302}", .dollar, 0..<5)]),
    FinderCase("an empty input", ""),
    FinderCase("a lone backslash at the end", "\\"),
    FinderCase("a lone dollar at the end", "a $"),
]

@Suite struct FindMathTests {
    @Test(
        arguments: dollarCases + displayDollarCases + texCharacterCases + codeCases + backslashCases
            + environmentCases + dollarLineCases + containerCases + htmlCases + encodingCases)
    func findsExactSpans(_ row: FinderCase) {
        #expect(findMath(in: row.input) == row.expected)
    }
}
