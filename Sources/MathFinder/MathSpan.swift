import Diagnostics

/// The delimiters a piece of math was written with.
public enum MathDelimiter: Sendable, Equatable {
    /// `$…$`, inline, with pandoc's rules for where a dollar may open and close.
    case dollar
    /// `$$…$$`, display, on one line or many.
    case doubleDollar
    /// `\(…\)`, inline.
    case parenthesis
    /// `\[…\]`, display.
    case bracket
    /// `\\(…\\)`, inline: the form Hugo posts use so that Markdown leaves one backslash.
    case doubleBackslashParenthesis
    /// `\\[…\\]`, display: the form Hugo posts use so that Markdown leaves one backslash.
    case doubleBackslashBracket
    /// `\begin{NAME}…\end{NAME}` for one of ``MathDelimiter/environmentNames``, display.
    case environment(String)
    /// A `$` alone on a line, closed by a `$` alone on a later line, display.
    case dollarLine

    /// The environments that stand for display math on their own, outside any other delimiters.
    public static let environmentNames: [String] = [
        "align", "align*", "equation", "equation*", "gather", "gather*", "multline", "multline*", "aligned", "eqnarray",
        "eqnarray*",
    ]

    /// Whether math with these delimiters is display math (set on its own line) rather than inline.
    public var isDisplay: Bool {
        switch self {
        case .dollar, .parenthesis, .doubleBackslashParenthesis: false
        case .doubleDollar, .bracket, .doubleBackslashBracket, .environment, .dollarLine: true
        }
    }

    /// The UTF-8 length of the opening delimiter that is not part of the TeX (0 for environments,
    /// whose `\begin{…}` is passed on to the renderer).
    var openingLength: Int {
        switch self {
        case .dollar, .dollarLine: 1
        case .doubleDollar, .parenthesis, .bracket: 2
        case .doubleBackslashParenthesis, .doubleBackslashBracket: 3
        case .environment: 0
        }
    }
}

/// One piece of math found in a Markdown text.
public struct MathSpan: Sendable, Equatable {
    /// What the math renderer gets: the text between the delimiters, byte for byte, except that
    /// inside a block quote the `>` markers that continue the quote on later lines are removed.
    /// Environments keep their `\begin{…}` and `\end{…}`.
    public var tex: String
    /// Whether this is display math.
    public var isDisplay: Bool
    /// The delimiters it was written with.
    public var delimiter: MathDelimiter
    /// The whole span, delimiters included, as UTF-8 offsets into the input; for a display with an
    /// ``attachedLabel``, up to and including the label's `}`.
    public var utf8Range: Range<Int>
    /// The `{#eq:NAME}` written after a display's closing delimiter on the same line, if any.
    public var attachedLabel: AttachedEquationLabel?

    /// Creates a span.
    public init(
        tex: String, isDisplay: Bool, delimiter: MathDelimiter, utf8Range: Range<Int>,
        attachedLabel: AttachedEquationLabel? = nil
    ) {
        self.tex = tex
        self.isDisplay = isDisplay
        self.delimiter = delimiter
        self.utf8Range = utf8Range
        self.attachedLabel = attachedLabel
    }

    /// The UTF-8 offset in the input where ``tex`` begins: add a renderer's error offset
    /// within ``tex`` to it to point into the input (exact unless block-quote markers were removed).
    public var texUTF8Start: Int { utf8Range.lowerBound + delimiter.openingLength }

    /// The position of the span's opening delimiter in the input.
    /// - Parameter index: a ``LineIndex`` built over the same input that was searched.
    /// - Returns: the 1-based line and column of the first byte of the span.
    public func location(in index: LineIndex) -> SourceLocation {
        index.location(ofUTF8Offset: utf8Range.lowerBound)
    }
}

/// A display-math opener (`$$`, `\\[`, `\\\\[`, `\\begin{…}`) that has no closer and was left as text.
///
/// Usually a typo; the pipeline reports it as a warning at the opener.
public struct UnclosedMath: Sendable, Equatable {
    /// The delimiter that was opened.
    public var delimiter: MathDelimiter
    /// The UTF-8 offset of the opener in the input.
    public var utf8Offset: Int

    /// Creates a record of an unclosed opener.
    public init(delimiter: MathDelimiter, utf8Offset: Int) {
        self.delimiter = delimiter
        self.utf8Offset = utf8Offset
    }

    /// A warning for this opener.
    /// - Parameters:
    ///   - path: the file the input came from.
    ///   - index: a ``LineIndex`` over the same input.
    /// - Returns: `path:line:col: warning: math: … is never closed; left as text`.
    public func warning(path: String, index: LineIndex) -> Diagnostic {
        let opener: String
        switch delimiter {
        case .doubleDollar: opener = "$$"
        case .bracket: opener = "\\["
        case .doubleBackslashBracket: opener = "\\\\["
        case .environment(let name): opener = "\\begin{\(name)}"
        case .dollar: opener = "$"
        case .dollarLine: opener = "a lone $"
        case .parenthesis: opener = "\\("
        case .doubleBackslashParenthesis: opener = "\\\\("
        }
        return Diagnostic(
            .warning, path: path, location: index.location(ofUTF8Offset: utf8Offset),
            message: "math: \(opener) is never closed; left as text")
    }
}

/// Finds the math in a Markdown text, in order and without overlaps.
///
/// Code spans, fenced and indented code blocks, HTML comments and the raw HTML elements
/// `<script>`, `<style>`, `<pre>` and `<textarea>` are skipped; unclosed delimiters are text.
/// Runs in time linear in the length of `text`, without recursion.
/// - Parameter text: a whole Markdown document (front matter already removed).
/// - Returns: the spans found, ordered by position.
public func findMath(in text: String) -> [MathSpan] {
    var scanner = MathScanner(Array(text.utf8))
    scanner.scan()
    return scanner.spans
}
