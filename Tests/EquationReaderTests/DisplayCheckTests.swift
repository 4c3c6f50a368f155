import ClaimLanguage
import EquationReader
import Testing

/// Checking a display row by row: where a derivation breaks, what follows a wrong row, what is not checked,
/// and rewrites of the LaTeX that must not change a single mark.
struct DisplayCheckTests {
    static let sigmoidCrossEntropy = """
        given z ∈ [-6, 6], y ∈ {0, 1}
        let a = σ(z)
        let L = -(y*log(a) + (1 - y)*log(1 - a))
        """

    static func marks(_ tex: String, _ declarations: String?) throws -> [RowStatus?] {
        let parsed = try declarations.map { try EquationDeclarations($0) } ?? .automatic
        return checkDisplay(tex, declarations: parsed, attributes: FenceAttributes(), id: "t").rows.map { $0?.status }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var tex: String
        var declarations: String?
        var marks: [RowStatus?]
        var testDescription: String { String(tex.prefix(60)) }
    }

    static let cases: [Case] = [
        // A correct chain: every row holds.
        Case(
            tex: #"""
                \begin{aligned}
                \frac{\partial L}{\partial z} &= \frac{\partial L}{\partial a}\frac{\partial a}{\partial z} \\
                &= \left(-\frac{y}{a} + \frac{1-y}{1-a}\right) a(1-a) \\
                &= -y(1-a) + (1-y)a \\
                &= a - y
                \end{aligned}
                """#, declarations: sigmoidCrossEntropy, marks: [.verified, .verified, .verified, .verified]),
        // A wrong middle row is caught at that row; the row after it agrees with the left side again.
        Case(
            tex: #"""
                \begin{aligned}
                \frac{\partial L}{\partial z} &= -y(1-a) + (1-y)a \\
                &= -y - ay + a - ay \\
                &= a - y
                \end{aligned}
                """#, declarations: sigmoidCrossEntropy, marks: [.verified, .refuted, .verified]),
        // A correct step from a wrong row is not marked verified: its equation is false too.
        Case(
            tex: #"""
                \begin{aligned}
                \frac{\partial L}{\partial z} &= -y(1-a) - (1-y)a \\
                &= -y + ay - a + ay \\
                &= 2ay - y - a
                \end{aligned}
                """#, declarations: sigmoidCrossEntropy, marks: [.refuted, .followsWrongRow, .followsWrongRow]),
        // Rows with their own left sides are separate equations; one wrong, one right.
        Case(
            tex: #"""
                \begin{align}
                \frac{\partial a}{\partial z} &= a(1 - a) \\
                \frac{\partial L}{\partial a} &= \frac{a - y}{a(1 + a)}
                \end{align}
                """#, declarations: sigmoidCrossEntropy, marks: [.verified, .refuted]),
        // A row the reader refuses is not checked; the others still are.
        Case(
            tex: #"""
                \begin{aligned}
                \frac{\partial a}{\partial z} &= a(1 - a) \\
                L &\approx 0
                \end{aligned}
                """#, declarations: sigmoidCrossEntropy, marks: [.verified, .notChecked]),
        // A left side alone on its row: the row holds no step.
        Case(
            tex: #"""
                \begin{align}
                \frac{\partial L}{\partial z} \\
                &= a - y
                \end{align}
                """#, declarations: sigmoidCrossEntropy, marks: [nil, .verified]),
        // Automatic checking: identities in free letters, one wrong.
        Case(tex: #"(x + y)^2 = x^2 + 2xy + y^2"#, declarations: nil, marks: [.verified]),
        Case(tex: #"(x + y)^2 = x^2 + xy + y^2"#, declarations: nil, marks: [.refuted]),
        Case(
            tex: #"\begin{aligned} \log(xy) &= \log x + \log y \\ &= \log y + \log x \end{aligned}"#, declarations: nil,
            marks: [.verified, .verified]),
        Case(tex: #"\frac{d}{dx} \tanh(x) = 1 - \tanh^2 x"#, declarations: nil, marks: [.verified]),
        Case(tex: #"\sigma'(x) = \sigma(x)(1 - \sigma(x))"#, declarations: nil, marks: [.verified]),
        Case(tex: #"\sigma'(x) = \sigma(x)(1 + \sigma(x))"#, declarations: nil, marks: [.refuted]),
        // A definition is not checked against itself; the rest of its chain is.
        Case(tex: #"a = \sigma(z) = \frac{1}{1 + e^{-z}}"#, declarations: nil, marks: [.verified]),
        Case(tex: #"L = -\bigl(y \log a + (1 - y)\log(1 - a)\bigr)"#, declarations: nil, marks: [.notChecked]),
        // Needs definitions: automatic checking leaves it alone.
        Case(tex: #"\frac{\partial L}{\partial w_{ij}} = \delta_i x_j"#, declarations: nil, marks: [.notChecked]),
    ]

    @Test(arguments: cases) func eachRowGetsItsMark(_ c: Case) throws {
        #expect(try Self.marks(c.tex, c.declarations) == c.marks)
    }

    /// Rewrites a reader of LaTeX must see through: none may change a mark.
    static let rewrites: [(name: String, rewrite: @Sendable (String) -> String)] = [
        ("\\dfrac for \\frac", { $0.replacingOccurrences(of: "\\frac", with: "\\dfrac") }),
        (
            "\\left( \\right) for ( )",
            { $0.replacingOccurrences(of: "(", with: "\\left(").replacingOccurrences(of: ")", with: "\\right)") }
        ),
        ("spaces", { $0.replacingOccurrences(of: " ", with: "\\, ") }),
        ("align* for aligned", { $0.replacingOccurrences(of: "{aligned}", with: "{align*}") }),
        ("a trailing period", { $0.replacingOccurrences(of: "\\end{aligned}", with: ".\\end{aligned}") }),
    ]

    @Test(arguments: 0..<5) func rewritingTheLaTeXChangesNoMark(_ rewrite: Int) throws {
        for c in Self.cases where c.tex.contains("aligned") && c.declarations != nil {
            let rewritten = Self.rewrites[rewrite].rewrite(c.tex)
            #expect(
                try Self.marks(rewritten, c.declarations) == c.marks,
                "\(Self.rewrites[rewrite].name): \(rewritten)")
        }
    }

    @Test func theBreakingRowCarriesTheCounterexample() throws {
        let check = checkDisplay(
            #"\begin{aligned} \frac{\partial L}{\partial z} &= -y(1-a) + (1-y)a \\ &= -y - ay + a - ay \\ &= a - y \end{aligned}"#,
            declarations: try EquationDeclarations(Self.sigmoidCrossEntropy), attributes: FenceAttributes(), id: "t")
        let broken = try #require(check.rows[1])
        #expect(broken.status == .refuted)
        let counterexample = try #require(broken.counterexample)
        #expect(counterexample.variables.map(\.name) == ["z", "y"])
        #expect(check.rows[0]?.counterexample == nil && check.rows[2]?.counterexample == nil)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

/// Declarations that are not well formed are errors at their line, never a crash (found by fuzzing).
struct MalformedDeclarationTests {
    @Test(arguments: [
        "index ", "index \nindex i in 1...3", "index i in 3...1", "index i in x", "index , j", "latex \\hat{y}", "latex = a",
    ])
    func aMalformedLineIsAnError(_ source: String) {
        #expect(throws: (any Error).self) { try EquationDeclarations(source) }
    }
}
