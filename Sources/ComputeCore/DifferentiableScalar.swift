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
    /// The number a claim's source means by `value`, a literal or constant parsed to `Double`: the shortest
    /// decimal that rounds to it (what the author wrote), or π. A type more precise than `Double` gives it
    /// to its own precision; the others give `Self(value)`.
    init(sourceValue value: Double)
}

extension DifferentiableScalar {
    /// `Self(value)`: `Double` is the precision literals are parsed in.
    @inlinable
    public init(sourceValue value: Double) { self.init(value) }
}

extension Double: DifferentiableScalar {
    /// A `Double` is its own plain value.
    @inlinable
    public var primal: Double { self }
}

#if arch(x86_64) || arch(i386)
extension Float80: DifferentiableScalar {
    /// The value rounded to `Double`, used only to pick branches at kinks and the shift of log-sum-exp.
    @inlinable
    public var primal: Double { Double(self) }

    /// π and e to extended precision, else the shortest decimal that rounds to `value`, read in extended precision.
    public init(sourceValue value: Double) {
        if value == Double.pi {
            self = .pi
        } else if value == 2.718281828459045 {
            // Euler's number (the claim language's constant `e`) to extended precision.
            self = Float80.exp(1)
        } else if value == value.rounded() || !value.isFinite {
            self.init(value)
        } else {
            self = Float80(value.description) ?? Float80(value)
        }
    }
}

/// The scalar type claims are re-evaluated in to measure the rounding of a `Double` evaluation:
/// x87 extended precision (64-bit significand, 11 more bits than `Double`, and a far wider exponent range).
public typealias ExtendedPrecision = Float80
#else
/// The scalar type claims are re-evaluated in to measure rounding. Without `Float80` this is `Double`
/// itself, and the measured rounding is zero.
public typealias ExtendedPrecision = Double
#endif
