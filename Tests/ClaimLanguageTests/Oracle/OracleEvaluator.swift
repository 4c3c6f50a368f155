import Foundation

/// The givens' values at many points (double precision, as the judge would draw them).
struct OraclePoints {
    /// How many points.
    var count: Int
    /// Per given: its element count (1 for a scalar) and its values, point after point.
    var columns: [String: (width: Int, values: [Double])]
}

/// One expression's value at every point, in `Float80`, with a first-order bound on the rounding error a
/// double-precision evaluation of the same expression would make.
struct OracleValues {
    /// Elements per point (1 for a scalar).
    var width: Int
    /// `values[p * width + k]`: element `k` at point `p`.
    var values: [Float80]
    /// The error bounds, laid out like `values`.
    var errors: [Float80]

    /// Element `k` at point `p` (a scalar broadcasts).
    func value(_ p: Int, _ k: Int) -> Float80 { values[p * width + (width == 1 ? 0 : k)] }
    /// The error bound of element `k` at point `p`.
    func error(_ p: Int, _ k: Int) -> Float80 { errors[p * width + (width == 1 ? 0 : k)] }
}

/// The unit roundoff of double precision, `2⁻⁵³`.
let doubleRoundoff: Float80 = 0x1p-53

/// The oracle's evaluator: extended precision (`Float80`, 64-bit significand) through the C library's
/// `…l` functions, independent of the judge's evaluator, forward mode and tolerances.
///
/// Alongside each value it propagates a running bound on the error of a plain double-precision evaluation
/// (each operation rounds once, each library function is within two ulps, errors propagate to first order),
/// which tells a claim that is true but ill-conditioned in doubles from one the judge must verify.
struct OracleEvaluator {
    let points: OraclePoints
    /// The largest magnitude any subexpression reached.
    private(set) var largestMagnitude: Float80 = 0
    /// Whether every subexpression was finite at every point.
    private(set) var allFinite = true
    /// Whether some `softmax` or `dot` was given scalars (a mutant that the language rejects as a shape error).
    private(set) var shapeError = false

    init(points: OraclePoints) {
        self.points = points
    }

    /// The value of `e` at every point.
    mutating func evaluate(_ e: OracleExpr) -> OracleValues {
        let result = compute(e)
        for v in result.values {
            if !v.isFinite { allFinite = false } else { largestMagnitude = max(largestMagnitude, v.magnitude) }
        }
        return result
    }

    private mutating func compute(_ e: OracleExpr) -> OracleValues {
        let u = doubleRoundoff
        let n = points.count
        switch e {
        case .variable(let name):
            guard let column = points.columns[name] else { fatalError("oracle: no values for \(name)") }
            return OracleValues(
                width: column.width, values: column.values.map { Float80($0) },
                errors: Array(repeating: 0, count: column.values.count))
        case .constant(let c):
            let exact = c == c.rounded() && c.magnitude < 1e15
            return OracleValues(
                width: 1, values: Array(repeating: Float80(c), count: n),
                errors: Array(repeating: exact ? 0 : Float80(c).magnitude * u, count: n))
        case .add(let a, let b):
            return elementwise(evaluate(a), evaluate(b)) { x, ex, y, ey in
                let r = x + y
                return (r, ex + ey + r.magnitude * u)
            }
        case .subtract(let a, let b):
            return elementwise(evaluate(a), evaluate(b)) { x, ex, y, ey in
                let r = x - y
                return (r, ex + ey + r.magnitude * u)
            }
        case .multiply(let a, let b):
            return elementwise(evaluate(a), evaluate(b)) { x, ex, y, ey in
                let r = x * y
                return (r, x.magnitude * ey + y.magnitude * ex + r.magnitude * u)
            }
        case .divide(let a, let b):
            return elementwise(evaluate(a), evaluate(b)) { x, ex, y, ey in
                let r = x / y
                return (r, ex / y.magnitude + r.magnitude * ey / y.magnitude + r.magnitude * u)
            }
        case .negate(let a):
            let v = evaluate(a)
            return OracleValues(width: v.width, values: v.values.map { -$0 }, errors: v.errors)
        case .power(let a, let k):
            return map(evaluate(a)) { x, ex in
                var r: Float80 = 1
                for _ in 0..<k { r *= x }
                var slope: Float80 = Float80(k)
                for _ in 0..<(k - 1) { slope *= x }
                return (r, slope.magnitude * ex + Float80(k - 1) * r.magnitude * u)
            }
        case .apply(let f, let a):
            return map(evaluate(a)) { x, ex in
                let (r, slope) = OracleEvaluator.function(f, x)
                // A jump whose side rounding could change: the double value may be on either side.
                if f == .step || f == .sign, ex > 0, x.magnitude <= 4 * ex { return (r, 1) }
                return (r, slope.magnitude * ex + 2 * r.magnitude * u)
            }
        case .element(let a, let k):
            let v = evaluate(a)
            let i = k - 1
            return OracleValues(
                width: 1, values: (0..<n).map { v.value($0, i) }, errors: (0..<n).map { v.error($0, i) })
        case .sum(let a):
            let v = evaluate(a)
            var values: [Float80] = []
            var errors: [Float80] = []
            for p in 0..<n {
                var s: Float80 = 0
                var err: Float80 = 0
                var magnitude: Float80 = 0
                for k in 0..<v.width {
                    s += v.value(p, k)
                    err += v.error(p, k)
                    magnitude += v.value(p, k).magnitude
                }
                values.append(s)
                errors.append(err + Float80(v.width) * magnitude * u)
            }
            return OracleValues(width: 1, values: values, errors: errors)
        case .dot(let a, let b):
            let x = evaluate(a)
            let y = evaluate(b)
            if x.width != y.width { shapeError = true }
            let width = max(x.width, y.width)
            var values: [Float80] = []
            var errors: [Float80] = []
            for p in 0..<n {
                var s: Float80 = 0
                var err: Float80 = 0
                var magnitude: Float80 = 0
                for k in 0..<width {
                    let xv = x.value(p, k), yv = y.value(p, k)
                    s += xv * yv
                    err += xv.magnitude * y.error(p, k) + yv.magnitude * x.error(p, k)
                    magnitude += (xv * yv).magnitude
                }
                values.append(s)
                errors.append(err + Float80(width + 1) * magnitude * u)
            }
            return OracleValues(width: 1, values: values, errors: errors)
        case .softmax(let a):
            let z = evaluate(a)
            if z.width == 1 { shapeError = true }
            var values: [Float80] = []
            var errors: [Float80] = []
            for p in 0..<n {
                let zs = (0..<z.width).map { z.value(p, $0) }
                let top = zs.max() ?? 0
                let exps = zs.map { expl($0 - top) }
                let total = exps.reduce(0, +)
                let s = exps.map { $0 / total }
                var spread: Float80 = 0
                for k in 0..<z.width { spread += s[k] * z.error(p, k) }
                for k in 0..<z.width {
                    values.append(s[k])
                    errors.append(s[k] * (z.error(p, k) + spread) + Float80(z.width + 4) * s[k] * u)
                }
            }
            return OracleValues(width: z.width, values: values, errors: errors)
        }
    }

