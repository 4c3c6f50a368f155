import ComputeCore
import Testing

@testable import ClaimLanguage

/// Corpus-like scalar claims, each of which the scalar shortcut must cover.
let scalarFences: [String] = [
    """
    given z ∈ [-6, 6], y ∈ [0, 1]
    let a = σ(z)
    let L = -(y*log(a) + (1 - y)*log(1 - a))
    claim ∂L/∂a = (a - y)/(a*(1 - a))
    """,
    """
    given w ∈ [-3, 3], x ∈ [-3, 3], y ∈ [-3, 3]
    let e = w*x - y
    let L = 0.5*e^2
    claim ∂L/∂w = 2*0.5*e*x
    """,
    """
    given z ∈ [-6, 6], y ∈ {0, 1}
    let a = sigmoid(z)
    let L = -(y*log(a) + (1 - y)*log(1 - a))
    claim dL/dz = a - y
    claim wrong: dL/dz = y - a
    """,
    """
    given z ∈ ℝ
    claim d/dz(tanh(2*z + 1)) = 2*(1 - tanh(2*z + 1)^2)
    claim d/dz(softplus(z)) = σ(z)
    claim d²/dz²(z³) = 6*z
    """,
    """
    given x ∈ [-2, 2]
    let r = relu(x) + abs(x)
    claim dr/dx = step(x) + sign(x)
    claim chain: x^2 + 1 ≥ 2*x > x - 100 = x - 100
    claim sqrt(exp(x)^2) = exp(x)
    claim π*x ≤ 4*abs(x)
    """,
]

/// The claims of `source` with their judges, seeded alike.
func scalarJudges(_ source: String, limits: Limits = .default) throws -> [(ClaimJudge, ClaimJudge)] {
    let fence = try parseClaimFence(source)
    let program = Program(fence)
    return fence.claims.map { claim in
        (
            ClaimJudge(
                program: program, claim: claim, seed: 42, samples: 60, rtol: defaultRelativeTolerance, atol: nil, limits: limits),
            ClaimJudge(
                program: program, claim: claim, seed: 42, samples: 60, rtol: defaultRelativeTolerance, atol: nil, limits: limits)
        )
    }
}

/// Whether two outcomes of a point agree exactly (values bit for bit, kink flag).
func sameOutcome(_ a: PointOutcome, _ b: PointOutcome) -> Bool {
    switch (a, b) {
    case (.outsideDomain, .outsideDomain), (.kink, .kink): return true
    case (.inconsistent(let x), .inconsistent(let y)): return x == y
    case (.values(let va, let ka), .values(let vb, let kb)):
        guard ka == kb, va.count == vb.count else { return false }
        for (l, r) in zip(va, vb) {
            guard l.shape == r.shape else { return false }
            for (x, y) in zip(l.elements, r.elements) where x.bitPattern != y.bitPattern { return false }
        }
        return true
    default: return false
    }
}

@Suite("Scalar programs")
struct ScalarProgramTests {
    @Test(arguments: scalarFences)
    func sameOutcomesAndStepsAsTheEvaluator(source: String) throws {
        for (shortcut, general) in try scalarJudges(source) {
            let scalarProgram = try #require(ScalarProgram(program: shortcut.program, claim: shortcut.claim))
            for point in try shortcut.drawPoints() {
                let a = try shortcut.evaluate(point, scalarProgram)
                let b = try general.evaluateGenerally(point, checkDerivatives: false)
                #expect(sameOutcome(a, b))
                #expect(shortcut.budget.steps == general.budget.steps)
            }
        }
    }

    @Test(arguments: truthTable)
    func truthTableClaimsAgreeWhereCovered(row: TruthRow) throws {
        for (shortcut, general) in try scalarJudges(row.source) {
            guard let scalarProgram = ScalarProgram(program: shortcut.program, claim: shortcut.claim) else { continue }
            guard let points = try? shortcut.drawPoints() else { continue }
            for point in points {
                let a = try? shortcut.evaluate(point, scalarProgram)
                let b = try? general.evaluateGenerally(point, checkDerivatives: false)
                guard let a else {
                    // The shortcut gives up only where the evaluator fails.
                    #expect(b == nil)
                    break
                }
                let outcome = try #require(b)
                #expect(sameOutcome(a, outcome))
                #expect(shortcut.budget.steps == general.budget.steps)
            }
        }
    }

    @Test func tensorsIndicesAndFunctionsAreNotCovered() throws {
        let sources = [
            "given z ∈ ℝ^4, y ∈ onehot(4)\nlet L = cross_entropy(softmax(z), y)\nclaim ∂L/∂z = softmax(z) - y",
            "given x ∈ ℝ\nlet f(t) = t^2\nclaim d/dx(f(x)) = 2*x",
            "given W ∈ ℝ^(2×2)\nclaim W[i, j] = W[i, j] for i, j",
        ]
        for source in sources {
            for (judge, _) in try scalarJudges(source) {
                #expect(ScalarProgram(program: judge.program, claim: judge.claim) == nil)
            }
        }
    }

    @Test func aStepLimitIsHitWhereTheEvaluatorHitsIt() throws {
        // The claim holds, so judging it evaluates each point (drawn or searched) once, without derivative checks.
        let source = "given w ∈ [-3, 3], x ∈ [-3, 3]\nlet L = 0.5*(w*x)^2\nclaim ∂L/∂w = w*x*x"
        var steps = try #require(try scalarJudges(source).first).0
        #expect(steps.run().verdict == .verified)
        let needed = steps.budget.steps
        for (limit, fails) in [(needed - 1, true), (needed, false)] {
            var judge = try #require(try scalarJudges(source, limits: Limits(evaluationSteps: limit)).first).0
            let verdict = judge.run()
            #expect((verdict.verdict == .error) == fails)
            if fails { #expect(verdict.message?.hasPrefix("evaluation limit hit") == true) }
        }
    }
}
