import ClaimLanguage
import Foundation
import Testing
import _TestSupport

/// A fence that must come out verified but vacuous, and what its reason must mention.
struct VacuousCase: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    var attributes = FenceAttributes()
    /// Words the vacuity reason must contain.
    let reason: String
    var testDescription: String { name }
}

/// Claims built to be vacuous: each holds, and so does one of its mutants.
let vacuousCases: [VacuousCase] = [
    VacuousCase(name: "both sides constant", source: "given x ∈ [-1, 1]\nclaim 2 = 2", reason: "depends on a given"),
    VacuousCase(
        name: "a constant identity beside an unused given", source: "given z ∈ ℝ\nclaim σ(0) = 1/2", reason: "depends on a given"),
    VacuousCase(
        name: "a let that ignores its given", source: "given x ∈ [0, 1]\nlet c = exp(1)\nclaim log(c) = 1",
        reason: "depends on a given"),
    VacuousCase(
        name: "a tolerance of 1e-2 hides a factor of 1.01", source: "given x ∈ [1, 2]\nclaim x = x",
        attributes: FenceAttributes(rtol: 1e-2),
        reason: "scaled by 1.01"),
    VacuousCase(
        name: "an absolute tolerance larger than the values", source: "given x ∈ [1e-9, 2e-9]\nclaim x = x",
        attributes: FenceAttributes(atol: 1e-6), reason: "still holds"),
    VacuousCase(
        name: "a loose tolerance on a derivative", source: "given z ∈ [-2, 2]\nlet a = σ(z)\nclaim ∂a/∂z = a*(1 - a)",
        attributes: FenceAttributes(rtol: 0.5), reason: "still holds"),
    VacuousCase(
        name: "a term that is zero on the whole domain", source: "given x ∈ [0, 1]\nclaim x + relu(-x) = x + relu(-x)",
        reason: "dropped"),
    VacuousCase(
        name: "a term far below the tolerance", source: "given x ∈ [1, 2]\nclaim x = x + 1e-20*x", reason: "dropped"),
    VacuousCase(
        name: "a vector claim with a loose tolerance", source: "given v ∈ [1, 2]^3\nclaim 2*v = v + v",
        attributes: FenceAttributes(rtol: 0.05), reason: "still holds"),
    VacuousCase(
        name: "a chain whose sides ignore the given", source: "given x ∈ ℝ\nclaim 1 + 1 = 2 = 4/2", reason: "depends on a given"),
    VacuousCase(
        name: "a vanishing right side with a term dropped", source: "given x ∈ [0, 1]\nclaim step(-1 - x) = step(-1 - x) + 0*x",
        reason: "still holds"),
    VacuousCase(
        name: "a loose rtol on an exponential identity", source: "given x ∈ [0, 1]\nclaim exp(2*x) = exp(x)^2",
        attributes: FenceAttributes(rtol: 0.02), reason: "scaled by 1.01"),
]

/// Claims whose every mutant is refuted: none is vacuous.
let meaningfulSources = [
    "given z ∈ [-8, 8]\nlet a = σ(z)\nclaim ∂a/∂z = a*(1 - a)",
    "given z ∈ [-8, 8], y ∈ {0, 1}\nlet a = σ(z)\nlet L = -(y*log(a) + (1 - y)*log(1 - a))\nclaim ∂L/∂z = a - y",
    "given z ∈ ℝ^3, y ∈ onehot(3)\nlet a = softmax(z)\nlet L = cross_entropy(a, y)\nclaim ∂L/∂z = a - y",
    "given z ∈ [-4, 4]\nlet a = z\nclaim ∂a/∂z = 1",
    "given x ∈ [-1, 1]\nclaim sin(x)^2 + cos(x)^2 = 1",
    "given x ∈ [0, 2], y ∈ [0, 2]\nclaim (x + y)^2 = x^2 + 2*x*y + y^2",
]

/// Every `swift-check` fence of the repository's own posts.
func siteFences() -> [(name: String, body: String, attributes: FenceAttributes)] {
    let content = repositoryRoot.appendingPathComponent("content")
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: content.path)) ?? []).filter { $0.hasSuffix(".md") }
        .sorted()
    var fences: [(name: String, body: String, attributes: FenceAttributes)] = []
    for file in files {
        guard let text = try? String(contentsOf: content.appendingPathComponent(file), encoding: .utf8) else { continue }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            guard line.hasPrefix("```swift-check") else { continue }
            var body: [Substring] = []
            // A verifying fence's `latex` and `index` lines are the equation reader's, not the claim language's.
            while let next = lines.popFirst(), !next.hasPrefix("```") {
                body.append(next.hasPrefix("latex ") || next.hasPrefix("index ") ? "" : next)
            }
            let attributes = (try? parseFenceAttributes(String(line.dropFirst(14)))) ?? FenceAttributes()
            fences.append(("\(file):\(fences.count)", body.joined(separator: "\n"), attributes))
        }
    }
    return fences
}

