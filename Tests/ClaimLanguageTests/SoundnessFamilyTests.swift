import ClaimLanguage
import Testing

// The families of cases that define a *sound* verdict: one table per rule, each case a fence whose
// verdict is certain under that rule. They are the specification for the judge, so a case is never
// loosened because a judge gets it wrong; it is dropped only if its expected verdict is doubtful.
//
// Every case asserts the verdict. A refutation also asserts, where the claim fixes it, the shrunk
// point (only the variables listed), which side is not finite, or the worst element's index.

/// Which compared side a refutation must blame for not being finite.
enum NonFiniteSide: Sendable, Equatable {
    /// The right side of a plain `claim L = R`.
    case right
    /// Step `n` (1-based, after the first expression) of a chain.
    case step(Int)

    /// The words the counterexample's note must contain.
    var words: String {
        switch self {
        case .right: "right side"
        case .step(let n): "step \(n)"
        }
    }
}

/// One case of a family: a fence, its attributes, and what the verdict must be.
struct SoundnessCase: CustomTestStringConvertible, Sendable {
    /// Says what the case checks; the test's name.
    let name: String
    /// The fence body.
    let source: String
    /// The fence's attributes (default: none).
    var attributes = FenceAttributes()
    /// The verdict the (last) claim must get.
    let expected: Verdict
    /// Variables the counterexample must show, by name, as the judge prints them (`0`, `-0.5`, `[0, 0]`).
    var point: [String: String] = [:]
    /// For refutations by a non-finite value: the side that is not finite.
    var nonFinite: NonFiniteSide? = nil
    /// The worst element's 1-based index, when the claim fixes it.
    var worstIndex: [Int]? = nil
    /// A substring the verdict's message must contain (for errors: that it is the intended error).
    var messageContains: String? = nil
    /// At least this many points must have been left out.
    var minimumExcluded: Int? = nil

    var testDescription: String { name }
}

/// A fence body from its lines.
func fence(_ lines: String...) -> String { lines.joined(separator: "\n") }

/// Attributes with `expect=fail`.
let expectFail = FenceAttributes(expectFailure: true)

/// Attributes with the given `rtol=`.
func relativeTolerance(_ rtol: Double, expectFailure: Bool = false) -> FenceAttributes {
    FenceAttributes(rtol: rtol, expectFailure: expectFailure)
}

/// Judges `testCase` with the default judge options and checks everything it asserts.
func check(_ testCase: SoundnessCase) {
    let verdicts = judge(
        fence: testCase.source, attributes: testCase.attributes, fenceID: "soundness", options: JudgeOptions())
    guard let verdict = verdicts.last else {
        Issue.record("no verdict")
        return
    }
    let summary =
        "verdict \(verdict.verdict), message \(verdict.message ?? "none"), counterexample \(String(describing: verdict.counterexample)), excluded \(verdict.pointsExcluded)/\(verdict.pointsTried)"
    #expect(verdict.verdict == testCase.expected, "\(summary)")
    guard verdict.verdict == testCase.expected else { return }

    if let words = testCase.messageContains {
        #expect(verdict.message?.contains(words) == true, "message: \(verdict.message ?? "none")")
    }
    if let minimum = testCase.minimumExcluded {
        #expect(verdict.pointsExcluded >= minimum, "\(summary)")
    }
    let refutation = testCase.expected == .refuted || testCase.expected == .refutedAsExpected
    guard refutation else { return }
    guard let counterexample = verdict.counterexample else {
        Issue.record("a refutation without a counterexample")
        return
    }
    let shown = Dictionary(counterexample.variables.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    for (name, value) in testCase.point {
        #expect(shown[name] == value, "counterexample \(name): expected \(value), shown \(shown)")
    }
    if let side = testCase.nonFinite {
        let nonFiniteSpellings: Set<String> = ["inf", "-inf", "nan", "+inf", "-nan"]
        #expect(nonFiniteSpellings.contains(counterexample.rhs.lowercased()), "rhs \(counterexample.rhs)")
        #expect(
            Double(counterexample.lhs)?.isFinite == true, "the compared left side must be finite: \(counterexample.lhs)")
        #expect(
            counterexample.note?.contains(side.words) == true,
            "note must name \(side.words): \(counterexample.note ?? "none")")
    }
    if let index = testCase.worstIndex {
        #expect(counterexample.worstIndex == index, "worst index \(String(describing: counterexample.worstIndex))")
    }
}

// MARK: - 1. Non-finite values never hold

