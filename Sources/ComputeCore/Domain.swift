import Foundation

/// A set of real numbers that a claim's variable ranges over.
public enum ScalarDomain: Equatable, Sendable {
    /// An interval with each end open or closed; ends may be infinite (then always open).
    case interval(lower: Double, upper: Double, lowerClosed: Bool, upperClosed: Bool)
    /// A finite set of values.
    case finite([Double])
    /// The whole real line.
    case reals

    /// Whether `value` lies in the domain.
    public func contains(_ value: Double) -> Bool {
        switch self {
        case let .interval(lower, upper, lowerClosed, upperClosed):
            let aboveLower = lowerClosed ? value >= lower : value > lower
            let belowUpper = upperClosed ? value <= upper : value < upper
            return aboveLower && belowUpper && value.isFinite
        case .finite(let values):
            return values.contains(value)
        case .reals:
            return value.isFinite
        }
    }

    /// Simple points inside the domain, most telling first (so a truncated list keeps the best): those
    /// of 0, 1, −1 that lie inside, the interval's closed finite ends, then those of 0.5, −0.5, 2, −2; for a
    /// finite set, every value; no duplicates.
    public func anchors() -> [Double] {
        var points: [Double] = []
        switch self {
        case let .interval(lower, upper, lowerClosed, upperClosed):
            points += ScalarDomain.simplePoints.prefix(3).filter(contains)
            if lowerClosed, lower.isFinite { points.append(lower) }
            if upperClosed, upper.isFinite { points.append(upper) }
            points += ScalarDomain.simplePoints.dropFirst(3).filter(contains)
            if points.isEmpty, lower.isFinite, upper.isFinite, lower < upper {
                points.append(lower / 2 + upper / 2)
            }
        case .finite(let values):
            points = values
        case .reals:
            points = ScalarDomain.simplePoints
        }
        var unique: [Double] = []
        for point in points where !unique.contains(point) { unique.append(point) }
        return unique
    }

    static let simplePoints: [Double] = [0, 1, -1, 0.5, -0.5, 2, -2]

    /// The share of random points drawn with log-uniform magnitudes (see ``sample(using:)``).
    static let heavyTailShare = 0.25

    /// A magnitude `10^u` with `u` uniform in `[log10(low), log10(high)]`, `0 < low ≤ high`.
    static func logUniform(_ low: Double, _ high: Double, using generator: inout SeededGenerator) -> Double {
        let a = Foundation.log10(low), b = Foundation.log10(high)
        return Foundation.pow(10, a + generator.nextUnitInterval() * (b - a))
    }

    /// A random point of the domain.
    ///
    /// Three in four draws are the body of the domain:
    /// - a finite interval: uniform (computed as `lower·(1 − u) + upper·u`, so `[-1e308, 1e308]` cannot
    ///   overflow), redrawn while it hits an open end;
    /// - a half-line `[a, ∞)` or `(−∞, b]`: `a + 3|N|` or `b − 3|N|`, N approximately standard normal;
    /// - the reals: `3N` (standard deviation 3), where σ, tanh, softmax and the losses stay finite.
    ///
    /// One in four (``heavyTailShare``) searches the magnitudes the body misses, with a log-uniform
    /// magnitude and a random sign: for the reals and half-lines `10^u`, `u ∈ [−2, 2.7]` (0.01 to 500) away
    /// from the end; for a wide interval (more than 100 across, or ends more than 100× apart) magnitudes
    /// from 10⁻⁶ (or the nearer end) to the farther end, so points near 0 and near the ends are both drawn.
    /// A finite set: a uniformly chosen member (NaN if the set is empty).
    public func sample(using generator: inout SeededGenerator) -> Double {
        switch self {
        case let .interval(lower, upper, _, _):
            if !(lower < upper) {
                return contains(lower) ? lower : .nan
            }
            for _ in 0..<64 {
                let heavy = generator.nextUnitInterval() < ScalarDomain.heavyTailShare
                let sign: Double = generator.next() >> 63 == 0 ? 1 : -1
                let value: Double
                switch (lower.isFinite, upper.isFinite) {
                case (true, true):
                    let wide =
                        upper / 2 - lower / 2 > 50 || (lower > 0 && upper > 100 * lower) || (upper < 0 && lower < 100 * upper)
                    if heavy, wide {
                        let far = Swift.max(Swift.abs(lower), Swift.abs(upper))
                        let near = lower > 0 ? lower : upper < 0 ? -upper : Swift.min(1e-6, far)
                        let magnitude = ScalarDomain.logUniform(near, far, using: &generator)
                        value = lower > 0 ? magnitude : upper < 0 ? -magnitude : sign * magnitude
                    } else {
                        let u = generator.nextUnitInterval()
                        value = lower * (1 - u) + upper * u
                    }
                case (true, false):
                    value =
                        lower
                        + (heavy
                            ? ScalarDomain.logUniform(0.01, 500, using: &generator)
                            : 3 * Swift.abs(generator.nextStandardNormal()))
                case (false, true):
                    value =
                        upper
                        - (heavy
                            ? ScalarDomain.logUniform(0.01, 500, using: &generator)
                            : 3 * Swift.abs(generator.nextStandardNormal()))
                case (false, false):
                    value =
                        heavy ? sign * ScalarDomain.logUniform(0.01, 500, using: &generator) : 3 * generator.nextStandardNormal()
                }
                if contains(value) { return value }
            }
            return .nan
        case .finite(let values):
            guard !values.isEmpty else { return .nan }
            return values[generator.nextIndex(below: values.count)]
        case .reals:
            return ScalarDomain.interval(lower: -.infinity, upper: .infinity, lowerClosed: false, upperClosed: false)
                .sample(using: &generator)
        }
    }
}

