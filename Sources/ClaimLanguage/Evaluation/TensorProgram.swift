import ComputeCore
import Diagnostics

/// A claim over tensors compiled into instructions on one flat buffer, allocated once per claim, so a point
/// is evaluated without allocating a tensor per node, looking up a name, or building a dictionary of locals.
///
/// It is a shortcut for ``Evaluator``, never a second definition of the language: every instruction computes
/// its elements with the operations the evaluator uses, in the same order (element-wise built-ins through
/// ``Builtin/elementwise(_:_:touchedKink:)``, reductions, products and vector functions through
/// ``FlatKernels``, which ``Tensor`` calls too), lets are computed once per point, and a derivative is the
/// evaluator's forward pass per element of its variable, on a buffer of duals, with every given lifted as
/// a constant. What the evaluator would compute once per point (lets, derivatives, everything that does not
/// mention a `for` index) is computed once per point here too; what mentions an index is computed once per
/// index combination, in the evaluator's order. Shapes are fixed by the givens' domains, so they are
/// checked once, when the claim is compiled; a claim whose shapes do not fit, or that uses anything not
/// covered here (piecewise values, sums, function lets, nested derivatives, derivatives of expressions that
/// mention an index, the built-ins with kinks of their own), is not compiled, and ``Evaluator`` judges it.
///
/// The evaluation steps a point costs do not depend on the point for the claims compiled here (no
/// data-dependent branch), so the compiler counts them as the evaluator spends them (a step per node it visits,
/// one per element an operation touches, lets and derivatives once per scope) and ``ClaimJudge`` spends them
/// per point, with the evaluator's checks of the step and time limits.
final class TensorProgram {
    /// Where a value lives in the buffer, and its shape.
    struct Value {
        var offset: Int
        var shape: [Int]
        var count: Int { shape.reduce(1, *) }
        /// Whether the value changes with the `for` indices.
        var variesWithIndex: Bool
    }

    /// Where an index of `x[…]` or `∂L/∂W[…]` comes from.
    enum IndexSource {
        /// A literal, 0-based.
        case fixed(Int)
        /// A `for` index, by the buffer slot holding its 1-based value.
        case slot(Int)
    }

    /// One operation, writing `count` elements at `output`. It carries no array (what a `pack`, a `slice` or
    /// a `pick` needs more is in the program's `operands`), so running an instruction copies and frees nothing.
    enum Operation {
        case constant(Double)
        case copy(Int)
        case negate(Int)
        /// `+ − × ÷` and `^` element-wise; `leftStride`/`rightStride` are 0 for a scalar broadcast, else 1.
        case arithmetic(BinaryOperator, Int, leftStride: Int, Int, rightStride: Int)
        case integerPower(Int, Int)
        case matmul(Int, Int, rows: Int, inner: Int, columns: Int)
        case transpose(Int, rows: Int, columns: Int)
        case elementwise(BuiltinFunction, Int)
        case sum(Int, count: Int)
        case mean(Int, count: Int)
        case dot(Int, Int, count: Int)
        case softmax(Int, count: Int)
        case logSoftmax(Int, count: Int)
        case logSumExp(Int, count: Int)
        case crossEntropy(Int, Int, count: Int)
        case delta(Int, Int)
        /// The scalars at the offsets `operands[at..<at + count]`, as a vector.
        case pack(at: Int, count: Int)
        /// `x[…]`: `count` elements from `base`, at the flat position the indices make with their strides
        /// (``Compiler/appendIndexOperands(_:strides:)``: `axes` of them, from `operands[at]`).
        case slice(Int, at: Int, axes: Int)
        /// `∂L/∂W[…]`: for each of `leading` rows, the element the indices pick of the variable's shape.
        case pick(Int, at: Int, axes: Int, leading: Int, variableCount: Int)
        /// A Jacobian, by ``TensorProgram/derivatives``'s entry.
        case derivative(Int)
    }

    struct Instruction {
        let operation: Operation
        let output: Int
        let count: Int
    }

