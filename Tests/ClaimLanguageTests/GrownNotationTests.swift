import ClaimLanguage
import ComputeCore
import Diagnostics
import Testing

/// A fence of the notation derivations use, with the verdict of each of its claims. The true claims'
/// right sides are closed forms worked out by hand, not by the judge.
struct NotationRow: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let expected: [Verdict]
    var testDescription: String { name }
}

let notationRows: [NotationRow] = [
    // e
    NotationRow(
        name: "e is Euler's number",
        source:
            "given x ∈ [-3, 3]\nclaim e^x = exp(x)\nclaim e^(-x) = 1/exp(x)\nclaim e*x = 2.718281828459045*x\nclaim e^(-x) = exp(x)",
        expected: [.verified, .verified, .verified, .refuted]),
    NotationRow(
        name: "the derivative of e^x is e^x", source: "given x ∈ [-3, 3]\nclaim d/dx(e^x) = e^x\nclaim d/dx(e^x) = x*e^x",
        expected: [.verified, .refuted]),
    NotationRow(
        name: "a declared e shadows the constant",
        source: "given w ∈ [-3, 3], x ∈ [-3, 3], y ∈ [-3, 3]\nlet e = w*x - y\nclaim ∂(0.5*e^2)/∂w = e*x\nclaim e = w*x",
        expected: [.verified, .refuted]),
    // |x|
    NotationRow(
        name: "|x| is the absolute value",
        source: "given x ∈ [-2, 2], y ∈ [-2, 2]\nclaim |x| = abs(x)\nclaim |x*y| = |x|*|y|\nclaim |x - |y|| ≥ 0\nclaim |x| = x",
        expected: [.verified, .verified, .verified, .refuted]),
    // ≠
    NotationRow(
        name: "≠ holds where the sides differ and fails where they are equal",
        source:
            "given x ∈ [-2, 2]\nclaim x^2 + 1 ≠ 0\nclaim x + 1 != x\nclaim sin(x)^2 + cos(x)^2 ≠ 1\nclaim x ≠ x + 1 ≠ x\nclaim x ≠ 0.5",
        expected: [.verified, .verified, .refuted, .verified, .refuted]),
    NotationRow(
        name: "≠ is not verified by rounding alone",
        // In double precision (x + 1e-8) − x is 0 or 1.49e-8 for these x, never 1e-8, though the sides are
        // equal: only the measured rounding stops `≠` from holding.
        source:
            "given x ∈ [1e8, 1e9], y ∈ [1, 2]\nclaim (x + 1e-8) - x ≠ 1e-8\nclaim y + 1e-9 ≠ y\nclaim y + 1e-6 ≠ y",
        expected: [.refuted, .refuted, .verified]),
    // tan, log10, log2, log_b
    NotationRow(
        name: "tan and its derivative",
        source:
            "given x ∈ (-1.5, 1.5)\nclaim d/dx(tan(x)) = 1 + tan(x)^2\nclaim tan(x) = sin(x)/cos(x)\nclaim d/dx(tan(x)) = 1 - tan(x)^2",
        expected: [.verified, .verified, .refuted]),
    NotationRow(
        name: "logarithms to a base",
        source: """
            given x ∈ ℝ⁺, b ∈ [2, 5]
            claim log10(1000*x) = 3 + log10(x)
            claim log_2(8*x) = 3 + log2(x)
            claim log_10(x) = log(x)/log(10)
            claim log_b(x) = log(x)/log(b)
            claim log_3(x^2) = 2*log_3(x)
            claim d/dx(log_2(x)) = 1/(x*log(2))
            claim ∂(log_b(x))/∂b = -log(x)/(b*log(b)^2)
            claim log_10(x) = log(x)
            """,
        expected: [.verified, .verified, .verified, .verified, .verified, .verified, .verified, .refuted]),
    // max and min of many arguments
    NotationRow(
        name: "max and min of three arguments",
        source: """
            given x ∈ [-2, 2], y ∈ [-2, 2], z ∈ [-2, 2]
            claim max(x, y, z) ≥ x
            claim max(x, y, z) = -min(-x, -y, -z)
            claim max(x, y, z) = max(max(x, y), z)
            claim d/dx(max(x, 0, -x)) = sign(x)
            claim max(x, y, z) = max(x, y)
            """,
        expected: [.verified, .verified, .verified, .verified, .refuted]),
    // Half-line domains
    NotationRow(
        name: "half-lines with log and sqrt",
        source: """
            given p ∈ ℝ⁺, q ∈ R+, r ∈ [0, ∞), s ∈ (-∞, 0), t ∈ ℝ⁻, u ∈ (0, inf)
            claim sqrt(p)^2 = p
            claim log(q) < q
            claim sqrt(r) ≥ 0
            claim sqrt(-s)^2 = -s
            claim |t| = -t
            claim d/du(sqrt(u)) = 1/(2*sqrt(u))
            claim log(u) > 0
            """,
        expected: [.verified, .verified, .verified, .verified, .verified, .verified, .refuted]),
    // Vectors
    NotationRow(
        name: "vector literals",
        source: """
            given x ∈ [-2, 2], v ∈ [-1, 1]^3
            claim [x, 2*x][2] = 2*x
            claim dot(v, [1, 2, 3]) = v[1] + 2*v[2] + 3*v[3]
            claim ∂(dot(v, [x, x^2, 1]))/∂x = v[1] + 2*x*v[2]
            claim sum([x, x, x]) = 2*x
            """,
        expected: [.verified, .verified, .verified, .refuted]),
    // Sums
    NotationRow(
        name: "finite sums",
        source: """
            given v ∈ [-1, 1]^4, w ∈ [-1, 1]^4, x ∈ [2, 3]
            let n = 4
            claim Σ_{i=1}^{4} v[i]*w[i] = dot(v, w)
            claim sum_{i=1}^{n} v[i]*w[i] + 1 = dot(v, w) + 1
            claim Σ_{k=0}^{5} x^k = (x^6 - 1)/(x - 1)
            claim Σ_{k=1}^{10} k*x = 55*x
            claim Σ_{k=3}^{2} x = 0
            claim Σ_{k=0}^{5} x^k = (x^5 - 1)/(x - 1)
            """,
        expected: [.verified, .verified, .verified, .verified, .verified, .refuted]),
    NotationRow(
        name: "derivatives through sums",
        source: """
            given x ∈ [2, 3], w ∈ [-1, 1]^3, a ∈ [-1, 1]^3
            let L = Σ_{i=1}^{3} w[i]*a[i]^2
            claim d/dx(Σ_{k=1}^{5} x^k/k) = Σ_{k=0}^{4} x^k
            claim d/dx(Σ_{k=0}^{5} x^k) = (5*x^6 - 6*x^5 + 1)/(x - 1)^2
            claim ∂L/∂w[j] = a[j]^2 for j
            claim ∂L/∂a[j] = 2*w[j]*a[j] for j
            claim ∂L/∂a[j] = w[j]*a[j] for j
            """,
        expected: [.verified, .verified, .verified, .verified, .refuted]),
    // Piecewise values
    NotationRow(
        name: "piecewise values at and away from their boundary",
        source: """
            given x ∈ [-2, 2]
            claim cases(x if x ≥ 0, -x otherwise) = |x|
            claim d/dx(cases(x^2 if x ≥ 0, -x^2 otherwise)) = 2*|x|
            claim d/dx(cases(x if x ≥ 0, 0 otherwise)) = step(x)
            claim cases(2*x - 1 if x > 1, x^2 if x > 0, 0 otherwise) = max(x, 0)^2 - max(x - 1, 0)^2
            claim cases(x if x > 0, 0 otherwise) = x
            claim cases(1 if x ≥ 0, 0 otherwise) = step(x)
            """,
        expected: [.verified, .verified, .verified, .verified, .refuted, .refuted]),
    NotationRow(
        name: "a piecewise value without otherwise is outside its domain where no case holds",
        source: "given x ∈ [-0.5, 1]\nclaim cases(sqrt(x) if x ≥ 0) = sqrt(x)\nclaim cases(sqrt(x) if x ≥ 0) = x",
        expected: [.verified, .refuted]),
    // Leibniz on expressions
    NotationRow(
        name: "Leibniz form on an expression",
        source: """
            given x ∈ [-2, 2], z ∈ ℝ
            claim ∂(x^3)/∂x = 3*x^2
            claim d(σ(z))/dz = σ(z)*(1 - σ(z))
            claim d²(x^3)/dx² = 6*x
            claim ∂(x^3)/∂x = 3*x
            """,
        expected: [.verified, .verified, .verified, .refuted]),
    // Derivatives by a function's parameter
    NotationRow(
        name: "a derivative by a function's parameter",
        source: """
            given z ∈ [-4, 4]
            let g(t) = d/dt(σ(t))
            claim g(z) = σ(z)*(1 - σ(z))
            claim g(2*z) = σ(2*z)*(1 - σ(2*z))
            claim d/dz(g(z)) = σ(z)*(1 - σ(z))*(1 - 2*σ(z))
            claim g(2*z) = 2*σ(2*z)*(1 - σ(2*z))
            """,
        expected: [.verified, .verified, .verified, .refuted]),
]