/// A point where the first expression is finite and another step is infinite or NaN refutes the claim; a
/// point where the first expression itself is not finite is left out, and more than half left out is an error.
let nonFiniteCases: [SoundnessCase] = [
    SoundnessCase(
        name: "a true claim whose right side overflows double precision everywhere is an error, not a verdict",
        source: fence("given x ∈ [1, 2]", "claim 800 + log(x) = log(exp(800)*x)"),
        expected: .error, messageContains: "double precision"),
    SoundnessCase(
        name: "a false claim whose right side overflows is refuted",
        source: fence("given x ∈ [1, 2]", "claim x = x + exp(800)"),
        expected: .refuted, point: ["x": "1"], nonFinite: .right),
    SoundnessCase(
        name: "log(0) in the right side refutes",
        source: fence("given x ∈ [-1, 1]", "claim x^2 = x^2 + log(x - x)"),
        expected: .refuted, point: ["x": "0"], nonFinite: .right),
    SoundnessCase(
        name: "1/(z - z) in the right side refutes",
        source: fence("given z ∈ [-2, 2]", "claim z = z + 1/(z - z)"),
        expected: .refuted, point: ["z": "0"], nonFinite: .right),
    SoundnessCase(
        name: "zero times an overflow is NaN in double precision: no verdict",
        source: fence("given x ∈ [0, 1]", "claim 2*x = x + x + 0*exp(800)"),
        expected: .error, messageContains: "double precision"),
    SoundnessCase(
        name: "≤ against an overflow is no verdict",
        source: fence("given x ∈ [0, 1]", "claim x ≤ exp(800)"),
        expected: .error, messageContains: "double precision"),
    SoundnessCase(
        name: "an overflowing first expression leaves every point out",
        source: fence("given x ∈ [0, 1]", "claim exp(800 + x) ≤ exp(800)"),
        expected: .error),
    SoundnessCase(
        name: "≥ against log(0) refutes at the end of the interval",
        source: fence("given x ∈ [0, 1]", "claim x ≥ log(x)"),
        expected: .refuted, point: ["x": "0"], nonFinite: .right),
    SoundnessCase(
        name: "< against an overflow is no verdict",
        source: fence("given x ∈ [1, 2]", "claim x < exp(1000)"),
        expected: .error, messageContains: "double precision"),
    SoundnessCase(
        name: "a NaN last step of a chain refutes it",
        source: fence(
            "given x ∈ [-1, 1]",
            "claim (x + 1)^2 = x^2 + 2*x + 1",
            "  = x^2 + 2*x + 1 + 0*log(x - x)"),
        expected: .refuted, point: ["x": "0"], nonFinite: .step(2)),
    SoundnessCase(
        name: "an infinite first step of a chain refutes it though the last agrees",
        source: fence("given x ∈ [1, 2]", "claim x*x = x^2 + 1/(x - x) = x^2"),
        expected: .refuted, point: ["x": "1"], nonFinite: .step(1)),
    SoundnessCase(
        name: "one NaN element of a vector refutes",
        source: fence("given y ∈ onehot(3)", "claim y = y + 0*log(1 - y)"),
        expected: .refuted, nonFinite: .right),
    SoundnessCase(
        name: "NaN elements of a matrix refute",
        source: fence("given W ∈ [0, 1]^(2×2)", "claim W @ W = W @ W + 0*log(W)"),
        expected: .refuted, point: ["W": "[[0, 0], [0, 0]]"], nonFinite: .right),
    SoundnessCase(
        name: "a NaN element of a for-claim refutes",
        source: fence("given x ∈ [0, 1]^3", "claim x[i] = x[i] + 0*log(x[i]) for i"),
        expected: .refuted, point: ["x": "[0, 0, 0]"], nonFinite: .right),
    SoundnessCase(
        name: "a NaN in a derivative's right side refutes",
        source: fence("given x ∈ [0, 1]", "claim d/dx x^2 = 2*x + 0*log(x)"),
        expected: .refuted, point: ["x": "0"], nonFinite: .right),
    SoundnessCase(
        name: "dividing a softmax gradient by a one-hot label refutes",
        source: fence(
            "given z ∈ [-3, 3]^3, y ∈ onehot(3)",
            "let a = softmax(z)",
            "let L = -sum(y*log(a))",
            "claim ∂L/∂z = (a - y)*y/y"),
        expected: .refuted, point: ["z": "[0, 0, 0]"], nonFinite: .right),
    SoundnessCase(
        name: "expect=fail with an overflowing right side is refuted as expected",
        source: fence("given x ∈ [0, 1]", "claim x = x + exp(800)"), attributes: expectFail,
        expected: .refutedAsExpected, point: ["x": "0"], nonFinite: .right),
    SoundnessCase(
        name: "expect=fail with ≤ against a wrong overflow is refuted as expected",
        source: fence("given x ∈ [0, 1]", "claim x ≥ x + exp(800)"), attributes: expectFail,
        expected: .refutedAsExpected, nonFinite: .right),
    SoundnessCase(
        name: "a non-finite first expression at most points is an error",
        source: fence("given x ∈ [-3, 1]", "claim sqrt(x)^2 = x"),
        expected: .error),
    SoundnessCase(
        name: "a non-finite first expression at a few points leaves them out",
        source: fence("given x ∈ [-1, 4]", "claim sqrt(x)^2 = x"),
        expected: .verified, minimumExcluded: 1),
    SoundnessCase(
        name: "both sides infinite where the first is infinite: left out, not refuted",
        source: fence("given x ∈ [0, 1]", "claim 1/x + 1 = (1 + x)/x"),
        expected: .verified, minimumExcluded: 1),
    SoundnessCase(
        name: "0·log 0 in the first expression is left out",
        source: fence("given x ∈ [0, 2]", "claim x*log(x) ≥ x - 1"),
        expected: .verified, minimumExcluded: 1),
]

