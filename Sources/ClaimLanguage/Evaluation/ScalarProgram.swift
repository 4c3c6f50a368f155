import ComputeCore
import Diagnostics

/// A claim whose givens, lets and expressions are all scalars, compiled so that a point is evaluated on
/// plain scalars (no tensor storage, no name lookups).
///
/// It is a shortcut for ``Evaluator``, never a second definition of the language: every node spends the
/// same evaluation steps in the same order, lets are computed on first use and kept per scope, derivatives
/// are taken by the same forward passes (nested scopes hold the same names fixed) and cached per scope by
/// the same node, built-ins call the same scalar functions and flag the same kinks. Anything it does not
/// cover (tensors and vector literals, `for` indices, sums, function lets, indexed derivatives, most built-ins) makes the claim
/// ineligible, and anything unusual at a point (an error, a limit, a derivative nested too deep) makes
/// ``ClaimJudge`` rewind the step budget and evaluate that point with ``Evaluator`` instead.
final class ScalarProgram {
    /// A node of a compiled expression.
    indirect enum Node {
        /// A number literal, or a constant such as `π` (as the value of a name).
        case number(Double)
        /// A given or a let, by slot: givens first (in declaration order), then lets.
        case slot(Int)
        case negate(Node)
        /// `+ - * / @` on scalars (`@` of scalars multiplies).
        case binary(BinaryOperator, Node, Node)
        /// `x^n` with an integer literal `n`, `|n| ≤ 64`: the exponent is not evaluated.
        case integerPower(Node, Int)
        /// `x^y` otherwise.
        case power(Node, Node)
        /// `xᵀ` of a scalar.
        case transpose(Node)
        /// A built-in applied element-wise to one scalar.
        case builtin(BuiltinFunction, Node)
        /// A derivative of `order` of `body` with respect to the slot `variable`; `key` identifies the
        /// node as its source start does for ``Evaluator``.
        case derivative(body: Node, variable: Int, order: Int, key: Int)
        /// A piecewise value: the first case whose condition holds on plain values, else `otherwise`, else NaN.
        case piecewise([Piece], otherwise: Node?)
    }

    /// One case of a compiled piecewise value: `value if left relation right`.
    struct Piece {
        var left: Node
        var relation: Relation
        var right: Node
        var value: Node
    }

    let givenCount: Int
    /// The number of derivative nodes (by source start), each with a cache entry per scope.
    let derivativeKeyCount: Int
    /// The slots' let bodies (`nil` for givens).
    let letBodies: [Node?]
    /// The compiled first expression and steps.
    let expressions: [Node]

