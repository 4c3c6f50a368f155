/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A message about an input, tied to a file and, where known, a position in it.
///
/// This is the one diagnostics type of the tool: Markdown, math, front matter and claims
/// all report through it, and ``DiagnosticPrinter`` prints it in the `path:line:col:`
/// form that editors and CI problem matchers read, with the source line and a caret under it.
/// Positions travel as numbers (``location``, ``length``), never inside ``message``.
public struct Diagnostic: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious the problem is.
    public var severity: Severity
    /// The file the message is about, as given on the command line or relative to the content folder.
    public var path: String
    /// Where in the file, when known.
    public var location: SourceLocation?
    /// One line saying what is wrong.
    public var message: String
    /// Further lines printed under the message (a counterexample, a hint).
    public var notes: [String]
    /// The text of the line ``location`` stands on, without its line ending, as the build read it
    /// (the printer shows it with a caret under the column); `nil` when not known.
    public var sourceLine: String?
    /// How many Unicode scalars, from ``location`` on, the problem spans on its line (the printer
    /// underlines them `^~~~`); `nil` when only the position is known.
    public var length: Int?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity = .error,
        path: String,
        location: SourceLocation? = nil,
        message: String,
        notes: [String] = [],
        sourceLine: String? = nil,
        length: Int? = nil
    ) {
        self.severity = severity
        self.path = path
        self.location = location
        self.message = message
        self.notes = notes
        self.sourceLine = sourceLine
        self.length = length
    }

    /// `path:line:col: severity: message`, the first line of the printed form.
    public var description: String {
        let position = location.map { ":\($0.line):\($0.column)" } ?? ""
        return "\(path)\(position): \(severity.rawValue): \(message)"
    }

    /// This diagnostic with ``sourceLine`` taken from `file`, the index of the text of the file it is
    /// about (unchanged when it has no location or already has its line).
    ///
    /// - Parameter file: the index of the whole file's text, as the build read it.
    /// - Returns: the diagnostic, with the text of its line.
    public func showingSource(from file: LineIndex) -> Diagnostic {
        guard sourceLine == nil, let location else { return self }
        var diagnostic = self
        diagnostic.sourceLine = file.lineText(location.line)
        return diagnostic
    }
}

/// An error that knows its position inside one input but not yet the file it came from.
///
/// Stages below the site pipeline (the claim parser, the fence attributes, the math finder)
/// throw these; the pipeline turns them into ``Diagnostic``s by adding the path and moving the
/// location from the fragment into the file with ``SourceFragment/fileLocation(of:)``.
public struct LocatedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is, relative to the fragment that was being read.
    public var location: SourceLocation
    /// How many Unicode scalars from ``location`` the problem spans on its line, when known.
    public var length: Int?
    /// One line saying what is wrong.
    public var message: String
    /// Further lines for the reader.
    public var notes: [String]

    /// Creates an error at `location`, spanning `length` Unicode scalars when that is known.
    public init(_ message: String, at location: SourceLocation, length: Int? = nil, notes: [String] = []) {
        self.message = message
        self.location = location
        self.length = length
        self.notes = notes
    }

    public var description: String { "\(location): \(message)" }

    /// This error as a diagnostic in `path`, its location moved from `fragment` into the file.
    ///
    /// - Parameters:
    ///   - path: the file's path as messages show it.
    ///   - fragment: where the text this error's location counts from stands in the file.
    ///   - severity: how serious the problem is.
    /// - Returns: the diagnostic, without a source line (add it with ``Diagnostic/showingSource(from:)``).
    public func diagnostic(path: String, in fragment: SourceFragment, severity: Severity = .error) -> Diagnostic {
        Diagnostic(
            severity, path: path, location: fragment.fileLocation(of: location), message: message, notes: notes,
            length: length)
    }
}
