import ComputeCore
import Testing

/// Every scalar function and operation the core differentiates, written once generically.
enum ScalarCase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case add, subtract, multiply, divide, negate, rational
    case exp, expMinusOne, cosh, sinh, tanh, cos, sin, tan, log, logOnePlus
    case acosh, asinh, atanh, acos, asin, atan
    case powReal, powBase, powBoth, powInt, powNegativeInt, powZero, sqrt, cubeRoot, cubeRootNegative, fourthRoot
    case sigmoid, softplus, relu, leakyRelu, step, sign, absoluteValue, maximum, minimum

    var testDescription: String { rawValue }

    func apply<T: DifferentiableScalar>(_ x: T) -> T {
        switch self {
        case .add: return x + T(2.5) + x
        case .subtract: return T(1.5) - x - x * T(3)
        case .multiply: return x * x * T(0.5)
        case .divide: return T(1) / x + x / T(3)
        case .negate: return -(x * x)
        case .rational: return (x * x * x + T(2) * x) / (T(1) + x * x)
        case .exp: return T.exp(x)
        case .expMinusOne: return T.expMinusOne(x)
        case .cosh: return T.cosh(x)
        case .sinh: return T.sinh(x)
        case .tanh: return T.tanh(x)
        case .cos: return T.cos(x)
        case .sin: return T.sin(x)
        case .tan: return T.tan(x)
        case .log: return T.log(x)
        case .logOnePlus: return T.log(onePlus: x)
        case .acosh: return T.acosh(x)
        case .asinh: return T.asinh(x)
        case .atanh: return T.atanh(x)
        case .acos: return T.acos(x)
        case .asin: return T.asin(x)
        case .atan: return T.atan(x)
        case .powReal: return T.pow(x, T(2.5))
        case .powBase: return T.pow(T(1.7), x)
        case .powBoth: return T.pow(x, x)
        case .powInt: return T.pow(x, 3)
        case .powNegativeInt: return T.pow(x, -2)
        case .powZero: return T.pow(x, 0) * x
        case .sqrt: return T.sqrt(x)
        case .cubeRoot, .cubeRootNegative: return T.root(x, 3)
        case .fourthRoot: return T.root(x, 4)
        case .sigmoid: return ComputeCore.sigmoid(x)
        case .softplus: return ComputeCore.softplus(x)
        case .relu: return ComputeCore.relu(x) * x
        case .leakyRelu: return ComputeCore.leakyRelu(x, slope: T(0.1))
        case .step: return ComputeCore.step(x) + x
        case .sign: return ComputeCore.sign(x) * x
        case .absoluteValue: return ComputeCore.absoluteValue(x)
        case .maximum: return ComputeCore.maximum(T.sin(x), T.cos(x))
        case .minimum: return ComputeCore.minimum(T.sin(x), x * x)
        }
    }

    var domain: ScalarDomain {
        switch self {
        case .tan: return interval(-1.4, 1.4)
        case .log, .sqrt: return interval(0.05, 10)
        case .logOnePlus: return interval(-0.9, 10)
        case .acosh: return interval(1.1, 10)
        case .atanh, .acos, .asin: return interval(-0.9, 0.9)
        case .powReal, .fourthRoot, .cubeRoot: return interval(0.2, 5)
        case .cubeRootNegative: return interval(-5, -0.2)
        case .powBoth: return interval(0.2, 3)
        case .powNegativeInt, .divide: return interval(0.3, 5)
        case .exp, .expMinusOne, .cosh, .sinh: return interval(-8, 8)
        default: return .reals
        }
    }
}

@Suite("Dual numbers")
struct DualTests {
    @Test("forward-mode first derivatives agree with Richardson differences", arguments: ScalarCase.allCases)
    func firstDerivatives(_ function: ScalarCase) {
        var checked = 0
        for (index, x) in points(function.domain, count: 200, seed: 11).enumerated() {
            guard let fd = referenceDerivative(of: { function.apply($0) }, at: x) else { continue }
            let ad = derivative(at: x) { function.apply($0) }
            #expect(agree(ad, fd, scale: function.apply(x)), "point \(index): x = \(x), AD \(ad), FD \(fd)")
            checked += 1
        }
        #expect(checked >= 180)
    }

    @Test("second derivatives agree with differences of first derivatives", arguments: ScalarCase.allCases)
    func secondDerivatives(_ function: ScalarCase) {
        var checked = 0
        for (index, x) in points(function.domain, count: 200, seed: 12).enumerated() {
            let first: (Double) -> Double = { derivative(at: $0) { function.apply($0) } }
            guard let fd = referenceDerivative(of: first, at: x) else { continue }
            let ad = secondDerivative(at: x) { function.apply($0) }
            #expect(agree(ad, fd, scale: first(x)), "point \(index): x = \(x), AD \(ad), FD \(fd)")
            checked += 1
        }
        #expect(checked >= 180)
    }

    @Test func valuesMatchPlainEvaluation() {
        for function in ScalarCase.allCases {
            for x in points(function.domain, count: 20, seed: 13) {
                let plain = function.apply(x)
                let dual = function.apply(Dual<Double>.variable(x)).value
                let nested = function.apply(Dual<Dual<Double>>.variable(Dual(x))).value.value
                #expect(plain == dual && plain == nested, "\(function) at \(x)")
            }
        }
    }

    @Test func arithmeticRules() {
        let a = Dual<Double>(value: 3, derivative: 2)
        let b = Dual<Double>(value: 4, derivative: -1)
        #expect(a + b == Dual(value: 7, derivative: 1))
        #expect(a - b == Dual(value: -1, derivative: 3))
        #expect(a * b == Dual(value: 12, derivative: 5))
        let quotientDerivative: Double = (2 * 4 - 3 * -1) / 16.0
        #expect(a / b == Dual(value: 0.75, derivative: quotientDerivative))
        #expect(-a == Dual(value: -3, derivative: -2))
        #expect(Dual<Double>(5) == Dual(value: 5, derivative: 0))
        #expect(Dual<Double>.variable(5).derivative == 1)
        let literal: Dual<Double> = 7
        #expect(literal == Dual(value: 7, derivative: 0))
        #expect(a.description == "3.0 + 2.0ε")
        #expect(a.magnitude == 3)
    }

    @Test func powerAtZeroWithConstantExponent() {
        #expect(derivative(at: 0) { Dual.pow($0, Dual(2.0)) } == 0)
        #expect(derivative(at: 0) { Dual.pow($0, 2) } == 0)
        #expect(derivative(at: 0) { Dual.pow($0, 0) } == 0)
        #expect(derivative(at: 2) { Dual.pow($0, 0) } == 0)
        #expect(derivative(at: -2) { Dual.pow($0, 3) } == 12)
    }

    @Test func thirdDerivativeThroughTripleNesting() {
        // d³/dx³ sin x = −cos x.
        let x = 0.7
        let seed = Dual<Dual<Dual<Double>>>(
            value: Dual(value: Dual(value: x, derivative: 1), derivative: Dual(value: 1, derivative: 0)),
            derivative: Dual(value: Dual(value: 1, derivative: 0), derivative: Dual(value: 0, derivative: 0)))
        let third = Dual.sin(seed).derivative.derivative.derivative
        #expect(abs(third - -Double.cos(x)) < 1e-15)
    }
}
