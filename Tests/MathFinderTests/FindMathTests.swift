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
    FinderCase("a closer that is the first $ of a $$ run", "$a$$b$", [span("a", .dollar, 0..<3), span("b", .dollar, 3..<6)]),
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
    FinderCase("a double backslash line break reaches the TeX", #"$$a \\ b$$"#, [span(#"a \\ b"#, .doubleDollar, 0..<10)]),
    FinderCase("escaped braces reach the TeX", #"$\{x\}$"#, [span(#"\{x\}"#, .dollar, 0..<7)]),
    FinderCase("< and & reach the TeX", "$a<b & c>d$", [span("a<b & c>d", .dollar, 0..<11)]),
]

@Suite struct FindMathTests {
    @Test(arguments: dollarCases + displayDollarCases + texCharacterCases)
    func findsExactSpans(_ row: FinderCase) {
        #expect(findMath(in: row.input) == row.expected)
    }
}