    /// A derivative: its function compiled over a buffer of duals, run once per element of its variable.
    final class Derivative {
        let instructions: [Instruction]
        /// The instructions' operands (see ``Operation``).
        let operands: [Int]
        /// The dual buffer, allocated once.
        let buffer: UnsafeMutablePointer<Dual<Double>>
        let size: Int
        /// Values copied in (as constants) from the outer buffer: outer offset, inner offset, count.
        let inputs: [(outer: Int, inner: Int, count: Int)]
        /// The variable: its outer and inner offsets and element count.
        let variable: (outer: Int, inner: Int, count: Int)
        /// The function's value in the inner buffer.
        let body: Value

        init(
            instructions: [Instruction], operands: [Int], size: Int, inputs: [(outer: Int, inner: Int, count: Int)],
            variable: (outer: Int, inner: Int, count: Int), body: Value
        ) {
            self.instructions = instructions
            self.operands = operands
            self.size = size
            self.inputs = inputs
            self.variable = variable
            self.body = body
            buffer = .allocate(capacity: max(1, size))
            buffer.initialize(repeating: Dual(constant: 0), count: max(1, size))
        }

        deinit {
            buffer.deinitialize(count: max(1, size))
            buffer.deallocate()
        }
    }

    /// The givens' offsets, in declaration order.
    let givens: [Value]
    /// The `for` indices' slots, in the claim's order.
    let indexSlots: [Int]
    /// Run once per point.
    let pointInstructions: [Instruction]
    /// Run once per index combination (empty without `for`).
    let combinationInstructions: [Instruction]
    /// The instructions' operands (see ``Operation``).
    let operands: [Int]
    /// The expressions' values (first, then each step), per combination.
    let expressions: [Value]
    let derivatives: [Derivative]
    /// The buffer, allocated once.
    let buffer: UnsafeMutablePointer<Double>
    let size: Int
    /// The evaluator's steps per point: those spent once, and those spent per index combination.
    let onceSteps: Int
    let perCombinationSteps: Int

    /// The steps the evaluator spends on a point whose first expression is finite.
    func steps(combinations: Int) -> Int { onceSteps + perCombinationSteps * combinations }

    deinit {
        buffer.deallocate()
    }

    /// Compiles `claim` for the givens' shapes, when everything in it is covered, else returns `nil`.
    init?(program: Program, claim: Claim) {
        var compiler = Compiler(program: program, lifted: false)
        for given in program.fence.givens {
            let shape: [Int]
            switch given.domain {
            case .elements(_, let s): shape = s
            case .oneHot(let n), .simplex(let n): shape = [n]
            }
            guard shape.count <= 2, shape.allSatisfy({ $0 > 0 }), shape.reduce(1, *) <= Limits.maximumTensorElements
            else { return nil }
            compiler.names[given.name] = compiler.allocate(shape, variesWithIndex: false)
        }
        let givens = program.fence.givens.map { compiler.names[$0.name]! }
        var indexSlots: [Int] = []
        for index in claim.indices {
            let slot = compiler.allocate([], variesWithIndex: true)
            compiler.locals[index] = slot
            indexSlots.append(slot.offset)
        }
        var expressions: [Value] = []
        for expression in [claim.first] + claim.steps.map(\.expression) {
            guard let value = compiler.compile(expression) else { return nil }
            expressions.append(value)
        }
        guard compiler.size <= 1 << 20 else { return nil }
        self.givens = givens
        self.indexSlots = indexSlots
        self.pointInstructions = compiler.pointInstructions
        self.combinationInstructions = compiler.combinationInstructions
        self.operands = compiler.operands
        self.expressions = expressions
        self.derivatives = compiler.derivatives
        self.onceSteps = compiler.onceSteps
        self.perCombinationSteps = compiler.perCombinationSteps
        self.size = max(1, compiler.size)
        buffer = .allocate(capacity: size)
        buffer.initialize(repeating: 0, count: size)
    }

    // MARK: - Compiling

    /// Turns expressions into instructions, allocating their values in one buffer.
    struct Compiler {
        let program: Program
        /// Whether this compiles a derivative's function (over duals, every fixed name an input).
        let lifted: Bool
        // A claim has a handful of names and locals: a short scan finds one faster than a hash.
        var names = SmallNameTable<Value>()
        var locals = SmallNameTable<Value>()
        /// The lets being compiled, innermost last.
        var compilingLets: [String] = []
        var size = 0
        var pointInstructions: [Instruction] = []
        var combinationInstructions: [Instruction] = []
        /// What `pack`, `slice` and `pick` instructions read besides their operation (see ``Operation``).
        var operands: [Int] = []
        var derivatives: [Derivative] = []
        /// The evaluator's steps: spent once per point (lets, derivatives) and per index combination.
        var onceSteps = 0
        var perCombinationSteps = 0
        /// Whether what is compiled now is evaluated once per point (a let's body, a derivative's passes).
        var compilingOnce = false

