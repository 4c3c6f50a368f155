import ClaimLanguage
import Compatibility
import Diagnostics
import Foundation
import Yams

/// Site-wide settings, read from `content/_config.yml` when it exists.
public struct SiteConfiguration: Sendable, Hashable {
    /// The site's name, shown in every page header and the feed.
    public var title = "Checked derivations"
    /// One sentence under the title and in the feed.
    public var description = ""
    /// The author named in the feed.
    public var author = ""
    /// The `lang` of every page.
    public var language = "en"
    /// The absolute URL the site is served from (`https://example.org/blog/`), for the feed; may be empty.
    public var baseURL = ""
    /// The loosest `rtol` or `atol` a fence may set (`maxTolerance:`); looser ones are errors.
    public var maximumTolerance = defaultMaximumTolerance
    /// The folders `katex:` names (KaTeX's node package, and the folder of its CSS and fonts), as
    /// written: relative ones are relative to the site's folder (the content folder's parent). Empty
    /// when it is not set, and KaTeX is looked for where `BUILD_SITE_KATEX` or Debian puts it.
    public var katexFolders: [String] = []
    /// Where the value of `katex:` is in the configuration file, and the text of its line.
    public var katexLocation: SourceLocation?
    /// Where `baseURL:` is in the configuration file, when it is there (an empty one is warned about there).
    public var baseURLLocation: SourceLocation?
    public var katexSourceLine: String?
    /// Whether internal links end in the folder (`posts/x/`, for a web server that serves `index.html`)
    /// instead of naming the file (`posts/x/index.html`, which works from disk too); `prettyURLs:`.
    public var prettyURLs = false
    /// `check-equations: auto`: check every post's displays that need no definitions (a post's own
    /// `check-equations:` wins).
    public var equationChecking = EquationChecking.off
    /// `compatibility:`: the engine the site's posts were written for (a post's own `compatibility:` wins);
    /// `nil` means each post's signs decide (``EngineProfile/inferred(relativePath:frontMatter:hasLayoutKey:)``).
    public var compatibility: EngineProfile?
    /// `macros:`: KaTeX macros for every post's formulas, under each post's own; with the `\newcommand`s of
    /// `macros.tex` in the content folder (``readingMacroFile(_:path:)``).
    public var macros: [String: String] = [:]

    /// The default settings.
    public init() {}

    /// Reads the configuration file at `url`, or returns the defaults when there is none.
    ///
    /// - Throws: a ``Diagnostic`` naming `path` when the file is not valid YAML or a field is not text.
    public static func load(from url: URL, path: String) throws(Diagnostic) -> SiteConfiguration {
        try parse(FileManager.default.contents(atPath: url.path), path: path)
    }

