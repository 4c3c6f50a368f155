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
/// form that editors and CI problem matchers read.
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

    /// Creates a diagnostic.
    public init(
        _ severity: Severity = .error,
        path: String,
        location: SourceLocation? = nil,
        message: String,
        notes: [String] = []
    ) {
        self.severity = severity
        self.path = path
        self.location = location
        self.message = message
        self.notes = notes
    }

    /// `path:line:col: severity: message`, the first line of the printed form.
    public var description: String {
        let position = location.map { ":\($0.line):\($0.column)" } ?? ""
        return "\(path)\(position): \(severity.rawValue): \(message)"
    }
}

/// An error that knows its position inside one input but not yet the file it came from.
///
/// Stages below the site pipeline (the claim parser, the math finder, KaTeX) throw these;
/// the pipeline turns them into ``Diagnostic``s by adding the path and shifting the
/// location from the fragment into the file.
public struct LocatedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is, relative to the fragment that was being read.
    public var location: SourceLocation
    /// One line saying what is wrong.
    public var message: String
    /// Further lines for the reader.
    public var notes: [String]

    /// Creates an error at `location`.
    public init(_ message: String, at location: SourceLocation, notes: [String] = []) {
        self.message = message
        self.location = location
        self.notes = notes
    }

    public var description: String { "\(location): \(message)" }

    /// This error as a diagnostic in `path`, with its line moved down by `lineOffset`
    /// (the line of the file where the fragment's line 1 stands).
    public func diagnostic(path: String, lineOffset: Int = 0, severity: Severity = .error) -> Diagnostic {
        Diagnostic(severity, path: path, location: location.offset(lines: lineOffset), message: message, notes: notes)
    }
}