        init(program: Program, lifted: Bool) {
            self.program = program
            self.lifted = lifted
            pointInstructions.reserveCapacity(32)
        }

        /// Counts `n` of the evaluator's steps where it spends them.
        mutating func spend(_ n: Int) {
            if compilingOnce { onceSteps += n } else { perCombinationSteps += n }
        }

        /// Compiles `body` as evaluated once per point.
        mutating func once<R>(_ body: (inout Compiler) -> R) -> R {
            let outer = compilingOnce
            compilingOnce = true
            defer { compilingOnce = outer }
            return body(&self)
        }

        mutating func allocate(_ shape: [Int], variesWithIndex: Bool) -> Value {
            let value = Value(offset: size, shape: shape, variesWithIndex: variesWithIndex)
            size += max(1, value.count)
            return value
        }

        /// Emits `operation` into a value of `shape`, varying with the index when any input does.
        mutating func emit(_ operation: Operation, shape: [Int], inputs: [Value]) -> Value {
            let varies = inputs.contains { $0.variesWithIndex }
            let value = allocate(shape, variesWithIndex: varies)
            let instruction = Instruction(operation: operation, output: value.offset, count: value.count)
            if varies {
                combinationInstructions.append(instruction)
            } else {
                pointInstructions.append(instruction)
            }
            return value
        }

        mutating func name(_ name: String) -> Value? {
            if let local = locals[name] { return local }
            if let value = names[name] { return value }
            switch program.namedValue(name) {
            case .constant(let c)?:
                return emit(.constant(c), shape: [], inputs: [])
            case .definition(let definition)? where !definition.isFunction && definition.parameters.isEmpty:
                guard !compilingLets.contains(name) else { return nil }
                compilingLets.append(name)
                defer { compilingLets.removeLast() }
                guard let value = once({ $0.compile(definition.body) }) else { return nil }
                names[name] = value
                return value
            default:
                return nil
            }
        }

        mutating func compile(_ expression: Expression) -> Value? {
            spend(1)
            switch expression {
            case .number(let v, _):
                return emit(.constant(v), shape: [], inputs: [])
            case .name(let name, _):
                return self.name(name)
            case .negate(let operand, _):
                guard let x = compile(operand) else { return nil }
                return emit(.negate(x.offset), shape: x.shape, inputs: [x])
            case .binary(let op, let lhs, let rhs, _):
                guard let l = compile(lhs) else { return nil }
                if op == .power {
                    var literal: Double?
                    if case .number(let v, _) = rhs { literal = v }
                    if case .negate(.number(let v, _), _) = rhs { literal = -v }
                    if let n = literal, n == n.rounded(), Swift.abs(n) <= 64 {
                        spend(l.count)
                        return emit(.integerPower(l.offset, Int(n)), shape: l.shape, inputs: [l])
                    }
                }
                guard let r = compile(rhs) else { return nil }
                spend(Swift.max(l.count, r.count))
                if op == .matrixProduct, !l.shape.isEmpty, !r.shape.isEmpty {
                    return matrixProduct(l, r)
                }
                let shape: [Int]
                if l.shape == r.shape {
                    shape = l.shape
                } else if r.shape.isEmpty {
                    shape = l.shape
                } else if l.shape.isEmpty {
                    shape = r.shape
                } else {
                    return nil
                }
                let arithmetic: BinaryOperator = op == .matrixProduct ? .multiply : op
                return emit(
                    .arithmetic(
                        arithmetic, l.offset, leftStride: l.shape == shape ? 1 : 0, r.offset,
                        rightStride: r.shape == shape ? 1 : 0), shape: shape, inputs: [l, r])
            case .transpose(let operand, _):
                guard let x = compile(operand), x.shape.count <= 2 else { return nil }
                guard x.shape.count == 2 else { return x }
                return emit(
                    .transpose(x.offset, rows: x.shape[0], columns: x.shape[1]), shape: [x.shape[1], x.shape[0]],
                    inputs: [x])
            case .index(let base, let indices, _):
                guard let x = compile(base), indices.count <= x.shape.count,
                    let sources = indexSources(indices, extents: x.shape)
                else { return nil }
                spend(indices.count)
                let rest = Array(x.shape.dropFirst(indices.count))
                var strides: [Int] = []
                for axis in indices.indices { strides.append(x.shape[(axis + 1)...].reduce(1, *)) }
                let varies = sources.contains { if case .slot = $0 { true } else { false } }
                let at = appendIndexOperands(sources, strides: strides)
                return emit(
                    .slice(x.offset, at: at, axes: sources.count), shape: rest,
                    inputs: [x] + (varies ? [Value(offset: 0, shape: [], variesWithIndex: true)] : []))
            case .call(let name, let arguments, _):
                return call(name, arguments)
            case .derivative(let body, let variable, let indices, let order, _, let range):
                return derivative(body, variable: variable, indices: indices, order: order, at: range)
            case .vector(let entries, _):
                var values: [Value] = []
                for entry in entries {
                    guard let v = compile(entry), v.shape.isEmpty else { return nil }
                    values.append(v)
                }
                guard !values.isEmpty else { return nil }
                spend(values.count)
                let at = operands.count
                for value in values { operands.append(value.offset) }
                return emit(.pack(at: at, count: values.count), shape: [values.count], inputs: values)
            case .sum, .piecewise:
                return nil
            }
        }

