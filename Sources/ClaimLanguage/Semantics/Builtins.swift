import ComputeCore
import Diagnostics

/// The built-in functions of the claim language, written once over any ``DifferentiableScalar``.
///
/// Element-wise functions apply to every element of a tensor. Conventions at kinks follow the
/// compute core: the branch is chosen by the plain value, and at exactly 0 the `x ≤ 0` branch is taken.
enum Builtin {
    /// How close (relative to 1) an argument must be to a kink for the judge to test that point for one.
    static let kinkProximity = 1e-9

    /// Each built-in's spelling (aliases included) mapped to the function it names.
    static let functionIDs: [String: BuiltinFunction] = {
        var ids: [String: BuiltinFunction] = BuiltinFunction.aliases
        for function in BuiltinFunction.allCases { ids[function.rawValue] = function }
        return ids
    }()

    /// Every spelling of a built-in function with the argument counts it accepts.
    static let functions: [String: ClosedRange<Int>] = functionIDs.mapValues(\.arity)

    /// Built-in constants.
    /// Built-in constants: π and Euler's number `e` (so `e^x` is the exponential).
    static let constants: [String: Double] = ["π": Double.pi, "pi": Double.pi, "e": eulerNumber]

    /// Euler's number, rounded to `Double`.
    static let eulerNumber = 2.718281828459045

    /// The most arguments `max` and `min` take.
    static let maximumExtremumArguments = 64

    /// Whether `name` is a built-in function or constant (which a `let` or `given` cannot redefine).
    ///
    /// Euler's `e` is not reserved: a fence that declares `e` (a given, a let, a parameter, an index; `let e = w*x - y`
    /// is a common name for an error) has its own `e`, which shadows the constant there.
    static func isBuiltin(_ name: String) -> Bool {
        functionIDs[name] != nil || (constants[name] != nil && !shadowableConstants.contains(name))
    }

    /// The constants a fence may declare a name of its own for.
    static let shadowableConstants: Set<String> = ["e"]

    /// The value of an element-wise built-in of one scalar argument at `x`, flagging `touchedKink` when a
    /// non-smooth one is evaluated within ``kinkProximity`` of its kink; `nil` for the other built-ins.
    ///
    /// This is the one definition of these functions' values: the tensor evaluator maps it over elements
    /// and ``ScalarProgram`` calls it on plain scalars, so the two cannot disagree.
    @inline(__always)
    static func elementwise<T: DifferentiableScalar>(_ function: BuiltinFunction, _ x: T, touchedKink: inout Bool) -> T? {
        if let kink = function.kink, abs(x.primal - kink) <= kinkProximity { touchedKink = true }
        switch function {
        case .exp: return T.exp(x)
        case .log: return T.log(x)
        case .sqrt: return T.sqrt(x)
        case .sin: return T.sin(x)
        case .cos: return T.cos(x)
        case .tan: return T.tan(x)
        case .log10: return T.log(x) / T.log(T(10))
        case .log2: return T.log(x) / T.log(T(2))
        case .tanh: return T.tanh(x)
        case .sigmoid: return sigmoid(x)
        case .softplus: return softplus(x)
        case .abs: return absoluteValue(x)
        case .sign: return sign(x)
        case .step: return step(x)
        case .relu: return relu(x)
        default: return nil
        }
    }

    /// Applies the built-in `function` (looked up from `name` when `nil`) to `arguments`.
    static func apply<T: DifferentiableScalar>(
        _ name: String, _ arguments: [Tensor<T>], range: SourceRange, touchedKink: inout Bool
    ) throws(EvaluationError) -> Tensor<T> {
        try apply(name, functionIDs[name], arguments, range: range, touchedKink: &touchedKink)
    }

    /// Applies the built-in `function`, spelled `name` in the claim, to `arguments` (one or more).
    static func apply<T: DifferentiableScalar>(
        _ name: String, _ function: BuiltinFunction?, _ arguments: [Tensor<T>], range: SourceRange,
        touchedKink: inout Bool
    ) throws(EvaluationError) -> Tensor<T> {
        if arguments.count > 2, function == .max || function == .min {
            // `max(a, b, c, …)` is `max(max(a, b), c)…`: each tie along the way is flagged as a kink.
            var result = try apply(name, function, arguments[0], arguments[1], range: range, touchedKink: &touchedKink)
            for argument in arguments.dropFirst(2) {
                result = try apply(name, function, result, argument, range: range, touchedKink: &touchedKink)
            }
            return result
        }
        return try apply(
            name, function, arguments[0], arguments.count > 1 ? arguments[1] : nil, range: range,
            touchedKink: &touchedKink)
    }

