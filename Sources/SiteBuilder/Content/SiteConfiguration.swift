import ClaimLanguage
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
    /// Whether internal links end in the folder (`posts/x/`, for a web server that serves `index.html`)
    /// instead of naming the file (`posts/x/index.html`, which works from disk too); `prettyURLs:`.
    public var prettyURLs = false

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
            guard let string = value.string else {
                throw Diagnostic(
                    path: path, location: SourceLocation(line: (key.mark?.line ?? 0) + 1, column: 1),
                    message: "field '\(name)' must be text")
            }
            switch name {
            case "title": configuration.title = string
            case "description": configuration.description = string
            case "author": configuration.author = string
            case "language": configuration.language = string
            case "baseURL", "base_url", "url": configuration.baseURL = string
            case "maxTolerance":
                guard let value = Double(string), value > 0, value.isFinite else {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: (key.mark?.line ?? 0) + 1, column: 1),
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
            default: continue
            }
        }
        return configuration
    }
}
