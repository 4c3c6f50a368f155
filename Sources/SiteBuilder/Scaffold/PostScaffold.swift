import Diagnostics
import Foundation

/// A new post, as `build-site new "Title"` makes it: `content/SLUG.md` (or `content/SLUG/index.md`, a
/// page bundle), with front matter (the title, the day, the tags) and a starter `swift-check` claim
/// that verifies.
public struct PostScaffold: Sendable {
    public var title: String
    public var tags: [String]
    /// Whether the post is a page bundle (`SLUG/index.md`, with room for its images beside it).
    public var bundle: Bool
    /// The day the post is dated.
    public var date: Date

    /// A post titled `title`; empty tags are dropped and the others trimmed.
    public init(title: String, tags: [String] = [], bundle: Bool = false, date: Date = Date()) {
        self.title = title
        self.tags = tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        self.bundle = bundle
        self.date = date
    }

    /// The post's slug (its URL is `posts/SLUG/`), made from the title.
    public var slug: String { Slug.make(from: title) }

    /// The post's path relative to the content folder.
    public var relativePath: String { bundle ? "\(slug)/index.md" : "\(slug).md" }

    /// Writes the post into the content folder `content` (named `displayPath` in messages) and returns
    /// the path written, as messages name it.
    ///
    /// - Throws: a ``Diagnostic`` when the title is empty, the content folder is missing, a file is
    ///   already there, or another post already has the slug (naming that post).
    public func create(inContentFolder content: URL, displayPath: String) throws(Diagnostic) -> String {
        let shown = ContentLoader.join(displayPath, relativePath)
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Diagnostic(path: displayPath, message: "a new post needs a title: build-site new \"The title\"")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(
                path: displayPath,
                message:
                    "there is no content folder here; run `build-site new` in a site's folder (one `build-site init` made), "
                    + "or name the folder of posts with --content")
        }
        for existing in try ContentLoader.posts(in: content, displayPrefix: displayPath) {
            let other = Self.slug(of: existing)
            if other.slug == slug {
                throw Diagnostic(
                    path: existing.displayPath, location: other.line.map { SourceLocation(line: $0, column: 1) },
                    message:
                        "this post already has the slug '\(slug)' (the URL posts/\(slug)/), so \(shown) was not written; "
                        + "give the new post another title")
            }
        }
        switch try StarterFiles.write(text, to: content.appendingPathComponent(relativePath), displayPath: shown) {
        case .written: return shown
        case .kept:
            throw Diagnostic(
                path: shown, message: "a file is already there, so it was left as it was; give the new post another title")
        }
    }

    /// The slug of an existing post (with the line of its front matter's `slug:` when it sets one).
    private static func slug(of post: SourceFile) -> (slug: String, line: Int?) {
        if let data = FileManager.default.contents(atPath: post.url.path), let text = String(data: data, encoding: .utf8),
            let split = try? FrontMatterReader.read(text, path: post.displayPath), let written = split.metadata.slug
        {
            return (written, split.metadata.fieldLines["slug"])
        }
        return (ContentLoader.slug(fromPath: post.relativePath), nil)
    }

    /// The post's text: front matter, a line to replace, and a starter claim.
    public var text: String {
        let tagList = tags.map(StarterFiles.yamlQuoted).joined(separator: ", ")
        return """
            ---
            title: \(StarterFiles.yamlQuoted(title))
            date: \(StarterFiles.day(date))
            tags: [\(tagList)]
            ---

            Write the derivation here. Math goes between dollars, $f(x) = x^2$, or on lines of its own:

            $$f'(x) = 2x.$$

            State each result in a `swift-check` block: the build checks it at hundreds of points and shows
            ✓ verified or ✗ refuted beside it. Replace this starter claim with your own.

            ```swift-check title="A starter claim"
            given x ∈ [-3, 3]
            let f = x^2
            claim ∂f/∂x = 2*x
            ```

            """
    }
}