        /// `@` of two tensors (a scalar operand multiplies, handled by the caller).
        mutating func matrixProduct(_ l: Value, _ r: Value) -> Value? {
            let rows = l.shape.count == 2 ? l.shape[0] : 1
            let inner = l.shape.count == 2 ? l.shape[1] : l.shape[0]
            let columns = r.shape.count == 2 ? r.shape[1] : 1
            guard inner == r.shape[0], rows * columns * inner > 0 else { return nil }
            let shape: [Int]
            switch (l.shape.count, r.shape.count) {
            case (2, 2): shape = [rows, columns]
            case (2, _): shape = [rows]
            case (_, 2): shape = [columns]
            default: shape = []
            }
            return emit(
                .matmul(l.offset, r.offset, rows: rows, inner: inner, columns: columns), shape: shape, inputs: [l, r])
        }

        /// Appends, per axis, whether the index is a `for` index (1) or fixed (0), its slot or 0-based
        /// position, and the axis's stride; returns where they start in `operands`.
        mutating func appendIndexOperands(_ sources: [IndexSource], strides: [Int]) -> Int {
            let at = operands.count
            for (axis, source) in sources.enumerated() {
                switch source {
                case .fixed(let p):
                    operands.append(0)
                    operands.append(p)
                case .slot(let s):
                    operands.append(1)
                    operands.append(s)
                }
                operands.append(strides[axis])
            }
            return at
        }

        /// Literal indices (checked against `extents`) and `for` indices.
        mutating func indexSources(_ indices: [Expression], extents: [Int]) -> [IndexSource]? {
            var sources: [IndexSource] = []
            for (axis, index) in indices.enumerated() {
                switch index {
                case .number(let v, _):
                    guard v == v.rounded(), v >= 1, v <= Double(extents[axis]) else { return nil }
                    sources.append(.fixed(Int(v) - 1))
                case .name(let name, _):
                    guard let slot = locals[name] else { return nil }
                    sources.append(.slot(slot.offset))
                default:
                    return nil
                }
            }
            return sources
        }

