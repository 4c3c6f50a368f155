/// Puts claim cards where the Markdown layer left its fence markers, in one pass over the bytes.
///
/// A marker is `U+2063 FENCE n U+2063` on a line of its own (see ``Markdown/ExtractedFence/marker``);
/// the newline after it is replaced too, since a card is a block of its own.
enum FenceMarker {
    private static let separator: [UInt8] = Array("\u{2063}".utf8)
    private static let word: [UInt8] = Array("FENCE".utf8)

    /// `html` with every marker that is a key of `cards` replaced by its value; other text is copied.
    static func replacing(in html: String, with cards: [String: String]) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + cards.values.reduce(0) { $0 + $1.utf8.count })
        var copied = 0
        var position = 0
        while let start = bytes[position...].firstIndex(of: separator[0]) {
            guard let (marker, end) = marker(in: bytes, at: start), let card = cards[marker] else {
                position = start + 1
                continue
            }
            output.append(contentsOf: bytes[copied..<start])
            output.append(contentsOf: card.utf8)
            copied = end < bytes.count && bytes[end] == UInt8(ascii: "\n") ? end + 1 : end
            position = copied
        }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// The marker starting at `start`, and the index just past it.
    private static func marker(in bytes: [UInt8], at start: Int) -> (String, Int)? {
        var index = start
        func expect(_ expected: [UInt8]) -> Bool {
            guard index + expected.count <= bytes.count else { return false }
            for (offset, byte) in expected.enumerated() where bytes[index + offset] != byte { return false }
            index += expected.count
            return true
        }
        guard expect(separator), expect(word) else { return nil }
        let digits = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > digits, expect(separator) else { return nil }
        return (String(decoding: bytes[start..<index], as: UTF8.self), index)
    }
}
