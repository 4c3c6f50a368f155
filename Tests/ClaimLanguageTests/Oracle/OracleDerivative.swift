/// A mistake of the kind people make when differentiating by hand, made at one node.
enum DerivativeFault: String, CaseIterable {
    /// `f′(a)` instead of `f′(a)·a′` (the chain-rule factor forgotten).
    case droppedChainFactor = "dropped chain-rule factor"
    /// `a′·b` instead of `a′·b + a·b′`.
    case productRuleHalf = "product rule missing a term"
    /// `(a′b + ab′)/b²` instead of `(a′b − ab′)/b²`.
    case quotientRuleSign = "quotient rule sign"
    /// The wrong derivative of a built-in: `cos′ = sin`, `σ′ = σ(1 + σ)`, `tanh′ = 1 + tanh²`, …
    case wrongBuiltinDerivative = "wrong derivative of a built-in"
    /// `n·aⁿ·a′` instead of `n·aⁿ⁻¹·a′`.
    case powerRuleExponent = "power rule exponent"
}

/// Builders that fold the trivial cases (`0 + a`, `1 · a`, `−−a`, constant arithmetic), so printed
/// derivatives stay short without changing how they round.
enum Simplify {
    static func isZero(_ e: OracleExpr) -> Bool { e == .constant(0) }
    static func isOne(_ e: OracleExpr) -> Bool { e == .constant(1) }

    static func add(_ a: OracleExpr, _ b: OracleExpr) -> OracleExpr {
        if isZero(a) { return b }
        if isZero(b) { return a }
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x + y) }
        if case .negate(let c) = b { return .subtract(a, c) }
        return .add(a, b)
    }

    static func subtract(_ a: OracleExpr, _ b: OracleExpr) -> OracleExpr {
        if isZero(b) { return a }
        if isZero(a) { return negate(b) }
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x - y) }
        if case .negate(let c) = b { return .add(a, c) }
        return .subtract(a, b)
    }

    static func multiply(_ a: OracleExpr, _ b: OracleExpr) -> OracleExpr {
        if isZero(a) || isZero(b) { return .constant(0) }
        if isOne(a) { return b }
        if isOne(b) { return a }
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x * y) }
        if case .negate(let c) = a { return negate(multiply(c, b)) }
        if case .negate(let c) = b { return negate(multiply(a, c)) }
        return .multiply(a, b)
    }

    static func divide(_ a: OracleExpr, _ b: OracleExpr) -> OracleExpr {
        if isZero(a) { return .constant(0) }
        if isOne(b) { return a }
        return .divide(a, b)
    }

    static func negate(_ a: OracleExpr) -> OracleExpr {
        if case .negate(let c) = a { return c }
        if case .constant(let x) = a { return .constant(-x) }
        return .negate(a)
    }

    static func power(_ a: OracleExpr, _ n: Int) -> OracleExpr {
        n == 0 ? .constant(1) : n == 1 ? a : .power(a, n)
    }
}

/// The oracle's symbolic differentiator (independent of the judge's forward mode), optionally making one
/// ``DerivativeFault`` at one node to build a wrong derivative.
struct OracleDifferentiator {
    /// The given to differentiate by (a scalar, or a vector differentiated element by element).
    let variable: String
    /// The mistake to make, and the preorder index of the node to make it at.
    var fault: (kind: DerivativeFault, node: Int)?
    /// Whether the fault was made (the chosen node admitted it).
    private(set) var faultMade = false
    private var counter = 0

    init(variable: String, fault: (kind: DerivativeFault, node: Int)? = nil) {
        self.variable = variable
        self.fault = fault
    }

