// CoreBenchmark: the cost of forward-mode derivatives against plain evaluation.
// Run in release: `swift run -c release CoreBenchmark`. Not a test; nothing here asserts a time.

import ComputeCore

/// The monotonic clock without Foundation or Dispatch.
enum DispatchFreeClock {
    static let origin = ContinuousClock.now
    static func nanoseconds() -> Int64 {
        let elapsed = origin.duration(to: ContinuousClock.now).components
        return elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
    }
}

/// Runs `body` `repetitions` times and returns the best time in seconds.
func best(of repetitions: Int, _ body: () -> Double, sink: inout Double) -> Double {
    var fastest = Double.infinity
    for _ in 0..<repetitions {
        let start = DispatchFreeClock.nanoseconds()
        sink += body()
        let elapsed = Double(DispatchFreeClock.nanoseconds() - start) * 1e-9
        fastest = min(fastest, elapsed)
    }
    return fastest
}

/// The expression under test, written once: f(x) = σ(x)·tanh(x) + log(1 + x²)·sin(x).
@inline(never)
func expression<T: DifferentiableScalar>(_ x: T) -> T {
    sigmoid(x) * T.tanh(x) + T.log(onePlus: x * x) * T.sin(x)
}

/// Its derivative in closed form.
@inline(never)
func closedFormDerivative(_ x: Double) -> Double {
    let s = sigmoid(x), t = Double.tanh(x)
    return s * (1 - s) * t + s * (1 - t * t) + 2 * x / (1 + x * x) * Double.sin(x)
        + Double.log(onePlus: x * x) * Double.cos(x)
}

let count = 1_000_000
var generator = SeededGenerator(seed: 2024)
let inputs = (0..<count).map { _ in
    ScalarDomain.interval(lower: -4, upper: 4, lowerClosed: true, upperClosed: true).sample(using: &generator)
}
var sink = 0.0

// Rounds interleave the three so that load from other processes hits them alike.
var plainValue = Double.infinity, closed = Double.infinity, dual = Double.infinity
for _ in 0..<5 {
    plainValue = min(plainValue, best(of: 1, { inputs.reduce(0) { $0 + expression($1) } }, sink: &sink))
    closed = min(closed, best(of: 1, { inputs.reduce(0) { $0 + closedFormDerivative($1) } }, sink: &sink))
    dual = min(dual, best(of: 1, { inputs.reduce(0) { $0 + derivative(at: $1, of: expression) } }, sink: &sink))
}

func format(_ x: Double, _ digits: Int = 2) -> String {
    let scale = Double.pow(10, digits)
    return String((x * scale).rounded() / scale)
}

print("Scalar derivative of σ(x)·tanh(x) + log(1 + x²)·sin(x) at \(count) points (best of 5):")
print("  plain value                 \(format(plainValue * 1e9 / Double(count))) ns/point")
print("  closed-form derivative      \(format(closed * 1e9 / Double(count))) ns/point")
print("  dual-number derivative      \(format(dual * 1e9 / Double(count))) ns/point")
print("  ratio dual / closed form    \(format(dual / closed))×")
print("  ratio dual / plain value    \(format(dual / plainValue))×")

for n in [10, 100] {
    var g = SeededGenerator(seed: UInt64(n))
    let logits = Domain.tensor(.interval(lower: -6, upper: 6, lowerClosed: true, upperClosed: true), shape: [n])
        .sample(using: &g)
    let target = Domain.oneHot(n).sample(using: &g).lifted(to: Dual<Double>.self)
    let repeats = n == 10 ? 20_000 : 500
    let forward = best(
        of: 3,
        {
            var total = 0.0
            for _ in 0..<repeats {
                let grad = (try? gradient(at: logits) { try crossEntropy(softmax($0), target).elements[0] })
                total += grad?.elements[0] ?? 0
            }
            return total
        }, sink: &sink)
    let closedSoftmax = best(
        of: 3,
        {
            var total = 0.0
            for _ in 0..<repeats {
                // The closed form a − y.
                let a = (try? softmax(logits)) ?? logits
                total += ((try? a - target.primals)?.elements[0]) ?? 0
            }
            return total
        }, sink: &sink)
    print("Softmax-cross-entropy gradient, n = \(n) (forward mode: \(n) passes):")
    print("  forward mode                \(format(forward * 1e6 / Double(repeats))) µs/gradient")
    print("  closed form a − y           \(format(closedSoftmax * 1e6 / Double(repeats))) µs/gradient")
}
print("(checksum \(sink))")
