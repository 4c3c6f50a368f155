import ComputeCore
import Testing

/// Textbook results stated directly against the core.
@Suite("Textbook derivatives")
struct TextbookTests {
    static let logits = points(interval(-6, 6), count: 200, seed: 31)

    func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-12 * max(1, abs(a), abs(b))
    }

    @Test func sigmoidDerivativeIsSigmaTimesOneMinusSigma() {
        for z in Self.logits {
            let s = sigmoid(z)
            #expect(close(derivative(at: z) { sigmoid($0) }, s * (1 - s)), "z = \(z)")
        }
    }

    @Test func tanhDerivativeIsOneMinusTanhSquared() {
        for z in Self.logits {
            let t = Double.tanh(z)
            #expect(close(derivative(at: z) { Dual.tanh($0) }, 1 - t * t), "z = \(z)")
        }
    }

    @Test func softmaxJacobian() throws {
        var generator = SeededGenerator(seed: 32)
        for _ in 0..<50 {
            let z = Domain.tensor(interval(-6, 6), shape: [5]).sample(using: &generator)
            let a = try softmax(z)
            let j = try jacobian(at: z) { try softmax($0) }
            for i in 0..<5 {
                for k in 0..<5 {
                    let expected = a[i] * ((i == k ? 1 : 0) - a[k])
                    #expect(abs(j[i, k] - expected) <= 1e-15, "z = \(z), (\(i), \(k))")
                }
            }
        }
    }

    @Test func binaryCrossEntropyThroughSigmoidGivesAMinusY() throws {
        var generator = SeededGenerator(seed: 33)
        for z in Self.logits {
            let y = ScalarDomain.interval(lower: 0, upper: 1, lowerClosed: true, upperClosed: true)
                .sample(using: &generator)
            let slope = try gradient(at: Tensor(z)) { zz in
                try binaryCrossEntropy(zz.map(sigmoid), Tensor(Dual(y))).elements[0]
            }
            #expect(abs(slope[0] - (sigmoid(z) - y)) <= 1e-12, "z = \(z), y = \(y)")
            let fromLogits = try gradient(at: Tensor(z)) { zz in
                try binaryCrossEntropy(logits: zz, target: Tensor(Dual(y))).elements[0]
            }
            #expect(abs(fromLogits[0] - (sigmoid(z) - y)) <= 1e-12)
        }
    }

    @Test(arguments: [Domain.simplex(4), .oneHot(4)])
    func softmaxCrossEntropyGivesAMinusYForDistributions(_ targets: Domain) throws {
        var generator = SeededGenerator(seed: 34)
        for _ in 0..<50 {
            let z = Domain.tensor(interval(-6, 6), shape: [4]).sample(using: &generator)
            let y = targets.sample(using: &generator)
            let a = try softmax(z)
            let g = try gradient(at: z) { zz in
                try crossEntropy(softmax(zz), y.lifted(to: Dual<Double>.self)).elements[0]
            }
            let expected = try a - y
            #expect(try compare(g, expected, tolerance: Tolerance(relative: 0, absolute: 1e-12)).holds)
        }
    }

    @Test func softmaxCrossEntropyIsNotAMinusYWhenLabelsDoNotSumToOne() throws {
        var generator = SeededGenerator(seed: 35)
        for _ in 0..<50 {
            let z = Domain.tensor(interval(-6, 6), shape: [4]).sample(using: &generator)
            let y = Domain.binary(shape: [4]).sample(using: &generator)
            let total = y.sum()[0]
            let a = try softmax(z)
            let g = try gradient(at: z) { zz in
                try crossEntropy(softmax(zz), y.lifted(to: Dual<Double>.self)).elements[0]
            }
            // The general result is a·Σy − y; it equals a − y only when Σy = 1.
            let general = try a.scaled(by: total) - y
            #expect(try compare(g, general, tolerance: Tolerance(relative: 0, absolute: 1e-12)).holds)
            let claimed = try compare(g, try a - y, tolerance: .default).holds
            #expect(claimed == (total == 1), "y = \(y)")
        }
    }

    @Test func l1GradientIsSignOfDifference() throws {
        var generator = SeededGenerator(seed: 36)
        let domain = Domain.tensor(interval(-2, 2), shape: [5])
        for _ in 0..<50 {
            let prediction = domain.sample(using: &generator)
            let target = domain.sample(using: &generator).lifted(to: Dual<Double>.self)
            let expected = try prediction - target.primals
            let signs = expected.map { sign($0) }
            let summed = try gradient(at: prediction) { p in
                try (p - target).map(absoluteValue).sum().elements[0]
            }
            #expect(summed == signs)
            let averaged = try gradient(at: prediction) { p in try l1Loss(p, target).elements[0] }
            #expect(try compare(averaged, signs.scaled(by: 1.0 / 5), tolerance: .default).holds)
        }
    }

    /// One dense layer `Z = W·A_prev + b`, `A = σ(Z)`, loss `L = BCE(A, Y)` summed over the
    /// examples in the columns; `δ = ∂L/∂Z = A − Y`.
    @Test func layerGradients() throws {
        var generator = SeededGenerator(seed: 37)
        let (units, inputs, examples) = (3, 4, 5)
        for _ in 0..<10 {
            let w = Domain.tensor(interval(-1, 1), shape: [units, inputs]).sample(using: &generator)
            let b = Domain.tensor(interval(-1, 1), shape: [units, 1]).sample(using: &generator)
            let aPrev = Domain.tensor(interval(-2, 2), shape: [inputs, examples]).sample(using: &generator)
            let y = Domain.binary(shape: [units, examples]).sample(using: &generator)
            let ones = try Tensor(repeating: 1.0, shape: [1, examples])

            func loss<T: DifferentiableScalar>(_ w: Tensor<T>, _ b: Tensor<T>, _ aPrev: Tensor<T>) throws -> T {
                let z =
                    try w.matmul(aPrev)
                    + b.matmul(
                        Tensor<T>(
                            shape: [1, examples],
                            elements: Array(repeating: T(1.0), count: examples)))
                let a = z.map(sigmoid)
                return try binaryCrossEntropy(a, y.lifted(to: T.self)).elements[0] * T(Double(units * examples))
            }
            let z = try w.matmul(aPrev) + b.matmul(ones)
            let delta = try z.map(sigmoid) - y

            let dW = try gradient(at: w) { try loss($0, b.lifted(to: Dual<Double>.self), aPrev.lifted(to: Dual<Double>.self)) }
            let dB = try gradient(at: b) { try loss(w.lifted(to: Dual<Double>.self), $0, aPrev.lifted(to: Dual<Double>.self)) }
            let dA = try gradient(at: aPrev) { try loss(w.lifted(to: Dual<Double>.self), b.lifted(to: Dual<Double>.self), $0) }

            let tolerance = Tolerance(relative: 1e-12, absolute: 1e-12)
            #expect(try compare(dW, delta.matmul(aPrev.transposed()), tolerance: tolerance).holds)
            #expect(try compare(dB, delta.matmul(ones.transposed()), tolerance: tolerance).holds)
            #expect(try compare(dA, w.transposed().matmul(delta), tolerance: tolerance).holds)
        }
    }

    /// `∂L/∂a` for an intermediate `a = σ(z)`: evaluate `a`, then differentiate `L` as a
    /// function of `a` with `y` held fixed. For BCE that is `(a − y)/(a(1 − a))`.
    @Test func derivativeWithRespectToAnIntermediate() throws {
        for z in Self.logits.prefix(50) {
            let y = 0.3
            let a = sigmoid(z)
            let dLda = derivative(at: a) { aa in
                (try? binaryCrossEntropy(Tensor(aa), Tensor(Dual(y))).elements[0]) ?? Dual(.nan)
            }
            #expect(close(dLda, (a - y) / (a * (1 - a))), "z = \(z)")
        }
    }
}
