import ComputeCore

/// The finite-difference reference for `f′(x)`: Richardson extrapolation, or `nil` when the
/// point is at or near a kink (one-sided quotients disagree, or Richardson's wide stencil
/// disagrees with the narrow central difference), where no difference quotient is trustworthy.
func referenceDerivative(of f: (Double) -> Double, at x: Double) -> Double? {
    guard f(x).isFinite, isDifferentiable(of: f, at: x) else { return nil }
    let wide = richardsonDerivative(of: f, at: x)
    let narrow = centralDifference(of: f, at: x)
    guard wide.isFinite,
        abs(wide - narrow) <= 1e-5 * max(1, abs(narrow))
    else { return nil }
    return wide
}

/// Whether forward mode and the finite-difference reference agree: relative error below 1e-7,
/// with an absolute floor of 1e-9·max(1, |f(x)|) for derivatives near zero.
func agree(_ ad: Double, _ fd: Double, scale: Double = 1) -> Bool {
    abs(ad - fd) <= 1e-7 * max(abs(ad), abs(fd)) + 1e-9 * max(1, abs(scale))
}

/// Points drawn from a domain with a fixed seed.
func points(_ domain: ScalarDomain, count: Int, seed: UInt64) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in domain.sample(using: &generator) }
}

func interval(_ lower: Double, _ upper: Double) -> ScalarDomain {
    .interval(lower: lower, upper: upper, lowerClosed: false, upperClosed: false)
}
