import Foundation

/// Prints diagnostics the way compilers do, or as GitHub Actions annotations.
public struct DiagnosticPrinter: Sendable {
    /// The output form.
    public enum Format: String, Sendable, CaseIterable {
        /// `path:line:col: error: message`, then the source line with a caret under the column
        /// (`^~~~` under a range), then the notes, indented: the form rustc and swiftc print.
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
            if let location = diagnostic.location, let line = diagnostic.sourceLine {
                text += Self.excerpt(of: line, at: location, length: diagnostic.length)
            }
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

    /// The source line under a gutter with its line number, and the caret line under it:
    ///
    ///        12 | claim ∂L/∂z = a - yy
    ///           |         ^~~~
    ///
    /// The caret line repeats the source line's tabs and gives each other character its width in a
    /// terminal (none for combining marks, two cells for East Asian wide characters, one otherwise),
    /// so the caret stands under the column however the line is written.
    private static func excerpt(of line: String, at location: SourceLocation, length: Int?) -> String {
        let number = String(location.line)
        let gutter = "   " + String(repeating: " ", count: number.count) + " |"
        let scalars = Array(line.unicodeScalars)
        let before = max(0, location.column - 1)
        var marker = " "
        for scalar in scalars.prefix(before) { marker += blank(as: scalar) }
        if before > scalars.count { marker += String(repeating: " ", count: before - scalars.count) }
        marker += "^"
        if let length, length > 1 {
            for scalar in scalars.dropFirst(before + 1).prefix(length - 1) {
                marker += String(repeating: "~", count: displayWidth(of: scalar))
            }
        }
        let shown = line.isEmpty ? "" : " " + line
        return "   \(number) |\(shown)\n\(gutter)\(marker)\n"
    }

    /// What stands under `scalar` in the caret line: a tab under a tab, else as many spaces as it is wide.
    private static func blank(as scalar: Unicode.Scalar) -> String {
        scalar == "\t" ? "\t" : String(repeating: " ", count: displayWidth(of: scalar))
    }

    /// How many terminal cells `scalar` takes: 0 for combining marks and invisible format characters,
    /// 2 for East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms, emoji), 1 otherwise.
    static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wideRanges: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
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
