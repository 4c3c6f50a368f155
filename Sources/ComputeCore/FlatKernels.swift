import RealModule

/// The reductions, products and vector functions of ``Tensor`` written once over flat, row-major element
/// buffers.
///
/// ``Tensor``'s `sum()`, `mean()`, `dot(_:)`, `matmul(_:)`, ``softmax(_:)``, ``logSumExp(_:)`` and
/// ``crossEntropy(_:_:)`` call these, and a compiled claim calls them on buffers it allocated once, so the
/// two compute every element with the same operations in the same order and cannot disagree.
public enum FlatKernels {
    /// `Σ x[i]`, added from the first element to the last, starting from 0.
    @inlinable
    public static func sum<T: DifferentiableScalar>(_ x: UnsafePointer<T>, count: Int) -> T {
        var total = T(0.0)
        for i in 0..<count { total += x[i] }
        return total
    }

    /// `Σ a[i]·b[i]`.
    @inlinable
    public static func dot<T: DifferentiableScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, count: Int) -> T {
        var total = T(0.0)
        for i in 0..<count { total += a[i] * b[i] }
        return total
    }

    /// The `rows×columns` product of a `rows×inner` and an `inner×columns` matrix, into `result`.
    @inlinable
    public static func matmul<T: DifferentiableScalar>(
        _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, rows: Int, inner: Int, columns: Int,
        into result: UnsafeMutablePointer<T>
    ) {
        for i in 0..<rows {
            for j in 0..<columns {
                var total = T(0.0)
                for k in 0..<inner { total += a[i * inner + k] * b[k * columns + j] }
                result[i * columns + j] = total
            }
        }
    }

    /// The largest finite plain value among the elements, or 0 when there is none: the shift that keeps
    /// the log-sum-exp family from overflowing. The shift is a constant; the results do not depend on it.
    @inlinable
    public static func stableShift<T: DifferentiableScalar>(_ x: UnsafePointer<T>, count: Int) -> Double {
        var shift = -Double.infinity
        for i in 0..<count where x[i].primal.isFinite && x[i].primal > shift { shift = x[i].primal }
        return shift.isFinite ? shift : 0
    }

    /// `m + log Σ exp(x[i] − m)`, `m` the ``stableShift(_:count:)``.
    @inlinable
    public static func logSumExp<T: DifferentiableScalar>(_ x: UnsafePointer<T>, count: Int) -> T {
        let m = T(stableShift(x, count: count))
        var total = T(0.0)
        for i in 0..<count { total += T.exp(x[i] - m) }
        return m + T.log(total)
    }

    /// `exp(x[i] − m) / Σ exp(x[j] − m)` into `result` (which may be `x`), `m` the
    /// ``stableShift(_:count:)``.
    @inlinable
    public static func softmax<T: DifferentiableScalar>(
        _ x: UnsafePointer<T>, count: Int, into result: UnsafeMutablePointer<T>
    ) {
        let m = T(stableShift(x, count: count))
        for i in 0..<count { result[i] = T.exp(x[i] - m) }
        var total = T(0.0)
        for i in 0..<count { total += result[i] }
        for i in 0..<count { result[i] = result[i] / total }
    }

    /// `−Σ y[i]·log a[i]`, with `0·log 0 = 0`.
    @inlinable
    public static func crossEntropy<T: DifferentiableScalar>(
        _ prediction: UnsafePointer<T>, _ target: UnsafePointer<T>, count: Int
    ) -> T {
        var total = T(0.0)
        for i in 0..<count { total += xLogY(target[i], prediction[i]) }
        return -total
    }
}
