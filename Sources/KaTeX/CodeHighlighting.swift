/// One fenced code block to highlight with highlight.js, in the same workers that run KaTeX.
public struct HighlightRequest: Hashable, Sendable {
    /// The block's language as the fence names it (`swift`, `python`); highlight.js's names and aliases.
    public var language: String
    /// The code, as written (not HTML-escaped).
    public var code: String

    /// Creates a request.
    public init(language: String, code: String) {
        self.language = language
        self.code = code
    }

    /// The most Unicode scalars a block may have to be highlighted; a longer one is left plain.
    public static let maximumLength = 100_000

    /// Whether `language` may be sent to highlight.js: letters, digits and `+ - _ . #`, at most 40 of them.
    public static func isPlausibleLanguage(_ language: String) -> Bool {
        !language.isEmpty && language.utf8.count <= 40
            && language.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "+-_.#".unicodeScalars.contains(scalar))
            }
    }
}

/// The outcome of a ``HighlightRequest``.
public enum HighlightResult: Sendable, Equatable {
    /// The code, HTML-escaped, with highlight.js's `<span class="hljs-…">` around its tokens.
    case highlighted(html: String)
    /// The block stays plain: `reason` says why (an unknown language, highlight.js not installed, a time-out).
    case plain(reason: String)

    /// The highlighted HTML, `nil` when the block stays plain.
    public var html: String? {
        if case .highlighted(let html) = self { return html }
        return nil
    }
}

/// What a worker is asked to do: render a formula or highlight a code block.
enum WorkerRequest: Hashable, Sendable {
    case math(MathRequest)
    case code(HighlightRequest)

    /// The text the request carries (for sizing buffers and for placing KaTeX's error positions).
    var text: String {
        switch self {
        case .math(let request): request.tex
        case .code(let request): request.code
        }
    }
}
