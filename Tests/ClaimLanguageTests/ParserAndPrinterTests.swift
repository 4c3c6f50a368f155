import ClaimLanguage
import Diagnostics
import Testing

private func r(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> SourceRange {
    SourceRange(start: SourceLocation(line: l1, column: c1), end: SourceLocation(line: l2, column: c2))
}

@Suite("Parser")
struct ParserTests {
    @Test("a whole fence parses to the expected tree")
    func wholeTree() throws {
        let fence = try parseClaimFence("given z ∈ [-8, 8], y ∈ {0, 1}\nlet a = σ(z)\nclaim ∂a/∂z = a*(1 - a)")
        #expect(fence.givens.map(\.name) == ["z", "y"])
        #expect(
            fence.givens[0].domain == .elements(.interval(lower: -8, upper: 8, lowerClosed: true, upperClosed: true), shape: []))
        #expect(fence.givens[1].domain == .elements(.finite([0, 1]), shape: []))
        #expect(fence.lets[0].body == .call("σ", [.name("z", r(2, 11, 2, 12))], r(2, 9, 2, 13)))
        let claim = fence.claims[0]
        #expect(
            claim.first
                == .derivative(
                    of: .name("a", r(3, 8, 3, 9)), variable: "z", indices: [], order: 1, notation: .partial, r(3, 7, 3, 12)))
        #expect(
            claim.steps[0].expression
                == .binary(
                    .multiply, .name("a", r(3, 15, 3, 16)),
                    .binary(.subtract, .number(1, r(3, 18, 3, 19)), .name("a", r(3, 22, 3, 23)), r(3, 17, 3, 24)),
                    r(3, 15, 3, 24)))
    }

    @Test(
        "operator precedence and associativity",
        arguments: [
            ("a + b * c", "a + b \\cdot c"),
            ("(a + b) * c", "(a + b) \\cdot c"),
            ("a - (b - c)", "a - (b - c)"),
            ("-a^2", "-a^{2}"),
            ("a^b^c", "a^{b^{c}}"),
            ("a / b / c", "\\frac{\\frac{a}{b}}{c}"),
            ("W @ x + b", "W x + b"),
            ("Wᵀ @ x", "W^\\top x"),
            ("a²", "a^{2}"),
        ])
    func precedence(_ source: String, _ expected: String) throws {
        let fence = try parseClaimFence("given a ∈ ℝ, b ∈ ℝ, c ∈ ℝ, W ∈ ℝ^(2×2), x ∈ ℝ^2\nclaim \(source) = 0")
        #expect(latex(fence.claims[0].first) == expected)
    }

    @Test(
        "domains",
        arguments: [
            ("ℝ^3", DomainSyntax.elements(.reals, shape: [3])),
            ("R^(2x3)", .elements(.reals, shape: [2, 3])),
            ("(0, 1)^4", .elements(.interval(lower: 0, upper: 1, lowerClosed: false, upperClosed: false), shape: [4])),
            ("[-1, 1)^(2×2)", .elements(.interval(lower: -1, upper: 1, lowerClosed: true, upperClosed: false), shape: [2, 2])),
            ("{0, 1}^3", .elements(.finite([0, 1]), shape: [3])),
            ("onehot(5)", .oneHot(5)),
            ("simplex(3)", .simplex(3)),
        ])
    func domains(_ text: String, _ expected: DomainSyntax) throws {
        let fence = try parseClaimFence("given v in \(text)\nclaim v = v")
        #expect(fence.givens[0].domain == expected)
    }

    @Test("chains, labels and for")
    func chains() throws {
        let fence = try parseClaimFence("given u ∈ ℝ^2\nclaim step: u[i] + 0\n  = u[i]\n  ≤ u[i] + 1 for i")
        let claim = fence.claims[0]
        #expect(claim.label == "step")
        #expect(claim.steps.map(\.relation) == [.equal, .lessOrEqual])
        #expect(claim.indices == ["i"])
    }
}

@Suite("LaTeX printer")
struct LaTeXTests {
    @Test(
        "claims print as LaTeX",
        arguments: [
            ("claim ∂L/∂z = a - y", "\\frac{\\partial L}{\\partial z} = a - y"),
            // The notation the author wrote is kept: `d` for `d/dz` and `dL/dz`, `∂` for `∂L/∂z`.
            (
                "claim d/dz σ(z) = σ(z)*(1 - σ(z))",
                "\\frac{\\mathrm{d}}{\\mathrm{d} z} \\left(\\sigma(z)\\right) = \\sigma(z) \\cdot (1 - \\sigma(z))"
            ),
            ("claim dL/dz = a - y", "\\frac{\\mathrm{d} L}{\\mathrm{d} z} = a - y"),
            ("claim d²L/dz² = a", "\\frac{\\mathrm{d}^{2} L}{\\mathrm{d} z^{2}} = a"),
            ("claim ∂²L/∂z² = a*(1 - a)", "\\frac{\\partial^{2} L}{\\partial z^{2}} = a \\odot (1 - a)"),
            (
                "claim ∂L/∂W[i, j] = a[i]*A_prev[j] for i, j",
                "\\frac{\\partial L}{\\partial W_{i, j}} = a_{i} \\cdot {A_{\\mathrm{prev}}}_{j} \\quad \\text{for } i, j"
            ),
            ("claim Wᵀ @ a ≥ 0", "W^\\top a \\ge 0"),
            ("claim 1/(1 + exp(-z)) = σ(z)", "\\frac{1}{1 + e^{-z}} = \\sigma(z)"),
            ("claim δ(i, j) = y_hat[i] for i, j", "\\delta_{i j} = \\hat{y}_{i} \\quad \\text{for } i, j"),
        ])
    func printed(_ claimLine: String, _ expected: String) throws {
        let header = "given z ∈ ℝ, W ∈ ℝ^(2×2), A_prev ∈ ℝ^2, y_hat ∈ ℝ^2, y ∈ ℝ\nlet a = σ(W @ A_prev)\nlet L = sum(a) - y\n"
        let fence = try parseClaimFence(header + claimLine)
        #expect(latex(for: fence.claims[0], in: fence) == expected)
    }
}

