/// Maps UTF-8 byte offsets in a text to 1-based line and column positions.
///
/// Built once per text in linear time; each lookup is a binary search over line starts
/// followed by a scan of one line. Lines end at `\n`; a `\r` before it belongs to the line
/// ending, so CRLF files get the same line numbers as an editor shows.
public struct LineIndex: Sendable {
    private let utf8: [UInt8]
    private let lineStarts: [Int]

    /// Indexes `text`.
    public init(_ text: String) {
        self.init(utf8: Array(text.utf8))
    }

    /// Indexes a UTF-8 byte buffer.
    public init(utf8: [UInt8]) {
        self.utf8 = utf8
        var starts = [0]
        for (offset, byte) in utf8.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The number of lines (a final line without a newline counts).
    public var lineCount: Int { lineStarts.count }

    /// The location of the UTF-8 byte at `offset` (clamped to the text).
    public func location(ofUTF8Offset offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, utf8.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        while index < offset {
            // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
            if utf8[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(line: low + 1, column: column)
    }

    /// The text of 1-based line `line`, without its line ending, or `nil` past the end.
    public func lineText(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : utf8.count
        if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: utf8[start..<max(start, end)], as: UTF8.self)
    }

    /// The UTF-8 offset where 1-based line `line` starts, or `nil` past the end.
    public func utf8Offset(ofLine line: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        return lineStarts[line - 1]
    }
}
