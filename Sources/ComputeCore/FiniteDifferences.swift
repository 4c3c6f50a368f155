import RealModule

// Finite differences on `(Double) -> Double`, the independent cross-check for forward mode.

/// The step `h = s·max(1, |x|)` rounded so that `x + h` and `x − h` are exact: `(x + h) − x`.
@inlinable
func representableStep(_ scale: Double, at x: Double) -> Double {
    let h = scale * Swift.max(1, Swift.abs(x))
    return (x + h) - x
}

/// The central difference `(f(x + h) − f(x − h)) / 2h` with `h = ∛ε·max(1, |x|)`, made
/// exactly representable as `(x + h) − x` (ε = `Double.ulpOfOne`). Error ≈ 1e-10 relative
/// for well-scaled smooth functions.
@inlinable
public func centralDifference(of f: (Double) throws -> Double, at x: Double) rethrows -> Double {
    let h = representableStep(cbrtEpsilon, at: x)
    return (try f(x + h) - f(x - h)) / (2 * h)
}

/// `∛ε` for `Double`, about 6.06e-6.
@usableFromInline
let cbrtEpsilon: Double = Double.root(Double.ulpOfOne, 3)

/// The central difference with a given step (no rounding of the step).
@inlinable
func centralDifference(of f: (Double) throws -> Double, at x: Double, step h: Double) rethrows -> Double {
    (try f(x + h) - f(x - h)) / (2 * h)
}

/// The derivative by two rounds of Richardson extrapolation of central differences:
/// with `C(h)` the central difference, `R(h) = (4C(h/2) − C(h))/3` (error O(h⁴)) and the
/// result `(16R(h/2) − R(h))/15` (error O(h⁶)), from `h = 1e-3·max(1, |x|)`.
/// Typical relative error 1e-12 to 1e-13 for smooth functions away from kinks.
@inlinable
public func richardsonDerivative(of f: (Double) throws -> Double, at x: Double) rethrows -> Double {
    let h = representableStep(1e-3, at: x)
    let c1 = try centralDifference(of: f, at: x, step: h)
    let c2 = try centralDifference(of: f, at: x, step: h / 2)
    let c3 = try centralDifference(of: f, at: x, step: h / 4)
    let r1 = (4 * c2 - c1) / 3
    let r2 = (4 * c3 - c2) / 3
    return (16 * r2 - r1) / 15
}

/// The left and right derivatives at `x` from second-order one-sided differences:
/// `left = (3f(x) − 4f(x − h) + f(x − 2h))/2h`, `right = (−3f(x) + 4f(x + h) − f(x + 2h))/2h`,
/// with `h = ∛ε·max(1, |x|)`. At a kink at `x` (or within `2h` of it) they differ.
@inlinable
public func oneSidedDifferences(
    of f: (Double) throws -> Double, at x: Double
) rethrows -> (left: Double, right: Double) {
    let h = representableStep(cbrtEpsilon, at: x)
    let f0 = try f(x)
    let left = (3 * f0 - 4 * (try f(x - h)) + (try f(x - 2 * h))) / (2 * h)
    let right = (-3 * f0 + 4 * (try f(x + h)) - (try f(x + 2 * h))) / (2 * h)
    return (left, right)
}

/// Whether `f` looks differentiable at `x`: its one-sided differences agree
/// (``oneSidedDifferencesAgree(_:_:)``). A `false` marks a kink (or a jump, or a point
/// outside the domain) near `x`, where finite differences must not be trusted.
@inlinable
public func isDifferentiable(of f: (Double) throws -> Double, at x: Double) rethrows -> Bool {
    let (left, right) = try oneSidedDifferences(of: f, at: x)
    return oneSidedDifferencesAgree(left, right)
}

/// Whether a left and a right difference quotient describe one derivative: both finite and
/// within `1e-3·max(1, |left|, |right|)`. This is the one rule by which every finite-difference
/// check of the tool tells a kink from a smooth point.
@inlinable
public func oneSidedDifferencesAgree(_ left: Double, _ right: Double) -> Bool {
    left.isFinite && right.isFinite && Swift.abs(left - right) <= 1e-3 * Swift.max(1, Swift.abs(left), Swift.abs(right))
}