// MARK: - 2. The absolute tolerance comes only from the compared sides' rounding

/// Unrelated large magnitudes (a let, an unused given, a later step of a chain) never loosen a comparison,
/// and tiny magnitudes are compared at their own scale.
let toleranceCases: [SoundnessCase] = [
    SoundnessCase(
        name: "a quotient by pure rounding noise supports no claim",
        source: fence("given x ∈ [0.25, 0.75]", "claim 1/((1e8 + x) - 1e8 - x) = 5"),
        expected: .refuted),
    SoundnessCase(
        name: "a huge let does not excuse log(K) = 601",
        source: fence("given x ∈ [0, 1]", "let K = exp(600)", "claim log(K) = 601"),
        expected: .refuted, point: ["x": "0"]),
    SoundnessCase(
        name: "a huge let does not excuse log(K) = 601, no givens",
        source: fence("let K = exp(600)", "claim log(K) = 601"),
        expected: .refuted),
    SoundnessCase(
        name: "log(K·x) off by one next to a huge product",
        source: fence("given x ∈ [1, 2]", "let K = exp(600)", "claim log(K*x) = 601 + log(x)"),
        expected: .refuted, point: ["x": "1"]),
    SoundnessCase(
        name: "an unused given in [1e12, 1e13] does not hide sin(x) + 0.5",
        source: fence("given x ∈ [-1, 1], big ∈ [1e12, 1e13]", "claim sin(x) = sin(x) + 0.5"),
        expected: .refuted, point: ["x": "0"]),
    SoundnessCase(
        name: "x = 2x on [1e-20, 1e-19]",
        source: fence("given x ∈ [1e-20, 1e-19]", "claim x = 2*x"),
        expected: .refuted),
    SoundnessCase(
        name: "a large last step does not loosen the first step",
        source: fence("given x ∈ [1, 2]", "claim x = x + 1e-6 ≤ x*exp(50)"),
        expected: .refuted, point: ["x": "1"]),
    SoundnessCase(
        name: "a huge let times zero does not loosen a vector claim",
        source: fence(
            "given v ∈ [-1, 1]^3",
            "let big = exp(500)*sum(v*v)",
            "claim sum(v*v) + 0*big = sum(v*v) + 1e-3"),
        expected: .refuted, point: ["v": "[0, 0, 0]"]),
    SoundnessCase(
        name: "an unused huge given does not hide a wrong sigmoid derivative",
        source: fence("given z ∈ [-4, 4], n ∈ [1e12, 1e13]", "claim d/dz σ(z) = σ(z)*(1 - σ(z)) + 0.1"),
        expected: .refuted, point: ["z": "0"]),
    SoundnessCase(
        name: "≤ gets no slack from an unused huge given",
        source: fence("given x ∈ [0, 1], big ∈ [1e13, 1e14]", "claim x + 1 ≤ x"),
        expected: .refuted, point: ["x": "0"]),
    SoundnessCase(
        name: "≥ on tiny numbers is compared at their scale",
        source: fence("given x ∈ [1e-20, 1e-19]", "claim -x ≥ x"),
        expected: .refuted),
    SoundnessCase(
        name: "a power rule off by 2 on [1e-14, 1e-13]",
        source: fence("given x ∈ [1e-14, 1e-13]", "claim d/dx x^2 = x"),
        expected: .refuted),
    SoundnessCase(
        name: "a 1e300 let multiplied by zero does not hide 1e-6",
        source: fence("given x ∈ [-1, 1]", "let big = 1e300", "let y = x + 0*big", "claim y = x + 1e-6"),
        expected: .refuted, point: ["x": "0"]),
    SoundnessCase(
        name: "an unused huge given does not hide a for-claim off by 1e-3",
        source: fence(
            "given W ∈ [-1, 1]^(2×2), s ∈ [1e12, 1e13]", "claim transpose(W)[i, j] = W[j, i] + 1e-3 for i, j"),
        expected: .refuted, point: ["W": "[[0, 0], [0, 0]]"]),
    SoundnessCase(
        name: "a large constant in the loss does not loosen its gradient",
        source: fence("given z ∈ [-4, 4]", "let L = 1e15 + σ(z)", "claim ∂L/∂z = σ(z)*(1 - σ(z)) + 1e-4"),
        expected: .refuted, point: ["z": "0"]),
]

// MARK: - 3. Rounding never refutes a true identity