@Suite("Judge")
struct JudgeTests {
    let fence = "given z ∈ [-8, 8], y ∈ (0, 1)\nlet a = σ(z)\nlet L = -(y*log(a) + (1 - y)*log(1 - a))\nclaim ∂L/∂z = y - a"

    @Test("same fence and seed give the same verdict; the default seed is FNV-1a of the id")
    func deterministic() {
        let first = judge(fence: fence, attributes: FenceAttributes(), fenceID: "post/1")
        let second = judge(fence: fence, attributes: FenceAttributes(), fenceID: "post/1")
        #expect(first == second)
        #expect(first[0].seed == defaultSeed(forFenceID: "post/1"))
        #expect(defaultSeed(forFenceID: "") == 0xcbf2_9ce4_8422_2325)
        #expect(defaultSeed(forFenceID: "a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test("expect=fail turns a refutation into the good outcome, a verification into a failure")
    func expectFailure() {
        let refuted = judge(fence: fence, attributes: FenceAttributes(expectFailure: true), fenceID: "x")
        #expect(refuted[0].verdict == .refutedAsExpected)
        let verified = judge(
            fence: "given z ∈ ℝ\nclaim z = z", attributes: FenceAttributes(expectFailure: true), fenceID: "x")
        #expect(verified[0].verdict == .unexpectedlyVerified)
    }

    @Test("skip, ids and sample overrides")
    func skipAndIDs() {
        let source = "given z ∈ ℝ\nclaim z = z\nclaim named: z + 0 = z"
        let skipped = judge(fence: source, attributes: FenceAttributes(skipReason: "later"), fenceID: "f")
        #expect(skipped.map(\.verdict) == [.skipped, .skipped])
        let verdicts = judge(
            fence: source, attributes: FenceAttributes(samples: 7), fenceID: "f",
            options: JudgeOptions(samplesOverride: 13))
        #expect(verdicts.map(\.id) == ["f/1", "f/named"])
        // 13 drawn points, then the counterexample search's.
        #expect(verdicts.map { $0.pointsTried - $0.check.pointsSearched } == [13, 13])
        #expect(verdicts.allSatisfy { $0.check.pointsSearched > 0 && $0.check.pointsSearched <= 24 })
        #expect(judge(fence: "given z ∈ ℝ\nclaim z = z", attributes: FenceAttributes(), fenceID: "f")[0].id == "f")
    }

    @Test("a chain reports each step, the first break and a later recovery")
    func chain() {
        let source = """
            given x ∈ [-2, 2]
            claim (x + 1)² = x² + 2*x + 1
              = x² + x + 1
              = (x + 1)²
            """
        let verdict = judge(fence: source, attributes: FenceAttributes(), fenceID: "c")[0]
        #expect(verdict.verdict == .refuted)
        #expect(verdict.steps.map(\.holdsAgainstFirst) == [true, false, true])
        #expect(verdict.steps.map(\.holdsAgainstPrevious) == [true, false, false])
        #expect(verdict.message?.contains("step 2 (line 3) breaks the chain") == true)
        #expect(verdict.message?.contains("step 3 (line 4) agrees with the first expression again") == true)
        #expect(verdict.counterexample?.variables.first?.value == "1")
    }

    @Test("a side that is not finite where the first is fails, naming the side")
    func nonFiniteSide() {
        let verdict = judge(fence: "given x ∈ [-1, 1]\nclaim x*x = x*x/x*x", attributes: FenceAttributes(), fenceID: "n")[0]
        #expect(verdict.verdict == .refuted)
        #expect(verdict.counterexample?.note?.contains("the right side is nan") == true)
        #expect(verdict.counterexample?.variables.first?.value == "0")
    }

    @Test("a tensor counterexample carries the worst index")
    func worstIndex() {
        let verdict = judge(fence: "given v ∈ [0, 1]^3\nclaim v*[1, 1, 1][1] = v", attributes: FenceAttributes(), fenceID: "w")
        #expect(verdict[0].verdict == .verified)  // `[1, 1, 1]` is a vector literal, and its first entry is 1
        let refuted = judge(fence: "given v ∈ [1, 2]^3\nclaim v[i]*i = v[i] for i", attributes: FenceAttributes(), fenceID: "w")[
            0]
        #expect(refuted.verdict == .refuted)
        #expect(refuted.counterexample?.worstIndex == [3])
    }
}
