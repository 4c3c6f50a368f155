import RealModule

/// A scalar the evaluator computes with: `Double`, or a dual number over one.
///
/// Every numeric function of the core is written once, generically over this protocol,
/// so the same code computes plain values (`Double`), first derivatives (`Dual<Double>`)
/// and second derivatives (`Dual<Dual<Double>>`).
///
/// Comparisons and branch choices (at kinks, in `max`, in `relu`) look only at ``primal``,
/// the plain value; the tangent never decides a branch.
public protocol DifferentiableScalar: AlgebraicField, ElementaryFunctions, Sendable, CustomStringConvertible {
    /// A constant: the value `constant` with a zero tangent at every level.
    init(_ constant: Double)
    /// The plain value, used for comparisons and to pick branches at kinks.
    var primal: Double { get }
}

extension Double: DifferentiableScalar {
    /// A `Double` is its own plain value.
    @inlinable
    public var primal: Double { self }
}
