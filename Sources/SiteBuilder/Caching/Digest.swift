import Crypto

/// The SHA-256 digest of some bytes (swift-crypto's): how the record of the last build remembers each
/// input without keeping a copy of it.
struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes of the digest.
    let bytes: [UInt8]

    /// The digest of `data`.
    init(of data: some Collection<UInt8>) {
        var hasher = SHA256()
        if data.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) == nil {
            hasher.update(data: Array(data))
        }
        bytes = Array(hasher.finalize())
    }

    /// The digest of the bytes `feed` gives the hasher, in order (for bytes that are never in one buffer).
    init(feeding feed: (inout SHA256) -> Void) {
        var hasher = SHA256()
        feed(&hasher)
        bytes = Array(hasher.finalize())
    }

    /// Reads a digest written as 64 lower-case hexadecimal digits.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// The digest as 64 lower-case hexadecimal digits.
    var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