@Suite("Grown notation")
struct GrownNotationTests {
    @Test("each claim of the notation gets its verdict", arguments: notationRows)
    func verdicts(row: NotationRow) {
        let verdicts = judge(fence: row.source, attributes: FenceAttributes(), fenceID: "grow")
        #expect(verdicts.map(\.verdict) == row.expected, "\(verdicts.map { ($0.id, $0.message ?? "") })")
        for verdict in verdicts where verdict.verdict == .refuted {
            #expect(verdict.counterexample != nil, "\(verdict.id) is refuted without a counterexample")
        }
    }

    @Test("the site's own posts keep their outcomes: every claim verified, or refuted where a fence expects it")
    func siteOutcomes() {
        for fence in siteFences() {
            for verdict in judge(fence: fence.body, attributes: fence.attributes, fenceID: "site") {
                #expect(!verdict.verdict.isFailure, "\(fence.name): \(verdict.verdict) \(verdict.message ?? "")")
            }
        }
    }

    @Test(
        "≠ holds only beyond the slack of =, and never gains from rounding",
        arguments: [
            (1.0, 1.0, 0.0, false), (1.0, 1 + 1e-9, 0.0, false), (1.0, 1 + 1e-7, 0.0, true),
            (1.0, 1 + 1e-7, 1e-6, false), (0.0, 1e-300, 0.0, true), (0.0, 1e-300, 1e-300, false),
            (1.0, .nan, 0.0, false), (1.0, .infinity, 0.0, false), (1.0, 2.0, .infinity, false),
        ])
    func notEqualRule(left: Double, right: Double, rounding: Double, holds: Bool) {
        let tolerance = Tolerance.default
        #expect(tolerance.holds(left, .notEqual, right, rounding: rounding) == holds)
        // Wherever both are finite, exactly one of `=` and `≠` holds.
        if left.isFinite, right.isFinite, rounding.isFinite {
            #expect(tolerance.holds(left, .equal, right, rounding: rounding) != holds)
        }
    }

