import RealModule

/// A `Double` value with a running bound on the rounding error it carries: first-order error analysis,
/// propagated through every operation by the derivatives the core already knows.
///
/// For `v = f(a, b)` computed in double precision, the error is at most the inherited errors, weighted by
/// how much `f` amplifies them, plus the rounding of `f` itself:
///
/// - `a ± b`: `e_a + e_b + u·|v|`;
/// - `a · b`: `|b|·e_a + |a|·e_b + e_a·e_b + u·|v|`;
/// - `a / b`: `(e_a + |v|·e_b) / (|b| − e_b) + u·|v|` (unbounded when `e_b ≥ |b|`);
/// - `f(a)` elementary: `|f′(a)|·e_a + 2u·|v|` (the library functions are accurate to about an ulp);
///
/// where `u = ε/2` is the unit roundoff, and every rounding also adds half the smallest subnormal, so that
/// results near underflow carry their real, absolute error. A literal that is not an integer starts with
/// `u·|v|`; a point's coordinates start exact.
///
/// The bound is what a comparison of two computed values may allow for rounding: it comes from the terms
/// *this* value was computed from (a cancellation `1 − σ(40)` carries the error of `1`, not of its tiny
/// result; `log(exp(600))` carries `ε·600`, not `ε·e⁶⁰⁰`), never from unrelated magnitudes.
public struct RoundingBound: Sendable, Hashable {
    /// The value, computed in double precision exactly as `Double` would compute it.
    public var value: Double
    /// A bound on `|value − exact|`.
    public var error: Double

    /// The unit roundoff `u = ε/2`.
    public static let unitRoundoff = Double.ulpOfOne / 2
    /// The absolute error of a rounding near underflow: half the smallest subnormal.
    @usableFromInline static let underflow = Double.leastNonzeroMagnitude

    /// A value with an error bound.
    @inlinable
    public init(value: Double, error: Double) {
        self.value = value
        self.error = error
    }

    /// The rounding of computing `v`: `k·u·|v|` plus the underflow floor.
    @inlinable
    static func rounding(_ v: Double, ulps k: Double = 1) -> Double {
        k * unitRoundoff * Swift.abs(v) + underflow
    }

    /// `f(x)` for an elementary function with derivative `slope` at `x`.
    @inlinable
    static func apply(_ v: Double, slope: Double, _ x: RoundingBound) -> RoundingBound {
        RoundingBound(value: v, error: (x.error == 0 ? 0 : Swift.abs(slope) * x.error) + rounding(v, ulps: 2))
    }
}

extension RoundingBound: DifferentiableScalar {
    /// An exact constant (a point's coordinate, or an integer).
    @inlinable
    public init(_ constant: Double) {
        self.init(value: constant, error: 0)
    }

    /// A literal of the source: exact if it is an integer, else off by the rounding of its decimal.
    @inlinable
    public init(sourceValue value: Double) {
        self.init(value: value, error: value == value.rounded() ? 0 : RoundingBound.rounding(value))
    }

    /// The value.
    @inlinable
    public var primal: Double { value }

    /// `value ± error`.
    public var description: String { "\(value) ± \(error)" }

    @inlinable
    public init(integerLiteral value: Int) { self.init(Double(value)) }

    @inlinable
    public init?<Source: BinaryInteger>(exactly source: Source) {
        guard let v = Double(exactly: source) else { return nil }
        self.init(v)
    }

    /// The magnitude of the value.
    @inlinable
    public var magnitude: Double { Swift.abs(value) }

    @inlinable
    public static func + (lhs: RoundingBound, rhs: RoundingBound) -> RoundingBound {
        let v = lhs.value + rhs.value
        return RoundingBound(value: v, error: lhs.error + rhs.error + rounding(v))
    }

    @inlinable
    public static func += (lhs: inout RoundingBound, rhs: RoundingBound) { lhs = lhs + rhs }

    @inlinable
    public static func - (lhs: RoundingBound, rhs: RoundingBound) -> RoundingBound {
        let v = lhs.value - rhs.value
        return RoundingBound(value: v, error: lhs.error + rhs.error + rounding(v))
    }

    @inlinable
    public static func -= (lhs: inout RoundingBound, rhs: RoundingBound) { lhs = lhs - rhs }

    @inlinable
    public static prefix func - (operand: RoundingBound) -> RoundingBound {
        RoundingBound(value: -operand.value, error: operand.error)
    }

    @inlinable
    public mutating func negate() { value = -value }

    @inlinable
    public static func * (lhs: RoundingBound, rhs: RoundingBound) -> RoundingBound {
        let v = lhs.value * rhs.value
        let inherited = Swift.abs(rhs.value) * lhs.error + Swift.abs(lhs.value) * rhs.error + lhs.error * rhs.error
        return RoundingBound(value: v, error: inherited + rounding(v))
    }

    @inlinable
    public static func *= (lhs: inout RoundingBound, rhs: RoundingBound) { lhs = lhs * rhs }

    @inlinable
    public static func / (lhs: RoundingBound, rhs: RoundingBound) -> RoundingBound {
        let v = lhs.value / rhs.value
        let margin = Swift.abs(rhs.value) - rhs.error
        let inherited = margin > 0 ? (lhs.error + Swift.abs(v) * rhs.error) / margin : Double.infinity
        return RoundingBound(value: v, error: inherited + rounding(v))
    }

    @inlinable
    public static func /= (lhs: inout RoundingBound, rhs: RoundingBound) { lhs = lhs / rhs }

    @inlinable
    public var reciprocal: RoundingBound? { RoundingBound(1.0) / self }
}