    /// `∂e/∂variable`, or `nil` where the oracle does not differentiate (`softmax`).
    mutating func derivative(_ e: OracleExpr) -> OracleExpr? {
        let index = counter
        counter += 1
        guard e.mentions(variable) else {
            counter += e.size - 1
            return .constant(0)
        }
        let faultHere = fault.map { $0.node == index ? $0.kind : nil } ?? nil
        func made(_ x: OracleExpr) -> OracleExpr {
            faultMade = true
            return x
        }
        switch e {
        case .variable: return .constant(1)
        case .constant: return .constant(0)
        case .add(let a, let b):
            guard let da = derivative(a), let db = derivative(b) else { return nil }
            return Simplify.add(da, db)
        case .subtract(let a, let b):
            guard let da = derivative(a), let db = derivative(b) else { return nil }
            return Simplify.subtract(da, db)
        case .multiply(let a, let b):
            guard let da = derivative(a), let db = derivative(b) else { return nil }
            if faultHere == .productRuleHalf, !Simplify.isZero(da), !Simplify.isZero(db) {
                return made(Simplify.multiply(da, b))
            }
            return Simplify.add(Simplify.multiply(da, b), Simplify.multiply(a, db))
        case .divide(let a, let b):
            guard let da = derivative(a), let db = derivative(b) else { return nil }
            if Simplify.isZero(db) { return Simplify.divide(da, b) }
            let numeratorLeft = Simplify.multiply(da, b)
            let numeratorRight = Simplify.multiply(a, db)
            if faultHere == .quotientRuleSign {
                return made(Simplify.divide(Simplify.add(numeratorLeft, numeratorRight), .power(b, 2)))
            }
            return Simplify.divide(Simplify.subtract(numeratorLeft, numeratorRight), .power(b, 2))
        case .negate(let a):
            guard let da = derivative(a) else { return nil }
            return Simplify.negate(da)
        case .power(let a, let n):
            guard let da = derivative(a) else { return nil }
            let exponent = faultHere == .powerRuleExponent ? n : n - 1
            let outer = Simplify.multiply(.constant(Double(n)), Simplify.power(a, exponent))
            if faultHere == .powerRuleExponent { return made(Simplify.multiply(outer, da)) }
            if faultHere == .droppedChainFactor, !Simplify.isOne(da) { return made(outer) }
            return Simplify.multiply(outer, da)
        case .apply(let f, let a):
            guard let da = derivative(a) else { return nil }
            var outer = OracleDifferentiator.outerDerivative(f, a)
            if faultHere == .wrongBuiltinDerivative {
                outer = made(OracleDifferentiator.wrongOuterDerivative(f, a))
            }
            if faultHere == .droppedChainFactor, !Simplify.isOne(da) { return made(outer) }
            return Simplify.multiply(outer, da)
        case .element(let a, let k):
            guard let da = derivative(a) else { return nil }
            if case .constant = da { return da }
            return .element(da, k)
        case .sum(let a):
            guard let da = derivative(a) else { return nil }
            if case .constant = da { return nil }  // a broadcast constant's sum depends on the width
            return .sum(da)
        case .dot(let a, let b):
            guard let da = derivative(a), let db = derivative(b) else { return nil }
            let left: OracleExpr = Simplify.isZero(da) ? .constant(0) : .dot(da, b)
            let right: OracleExpr = Simplify.isZero(db) ? .constant(0) : .dot(a, db)
            if case .constant(let c) = da, c != 0 { return nil }
            if case .constant(let c) = db, c != 0 { return nil }
            return Simplify.add(left, right)
        case .softmax: return nil
        }
    }

    /// `f′(a)`.
    static func outerDerivative(_ f: OracleFunction, _ a: OracleExpr) -> OracleExpr {
        switch f {
        case .exp: return call(.exp, a)
        case .log: return Simplify.divide(number(1), a)
        case .sqrt: return number(1) / (number(2) * call(.sqrt, a))
        case .sin: return call(.cos, a)
        case .cos: return -call(.sin, a)
        case .tanh: return number(1) - .power(call(.tanh, a), 2)
        case .sigmoid: return call(.sigmoid, a) * (number(1) - call(.sigmoid, a))
        case .softplus: return call(.sigmoid, a)
        case .relu: return call(.step, a)
        case .abs: return call(.sign, a)
        case .step, .sign: return number(0)
        }
    }

    /// A wrong `f′(a)` of the kind people write.
    static func wrongOuterDerivative(_ f: OracleFunction, _ a: OracleExpr) -> OracleExpr {
        switch f {
        case .exp: return a * call(.exp, a)
        case .log: return a
        case .sqrt: return number(1) / call(.sqrt, a)
        case .sin: return -call(.cos, a)
        case .cos: return call(.sin, a)
        case .tanh: return number(1) + .power(call(.tanh, a), 2)
        case .sigmoid: return call(.sigmoid, a) * (number(1) + call(.sigmoid, a))
        case .softplus: return call(.sigmoid, -a)
        case .relu, .abs: return number(1)
        case .step, .sign: return call(.relu, a)
        }
    }
}
