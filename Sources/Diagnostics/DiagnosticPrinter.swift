import Foundation

/// Prints diagnostics the way compilers do, or as GitHub Actions annotations.
public struct DiagnosticPrinter: Sendable {
    /// The output form.
    public enum Format: String, Sendable, CaseIterable {
        /// `path:line:col: error: message`, then the notes, indented.
        case plain
        /// `::error file=…,line=…,col=…::message`, read by GitHub Actions.
        case github
    }

    /// The output form of this printer.
    public var format: Format

    /// Creates a printer for `format`.
    public init(format: Format = .plain) {
        self.format = format
    }

    /// The printed form of `diagnostic`, ending in a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        switch format {
        case .plain:
            var text = diagnostic.description + "\n"
            for note in diagnostic.notes {
                text += "    " + note + "\n"
            }
            return text
        case .github:
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            var properties = "file=\(Self.escapeProperty(diagnostic.path))"
            if let location = diagnostic.location {
                properties += ",line=\(location.line),col=\(location.column)"
            }
            let body = ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")
            return "::\(command) \(properties)::\(Self.escapeData(body))\n"
        }
    }

    // GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
    private static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