        mutating func call(_ name: String, _ arguments: [Expression]) -> Value? {
            guard program.lets[name] == nil, let function = Builtin.functionIDs[name] else { return nil }
            var values: [Value] = []
            for argument in arguments {
                guard let v = compile(argument) else { return nil }
                values.append(v)
            }
            spend(values.reduce(0) { $0 + $1.count })
            if function.isElementwise, values.count == 1 {
                return emit(.elementwise(function, values[0].offset), shape: values[0].shape, inputs: values)
            }
            let x = values[0]
            switch (function, values.count) {
            case (.sum, 1):
                return emit(.sum(x.offset, count: x.count), shape: [], inputs: values)
            case (.mean, 1):
                return emit(.mean(x.offset, count: x.count), shape: [], inputs: values)
            case (.dot, 2) where values[1].shape == x.shape && x.count > 0:
                return emit(.dot(x.offset, values[1].offset, count: x.count), shape: [], inputs: values)
            case (.softmax, 1) where x.shape.count == 1 && x.count > 0:
                return emit(.softmax(x.offset, count: x.count), shape: x.shape, inputs: values)
            case (.logSoftmax, 1) where x.shape.count == 1 && x.count > 0:
                return emit(.logSoftmax(x.offset, count: x.count), shape: x.shape, inputs: values)
            case (.logsumexp, 1) where x.shape.count == 1 && x.count > 0:
                return emit(.logSumExp(x.offset, count: x.count), shape: [], inputs: values)
            case (.crossEntropy, 2) where values[1].shape == x.shape && x.count > 0:
                return emit(.crossEntropy(x.offset, values[1].offset, count: x.count), shape: [], inputs: values)
            case (.delta, 2) where x.shape.isEmpty && values[1].shape.isEmpty:
                return emit(.delta(x.offset, values[1].offset), shape: [], inputs: values)
            case (.transpose, 1) where x.shape.count <= 2:
                guard x.shape.count == 2 else { return x }
                return emit(
                    .transpose(x.offset, rows: x.shape[0], columns: x.shape[1]), shape: [x.shape[1], x.shape[0]],
                    inputs: values)
            default:
                return nil
            }
        }

        /// A first derivative whose function mentions no `for` index, as the evaluator takes it: the variable
        /// seeded one element at a time, every given held fixed, every let recomputed from them.
        mutating func derivative(
            _ body: Expression, variable: String, indices: [Expression], order: Int, at range: SourceRange
        ) -> Value? {
            guard !lifted, order == 1, locals[variable] == nil, let node = program.derivativeNode(at: range.start),
                node.depends, !node.bodyNames.contains(where: { locals[$0] != nil })
            else { return nil }
            guard let point = once({ $0.name(variable) }), !point.variesWithIndex else { return nil }
            var inner = Compiler(program: program, lifted: true)
            var inputs: [(outer: Int, inner: Int, count: Int)] = []
            for given in program.fence.givens where given.name != variable {
                guard let outer = names[given.name] else { return nil }
                let value = inner.allocate(outer.shape, variesWithIndex: false)
                inner.names[given.name] = value
                inputs.append((outer.offset, value.offset, outer.count))
            }
            let seeded = inner.allocate(point.shape, variesWithIndex: false)
            inner.names[variable] = seeded
            guard let function = inner.compile(body), inner.combinationInstructions.isEmpty else { return nil }
            let shape = function.shape + point.shape
            guard shape.count <= 2, point.count > 0 else { return nil }
            // One pass per element of the variable, each in a scope as new (its lets computed again).
            once { $0.spend(point.count * (inner.onceSteps + inner.perCombinationSteps)) }
            derivatives.append(
                Derivative(
                    instructions: inner.pointInstructions, operands: inner.operands, size: inner.size, inputs: inputs,
                    variable: (point.offset, seeded.offset, point.count), body: function))
            let jacobian = emit(.derivative(derivatives.count - 1), shape: shape, inputs: [])
            guard !indices.isEmpty else { return jacobian }
            guard indices.count == point.shape.count, let sources = indexSources(indices, extents: point.shape) else {
                return nil
            }
            spend(indices.count)
            var strides: [Int] = []
            for axis in indices.indices { strides.append(point.shape[(axis + 1)...].reduce(1, *)) }
            let varies = sources.contains { if case .slot = $0 { true } else { false } }
            let at = appendIndexOperands(sources, strides: strides)
            return emit(
                .pick(
                    jacobian.offset, at: at, axes: sources.count, leading: function.count, variableCount: point.count),
                shape: function.shape,
                inputs: [jacobian] + (varies ? [Value(offset: 0, shape: [], variesWithIndex: true)] : []))
        }
    }

    // MARK: - Running

