/// A relation between two numbers that a comparison checks.
public enum ComparisonRelation: Sendable, Equatable {
    /// `l = r` within tolerance.
    case equal
    /// `l < r`, strictly (no tolerance).
    case less
    /// `l ≤ r`, with the tolerance's slack.
    case lessOrEqual
    /// `l > r`, strictly (no tolerance).
    case greater
    /// `l ≥ r`, with the tolerance's slack.
    case greaterOrEqual
    /// `l ≠ r`: the two differ by more than the slack of `=` (rounding included), so that whatever rounding
    /// could explain never makes it hold.
    case notEqual
}

/// How close two numbers must be: `|l − r| ≤ absolute + rounding + relative·max(|l|, |r|)`.
///
/// This is the one comparison rule of the project; every judge path uses it.
///
/// - Non-finite values never hold: NaN is never close to anything, and an infinity is never close to
///   anything either, not even an equal infinity (an infinite value is not a number a claim can be
///   checked against).
/// - `rounding` is the rounding error the two compared values could contain, measured for *this*
///   comparison (by a running error bound and re-evaluation in higher precision); it is never derived from
///   other magnitudes. An unbounded rounding never holds.
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
    /// digits), `absolute = 0`: the absolute part comes from the measured rounding of each comparison.
    public static let `default` = Tolerance(relative: Double.ulpOfOne.squareRoot(), absolute: 0)

    /// The slack allowed between `l` and `r`: `absolute + rounding + relative·max(|l|, |r|)`, in the
    /// values' own precision (`Double`, or `Float80` for a re-evaluation).
    @inlinable
    public func slack<F: BinaryFloatingPoint>(_ l: F, _ r: F, rounding: F = 0) -> F {
        F(absolute) + rounding + F(relative) * Swift.max(Swift.abs(l), Swift.abs(r))
    }

    /// Whether `l` and `r` are within this tolerance. Both must be finite.
    @inlinable
    public func accepts(_ l: Double, _ r: Double, rounding: Double = 0) -> Bool {
        holds(l, .equal, r, rounding: rounding)
    }

    /// Whether `l relation r` holds: both values finite, and within the slack for `=`, `≤`, `≥`;
    /// `<` and `>` are strict; `≠` holds only beyond the slack (so a larger `rounding` never makes it hold).
    @inlinable
    public func holds<F: BinaryFloatingPoint>(_ l: F, _ relation: ComparisonRelation, _ r: F, rounding: F = 0) -> Bool {
        // A value whose rounding is unbounded (a quotient by a number smaller than its own error) has no
        // correct digit: it supports no claim.
        guard l.isFinite, r.isFinite, rounding.isFinite else { return false }
        switch relation {
        case .equal: return l == r || Swift.abs(l - r) <= slack(l, r, rounding: rounding)
        case .less: return l < r
        case .greater: return l > r
        case .lessOrEqual: return l <= r || l - r <= slack(l, r, rounding: rounding)
        case .greaterOrEqual: return l >= r || r - l <= slack(l, r, rounding: rounding)
        case .notEqual: return l != r && Swift.abs(l - r) > slack(l, r, rounding: rounding)
        }
    }

    /// How badly `l relation r` fails, for choosing the worst element or point: for `=`, the difference
    /// over the slack (above 1 fails); for `≠`, the slack over the difference (1 or more fails); for the inequalities, the signed amount by which it is violated.
    /// A non-finite operand is `+∞`.
    @inlinable
    public func score(_ l: Double, _ relation: ComparisonRelation, _ r: Double, rounding: Double = 0) -> Double {
        guard l.isFinite, r.isFinite, rounding.isFinite else { return .infinity }
        switch relation {
        case .equal:
            if l == r { return 0 }
            let allowed = slack(l, r, rounding: rounding)
            return allowed > 0 ? Swift.abs(l - r) / allowed : .infinity
        case .less, .lessOrEqual: return l - r
        case .greater, .greaterOrEqual: return r - l
        case .notEqual:
            // The slack over the difference: 1 or more fails.
            let allowed = slack(l, r, rounding: rounding)
            return l == r ? .infinity : allowed / Swift.abs(l - r)
        }
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

/// Compares two tensors element-wise by ``Tolerance/holds(_:_:_:rounding:)``: element `i` passes when
/// both are finite and `|lᵢ − rᵢ| ≤ atol + rtol·max(|lᵢ|, |rᵢ|)`. A rank-0 operand is compared with
/// every element of the other.
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
        let score = tolerance.score(a, .equal, b)
        if !tolerance.holds(a, .equal, b) { holds = false }
        if score > worstScore || worst == nil {
            worstScore = score
            worst = i
        }
    }
    guard let index = worst else {
        return Comparison(holds: true, worstIndex: nil, worstLeft: 0, worstRight: 0, worstDifference: 0)
    }
    let a = left(index), b = right(index)
    return Comparison(
        holds: holds, worstIndex: index, worstLeft: a, worstRight: b,
        worstDifference: a == b ? 0 : Swift.abs(a - b))
}
