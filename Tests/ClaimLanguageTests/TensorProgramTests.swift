import ComputeCore
import Testing

@testable import ClaimLanguage

/// Tensor claims of the corpus's shapes, each of which the compiled tensor path must cover.
let tensorFences: [String] = [
    """
    given z ∈ ℝ^5, y ∈ onehot(5)
    let L = cross_entropy(softmax(z), y)
    claim ∂L/∂z = softmax(z) - y
    """,
    """
    given W ∈ [-1, 1]^(2×5), x ∈ [-1, 1]^5, y ∈ [-1, 1]^2
    let o = W @ x
    let E = sum((o - y)^2)/2
    claim ∂E/∂W[i, j] = (o[i] - y[i])*x[j] for i, j
    claim wrong: ∂E/∂W[i, j] = (o[j] - y[j])*x[i] for i, j
    """,
    """
    given W ∈ [-1, 1]^(3×3), A_prev ∈ [-1, 1]^3, b ∈ [-1, 1]^3, y ∈ {0, 1}^3
    let Z = W @ A_prev + b
    let A = σ(Z)
    let L = sum(-(y*log(A) + (1 - y)*log(1 - A)))
    claim ∂L/∂b = A - y
    claim ∂L/∂Z = A - y
    claim ∂L/∂W = outer(A - y, A_prev)
    """,
    """
    given z ∈ [-3, 3]^4, y ∈ simplex(4)
    let a = softmax(z)
    claim ∂a/∂z = diag(a) - outer(a, a)
    claim d: ∂(cross_entropy(a, y))/∂z = a*sum(y) - y
    claim mean(z) = sum(z)/4
    claim logsumexp(z) = log(sum(exp(z)))
    claim log_softmax(z) = log(a)
    """,
    """
    given x ∈ [-2, 2]^3, A ∈ [-1, 1]^(3×3)
    claim δ(i, j)*x[i] = cases(x[i] if i == j, 0 otherwise) for i, j
    claim (A @ x)[k] = dot(A[k], x) for k
    claim Aᵀ[1, 2] = A[2, 1]
    claim [x[1], x[2]]^2 ≥ 0
    claim relu(x) + relu(-x) = abs(x)
    """,
]

@Suite("Tensor programs")
struct TensorProgramTests {
    /// Evaluates every point of each claim both ways: bit for bit the same values and kink flags, and the
    /// same evaluation steps spent.
    func compare(_ source: String, requireCompiled: Bool) throws {
        for (compiled, general) in try scalarJudges(source) {
            guard compiled.tensorProgram != nil else {
                #expect(!requireCompiled, "not compiled: \(claimSyntax(compiled.claim))")
                continue
            }
            guard let points = try? compiled.drawPoints(), let first = points.first,
                let ranges = try? compiled.discoverIndexRanges(at: first),
                (try? general.discoverIndexRanges(at: first)) != nil
            else { continue }
            var compiledJudge = compiled
            var generalJudge = general
            compiledJudge.indexRanges = ranges
            generalJudge.indexRanges = ranges
            for point in points {
                let a = try? compiledJudge.evaluate(point, checkDerivatives: false)
                let b = try? generalJudge.evaluateGenerally(point, checkDerivatives: false)
                guard let a, let b else {
                    #expect((a == nil) == (b == nil))
                    break
                }
                #expect(sameOutcome(a, b), "\(claimSyntax(compiled.claim))")
                #expect(compiledJudge.budget.steps == generalJudge.budget.steps)
            }
        }
    }

    @Test(arguments: tensorFences + scalarFences)
    func sameOutcomesAndStepsAsTheEvaluator(source: String) throws {
        try compare(source, requireCompiled: false)
    }

    @Test(arguments: [tensorFences[0], tensorFences[1]])
    func theCorpusShapesAreCompiled(source: String) throws {
        try compare(source, requireCompiled: true)
    }

    @Test(arguments: truthTable)
    func truthTableClaimsAgreeWhereCovered(row: TruthRow) throws {
        try compare(row.source, requireCompiled: false)
    }

    @Test func manyTruthTableClaimsAreCompiled() throws {
        var compiled = 0
        for row in truthTable {
            for (judge, _) in (try? scalarJudges(row.source)) ?? [] where judge.tensorProgram != nil { compiled += 1 }
        }
        // The tensor rows of the table (a floor, so that a change that stops compiling them is noticed).
        #expect(compiled >= 60)
    }

    @Test func aStepLimitIsHitWhereTheEvaluatorHitsIt() throws {
        let source = tensorFences[1].components(separatedBy: "\nclaim wrong")[0]
        var steps = try #require(try scalarJudges(source).first).0
        #expect(steps.tensorProgram != nil)
        #expect(steps.run().verdict == .verified)
        let needed = steps.budget.steps
        for (limit, fails) in [(needed - 1, true), (needed, false)] {
            var judge = try #require(try scalarJudges(source, limits: Limits(evaluationSteps: limit)).first).0
            let verdict = judge.run()
            #expect((verdict.verdict == .error) == fails)
            if fails { #expect(verdict.message?.hasPrefix("evaluation limit hit") == true) }
        }
    }

    @Test func piecewiseSumsAndFunctionsAreNotCompiled() throws {
        let sources = [
            "given x ∈ ℝ^3\nclaim cases(x[1] if x[1] > 0, 0 otherwise) ≥ 0",
            "given x ∈ ℝ^3\nclaim Σ_{k=1}^{3} x[k] = sum(x)",
            "given x ∈ ℝ^3\nlet f(t) = t^2\nclaim f(x) = x*x",
        ]
        for source in sources {
            for (judge, _) in try scalarJudges(source) { #expect(judge.tensorProgram == nil) }
        }
    }
}