    /// Compiles `claim` when it is covered, else returns `nil`.
    init?(program: Program, claim: Claim) {
        guard claim.indices.isEmpty else { return nil }
        for given in program.fence.givens {
            guard case .elements(_, let shape) = given.domain, shape.isEmpty else { return nil }
        }
        var slots: [String: Int] = [:]
        for (g, given) in program.fence.givens.enumerated() { slots[given.name] = g }
        for (l, definition) in program.fence.lets.enumerated() where slots[definition.name] == nil {
            slots[definition.name] = program.fence.givens.count + l
        }
        var keys: [SourceLocation] = []
        var letBodies: [Node?] = Array(repeating: nil, count: program.fence.givens.count + program.fence.lets.count)
        var compiling: Set<Int> = []
        var failed: Set<Int> = []

        func compileSlot(_ name: String) -> Int? {
            guard let slot = slots[name] else { return nil }
            if slot < program.fence.givens.count { return slot }
            if letBodies[slot] != nil { return slot }
            guard !failed.contains(slot), !compiling.contains(slot) else { return nil }
            let definition = program.fence.lets[slot - program.fence.givens.count]
            guard !definition.isFunction, definition.parameters.isEmpty else {
                failed.insert(slot)
                return nil
            }
            compiling.insert(slot)
            defer { compiling.remove(slot) }
            guard let body = compile(definition.body) else {
                failed.insert(slot)
                return nil
            }
            letBodies[slot] = body
            return slot
        }

        func compile(_ expression: Expression) -> Node? {
            switch expression {
            case .number(let v, _):
                return .number(v)
            case .name(let name, _):
                if slots[name] != nil { return compileSlot(name).map(Node.slot) }
                if let c = Builtin.constants[name] { return .number(c) }
                return nil
            case .negate(let operand, _):
                return compile(operand).map(Node.negate)
            case .binary(let op, let lhs, let rhs, _):
                guard let l = compile(lhs) else { return nil }
                if op == .power {
                    var literal: Double?
                    if case .number(let v, _) = rhs { literal = v }
                    if case .negate(.number(let v, _), _) = rhs { literal = -v }
                    if let n = literal, n == n.rounded(), Swift.abs(n) <= 64 { return .integerPower(l, Int(n)) }
                    return compile(rhs).map { .power(l, $0) }
                }
                return compile(rhs).map { .binary(op, l, $0) }
            case .transpose(let operand, _):
                return compile(operand).map(Node.transpose)
            case .call(let name, let arguments, _):
                guard program.lets[name] == nil, arguments.count == 1, let function = Builtin.functionIDs[name] else {
                    return nil
                }
                // Element-wise built-ins of one scalar (those ``Builtin/elementwise`` defines).
                guard function.isElementwise else { return nil }
                return compile(arguments[0]).map { .builtin(function, $0) }
            case .derivative(let body, let variable, let indices, let order, _, let range):
                guard indices.isEmpty, order >= 1, program.derivativeNode(at: range.start)?.depends == true,
                    let slot = compileSlot(variable), let compiledBody = compile(body)
                else { return nil }
                let key: Int
                if let k = keys.firstIndex(of: range.start) {
                    key = k
                } else {
                    key = keys.count
                    keys.append(range.start)
                }
                return .derivative(body: compiledBody, variable: slot, order: order, key: key)
            case .piecewise(let cases, let otherwise, _):
                var pieces: [Piece] = []
                for piece in cases {
                    guard let left = compile(piece.condition.left), let right = compile(piece.condition.right),
                        let value = compile(piece.value)
                    else { return nil }
                    pieces.append(Piece(left: left, relation: piece.condition.relation, right: right, value: value))
                }
                // Without `otherwise`, a point no case covers is outside the claim's domain, which only the
                // general evaluator tells the judge.
                guard let otherwise, let compiledOtherwise = compile(otherwise) else { return nil }
                return .piecewise(pieces, otherwise: compiledOtherwise)
            case .index, .vector, .sum:
                // Tensors, local indices and conditions are the general evaluator's.
                return nil
            }
        }

        var expressions: [Node] = []
        for expression in [claim.first] + claim.steps.map(\.expression) {
            guard let node = compile(expression) else { return nil }
            expressions.append(node)
        }
        self.givenCount = program.fence.givens.count
        self.derivativeKeyCount = keys.count
        self.letBodies = letBodies
        self.expressions = expressions
    }

    /// Raised to give a point back to ``Evaluator``.
    struct Unsupported: Error {}

    /// The step budget while a point is evaluated here: counted locally, and the point is given back to
    /// ``Evaluator`` before the count could reach a limit or a deadline check (see ``Budget/spend(_:at:)``).
    struct Steps {
        var count: Int
        /// The largest count reachable without `Budget` checking a limit or the clock.
        let ceiling: Int

        init(_ budget: Budget) {
            count = budget.steps
            ceiling = min(budget.limits.evaluationSteps, count | 0xFFFF)
        }

        @inline(__always)
        mutating func spend() throws(Unsupported) {
            count &+= 1
            if count > ceiling { throw Unsupported() }
        }
    }

    /// The values visible at scalar type `T`: one per slot, fixed (givens and seeded lets) or computed, then
    /// one per derivative key (the derivatives computed in this scope).
    ///
    /// The storage is allocated and freed by ``withScope(_:_:)`` and ``derivative(of:withRespectTo:_:_:)``
    /// around the scope's whole use.
    struct Scope<T: DifferentiableScalar> {
        let values: UnsafeMutablePointer<T?>
        /// Lets held fixed (seeded by this or an enclosing derivative).
        var fixedLets: [Int]
        var touchedKink = false
        let derivativeDepth: Int
    }

    /// The number of entries of a scope's storage.
    private var scopeSize: Int { letBodies.count + derivativeKeyCount }

    /// Runs `body` with a scope holding the givens of `point`.
    func withScope<R>(
        _ point: Point, _ body: (inout Scope<Double>) throws(Unsupported) -> R
    ) throws(Unsupported) -> R {
        try withUnsafeTemporaryAllocation(of: Double?.self, capacity: scopeSize) {
            (storage) throws(Unsupported) -> R in
            let values = storage.baseAddress!
            values.initialize(repeating: nil, count: scopeSize)
            defer { values.deinitialize(count: scopeSize) }
            for g in 0..<givenCount { values[g] = point[g].elements[0] }
            var scope = Scope(values: values, fixedLets: [], derivativeDepth: 0)
            return try body(&scope)
        }
    }

