import MathFinder

/// The engine a post was written for, whose conventions the build follows when reading it.
///
/// Chosen with `compatibility:` in `_config.yml` (the whole site) or in a post's front matter, or inferred from
/// clear signs (``inferred(relativePath:frontMatter:hasLayoutKey:)``). ``native`` is the default for new posts.
public enum EngineProfile: String, Sendable, Hashable, CaseIterable, Codable {
    /// build-site's own rules (pandoc's for math).
    case native
    /// Jekyll with kramdown and MathJax.
    case jekyll
    /// Hugo with Goldmark and MathJax or KaTeX in the browser.
    case hugo
    /// Hexo with its default Markdown renderer.
    case hexo
    /// Pelican with its math extension.
    case pelican
    /// pandoc's Markdown.
    case pandoc

    /// The engine's name as authors write it.
    public var displayName: String {
        switch self {
        case .native: "build-site"
        case .jekyll: "Jekyll"
        case .hugo: "Hugo"
        case .hexo: "Hexo"
        case .pelican: "Pelican"
        case .pandoc: "pandoc"
        }
    }

    /// How the engine found math, and which of its template syntax to look for.
    public var mathRules: MathRules {
        var rules = MathRules()
        switch self {
        case .native, .pandoc:
            break
        case .jekyll:
            rules.doubleDollarIsDisplayOnlyAsParagraph = true
            rules.allowsSpacesInsideDollars = true
            rules.allowsEscapedStarInEnvironmentNames = true
            rules.doubledBackslashEscapesDollar = true
            rules.engineSyntax = [.liquidOutput, .liquidTag, .attributeList]
        case .hugo:
            rules.allowsSpacesInsideDollars = true
            rules.allowsEscapedStarInEnvironmentNames = true
            rules.doubledBackslashEscapesDollar = true
            rules.engineSyntax = [.shortcode]
        case .hexo:
            rules.allowsSpacesInsideDollars = true
            rules.allowsEscapedStarInEnvironmentNames = true
            rules.doubledBackslashEscapesDollar = true
            rules.engineSyntax = [.liquidOutput, .liquidTag]
        case .pelican:
            rules.allowsSpacesInsideDollars = true
        }
        return rules
    }

    /// Whether the engine ran Markdown over math written with `delimiter` before MathJax saw it, so that the
    /// author escaped Markdown inside it (`\_` for `_`, `\\\\` for a row break).
    public func ranMarkdownOver(_ delimiter: MathDelimiter) -> Bool {
        switch self {
        case .native, .pandoc, .pelican:
            false
        case .hugo, .hexo:
            true
        case .jekyll:
            // kramdown keeps `$$…$$` verbatim; MathJax's other delimiters are ordinary text to it.
            delimiter != .doubleDollar
        }
    }

    /// Parses a `compatibility:` value (case-insensitive; `kramdown` is Jekyll, `goldmark` Hugo).
    public init?(setting: String) {
        let lowered = setting.lowercased()
        switch lowered {
        case "kramdown": self = .jekyll
        case "goldmark": self = .hugo
        case "build-site", "default": self = .native
        default:
            guard let profile = EngineProfile(rawValue: lowered) else { return nil }
            self = profile
        }
    }

    /// The values `compatibility:` takes, for messages.
    public static let settingNames = allCases.map(\.rawValue).joined(separator: ", ")

    /// How a post's front matter was written, for ``inferred(relativePath:frontMatter:hasLayoutKey:)``.
    public enum FrontMatterStyle: Sendable, Hashable {
        /// `---` YAML, or none at all.
        case yamlOrNone
        /// `+++` TOML.
        case toml
        /// A Pelican header (`Title: …` lines).
        case pelicanHeader
        /// A pandoc title block (`% Title`).
        case pandocTitleBlock
    }

    /// The profile a post's clear signs point to, and the sign, when nothing chose one.
    /// - Parameters:
    ///   - relativePath: the post's path in the content folder.
    ///   - frontMatter: how its front matter was written.
    ///   - hasLayoutKey: whether the front matter has Jekyll's `layout:` key.
    /// - Returns: the profile and a phrase naming the sign, or nil for the native rules.
    public static func inferred(
        relativePath: String, frontMatter: FrontMatterStyle, hasLayoutKey: Bool
    ) -> (profile: EngineProfile, sign: String)? {
        if relativePath.split(separator: "/").dropLast().contains("_posts") { return (.jekyll, "it is in a _posts folder") }
        switch frontMatter {
        case .toml: return (.hugo, "its front matter is TOML between +++ lines")
        case .pelicanHeader: return (.pelican, "it starts with a Pelican 'Title:' header")
        case .pandocTitleBlock: return (.pandoc, "it starts with a pandoc '%' title block")
        case .yamlOrNone: break
        }
        if hasLayoutKey { return (.jekyll, "its front matter has Jekyll's 'layout:' key") }
        return nil
    }
}
