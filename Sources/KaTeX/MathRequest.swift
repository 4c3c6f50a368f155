/// One formula to render.
public struct MathRequest: Hashable, Sendable {
    /// The TeX source, without its delimiters (`x^2`, not `$x^2$`).
    public var tex: String
    /// `true` for display math (`$$…$$`, `\[…\]`, `align`…), `false` for inline math.
    public var displayMode: Bool
    /// Macros in effect for this formula, name with its backslash (`"\\RR": "\\mathbb{R}"`), usually from the
    /// post's front matter.
    ///
    /// Every formula starts from exactly these macros: a `\gdef` inside a formula is seen by the rest of that
    /// formula only, never by the next formula, of the same post or of another one. Sharing `\gdef` between the
    /// formulas of a post would make a formula's meaning depend on the formulas before it (and on the render
    /// order); macros meant for a whole post belong in its front matter.
    public var macros: [String: String]

    /// Creates a request.
    public init(tex: String, displayMode: Bool = false, macros: [String: String] = [:]) {
        self.tex = tex
        self.displayMode = displayMode
        self.macros = macros
    }
}

/// The outcome of rendering one ``MathRequest``.
public enum MathResult: Sendable, Equatable {
    /// KaTeX rendered the formula: HTML and MathML in one `<span class="katex">` (or `katex-display`) element.
    ///
    /// `warnings` lists what KaTeX accepted but reported, in the order it met them, without duplicates: commands
    /// refused because `trust` is off (`\href is not allowed (KaTeX trust is off): javascript:…`; KaTeX then
    /// shows the command as red text and emits no link) and LaTeX-incompatible input from its `strict` checks.
    case rendered(html: String, warnings: [String])
    /// The formula could not be rendered.
    ///
    /// `message` is KaTeX's own text (`Undefined control sequence: \foo`), or one of ours: `timed out after 1 s`,
    /// `formula longer than 10000 characters (…)`, `formula nested deeper than 100 levels (…)`, a worker crash.
    /// It never contains the position: `position` is where KaTeX located the error inside the formula, as a
    /// 0-based Unicode-scalar offset into ``MathRequest/tex`` (one past the end for "end of input" errors), or
    /// `nil` when the error has no place in the formula (a limit, a time-out, an error inside a macro's body).
    case failed(message: String, position: Int? = nil)

    /// For a failure located inside the formula: its 0-based Unicode-scalar offset in ``MathRequest/tex``
    /// (one past the end for "end of input" errors). `nil` for successes and unlocated failures.
    public var errorPosition: Int? {
        guard case .failed(_, let position) = self else { return nil }
        return position
    }

    /// The HTML of a rendered formula, `nil` for a failure.
    public var html: String? {
        if case .rendered(let html, _) = self { return html }
        return nil
    }
}

/// Bounds checked on every formula; the first two before KaTeX sees it.
public struct MathLimits: Hashable, Sendable {
    /// The most Unicode scalars a formula may have. KaTeX's time grows faster than linearly with length
    /// (100,000 characters take seconds), so long formulas are refused before rendering.
    public var maxLength: Int
    /// The deepest nesting of `{…}`, `\left…\right` and `\begin…\end` a formula may have. Deeper input overflows
    /// KaTeX's recursive parser (a `RangeError`, which the worker also catches).
    public var maxNestingDepth: Int
    /// KaTeX's `maxExpand`: the most macro expansions per formula.
    public var maxExpand: Int
    /// KaTeX's `maxSize`: user sizes such as `\rule{500em}{500em}` are clamped to this many em.
    public var maxSize: Double

    /// Creates limits.
    public init(maxLength: Int = 10_000, maxNestingDepth: Int = 100, maxExpand: Int = 1000, maxSize: Double = 20) {
        self.maxLength = maxLength
        self.maxNestingDepth = maxNestingDepth
        self.maxExpand = maxExpand
        self.maxSize = maxSize
    }

    /// 10,000 characters, nesting depth 100, 1,000 macro expansions, sizes up to 20 em.
    public static let `default` = MathLimits()

    /// The failure message for `tex` if it breaks a limit checked before rendering, else `nil`.
    public func violation(in tex: String) -> String? {
        var length = 0
        for _ in tex.unicodeScalars {
            length += 1
        }
        if length > maxLength {
            return "formula longer than \(maxLength) characters (it has \(length)); "
                + "the limit is MathLimits.maxLength"
        }
        let depth = Self.nestingDepth(of: tex)
        if depth > maxNestingDepth {
            return "formula nested deeper than \(maxNestingDepth) levels of braces, \\left…\\right or "
                + "\\begin…\\end (it reaches \(depth)); the limit is MathLimits.maxNestingDepth"
        }
        return nil
    }

    /// The deepest nesting of `{`, `\left`, `\begin` in `tex`; escaped braces (`\{`) do not count.
    static func nestingDepth(of tex: String) -> Int {
        let bytes = Array(tex.utf8)
        var depth = 0
        var deepest = 0
        var index = 0
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                // A control word (letters) or a control symbol (one character, e.g. `\{`).
                var end = index + 1
                while end < bytes.count, isLetter(bytes[end]) { end += 1 }
                if end == index + 1 {
                    index += 2
                    continue
                }
                let name = bytes[(index + 1)..<end]
                if name.elementsEqual("left".utf8) || name.elementsEqual("begin".utf8) {
                    depth += 1
                    deepest = max(deepest, depth)
                } else if name.elementsEqual("right".utf8) || name.elementsEqual("end".utf8) {
                    depth -= 1
                }
                index = end
                continue
            }
            if byte == UInt8(ascii: "{") {
                depth += 1
                deepest = max(deepest, depth)
            } else if byte == UInt8(ascii: "}") {
                depth -= 1
            } else if byte == UInt8(ascii: "%") {
                // A comment runs to the end of the line.
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            }
            index += 1
        }
        return deepest
    }
}
