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

}

/// Where a piece of a file stands in it — a fence's info string or body, a formula's TeX, the
/// Markdown after the front matter — so that a position counted inside the piece can be moved
/// into the file.
///
/// This is the one conversion from fragment-relative positions to file positions: stages below the
/// site pipeline count lines and columns from their own input's start, and the pipeline moves them
/// with ``fileLocation(of:)``.
public struct SourceFragment: Hashable, Sendable {
    /// Where the fragment's first character stands in the file.
    public var start: SourceLocation
    /// How many columns each line of the fragment after the first was shifted left by when it was
    /// taken out of the file: the indentation of a fence body inside a list item or a block quote,
    /// which the Markdown parser removes. 0 for text taken verbatim.
    public var indentation: Int

    /// A fragment whose first character stands at `start` and whose later lines start at column
    /// `1 + indentation` of their file lines.
    public init(start: SourceLocation, indentation: Int = 0) {
        self.start = start
        self.indentation = indentation
    }

    /// A fragment that starts at the beginning of file line `line`, taken verbatim.
    public init(line: Int) {
        self.init(start: SourceLocation(line: line, column: 1))
    }

    /// The position in the file of `location`, a position counted from the fragment's start (line 1,
    /// column 1 is the fragment's first character).
    ///
    /// On the fragment's first line the column is added to the fragment's start column (the fragment may
    /// start mid-line); on later lines it is added to the indentation.
    public func fileLocation(of location: SourceLocation) -> SourceLocation {
        if location.line <= 1 {
            return SourceLocation(line: start.line, column: start.column + location.column - 1)
        }
        return SourceLocation(line: start.line + location.line - 1, column: indentation + location.column)
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
