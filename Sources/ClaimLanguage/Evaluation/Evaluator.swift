import ComputeCore
import Diagnostics
import Foundation

/// A tree-walking evaluator, generic over the scalar type so each built-in is written once.
enum Evaluator {
    /// Evaluates `expression` in `scope`, with `locals` (function parameters, `for` indices) in front.
    static func evaluate<T: DifferentiableScalar>(
        _ expression: Expression, _ scope: Scope<T>, _ locals: [String: Tensor<T>]
    ) throws(EvaluationError) -> Tensor<T> {
        try scope.budget.spendOne(for: expression)
        switch expression {
        case .number(let v, _):
            return Tensor(T(sourceValue: v))
        case .name(let name, let range):
            if !locals.isEmpty, let v = locals[name] { return v }
            return try value(of: name, range: range, scope)
        case .negate(let operand, _):
            return -(try evaluate(operand, scope, locals))
        case .binary(let op, let lhs, let rhs, let range):
            let l = try evaluate(lhs, scope, locals)
            if op == .power {
                return try power(l, rhs, scope, locals, range: range)
            }
            let r = try evaluate(rhs, scope, locals)
            try scope.budget.spend(max(l.count, r.count), at: range)
            return try binary(op, l, r, range: range)
        case .transpose(let operand, let range):
            let v = try evaluate(operand, scope, locals)
            return try transpose(v, range: range)
        case .index(let base, let indices, let range):
            let v = try evaluate(base, scope, locals)
            var positions: [Int] = []
            for index in indices {
                positions.append(try integerIndex(index, scope, locals))
            }
            return try element(of: v, at: positions, range: range, indexRanges: indices.map(\.range))
        case .call(let name, let arguments, let range):
            let callee = scope.program.callee(name)
            if case .definition = callee {
            } else if arguments.count == 1 || arguments.count == 2 {
                // A built-in (or an unknown name) of one or two arguments: no argument array.
                let x = try evaluate(arguments[0], scope, locals)
                let y = arguments.count == 2 ? try evaluate(arguments[1], scope, locals) : nil
                try scope.budget.spend(x.count + (y?.count ?? 0), at: range)
                var function: BuiltinFunction?
                if case .builtin(let id)? = callee { function = id }
                return try Builtin.apply(name, function, x, y, range: range, touchedKink: &scope.touchedKink)
            }
            var values: [Tensor<T>] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try evaluate(argument, scope, locals)) }
            if case .definition(let definition)? = callee {
                return try call(definition, values, scope, range: range)
            }
            try scope.budget.spend(values.reduce(0) { $0 + $1.count }, at: range)
            var function: BuiltinFunction?
            if case .builtin(let id)? = callee { function = id }
            return try Builtin.apply(name, function, values, range: range, touchedKink: &scope.touchedKink)
        case .derivative(let body, let variable, let indices, let order, let notation, let range):
            // A derivative whose function mentions no local (no `for` index, no parameter) is the same
            // for every index combination: compute it once per scope.
            let cacheable =
                locals.isEmpty
                || scope.program.derivativeNode(at: range.start).map { node in
                    !locals.keys.contains(where: node.bodyNames.contains)
                } == true
            if cacheable, let cached = scope.cachedDerivative(at: range.start) {
                return try pickDerivativeElement(cached, variable: variable, indices: indices, scope, locals, range: range)
            }
            var result: Tensor<T>
            let function =
                order > 1
                ? Expression.derivative(of: body, variable: variable, indices: [], order: order - 1, notation: notation, range)
                : body
            result = try derivative(of: function, withRespectTo: variable, scope, locals, range: range)
            if scope.checkDerivatives, let doubleScope = scope as? Scope<Double>,
                let doubleLocals = locals as? [String: Tensor<Double>], let forward = result as? Tensor<Double>
            {
                try finiteDifferenceCheck(
                    of: function, withRespectTo: variable, doubleScope, doubleLocals, forward: forward, range: range)
            }
            if cacheable { scope.cacheDerivative(result, at: range.start) }
            return try pickDerivativeElement(result, variable: variable, indices: indices, scope, locals, range: range)
        case .vector(let entries, let range):
            var elements: [T] = []
            elements.reserveCapacity(entries.count)
            for entry in entries {
                let v = try evaluate(entry, scope, locals)
                guard v.isScalar, let element = v.elements.first else {
                    throw EvaluationError(
                        message: "an entry of a vector must be a scalar, found a \(describeShape(v.shape))",
                        range: entry.range)
                }
                elements.append(element)
            }
            try scope.budget.spend(elements.count, at: range)
            do {
                return try Tensor(shape: [elements.count], elements: elements)
            } catch {
                throw EvaluationError(message: "\(error)", range: range)
            }
        case .sum(let index, let lower, let upper, let body, let range):
            return try sum(index: index, lower: lower, upper: upper, body: body, scope, locals, range: range)
        case .piecewise(let cases, let otherwise, let range):
            for piece in cases {
                if try conditionHolds(piece.condition, scope, locals) {
                    return try evaluate(piece.value, scope, locals)
                }
            }
            if let otherwise { return try evaluate(otherwise, scope, locals) }
            // No case applies: the point is outside the value's domain, and so outside the claim's.
            try scope.budget.spend(1, at: range)
            scope.leftPiecewiseDomain = true
            return Tensor(T(Double.nan))
        }
    }

    /// `Σ_{index=lower}^{upper} body`: the bounds evaluated once, then the body once per integer, added up.
    static func sum<T: DifferentiableScalar>(
        index: String, lower: Expression, upper: Expression, body: Expression, _ scope: Scope<T>,
        _ locals: [String: Tensor<T>], range: SourceRange
    ) throws(EvaluationError) -> Tensor<T> {
        func bound(_ e: Expression, _ which: String) throws(EvaluationError) -> Int {
            let v = try evaluate(e, scope, locals)
            guard v.isScalar, let x = v.elements.first?.primal, x.isFinite, x == x.rounded(), Swift.abs(x) < 1e9 else {
                let found = v.isScalar ? formatScalar(v.elements.first?.primal ?? .nan) : "a \(describeShape(v.shape))"
                throw EvaluationError(message: "the \(which) bound of a sum must be an integer, found \(found)", range: e.range)
            }
            return Int(x)
        }
        let first = try bound(lower, "lower")
        let last = try bound(upper, "upper")
        guard last >= first else { return Tensor(T(0)) }
        let terms = last - first + 1
        guard terms <= Limits.maximumSumTerms else {
            throw EvaluationError(
                message: "a sum of \(terms) terms exceeds the limit of \(Limits.maximumSumTerms)", range: upper.range)
        }
        var inner = locals
        var total: Tensor<T>?
        for i in first...last {
            inner[index] = Tensor(T(Double(i)))
            let term = try evaluate(body, scope, inner)
            if let previous = total {
                try scope.budget.spend(max(previous.count, term.count), at: range)
                total = try binary(.add, previous, term, range: range)
            } else {
                total = term
            }
        }
        return total ?? Tensor(T(0))
    }

    /// Whether a piecewise value's condition holds, on plain values; a condition whose sides are within
    /// ``Builtin/kinkProximity`` of each other marks the point as touching a kink.
    static func conditionHolds<T: DifferentiableScalar>(
        _ condition: Condition, _ scope: Scope<T>, _ locals: [String: Tensor<T>]
    ) throws(EvaluationError) -> Bool {
        let l = try evaluate(condition.left, scope, locals)
        let r = try evaluate(condition.right, scope, locals)
        guard l.isScalar, r.isScalar, let a = l.elements.first?.primal, let b = r.elements.first?.primal else {
            throw EvaluationError(
                message:
                    "a condition compares scalars, found a \(describeShape(l.isScalar ? r.shape : l.shape))",
                range: condition.range)
        }
        if Swift.abs(a - b) <= Builtin.kinkProximity { scope.touchedKink = true }
        switch condition.relation {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }

    /// `∂L/∂W[i, j]`: the indices pick an element of the variable's shape, the trailing axes of the derivative.
    static func pickDerivativeElement<T: DifferentiableScalar>(
        _ full: Tensor<T>, variable: String, indices: [Expression], _ scope: Scope<T>, _ locals: [String: Tensor<T>],
        range: SourceRange
    ) throws(EvaluationError) -> Tensor<T> {
        var result = full
        if !indices.isEmpty {
            // `∂L/∂W[i, j]`: the indices pick an element of the variable's shape, the trailing axes.
            var positions: [Int] = []
            for index in indices { positions.append(try integerIndex(index, scope, locals)) }
            let variableShape: [Int]
            if !locals.isEmpty, let local = locals[variable] {
                variableShape = local.shape
            } else {
                variableShape = try value(of: variable, range: range, scope).shape
            }
            guard positions.count == variableShape.count else {
                throw EvaluationError(
                    message:
                        "'\(variable)' has \(variableShape.count) ax\(variableShape.count == 1 ? "is" : "es") but \(positions.count) ind\(positions.count == 1 ? "ex is" : "ices are") given",
                    range: range)
            }
            let leading = Array(result.shape.dropLast(variableShape.count))
            let leadingCount = leading.reduce(1, *)
            var flat = 0
            for (axis, p) in positions.enumerated() {
                guard p >= 1, p <= variableShape[axis] else {
                    throw EvaluationError(
                        message: "index \(p) is out of range 1...\(variableShape[axis]) for '\(variable)'",
                        range: indices[axis].range)
                }
                flat = flat * variableShape[axis] + (p - 1)
            }
            let stride = variableShape.reduce(1, *)
            var elements: [T] = []
            for k in 0..<leadingCount { elements.append(result.elements[k * stride + flat]) }
            result = (try? Tensor(shape: leading, elements: elements)) ?? Tensor(T(0))
        }
        return result
    }

    /// A given, a fixed name or a let (computed once per scope).
    static func value<T: DifferentiableScalar>(
        of name: String, range: SourceRange, _ scope: Scope<T>
    ) throws(EvaluationError) -> Tensor<T> {
        if let v = scope.known(name) { return v }
        let definition: LetDefinition
        switch scope.program.namedValue(name) {
        case .constant(let c)?: return Tensor(T(sourceValue: c))
        case .definition(let d)? where !d.isFunction: definition = d
        default: throw EvaluationError(message: "unknown name '\(name)'", range: range)
        }
        let v = try evaluate(definition.body, scope, [:])
        scope.lets.append((name, v))
        return v
    }

    static func call<T: DifferentiableScalar>(
        _ definition: LetDefinition, _ arguments: [Tensor<T>], _ scope: Scope<T>, range: SourceRange
    ) throws(EvaluationError) -> Tensor<T> {
        scope.callDepth += 1
        defer { scope.callDepth -= 1 }
        if scope.callDepth > scope.budget.limits.callDepth {
            throw EvaluationError(
                message: "let expansion limit hit: calls nested more than \(scope.budget.limits.callDepth) deep",
                range: range, kind: .limit)
        }
        var locals: [String: Tensor<T>] = [:]
        for (parameter, argument) in zip(definition.parameters, arguments) { locals[parameter] = argument }
        return try evaluate(definition.body, scope, locals)
    }

    static func integerIndex<T: DifferentiableScalar>(
        _ expression: Expression, _ scope: Scope<T>, _ locals: [String: Tensor<T>]
    ) throws(EvaluationError) -> Int {
        let v = try evaluate(expression, scope, locals)
        guard v.isScalar, let x = v.elements.first?.primal, x == x.rounded(), abs(x) < 1e9 else {
            throw EvaluationError(message: "an index must be an integer", range: expression.range)
        }
        return Int(x)
    }

    static func element<T: DifferentiableScalar>(
        of v: Tensor<T>, at positions: [Int], range: SourceRange, indexRanges: [SourceRange]
    ) throws(EvaluationError) -> Tensor<T> {
        guard positions.count <= v.rank else {
            throw EvaluationError(
                message: "too many indices: a \(describeShape(v.shape)) takes \(v.rank)", range: range)
        }
        var flat = 0
        for (axis, p) in positions.enumerated() {
            guard p >= 1, p <= v.shape[axis] else {
                throw EvaluationError(
                    message: "index \(p) is out of range 1...\(v.shape[axis])", range: indexRanges[axis])
            }
            flat = flat * v.shape[axis] + (p - 1)
        }
        let rest = Array(v.shape.dropFirst(positions.count))
        let stride = rest.reduce(1, *)
        let slice = Array(v.elements[(flat * stride)..<(flat * stride + stride)])
        return (try? Tensor(shape: rest, elements: slice)) ?? Tensor(T(0))
    }

    static func binary<T: DifferentiableScalar>(
        _ op: BinaryOperator, _ l: Tensor<T>, _ r: Tensor<T>, range: SourceRange
    ) throws(EvaluationError) -> Tensor<T> {
        do {
            switch op {
            case .add: return try l + r
            case .subtract: return try l - r
            case .multiply: return try l * r
            case .divide: return try l / r
            case .matrixProduct: return try matrixProduct(l, r)
            case .power: return try Tensor.elementwise(l, r, operation: "power") { T.pow($0, $1) }
            }
        } catch let error as ShapeError {
            throw EvaluationError(message: "shape mismatch: \(error.description)", range: range)
        } catch {
            throw EvaluationError(message: "\(error)", range: range)
        }
    }

    /// `@`: the core's matrix product (vectors placed where they fit; vector·vector is the dot
    /// product); a scalar operand multiplies.
    static func matrixProduct<T: DifferentiableScalar>(_ l: Tensor<T>, _ r: Tensor<T>) throws -> Tensor<T> {
        if l.isScalar || r.isScalar { return try l * r }
        return try l.matmul(r)
    }

    static func transpose<T: DifferentiableScalar>(_ v: Tensor<T>, range: SourceRange) throws(EvaluationError) -> Tensor<T> {
        guard v.rank <= 2 else {
            throw EvaluationError(message: "cannot transpose a tensor of rank \(v.rank)", range: range)
        }
        // A vector is neither a row nor a column: vᵀ @ w is the dot product.
        return v.transposed()
    }

    /// `x^y`: an integer literal exponent uses repeated multiplication (so negative bases work);
    /// otherwise `exp(y·log x)`.
    static func power<T: DifferentiableScalar>(
        _ base: Tensor<T>, _ exponentExpression: Expression, _ scope: Scope<T>, _ locals: [String: Tensor<T>],
        range: SourceRange
    ) throws(EvaluationError) -> Tensor<T> {
        var literal: Double?
        if case .number(let v, _) = exponentExpression { literal = v }
        if case .negate(.number(let v, _), _) = exponentExpression { literal = -v }
        if let n = literal, n == n.rounded(), abs(n) <= 64 {
            try scope.budget.spend(base.count, at: range)
            return base.map { T.pow($0, Int(n)) }
        }
        let exponent = try evaluate(exponentExpression, scope, locals)
        try scope.budget.spend(max(base.count, exponent.count), at: range)
        return try binary(.power, base, exponent, range: range)
    }

    // MARK: - Derivatives

    /// The derivative of `body` with respect to `variable` (a given: total derivative through every let;
    /// a let: that name seeded, everything it is built from held fixed), by one forward pass per element.
    static func derivative<T: DifferentiableScalar>(
        of body: Expression, withRespectTo variable: String, _ scope: Scope<T>, _ locals: [String: Tensor<T>],
        range: SourceRange
    ) throws(EvaluationError) -> Tensor<T> {
        guard scope.derivativeDepth < Limits.maximumDerivativeOrder else {
            throw EvaluationError(
                message: "derivatives nested more than \(Limits.maximumDerivativeOrder) deep", range: range,
                kind: .limit)
        }
        guard scope.program.derivativeNode(at: range.start)?.depends ?? scope.program.computeDepends(body, on: variable)
        else {
            throw EvaluationError(
                message: "the expression does not depend on '\(variable)'", range: range)
        }
        // A function's parameter (`let g(t) = d/dt(σ(t))`) is seeded among the locals, everything else held fixed.
        let localPoint = locals.isEmpty ? nil : locals[variable]
        let point: Tensor<T>
        if let localPoint { point = localPoint } else { point = try value(of: variable, range: range, scope) }
        let fixed: NameTable<Dual<T>>
        if let lifted = scope.liftedFixed {
            fixed = lifted
        } else {
            let outer = scope.fixed
            var values: [Tensor<Dual<T>>] = []
            values.reserveCapacity(outer.values.count)
            for v in outer.values { values.append(v.map { Dual(constant: $0) }) }
            let lifted = NameTable(names: outer.names, values: values)
            scope.liftedFixed = lifted
            fixed = lifted
        }
        let liftedLocals: [String: Tensor<Dual<T>>] = locals.isEmpty ? [:] : locals.mapValues { $0.map { Dual(constant: $0) } }
        var columns: [Tensor<Dual<T>>] = []
        columns.reserveCapacity(point.count)
        var touchedKink = false
        var reusable: Scope<Dual<T>>?
        for k in 0..<point.count {
            var seeded = point.map { Dual(constant: $0) }
            seeded.elements[k].derivative = T(1)
            // Each column is evaluated in a scope as new; the previous column's scope is reused.
            let inner: Scope<Dual<T>>
            let seededName: (name: String, value: Tensor<Dual<T>>)? = localPoint == nil ? (variable, seeded) : nil
            var columnLocals = liftedLocals
            if localPoint != nil { columnLocals[variable] = seeded }
            if let reusable {
                inner = reusable
                inner.reset(seeded: seededName, callDepth: scope.callDepth)
            } else {
                inner = Scope<Dual<T>>(
                    program: scope.program, budget: scope.budget, base: fixed, seeded: seededName,
                    derivativeDepth: scope.derivativeDepth + 1)
                inner.callDepth = scope.callDepth
                reusable = inner
            }
            columns.append(try evaluate(body, inner, columnLocals))
            touchedKink = touchedKink || inner.touchedKink
        }
        if touchedKink { scope.touchedKink = true }
        guard let first = columns.first else {
            throw EvaluationError(message: "'\(variable)' has no elements", range: range)
        }
        let shape = first.shape + point.shape
        guard shape.count <= 2 else {
            throw EvaluationError(
                message:
                    "the derivative of a \(describeShape(first.shape)) by a \(describeShape(point.shape)) has rank \(shape.count); index one of them, e.g. ∂a[i]/∂z[j]",
                range: range)
        }
        var elements: [T] = []
        elements.reserveCapacity(first.count * point.count)
        for i in 0..<first.count {
            for k in 0..<point.count { elements.append(columns[k].elements[i].derivative) }
        }
        do {
            return try Tensor(shape: shape, elements: elements)
        } catch {
            throw EvaluationError(message: "\(error)", range: range)
        }
    }
}
