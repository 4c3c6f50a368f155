import RealModule

/// A dual number `value + derivative·ε` with `ε² = 0`: forward-mode automatic differentiation.
///
/// Arithmetic on duals carries the derivative along with the value by the chain rule.
/// Seed an input with ``variable(_:)`` (derivative 1), evaluate a generic function on it,
/// and read the derivative of the result from ``derivative``. Nesting,
/// `Dual<Dual<Double>>`, gives second derivatives.
///
/// `Dual` conforms to `AlgebraicField` and `ElementaryFunctions` but deliberately not to
/// `Real`: a dual number has no total order, and `Real`'s floating-point requirements
/// (ulp, rounding, infinity as a value) do not apply to it, just as they do not to `Complex`.
/// Ordering questions use ``primal``. The type is a plain struct of two `Base` values, so
/// no arithmetic operation allocates.
@frozen
public struct Dual<Base: DifferentiableScalar>: DifferentiableScalar {
    /// The value of the quantity.
    public var value: Base
    /// The derivative (tangent) of the quantity with respect to the seeded input.
    public var derivative: Base

    /// A dual number with the given value and derivative.
    @inlinable
    public init(value: Base, derivative: Base) {
        self.value = value
        self.derivative = derivative
    }

    /// A constant: the value `constant` with a zero derivative.
    @inlinable
    public init(_ constant: Double) {
        self.value = Base(constant)
        self.derivative = Base(0.0)
    }

    /// A constant dual number from a base value (derivative zero).
    @inlinable
    public init(constant: Base) {
        self.value = constant
        self.derivative = Base(0.0)
    }

    /// The independent variable at `value`: its derivative with respect to itself is 1.
    @inlinable
    public static func variable(_ value: Base) -> Dual {
        Dual(value: value, derivative: Base(1.0))
    }

    /// The plain `Double` value at the bottom of the nesting.
    @inlinable
    public var primal: Double { value.primal }

    /// `value + derivativeε`, e.g. `1.5 + 2.0ε`.
    public var description: String { "\(value) + \(derivative)ε" }
}

// MARK: - Equatable, literals

extension Dual {
    /// Exact equality of both value and derivative (never approximate).
    @inlinable
    public static func == (lhs: Dual, rhs: Dual) -> Bool {
        lhs.value == rhs.value && lhs.derivative == rhs.derivative
    }

    /// A constant: the source value in the base type's precision.
    @inlinable
    public init(sourceValue value: Double) {
        self.init(constant: Base(sourceValue: value))
    }

    /// A constant from an integer literal.
    @inlinable
    public init(integerLiteral value: Int) {
        self.init(Double(value))
    }

    /// A constant from an integer, if the base type represents it exactly.
    @inlinable
    public init?<Source: BinaryInteger>(exactly source: Source) {
        guard let base = Base(exactly: source) else { return nil }
        self.init(constant: base)
    }

    /// The magnitude of the plain value, `|primal|`.
    ///
    /// `Numeric` asks for a magnitude; a dual number has no norm that respects the
    /// derivative, so this is the size of the plain value, as a `Double`.
    @inlinable
    public var magnitude: Double { primal.magnitude }
}

// MARK: - Arithmetic (the derivative rules of + − × ÷)

extension Dual {
    /// The constant zero.
    @inlinable
    public static var zero: Dual { Dual(value: Base(0.0), derivative: Base(0.0)) }

    /// Sum rule: `(a + b)′ = a′ + b′`.
    @inlinable
    public static func + (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value + rhs.value, derivative: lhs.derivative + rhs.derivative)
    }

    /// Adds in place.
    @inlinable
    public static func += (lhs: inout Dual, rhs: Dual) {
        lhs.value += rhs.value
        lhs.derivative += rhs.derivative
    }

    /// Difference rule: `(a − b)′ = a′ − b′`.
    @inlinable
    public static func - (lhs: Dual, rhs: Dual) -> Dual {
        Dual(value: lhs.value - rhs.value, derivative: lhs.derivative - rhs.derivative)
    }

    /// Subtracts in place.
    @inlinable
    public static func -= (lhs: inout Dual, rhs: Dual) {
        lhs.value -= rhs.value
        lhs.derivative -= rhs.derivative
    }

    /// Negation: `(−a)′ = −a′`.
    @inlinable
    public static prefix func - (operand: Dual) -> Dual {
        Dual(value: -operand.value, derivative: -operand.derivative)
    }

    /// Negates in place.
    @inlinable
    public mutating func negate() {
        value = -value
        derivative = -derivative
    }

    /// Product rule: `(ab)′ = a′b + ab′`.
    @inlinable
    public static func * (lhs: Dual, rhs: Dual) -> Dual {
        Dual(
            value: lhs.value * rhs.value,
            derivative: lhs.derivative * rhs.value + lhs.value * rhs.derivative)
    }

    /// Multiplies in place.
    @inlinable
    public static func *= (lhs: inout Dual, rhs: Dual) {
        lhs = lhs * rhs
    }

    /// Quotient rule: `(a/b)′ = (a′ − (a/b)·b′)/b`.
    @inlinable
    public static func / (lhs: Dual, rhs: Dual) -> Dual {
        let quotient = lhs.value / rhs.value
        return Dual(value: quotient, derivative: (lhs.derivative - quotient * rhs.derivative) / rhs.value)
    }

    /// Divides in place.
    @inlinable
    public static func /= (lhs: inout Dual, rhs: Dual) {
        lhs = lhs / rhs
    }
}

extension Dual: Hashable where Base: Hashable {}

extension Dual: ExpressibleByFloatLiteral {
    /// A constant from a floating-point literal.
    @inlinable
    public init(floatLiteral value: Double) {
        self.init(value)
    }
}