    /// Applies the built-in `function`, spelled `name` in the claim, to `x` and, for a built-in of two
    /// arguments, `y` (the parser has checked the count).
    static func apply<T: DifferentiableScalar>(
        _ name: String, _ function: BuiltinFunction?, _ x: Tensor<T>, _ y: Tensor<T>?, range: SourceRange,
        touchedKink: inout Bool
    ) throws(EvaluationError) -> Tensor<T> {
        func nearKink(_ v: Tensor<T>, at kink: Double = 0) {
            for e in v.elements where abs(e.primal - kink) <= kinkProximity { touchedKink = true }
        }
        func shapeError(_ error: any Error) -> EvaluationError {
            if let error = error as? ShapeError {
                return EvaluationError(message: "shape mismatch: \(error.description)", range: range)
            }
            return EvaluationError(message: "\(error)", range: range)
        }
        func requireVector(_ v: Tensor<T>) throws(EvaluationError) {
            guard v.rank == 1 else {
                throw EvaluationError(
                    message: "'\(name)' takes a vector, found a \(describeShape(v.shape))", range: range)
            }
        }
        func requireScalar(_ v: Tensor<T>, _ what: String) throws(EvaluationError) -> T {
            guard v.isScalar, let s = v.elements.first else {
                throw EvaluationError(
                    message: "\(what) of '\(name)' must be a scalar, found a \(describeShape(v.shape))", range: range)
            }
            return s
        }
        func second() throws(EvaluationError) -> Tensor<T> {
            guard let y else { throw EvaluationError(message: "'\(name)' takes two arguments", range: range) }
            return y
        }
        // The canonical (ASCII, aliases merged) spelling, for messages.
        let name = function?.rawValue ?? name
        do {
            guard let function else {
                throw EvaluationError(message: "unknown function '\(name)'", range: range)
            }
            if function.isElementwise {
                var touched = false
                let result = x.map { elementwise(function, $0, touchedKink: &touched) ?? $0 }
                if touched { touchedKink = true }
                return result
            }
            switch function {
            case .exp, .log, .sqrt, .sin, .cos, .tan, .log10, .log2, .tanh, .sigmoid, .softplus, .abs, .sign, .step,
                .relu:
                preconditionFailure("element-wise built-ins are applied above")
            case .leakyRelu:
                nearKink(x)
                let slope = try requireScalar(try second(), "the slope (second argument)")
                return x.map { leakyRelu($0, slope: slope) }
            case .max, .min:
                let isMax = name == "max"
                guard let y else {
                    guard x.count > 0 else { throw EvaluationError(message: "'\(name)' of an empty tensor", range: range) }
                    // Ties between elements are kinks of the reduction.
                    let sorted = x.elements.map(\.primal).sorted()
                    for k in 1..<max(1, sorted.count) where abs(sorted[k] - sorted[k - 1]) <= kinkProximity {
                        touchedKink = true
                    }
                    return isMax ? x.max() : x.min()
                }
                let difference = try Tensor.elementwise(x, y, operation: name) { $0 - $1 }
                nearKink(difference)
                return try Tensor.elementwise(x, y, operation: name) {
                    isMax ? maximum($0, $1) : minimum($0, $1)
                }
            case .logb:
                // log_b(x) = log(x)/log(b), element-wise (either argument may be a scalar).
                return try Tensor.elementwise(x, try second(), operation: name) { T.log($0) / T.log($1) }
            case .delta:
                let i = try requireScalar(x, "the first index")
                let j = try requireScalar(try second(), "the second index")
                return Tensor(i.primal == j.primal ? T(1) : T(0))
            case .sum: return x.sum()
            case .mean: return x.mean()
            case .dot: return try x.dot(try second())
            case .outer: return try x.outer(try second())
            case .diag: return try x.diag()
            case .transpose: return try Evaluator.transpose(x, range: range)
            case .softmax:
                try requireVector(x)
                return try softmax(x)
            case .logSoftmax:
                try requireVector(x)
                return try logSoftmax(x)
            case .logsumexp:
                try requireVector(x)
                return try logSumExp(x)
            case .mse: return try meanSquaredError(x, try second())
            case .bce: return try binaryCrossEntropy(x, try second())
            case .crossEntropy: return try crossEntropy(x, try second())
            case .l1: return try l1Loss(x, try second())
            }
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw shapeError(error)
        }
    }
}

/// The built-in functions, by their canonical spelling: the one table of their spellings, argument
/// counts and kinks (their values are ``Builtin/elementwise(_:_:touchedKink:)`` and
/// ``Builtin/apply(_:_:_:_:range:touchedKink:)``).
enum BuiltinFunction: String, Sendable, CaseIterable {
    case exp, log, sqrt, sin, cos, tan, log10, log2, tanh, sigmoid, softplus, abs, sign, step, relu
    /// `logb(x, b)`: the logarithm of `x` to the base `b` (written `log_b(x)`, `log_3(x)` in a fence).
    case logb
    case leakyRelu = "leaky_relu"
    case max, min, delta, sum, mean, dot, outer, diag, transpose, softmax
    case logSoftmax = "log_softmax"
    case logsumexp, mse, bce
    case crossEntropy = "cross_entropy"
    case l1

    /// Other spellings: `σ`, `ln`, `δ`.
    static let aliases: [String: BuiltinFunction] = ["σ": .sigmoid, "ln": .log, "δ": .delta]

    /// The argument counts the function accepts.
    var arity: ClosedRange<Int> {
        switch self {
        case .leakyRelu, .delta, .dot, .outer, .mse, .bce, .crossEntropy, .l1, .logb: 2...2
        case .max, .min: 1...Builtin.maximumExtremumArguments
        default: 1...1
        }
    }

    /// Whether the function is element-wise of one scalar argument (defined by ``Builtin/elementwise``).
    var isElementwise: Bool {
        switch self {
        case .exp, .log, .sqrt, .sin, .cos, .tan, .log10, .log2, .tanh, .sigmoid, .softplus, .abs, .sign, .step, .relu:
            true
        default: false
        }
    }

    /// Where an element-wise function of one argument is not differentiable (`nil` for smooth ones; `max`
    /// and `min` have theirs at ties, found by ``Builtin/apply(_:_:_:_:range:touchedKink:)``).
    var kink: Double? {
        switch self {
        case .abs, .sign, .step, .relu, .leakyRelu: 0
        default: nil
        }
    }
}
