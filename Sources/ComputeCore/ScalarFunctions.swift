import RealModule

// Scalar functions used in neural networks, written once for `Double` and duals.
//
// Conventions at kinks (the derivative where the function has a corner or a jump):
// every branch is chosen by the plain value `x.primal`, and at exactly 0 the branch for
// x ≤ 0 is taken, so
//   relu′(0) = 0,  leakyRelu′(0) = slope,  |x|′(0) = 0,  step′(0) = 0,  sign′(0) = 0,
// and `maximum`/`minimum` return their second argument on a tie (so `maximum(x, 0)`
// agrees with `relu`). `step` and `sign` are piecewise constant: derivative 0 everywhere.

/// The logistic function `σ(x) = 1/(1 + e^(−x))`.
///
/// Computed as `1/(1 + e^(−x))` for `x ≥ 0` and `eˣ/(1 + eˣ)` for `x < 0`, so the
/// exponential never overflows: σ(−1000) = 0 and σ(1000) = 1 exactly, and σ′ = σ(1 − σ).
@inlinable
public func sigmoid<T: DifferentiableScalar>(_ x: T) -> T {
    if x.primal >= 0 {
        return T(1.0) / (T(1.0) + T.exp(-x))
    }
    let e = T.exp(x)
    return e / (T(1.0) + e)
}

/// The softplus `log(1 + eˣ)`, computed as `x + log(1 + e^(−x))` for `x > 0` and
/// `log(1 + eˣ)` otherwise, so it is accurate for large `|x|`. Its derivative is σ(x).
@inlinable
public func softplus<T: DifferentiableScalar>(_ x: T) -> T {
    if x.primal > 0 {
        return x + T.log(onePlus: T.exp(-x))
    }
    return T.log(onePlus: T.exp(x))
}

/// The rectifier `max(x, 0)`; `relu′(0) = 0`.
@inlinable
public func relu<T: DifferentiableScalar>(_ x: T) -> T {
    if x.primal.isNaN { return x }
    return x.primal > 0 ? x : T(0.0)
}

/// The leaky rectifier: `x` for `x > 0`, `slope·x` otherwise; `leakyRelu′(0) = slope`.
@inlinable
public func leakyRelu<T: DifferentiableScalar>(_ x: T, slope: T) -> T {
    if x.primal.isNaN { return x }
    return x.primal > 0 ? x : slope * x
}

/// The Heaviside step: 1 for `x > 0`, 0 for `x ≤ 0` (so `step(0) = 0`); derivative 0.
@inlinable
public func step<T: DifferentiableScalar>(_ x: T) -> T {
    if x.primal.isNaN { return T(Double.nan) }
    return x.primal > 0 ? T(1.0) : T(0.0)
}

/// The sign: 1 for `x > 0`, −1 for `x < 0`, 0 at 0, NaN for NaN; derivative 0.
@inlinable
public func sign<T: DifferentiableScalar>(_ x: T) -> T {
    if x.primal > 0 { return T(1.0) }
    if x.primal < 0 { return T(-1.0) }
    if x.primal == 0 { return T(0.0) }
    return T(Double.nan)
}

/// The absolute value `|x|`; `|x|′ = sign(x)`, and `|x|′(0) = 0`.
@inlinable
public func absoluteValue<T: DifferentiableScalar>(_ x: T) -> T {
    if x.primal > 0 { return x }
    if x.primal < 0 { return -x }
    if x.primal == 0 { return T(0.0) }
    return x
}

/// The larger of two values by plain value, with that argument's derivative.
///
/// On a tie the second argument is returned; a NaN argument is returned if there is one.
@inlinable
public func maximum<T: DifferentiableScalar>(_ a: T, _ b: T) -> T {
    if a.primal.isNaN { return a }
    if b.primal.isNaN { return b }
    return a.primal > b.primal ? a : b
}

/// The smaller of two values by plain value, with that argument's derivative.
///
/// On a tie the second argument is returned; a NaN argument is returned if there is one.
@inlinable
public func minimum<T: DifferentiableScalar>(_ a: T, _ b: T) -> T {
    if a.primal.isNaN { return a }
    if b.primal.isNaN { return b }
    return a.primal < b.primal ? a : b
}