/// A loose tolerance is allowed here: these cases are about what such a tolerance does.
let permissive = JudgeOptions(maximumTolerance: 1)

@Suite("Vacuity check")
struct VacuityTests {
    @Test("a claim built to be vacuous is verified and reported as vacuous", arguments: vacuousCases)
    func vacuousClaimsAreReported(_ testCase: VacuousCase) {
        let verdict = judge(fence: testCase.source, attributes: testCase.attributes, fenceID: "v", options: permissive).last
        #expect(verdict?.verdict == .verified, "\(verdict?.message ?? "")")
        let reason = verdict?.check.vacuity ?? ""
        #expect(reason.contains(testCase.reason), "vacuity: \(reason)")
    }

    @Test("a meaningful claim is not vacuous", arguments: meaningfulSources)
    func meaningfulClaimsAreNot(_ source: String) {
        let verdict = judge(fence: source, attributes: FenceAttributes(), fenceID: "m").last
        #expect(verdict?.verdict == .verified)
        #expect(verdict?.check.vacuity == nil, "\(verdict?.check.vacuity ?? "")")
    }

    @Test("no claim of the site's own posts is vacuous")
    func siteClaimsAreNotVacuous() {
        let fences = siteFences()
        #expect(fences.count >= 30)
        for fence in fences {
            for verdict in judge(fence: fence.body, attributes: fence.attributes, fenceID: "site") {
                #expect(verdict.check.vacuity == nil, "\(fence.name): \(verdict.check.vacuity ?? "")")
            }
        }
    }

    @Test("turning the check off leaves the verdict and drops the reason")
    func optional() {
        var options = permissive
        options.checksVacuity = false
        let verdict = judge(
            fence: "given x ∈ [-1, 1]\nclaim 2 = 2", attributes: FenceAttributes(), fenceID: "v", options: options)[0]
        #expect(verdict.verdict == .verified && verdict.check.vacuity == nil)
    }
}

/// Claims that need well over 65,536 evaluation steps, so the CPU-time backstop is consulted.
let longClaims = [
    "given x ∈ [-1, 1]\nclaim sin(x)^2 + cos(x)^2 = 1",
    "given z ∈ [-8, 8]\nlet a = σ(z)\nclaim ∂a/∂z = a*(1 - a)",
    "given x ∈ [0, 1], y ∈ [0, 1]\nclaim (x + y)^2 = x^2 + 2*x*y + y^2",
    "given z ∈ ℝ^4, y ∈ onehot(4)\nlet a = softmax(z)\nlet L = cross_entropy(a, y)\nclaim ∂L/∂z = a - y",
    "given x ∈ [1, 2]\nclaim log(x^3) = 3*log(x)",
    "given x ∈ ℝ\nclaim tanh(x) = 2*σ(2*x) - 1",
    "given w ∈ [-2, 2], x ∈ [-2, 2]\nlet L = 0.5*(w*x)^2\nclaim ∂L/∂w = w*x*x",
    "given x ∈ [-3, 3]\nclaim d²/dx²(x^3) = 6*x",
    "given x ∈ [0, 1]\nclaim exp(2*x) = exp(x)^2",
    "given u ∈ ℝ^3, v ∈ ℝ^3\nclaim dot(u, v) = dot(v, u)",
    "given x ∈ [-1, 1]\nclaim x ≤ x + 1",
    "given x ∈ ℝ\nclaim softplus(x) - softplus(-x) = x",
]

@Suite("The time limit")
struct TimeLimitTests {
    @Test("a claim that runs out of CPU time is an error marked as such, so it is never cached", arguments: longClaims)
    func outOfTime(_ source: String) {
        let options = JudgeOptions(samplesOverride: 20_000, limits: Limits(secondsPerClaim: 0))
        let verdict = judge(fence: source, attributes: FenceAttributes(), fenceID: "t", options: options).last
        #expect(verdict?.verdict == .error)
        #expect(verdict?.check.hitTimeLimit == true)
        #expect(verdict?.message?.contains("CPU time") == true, "\(verdict?.message ?? "")")
    }

    @Test("the deterministic step limit is not a time limit", arguments: longClaims)
    func outOfSteps(_ source: String) {
        let options = JudgeOptions(limits: Limits(evaluationSteps: 50))
        let verdict = judge(fence: source, attributes: FenceAttributes(), fenceID: "t", options: options).last
        #expect(verdict?.verdict == .error)
        #expect(verdict?.check.hitTimeLimit == false)
    }

    @Test("with the default limits the same claims are judged", arguments: longClaims)
    func judged(_ source: String) {
        let verdict = judge(fence: source, attributes: FenceAttributes(), fenceID: "t").last
        #expect(verdict?.verdict == .verified, "\(verdict?.message ?? "")")
        #expect(verdict?.check.hitTimeLimit == false)
    }
}