/// True identities whose double-precision evaluation cancels or underflows must be verified.
let roundingCases: [SoundnessCase] = [
    SoundnessCase(
        name: "(1e8 + x) - 1e8 = x",
        source: fence("given x ∈ [-1, 1]", "claim (1e8 + x) - 1e8 = x"),
        expected: .verified),
    SoundnessCase(
        name: "(1e8 + x) - 1e8 = x with the sum named by let",
        source: fence("given x ∈ [-1, 1]", "let s = 1e8 + x", "claim s - 1e8 = x"),
        expected: .verified),
    SoundnessCase(
        name: "(1e8 + x) - 1e8 ≤ x",
        source: fence("given x ∈ [-1, 1]", "claim (1e8 + x) - 1e8 ≤ x"),
        expected: .verified),
    SoundnessCase(
        name: "(1e8 + x) - 1e8 = x in a chain",
        source: fence("given x ∈ [-1, 1]", "claim (1e8 + x) - 1e8 = x = x*1"),
        expected: .verified),
    SoundnessCase(
        name: "(1e8 + v) - 1e8 = v for a vector",
        source: fence("given v ∈ [-1, 1]^3", "claim (1e8 + v) - 1e8 = v"),
        expected: .verified),
    SoundnessCase(
        name: "(1e8 + v) - 1e8 = v element by element",
        source: fence("given v ∈ [-1, 1]^3", "claim ((1e8 + v) - 1e8)[i] = v[i] for i"),
        expected: .verified),
    SoundnessCase(
        name: "expect=fail on a true identity that cancels is unexpectedly verified",
        source: fence("given x ∈ [-1, 1]", "claim (1e8 + x) - 1e8 = x"), attributes: expectFail,
        expected: .unexpectedlyVerified),
    SoundnessCase(
        name: "1 - cos(x) = 2 sin(x/2)² near 0",
        source: fence("given x ∈ [-1e-4, 1e-4]", "claim 1 - cos(x) = 2*sin(x/2)^2"),
        expected: .verified),
    SoundnessCase(
        name: "1e6 (1 - cos(x)) = 2e6 sin(x/2)² near 0",
        source: fence("given x ∈ [-1e-3, 1e-3]", "claim 1e6*(1 - cos(x)) = 2e6*sin(x/2)^2"),
        expected: .verified),
    SoundnessCase(
        name: "log σ(z) = -softplus(-z) for very negative z",
        source: fence("given z ∈ [-740, -700]", "claim log(σ(z)) = -softplus(-z)"),
        expected: .verified),
    SoundnessCase(
        name: "log(1 - σ(z)) = -softplus(z) where 1 - σ(z) cancels",
        source: fence("given z ∈ [25, 35]", "claim log(1 - σ(z)) = -softplus(z)"),
        expected: .verified),
    SoundnessCase(
        name: "(x + 1)² - x² = 2x + 1 for x near 1e9",
        source: fence("given x ∈ [1e8, 1e9]", "claim (x + 1)^2 - x^2 = 2*x + 1"),
        expected: .verified),
    SoundnessCase(
        name: "(a + b)² - (a - b)² = 4ab with a large",
        source: fence("given a ∈ [1e6, 1e7], b ∈ [-1, 1]", "claim (a + b)^2 - (a - b)^2 = 4*a*b"),
        expected: .verified),
    SoundnessCase(
        name: "the variance shortcut on data far from 0 (batch norm)",
        source: fence(
            "given v ∈ [1000000, 1000001]^4", "claim mean(v*v) - mean(v)^2 = mean((v - mean(v))^2)"),
        expected: .verified),
    SoundnessCase(
        name: "softmax is invariant to a large shift",
        source: fence("given z ∈ [-1, 1]^3", "claim softmax(z + 1e10) = softmax(z)"),
        expected: .verified),
    SoundnessCase(
        name: "the derivative of (x + 1)² - x² is 2 for x near 1e10",
        source: fence("given x ∈ [1e9, 1e10]", "claim d/dx ((x + 1)^2 - x^2) = 2"),
        expected: .verified),
]

// MARK: - 4. Built-ins propagate NaN

/// A built-in given NaN returns NaN, so a NaN argument cannot vanish into a finite value.
let nanPropagationCases: [SoundnessCase] = {
    let functions = [
        "relu(sqrt(-1 - z^2))", "step(sqrt(-1 - z^2))", "abs(sqrt(-1 - z^2))", "sign(sqrt(-1 - z^2))",
        "max(sqrt(-1 - z^2), 0)", "max(0, sqrt(-1 - z^2))", "min(sqrt(-1 - z^2), 0)", "min(0, sqrt(-1 - z^2))",
        "leaky_relu(sqrt(-1 - z^2), 0.01)",
    ]
    var cases = functions.map { f in
        SoundnessCase(
            name: "z = z + \(f)", source: fence("given z ∈ [-1, 1]", "claim z = z + \(f)"),
            expected: .refuted, point: ["z": "0"], nonFinite: .right)
    }
    cases += [
        SoundnessCase(
            name: "max of a vector with NaN elements is NaN",
            source: fence("given v ∈ [-1, 1]^3", "claim max(v) = max(v + 0*log(v))"),
            expected: .refuted, point: ["v": "[0, 0, 0]"], nonFinite: .right),
        SoundnessCase(
            name: "min of a vector with NaN elements is NaN",
            source: fence("given v ∈ [-1, 1]^3", "claim min(v) = min(v + 0*log(-v))"),
            expected: .refuted, point: ["v": "[0, 0, 0]"], nonFinite: .right),
        SoundnessCase(
            name: "relu of a NaN vector is NaN",
            source: fence("given z ∈ [-1, 1]^2", "claim relu(z) = relu(z) + relu(sqrt(-1 - z*z))"),
            expected: .refuted, point: ["z": "[0, 0]"], nonFinite: .right),
        SoundnessCase(
            name: "step of log of a negative number, element by element",
            source: fence("given z ∈ [-1, 1]^3", "claim z[i] = z[i] + step(log(-1 - z[i]^2)) for i"),
            expected: .refuted, point: ["z": "[0, 0, 0]"], nonFinite: .right),
        SoundnessCase(
            name: "relu of NaN added to a derivative",
            source: fence("given z ∈ [-1, 1]", "claim d/dz σ(z) = σ(z)*(1 - σ(z)) + relu(sqrt(-1 - z^2))"),
            expected: .refuted, point: ["z": "0"], nonFinite: .right),
        SoundnessCase(
            name: "step of NaN in the last step of a chain",
            source: fence("given z ∈ [-1, 1]", "claim relu(z) = z*step(z) = z*step(z) + step(sqrt(-1 - z^2))"),
            expected: .refuted, point: ["z": "0"], nonFinite: .step(2)),
        SoundnessCase(
            name: "expect=fail with relu of NaN is refuted as expected",
            source: fence("given z ∈ [-1, 1]", "claim z = z + relu(sqrt(-1 - z^2))"), attributes: expectFail,
            expected: .refutedAsExpected, point: ["z": "0"], nonFinite: .right),
        SoundnessCase(
            name: "relu of NaN in the first expression leaves every point out",
            source: fence("given z ∈ [-1, 1]", "claim relu(sqrt(-1 - z^2)) = 0"),
            expected: .error),
    ]
    return cases
}()

