import Testing

@testable import ClaimLanguage

/// Scalar claims of the grown notation that the scalar shortcut covers.
let grownScalarFences: [String] = [
    """
    given x ∈ [-2, 2]
    claim cases(x if x ≥ 0, -x otherwise) = |x|
    claim d/dx(cases(x^2 if x > 0, -x^2 if x < 0, 0 otherwise)) = 2*|x|
    claim cases(sqrt(x) if x ≥ 0, sqrt(-x) otherwise) = sqrt(|x|)
    claim cases(1 if x = 0, 2 if x ≠ 1, 3 otherwise) ≥ 1
    """,
    """
    given x ∈ ℝ⁺, t ∈ (-1.5, 1.5)
    claim e^x = exp(x)
    claim log_2(x) = log(x)/log(2)
    claim log_10(x) = log10(x)
    claim d/dt(tan(t)) = 1 + tan(t)^2
    claim x + 1 ≠ x
    """,
]

@Suite("Scalar programs of the grown notation")
struct GrownScalarProgramTests {
    @Test(arguments: grownScalarFences)
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

    @Test func vectorsSumsAndManyArgumentsAreNotCovered() throws {
        let sources = [
            "given x ∈ ℝ\nclaim [x, 1][1] = x",
            "given x ∈ ℝ\nclaim Σ_{i=1}^{3} i*x = 6*x",
            "given x ∈ ℝ⁺, b ∈ [2, 3]\nclaim log_b(x) = log(x)/log(b)",
            "given x ∈ ℝ, y ∈ ℝ\nclaim max(x, y, 0) ≥ 0",
            "given z ∈ ℝ\nlet g(t) = d/dt(σ(t))\nclaim g(z) = σ(z)*(1 - σ(z))",
        ]
        for source in sources {
            for (judge, _) in try scalarJudges(source) {
                #expect(ScalarProgram(program: judge.program, claim: judge.claim) == nil, "\(source)")
            }
        }
    }
}