    @Test("a refuted piecewise value shows a point where it is wrong")
    func piecewiseCounterexamples() throws {
        let wrongBelow = judge(
            fence: "given x ∈ [-2, 2]\nclaim cases(x if x > 0, 0 otherwise) = x", attributes: FenceAttributes(),
            fenceID: "p")[0]
        let text = try #require(wrongBelow.counterexample?.variables.first?.value)
        let x = try #require(Double(text))
        #expect(x < 0)
        let jump = judge(
            fence: "given x ∈ [-2, 2]\nclaim cases(1 if x ≥ 0, 0 otherwise) = step(x)", attributes: FenceAttributes(),
            fenceID: "p")[0]
        #expect(jump.counterexample?.variables.first?.value == "0")
    }

    @Test("half-lines, ℝ⁺ and ℝ⁻ parse to intervals with infinite open ends")
    func halfLines() throws {
        let fence = try parseClaimFence(
            "given a ∈ ℝ⁺, b ∈ R+, c ∈ (0, ∞), d ∈ (0, inf), f ∈ [0, ∞), g ∈ (-∞, 0), h ∈ ℝ⁻, k ∈ R-\nclaim a = a")
        let positive = DomainSyntax.elements(
            .interval(lower: 0, upper: .infinity, lowerClosed: false, upperClosed: false), shape: [])
        let negative = DomainSyntax.elements(
            .interval(lower: -.infinity, upper: 0, lowerClosed: false, upperClosed: false), shape: [])
        #expect(
            fence.givens.map(\.domain) == [
                positive, positive, positive, positive,
                .elements(.interval(lower: 0, upper: .infinity, lowerClosed: true, upperClosed: false), shape: []),
                negative, negative, negative,
            ])
        #expect(fence.givens[4].domain.description == "[0, ∞)")
        let vector = try parseClaimFence("given v ∈ ℝ⁺^3\nclaim v = v")
        #expect(vector.givens[0].domain.shape == [3])
    }

    @Test(
        "the new notation's errors name their position",
        arguments: [
            ("given x ∈ [0, ∞]\nclaim x = x", "an infinite end is open", 1, 16),
            ("given x ∈ [-∞, 0)\nclaim x = x", "an infinite end is open", 1, 11),
            ("given x ∈ ℝ\nclaim Σ_{i=1}^{2.5} x = x", "a bound of a sum must be an integer, found 2.5", 2, 16),
            ("given x ∈ ℝ\nclaim Σ_{i=1}^{20000} x = x", "a sum of 20000 terms exceeds the limit of 10000", 2, 16),
            ("given x ∈ ℝ\nclaim Σ_{x=1}^{2} x = x", "index name 'x' is already in use", 2, 10),
            ("given n ∈ [1, 2]\nclaim Σ_{i=1}^{n} i = n", "the upper bound of a sum must be an integer", 2, 16),
            ("given v ∈ ℝ^2\nclaim [v, 1][2] = 1", "an entry of a vector must be a scalar, found a 2-vector", 2, 8),
            ("given x ∈ ℝ\nclaim [] = x", "a vector needs at least one entry", 2, 8),
            ("given x ∈ ℝ\nclaim cases(x) = x", "expected 'if' or 'otherwise'", 2, 14),
            ("given x ∈ ℝ\nclaim cases(x otherwise, 1 if x > 0) = x", "must be the last", 2, 26),
            ("given x ∈ ℝ\nclaim cases(x if x) = x", "expected a comparison", 2, 19),
            ("given x ∈ ℝ⁺\nclaim log_1(x) = x", "the base of a logarithm must be positive and not 1", 2, 11),
            ("given x ∈ ℝ⁺\nclaim log_q(x) = x", "unknown name 'q'", 2, 11),
            ("given x ∈ ℝ\nclaim |x + 1 = x", "expected '|' to close the absolute value", 2, 14),
            ("given x ∈ ℝ\nclaim x ! 1", "unexpected character '!'", 2, 9),
            ("given x ∈ ℝ\nclaim max() = x", "'max' takes 1 to 64 arguments, found 0", 2, 7),
            ("given v ∈ ℝ^2\nclaim cases(1 if v > 0, 0 otherwise) = 1", "a condition compares scalars", 2, 18),
        ])
    func errors(source: String, message: String, line: Int, column: Int) {
        let verdict = judge(fence: source, attributes: FenceAttributes(), fenceID: "e")[0]
        #expect(verdict.verdict == .error)
        #expect(verdict.message?.contains(message) == true, "\(verdict.message ?? "no message")")
        #expect(verdict.errorPosition == SourceLocation(line: line, column: column))
    }

    @Test("the new nodes print as LaTeX")
    func latexOfNewNodes() throws {
        let fence = try parseClaimFence(
            """
            given x ∈ ℝ⁺, v ∈ ℝ^3
            claim Σ_{i=1}^{3} v[i] ≠ cases(x if x ≥ 1, 0 otherwise)
            claim log_3(x) + log_2(x) + tan(x) = |[x, 1][1]|
            """)
        #expect(
            latex(for: fence.claims[0], in: fence)
                == "\\sum_{i=1}^{3} v_{i} \\neq \\begin{cases} x & \\text{if } x \\ge 1 \\\\ 0 & \\text{otherwise} \\end{cases}")
        let logarithms = latex(for: fence.claims[1], in: fence)
        #expect(logarithms.hasPrefix("\\log_{3}(x) + \\log_{2}(x) + \\tan(x) = \\left|"), "\(logarithms)")
        #expect(logarithms.contains("\\begin{bmatrix} x \\\\ 1 \\end{bmatrix}"), "\(logarithms)")
    }
}