// MARK: - 5. Kinks

/// Only a non-smooth built-in at (or within about 1e-9 of) its kink makes a point a candidate to be left
/// out; fast-varying smooth functions are never kinks, and a cancelled kink never rescues a false claim.
let kinkCases: [SoundnessCase] = [
    SoundnessCase(
        name: "d/dx sin(20000x) = 20000 cos(20000x) + x",
        source: fence("given x ∈ [-1, 1]", "claim d/dx sin(20000*x) = 20000*cos(20000*x) + x"),
        expected: .refuted, point: ["x": "1"]),
    SoundnessCase(
        name: "d/dx sin(20000x) = 20000 cos(20000x)",
        source: fence("given x ∈ [-1, 1]", "claim d/dx sin(20000*x) = 20000*cos(20000*x)"),
        expected: .verified),
    SoundnessCase(
        name: "d/dx cos(5000x) with the sign dropped",
        source: fence("given x ∈ [-1, 1]", "claim d/dx cos(5000*x) = 5000*sin(5000*x)"),
        expected: .refuted, point: ["x": "1"]),
    SoundnessCase(
        name: "derivative of a fast oscillating let, off by t",
        source: fence(
            "given t ∈ [0, 1]", "let f = sin(1e4*t)^2", "claim ∂f/∂t = 2e4*sin(1e4*t)*cos(1e4*t) + t"),
        expected: .refuted, point: ["t": "1"]),
    SoundnessCase(
        name: "a steep tanh is smooth",
        source: fence("given x ∈ [-1, 1]", "claim d/dx tanh(1e4*x) = 1e4*(1 - tanh(1e4*x)^2)"),
        expected: .verified),
    SoundnessCase(
        name: "d/dx relu(x) = 1 on [-1e-6, 1e-6]",
        source: fence("given x ∈ [-1e-6, 1e-6]", "claim d/dx relu(x) = 1"),
        expected: .refuted),
    SoundnessCase(
        name: "d/dx relu(x) = step(x) on [-1e-6, 1e-6]",
        source: fence("given x ∈ [-1e-6, 1e-6]", "claim d/dx relu(x) = step(x)"),
        expected: .verified),
    SoundnessCase(
        name: "relu's Jacobian diagonal claimed 1 near the kink",
        source: fence("given z ∈ [-1e-6, 1e-6]^3", "let a = relu(z)", "claim ∂a[i]/∂z[i] = 1 for i"),
        expected: .refuted),
    SoundnessCase(
        name: "d/dz leaky_relu = 0.1 on [-1e-7, 1e-7]",
        source: fence("given z ∈ [-1e-7, 1e-7]", "claim d/dz leaky_relu(z, 0.1) = 0.1"),
        expected: .refuted),
    SoundnessCase(
        name: "d/dz leaky_relu = 0.1 + 0.9 step(z) on [-1e-6, 1e-6]",
        source: fence("given z ∈ [-1e-6, 1e-6]", "claim d/dz leaky_relu(z, 0.1) = 0.1 + 0.9*step(z)"),
        expected: .verified),
    SoundnessCase(
        name: "d/da max(a, b) = 1 near the tie",
        source: fence("given a ∈ [-1e-6, 1e-6], b ∈ [-1e-6, 1e-6]", "claim d/da max(a, b) = 1"),
        expected: .refuted),
    SoundnessCase(
        name: "the L1 gradient near its kink",
        source: fence("given z ∈ [-1e-6, 1e-6]", "let L = abs(z)", "claim ∂L/∂z = sign(z)"),
        expected: .verified),
    SoundnessCase(
        name: "cancelled kink: d/dx |x|² = 2|x| is false for x < 0",
        source: fence("given x ∈ [-1e-6, 1e-6]", "claim d/dx (abs(x)^2) = 2*abs(x)"),
        expected: .refuted),
    SoundnessCase(
        name: "cancelled kink: d/dx (x|x|) = 2x is false for x < 0",
        source: fence("given x ∈ [-1e-6, 1e-6]", "claim d/dx (x*abs(x)) = 2*x"),
        expected: .refuted),
    SoundnessCase(
        name: "cancelled kink: d/dx (x|x|) = 2|x|",
        source: fence("given x ∈ [-1e-6, 1e-6]", "claim d/dx (x*abs(x)) = 2*abs(x)"),
        expected: .verified),
    SoundnessCase(
        name: "relu just right of its kink, beyond 1e-9, is smooth",
        source: fence("given x ∈ [1e-6, 2e-6]", "claim d/dx relu(x) = 1"),
        expected: .verified),
    SoundnessCase(
        name: "relu just left of its kink, beyond 1e-9, is smooth",
        source: fence("given x ∈ [-2e-6, -1e-6]", "claim d/dx relu(x) = 0*x"),
        expected: .verified),
    SoundnessCase(
        name: "cancelled kink: relu(x) - relu(-x) does not have derivative 2 step(x)",
        source: fence("given x ∈ [-1, 1]", "claim d/dx (relu(x) - relu(-x)) = 2*step(x)"),
        expected: .refuted),
    SoundnessCase(
        name: "abs at its kink among finite values",
        source: fence("given x ∈ {-1, 0, 1}", "claim d/dx abs(x) = sign(x)"),
        expected: .verified),
]

