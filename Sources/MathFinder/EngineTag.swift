/// A piece of another engine's template syntax found in the prose of a post: a Liquid tag or output, a Hugo
/// shortcode, a kramdown attribute list.
///
/// The scanner finds tags outside code spans, code blocks and math, the way it finds math. A tag that encloses
/// verbatim text (`{% highlight %}…{% endhighlight %}`, `{{< katex >}}…{{< /katex >}}`) is one tag with a
/// ``body``; the text between is not scanned.
public struct EngineTag: Sendable, Equatable {
    /// The kinds of template syntax.
    public enum Syntax: Sendable, Hashable {
        /// `{{ expression }}` (Liquid, Nunjucks).
        case liquidOutput
        /// `{% name arguments %}` (Liquid, Nunjucks).
        case liquidTag
        /// `{{< name arguments >}}` or `{{% name arguments %}}` (Hugo).
        case shortcode
        /// `{: .class #id key="value"}` and `{:toc}` (kramdown).
        case attributeList
    }

    /// The kind.
    public var syntax: Syntax
    /// The tag's name: the first word inside the delimiters (`post_url`, `figure`, `site.baseurl`, `toc`); for a
    /// closing shortcode (`{{< /notice >}}`) the name without the slash.
    public var name: String
    /// The text after the name inside the delimiters, trimmed.
    public var arguments: String
    /// Whether this closes a shortcode (`{{< /name >}}`).
    public var isClosing: Bool
    /// For a tag that encloses verbatim text: the text between its opening and closing tags.
    public var body: String?
    /// The whole tag (its closing tag included when it has a ``body``), as UTF-8 offsets into the input.
    public var utf8Range: Range<Int>
    /// Whether nothing but spaces stands before and after the tag on its line(s).
    public var isAloneOnLine: Bool

    /// Creates a tag.
    public init(
        syntax: Syntax, name: String, arguments: String, isClosing: Bool = false, body: String? = nil,
        utf8Range: Range<Int>, isAloneOnLine: Bool
    ) {
        self.syntax = syntax
        self.name = name
        self.arguments = arguments
        self.isClosing = isClosing
        self.body = body
        self.utf8Range = utf8Range
        self.isAloneOnLine = isAloneOnLine
    }

    /// The longest a tag's inside may be (a longer run between `{{` and `}}` is not a tag), which bounds the work
    /// one tag costs.
    public static let maximumLength = 1000

    /// The Liquid tags whose text up to `{% endNAME %}` is verbatim.
    public static let verbatimLiquidTags: Set<String> = ["highlight", "raw", "codeblock", "katex", "math", "latex", "comment"]
    /// The Hugo shortcodes whose text up to `{{< /NAME >}}` is verbatim.
    public static let verbatimShortcodes: Set<String> = ["highlight", "katex", "math", "code", "raw"]
}

/// Finds the template syntax of an engine in a Markdown text, outside code and math.
/// - Parameters:
///   - text: a whole Markdown document (front matter already removed).
///   - rules: the engine's rules; ``MathRules/engineSyntax`` says which syntax to look for.
/// - Returns: the tags, ordered by position.
public func findEngineTags(in text: String, rules: MathRules) -> [EngineTag] {
    guard !rules.engineSyntax.isEmpty else { return [] }
    var scanner = MathScanner(Array(text.utf8), rules: rules)
    scanner.scan()
    return scanner.tags
}
