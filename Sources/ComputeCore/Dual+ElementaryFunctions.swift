import RealModule

/// Every elementary function's derivative rule, in one place.
///
/// Each function is `f(a + a′ε) = f(a) + f′(a)·a′ε`; the comment on each line gives `f′`.
/// The rules are written over `Base`, so they nest: `Dual<Dual<Double>>` differentiates
/// the rule itself and yields second derivatives.
extension Dual: ElementaryFunctions {
    @inlinable
    static func chain(_ value: Base, _ slope: Base, _ x: Dual) -> Dual {
        Dual(value: value, derivative: slope * x.derivative)
    }

    /// `exp′(a) = exp(a)`.
    @inlinable
    public static func exp(_ x: Dual) -> Dual {
        let e = Base.exp(x.value)
        return chain(e, e, x)
    }

    /// `(exp(a) − 1)′ = exp(a)`.
    @inlinable
    public static func expMinusOne(_ x: Dual) -> Dual {
        chain(Base.expMinusOne(x.value), Base.exp(x.value), x)
    }

    /// `cosh′(a) = sinh(a)`.
    @inlinable
    public static func cosh(_ x: Dual) -> Dual {
        chain(Base.cosh(x.value), Base.sinh(x.value), x)
    }

    /// `sinh′(a) = cosh(a)`.
    @inlinable
    public static func sinh(_ x: Dual) -> Dual {
        chain(Base.sinh(x.value), Base.cosh(x.value), x)
    }

    /// `tanh′(a) = 1 − tanh²(a)`.
    @inlinable
    public static func tanh(_ x: Dual) -> Dual {
        let t = Base.tanh(x.value)
        return chain(t, Base(1.0) - t * t, x)
    }

    /// `cos′(a) = −sin(a)`.
    @inlinable
    public static func cos(_ x: Dual) -> Dual {
        chain(Base.cos(x.value), -Base.sin(x.value), x)
    }

    /// `sin′(a) = cos(a)`.
    @inlinable
    public static func sin(_ x: Dual) -> Dual {
        chain(Base.sin(x.value), Base.cos(x.value), x)
    }

    /// `tan′(a) = 1 + tan²(a)`.
    @inlinable
    public static func tan(_ x: Dual) -> Dual {
        let t = Base.tan(x.value)
        return chain(t, Base(1.0) + t * t, x)
    }

    /// `log′(a) = 1/a`.
    @inlinable
    public static func log(_ x: Dual) -> Dual {
        Dual(value: Base.log(x.value), derivative: x.derivative / x.value)
    }

    /// `log(1 + a)′ = 1/(1 + a)`.
    @inlinable
    public static func log(onePlus x: Dual) -> Dual {
        Dual(value: Base.log(onePlus: x.value), derivative: x.derivative / (Base(1.0) + x.value))
    }

    /// `acosh′(a) = 1/√((a − 1)(a + 1))`.
    @inlinable
    public static func acosh(_ x: Dual) -> Dual {
        let a = x.value
        return Dual(
            value: Base.acosh(a),
            derivative: x.derivative / Base.sqrt((a - Base(1.0)) * (a + Base(1.0))))
    }

    /// `asinh′(a) = 1/√(a² + 1)`.
    @inlinable
    public static func asinh(_ x: Dual) -> Dual {
        let a = x.value
        return Dual(value: Base.asinh(a), derivative: x.derivative / Base.sqrt(a * a + Base(1.0)))
    }

    /// `atanh′(a) = 1/((1 − a)(1 + a))`.
    @inlinable
    public static func atanh(_ x: Dual) -> Dual {
        let a = x.value
        return Dual(
            value: Base.atanh(a),
            derivative: x.derivative / ((Base(1.0) - a) * (Base(1.0) + a)))
    }

    /// `acos′(a) = −1/√((1 − a)(1 + a))`.
    @inlinable
    public static func acos(_ x: Dual) -> Dual {
        let a = x.value
        return Dual(
            value: Base.acos(a),
            derivative: -x.derivative / Base.sqrt((Base(1.0) - a) * (Base(1.0) + a)))
    }

    /// `asin′(a) = 1/√((1 − a)(1 + a))`.
    @inlinable
    public static func asin(_ x: Dual) -> Dual {
        let a = x.value
        return Dual(
            value: Base.asin(a),
            derivative: x.derivative / Base.sqrt((Base(1.0) - a) * (Base(1.0) + a)))
    }

    /// `atan′(a) = 1/(1 + a²)`.
    @inlinable
    public static func atan(_ x: Dual) -> Dual {
        let a = x.value
        return Dual(value: Base.atan(a), derivative: x.derivative / (Base(1.0) + a * a))
    }

    /// `(aᵇ)′ = b·aᵇ⁻¹·a′ + aᵇ·log(a)·b′`.
    ///
    /// Defined for `a > 0` (as swift-numerics' real `pow`); when the exponent is a constant
    /// (`b′ = 0`) the `log(a)` term is left out, so `a = 0` with a constant exponent works.
    @inlinable
    public static func pow(_ x: Dual, _ y: Dual) -> Dual {
        let p = Base.pow(x.value, y.value)
        var d = y.value * Base.pow(x.value, y.value - Base(1.0)) * x.derivative
        if y.derivative != Base(0.0) {
            d += p * Base.log(x.value) * y.derivative
        }
        return Dual(value: p, derivative: d)
    }

    /// `(aⁿ)′ = n·aⁿ⁻¹` (and `(a⁰)′ = 0`), for any sign of `a`.
    @inlinable
    public static func pow(_ x: Dual, _ n: Int) -> Dual {
        if n == 0 { return Dual(value: Base.pow(x.value, 0), derivative: Base(0.0)) }
        return chain(Base.pow(x.value, n), Base(Double(n)) * Base.pow(x.value, n - 1), x)
    }

    /// `√a′ = 1/(2√a)`.
    @inlinable
    public static func sqrt(_ x: Dual) -> Dual {
        let s = Base.sqrt(x.value)
        return Dual(value: s, derivative: x.derivative / (Base(2.0) * s))
    }

    /// `(a^(1/n))′ = 1/(n·r^(n−1))` where `r = a^(1/n)`.
    @inlinable
    public static func root(_ x: Dual, _ n: Int) -> Dual {
        let r = Base.root(x.value, n)
        return Dual(value: r, derivative: x.derivative / (Base(Double(n)) * Base.pow(r, n - 1)))
    }
}