    /// Every expression's value at `point`, assembled over the `for` indices (index axes first) as
    /// ``ClaimJudge/evaluateExpressions(in:)`` assembles them; `nil` when the first expression is not finite.
    func evaluate(_ point: Point, indexRanges: [(name: String, count: Int)], touchedKink: inout Bool) -> [Tensor<Double>]? {
        for (g, given) in givens.enumerated() {
            point[g].elements.withUnsafeBufferPointer { elements in
                for i in 0..<min(elements.count, given.count) { buffer[given.offset + i] = elements[i] }
            }
        }
        run(pointInstructions, buffer, &touchedKink)
        var results: [Tensor<Double>] = []
        results.reserveCapacity(expressions.count)
        if indexRanges.isEmpty {
            for (e, value) in expressions.enumerated() {
                let elements = Array(UnsafeBufferPointer(start: buffer + value.offset, count: value.count))
                results.append(Tensor(uncheckedShapeForCompiledValue: value.shape, elements: elements))
                if e == 0, elements.contains(where: { !$0.isFinite }) { return nil }
            }
            return results
        }
        var combinations = 1
        for r in indexRanges { combinations *= r.count }
        var elements = Array(repeating: [Double](), count: expressions.count)
        for e in expressions.indices { elements[e].reserveCapacity(combinations * expressions[e].count) }
        var counter = Array(repeating: 1, count: indexRanges.count)
        for _ in 0..<combinations {
            for (k, slot) in indexSlots.enumerated() { buffer[slot] = Double(counter[k]) }
            run(combinationInstructions, buffer, &touchedKink)
            for (e, value) in expressions.enumerated() {
                elements[e].append(contentsOf: UnsafeBufferPointer(start: buffer + value.offset, count: value.count))
            }
            for k in (0..<counter.count).reversed() {
                counter[k] += 1
                if counter[k] <= indexRanges[k].count { break }
                counter[k] = 1
            }
        }
        let leading = indexRanges.map(\.count)
        for (e, value) in expressions.enumerated() {
            results.append(Tensor(uncheckedShapeForCompiledValue: leading + value.shape, elements: elements[e]))
            if e == 0, elements[e].contains(where: { !$0.isFinite }) { return nil }
        }
        return results
    }

    /// Runs `instructions` on `a`; a derivative runs its own on its dual buffer.
    private func run(_ instructions: [Instruction], _ a: UnsafeMutablePointer<Double>, _ touchedKink: inout Bool) {
        // Through the buffer: an instruction is read in place, not copied (with the arrays some carry) per step.
        instructions.withUnsafeBufferPointer { list in
            operands.withUnsafeBufferPointer { operands in
                for k in list.indices {
                    if case .derivative(let d) = list[k].operation {
                        takeDerivative(derivatives[d], into: a + list[k].output, from: a, &touchedKink)
                    } else {
                        Self.execute(list[k], a, operands, &touchedKink)
                    }
                }
            }
        }
    }

    /// One forward pass per element of the variable, the Jacobian's column `k` from the pass seeded at `k`.
    private func takeDerivative(
        _ d: Derivative, into result: UnsafeMutablePointer<Double>, from a: UnsafeMutablePointer<Double>,
        _ touchedKink: inout Bool
    ) {
        let inner = d.buffer
        for input in d.inputs {
            for i in 0..<input.count { inner[input.inner + i] = Dual(constant: a[input.outer + i]) }
        }
        for i in 0..<d.variable.count { inner[d.variable.inner + i] = Dual(constant: a[d.variable.outer + i]) }
        let rows = d.body.count
        let columns = d.variable.count
        for k in 0..<columns {
            inner[d.variable.inner + k].derivative = 1
            if k > 0 { inner[d.variable.inner + k - 1].derivative = 0 }
            d.instructions.withUnsafeBufferPointer { list in
                d.operands.withUnsafeBufferPointer { operands in
                    for j in list.indices { Self.execute(list[j], inner, operands, &touchedKink) }
                }
            }
            for i in 0..<rows { result[i * columns + k] = inner[d.body.offset + i].derivative }
        }
    }