    func evaluate<T: DifferentiableScalar>(
        _ node: Node, _ scope: inout Scope<T>, _ steps: inout Steps
    ) throws(Unsupported) -> T {
        try steps.spend()
        switch node {
        case .number(let v):
            return T(v)
        case .slot(let slot):
            return try value(slot, &scope, &steps)
        case .negate(let operand):
            return -(try evaluate(operand, &scope, &steps))
        case .binary(let op, let lhs, let rhs):
            let l = try evaluate(lhs, &scope, &steps)
            let r = try evaluate(rhs, &scope, &steps)
            try steps.spend()
            switch op {
            case .add: return l + r
            case .subtract: return l - r
            case .multiply, .matrixProduct: return l * r
            case .divide: return l / r
            case .power: return T.pow(l, r)
            }
        case .integerPower(let base, let n):
            let l = try evaluate(base, &scope, &steps)
            try steps.spend()
            return T.pow(l, n)
        case .power(let base, let exponent):
            let l = try evaluate(base, &scope, &steps)
            let r = try evaluate(exponent, &scope, &steps)
            try steps.spend()
            return T.pow(l, r)
        case .transpose(let operand):
            return try evaluate(operand, &scope, &steps)
        case .builtin(let function, let argument):
            let x = try evaluate(argument, &scope, &steps)
            try steps.spend()
            guard let value = Builtin.elementwise(function, x, touchedKink: &scope.touchedKink) else { throw Unsupported() }
            return value
        case .piecewise(let pieces, let otherwise):
            // As ``Evaluator/conditionHolds(_:_:_:)``: plain values, exactly; sides this close are a kink.
            for piece in pieces {
                let a = try evaluate(piece.left, &scope, &steps).primal
                let b = try evaluate(piece.right, &scope, &steps).primal
                if Swift.abs(a - b) <= Builtin.kinkProximity { scope.touchedKink = true }
                let holds: Bool
                switch piece.relation {
                case .equal: holds = a == b
                case .notEqual: holds = a != b
                case .less: holds = a < b
                case .lessOrEqual: holds = a <= b
                case .greater: holds = a > b
                case .greaterOrEqual: holds = a >= b
                }
                if holds { return try evaluate(piece.value, &scope, &steps) }
            }
            if let otherwise { return try evaluate(otherwise, &scope, &steps) }
            try steps.spend()
            return T(Double.nan)
        case .derivative(let body, let variable, let order, let key):
            let entry = letBodies.count + key
            if let cached = scope.values[entry] { return cached }
            let function: Node = order > 1 ? .derivative(body: body, variable: variable, order: order - 1, key: key) : body
            let result = try derivative(of: function, withRespectTo: variable, &scope, &steps)
            scope.values[entry] = result
            return result
        }
    }

    /// A given, a fixed let, or a let computed once per scope.
    func value<T: DifferentiableScalar>(
        _ slot: Int, _ scope: inout Scope<T>, _ steps: inout Steps
    ) throws(Unsupported) -> T {
        if let v = scope.values[slot] { return v }
        guard let body = letBodies[slot] else { throw Unsupported() }
        let v = try evaluate(body, &scope, &steps)
        scope.values[slot] = v
        return v
    }

    /// One forward pass with `variable` seeded, everything fixed in `scope` held fixed and lifted.
    func derivative<T: DifferentiableScalar>(
        of body: Node, withRespectTo variable: Int, _ scope: inout Scope<T>, _ steps: inout Steps
    ) throws(Unsupported) -> T {
        guard scope.derivativeDepth < Limits.maximumDerivativeOrder else { throw Unsupported() }
        let point = try value(variable, &scope, &steps)
        let size = scopeSize
        return try withUnsafeTemporaryAllocation(of: Dual<T>?.self, capacity: size) {
            (storage) throws(Unsupported) -> T in
            try derivative(of: body, withRespectTo: variable, at: point, storage.baseAddress!, &scope, &steps)
        }
    }

    /// ``derivative(of:withRespectTo:_:_:)`` in the dual scope `values`, of ``scopeSize`` entries.
    private func derivative<T: DifferentiableScalar>(
        of body: Node, withRespectTo variable: Int, at point: T, _ values: UnsafeMutablePointer<Dual<T>?>,
        _ scope: inout Scope<T>, _ steps: inout Steps
    ) throws(Unsupported) -> T {
        let size = scopeSize
        values.initialize(repeating: nil, count: size)
        defer { values.deinitialize(count: size) }
        for g in 0..<givenCount {
            if let v = scope.values[g] { values[g] = Dual(constant: v) }
        }
        var fixedLets = scope.fixedLets
        for l in scope.fixedLets {
            if let v = scope.values[l] { values[l] = Dual(constant: v) }
        }
        values[variable] = Dual(value: point, derivative: T(1))
        if variable >= givenCount, !fixedLets.contains(variable) { fixedLets.append(variable) }
        var inner = Scope<Dual<T>>(values: values, fixedLets: fixedLets, derivativeDepth: scope.derivativeDepth + 1)
        let column = try evaluate(body, &inner, &steps)
        if inner.touchedKink { scope.touchedKink = true }
        return column.derivative
    }
}
