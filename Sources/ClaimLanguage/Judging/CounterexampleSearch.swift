import ComputeCore

/// A short local search for a counterexample, run after every drawn point held.
///
/// Starting from the points where the claim came closest to failing (the largest score: the difference
/// over the allowed slack for `=`, the margin for inequalities), it proposes nearby points — one or two
/// coordinates of a continuous given moved by a random fraction of their scale, at three step sizes — and
/// keeps moving from any proposal that comes closer to failing. It is seeded from the claim's seed, so it
/// is as deterministic as the points themselves. The budget is ``budget`` points per claim.
struct CounterexampleSearch {
    /// Points tried by the search, per claim.
    static let budget = 24
    /// How many of the closest points the search starts from.
    static let starts = 2

    let domains: [Domain]
    private(set) var remaining = CounterexampleSearch.budget
    private var generator: SeededGenerator
    private(set) var bestScore = -Double.infinity

    init(domains: [Domain], seed: UInt64) {
        self.domains = domains
        self.generator = SeededGenerator(seed: seed ^ 0x5EA2_C4C0_FFEE_0001)
    }

    /// Whether any given can be moved continuously (an interval or the reals, scalar or tensor).
    var canMove: Bool {
        domains.contains { domain in
            switch domain {
            case .scalar(let s), .tensor(let s, _): if case .finite = s { return false } else { return true }
            default: return false
            }
        }
    }

    /// The first proposals: moves around the `starts` points with the largest scores.
    mutating func start(points: [[Tensor<Double>]], scores: [(point: Int, score: Double)]) -> [[Tensor<Double>]] {
        guard canMove else { return [] }
        // The `starts` largest finite scores, the earlier point first among equal ones (as a stable sort by
        // descending score would have them), by one pass instead of a sort.
        var closest: [(point: Int, score: Double)] = []
        closest.reserveCapacity(Self.starts + 1)
        for entry in scores where entry.score.isFinite {
            guard closest.count < Self.starts || entry.score > closest[closest.count - 1].score else { continue }
            let place = closest.firstIndex { entry.score > $0.score } ?? closest.count
            closest.insert(entry, at: place)
            if closest.count > Self.starts { closest.removeLast() }
        }
        bestScore = closest.first?.score ?? -Double.infinity
        var proposals: [[Tensor<Double>]] = []
        for entry in closest {
            proposals += moves(around: points[entry.point], count: Self.budget / (2 * Self.starts))
        }
        return proposals
    }

    /// Called with each searched point's score: when it came closer to failing, more moves around it.
    mutating func report(_ point: [Tensor<Double>], score: Double) -> [[Tensor<Double>]] {
        guard score > bestScore else { return [] }
        bestScore = score
        return moves(around: point, count: 4)
    }

    /// Up to `count` points near `point`, inside every domain, within the remaining budget.
    mutating func moves(around point: [Tensor<Double>], count: Int) -> [[Tensor<Double>]] {
        var result: [[Tensor<Double>]] = []
        let movable = domains.indices.filter { g in
            switch domains[g] {
            case .scalar(let s), .tensor(let s, _): if case .finite = s { return false } else { return true }
            default: return false
            }
        }
        guard !movable.isEmpty else { return [] }
        var attempts = 0
        while result.count < count, remaining > 0, attempts < 4 * count {
            attempts += 1
            var moved = point
            let fraction = [0.3, 0.03, 0.003][generator.nextIndex(below: 3)]
            for _ in 0..<(1 + generator.nextIndex(below: 2)) {
                let g = movable[generator.nextIndex(below: movable.count)]
                let k = generator.nextIndex(below: max(1, moved[g].count))
                let x = moved[g].elements[k]
                let scale = max(1, Swift.abs(x))
                let candidate = x + fraction * scale * (2 * generator.nextUnitInterval() - 1)
                if scalarDomain(g)?.contains(candidate) == true { moved[g].elements[k] = candidate }
            }
            if moved != point {
                result.append(moved)
                remaining -= 1
            }
        }
        return result
    }

    private func scalarDomain(_ g: Int) -> ScalarDomain? {
        switch domains[g] {
        case .scalar(let s), .tensor(let s, _): s
        default: nil
        }
    }
}
