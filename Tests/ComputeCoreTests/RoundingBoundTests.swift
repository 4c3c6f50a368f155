import ComputeCore
import Testing

/// An expression over one variable, computed in any scalar type.
struct BoundCase: CustomTestStringConvertible, Sendable {
    let name: String
    let points: [Double]
    let f: @Sendable (RoundingBound) -> RoundingBound
    let exact: @Sendable (Float80) -> Float80
    var testDescription: String { name }
}

/// Computations with cancellations, wide ranges and nested functions, each also written in `Float80`.
let boundCases: [BoundCase] = [
    BoundCase(
        name: "(1e8 + x) − 1e8", points: [-1, -0.3, 1e-9, 0.7], f: { (RoundingBound(1e8) + $0) - RoundingBound(1e8) },
        exact: { (1e8 + $0) - 1e8 }),
    BoundCase(
        name: "1 − cos x near 0", points: [1e-4, 3e-5, -2e-6], f: { RoundingBound(1) - RoundingBound.cos($0) },
        exact: { 1 - Float80.cos($0) }),
    BoundCase(
        name: "log(exp x)", points: [-700, -3, 0.5, 600], f: { RoundingBound.log(RoundingBound.exp($0)) },
        exact: { Float80.log(Float80.exp($0)) }),
    BoundCase(
        name: "x² − (x − 1)(x + 1)", points: [1e6, 3e7, -2e5], f: { $0 * $0 - ($0 - 1) * ($0 + 1) },
        exact: { $0 * $0 - ($0 - 1) * ($0 + 1) }),
    BoundCase(
        name: "σ(x)(1 − σ(x))", points: [-30, 0.3, 30, 40], f: { sigmoid($0) * (RoundingBound(1) - sigmoid($0)) },
        exact: { x in
            let s = 1 / (1 + Float80.exp(-x))
            return s * (1 - s)
        }),
    BoundCase(
        name: "sqrt(x² + 1) − x", points: [1e3, 1e6, 0.5], f: { RoundingBound.sqrt($0 * $0 + 1) - $0 },
        exact: { Float80.sqrt($0 * $0 + 1) - $0 }),
    BoundCase(name: "tanh x / x", points: [1e-3, 2, -7], f: { RoundingBound.tanh($0) / $0 }, exact: { Float80.tanh($0) / $0 }),
    BoundCase(
        name: "(x + 0.1)^3 by multiplication", points: [-0.1, 0.9, 12],
        f: { RoundingBound.pow($0 + RoundingBound(sourceValue: 0.1), 3) },
        exact: { Float80.pow($0 + Float80(sourceValue: 0.1), 3) }),
    BoundCase(name: "exp(x) underflowing", points: [-740, -745, -720], f: { RoundingBound.exp($0) }, exact: { Float80.exp($0) }),
    BoundCase(
        name: "sin(x)² + cos(x)² − 1", points: [0.1, 2, 100],
        f: { RoundingBound.sin($0) * RoundingBound.sin($0) + RoundingBound.cos($0) * RoundingBound.cos($0) - RoundingBound(1) },
        exact: { Float80.sin($0) * Float80.sin($0) + Float80.cos($0) * Float80.cos($0) - 1 }),
    BoundCase(
        name: "a sum of alternating terms", points: [0.3, 3],
        f: { x in
            var total = RoundingBound(0)
            var term = RoundingBound(1)
            for k in 1...20 {
                term = term * x / RoundingBound(Double(k))
                total = k.isMultiple(of: 2) ? total + term : total - term
            }
            return total
        },
        exact: { x in
            var total: Float80 = 0
            var term: Float80 = 1
            for k in 1...20 {
                term = term * x / Float80(k)
                total = k.isMultiple(of: 2) ? total + term : total - term
            }
            return total
        }),
    BoundCase(
        name: "log1p of a tiny number", points: [1e-12, 3e-17], f: { RoundingBound.log(onePlus: $0) },
        exact: { Float80.log(onePlus: $0) }),
]

@Suite("Running error bounds")
struct RoundingBoundTests {
    @Test("the bound contains the double value's distance from extended precision", arguments: boundCases)
    func containsTheError(_ testCase: BoundCase) {
        for x in testCase.points {
            let bounded = testCase.f(RoundingBound(x))
            let exact = testCase.exact(Float80(x))
            let error = abs(Float80(bounded.value) - exact)
            #expect(error <= Float80(bounded.error), "\(testCase.name) at \(x): error \(error), bound \(bounded.error)")
        }
    }

    @Test("the value is the one double precision computes")
    func sameValue() {
        for x in [-3.0, 0.25, 7] {
            #expect(RoundingBound.exp(RoundingBound(x)).value == Double.exp(x))
            #expect((RoundingBound(x) * RoundingBound(x) + RoundingBound(1)).value == x * x + 1)
        }
    }

    @Test("the bound comes from the terms, not from unrelated magnitudes")
    func fromTheTermsOnly() {
        // log(exp(600)) carries about ε·600, not ε·e⁶⁰⁰.
        let logOfLarge = RoundingBound.log(RoundingBound.exp(RoundingBound(600)))
        #expect(logOfLarge.error < 1e-12)
        // 1 − σ(300) is 0 in double precision, and off by up to the rounding of 1.
        let tail = RoundingBound(1) - sigmoid(RoundingBound(300))
        #expect(tail.value == 0 && tail.error >= 1e-16 && tail.error < 1e-15)
        // Exact inputs and integers carry no error; a decimal literal carries its rounding.
        #expect(RoundingBound(3).error == 0 && RoundingBound(sourceValue: 0.1).error > 0)
    }
}