// MARK: - 6. Sampling

/// The points tried include crossed anchors, every one-hot vector, simplex vertices and faces, every
/// member of a small finite domain, large magnitudes of ℝ, and the whole of a huge interval.
let samplingCases: [SoundnessCase] = [
    SoundnessCase(
        name: "anchors are crossed: x² + (y - 1)² > 0 fails at (0, 1)",
        source: fence("given x ∈ [-2, 2], y ∈ [-2, 2]", "claim x^2 + (y - 1)^2 > 0"),
        expected: .refuted, point: ["x": "0", "y": "1"]),
    SoundnessCase(
        name: "anchors of three givens are crossed",
        source: fence("given a ∈ [-1, 1], b ∈ [-1, 1], c ∈ [-1, 1]", "claim (a - 1)^2 + b^2 + (c + 1)^2 > 0"),
        attributes: FenceAttributes(samples: 500),
        expected: .refuted, point: ["a": "1", "b": "0", "c": "-1"]),
    SoundnessCase(
        name: "a closed end crossed with 0",
        source: fence("given w ∈ [-2, 2], b ∈ [-2, 2]", "claim abs(w) + abs(b - 2) > 0"),
        expected: .refuted, point: ["w": "0", "b": "2"]),
    SoundnessCase(
        name: "a vector anchor crossed with a scalar anchor",
        source: fence("given u ∈ [-1, 1]^2, s ∈ [-1, 1]", "claim dot(u, u) + (s - 1)^2 > 0"),
        expected: .refuted, point: ["u": "[0, 0]", "s": "1"]),
    SoundnessCase(
        name: "every one-hot vector of 200 is tried",
        source: fence("given y ∈ onehot(200)", "claim y[137] < 1"),
        expected: .refuted),
    SoundnessCase(
        name: "the last one-hot vector of 120 is tried",
        source: fence("given y ∈ onehot(120)", "claim y[120] = 0"),
        expected: .refuted),
    SoundnessCase(
        name: "the last one-hot vector of 128, element by element",
        source: fence("given y ∈ onehot(128)", "claim y[i]*δ(i, 128) = 0 for i"),
        expected: .refuted, worstIndex: [128]),
    SoundnessCase(
        name: "a simplex vertex is tried",
        source: fence("given p ∈ simplex(3)", "claim p[1] < 1"),
        expected: .refuted, point: ["p": "[1, 0, 0]"]),
    SoundnessCase(
        name: "any simplex vertex breaks max(p) < 1",
        source: fence("given p ∈ simplex(4)", "claim max(p) < 1"),
        expected: .refuted),
    SoundnessCase(
        name: "a simplex face is tried",
        source: fence("given p ∈ simplex(3)", "claim p[1]*p[2] ≤ sign(p[3])"),
        expected: .refuted),
    SoundnessCase(
        name: "{0, 1}^12 is enumerated",
        source: fence(
            "given b ∈ {0, 1}^12",
            "let n = b[1] + 2*b[2] + 4*b[3] + 8*b[4] + 16*b[5] + 32*b[6] + 64*b[7] + 128*b[8] + 256*b[9] + 512*b[10] + 1024*b[11] + 2048*b[12]",
            "claim (n - 2741)^2 > 0"),
        expected: .refuted, point: ["b": "[1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1]"]),
    SoundnessCase(
        name: "{0, 1, 2}^5 is enumerated",
        source: fence(
            "given t ∈ {0, 1, 2}^5", "let n = t[1] + 3*t[2] + 9*t[3] + 27*t[4] + 81*t[5]", "claim (n - 200)^2 > 0"),
        expected: .refuted, point: ["t": "[2, 0, 1, 1, 2]"]),
    SoundnessCase(
        name: "ℝ reaches |x| ≥ 50",
        source: fence("given x ∈ ℝ", "claim x^2 < 2500"),
        expected: .refuted),
    SoundnessCase(
        name: "ℝ reaches |x| > 50",
        source: fence("given x ∈ ℝ", "claim abs(x) ≤ 50"),
        expected: .refuted),
    SoundnessCase(
        name: "elements of ℝ^3 reach |x| ≥ 50",
        source: fence("given v ∈ ℝ^3", "claim max(abs(v)) < 50"),
        expected: .refuted),
    SoundnessCase(
        name: "[-1e308, 1e308] is sampled without overflow: halves",
        source: fence("given x ∈ [-1e308, 1e308]", "claim x/2 + x/2 = x"),
        expected: .verified),
    SoundnessCase(
        name: "[-1e308, 1e308] is sampled without overflow: x - x",
        source: fence("given x ∈ [-1e308, 1e308]", "claim x - x = 0"),
        expected: .verified),
    SoundnessCase(
        name: "[-1e308, 1e308] is sampled across its width",
        source: fence("given x ∈ [-1e308, 1e308]", "claim x < 1e300"),
        expected: .refuted),
]