    /// `f(x)` and `f′(x)` in extended precision.
    static func function(_ f: OracleFunction, _ x: Float80) -> (value: Float80, slope: Float80) {
        switch f {
        case .exp:
            let r = expl(x)
            return (r, r)
        case .log: return (logl(x), 1 / x)
        case .sqrt:
            let r = sqrtl(x)
            return (r, 1 / (2 * r))
        case .sin: return (sinl(x), cosl(x))
        case .cos: return (cosl(x), -sinl(x))
        case .tanh:
            let r = tanhl(x)
            return (r, 1 - r * r)
        case .sigmoid:
            let r = x >= 0 ? 1 / (1 + expl(-x)) : expl(x) / (1 + expl(x))
            return (r, r * (1 - r))
        case .softplus:
            let r = x > 0 ? x + log1pl(expl(-x)) : log1pl(expl(x))
            let s = x >= 0 ? 1 / (1 + expl(-x)) : expl(x) / (1 + expl(x))
            return (r, s)
        // The kinked built-ins, with the language's conventions at 0; NaN stays NaN (undefined stays undefined).
        case .relu: return x.isNaN ? (x, x) : x > 0 ? (x, 1) : (0, 0)
        case .abs: return x.isNaN ? (x, x) : x > 0 ? (x, 1) : x < 0 ? (-x, -1) : (0, 0)
        case .step: return x.isNaN ? (x, x) : (x > 0 ? 1 : 0, 0)
        case .sign: return x.isNaN ? (x, x) : (x > 0 ? 1 : x < 0 ? -1 : 0, 0)
        }
    }

    private func map(_ a: OracleValues, _ f: (Float80, Float80) -> (Float80, Float80)) -> OracleValues {
        var values: [Float80] = []
        var errors: [Float80] = []
        values.reserveCapacity(a.values.count)
        errors.reserveCapacity(a.values.count)
        for i in 0..<a.values.count {
            let (r, e) = f(a.values[i], a.errors[i])
            values.append(r)
            errors.append(e)
        }
        return OracleValues(width: a.width, values: values, errors: errors)
    }

    private func elementwise(
        _ a: OracleValues, _ b: OracleValues, _ f: (Float80, Float80, Float80, Float80) -> (Float80, Float80)
    ) -> OracleValues {
        let width = max(a.width, b.width)
        precondition(a.width == b.width || a.width == 1 || b.width == 1, "oracle: shape mismatch")
        var values: [Float80] = []
        var errors: [Float80] = []
        values.reserveCapacity(points.count * width)
        errors.reserveCapacity(points.count * width)
        for p in 0..<points.count {
            for k in 0..<width {
                let (r, e) = f(a.value(p, k), a.error(p, k), b.value(p, k), b.error(p, k))
                values.append(r)
                errors.append(e)
            }
        }
        return OracleValues(width: width, values: values, errors: errors)
    }
}
