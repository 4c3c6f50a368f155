import Diagnostics
import Foundation
import Mustache

/// The Mustache templates a build uses (the built-in theme's, each overridden by a file of the site's
/// `templates/` at the same path), loaded once per build.
struct Templates: Sendable {
    static let requiredNames = ["index", "post", "tag", "tags", "claims", "feed", "sitemap", "claim-card"]

    private let library: MustacheLibrary
    private let directoryPath: String

    /// Parses every `*.mustache` file among `files` (``InputSnapshot/templates``: the built-in theme
    /// with the templates folder's overrides), each named by its path without the extension; messages
    /// name a file under `displayPath` (the templates folder), or under the built-in theme.
    ///
    /// - Throws: a ``Diagnostic`` naming the template file and the position of a syntax error,
    ///   or naming a required template that is missing.
    init(files: [InputSnapshot.File], displayPath: String) throws(Diagnostic) {
        directoryPath = displayPath
        Self.registerEscaping()
        var library = MustacheLibrary()
        for file in files where file.relativePath.hasSuffix(".mustache") {
            let shown = file.templateDisplayPath(in: displayPath)
            guard let bytes = file.bytes, let text = String(validating: bytes, as: UTF8.self) else {
                throw Diagnostic(
                    path: shown, location: SourceLocation(line: 1, column: 1), message: "cannot read the template as UTF-8 text")
            }
            do {
                try library.register(
                    Self.escapingPragma + text, named: String(file.relativePath.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                // The pragma is a line of its own before the file's first.
                throw Diagnostic(
                    path: shown,
                    location: SourceLocation(line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber),
                    message: "template syntax error: \(error.error)")
            } catch {
                throw Diagnostic(path: shown, message: "cannot load the template: \(error)")
            }
        }
        self.library = library
        for name in Self.requiredNames where library.getTemplate(named: name) == nil {
            throw Diagnostic(
                path: (displayPath as NSString).appendingPathComponent(name + ".mustache"),
                message:
                    "template '\(name)' is missing; every site needs \(Self.requiredNames.map { $0 + ".mustache" }.joined(separator: ", "))"
            )
        }
    }

    /// The content type every template is rendered with: `{{value}}` escaped by ``HTML/escape(_:)``, the one
    /// escaping rule of the tool's pages, instead of swift-mustache's own (which walks `Character`s through a
    /// dictionary, and skips a `"` that a combining mark joins).
    private struct PageText: MustacheContentType {
        func escapeText(_ text: String) -> String { HTML.escape(text) }
    }

    private static let contentTypeName = "BUILD_SITE_HTML"

    /// Put before every template (a standalone tag, so it writes nothing): swift-mustache takes its escaping
    /// from a `CONTENT_TYPE` pragma only.
    private static let escapingPragma = "{{% CONTENT_TYPE: \(contentTypeName)}}\n"

    /// Registers ``PageText`` with swift-mustache (a process-wide table; registering again replaces it with the same).
    private static func registerEscaping() {
        MustacheContentTypes.register(PageText(), named: contentTypeName)
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
