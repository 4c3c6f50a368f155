import ClaimLanguage
import ComputeCore
import Foundation

/// One claim shape of the benchmark corpus, with a hand-written check of the same claim: its points drawn
/// from the same domains by the same generator, both sides computed from closed forms and hand-coded
/// derivatives, and compared by the same tolerance. The ratio of the judge's time to this one's is what
/// the judge costs over the least a checker could do at those points.
struct ClaimShape: Sendable {
    /// The shape's name in the report.
    let name: String
    /// The fence the judge is given.
    let fence: String
    /// The givens' domains, in the fence's order.
    let domains: [Domain]
    /// Whether the first given is crossed with {0, 1}, as the judge crosses a finite scalar set.
    let crossesFiniteLabel: Bool
    /// Checks the claim at one point (the givens' values, flattened in order) and returns whether every
    /// comparison held.
    let check: @Sendable (UnsafeBufferPointer<Double>, Tolerance) -> Bool

    /// Runs the hand-written check at `count` points drawn with `seed`; returns how many held.
    func handWritten(points count: Int, seed: UInt64) -> Int {
        var generator = SeededGenerator(seed: seed)
        let tolerance = Tolerance.default
        let width = domains.reduce(0) { $0 + max(1, $1.shape.reduce(1, *)) }
        var values = [Double](repeating: 0, count: width)
        var held = 0
        var p = 0
        while p < count {
            // Element by element from the same distributions as `Domain.sample`, into one buffer.
            var offset = 0
            for domain in domains {
                switch domain {
                case .scalar(let scalar):
                    values[offset] = scalar.sample(using: &generator)
                    offset += 1
                case .tensor(let scalar, let shape):
                    for _ in 0..<shape.reduce(1, *) {
                        values[offset] = scalar.sample(using: &generator)
                        offset += 1
                    }
                case .oneHot(let n):
                    let hot = generator.nextIndex(below: n)
                    for k in 0..<n { values[offset + k] = k == hot ? 1 : 0 }
                    offset += n
                default:
                    fatalError("not a shape of the benchmark")
                }
            }
            for label in crossesFiniteLabel ? [0.0, 1.0] : [values.last ?? 0] where p < count {
                values[width - 1] = label
                if values.withUnsafeBufferPointer({ check($0, tolerance) }) { held += 1 }
                p += 1
            }
        }
        return held
    }
}