// MARK: - 7. A shape mismatch in a comparison is an error

/// Comparing tensors of different shapes (neither a scalar) cannot be judged: `.error`, never refuted.
let shapeMismatchCases: [SoundnessCase] = [
    SoundnessCase(
        name: "vectors of lengths 3 and 2",
        source: fence("given u ∈ ℝ^3, v ∈ ℝ^2", "claim u = v"), expected: .error, messageContains: "shape"),
    SoundnessCase(
        name: "a gradient by a matrix compared with a vector",
        source: fence("given W ∈ ℝ^(2×3), x ∈ ℝ^3", "let L = sum(W @ x)", "claim ∂L/∂W = x"),
        expected: .error, messageContains: "shape"),
    SoundnessCase(
        name: "a 2×3 matrix compared with its transpose",
        source: fence("given W ∈ ℝ^(2×3)", "claim W = Wᵀ"), expected: .error, messageContains: "shape"),
    SoundnessCase(
        name: "the last step of a chain is a matrix",
        source: fence("given u ∈ ℝ^3", "claim u = u*1 = outer(u, u)"), expected: .error,
        messageContains: "shape"),
    SoundnessCase(
        name: "≤ between vectors of lengths 3 and 4",
        source: fence("given u ∈ [0, 1]^3, v ∈ [0, 1]^4", "claim u ≤ v"), expected: .error,
        messageContains: "shape"),
    SoundnessCase(
        name: "≥ between a matrix and a vector",
        source: fence("given u ∈ [0, 1]^2, M ∈ [0, 1]^(2×2)", "claim M ≥ u"), expected: .error,
        messageContains: "shape"),
    SoundnessCase(
        name: "a for-claim whose right side is a vector per index",
        source: fence("given A ∈ ℝ^(2×2), x ∈ ℝ^2", "claim (A @ x)[i] = A[i, 1]*x + A[i, 2]*x for i"),
        expected: .error, messageContains: "shape"),
    SoundnessCase(
        name: "expect=fail does not turn a shape mismatch into a refutation",
        source: fence("given u ∈ ℝ^3, v ∈ ℝ^2", "claim u = v"), attributes: expectFail, expected: .error,
        messageContains: "shape"),
    SoundnessCase(
        name: "the softmax Jacobian compared with the sigmoid-style vector",
        source: fence("given z ∈ ℝ^3", "let a = softmax(z)", "claim ∂a/∂z = a*(1 - a)"), expected: .error,
        messageContains: "shape"),
    SoundnessCase(
        name: "a dense layer's weight gradient written transposed",
        source: fence(
            "given W ∈ [-1, 1]^(2×3), x ∈ [-1, 1]^3, y ∈ {0, 1}^2",
            "let A = σ(W @ x)",
            "let L = sum(-(y*log(A) + (1 - y)*log(1 - A)))",
            "claim ∂L/∂W = outer(x, A - y)"),
        expected: .error, messageContains: "shape"),
    SoundnessCase(
        name: "an outer product compared with an element-wise square",
        source: fence("given u ∈ ℝ^3", "claim outer(u, u) = u*u"), expected: .error, messageContains: "shape"),
    SoundnessCase(
        name: "≤ between a 2×2 and a 3×3 matrix",
        source: fence("given A ∈ ℝ^(2×2), B ∈ ℝ^(3×3)", "claim A @ A ≤ B @ B"), expected: .error,
        messageContains: "shape"),
    SoundnessCase(
        name: "a gradient by a vector compared with a matrix",
        source: fence("given w ∈ ℝ^3, x ∈ ℝ^3", "claim d/dw dot(w, x) = outer(x, w)"), expected: .error,
        messageContains: "shape"),
]

// MARK: - 8. rtol above 1e-6 is refused by default