/// The context the printer's round trips parse their expressions in.
let roundTripPrelude = """
    given x ∈ ℝ, y ∈ ℝ, b ∈ [2, 3], v ∈ ℝ^3, W ∈ ℝ^(3×3)
    let f(t) = t^2
    let L = x*y

    """

/// Expressions in the claim language that must print back to themselves (as trees).
let roundTripExpressions: [String] = [
    "x + y*2", "(x + y)*2", "x - (y - 1)", "x - y - 1", "x/(y*2)", "x/y*2", "-x^2", "(-x)^2", "x^y^2", "(x^y)^2",
    "x^-y", "x^-y*2", "-(x + y)", "x - -y", "-x*y", "W @ v", "(W @ v)[1]", "vᵀ @ W @ v", "(v*x)ᵀ", "v[1]*v[2]",
    "W[1, 2]", "f(x + 1)", "σ(x)", "ln(x)", "δ(1, 2)", "|x - |y||", "|x|*|y|", "log_b(x)", "log_3(x)", "log_2(x)",
    "log_10(x)", "logb(x, 2)", "logb(x, 0.5)", "tan(x)", "max(x, y, 1)", "min(x, y, 1, 2)", "[x, y, 1][2]",
    "[x, y + 1, 1]", "Σ_{i=1}^{3} v[i]*v[i] + 1", "2*(Σ_{i=1}^{3} v[i])*x", "x*Σ_{i=1}^{3} v[i]",
    "(x*Σ_{i=1}^{3} v[i])*y", "Σ_{i=1}^{3} Σ_{j=1}^{3} W[i, j]", "-Σ_{i=1}^{3} v[i]", "x^Σ_{i=1}^{2} i",
    "Σ_{i=1}^{3} (v[i] + 1)", "(Σ_{i=1}^{3} v[i])^2", "cases(x if x ≥ 0, -x if x < -1, 0 otherwise)",
    "cases(x if x ≠ y)", "cases(x + 1 if x = y, cases(1 if y > 0, 2 otherwise) otherwise)*2", "∂(x^3)/∂x",
    "d(σ(x))/dx", "∂²(x^3)/∂x²", "d²(x^3)/dx²", "d³L/dx³", "d/dx(x^2)", "(∂(v*x)/∂x)[1]", "∂L/∂x", "dL/dx",
    "∂(W @ v)/∂v[1]", "∂L/∂xᵀ", "e^x", "e^(-x)", "π*x", "1.5e-07*x", "0.1 + x", "(∂L/∂x)^2", "-(∂L/∂x)",
]