@inline(__always) private func logistic(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

/// The shapes of `scripts/make-corpus.py`'s claims, and the dense-layer gradient of a 2×5 weight matrix.
let claimShapes: [ClaimShape] = [
    ClaimShape(
        name: "σ′ (d/dz σ(2z))",
        fence: "given z ∈ [-6, 6]\nclaim d/dz(σ(2*z)) = 2*σ(2*z)*(1 - σ(2*z))",
        domains: [.scalar(.interval(lower: -6, upper: 6, lowerClosed: true, upperClosed: true))],
        crossesFiniteLabel: false,
        check: { v, t in
            let s = logistic(2 * v[0])
            let lhs = 2 * s * (1 - s)  // the chain rule by hand
            let rhs = 2 * logistic(2 * v[0]) * (1 - logistic(2 * v[0]))
            return t.holds(lhs, .equal, rhs)
        }),
    ClaimShape(
        name: "BCE chain (∂L/∂z = ∂L/∂a·∂a/∂z = a − y)",
        fence: """
            given z ∈ [-8, 8], y ∈ {0, 1}
            let a = σ(z)
            let L = -(y*log(a) + (1 - y)*log(1 - a))
            claim ∂L/∂z = (∂L/∂a)*(∂a/∂z) = a - y
            """,
        domains: [
            .scalar(.interval(lower: -8, upper: 8, lowerClosed: true, upperClosed: true)), .scalar(.finite([0, 1])),
        ],
        crossesFiniteLabel: true,
        check: { v, t in
            let z = v[0], y = v[1]
            let a = logistic(z)
            let dLda = -(y / a) + (1 - y) / (1 - a)
            let dadz = a * (1 - a)
            let lhs = dLda * dadz
            let step = (-(y / a) + (1 - y) / (1 - a)) * (a * (1 - a))
            let rhs = a - y
            return t.holds(lhs, .equal, step) && t.holds(step, .equal, rhs) && t.holds(lhs, .equal, rhs)
        }),
    ClaimShape(
        name: "MSE, two lets (∂L/∂w = 2c·e·x)",
        fence: """
            given w ∈ [-3, 3], x ∈ [-3, 3], y ∈ [-3, 3]
            let e = w*x - y
            let L = 0.5*e^2
            claim ∂L/∂w = 2*0.5*e*x
            """,
        domains: Array(
            repeating: .scalar(.interval(lower: -3, upper: 3, lowerClosed: true, upperClosed: true)), count: 3),
        crossesFiniteLabel: false,
        check: { v, t in
            let e = v[0] * v[1] - v[2]
            let lhs = 0.5 * 2 * e * v[1]  // d/dw of 0.5·e², by hand
            let rhs = 2 * 0.5 * (v[0] * v[1] - v[2]) * v[1]
            return t.holds(lhs, .equal, rhs)
        }),
    ClaimShape(
        name: "softmax cross-entropy over ℝ⁵",
        fence: """
            given z ∈ ℝ^5, y ∈ onehot(5)
            let L = cross_entropy(softmax(z), y)
            claim ∂L/∂z = softmax(z) - y
            """,
        domains: [.tensor(.reals, shape: [5]), .oneHot(5)],
        crossesFiniteLabel: false,
        check: { v, t in
            func softmax(_ k: Int) -> Double {
                var largest = -Double.infinity
                for i in 0..<5 { largest = max(largest, v[i]) }
                var total = 0.0
                for i in 0..<5 { total += exp(v[i] - largest) }
                return exp(v[k] - largest) / total
            }
            var holds = true
            for k in 0..<5 {
                let lhs = softmax(k) - v[5 + k]  // the gradient of −Σ y log softmax(z), by hand
                let rhs = softmax(k) - v[5 + k]
                holds = holds && t.holds(lhs, .equal, rhs)
            }
            return holds
        }),
    ClaimShape(
        name: "dense-layer gradient, 2×5 W (for i, j)",
        fence: """
            given W ∈ [-1, 1]^(2×5), x ∈ [-1, 1]^5, y ∈ [-1, 1]^2
            let o = W @ x
            let E = sum((o - y)^2)/2
            claim ∂E/∂W[i, j] = (o[i] - y[i])*x[j] for i, j
            """,
        domains: [
            .tensor(.interval(lower: -1, upper: 1, lowerClosed: true, upperClosed: true), shape: [2, 5]),
            .tensor(.interval(lower: -1, upper: 1, lowerClosed: true, upperClosed: true), shape: [5]),
            .tensor(.interval(lower: -1, upper: 1, lowerClosed: true, upperClosed: true), shape: [2]),
        ],
        crossesFiniteLabel: false,
        check: { v, t in
            var holds = true
            for i in 0..<2 {
                var o = 0.0
                for j in 0..<5 { o += v[5 * i + j] * v[10 + j] }
                let error = o - v[15 + i]  // ∂E/∂o[i], by hand
                for j in 0..<5 {
                    let lhs = error * v[10 + j]
                    var rhs = 0.0
                    for k in 0..<5 { rhs += v[5 * i + k] * v[10 + k] }
                    rhs = (rhs - v[15 + i]) * v[10 + j]
                    holds = holds && t.holds(lhs, .equal, rhs)
                }
            }
            return holds
        }),
]

/// Seconds per call of `body`, the fastest of `rounds` rounds of `repeats` calls.
func secondsPerCall(rounds: Int = 5, repeats: Int, _ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    var best = Double.infinity
    for _ in 0..<rounds {
        let elapsed = clock.measure {
            for _ in 0..<repeats { body() }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        best = min(best, seconds / Double(repeats))
    }
    return best
}

/// Prints each shape's time per claim in the judge and in its hand-written check, as a ratio, and what
/// of the judge's time is fixed cost (parsing the fence, drawing points, setting up scopes: the time of a
/// judge at one point).
func reportClaimShapes(only: Int? = nil) {
    print("claim shape                                   judge µs  hand µs   ratio  points  fixed µs (1 point)  parse µs")
    var sink = 0
    for (k, shape) in claimShapes.enumerated() where only == nil || only == k + 1 {
        let verdict = judge(fence: shape.fence, attributes: FenceAttributes(), fenceID: "shape")
        guard let first = verdict.first, first.verdict == .verified else {
            print("\(shape.name): not verified (\(verdict.first?.verdict.rawValue ?? "none")): \(verdict.first?.message ?? "")")
            continue
        }
        let points = first.pointsTried
        let judged = secondsPerCall(repeats: 200) {
            sink &+= judge(fence: shape.fence, attributes: FenceAttributes(), fenceID: "shape").count
        }
        let hand = secondsPerCall(repeats: 2000) { sink &+= shape.handWritten(points: points, seed: 7) }
        var onePoint = FenceAttributes()
        onePoint.samples = 1
        var bare = JudgeOptions()
        bare.searchesForCounterexamples = false
        bare.checksVacuity = false
        let fixed = secondsPerCall(repeats: 200) {
            sink &+= judge(fence: shape.fence, attributes: onePoint, fenceID: "shape", options: bare).count
        }
        let parse = secondsPerCall(repeats: 2000) { sink &+= (try? parseClaimFence(shape.fence))?.claims.count ?? 0 }
        print(
            shape.name.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(
                    format: "  %8.1f  %7.2f  %6.1f×  %6d  %18.1f  %8.1f", judged * 1e6, hand * 1e6, judged / hand, points,
                    fixed * 1e6, parse * 1e6))
    }
    if sink == 42 { print("") }
}
