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

    /// Simple points inside the domain, in order: the interval's closed finite ends, then those of
    /// 0, 0.5, −0.5, 1, −1, 2, −2 that lie inside; for a finite set, every value; no duplicates.
    public func anchors() -> [Double] {
        var points: [Double] = []
        switch self {
        case let .interval(lower, upper, lowerClosed, upperClosed):
            if lowerClosed, lower.isFinite { points.append(lower) }
            if upperClosed, upper.isFinite { points.append(upper) }
            points += ScalarDomain.simplePoints.filter(contains)
            if points.isEmpty, lower.isFinite, upper.isFinite, lower < upper {
                points.append(lower + (upper - lower) / 2)
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

    static let simplePoints: [Double] = [0, 0.5, -0.5, 1, -1, 2, -2]

    /// A random point of the domain.
    ///
    /// - A finite interval: uniform, redrawn while it hits an open end.
    /// - A half-line `[a, ∞)` or `(−∞, b]`: `a + 3|N|` or `b − 3|N|`, N approximately standard normal.
    /// - The reals: `3N` (standard deviation 3, bounded by ±18).
    /// - A finite set: a uniformly chosen member (NaN if the set is empty).
    public func sample(using generator: inout SeededGenerator) -> Double {
        switch self {
        case let .interval(lower, upper, _, _):
            if !(lower < upper) {
                return contains(lower) ? lower : .nan
            }
            for _ in 0..<64 {
                let value: Double
                switch (lower.isFinite, upper.isFinite) {
                case (true, true):
                    value = lower + generator.nextUnitInterval() * (upper - lower)
                case (true, false):
                    value = lower + 3 * Swift.abs(generator.nextStandardNormal())
                case (false, true):
                    value = upper - 3 * Swift.abs(generator.nextStandardNormal())
                case (false, false):
                    value = 3 * generator.nextStandardNormal()
                }
                if contains(value) { return value }
            }
            return .nan
        case .finite(let values):
            guard !values.isEmpty else { return .nan }
            return values[generator.nextIndex(below: values.count)]
        case .reals:
            return 3 * generator.nextStandardNormal()
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
    /// - one-hot: every basis vector; simplex: the uniform vector, then one proportional to 1, 2, …, n;
    /// - binary: all zeros, all ones, then alternating 1, 0, 1, ….
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
            return [uniform, make((0..<length).map { Double($0 + 1) / total })]
        case .binary:
            return [
                make(Array(repeating: 0, count: n)),
                make(Array(repeating: 1, count: n)),
                make((0..<n).map { $0 % 2 == 0 ? 1 : 0 }),
            ]
        }
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
