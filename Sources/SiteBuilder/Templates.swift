import Diagnostics
import Foundation
import Mustache

/// The Mustache templates of `templates/`, loaded once per build.
struct Templates: Sendable {
    static let requiredNames = ["index", "post", "tag", "claims", "feed", "claim-card"]

    private let library: MustacheLibrary
    private let directoryPath: String

    /// Loads every `*.mustache` file under `directory`.
    ///
    /// - Throws: a ``Diagnostic`` naming the template file and the position of a syntax error,
    ///   or naming a required template that is missing.
    init(directory: URL, displayPath: String) async throws(Diagnostic) {
        directoryPath = displayPath
        do {
            library = try await MustacheLibrary(directory: directory.standardizedFileURL.resolvingSymlinksInPath().path)
        } catch let error as MustacheLibrary.ParserError {
            let name = (error.filename as NSString).lastPathComponent
            throw Diagnostic(
                path: (displayPath as NSString).appendingPathComponent(name),
                location: SourceLocation(line: error.context.lineNumber, column: error.context.columnNumber),
                message: "template syntax error: \(error.error)")
        } catch {
            throw Diagnostic(path: displayPath, message: "cannot load the templates: \(error)")
        }
        for name in Self.requiredNames where library.getTemplate(named: name) == nil {
            throw Diagnostic(
                path: (displayPath as NSString).appendingPathComponent(name + ".mustache"),
                message: "template '\(name)' is missing; every site needs \(Self.requiredNames.map { $0 + ".mustache" }.joined(separator: ", "))")
        }
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}
