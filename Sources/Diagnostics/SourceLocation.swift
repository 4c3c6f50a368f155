/// A position in a source file: 1-based line and 1-based column.
///
/// Columns count Unicode scalars from the start of the line, so a column printed in a
/// diagnostic is the one an editor shows for text without combining marks. Every stage
/// of the tool — Markdown, math, claims — reports positions with this one type.
public struct SourceLocation: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`, as diagnostics print it.
    public var description: String { "\(line):\(column)" }

    /// This location moved down by `lines` lines (the column is kept).
    public func offset(lines: Int) -> SourceLocation {
        SourceLocation(line: line + lines, column: column)
    }
}

/// A half-open range of source locations.
public struct SourceRange: Hashable, Sendable {
    /// The first position of the range.
    public var start: SourceLocation
    /// The position just past the range.
    public var end: SourceLocation

    /// Creates a range from its two ends.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// A range covering one position.
    public init(at location: SourceLocation) {
        self.start = location
        self.end = SourceLocation(line: location.line, column: location.column + 1)
    }
}
