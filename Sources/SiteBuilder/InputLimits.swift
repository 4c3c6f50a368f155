import Diagnostics

/// Bounds on a post checked before any parser sees it, so that no input can make the
/// build take unbounded time or memory. Each limit has its own message naming it.
public struct InputLimits: Sendable, Hashable {
    /// The largest post, in bytes.
    public var maxPostBytes = 1 << 21
    /// The longest line, in bytes.
    public var maxLineBytes = 64 << 10

    /// The default limits.
    public init() {}

    /// Throws the first limit `text` breaks, naming the line.
    func check(_ text: String, path: String) throws(Diagnostic) {
        let utf8 = text.utf8
        if utf8.count > maxPostBytes {
            throw Diagnostic(
                path: path, location: SourceLocation(line: 1, column: 1),
                message: "post is \(utf8.count) bytes, over the limit of \(maxPostBytes) bytes (--max-post-bytes)")
        }
        var line = 1
        var lineLength = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineLength = 0
                continue
            }
            lineLength += 1
            if lineLength > maxLineBytes {
                throw Diagnostic(
                    path: path, location: SourceLocation(line: line, column: 1),
                    message: "line is longer than the limit of \(maxLineBytes) bytes (--max-line-bytes)")
            }
        }
    }
}
