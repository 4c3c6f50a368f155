import RealModule

// Derivatives by forward mode.
//
// Each function evaluates `f` on dual numbers with one tangent seeded (set to 1) and the
// rest 0, and reads derivatives off the result; `n` inputs cost `n` evaluations
// (`n(n+1)/2` for a Hessian).
//
// The derivative with respect to an intermediate quantity `a = g(x)` (such as `∂L/∂a`)
// is the derivative of `L` viewed as a function of `a` with everything else held fixed:
// compute `a` in `Double`, then call ``gradient(at:of:)`` (or ``derivative(at:of:)``)
// at that value with a closure that computes `L` from `a`, lifting the other inputs to
// constants with `Tensor.lifted(to:)`. `Tensor.seeded(at:)` and
// `Tensor.seeded(along:)` build the seeded input for a single partial or directional
// derivative when a closure is inconvenient.

/// The derivative `f′(x)` of a scalar function.
@inlinable
public func derivative(at x: Double, of f: (Dual<Double>) throws -> Dual<Double>) rethrows -> Double {
    try f(Dual.variable(x)).derivative
}

/// The second derivative `f″(x)` of a scalar function, through nested duals.
@inlinable
public func secondDerivative(
    at x: Double, of f: (Dual<Dual<Double>>) throws -> Dual<Dual<Double>>
) rethrows -> Double {
    let seed = Dual<Dual<Double>>(
        value: Dual(value: x, derivative: 1), derivative: Dual(value: 1, derivative: 0))
    return try f(seed).derivative.derivative
}

/// The gradient of a scalar function of a tensor: `∂f/∂xᵢ` for every element, in the shape of `x`.
@inlinable
public func gradient(
    at x: Tensor<Double>, of f: (Tensor<Dual<Double>>) throws -> Dual<Double>
) rethrows -> Tensor<Double> {
    var input = x.lifted(to: Dual<Double>.self)
    var result: [Double] = []
    result.reserveCapacity(x.count)
    for index in 0..<x.count {
        input.elements[index].derivative = 1
        result.append(try f(input).derivative)
        input.elements[index].derivative = 0
    }
    return Tensor(uncheckedShape: x.shape, elements: result)
}

/// The directional derivative `∇f(x)·v` (one evaluation).
///
/// - Throws: ``ShapeError`` when `direction` has another shape than `x`, or what `f` throws.
@inlinable
public func directionalDerivative(
    at x: Tensor<Double>, along direction: Tensor<Double>,
    of f: (Tensor<Dual<Double>>) throws -> Dual<Double>
) throws -> Double {
    try f(try x.seeded(along: direction)).derivative
}

/// The Jacobian `Jᵢⱼ = ∂fᵢ/∂xⱼ` as an `m×n` matrix: rows are the output's elements and
/// columns the input's, both in flat row-major order.
@inlinable
public func jacobian(
    at x: Tensor<Double>, of f: (Tensor<Dual<Double>>) throws -> Tensor<Dual<Double>>
) rethrows -> Tensor<Double> {
    var input = x.lifted(to: Dual<Double>.self)
    let n = x.count
    var columns: [[Double]] = []
    columns.reserveCapacity(n)
    var m = 0
    for index in 0..<n {
        input.elements[index].derivative = 1
        let output = try f(input)
        input.elements[index].derivative = 0
        m = output.count
        columns.append(output.elements.map { $0.derivative })
    }
    if n == 0 { m = try f(input).count }
    var result = Array(repeating: 0.0, count: m * n)
    for j in 0..<n {
        for i in 0..<Swift.min(m, columns[j].count) { result[i * n + j] = columns[j][i] }
    }
    return Tensor(uncheckedShape: [m, n], elements: result)
}

/// The Hessian `Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ` of a scalar function as an `n×n` matrix (flat input
/// order), by nested duals: each entry seeds the inner tangent at `i` and the outer at `j`.
/// Only `i ≤ j` is evaluated; the matrix is filled symmetrically.
@inlinable
public func hessian(
    at x: Tensor<Double>, of f: (Tensor<Dual<Dual<Double>>>) throws -> Dual<Dual<Double>>
) rethrows -> Tensor<Double> {
    let n = x.count
    var input = x.map { Dual<Dual<Double>>(constant: Dual<Double>($0)) }
    var result = Array(repeating: 0.0, count: n * n)
    for i in 0..<n {
        input.elements[i].value.derivative = 1
        for j in i..<n {
            input.elements[j].derivative.value = 1
            let entry = try f(input).derivative.derivative
            input.elements[j].derivative.value = 0
            result[i * n + j] = entry
            result[j * n + i] = entry
        }
        input.elements[i].value.derivative = 0
    }
    return Tensor(uncheckedShape: [n, n], elements: result)
}
