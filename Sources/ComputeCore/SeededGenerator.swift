/// A small, fast, seedable random number generator: xoshiro256** seeded by SplitMix64.
///
/// Both algorithms are written out here (after Blackman and Vigna's public-domain
/// descriptions), so a seed gives the same sequence on every machine and Swift version.
/// Not for cryptography.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A generator whose state is four successive SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    @inlinable
    func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// A uniform double in `[0, 1)` from the top 53 bits: `(next() >> 11)·2⁻⁵³`.
    @inlinable
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection); `bound` must be positive.
    @inlinable
    public mutating func nextIndex(below bound: Int) -> Int {
        let limit = UInt64(bound)
        while true {
            let product = next().multipliedFullWidth(by: limit)
            if product.low >= (0 &- limit) % limit { return Int(product.high) }
        }
    }

    /// An approximately standard-normal double: the Irwin–Hall sum of 12 uniforms minus 6
    /// (mean 0, variance 1, bounded by ±6). Only additions, so bit-identical everywhere,
    /// unlike Box–Muller, whose `log` and `cos` differ between C libraries.
    @inlinable
    public mutating func nextStandardNormal() -> Double {
        var total = 0.0
        for _ in 0..<12 { total += nextUnitInterval() }
        return total - 6
    }
}