@Suite("Claim syntax printer")
struct ClaimSyntaxTests {
    func parsed(_ expression: String) throws -> Expression {
        try #require(try parseClaimFence(roundTripPrelude + "claim " + expression + " = 0").claims.first).first
    }

    @Test("every node prints to text that parses back to the same tree", arguments: roundTripExpressions)
    func roundTrip(source: String) throws {
        let tree = try parsed(source)
        let printed = claimSyntax(tree)
        let reparsed = try parsed(printed)
        #expect(rangeless(reparsed) == rangeless(tree), "\(source) printed as \(printed)")
    }

    @Test("parentheses are the fewest the precedences allow")
    func minimalParentheses() throws {
        for (source, expected) in [
            ("((a - y))*x[j]", "(a - y)*x[j]"), ("(x*(y))", "x*y"), ("-(x^2)", "-x^2"), ("(x + y) + 1", "x + y + 1"),
            ("abs(x)", "|x|"), ("d/dx(x^3)", "d(x^3)/dx"), ("∂/∂x(x^3)", "∂(x^3)/∂x"), ("x²", "x^2"), ("log_2(x)", "log2(x)"),
            ("(Σ_{i=1}^{3} v[i]) + 1", "Σ_{i=1}^{3} v[i] + 1"),
        ] {
            let prelude = "given x ∈ ℝ, y ∈ ℝ, a ∈ ℝ, v ∈ ℝ^3, j ∈ {1}\n"
            let tree = try #require(try parseClaimFence(prelude + "claim " + source + " = 0").claims.first).first
            let text = claimSyntax(tree)
            #expect(text == expected, "\(source) → \(text)")
        }
    }

