import ComputeCore
import Testing

/// Every tensor operation, as a scalar function of a flat input vector (fixed weights turn
/// tensor outputs into scalars).
enum TensorCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case add, subtract, hadamard, divide, broadcast, negate
    case matrixMatrix, matrixVector, vectorMatrix, vectorVector, transpose, dot, outer
    case diagOfVector, diagOfMatrix, sum, mean, max, min
    case softmax, logSoftmax, logSumExp
    case meanSquaredError, binaryCrossEntropy, binaryCrossEntropyLogits, crossEntropy
    case softmaxCrossEntropy, l1Loss, huberLoss

    var testDescription: String { rawValue }
    var inputCount: Int { 12 }

    func apply<T: DifferentiableScalar>(_ x: Tensor<T>) throws -> T {
        let e = x.elements
        let u = Tensor(vector: Array(e[0..<6]))
        let v = Tensor(vector: Array(e[6..<12]))
        let a = try Tensor(shape: [2, 3], elements: Array(e[0..<6]))
        let b = try Tensor(shape: [3, 2], elements: Array(e[6..<12]))
        let weights = Tensor(vector: [0.3, -1.2, 0.7, 2.0, -0.4, 1.1].map { T($0) })
        func weigh(_ t: Tensor<T>) throws -> T {
            let flat = Tensor(vector: t.elements)
            let w = Tensor(vector: Array((0..<flat.count).map { weights.elements[$0 % 6] }))
            return try flat.dot(w).elements[0]
        }
        switch self {
        case .add: return try weigh(u + v)
        case .subtract: return try weigh(u - v)
        case .hadamard: return try weigh(u * v)
        case .divide: return try weigh(u / (v * v + Tensor(T(0.5))))
        case .broadcast: return try weigh(Tensor(e[11]) * u + Tensor(e[10]))
        case .negate: return try weigh(-(u * u))
        case .matrixMatrix: return try weigh(a.matmul(b))
        case .matrixVector: return try weigh(a.matmul(Tensor(vector: Array(e[6..<9]))))
        case .vectorMatrix: return try weigh(Tensor(vector: Array(e[6..<8])).matmul(a))
        case .vectorVector: return try u.matmul(v).elements[0]
        case .transpose: return try weigh(a.transposed().matmul(a))
        case .dot: return try u.dot(v).elements[0] * e[0]
        case .outer: return try weigh(u.outer(v))
        case .diagOfVector: return try weigh(u.diag().matmul(v))
        case .diagOfMatrix: return try weigh(b.matmul(a).diag())
        case .sum: return try (u * u).sum().elements[0]
        case .mean: return try (u * v).mean().elements[0]
        case .max: return try (u * v).max().elements[0]
        case .min: return try (u + v).min().elements[0] * e[3]
        case .softmax: return try weigh(ComputeCore.softmax(u))
        case .logSoftmax: return try weigh(ComputeCore.logSoftmax(u))
        case .logSumExp: return try ComputeCore.logSumExp(a).elements[0]
        case .meanSquaredError: return try ComputeCore.meanSquaredError(u, v).elements[0]
        case .binaryCrossEntropy:
            return try ComputeCore.binaryCrossEntropy(u.map(sigmoid), v.map(sigmoid)).elements[0]
        case .binaryCrossEntropyLogits:
            return try ComputeCore.binaryCrossEntropy(logits: u, target: v.map(sigmoid)).elements[0]
        case .crossEntropy:
            return try ComputeCore.crossEntropy(ComputeCore.softmax(u), ComputeCore.softmax(v)).elements[0]
        case .softmaxCrossEntropy:
            return try ComputeCore.softmaxCrossEntropy(logits: u, target: v.map(sigmoid)).elements[0]
        case .l1Loss: return try ComputeCore.l1Loss(u, v).elements[0]
        case .huberLoss: return try ComputeCore.huberLoss(u, v, delta: T(0.8)).elements[0]
        }
    }
}