/// The set a claim's (possibly tensor-valued) variable ranges over.
public enum Domain: Equatable, Sendable {
    /// A scalar from a set of reals.
    case scalar(ScalarDomain)
    /// A vector or matrix of the given shape, each element from the set.
    case tensor(ScalarDomain, shape: [Int])
    /// A one-hot vector of the given length (one entry 1, the others 0).
    case oneHot(Int)
    /// A probability vector of the given length: entries ≥ 0 summing to 1.
    case simplex(Int)
    /// A tensor of the given shape with entries 0 or 1.
    case binary(shape: [Int])
}

extension Domain {
    /// The shape of the values in this domain.
    public var shape: [Int] {
        switch self {
        case .scalar: return []
        case .tensor(_, let shape), .binary(let shape): return shape
        case .oneHot(let n), .simplex(let n): return [n]
        }
    }

    /// Simple points of the domain, tried before random ones.
    ///
    /// - scalar: the scalar domain's anchors (see `ScalarDomain.anchors()`);
    /// - tensor: the tensor filled with each scalar anchor, then (if there are several anchors)
    ///   one whose elements cycle through them, so that elements differ;
    ///   a tensor of a finite set with at most ``enumerationLimit`` values in all is enumerated instead;
    /// - one-hot: every basis vector;
    /// - simplex: the uniform vector, one proportional to 1, 2, …, n, every vertex, then the midpoint of
    ///   every edge (points on the faces, where entries are 0) while there are at most 64;
    /// - binary: every vector when there are at most ``enumerationLimit``, else all zeros, all ones, then
    ///   alternating 1, 0, 1, ….
    public func anchors() -> [Tensor<Double>] {
        let n = shape.reduce(1, *)
        func make(_ values: [Double]) -> Tensor<Double> {
            Tensor(uncheckedShape: shape, elements: values)
        }
        switch self {
        case .scalar(let domain):
            return domain.anchors().map { Tensor($0) }
        case .tensor(let domain, _):
            let points = domain.anchors()
            if case .finite = domain, let all = Domain.enumerate(points, count: n) { return all.map(make) }
            var result = points.map { make(Array(repeating: $0, count: n)) }
            if points.count > 1, n > 1 {
                result.append(make((0..<n).map { points[$0 % points.count] }))
            }
            return result
        case .oneHot(let length):
            return (0..<length).map { hot in make((0..<length).map { $0 == hot ? 1 : 0 }) }
        case .simplex(let length):
            guard length > 0 else { return [] }
            let total = Double(length * (length + 1) / 2)
            let uniform = make(Array(repeating: 1 / Double(length), count: length))
            if length == 1 { return [uniform] }
            var result = [uniform, make((0..<length).map { Double($0 + 1) / total })]
            for vertex in 0..<length { result.append(make((0..<length).map { $0 == vertex ? 1 : 0 })) }
            edges: for i in 0..<length {
                for j in (i + 1)..<length {
                    if result.count >= length + 2 + 64 { break edges }
                    result.append(make((0..<length).map { $0 == i || $0 == j ? 0.5 : 0 }))
                }
            }
            return result
        case .binary:
            if let all = Domain.enumerate([0, 1], count: n) { return all.map(make) }
            return [
                make(Array(repeating: 0, count: n)),
                make(Array(repeating: 1, count: n)),
                make((0..<n).map { $0 % 2 == 0 ? 1 : 0 }),
            ]
        }
    }

    /// The most values a tensor of a finite set may take for its anchors to enumerate them all.
    public static let enumerationLimit = 4096

    /// Every tensor of `count` elements from `values`, in lexicographic order, when there are at most
    /// ``enumerationLimit``; else `nil`.
    static func enumerate(_ values: [Double], count: Int) -> [[Double]]? {
        guard !values.isEmpty else { return nil }
        var total = 1
        for _ in 0..<count {
            total *= values.count
            if total > enumerationLimit { return nil }
        }
        var result: [[Double]] = []
        result.reserveCapacity(total)
        var digits = Array(repeating: 0, count: count)
        for _ in 0..<total {
            result.append(digits.map { values[$0] })
            for k in (0..<count).reversed() {
                digits[k] += 1
                if digits[k] < values.count { break }
                digits[k] = 0
            }
        }
        return result
    }

    /// A random point of the domain.
    ///
    /// Tensor elements are drawn independently (see `ScalarDomain.sample(using:)`); a one-hot
    /// vector has its 1 at a uniform index; a simplex point is uniform on the simplex (the gaps
    /// between sorted uniforms, so only comparisons and subtractions); binary entries are fair coins.
    public func sample(using generator: inout SeededGenerator) -> Tensor<Double> {
        if case .scalar(let domain) = self {
            return Tensor(domain.sample(using: &generator))
        }
        let n = shape.reduce(1, *)
        var values: [Double] = []
        values.reserveCapacity(n)
        switch self {
        case .scalar(let domain):
            return Tensor(domain.sample(using: &generator))
        case .tensor(let domain, _):
            for _ in 0..<n { values.append(domain.sample(using: &generator)) }
        case .oneHot(let length):
            values = Array(repeating: 0, count: length)
            if length > 0 { values[generator.nextIndex(below: length)] = 1 }
        case .simplex(let length):
            guard length > 0 else { break }
            var cuts = (0..<(length - 1)).map { _ in generator.nextUnitInterval() }
            cuts.sort()
            var previous = 0.0
            for cut in cuts {
                values.append(cut - previous)
                previous = cut
            }
            values.append(1 - previous)
        case .binary:
            for _ in 0..<n { values.append(Double(generator.next() >> 63)) }
        }
        return Tensor(uncheckedShape: shape, elements: values)
    }
}
