import RealModule

// Vector functions and losses used in neural networks.
//
// Losses take `(prediction, target)` of the same shape (vectors, matrices or scalars)
// and return a rank-0 tensor. Which ones average and which ones sum is part of each
// definition below; it follows PyTorch's defaults except cross-entropy, which is the
// textbook sum `−Σ y log a` for one example.

@inlinable
func requireVector<T>(_ x: Tensor<T>, _ operation: String) throws {
    guard x.shape.count == 1, x.count > 0 else {
        throw ShapeError(operation: operation, shape: x.shape, reason: "is not a non-empty vector")
    }
}

@inlinable
func requireSameShape<T>(_ a: Tensor<T>, _ b: Tensor<T>, _ operation: String) throws {
    guard a.shape == b.shape else {
        throw ShapeError(operation: operation, left: a.shape, right: b.shape)
    }
}

/// The largest finite plain value among the elements, or 0 when there is none: the shift
/// used by the log-sum-exp family. The shift is a constant; the results do not depend on it.
@inlinable
func stableShift<T>(_ x: Tensor<T>) -> Double {
    x.elements.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { FlatKernels.stableShift($0, count: buffer.count) } ?? 0
    }
}

/// `log Σᵢ exp(xᵢ)` over all elements, computed as `m + log Σᵢ exp(xᵢ − m)` with `m` the
/// largest element, so it neither overflows nor underflows (log-sum-exp of `[1000, 1000]`
/// is `1000 + log 2`). The gradient is `softmax(x)`.
///
/// - Throws: ``ShapeError`` for an empty tensor.
@inlinable
public func logSumExp<T: DifferentiableScalar>(_ x: Tensor<T>) throws -> Tensor<T> {
    guard x.count > 0 else {
        throw ShapeError(operation: "log-sum-exp", shape: x.shape, reason: "has no elements")
    }
    return Tensor(x.elements.withUnsafeBufferPointer { FlatKernels.logSumExp($0.baseAddress!, count: $0.count) })
}

/// The softmax `aᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)` of a vector, shifted by the maximum.
///
/// Its Jacobian is `∂aᵢ/∂xⱼ = aᵢ(δᵢⱼ − aⱼ)`.
///
/// - Throws: ``ShapeError`` unless `x` is a non-empty vector.
@inlinable
public func softmax<T: DifferentiableScalar>(_ x: Tensor<T>) throws -> Tensor<T> {
    try requireVector(x, "softmax")
    var result = x
    result.elements.withUnsafeMutableBufferPointer { buffer in
        FlatKernels.softmax(buffer.baseAddress!, count: buffer.count, into: buffer.baseAddress!)
    }
    return result
}

/// The log-softmax `xᵢ − log Σⱼ exp(xⱼ)` of a vector, computed without forming the softmax,
/// so it stays finite where the softmax underflows to 0.
///
/// - Throws: ``ShapeError`` unless `x` is a non-empty vector.
@inlinable
public func logSoftmax<T: DifferentiableScalar>(_ x: Tensor<T>) throws -> Tensor<T> {
    try requireVector(x, "log-softmax")
    let lse = try logSumExp(x).elements[0]
    return x.map { $0 - lse }
}

/// The mean squared error `(1/n) Σᵢ (aᵢ − yᵢ)²` over all `n` elements
/// (gradient `2(a − y)/n`).
///
/// - Throws: ``ShapeError`` when the shapes differ.
@inlinable
public func meanSquaredError<T: DifferentiableScalar>(_ prediction: Tensor<T>, _ target: Tensor<T>) throws -> Tensor<T> {
    try requireSameShape(prediction, target, "mean squared error")
    var total = T(0.0)
    for index in prediction.elements.indices {
        let r = prediction.elements[index] - target.elements[index]
        total += r * r
    }
    return Tensor(total / T(Double(prediction.count)))
}

/// `y·log(a)`, taken as 0 when both are 0 (the limit `0·log 0 = 0`).
@inlinable
func xLogY<T: DifferentiableScalar>(_ y: T, _ a: T) -> T {
    if y.primal == 0 && a.primal == 0 { return T(0.0) }
    return y * T.log(a)
}

/// The binary cross-entropy on probabilities, averaged over the `n` elements:
/// `−(1/n) Σᵢ [yᵢ log aᵢ + (1 − yᵢ) log(1 − aᵢ)]`, with `0·log 0 = 0`.
///
/// With `a = σ(z)` its derivative is `∂/∂z = (a − y)/n`. For logits far from 0 prefer
/// ``binaryCrossEntropy(logits:target:)``, which never forms `log(0)`.
///
/// - Throws: ``ShapeError`` when the shapes differ.
@inlinable
public func binaryCrossEntropy<T: DifferentiableScalar>(_ prediction: Tensor<T>, _ target: Tensor<T>) throws -> Tensor<T> {
    try requireSameShape(prediction, target, "binary cross-entropy")
    var total = T(0.0)
    for index in prediction.elements.indices {
        let a = prediction.elements[index], y = target.elements[index]
        total += xLogY(y, a) + xLogY(T(1.0) - y, T(1.0) - a)
    }
    return Tensor(-total / T(Double(prediction.count)))
}