/// The default judge options refuse an `rtol=` above 1e-6 (an error naming it); 1e-6 and below are honoured.
let relativeToleranceCases: [SoundnessCase] = [
    SoundnessCase(
        name: "rtol=1e-5 on a true claim is refused",
        source: fence("given x ∈ [1, 2]", "claim x*(x + 1) = x^2 + x"), attributes: relativeTolerance(1e-5),
        expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=1e-3 on a false claim is refused",
        source: fence("given x ∈ [1, 2]", "claim x = x*1.0001"), attributes: relativeTolerance(1e-3),
        expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=0.5 is refused",
        source: fence("given z ∈ [-4, 4]", "claim d/dz σ(z) = σ(z)*(1 - σ(z))"), attributes: relativeTolerance(0.5),
        expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=1 is refused",
        source: fence("given x ∈ [0, 1]", "claim x = 2*x"), attributes: relativeTolerance(1),
        expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=2e-6 is refused",
        source: fence("given x ∈ [0, 1]", "claim x = x"), attributes: relativeTolerance(2e-6),
        expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=1e-5 with expect=fail is refused, not refuted as expected",
        source: fence("given x ∈ [1, 2]", "claim x = x + 1"), attributes: relativeTolerance(1e-5, expectFailure: true),
        expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=1e-4 on a backprop step is refused",
        source: fence(
            "given z ∈ [-6, 6], y ∈ {0, 1}", "let a = σ(z)", "let L = -(y*log(a) + (1 - y)*log(1 - a))",
            "claim ∂L/∂z = a - y"),
        attributes: relativeTolerance(1e-4), expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=3e-6 on a chain is refused",
        source: fence("given x ∈ [-1, 1]", "claim (x + 1)^2 = x^2 + 2*x + 1 = 1 + x*(x + 2)"),
        attributes: relativeTolerance(3e-6), expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=1e-2 on an inequality is refused",
        source: fence("given x ∈ ℝ", "claim exp(x) ≥ 1 + x"), attributes: relativeTolerance(1e-2),
        expected: .error, messageContains: "rtol"),
    SoundnessCase(
        name: "rtol=1e-6 is honoured on a true claim",
        source: fence("given x ∈ [1, 2]", "claim x*(x + 1) = x^2 + x"), attributes: relativeTolerance(1e-6),
        expected: .verified),
    SoundnessCase(
        name: "rtol=1e-7 is honoured",
        source: fence("given z ∈ [-4, 4]", "claim d/dz σ(z) = σ(z)*(1 - σ(z))"), attributes: relativeTolerance(1e-7),
        expected: .verified),
    SoundnessCase(
        name: "rtol=0 is honoured on an identity",
        source: fence("given x ∈ [-2, 2]", "claim x*(x + 1) = x^2 + x"), attributes: relativeTolerance(0),
        expected: .verified),
    SoundnessCase(
        name: "rtol=1e-6 still refutes an error of 1e-3",
        source: fence("given x ∈ [1, 2]", "claim x = x + 1e-3"), attributes: relativeTolerance(1e-6),
        expected: .refuted, point: ["x": "1"]),
    SoundnessCase(
        name: "rtol=1e-6 accepts a relative difference of 5e-7",
        source: fence("given x ∈ [1, 2]", "claim x = x*(1 + 5e-7)"), attributes: relativeTolerance(1e-6),
        expected: .verified),
]

@Suite("Soundness families")
struct SoundnessFamilyTests {
    @Test("1. non-finite values never hold", arguments: nonFiniteCases)
    func nonFiniteValues(_ testCase: SoundnessCase) { check(testCase) }

    @Test("2. the absolute tolerance comes only from the compared sides", arguments: toleranceCases)
    func toleranceFromTheComparedSides(_ testCase: SoundnessCase) { check(testCase) }

    @Test("3. rounding never refutes a true identity", arguments: roundingCases)
    func roundingNeverRefutes(_ testCase: SoundnessCase) { check(testCase) }

    @Test("4. built-ins propagate NaN", arguments: nanPropagationCases)
    func builtinsPropagateNaN(_ testCase: SoundnessCase) { check(testCase) }

    @Test("5. only a built-in at its kink makes a point a kink", arguments: kinkCases)
    func kinks(_ testCase: SoundnessCase) { check(testCase) }

    @Test("6. the points tried reach every corner of the domain", arguments: samplingCases)
    func sampling(_ testCase: SoundnessCase) { check(testCase) }

    @Test("7. a shape mismatch in a comparison is an error", arguments: shapeMismatchCases)
    func shapeMismatch(_ testCase: SoundnessCase) { check(testCase) }

    @Test("8. rtol above 1e-6 is refused by default", arguments: relativeToleranceCases)
    func relativeToleranceCap(_ testCase: SoundnessCase) { check(testCase) }

    /// Every family has at least 12 cases, and every case's fence parses, so that an expected error is
    /// the intended one and not a typo.
    @Test("every family is large enough and every fence parses")
    func familiesAreWellFormed() {
        let families = [
            nonFiniteCases, toleranceCases, roundingCases, nanPropagationCases, kinkCases, samplingCases,
            shapeMismatchCases, relativeToleranceCases,
        ]
        for family in families {
            #expect(family.count >= 12)
            for testCase in family {
                #expect(throws: Never.self, "\(testCase.name)") { try parseClaimFence(testCase.source) }
            }
        }
        let names = families.flatMap { $0.map(\.name) }
        #expect(Set(names).count == names.count, "case names are unique")
    }
}
