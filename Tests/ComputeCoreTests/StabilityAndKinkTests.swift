import ComputeCore
import Testing

@Suite("Stability at large inputs")
struct StabilityTests {
    @Test(arguments: [-1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0])
    func sigmoidAndSoftplusStayFinite(_ z: Double) {
        let s = sigmoid(z)
        #expect(s.isFinite && s >= 0 && s <= 1)
        #expect(derivative(at: z) { sigmoid($0) }.isFinite)
        #expect(secondDerivative(at: z) { sigmoid($0) }.isFinite)
        let p = softplus(z)
        #expect(p.isFinite)
        #expect(abs(p - max(z, 0)) <= 1e-16 * max(1, abs(z)) || abs(z) < 100)
        #expect(abs(derivative(at: z) { softplus($0) } - s) <= 1e-15)
    }

    @Test func sigmoidAtExtremes() {
        #expect(sigmoid(1000.0) == 1)
        #expect(sigmoid(-1000.0) == 0)
        #expect(abs(sigmoid(-40.0) - 4.248354255291589e-18) <= 1e-30)
    }

    @Test func softmaxFamilyAtThousand() throws {
        let z = Tensor(vector: [1000.0, -1000.0, 999.0])
        let a = try softmax(z)
        let allFinite = a.elements.allSatisfy { $0.isFinite }
        #expect(allFinite)
        #expect(abs(a[0] - 1 / (1 + Double.exp(-1))) <= 1e-15)
        #expect(a[1] == 0)
        let logA = try logSoftmax(z)
        #expect(abs(logA[1] - (-2000 - Double.log(onePlus: Double.exp(-1)))) <= 1e-12)
        #expect(abs(try logSumExp(Tensor(vector: [1000.0, 1000.0]))[0] - (1000 + Double.log(2))) <= 1e-12)
        #expect(try logSumExp(Tensor(vector: [-1000.0, -1000.0]))[0] == -1000 + Double.log(2))
        let g = try gradient(at: z) { try logSumExp($0).elements[0] }
        #expect(try compare(g, a, tolerance: .default).holds)
    }

    @Test func lossesAtThousand() throws {
        let z = Tensor(vector: [1000.0, -1000.0])
        let y = Tensor(vector: [0.0, 1.0])
        // BCE from logits: each term is softplus(z) − y·z = 1000.
        #expect(try binaryCrossEntropy(logits: z, target: y)[0] == 1000)
        let g = try gradient(at: z) { try binaryCrossEntropy(logits: $0, target: y.lifted(to: Dual<Double>.self)).elements[0] }
        #expect(g == Tensor(vector: [0.5, -0.5]))
        // Softmax cross-entropy from logits against the losing class.
        let ce = try softmaxCrossEntropy(logits: z, target: y)[0]
        #expect(ce == 2000)
        // On probabilities, a confident correct prediction costs 0, not NaN.
        #expect(try binaryCrossEntropy(z.map(sigmoid), Tensor(vector: [1.0, 0.0]))[0] == 0)
        #expect(try crossEntropy(softmax(z), Tensor(vector: [1.0, 0.0]))[0] == 0)
        #expect(try meanSquaredError(z, y)[0] == (1000.0 * 1000 + 1001 * 1001) / 2)
        #expect(try huberLoss(z, y, delta: 1)[0] == ((1000 - 0.5) + (1001 - 0.5)) / 2)
        #expect(try l1Loss(z, y)[0] == 1000.5)
    }
}

@Suite("Conventions at kinks")
struct KinkTests {
    @Test func derivativesAtZero() {
        #expect(derivative(at: 0) { relu($0) } == 0)
        #expect(derivative(at: 0) { absoluteValue($0) } == 0)
        #expect(derivative(at: 0) { step($0) } == 0)
        #expect(derivative(at: 0) { sign($0) } == 0)
        #expect(derivative(at: 0) { leakyRelu($0, slope: 0.1) } == 0.1)
        #expect(derivative(at: 0) { maximum($0, Dual(0.0)) } == 0)
        #expect(derivative(at: 0) { minimum($0, Dual(0.0)) } == 0)
        #expect(step(0.0) == 0 && sign(0.0) == 0 && relu(0.0) == 0 && absoluteValue(-0.0) == 0)
    }

    @Test(arguments: [-2.0, -0.5, 0.5, 2.0])
    func derivativesAwayFromZero(_ x: Double) {
        #expect(derivative(at: x) { relu($0) } == (x > 0 ? 1 : 0))
        #expect(derivative(at: x) { absoluteValue($0) } == sign(x))
        #expect(derivative(at: x) { step($0) } == 0)
        #expect(derivative(at: x) { leakyRelu($0, slope: 0.1) } == (x > 0 ? 1 : 0.1))
        #expect(step(x) == (x > 0 ? 1 : 0))
    }

    @Test func tiesGoToTheSecondArgument() {
        let a = Dual<Double>(value: 1, derivative: 5)
        let b = Dual<Double>(value: 1, derivative: 7)
        #expect(maximum(a, b).derivative == 7)
        #expect(minimum(a, b).derivative == 7)
        #expect(maximum(Double.nan, 1).isNaN)
        #expect(sign(Double.nan).isNaN)
    }

    @Test func oneSidedDifferencesSeeTheKinks() {
        let (left, right) = oneSidedDifferences(of: { relu($0) }, at: 0)
        #expect(abs(left) < 1e-9 && abs(right - 1) < 1e-9)
        #expect(!isDifferentiable(of: { relu($0) }, at: 0))
        #expect(!isDifferentiable(of: { absoluteValue($0) }, at: 0))
        #expect(!isDifferentiable(of: { step($0) }, at: 0))
        #expect(isDifferentiable(of: { relu($0) }, at: 0.5))
        #expect(isDifferentiable(of: { sigmoid($0) }, at: 0))
        #expect(!isDifferentiable(of: { Double.log($0) }, at: 0))
    }
}

@Suite("Finite differences")
struct FiniteDifferenceTests {
    @Test(arguments: [-3.0, -0.7, 0.0, 0.3, 1.0, 25.0])
    func accuracyOnKnownDerivatives(_ x: Double) {
        let central = centralDifference(of: { Double.sin($0) }, at: x)
        let richardson = richardsonDerivative(of: { Double.sin($0) }, at: x)
        let exact = Double.cos(x)
        #expect(abs(central - exact) <= 1e-9 * max(1, abs(x)))
        #expect(abs(richardson - exact) <= 1e-11 * max(1, abs(x)))
    }
}