    @Test("trees the parser does not build print with the parentheses they need")
    func constructedTrees() throws {
        let r = SourceRange(at: SourceLocation(line: 1, column: 1))
        let x = Expression.name("x", r)
        let y = Expression.name("y", r)
        let sum = try parsed("Σ_{i=1}^{3} v[i]")
        let cases: [Expression] = [
            .binary(.multiply, .binary(.multiply, x, sum, r), y, r),
            .binary(.power, .negate(x, r), y, r),
            .binary(.power, .negate(.negate(x, r), r), y, r),
            .index(.derivative(of: .name("L", r), variable: "x", indices: [], order: 1, notation: .partial, r), [x], r),
            .transpose(.negate(x, r), r),
            .negate(.binary(.add, x, sum, r), r),
            .binary(.subtract, x, .binary(.subtract, y, sum, r), r),
            .derivative(of: .name("dy", r), variable: "x", indices: [], order: 1, notation: .total, r),
            .derivative(of: .index(.name("v", r), [.number(1, r)], r), variable: "x", indices: [], order: 2, notation: .total, r),
        ]
        for tree in cases {
            let printed = claimSyntax(tree)
            let prelude = roundTripPrelude + "let dy = y\n"
            let reparsed = try #require(try parseClaimFence(prelude + "claim " + printed + " = 0").claims.first).first
            #expect(rangeless(reparsed) == rangeless(tree), "printed as \(printed)")
        }
    }

    @Test("claims print with their relations, label and indices, and read back")
    func claims() throws {
        let fence = try parseClaimFence(
            """
            given a ∈ ℝ, y ∈ ℝ, x ∈ ℝ^3, w ∈ ℝ^3
            let L = 0.5*(dot(w, x) - y)^2
            claim ∂L/∂w[j] = (dot(w, x) - y)*x[j] for j
            claim chain: a ≤ a + 1 < a + 2 ≠ a
            claim ∂L/∂w[j] ≥ -100 for j
            """)
        #expect(claimSyntax(fence.claims[0]) == "∂L/∂w[j] = (dot(w, x) - y)*x[j] for j")
        #expect(claimSyntax(fence.claims[1]) == "chain: a ≤ a + 1 < a + 2 ≠ a")
        let prelude = "given a ∈ ℝ, y ∈ ℝ, x ∈ ℝ^3, w ∈ ℝ^3\nlet L = 0.5*(dot(w, x) - y)^2\n"
        for claim in fence.claims {
            let reparsed = try #require(try parseClaimFence(prelude + "claim " + claimSyntax(claim)).claims.first)
            #expect(rangeless(reparsed) == rangeless(claim))
        }
    }
}
