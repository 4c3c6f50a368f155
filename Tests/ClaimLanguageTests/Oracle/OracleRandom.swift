/// A tiny seeded random source (SplitMix64), written here so the oracle shares no code with the judge.
///
/// The same seed gives the same sequence on every machine, so a generated claim set is reproducible
/// from its seed alone.
struct OracleRandom: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a source from `seed`.
    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    /// A uniform double in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in `[lower, upper]`.
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * unit()
    }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index chosen with the given relative weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var r = unit() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return i }
        }
        return weights.count - 1
    }

    /// A child source for item `index`, so each generated claim can be reproduced on its own.
    static func forItem(seed: UInt64, index: Int) -> OracleRandom {
        var mixer = OracleRandom(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
        _ = mixer.next()
        return OracleRandom(seed: mixer.next())
    }
}
