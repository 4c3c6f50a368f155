/// A Markdown text whose math has been replaced by tokens that Markdown leaves alone.
///
/// The pipeline protects a post, hands ``text`` to cmark-gfm, and puts the rendered math back
/// with ``replacingTokens(in:with:)-(_,(Int)->String)``. A token is ``tokenPrefix``, the
/// span's index in decimal, and `Z`: letters and digits only, so Markdown neither splits nor
/// escapes nor autolinks it, and the `Z` ends the number even when letters or digits follow.
/// The prefix never occurs in the input and no proper suffix of it is a prefix of it, so every
/// occurrence of the prefix in the protected text (or in the HTML rendered from it) is a token.
///
/// The equation references of the prose (``EquationReferenceSpan``) are replaced too, by
/// ``referenceToken(_:)``: the same prefix and an index, ended by `Y` instead of `Z`, so the math
/// tokens' functions pass them by and ``replacingReferenceTokens(in:with:)`` puts them back.
public struct ProtectedMarkdown: Sendable {
    /// The input with each span replaced by its token.
    public var text: String
    /// The math found; `spans[i]` was replaced by `token(i)`.
    public var spans: [MathSpan]
    /// The letters every token starts with.
    public var tokenPrefix: String
    /// Display-math openers with no closer, left as text (candidates for a warning).
    public var unclosed: [UnclosedMath]
    /// The equation references of the prose; `references[i]` was replaced by `referenceToken(i)`.
    public var references: [EquationReferenceSpan]
    /// `originalLines[k]` is the input line of line `k + 1` of ``text``.
    private var originalLines: [Int]

    /// The token that stands for `spans[index]`.
    /// - Parameter index: an index into ``spans``.
    /// - Returns: ``tokenPrefix``, `index` in decimal, then `Z`.
    public func token(_ index: Int) -> String {
        tokenPrefix + String(index) + "Z"
    }

    /// The token that stands for `references[index]`.
    /// - Parameter index: an index into ``references``.
    /// - Returns: ``tokenPrefix``, `index` in decimal, then `Y`.
    public func referenceToken(_ index: Int) -> String {
        tokenPrefix + String(index) + "Y"
    }

    /// The input's line number for a line of ``text``.
    ///
    /// A span over several lines collapses to one token, so later lines of ``text`` stand
    /// higher than in the input. Lines are counted as CommonMark does: `\n`, `\r\n` and a lone
    /// `\r` each end a line, so numbers from cmark's source positions can be mapped directly.
    /// - Parameter line: a 1-based line number in ``text``.
    /// - Returns: the 1-based line in the input where that line begins.
    public func originalLine(ofProtectedLine line: Int) -> Int {
        guard line >= 1, let last = originalLines.last else { return line }
        if line <= originalLines.count { return originalLines[line - 1] }
        return last + (line - originalLines.count)
    }

    /// Finds the math in `input` and replaces each span by its token.
    /// - Parameters:
    ///   - input: a whole Markdown document (front matter already removed).
    ///   - rules: how the engine the post was written for finds math (its template syntax is not looked for here).
    /// - Returns: the protected text, the spans, and the line map.
    public static func protect(_ input: String, rules: MathRules = .native) -> ProtectedMarkdown {
        let bytes = Array(input.utf8)
        var mathRules = rules
        mathRules.engineSyntax = []
        var scanner = MathScanner(bytes, rules: mathRules)
        scanner.scan()
        let spans = scanner.spans
        let references = scanner.references
        let prefix = chooseTokenPrefix(avoiding: bytes)

        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var originalLines = [1]
        var originalLine = 1
        var position = 0
        var spanIndex = 0
        var referenceIndex = 0
        while position < bytes.count {
            if referenceIndex < references.count, references[referenceIndex].utf8Range.lowerBound == position {
                output.append(contentsOf: (prefix + String(referenceIndex) + "Y").utf8)
                position = references[referenceIndex].utf8Range.upperBound
                referenceIndex += 1
                continue
            }
            if spanIndex < spans.count, spans[spanIndex].utf8Range.lowerBound == position {
                let range = spans[spanIndex].utf8Range
                originalLine += lineBreaks(in: bytes[range])
                output.append(contentsOf: (prefix + String(spanIndex) + "Z").utf8)
                position = range.upperBound
                spanIndex += 1
                continue
            }
            let byte = bytes[position]
            output.append(byte)
            position += 1
            if byte == UInt8(ascii: "\n")
                || (byte == UInt8(ascii: "\r") && (position >= bytes.count || bytes[position] != UInt8(ascii: "\n")))
            {
                originalLine += 1
                originalLines.append(originalLine)
            }
        }
        return ProtectedMarkdown(
            text: String(decoding: output, as: UTF8.self), spans: spans, tokenPrefix: prefix,
            unclosed: scanner.unclosed, references: references, originalLines: originalLines)
    }

