/// How a Markdown text is turned into HTML.
public struct MarkdownOptions: Sendable, Hashable {
    /// Drop raw HTML and links or images with unsafe URL schemes (`javascript:`, `vbscript:`,
    /// `file:`, and `data:` other than common image types). Off by default: authors own their posts.
    public var safe: Bool

    /// The first word of fence info strings whose blocks are taken out of the Markdown and
    /// returned in ``RenderedMarkdown/fences`` instead of being rendered as code.
    public var extractedFenceLanguage: String?

    /// Creates options.
    public init(safe: Bool = false, extractedFenceLanguage: String? = nil) {
        self.safe = safe
        self.extractedFenceLanguage = extractedFenceLanguage
    }
}

/// A fenced code block taken out of the document (see ``MarkdownOptions/extractedFenceLanguage``).
public struct ExtractedFence: Sendable, Hashable {
    /// The 0-based position of this fence among the extracted fences of the document.
    public var ordinal: Int
    /// The whole info string, as written after the opening fence.
    public var info: String
    /// The block's content, one line per statement, ending in a newline.
    public var content: String
    /// The 1-based line of the opening fence in the parsed text.
    public var line: Int
    /// The 1-based column of the opening fence (greater than 1 inside lists and quotes).
    public var column: Int
    /// How many backticks or tildes open the fence (3 or more).
    public var fenceLength: Int
    /// The 1-based column, in Unicode scalars, where the info string starts on the opening line
    /// (after the fence characters and the spaces that follow them).
    public var infoColumn: Int
    /// The text that stands in the HTML where the block was; replace it after rendering.
    public var marker: String
}

/// A heading of the document with the `id` its anchor got.
public struct Heading: Sendable, Hashable {
    /// 1 to 6.
    public var level: Int
    /// The heading's plain text (inline markup removed).
    public var text: String
    /// A stable, unique `id` derived from the text (GitHub's scheme: lower case, spaces as `-`).
    public var id: String
    /// The 1-based line of the heading in the parsed text.
    public var line: Int
}

/// The result of rendering a Markdown text.
public struct RenderedMarkdown: Sendable {
    /// The HTML body.
    public var html: String
    /// Headings in document order.
    public var headings: [Heading]
    /// Extracted fences in document order.
    public var fences: [ExtractedFence]
    /// Every link and image destination, in document order (used to copy local files).
    public var destinations: [String]
}