    /// One instruction on a buffer of `T`.
    @inline(__always)
    private static func execute<T: DifferentiableScalar>(
        _ instruction: Instruction, _ a: UnsafeMutablePointer<T>, _ operands: UnsafeBufferPointer<Int>,
        _ touchedKink: inout Bool
    ) {
        let out = a + instruction.output
        let n = instruction.count
        switch instruction.operation {
        case .constant(let v):
            out[0] = T(sourceValue: v)
        case .copy(let x):
            for i in 0..<n { out[i] = a[x + i] }
        case .negate(let x):
            for i in 0..<n { out[i] = -a[x + i] }
        case .arithmetic(let op, let l, let ls, let r, let rs):
            switch op {
            case .add: for i in 0..<n { out[i] = a[l + i * ls] + a[r + i * rs] }
            case .subtract: for i in 0..<n { out[i] = a[l + i * ls] - a[r + i * rs] }
            case .multiply, .matrixProduct: for i in 0..<n { out[i] = a[l + i * ls] * a[r + i * rs] }
            case .divide: for i in 0..<n { out[i] = a[l + i * ls] / a[r + i * rs] }
            case .power: for i in 0..<n { out[i] = T.pow(a[l + i * ls], a[r + i * rs]) }
            }
        case .integerPower(let x, let p):
            for i in 0..<n { out[i] = T.pow(a[x + i], p) }
        case .matmul(let l, let r, let rows, let inner, let columns):
            FlatKernels.matmul(a + l, a + r, rows: rows, inner: inner, columns: columns, into: out)
        case .transpose(let x, let rows, let columns):
            var k = 0
            for j in 0..<columns {
                for i in 0..<rows {
                    out[k] = a[x + i * columns + j]
                    k += 1
                }
            }
        case .elementwise(let function, let x):
            for i in 0..<n { out[i] = Builtin.elementwise(function, a[x + i], touchedKink: &touchedKink) ?? a[x + i] }
        case .sum(let x, let count):
            out[0] = FlatKernels.sum(a + x, count: count)
        case .mean(let x, let count):
            out[0] = FlatKernels.sum(a + x, count: count) / T(Double(count))
        case .dot(let x, let y, let count):
            out[0] = FlatKernels.dot(a + x, a + y, count: count)
        case .softmax(let x, let count):
            FlatKernels.softmax(a + x, count: count, into: out)
        case .logSoftmax(let x, let count):
            let lse = FlatKernels.logSumExp(a + x, count: count)
            for i in 0..<count { out[i] = a[x + i] - lse }
        case .logSumExp(let x, let count):
            out[0] = FlatKernels.logSumExp(a + x, count: count)
        case .crossEntropy(let p, let y, let count):
            out[0] = FlatKernels.crossEntropy(a + p, a + y, count: count)
        case .delta(let i, let j):
            out[0] = a[i].primal == a[j].primal ? T(1) : T(0)
        case .pack(let at, let count):
            for i in 0..<count { out[i] = a[operands[at + i]] }
        case .slice(let base, let at, let axes):
            let flat = flatPosition(operands, at: at, axes: axes, a)
            for i in 0..<n { out[i] = a[base + flat + i] }
        case .pick(let jacobian, let at, let axes, let leading, let variableCount):
            let flat = flatPosition(operands, at: at, axes: axes, a)
            for k in 0..<leading { out[k] = a[jacobian + k * variableCount + flat] }
        case .derivative:
            preconditionFailure("a derivative is taken by TensorProgram.run")
        }
    }

    /// The flat position the `axes` indices at `operands[at]` make (``Compiler/appendIndexOperands(_:strides:)``):
    /// each index's 0-based position (fixed, or the `for` index's 1-based value in its slot, less 1) times its
    /// stride, summed in axis order.
    @inline(__always)
    private static func flatPosition<T: DifferentiableScalar>(
        _ operands: UnsafeBufferPointer<Int>, at: Int, axes: Int, _ a: UnsafeMutablePointer<T>
    ) -> Int {
        var flat = 0
        for axis in 0..<axes {
            let k = at + 3 * axis
            let position = operands[k] == 0 ? operands[k + 1] : Int(a[operands[k + 1]].primal) - 1
            flat += position * operands[k + 2]
        }
        return flat
    }
}

extension Tensor {
    /// A tensor of a compiled value, whose shape and element count agree by construction.
    init(uncheckedShapeForCompiledValue shape: [Int], elements: [Element]) {
        // `Tensor(shape:elements:)` checks what the compiler already checked.
        self = (try? Tensor(shape: shape, elements: elements)) ?? Tensor(Element(0.0))
    }
}