    private static func lineBreaks(in bytes: ArraySlice<UInt8>) -> Int {
        var breaks = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "\n") {
                breaks += 1
            } else if bytes[index] == UInt8(ascii: "\r") {
                if index + 1 >= bytes.endIndex || bytes[index + 1] != UInt8(ascii: "\n") { breaks += 1 }
            }
            index += 1
        }
        return breaks
    }

    /// The token prefix: `MathQ` followed by the shortest, then alphabetically first, string of
    /// lowercase letters (no `q`) such that the result does not occur in the input.
    ///
    /// `M` appears once and no `Z` or digit appears, so no proper suffix of the prefix is a
    /// prefix of it and no token can overlap another or the input falsely. Linear time: the
    /// suffix length grows only until there are more candidates than occurrences of `MathQ`.
    static func chooseTokenPrefix(avoiding bytes: [UInt8]) -> String {
        let base = Array("MathQ".utf8)
        var starts: [Int] = []
        var index = 0
        while index + base.count <= bytes.count {
            if bytes[index] == base[0], bytes[index..<(index + base.count)].elementsEqual(base) {
                starts.append(index + base.count)
            }
            index += 1
        }
        let alphabet = Array("abcdefghijklmnoprstuvwxyz".utf8)  // 25 letters, no q.
        var length = 0
        var candidates = 1
        while candidates <= starts.count {
            length += 1
            candidates *= alphabet.count
        }
        // The suffixes that follow `MathQ` in the input, as numbers in base 25 (-1 if not all letters).
        var taken = Set<Int>()
        for start in starts {
            var value = 0
            var ok = true
            for offset in 0..<length {
                guard start + offset < bytes.count, let digit = alphabet.firstIndex(of: bytes[start + offset]) else {
                    ok = false
                    break
                }
                value = value * alphabet.count + digit
            }
            if ok { taken.insert(value) }
        }
        var value = 0
        while taken.contains(value) { value += 1 }
        var suffix: [UInt8] = []
        for _ in 0..<length {
            suffix.append(alphabet[value % alphabet.count])
            value /= alphabet.count
        }
        return String(decoding: base + suffix.reversed(), as: UTF8.self)
    }

    private init(
        text: String, spans: [MathSpan], tokenPrefix: String, unclosed: [UnclosedMath],
        references: [EquationReferenceSpan], originalLines: [Int]
    ) {
        self.text = text
        self.spans = spans
        self.tokenPrefix = tokenPrefix
        self.unclosed = unclosed
        self.references = references
        self.originalLines = originalLines
    }
}

/// Where a reference token stands in rendered HTML.
public struct ReferenceTokenPlace: Sendable, Equatable {
    /// Inside a tag, between its `<` and `>`: in an attribute's value.
    public var isInsideTag: Bool
    /// Inside an `<a>` element's content.
    public var isInsideLink: Bool

    /// Creates a place.
    public init(isInsideTag: Bool, isInsideLink: Bool) {
        self.isInsideTag = isInsideTag
        self.isInsideLink = isInsideLink
    }
}

