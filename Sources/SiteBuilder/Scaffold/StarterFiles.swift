import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes the files `build-site init` and `build-site new` make: each one only where nothing is,
/// never over an existing file, and never seen half-written. The file is written whole under a hidden
/// name beside it, then linked in place (`link` fails when the name exists: the check and the creation
/// are one step), so a running `serve` that sees the new name reads all of it.
enum StarterFiles {
    /// What became of one file.
    enum Outcome: Equatable {
        case written
        /// Something was already there, and was left as it was.
        case kept
    }

    /// Writes `text` to `url` (making its folders) unless something is there already.
    ///
    /// - Throws: a ``Diagnostic`` naming `displayPath` when the file or a folder cannot be made.
    static func write(_ text: String, to url: URL, displayPath: String) throws(Diagnostic) -> Outcome {
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path) || (try? manager.destinationOfSymbolicLink(atPath: url.path)) != nil {
            return .kept
        }
        do {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(path: displayPath, message: "cannot write the file: \(error.localizedDescription)")
        }
        let hidden = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).new-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let bytes = Array(text.utf8)
        let failure = bytes.withUnsafeBytes { createFile(atPath: hidden.path, writing: $0, mode: 0o666) }
        guard failure == 0 else {
            throw Diagnostic(path: displayPath, message: "cannot write the file: \(String(cString: strerror(failure)))")
        }
        defer { unlink(hidden.path) }
        if link(hidden.path, url.path) == 0 { return .written }
        if errno == EEXIST { return .kept }
        // A file system without hard links: created in place, `O_EXCL`, and written.
        let direct = bytes.withUnsafeBytes { createFile(atPath: url.path, writing: $0, mode: 0o666) }
        if direct == EEXIST { return .kept }
        guard direct == 0 else {
            throw Diagnostic(path: displayPath, message: "cannot write the file: \(String(cString: strerror(direct)))")
        }
        return .written
    }

    /// `text` as a double-quoted YAML scalar.
    static func yamlQuoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted += String(format: "\\x%02X", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    /// `date` as `YYYY-MM-DD` in UTC (what front matter's `date:` takes).
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
