/// How close two numbers must be: `|l − r| ≤ absolute + relative·max(|l|, |r|)`.
public struct Tolerance: Equatable, Sendable {
    /// The relative part, a fraction of the larger magnitude.
    public var relative: Double
    /// The absolute part, for values near zero.
    public var absolute: Double

    /// A tolerance with the given parts.
    public init(relative: Double, absolute: Double) {
        self.relative = relative
        self.absolute = absolute
    }

    /// `relative = √ε ≈ 1.49e-8` (swift-numerics' default for approximate equality: half the
    /// digits), `absolute = 1e-12`.
    public static let `default` = Tolerance(relative: Double.ulpOfOne.squareRoot(), absolute: 1e-12)

    /// Whether `l` and `r` are within this tolerance. Equal infinities are close; NaN is never close.
    public func accepts(_ l: Double, _ r: Double) -> Bool {
        if l == r { return true }
        return Swift.abs(l - r) <= absolute + relative * Swift.max(Swift.abs(l), Swift.abs(r))
    }
}

/// The outcome of an element-wise comparison, with the element that came worst.
public struct Comparison: Sendable {
    /// Whether every element is within tolerance.
    public var holds: Bool
    /// The flat index of the worst element (largest difference relative to what the tolerance
    /// allows; a NaN or unequal infinity counts as worst); `nil` for empty tensors.
    public var worstIndex: Int?
    /// The left value at the worst element.
    public var worstLeft: Double
    /// The right value at the worst element.
    public var worstRight: Double
    /// `|left − right|` at the worst element.
    public var worstDifference: Double

    /// A comparison result with the given fields.
    public init(holds: Bool, worstIndex: Int?, worstLeft: Double, worstRight: Double, worstDifference: Double) {
        self.holds = holds
        self.worstIndex = worstIndex
        self.worstLeft = worstLeft
        self.worstRight = worstRight
        self.worstDifference = worstDifference
    }
}

/// Compares two tensors element-wise: element `i` passes when
/// `|lᵢ − rᵢ| ≤ atol + rtol·max(|lᵢ|, |rᵢ|)` (equal values, including equal infinities,
/// always pass; NaN never does). A rank-0 operand is compared with every element of the other.
///
/// - Throws: ``ShapeError`` ("comparison") when the shapes differ and neither is a scalar.
public func compare(_ l: Tensor<Double>, _ r: Tensor<Double>, tolerance: Tolerance) throws -> Comparison {
    let pairs = try Tensor.elementwise(l, r, operation: "comparison") { _, _ in 0 }
    let count = pairs.count
    func left(_ i: Int) -> Double { l.isScalar ? l.elements[0] : l.elements[i] }
    func right(_ i: Int) -> Double { r.isScalar ? r.elements[0] : r.elements[i] }
    var holds = true
    var worst: Int?
    var worstScore = -Double.infinity
    for i in 0..<count {
        let a = left(i), b = right(i)
        let score: Double
        if a == b {
            score = 0
        } else {
            let allowed = tolerance.absolute + tolerance.relative * Swift.max(Swift.abs(a), Swift.abs(b))
            let difference = Swift.abs(a - b)
            score = difference.isNaN || !difference.isFinite ? .infinity : difference / allowed
            if !tolerance.accepts(a, b) { holds = false }
        }
        if score > worstScore || worst == nil {
            worstScore = score
            worst = i
        }
    }
    guard let index = worst else {
        return Comparison(holds: true, worstIndex: nil, worstLeft: 0, worstRight: 0, worstDifference: 0)
    }
    let a = left(index), b = right(index)
    return Comparison(holds: holds, worstIndex: index, worstLeft: a, worstRight: b,
                      worstDifference: a == b ? 0 : Swift.abs(a - b))
}