    /// Reads the configuration from the bytes of its file (nil: there is none, and the defaults hold).
    ///
    /// - Throws: a ``Diagnostic`` naming `path` when the file is not valid YAML or a field is not text.
    public static func parse(_ data: Data?, path: String) throws(Diagnostic) -> SiteConfiguration {
        var configuration = SiteConfiguration()
        guard let data else { return configuration }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic(path: path, message: "the site configuration is not UTF-8 text")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw Diagnostic(path: path, location: SourceLocation(line: 1, column: 1), message: "not valid YAML: \(error)")
        }
        guard case .mapping(let mapping)? = node else { return configuration }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if name == "katex" {
                // Yams's marks are 1-based already.
                let location = SourceLocation(line: value.mark?.line ?? key.mark?.line ?? 1, column: value.mark?.column ?? 1)
                let folders: [String]?
                switch value {
                case .scalar(let scalar): folders = [scalar.string]
                case .sequence(let sequence): folders = sequence.map(\.string).contains(nil) ? nil : sequence.compactMap(\.string)
                default: folders = nil
                }
                guard let folders, !folders.isEmpty, !folders.contains(where: \.isEmpty) else {
                    throw Diagnostic(
                        path: path, location: location,
                        message:
                            "field 'katex' must name a folder, or a list of folders (KaTeX's node package and its CSS and fonts)")
                }
                configuration.katexFolders = folders
                configuration.katexLocation = location
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                configuration.katexSourceLine =
                    lines.indices.contains(location.line - 1)
                    ? String(lines[location.line - 1]).replacingOccurrences(of: "\r", with: "") : nil
                continue
            }
            if name == "macros" {
                guard case .mapping(let entries) = value else {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1),
                        message: "field 'macros' must map macro names to their definitions, such as '\\R: \\mathbb{R}'")
                }
                for (macro, definition) in entries {
                    guard let name = macro.string, let body = definition.string else {
                        throw Diagnostic(
                            path: path, location: SourceLocation(line: macro.mark?.line ?? 1, column: macro.mark?.column ?? 1),
                            message: "every macro in 'macros' must be a name and its definition as text")
                    }
                    configuration.macros[name.hasPrefix("\\") ? name : "\\" + name] = body
                }
                continue
            }
            guard let string = value.string else {
                throw Diagnostic(
                    path: path, location: SourceLocation(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1),
                    message: "field '\(name)' must be text")
            }
            switch name {
            case "title": configuration.title = string
            case "description": configuration.description = string
            case "author": configuration.author = string
            case "language": configuration.language = string
            case "baseURL", "base_url", "url":
                configuration.baseURL = string
                configuration.baseURLLocation = SourceLocation(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1)
            case "maxTolerance":
                guard let value = Double(string), value > 0, value.isFinite else {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1),
                        message: "field 'maxTolerance' must be a positive number, such as 1e-6")
                }
                configuration.maximumTolerance = value
            case "prettyURLs":
                guard let value = Bool(string.lowercased()) else {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: (key.mark?.line ?? 0) + 1, column: 1),
                        message: "field 'prettyURLs' must be true or false")
                }
                configuration.prettyURLs = value
            case "compatibility":
                guard let profile = EngineProfile(setting: string) else {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1),
                        message: "field 'compatibility' must be one of \(EngineProfile.settingNames), not '\(string)'")
                }
                configuration.compatibility = profile
            case "check-equations":
                guard let mode = EquationChecking(rawValue: string.lowercased()) else {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1),
                        message: "field 'check-equations' must be 'auto' or 'off'")
                }
                configuration.equationChecking = mode
            default: continue
            }
        }
        return configuration
    }

    /// Adds the macros a `macros.tex` file defines (`\newcommand{\L}{\mathcal{L}}`, `\renewcommand`,
    /// `\def\L{…}`, `\DeclareMathOperator{\tr}{tr}`) to ``macros``, where `macros:` has not defined them.
    /// - Returns: a warning for each line that defines nothing build-site can read.
    public mutating func readingMacroFile(_ text: String, path: String) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for (offset, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("%") { continue }
            guard let (name, body) = Self.macroDefinition(trimmed) else {
                warnings.append(
                    Diagnostic(
                        .warning, path: path, location: SourceLocation(line: offset + 1, column: 1),
                        message: "this line defines no macro build-site can read (write \\newcommand{\\name}{definition})"))
                continue
            }
            if macros[name] == nil { macros[name] = body }
        }
        return warnings
    }

    /// The name and body of a one-line macro definition.
    static func macroDefinition(_ line: String) -> (String, String)? {
        var rest = Substring(line)
        func group() -> Substring? {
            rest = rest.drop { $0 == " " }
            guard rest.first == "{" else { return nil }
            var depth = 0
            var index = rest.startIndex
            var escaped = false
            while index < rest.endIndex {
                let character = rest[index]
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "{" {
                    depth += 1
                } else if character == "}" {
                    depth -= 1
                    if depth == 0 {
                        let inside = rest[rest.index(after: rest.startIndex)..<index]
                        rest = rest[rest.index(after: index)...]
                        return inside
                    }
                }
                index = rest.index(after: index)
            }
            return nil
        }
        func controlWord() -> Substring? {
            rest = rest.drop { $0 == " " }
            guard rest.first == "\\" else { return nil }
            let end = rest.dropFirst().firstIndex { !$0.isLetter } ?? rest.endIndex
            defer { rest = rest[end...] }
            return rest[..<end]
        }
        for command in ["\\newcommand", "\\renewcommand", "\\providecommand", "\\DeclareMathOperator", "\\def"] {
            guard rest.hasPrefix(command) else { continue }
            rest = rest.dropFirst(command.count)
            let isOperator = command == "\\DeclareMathOperator"
            if rest.first == "*" { rest = rest.dropFirst() }
            guard let name = group() ?? controlWord(), name.hasPrefix("\\"), name.count > 1 else { return nil }
            rest = rest.drop { $0 == " " }
            // An argument count (`[1]`): KaTeX reads the arguments from the body's `#1`.
            if rest.first == "[", let close = rest.firstIndex(of: "]") { rest = rest[rest.index(after: close)...] }
            guard let body = group() else { return nil }
            return (String(name), isOperator ? "\\operatorname{" + body + "}" : String(body))
        }
        return nil
    }
}