/// Where a token was found in rendered HTML.
public struct TokenOccurrence: Sendable, Equatable {
    /// The index of the span the token stands for.
    public var index: Int
    /// Whether the token was the whole content of a paragraph, `<p>TOKEN</p>` (the `<p>` may
    /// carry attributes): a display span written on its own.
    public var fillsParagraph: Bool

    /// Creates an occurrence.
    public init(index: Int, fillsParagraph: Bool) {
        self.index = index
        self.fillsParagraph = fillsParagraph
    }
}

extension ProtectedMarkdown {
    /// Replaces every token in `html`, in one pass.
    ///
    /// Where a display span's token fills a whole paragraph, the `<p>` and `</p>` around it
    /// are dropped too, so display math is not wrapped in a paragraph.
    /// - Parameters:
    ///   - html: HTML rendered from ``text``.
    ///   - replacement: the HTML for the span with the given index.
    /// - Returns: `html` with the math put back.
    public func replacingTokens(in html: String, with replacement: (Int) -> String) -> String {
        replacingTokens(in: html) { occurrence in
            (replacement(occurrence.index), occurrence.fillsParagraph && spans[occurrence.index].isDisplay)
        }
    }

    /// Replaces every token in `html`, in one pass, letting the caller decide about paragraphs.
    /// - Parameters:
    ///   - html: HTML rendered from ``text``.
    ///   - replacement: for each token, the HTML to put in its place and whether to drop the
    ///     `<p>…</p>` around it (only honoured when ``TokenOccurrence/fillsParagraph`` is true).
    /// - Returns: `html` with the math put back.
    public func replacingTokens(
        in html: String, replacing replacement: (TokenOccurrence) -> (html: String, dropsParagraph: Bool)
    ) -> String {
        var output: [UInt8] = []
        let bytes = Array(html.utf8)
        let prefix = Array(tokenPrefix.utf8)
        output.reserveCapacity(bytes.count)
        var position = 0
        while position < bytes.count {
            guard let (index, end) = token(in: bytes, at: position, prefix: prefix) else {
                output.append(bytes[position])
                position += 1
                continue
            }
            let openLength = Self.paragraphOpenLength(in: bytes, before: position)
            let closes = Self.matches(Array("</p>".utf8), in: bytes, at: end)
            let fills = openLength != nil && closes
            let (text, drop) = replacement(TokenOccurrence(index: index, fillsParagraph: fills))
            // Drop the `<p…>` only if it is still the output's tail, byte for byte (a token inside
            // its attributes would have been replaced already).
            if fills, drop, let openLength, output.count >= openLength,
                output[(output.count - openLength)...].elementsEqual(bytes[(position - openLength)..<position])
            {
                output.removeLast(openLength)
                output.append(contentsOf: text.utf8)
                position = end + 4
            } else {
                output.append(contentsOf: text.utf8)
                position = end
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The span indices of the tokens in `html`, in order of appearance, so the pipeline can
    /// check that every span came back exactly once.
    /// - Parameter html: HTML rendered from ``text``.
    /// - Returns: one index per token found.
    public func tokenIndices(in html: String) -> [Int] {
        let bytes = Array(html.utf8)
        let prefix = Array(tokenPrefix.utf8)
        var indices: [Int] = []
        var position = 0
        while position < bytes.count {
            if let (index, end) = token(in: bytes, at: position, prefix: prefix) {
                indices.append(index)
                position = end
            } else {
                position += 1
            }
        }
        return indices
    }

    /// Replaces every reference token in `text` (HTML rendered from ``text``, or ``text`` itself), in one pass.
    /// - Parameters:
    ///   - text: the text with reference tokens.
    ///   - replacement: what to put in place of `references[index]`.
    /// - Returns: `text` with the references put back.
    public func replacingReferenceTokens(in text: String, with replacement: (Int) -> String) -> String {
        replacingReferenceTokens(inHTML: text) { index, _ in replacement(index) }
    }

    /// Replaces every reference token in `html`, in one pass, telling the replacement where the token stands:
    /// inside a tag (in an attribute's value, such as an image's `alt`), where only text may go, or inside a link's
    /// text, where another link may not go.
    /// - Parameters:
    ///   - html: HTML rendered from ``text``.
    ///   - replacement: what to put in place of `references[index]`, given its place.
    /// - Returns: `html` with the references put back.
    public func replacingReferenceTokens(
        inHTML html: String, with replacement: (Int, ReferenceTokenPlace) -> String
    ) -> String {
        guard !references.isEmpty else { return html }
        var output: [UInt8] = []
        let bytes = Array(html.utf8)
        let prefix = Array(tokenPrefix.utf8)
        output.reserveCapacity(bytes.count)
        var position = 0
        var place = ReferenceTokenPlace(isInsideTag: false, isInsideLink: false)
        var openLinks = 0
        let (linkOpen, bareLinkOpen, linkClose) = (Array("<a ".utf8), Array("<a>".utf8), Array("</a>".utf8))
        while position < bytes.count {
            if let (index, end) = token(
                in: bytes, at: position, prefix: prefix, terminator: UInt8(ascii: "Y"), limit: references.count)
            {
                place.isInsideLink = openLinks > 0
                output.append(contentsOf: replacement(index, place).utf8)
                position = end
                continue
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "<") {
                place.isInsideTag = true
                if Self.matches(linkOpen, in: bytes, at: position) || Self.matches(bareLinkOpen, in: bytes, at: position) {
                    openLinks += 1
                } else if Self.matches(linkClose, in: bytes, at: position) {
                    openLinks = max(0, openLinks - 1)
                }
            } else if byte == UInt8(ascii: ">") {
                place.isInsideTag = false
            }
            output.append(byte)
            position += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads a token at `position`: its index and the offset after its `Z`.
    ///
    /// `prefix` is ``tokenPrefix`` in UTF-8, computed once per pass by the caller: this runs at
    /// every byte of the page, so it must not allocate.
    private func token(in bytes: [UInt8], at position: Int, prefix: [UInt8]) -> (Int, Int)? {
        token(in: bytes, at: position, prefix: prefix, terminator: UInt8(ascii: "Z"), limit: spans.count)
    }

    /// Reads a token ended by `terminator` whose index is below `limit` at `position`.
    private func token(in bytes: [UInt8], at position: Int, prefix: [UInt8], terminator: UInt8, limit: Int) -> (Int, Int)? {
        guard let first = prefix.first, bytes[position] == first, Self.matches(prefix, in: bytes, at: position) else {
            return nil
        }
        var index = position + prefix.count
        var value = 0
        let digitsStart = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - digitsStart < 18 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > digitsStart, index < bytes.count, bytes[index] == terminator, value < limit else {
            return nil
        }
        return (value, index + 1)
    }

    private static func matches(_ pattern: [UInt8], in bytes: [UInt8], at position: Int) -> Bool {
        guard position >= 0, position + pattern.count <= bytes.count else { return false }
        return bytes[position..<(position + pattern.count)].elementsEqual(pattern)
    }

    /// The length of a `<p>` or `<p …>` tag ending right before `position` (looked for within
    /// 256 bytes, so the pass stays linear).
    private static func paragraphOpenLength(in bytes: [UInt8], before position: Int) -> Int? {
        guard position >= 3, bytes[position - 1] == UInt8(ascii: ">") else { return nil }
        var start = position - 2
        while start >= 0, position - start <= 256 {
            if bytes[start] == UInt8(ascii: "<") {
                let isParagraph =
                    matches(Array("<p>".utf8), in: bytes, at: start) || matches(Array("<p ".utf8), in: bytes, at: start)
                return isParagraph ? position - start : nil
            }
            if bytes[start] == UInt8(ascii: ">") { return nil }
            start -= 1
        }
        return nil
    }
}