/// The binary cross-entropy of `σ(z)` computed from the logits `z`, averaged over the
/// elements: `(1/n) Σᵢ [softplus(zᵢ) − yᵢ zᵢ]`, which equals
/// ``binaryCrossEntropy(_:_:)`` of `σ(z)` but stays finite and accurate at `z = ±1000`.
///
/// - Throws: ``ShapeError`` when the shapes differ.
@inlinable
public func binaryCrossEntropy<T: DifferentiableScalar>(logits: Tensor<T>, target: Tensor<T>) throws -> Tensor<T> {
    try requireSameShape(logits, target, "binary cross-entropy")
    var total = T(0.0)
    for index in logits.elements.indices {
        let z = logits.elements[index]
        total += softplus(z) - target.elements[index] * z
    }
    return Tensor(total / T(Double(logits.count)))
}

/// The cross-entropy `−Σᵢ yᵢ log aᵢ` of a predicted distribution `a` against a target `y`,
/// summed (not averaged), with `0·log 0 = 0`.
///
/// With `a = softmax(z)`, `∂/∂zᵢ = aᵢ·Σⱼyⱼ − yᵢ`, which is `aᵢ − yᵢ` only when `Σⱼyⱼ = 1`.
///
/// - Throws: ``ShapeError`` when the shapes differ.
@inlinable
public func crossEntropy<T: DifferentiableScalar>(_ prediction: Tensor<T>, _ target: Tensor<T>) throws -> Tensor<T> {
    try requireSameShape(prediction, target, "cross-entropy")
    guard prediction.count > 0 else { return Tensor(-T(0.0)) }
    return Tensor(
        prediction.elements.withUnsafeBufferPointer { p in
            target.elements.withUnsafeBufferPointer { y in
                FlatKernels.crossEntropy(p.baseAddress!, y.baseAddress!, count: p.count)
            }
        })
}

/// The cross-entropy of `softmax(z)` against `y` from the logits:
/// `−Σᵢ yᵢ·logSoftmax(z)ᵢ`, finite and accurate at `z = ±1000`.
///
/// - Throws: ``ShapeError`` unless both are vectors of one length.
@inlinable
public func softmaxCrossEntropy<T: DifferentiableScalar>(logits: Tensor<T>, target: Tensor<T>) throws -> Tensor<T> {
    try requireSameShape(logits, target, "softmax cross-entropy")
    let logProbabilities = try logSoftmax(logits)
    var total = T(0.0)
    for index in logits.elements.indices {
        total += target.elements[index] * logProbabilities.elements[index]
    }
    return Tensor(-total)
}

/// The L1 loss, averaged: `(1/n) Σᵢ |aᵢ − yᵢ|`. Its gradient is `sign(a − y)/n`
/// (the summed form `Σᵢ|aᵢ − yᵢ|` has gradient `sign(a − y)`); at `aᵢ = yᵢ` the
/// gradient entry is 0, as for ``absoluteValue(_:)``.
///
/// - Throws: ``ShapeError`` when the shapes differ.
@inlinable
public func l1Loss<T: DifferentiableScalar>(_ prediction: Tensor<T>, _ target: Tensor<T>) throws -> Tensor<T> {
    try requireSameShape(prediction, target, "L1 loss")
    var total = T(0.0)
    for index in prediction.elements.indices {
        total += absoluteValue(prediction.elements[index] - target.elements[index])
    }
    return Tensor(total / T(Double(prediction.count)))
}

/// The Huber loss, averaged: `(1/n) Σᵢ h(aᵢ − yᵢ)` with `h(r) = r²/2` for `|r| ≤ δ` and
/// `δ(|r| − δ/2)` otherwise (PyTorch's `HuberLoss`). `h` and `h′` are continuous at `|r| = δ`.
///
/// - Throws: ``ShapeError`` when the shapes differ.
@inlinable
public func huberLoss<T: DifferentiableScalar>(_ prediction: Tensor<T>, _ target: Tensor<T>, delta: T) throws -> Tensor<T> {
    try requireSameShape(prediction, target, "Huber loss")
    var total = T(0.0)
    for index in prediction.elements.indices {
        let r = prediction.elements[index] - target.elements[index]
        let size = absoluteValue(r)
        if size.primal <= delta.primal {
            total += T(0.5) * r * r
        } else {
            total += delta * (size - T(0.5) * delta)
        }
    }
    return Tensor(total / T(Double(prediction.count)))
}