extension RoundingBound: ElementaryFunctions {
    /// `eˣ`: the inherited error exactly bounded, `eˣ·(e^(e_x) − 1)`.
    @inlinable public static func exp(_ x: RoundingBound) -> RoundingBound {
        let e = Double.exp(x.value)
        let inherited = x.error == 0 ? 0 : (1 + Double.ulpOfOne) * e * Double.expMinusOne(x.error)
        return RoundingBound(value: e, error: inherited + rounding(e, ulps: 2))
    }
    @inlinable public static func expMinusOne(_ x: RoundingBound) -> RoundingBound {
        apply(Double.expMinusOne(x.value), slope: Double.exp(x.value), x)
    }
    @inlinable public static func cosh(_ x: RoundingBound) -> RoundingBound {
        apply(Double.cosh(x.value), slope: Double.sinh(x.value), x)
    }
    @inlinable public static func sinh(_ x: RoundingBound) -> RoundingBound {
        apply(Double.sinh(x.value), slope: Double.cosh(x.value), x)
    }
    @inlinable public static func tanh(_ x: RoundingBound) -> RoundingBound {
        let t = Double.tanh(x.value)
        return apply(t, slope: 1 - t * t, x)
    }
    @inlinable public static func cos(_ x: RoundingBound) -> RoundingBound {
        apply(Double.cos(x.value), slope: Double.sin(x.value), x)
    }
    @inlinable public static func sin(_ x: RoundingBound) -> RoundingBound {
        apply(Double.sin(x.value), slope: Double.cos(x.value), x)
    }
    @inlinable public static func tan(_ x: RoundingBound) -> RoundingBound {
        let t = Double.tan(x.value)
        return apply(t, slope: 1 + t * t, x)
    }
    /// `log x`: the inherited error `e_x / (x − e_x)` (computed as a ratio, so a subnormal `x` does not
    /// overflow a slope), unbounded when `e_x ≥ x`.
    @inlinable public static func log(_ x: RoundingBound) -> RoundingBound {
        let v = Double.log(x.value)
        let inherited = x.error == 0 ? 0 : x.value > x.error ? x.error / (x.value - x.error) : .infinity
        return RoundingBound(value: v, error: inherited + rounding(v, ulps: 2))
    }
    /// `log(1 + x)`: the inherited error `e_x / (1 + x − e_x)`.
    @inlinable public static func log(onePlus x: RoundingBound) -> RoundingBound {
        let v = Double.log(onePlus: x.value)
        let base = 1 + x.value
        let inherited = x.error == 0 ? 0 : base > x.error ? x.error / (base - x.error) : .infinity
        return RoundingBound(value: v, error: inherited + rounding(v, ulps: 2))
    }
    @inlinable public static func acosh(_ x: RoundingBound) -> RoundingBound {
        apply(Double.acosh(x.value), slope: 1 / Double.sqrt(x.value * x.value - 1), x)
    }
    @inlinable public static func asinh(_ x: RoundingBound) -> RoundingBound {
        apply(Double.asinh(x.value), slope: 1 / Double.sqrt(x.value * x.value + 1), x)
    }
    @inlinable public static func atanh(_ x: RoundingBound) -> RoundingBound {
        apply(Double.atanh(x.value), slope: 1 / (1 - x.value * x.value), x)
    }
    @inlinable public static func acos(_ x: RoundingBound) -> RoundingBound {
        apply(Double.acos(x.value), slope: 1 / Double.sqrt(1 - x.value * x.value), x)
    }
    @inlinable public static func asin(_ x: RoundingBound) -> RoundingBound {
        apply(Double.asin(x.value), slope: 1 / Double.sqrt(1 - x.value * x.value), x)
    }
    @inlinable public static func atan(_ x: RoundingBound) -> RoundingBound {
        apply(Double.atan(x.value), slope: 1 / (1 + x.value * x.value), x)
    }
    /// `x^y = exp(y·log x)`: the bound of that composition.
    @inlinable public static func pow(_ x: RoundingBound, _ y: RoundingBound) -> RoundingBound {
        exp(y * log(x))
    }
    /// `xⁿ`: the inherited error exactly bounded, `(|x| + e)ⁿ − |x|ⁿ` (so a power of a value near 0 keeps
    /// its error's power, which a first-order bound would drop), or `(|x| − e)ⁿ − |x|ⁿ` for `n < 0`; plus
    /// `|n|` roundings.
    @inlinable public static func pow(_ x: RoundingBound, _ n: Int) -> RoundingBound {
        let v = Double.pow(x.value, n)
        if n == 0 { return RoundingBound(value: v, error: 0) }
        let magnitude = Swift.abs(x.value)
        let inherited: Double
        if x.error == 0 {
            inherited = 0
        } else if n > 0 {
            inherited = (1 + Double.ulpOfOne) * (Double.pow(magnitude + x.error, n) - Double.pow(magnitude, n))
        } else {
            let margin = magnitude - x.error
            inherited = margin > 0 ? (1 + Double.ulpOfOne) * (Double.pow(margin, n) - Double.pow(magnitude, n)) : .infinity
        }
        return RoundingBound(value: v, error: inherited + rounding(v, ulps: Double(Swift.abs(n))))
    }
    @inlinable public static func sqrt(_ x: RoundingBound) -> RoundingBound {
        let s = Double.sqrt(x.value)
        let low = x.value - x.error
        let slope = low > 0 ? 0.5 / Double.sqrt(low) : .infinity
        return RoundingBound(value: s, error: (x.error == 0 ? 0 : slope * x.error) + rounding(s))
    }
    @inlinable public static func root(_ x: RoundingBound, _ n: Int) -> RoundingBound {
        let r = Double.root(x.value, n)
        return apply(r, slope: 1 / (Double(n) * Double.pow(r, n - 1)), x)
    }
}