@Suite("Tensor derivatives")
struct TensorDerivativeTests {
    // Computed, not stored: LeakSanitizer cannot follow the tagged pointer of a global enum payload.
    static var domain: Domain { Domain.tensor(interval(-2, 2), shape: [12]) }

    /// The partial derivative along element `i` as a function of one variable, in `Double`.
    func slice(_ function: TensorCase, _ x: Tensor<Double>, _ i: Int) -> (Double) -> Double {
        { t in
            var moved = x
            moved.elements[i] = t
            return (try? function.apply(moved)) ?? .nan
        }
    }

    @Test("gradients agree with Richardson differences", arguments: TensorCase.allCases)
    func gradients(_ function: TensorCase) throws {
        var generator = SeededGenerator(seed: 21)
        var checked = 0, total = 0
        for _ in 0..<20 {
            let x = Self.domain.sample(using: &generator)
            let g = try gradient(at: x) { try function.apply($0) }
            for i in 0..<x.count {
                total += 1
                guard let fd = referenceDerivative(of: slice(function, x, i), at: x.elements[i]) else { continue }
                #expect(agree(g.elements[i], fd, scale: try function.apply(x)), "x = \(x), i = \(i)")
                checked += 1
            }
        }
        #expect(checked >= total * 9 / 10)
    }

    @Test("Hessians agree with differences of gradients", arguments: TensorCase.allCases)
    func hessians(_ function: TensorCase) throws {
        var generator = SeededGenerator(seed: 22)
        var checked = 0, total = 0
        for _ in 0..<2 {
            let x = Self.domain.sample(using: &generator)
            let h = try hessian(at: x) { try function.apply($0) }
            // Column j of the Hessian by differencing the whole gradient along x_j; the
            // gradients at each stencil point are computed once and shared by every row i.
            for j in 0..<x.count {
                var cache: [Double: [Double]] = [:]
                func gradientAlong(_ t: Double) -> [Double] {
                    if let known = cache[t] { return known }
                    var moved = x
                    moved.elements[j] = t
                    let g =
                        (try? gradient(at: moved) { try function.apply($0) })?.elements
                        ?? Array(repeating: .nan, count: x.count)
                    cache[t] = g
                    return g
                }
                for i in 0..<x.count {
                    total += 1
                    guard let fd = referenceDerivative(of: { gradientAlong($0)[i] }, at: x.elements[j]) else { continue }
                    #expect(agree(h[i, j], fd, scale: 1), "x = \(x), (\(i), \(j))")
                    checked += 1
                }
            }
        }
        #expect(checked >= total * 9 / 10)
    }

    @Test func jacobianOfSoftmaxMatchesGradientRows() throws {
        let x = Tensor(vector: [0.2, -1.0, 0.5, 1.5])
        let j = try jacobian(at: x) { try softmax($0) }
        #expect(j.shape == [4, 4])
        for i in 0..<4 {
            let row = try gradient(at: x) { try softmax($0).elements[i] }
            for k in 0..<4 { #expect(abs(j[i, k] - row.elements[k]) < 1e-15) }
        }
    }

    @Test func directionalDerivativeIsGradientDotDirection() throws {
        let x = Tensor(vector: [0.2, -1.0, 0.5])
        let v = Tensor(vector: [1.0, 2.0, -0.5])
        let f: (Tensor<Dual<Double>>) throws -> Dual<Double> = { try logSumExp($0).elements[0] }
        let directional = try directionalDerivative(at: x, along: v, of: f)
        let g = try gradient(at: x, of: f)
        #expect(abs(directional - (try g.dot(v)).elements[0]) < 1e-15)
        #expect(throws: ShapeError.self) { try directionalDerivative(at: x, along: Tensor(vector: [1.0]), of: f) }
    }

    @Test func seededInputGivesOnePartial() throws {
        let x = Tensor(vector: [1.0, 2.0, 3.0])
        let seeded = x.seeded(at: 1)
        #expect(seeded.elements.map(\.derivative) == [0, 1, 0])
        let product = seeded.elements.reduce(Dual<Double>(1.0), *)
        #expect(product.derivative == 3)
    }
}
