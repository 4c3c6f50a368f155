// The math scanner: one left-to-right pass over the UTF-8 bytes of a Markdown document.
//
// Block structure is read line by line, just enough to skip code: fenced code blocks (also
// inside block quotes and list items), indented code blocks, and raw `<script>`/`<style>`/
// `<pre>`/`<textarea>` elements and HTML comments. Everything else is scanned inline, where
// code spans and math delimiters compete left to right: whichever opens first wins, as in
// pandoc and cmark.
//
// Linear time. A search for a closing delimiter may scan far ahead; when it fails because it
// reached a boundary (a blank line for inline math, a code fence or the end of the text for
// display math), the boundary is remembered per delimiter kind, and every later opener of
// that kind before the boundary fails at once without scanning again. That is sound because
// the first closer after a position does not depend on where the search started: a byte is
// escaped exactly when the maximal run of backslashes before it is odd, and every opener
// follows a non-backslash byte, so every search sees whole backslash runs. A search for `$`
// that stops at a `$` which may not close (space before it, digit after it) fails only its
// own opener, and the next opener is at or after that `$`, so no byte is searched twice by
// searches of the same kind.

private let backslash = UInt8(ascii: "\\")
private let dollar = UInt8(ascii: "$")
private let backtick = UInt8(ascii: "`")
private let tilde = UInt8(ascii: "~")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let greaterThan = UInt8(ascii: ">")
private let lessThan = UInt8(ascii: "<")
private let atSign = UInt8(ascii: "@")
private let openBrace = UInt8(ascii: "{")
private let closeBrace = UInt8(ascii: "}")
private let percent = UInt8(ascii: "%")

@inline(__always) private func isLineEnd(_ byte: UInt8) -> Bool { byte == newline || byte == carriageReturn }

@inline(__always) private func isWhitespace(_ byte: UInt8) -> Bool {
    byte == space || byte == tab || byte == newline || byte == carriageReturn || byte == 0x0B || byte == 0x0C
}

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

/// What a search for a closing delimiter looks for. Each kind has its own memo slot.
enum CloserKind: Equatable {
    case dollar, doubleDollar, parenthesis, bracket, doubleParenthesis, doubleBracket, dollarLine
    case environment(Int)

    var memoSlot: Int {
        switch self {
        case .dollar: 0
        case .doubleDollar: 1
        case .parenthesis: 2
        case .bracket: 3
        case .doubleParenthesis: 4
        case .doubleBracket: 5
        case .dollarLine: 6
        case .environment(let index): 7 + index
        }
    }

    /// Whether the math may run over blank lines (display math may; inline math and the
    /// lone-dollar form end at a blank line, like a paragraph).
    var crossesBlankLines: Bool {
        switch self {
        case .doubleDollar, .bracket, .doubleBracket, .environment: true
        case .dollar, .parenthesis, .doubleParenthesis, .dollarLine: false
        }
    }
}

/// The container prefix of a line: block-quote markers and indentation.
struct LinePrefix {
    /// The first byte after the `>` markers and the indentation (the line end when blank).
    var contentStart: Int
    /// How many `>` markers were removed.
    var quoteDepth: Int
    /// The indentation in columns (tabs to the next multiple of 4) after the last marker.
    var indent: Int
}

struct MathScanner {
    let bytes: [UInt8]
    let count: Int
    let rules: MathRules
    private(set) var spans: [MathSpan] = []
    /// Display-math openers that found no closer (left as text).
    private(set) var unclosed: [UnclosedMath] = []
    /// Equation references in the prose (`\eqref{…}`, `\ref{…}`, `@eq:…`).
    private(set) var references: [EquationReferenceSpan] = []
    /// The engine's template syntax found in the prose, when ``MathRules/engineSyntax`` asks for it.
    private(set) var tags: [EngineTag] = []
    /// Where tags' closers stand (built on the first `{`), so that every search for one is amortised constant time.
    var tagClosers: TagCloserIndex?
    /// The verbatim tags (`highlight`, `katex`…) whose closing tag was looked for to the end and is not there.
    var unclosedVerbatimTags: Set<String> = []

    /// Per closer kind: a search starting before this offset fails (a boundary was reached).
    private var failedBefore: [Int]
    /// Start offsets of maximal backtick runs, by run length.
    private var backtickRuns: [Int: [Int]] = [:]
    /// Per run length, the index of the first run in `backtickRuns` not yet passed.
    private var backtickCursor: [Int: Int] = [:]
    /// The last paragraph boundary found and the offset its search started from.
    private var cachedBoundary = -1
    /// Per terminator (`-->`, `</script>`…): a search starting before this offset fails.
    private var terminatorMissingBefore: [String: Int] = [:]

    // Block state.
    private var inParagraph = false
    private var listIndent = 0
    private var quoteDepth = 0
    private var lineContentStart = 0
    /// Whether the line being scanned opens a paragraph (the line before it is not part of the same one).
    private var lineOpensParagraph = false

    init(_ bytes: [UInt8], rules: MathRules = .native) {
        self.bytes = bytes
        self.count = bytes.count
        self.rules = rules
        self.failedBefore = Array(repeating: -1, count: 7 + MathDelimiter.environmentNames.count)
        var runs: [Int: [Int]] = [:]
        var index = 0
        while index < bytes.count {
            if bytes[index] == backtick {
                let start = index
                while index < bytes.count, bytes[index] == backtick { index += 1 }
                runs[index - start, default: []].append(start)
            } else {
                index += 1
            }
        }
        self.backtickRuns = runs
    }

    // MARK: - Lines

    /// The offset of the first line-ending byte at or after `offset` (or the end).
    func lineEnd(from offset: Int) -> Int {
        var index = offset
        while index < count, !isLineEnd(bytes[index]) { index += 1 }
        return index
    }

    /// The start of the line after the line ending at `end` (`\n`, `\r` or `\r\n`).
    func lineStart(afterLineEnd end: Int) -> Int {
        guard end < count else { return count }
        if bytes[end] == carriageReturn, end + 1 < count, bytes[end + 1] == newline { return end + 2 }
        return end + 1
    }

    /// Reads up to `maxDepth` block-quote markers and the indentation after them.
    func prefix(ofLineAt start: Int, maxDepth: Int = .max) -> LinePrefix {
        var position = start
        var depth = 0
        while true {
            var index = position
            var columns = 0
            while index < count, bytes[index] == space || bytes[index] == tab {
                columns += bytes[index] == tab ? 4 - columns % 4 : 1
                index += 1
            }
            if depth < maxDepth, columns <= 3, index < count, bytes[index] == greaterThan {
                depth += 1
                position = index + 1
                if position < count, bytes[position] == space { position += 1 }
                continue
            }
            return LinePrefix(contentStart: index, quoteDepth: depth, indent: columns)
        }
    }

    /// Whether the rest of the line from `offset` is whitespace.
    func restIsBlank(from offset: Int) -> Bool {
        var index = offset
        while index < count, !isLineEnd(bytes[index]) {
            if bytes[index] != space && bytes[index] != tab { return false }
            index += 1
        }
        return true
    }

    /// The fence character and length if a code fence opens at `offset`.
    func fenceOpening(at offset: Int) -> (character: UInt8, length: Int)? {
        guard offset < count, bytes[offset] == backtick || bytes[offset] == tilde else { return nil }
        let character = bytes[offset]
        var index = offset
        while index < count, bytes[index] == character { index += 1 }
        let length = index - offset
        guard length >= 3 else { return nil }
        if character == backtick {
            // A backtick fence's info string may not contain a backtick.
            while index < count, !isLineEnd(bytes[index]) {
                if bytes[index] == backtick { return nil }
                index += 1
            }
        }
        return (character, length)
    }

    /// Whether the line at `start` ends a paragraph: blank (after `>` markers) or a code fence.
    func isParagraphBoundary(lineAt start: Int) -> Bool {
        let linePrefix = prefix(ofLineAt: start)
        let content = linePrefix.contentStart
        if content >= count || isLineEnd(bytes[content]) { return true }
        return fenceOpening(at: content) != nil
    }

    /// The start of the first paragraph-boundary line after `offset` (or the end).
    mutating func paragraphBoundary(after offset: Int) -> Int {
        if cachedBoundary > offset { return cachedBoundary }
        var end = lineEnd(from: offset)
        while end < count {
            let next = lineStart(afterLineEnd: end)
            if next >= count { break }
            if isParagraphBoundary(lineAt: next) {
                cachedBoundary = next
                return next
            }
            end = lineEnd(from: next)
        }
        cachedBoundary = count
        return count
    }

    // MARK: - Main loop

    mutating func scan() {
        var index = 0
        var atLineStart = true
        while index < count {
            if atLineStart {
                atLineStart = false
                if let next = startLine(at: index) {
                    index = next
                    atLineStart = true
                    continue
                }
                index = lineContentStart
                continue
            }
            switch bytes[index] {
            case newline:
                index += 1
                atLineStart = true
            case carriageReturn:
                index += 1
                if index < count, bytes[index] == newline { index += 1 }
                atLineStart = true
            case backslash:
                index = scanBackslash(at: index)
            case backtick:
                index = scanBackticks(at: index)
            case dollar:
                index = scanDollars(at: index)
            case lessThan:
                index = scanAngle(at: index)
            case atSign:
                index = scanAtSign(at: index)
            case openBrace where !rules.engineSyntax.isEmpty:
                index = scanEngineTag(at: index)
            default:
                index += 1
            }
        }
    }

    /// Reads the block structure of the line at `start`. Returns the start of the next line
    /// when this line is code (or blank) and has been skipped; otherwise sets `lineContentStart`
    /// and returns nil so the line is scanned inline.
    mutating func startLine(at start: Int) -> Int? {
        let linePrefix = prefix(ofLineAt: start)
        var content = linePrefix.contentStart
        let end = lineEnd(from: content)
        quoteDepth = linePrefix.quoteDepth
        if content == end {
            inParagraph = false
            return lineStart(afterLineEnd: end)
        }
        var indent = linePrefix.indent
        if !inParagraph, indent < listIndent { listIndent = 0 }
        if !inParagraph, indent >= listIndent + 4 {
            // An indented code block line.
            return lineStart(afterLineEnd: end)
        }
        var isListItemLine = false
        if let (markerEnd, contentIndent) = listMarker(at: content, indent: indent) {
            listIndent = contentIndent
            indent = contentIndent
            isListItemLine = true
            inParagraph = false
            content = markerEnd
            while content < end, bytes[content] == space || bytes[content] == tab { content += 1 }
        } else if isFootnoteDefinition(at: content) {
            listIndent = indent + 4
        }
        let fenceIndentAllowed = indent <= 3 || isListItemLine || (listIndent > 0 && indent - listIndent <= 3)
        if fenceIndentAllowed, let fence = fenceOpening(at: content) {
            inParagraph = false
            let containerIndent = isListItemLine || (listIndent > 0 && indent >= listIndent) ? listIndent : 0
            return skipFencedCode(
                afterLineEnd: end, fence: fence, quoteDepth: linePrefix.quoteDepth, containerIndent: containerIndent)
        }
        if let terminator = rawHTMLTerminator(at: content) {
            // A raw HTML block: skip to its terminator and scan the rest of that line, which
            // is raw HTML too (math in raw HTML is still math). Unterminated: to the end.
            inParagraph = false
            guard let end = find(terminator: terminator, from: content + 2) else { return count }
            lineContentStart = end
            return nil
        }
        lineOpensParagraph = !inParagraph
        inParagraph = !isATXHeading(at: content)
        lineContentStart = content
        return nil
    }

    /// The end of a list marker at `offset` and the content column after it, if there is one.
    func listMarker(at offset: Int, indent: Int) -> (Int, Int)? {
        var index = offset
        guard index < count else { return nil }
        let byte = bytes[index]
        if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "*") {
            index += 1
        } else if isDigit(byte) {
            while index < count, index - offset < 9, isDigit(bytes[index]) { index += 1 }
            guard index < count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")") else {
                return nil
            }
            index += 1
        } else {
            return nil
        }
        let markerWidth = index - offset
        if index >= count || isLineEnd(bytes[index]) { return (index, indent + markerWidth + 1) }
        guard bytes[index] == space || bytes[index] == tab else { return nil }
        var spaces = 0
        var cursor = index
        while cursor < count, bytes[cursor] == space, spaces < 5 {
            spaces += 1
            cursor += 1
        }
        if bytes[index] == tab || spaces >= 5 || cursor >= count || isLineEnd(bytes[cursor]) { spaces = 1 }
        return (index, indent + markerWidth + spaces)
    }

    func isFootnoteDefinition(at offset: Int) -> Bool {
        guard offset + 1 < count, bytes[offset] == UInt8(ascii: "["), bytes[offset + 1] == UInt8(ascii: "^") else {
            return false
        }
        var index = offset + 2
        while index < count, index - offset < 1000, !isLineEnd(bytes[index]) {
            if bytes[index] == UInt8(ascii: "]") {
                return index + 1 < count && bytes[index + 1] == UInt8(ascii: ":")
            }
            index += 1
        }
        return false
    }

    func isATXHeading(at offset: Int) -> Bool {
        var index = offset
        while index < count, bytes[index] == UInt8(ascii: "#"), index - offset < 7 { index += 1 }
        let level = index - offset
        return level >= 1 && level <= 6 && (index >= count || isWhitespace(bytes[index]))
    }

    /// Skips a fenced code block whose opening line ends at `end`; returns where scanning resumes.
    func skipFencedCode(
        afterLineEnd end: Int, fence: (character: UInt8, length: Int), quoteDepth: Int, containerIndent: Int
    ) -> Int {
        var start = lineStart(afterLineEnd: end)
        while start < count {
            let linePrefix = prefix(ofLineAt: start, maxDepth: quoteDepth)
            let content = linePrefix.contentStart
            let lineEnd = lineEnd(from: content)
            let blank = content == lineEnd
            if quoteDepth > 0, linePrefix.quoteDepth < quoteDepth, !blank || linePrefix.quoteDepth == 0 {
                return start  // The block quote, and the code block with it, has ended.
            }
            if !blank, containerIndent > 0, linePrefix.indent < containerIndent {
                return start  // The list item, and the code block with it, has ended.
            }
            if !blank, bytes[content] == fence.character {
                var index = content
                while index < lineEnd, bytes[index] == fence.character { index += 1 }
                if index - content >= fence.length, restIsBlank(from: index) {
                    return self.lineStart(afterLineEnd: lineEnd)
                }
            }
            start = self.lineStart(afterLineEnd: lineEnd)
        }
        return count
    }

    // MARK: - Raw HTML

    private static let rawElements = ["script", "style", "pre", "textarea"]

    /// The closing text of a raw HTML element or comment that opens at `offset`, if one does.
    func rawHTMLTerminator(at offset: Int) -> String? {
        guard offset < count, bytes[offset] == lessThan else { return nil }
        if offset + 3 < count, bytes[offset + 1] == UInt8(ascii: "!"), bytes[offset + 2] == UInt8(ascii: "-"),
            bytes[offset + 3] == UInt8(ascii: "-")
        {
            return "-->"
        }
        for name in Self.rawElements where matchesCaseInsensitive(name, at: offset + 1) {
            let after = offset + 1 + name.utf8.count
            if after >= count || isWhitespace(bytes[after]) || bytes[after] == greaterThan {
                return "</" + name + ">"
            }
        }
        return nil
    }

    func matchesCaseInsensitive(_ word: String, at offset: Int) -> Bool {
        var index = offset
        for expected in word.utf8 {
            guard index < count else { return false }
            var byte = bytes[index]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != expected { return false }
            index += 1
        }
        return true
    }

    /// The offset just past the first `terminator` at or after `offset`, or nil.
    mutating func find(terminator: String, from offset: Int) -> Int? {
        if let missing = terminatorMissingBefore[terminator], offset < missing { return nil }
        guard let first = terminator.utf8.first else { return nil }
        let length = terminator.utf8.count
        var index = offset
        while index + length <= count {
            if bytes[index] == first, matchesCaseInsensitive(terminator, at: index) { return index + length }
            index += 1
        }
        terminatorMissingBefore[terminator] = count
        return nil
    }

    /// Inline: skips a comment or raw element opening at `offset`; otherwise steps over `<`.
    mutating func scanAngle(at offset: Int) -> Int {
        guard let terminator = rawHTMLTerminator(at: offset) else { return offset + 1 }
        return find(terminator: terminator, from: offset + 2) ?? offset + 1
    }

    // MARK: - Inline

    mutating func scanBackslash(at offset: Int) -> Int {
        var after = offset
        while after < count, bytes[after] == backslash { after += 1 }
        let run = after - offset
        let next: UInt8? = after < count ? bytes[after] : nil
        if run % 2 == 1 {
            let start = after - 1
            if next == UInt8(ascii: "("),
                let end = open(.parenthesis, delimiter: .parenthesis, spanStart: start, texStart: after + 1)
            {
                return end
            }
            if next == UInt8(ascii: "["),
                let end = open(.bracket, delimiter: .bracket, spanStart: start, texStart: after + 1)
            {
                return end
            }
            if next == UInt8(ascii: "b"), let (index, name, _) = environment(named: "begin", at: after),
                let end = open(.environment(index), delimiter: .environment(name), spanStart: start, texStart: start)
            {
                return end
            }
        } else if run == 2 {
            if next == UInt8(ascii: "("),
                let end = open(
                    .doubleParenthesis, delimiter: .doubleBackslashParenthesis, spanStart: offset, texStart: after + 1)
            {
                return end
            }
            if next == UInt8(ascii: "["),
                let end = open(
                    .doubleBracket, delimiter: .doubleBackslashBracket, spanStart: offset, texStart: after + 1)
            {
                return end
            }
        }
        if run == 1, next == UInt8(ascii: "e") || next == UInt8(ascii: "r"), let end = scanReference(at: offset) {
            return end
        }
        // An odd run escapes the next character (a `$`, a backtick…), but never a line ending.
        if run % 2 == 1, let next, !isLineEnd(next) { return after + 1 }
        if escapesDollar(run: run, next: next) { return after + 1 }
        return after
    }

    /// Whether an even run of `run` backslashes escapes the `$` after it under the rules (Markdown left an odd run).
    func escapesDollar(run: Int, next: UInt8?) -> Bool {
        rules.doubledBackslashEscapesDollar && next == dollar && run % 4 == 2
    }

    /// Reads `begin{NAME}` or `end{NAME}` at `offset` for a known environment name: its index in
    /// ``MathDelimiter/environmentNames``, the name, and the offset just past the `}`.
    func environment(named command: String, at offset: Int) -> (Int, String, Int)? {
        var index = offset
        for expected in command.utf8 {
            guard index < count, bytes[index] == expected else { return nil }
            index += 1
        }
        guard index < count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        let nameStart = index
        while index < count, index - nameStart <= 10, bytes[index] != UInt8(ascii: "}") { index += 1 }
        guard index < count, bytes[index] == UInt8(ascii: "}") else { return nil }
        var nameBytes = Array(bytes[nameStart..<index])
        if rules.allowsEscapedStarInEnvironmentNames, nameBytes.count > 2, nameBytes[nameBytes.count - 2] == backslash,
            nameBytes[nameBytes.count - 1] == UInt8(ascii: "*")
        {
            nameBytes.remove(at: nameBytes.count - 2)
        }
        guard let position = Self.environmentNameBytes.firstIndex(where: { $0 == nameBytes }) else {
            return nil
        }
        return (position, MathDelimiter.environmentNames[position], index + 1)
    }

    private static let environmentNameBytes = MathDelimiter.environmentNames.map { Array($0.utf8) }

    mutating func scanBackticks(at offset: Int) -> Int {
        var after = offset
        while after < count, bytes[after] == backtick { after += 1 }
        let length = after - offset
        guard let positions = backtickRuns[length] else { return after }
        var cursor = backtickCursor[length] ?? 0
        while cursor < positions.count, positions[cursor] < after { cursor += 1 }
        backtickCursor[length] = cursor
        guard cursor < positions.count else { return after }
        let closer = positions[cursor]
        guard closer < paragraphBoundary(after: offset) else { return after }
        return closer + length
    }

    mutating func scanDollars(at offset: Int) -> Int {
        var after = offset
        while after < count, bytes[after] == dollar { after += 1 }
        switch after - offset {
        case 1:
            if offset == lineContentStart, restIsBlank(from: after) {
                return open(.dollarLine, delimiter: .dollarLine, spanStart: offset, texStart: after) ?? after
            }
            let spaced = rules.allowsSpacesInsideDollars
            guard after < count, spaced || !isWhitespace(bytes[after]) else { return after }
            guard let closer = findCloser(.dollar, from: after) else { return after }
            let closeEnd = closer.upperBound
            if (!spaced && isWhitespace(bytes[closer.lowerBound - 1])) || (closeEnd < count && isDigit(bytes[closeEnd])) {
                return after
            }
            if spaced, bytes[after..<closer.lowerBound].allSatisfy(isWhitespace) { return after }
            record(.dollar, spanStart: offset, texStart: after, closer: closer)
            return closeEnd
        case 2:
            if rules.doubleDollarIsDisplayOnlyAsParagraph {
                // kramdown: display math only as a paragraph of its own, inline math anywhere else.
                guard let closer = findCloser(.doubleDollar, from: after) else {
                    unclosed.append(UnclosedMath(delimiter: .doubleDollar, utf8Offset: offset))
                    return after
                }
                let opensParagraph = offset == lineContentStart && lineOpensParagraph
                let closesParagraph =
                    restIsBlank(from: closer.upperBound)
                    && (lineEnd(from: closer.upperBound) >= count
                        || isParagraphBoundary(lineAt: lineStart(afterLineEnd: lineEnd(from: closer.upperBound))))
                record(
                    .doubleDollar, spanStart: offset, texStart: after, closer: closer,
                    isDisplay: opensParagraph && closesParagraph)
                return closer.upperBound
            }
            return open(.doubleDollar, delimiter: .doubleDollar, spanStart: offset, texStart: after) ?? after
        default:
            return after  // Three or more dollars are text.
        }
    }

    /// Looks for the closer of `kind`; on success records the span and returns where it ends.
    mutating func open(_ kind: CloserKind, delimiter: MathDelimiter, spanStart: Int, texStart: Int) -> Int? {
        guard let closer = findCloser(kind, from: texStart) else {
            if delimiter.isDisplay, delimiter != .dollarLine {
                unclosed.append(UnclosedMath(delimiter: delimiter, utf8Offset: spanStart))
            }
            return nil
        }
        record(delimiter, spanStart: spanStart, texStart: texStart, closer: closer)
        return closer.upperBound
    }

    /// Records a span; `isDisplay` overrides what the delimiter says (kramdown's inline `$$`).
    mutating func record(
        _ delimiter: MathDelimiter, spanStart: Int, texStart: Int, closer: Range<Int>, isDisplay: Bool? = nil
    ) {
        let texEnd: Int
        if case .environment = delimiter { texEnd = closer.upperBound } else { texEnd = closer.lowerBound }
        let isDisplay = isDisplay ?? delimiter.isDisplay
        let attached = isDisplay ? attachedLabel(after: closer.upperBound) : nil
        spans.append(
            MathSpan(
                tex: tex(from: texStart, to: texEnd),
                isDisplay: isDisplay,
                delimiter: delimiter,
                utf8Range: spanStart..<(attached?.end ?? closer.upperBound),
                attachedLabel: attached?.label))
    }

    // MARK: - Equation labels and references

    /// The length of a label (`[A-Za-z0-9:_.-]+`) starting at `offset` (0 when there is none).
    func labelLength(at offset: Int) -> Int {
        var index = offset
        while index < count, isEquationLabelByte(bytes[index]) { index += 1 }
        return index - offset
    }

    /// Whether `literal` stands at `offset`.
    func matches(_ literal: StaticString, at offset: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard offset + length <= count else { return false }
        let pointer = literal.utf8Start
        for position in 0..<length where bytes[offset + position] != pointer[position] { return false }
        return true
    }

    /// A `{#eq:NAME}` after a display's closer at `offset` (spaces and tabs between), on the same line.
    func attachedLabel(after offset: Int) -> (label: AttachedEquationLabel, end: Int)? {
        var index = offset
        while index < count, bytes[index] == space || bytes[index] == tab { index += 1 }
        guard matches("{#eq:", at: index) else { return nil }
        let labelStart = index + 2
        let length = labelLength(at: labelStart)
        let close = labelStart + length
        guard length > 3, close < count, bytes[close] == UInt8(ascii: "}") else { return nil }
        let label = String(decoding: bytes[labelStart..<close], as: UTF8.self)
        return (AttachedEquationLabel(label: label, utf8Offset: index), close + 1)
    }

    /// Inline: `\eqref{LABEL}` or `\ref{LABEL}` at `offset` (the backslash); records it and returns its end.
    mutating func scanReference(at offset: Int) -> Int? {
        let kind: EquationReferenceKind
        let open: Int
        if matches("\\eqref{", at: offset) {
            (kind, open) = (.eqref, offset + 7)
        } else if matches("\\ref{", at: offset) {
            (kind, open) = (.ref, offset + 5)
        } else {
            return nil
        }
        let length = labelLength(at: open)
        guard length > 0, open + length < count, bytes[open + length] == UInt8(ascii: "}") else { return nil }
        references.append(
            EquationReferenceSpan(
                kind: kind, label: String(decoding: bytes[open..<(open + length)], as: UTF8.self),
                utf8Range: offset..<(open + length + 1)))
        return open + length + 1
    }

    /// Inline: `@eq:NAME` at `offset` (the `@`) at the start of a word; records it and returns its end.
    mutating func scanAtSign(at offset: Int) -> Int {
        guard matches("@eq:", at: offset), offset == 0 || offset == lineContentStart || Self.startsWord(after: bytes[offset - 1])
        else { return offset + 1 }
        var length = labelLength(at: offset + 1)
        // A sentence's full stop (or a colon, or a dash) after the reference is not part of the label.
        while length > 3, [UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-")].contains(bytes[offset + length]) {
            length -= 1
        }
        guard length > 3 else { return offset + 1 }
        references.append(
            EquationReferenceSpan(
                kind: .crossref, label: String(decoding: bytes[(offset + 1)..<(offset + 1 + length)], as: UTF8.self),
                utf8Range: offset..<(offset + 1 + length)))
        return offset + 1 + length
    }

    /// Whether a `@` after `byte` starts a word.
    static func startsWord(after byte: UInt8) -> Bool {
        if isWhitespace(byte) { return true }
        return Array("([{*_~\"'>,;".utf8).contains(byte)
    }

    /// The TeX between two offsets, with the block-quote markers of continuation lines removed.
    func tex(from start: Int, to end: Int) -> String {
        guard quoteDepth > 0 else { return String(decoding: bytes[start..<end], as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            result.append(byte)
            index += 1
            if isLineEnd(byte) {
                if byte == carriageReturn, index < end, bytes[index] == newline {
                    result.append(newline)
                    index += 1
                }
                // Drop the markers that continue the quote, and the indentation after them.
                index = min(prefix(ofLineAt: index, maxDepth: quoteDepth).contentStart, end)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Finds the first closer of `kind` at or after `start`, or nil when a boundary comes first.
    mutating func findCloser(_ kind: CloserKind, from start: Int) -> Range<Int>? {
        let slot = kind.memoSlot
        if start < failedBefore[slot] { return nil }
        var index = start
        while index < count {
            let byte = bytes[index]
            if byte == backslash {
                var after = index
                while after < count, bytes[after] == backslash { after += 1 }
                let run = after - index
                let next: UInt8? = after < count ? bytes[after] : nil
                switch kind {
                case .parenthesis where run % 2 == 1 && next == UInt8(ascii: ")"),
                    .bracket where run % 2 == 1 && next == UInt8(ascii: "]"):
                    return (after - 1)..<(after + 1)
                case .doubleParenthesis where run % 2 == 0 && next == UInt8(ascii: ")"),
                    .doubleBracket where run % 2 == 0 && next == UInt8(ascii: "]"):
                    return (after - 2)..<(after + 1)
                case .environment(let wanted) where run % 2 == 1 && next == UInt8(ascii: "e"):
                    if let (found, _, end) = environment(named: "end", at: after), found == wanted {
                        return (after - 1)..<end
                    }
                default:
                    break
                }
                index = after
                if run % 2 == 1, let next, !isLineEnd(next) {
                    index += 1
                } else if escapesDollar(run: run, next: next) {
                    index += 1
                }
            } else if byte == dollar {
                if kind == .dollar { return index..<(index + 1) }
                // A `$` alone on a line is also closed by a `$` ending a later line (`\end{cases}$`).
                if kind == .dollarLine, restIsBlank(from: index + 1) { return index..<(index + 1) }
                if kind == .doubleDollar, index + 1 < count, bytes[index + 1] == dollar {
                    return index..<(index + 2)
                }
                index += 1
            } else if isLineEnd(byte) {
                let next = lineStart(afterLineEnd: index)
                if next >= count { break }
                let linePrefix = prefix(ofLineAt: next)
                let content = linePrefix.contentStart
                let blank = content >= count || isLineEnd(bytes[content])
                if fenceOpening(at: content) != nil || (blank && !kind.crossesBlankLines) {
                    failedBefore[slot] = next
                    return nil
                }
                if kind == .dollarLine, !blank, bytes[content] == dollar, restIsBlank(from: content + 1) {
                    return content..<(content + 1)
                }
                index = next
            } else {
                index += 1
            }
        }
        failedBefore[slot] = count
        return nil
    }
}

// MARK: - Engine syntax

extension MathScanner {
    /// Inline, at a `{`: a Liquid tag or output, a Hugo shortcode or a kramdown attribute list, when the rules
    /// look for that syntax; records it and returns where it ends, or steps over the brace.
    mutating func scanEngineTag(at offset: Int) -> Int {
        guard offset + 1 < count else { return offset + 1 }
        let second = bytes[offset + 1]
        let third: UInt8? = offset + 2 < count ? bytes[offset + 2] : nil
        if second == openBrace, third == lessThan || third == percent, rules.engineSyntax.contains(.shortcode) {
            return scanShortcode(at: offset, marker: third!) ?? offset + 2
        }
        if second == openBrace, rules.engineSyntax.contains(.liquidOutput) {
            return scanDelimitedTag(at: offset, syntax: .liquidOutput, closer: .doubleBrace) ?? offset + 2
        }
        if second == percent, rules.engineSyntax.contains(.liquidTag) {
            return scanDelimitedTag(at: offset, syntax: .liquidTag, closer: .percentBrace) ?? offset + 2
        }
        if second == UInt8(ascii: ":"), rules.engineSyntax.contains(.attributeList) {
            return scanDelimitedTag(at: offset, syntax: .attributeList, closer: .brace) ?? offset + 2
        }
        return offset + 1
    }

    /// The offset of the first `closer` at or after `start`, when it stands before `limit` (by default the end
    /// of the line), or nil.
    mutating func findCloser(_ closer: TagCloserIndex.Closer, from start: Int, before limit: Int? = nil) -> Int? {
        if tagClosers == nil { tagClosers = TagCloserIndex(bytes) }
        guard let found = tagClosers!.next(closer, from: start) else { return nil }
        let end = limit ?? tagClosers!.nextLineEnd(from: start)
        return found < end ? found : nil
    }

    /// The first word of a tag's inside at `start`, after spaces and a whitespace-control `-`: up to a space, a
    /// `|`, a brace, `%`, `>` or the line's end (at most ``EngineTag/maximumLength`` bytes); nil when it is longer.
    func firstWord(from start: Int) -> ArraySlice<UInt8>? {
        var index = start
        while index < count, bytes[index] == space || bytes[index] == tab, index - start < EngineTag.maximumLength {
            index += 1
        }
        if index < count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        while index < count, bytes[index] == space || bytes[index] == tab, index - start < EngineTag.maximumLength {
            index += 1
        }
        let wordStart = index
        while index < count, index - start < EngineTag.maximumLength {
            let byte = bytes[index]
            if byte == space || byte == tab || isLineEnd(byte) || byte == UInt8(ascii: "|") || byte == openBrace
                || byte == closeBrace || byte == percent || byte == greaterThan
            {
                return bytes[wordStart..<index]
            }
            index += 1
        }
        return index >= count ? bytes[wordStart..<index] : nil
    }

    /// Splits a tag's inside into its name (the first word) and the rest, both trimmed; Liquid's whitespace
    /// control dashes (`{%-`, `-%}`) are dropped.
    func nameAndArguments(_ inside: ArraySlice<UInt8>) -> (name: String, arguments: String) {
        guard inside.count <= EngineTag.maximumLength else { return ("", "") }
        var text = String(decoding: inside, as: UTF8.self).trimmingSpaces
        if text.hasPrefix("-") { text = String(text.dropFirst()).trimmingSpaces }
        if text.hasSuffix("-") { text = String(text.dropLast()).trimmingSpaces }
        guard let split = text.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "|" }) else { return (text, "") }
        return (String(text[..<split]), String(text[split...]).trimmingSpaces)
    }

    func isAloneOnLine(_ range: Range<Int>) -> Bool {
        var start = range.lowerBound
        while start > 0, bytes[start - 1] == space || bytes[start - 1] == tab { start -= 1 }
        let atStart = start == lineContentStart || start == 0 || isLineEnd(bytes[start - 1])
        return atStart && restIsBlank(from: range.upperBound)
    }

    /// `{{ … }}`, `{% … %}` or `{: … }` on one line; a verbatim Liquid tag takes its text up to `{% endNAME %}`.
    mutating func scanDelimitedTag(at offset: Int, syntax: EngineTag.Syntax, closer: TagCloserIndex.Closer) -> Int? {
        let insideStart = offset + 2
        // A cheap look at the first word first: most braces are TeX's or prose's, and are passed by in constant time.
        switch syntax {
        case .liquidOutput:
            guard let word = firstWord(from: insideStart), let first = word.first,
                first.isASCIILetterByte || first == UInt8(ascii: "\"") || first == UInt8(ascii: "'")
                    || first == UInt8(ascii: "_"),
                bytes[insideStart] == space || word.contains(UInt8(ascii: "."))
            else { return nil }
        case .liquidTag:
            guard let word = firstWord(from: insideStart), word.first?.isASCIILetterByte == true else { return nil }
        default:
            break
        }
        guard let close = findCloser(closer, from: insideStart), close - insideStart <= EngineTag.maximumLength else {
            return nil
        }
        var (name, arguments) = nameAndArguments(bytes[insideStart..<close])
        switch syntax {
        case .liquidOutput:
            // `{{ site.url }}`, `{{ "text" | filter }}`: not TeX's `{{a}}`, which has no space and no dot.
            guard let first = name.unicodeScalars.first,
                first.properties.isAlphabetic || first == "\"" || first == "'" || first == "_",
                bytes[insideStart] == space || name.contains(".")
            else { return nil }
        case .liquidTag:
            guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return nil }
        case .attributeList:
            // `{:toc}`, `{::comment}`, `{: .class #id key="value"}`, `{:.class}`.
            let inside = String(decoding: bytes[(offset + 1)..<close], as: UTF8.self)
            guard let first = inside.dropFirst().unicodeScalars.first,
                first == " " || first == "." || first == "#" || first == ":" || first.properties.isAlphabetic
            else { return nil }
            let rest = String(inside.dropFirst()).trimmingSpaces
            (name, arguments) = rest == "toc" ? ("toc", "") : ("", rest)
        case .shortcode:
            return nil
        }
        var end = close + closer.length
        var body: String?
        if syntax == .liquidTag, EngineTag.verbatimLiquidTags.contains(name),
            let (bodyEnd, closingEnd) = findLiquidEnd(of: name, from: end)
        {
            body = String(decoding: bytes[end..<bodyEnd], as: UTF8.self)
            end = closingEnd
        }
        let range = offset..<end
        tags.append(
            EngineTag(
                syntax: syntax, name: name, arguments: arguments, body: body, utf8Range: range,
                isAloneOnLine: isAloneOnLine(range)))
        return end
    }

    /// The first `{% endNAME %}` after `start`: where it starts and where it ends.
    mutating func findLiquidEnd(of name: String, from start: Int) -> (Int, Int)? {
        guard !unclosedVerbatimTags.contains("%" + name) else { return nil }
        var index = start
        while let open = findCloser(.liquidOpening, from: index, before: count) {
            if let close = findCloser(.percentBrace, from: open + 2), close - open <= EngineTag.maximumLength,
                nameAndArguments(bytes[(open + 2)..<close]).name == "end" + name
            {
                return (open, close + 2)
            }
            index = open + 2
        }
        unclosedVerbatimTags.insert("%" + name)
        return nil
    }

    /// `{{< name … >}}` or `{{% name … %}}` (`marker` is `<` or `%`), possibly over several lines of one
    /// paragraph; a verbatim shortcode takes its text up to `{{< /name >}}`.
    mutating func scanShortcode(at offset: Int, marker: UInt8) -> Int? {
        let closer: TagCloserIndex.Closer = marker == lessThan ? .shortcode : .markdownShortcode
        let insideStart = offset + 3
        let boundary = paragraphBoundary(after: offset)
        guard var word = firstWord(from: insideStart) else { return nil }
        if word.first == UInt8(ascii: "/") { word = word.dropFirst() }
        guard word.isEmpty || word.first?.isASCIILetterByte == true,
            let close = findCloser(closer, from: insideStart, before: boundary),
            close - insideStart <= EngineTag.maximumLength
        else { return nil }
        var (name, arguments) = nameAndArguments(bytes[insideStart..<close])
        var isClosing = false
        if name.hasPrefix("/") {
            isClosing = true
            name = String(name.dropFirst())
            if name.isEmpty { (name, arguments) = (arguments, "") }
        }
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { return nil }
        var end = close + 3
        var body: String?
        if !isClosing, EngineTag.verbatimShortcodes.contains(name),
            let (bodyEnd, closingEnd) = findShortcodeEnd(of: name, from: end)
        {
            body = String(decoding: bytes[end..<bodyEnd], as: UTF8.self)
            end = closingEnd
        }
        let range = offset..<end
        tags.append(
            EngineTag(
                syntax: .shortcode, name: name, arguments: arguments, isClosing: isClosing, body: body, utf8Range: range,
                isAloneOnLine: isAloneOnLine(range)))
        return end
    }

    /// The first `{{< /NAME >}}` (or `{{% /NAME %}}`) after `start`: where it starts and where it ends.
    mutating func findShortcodeEnd(of name: String, from start: Int) -> (Int, Int)? {
        guard !unclosedVerbatimTags.contains("<" + name) else { return nil }
        var index = start
        while let open = findCloser(.shortcodeOpening, from: index, before: count) {
            let closer: TagCloserIndex.Closer = bytes[open + 2] == lessThan ? .shortcode : .markdownShortcode
            if let close = findCloser(closer, from: open + 3), close - open <= EngineTag.maximumLength {
                let inside = String(decoding: bytes[(open + 3)..<close], as: UTF8.self).replacingOccurrences(of: " ", with: "")
                if inside == "/" + name { return (open, close + 3) }
            }
            index = open + 3
        }
        unclosedVerbatimTags.insert("<" + name)
        return nil
    }
}

/// The positions of the closers of template tags (`}}`, `%}`, `>}}`…) and of line ends, found in one pass over
/// the text when the first tag is looked for; each search is a binary search.
struct TagCloserIndex {
    enum Closer: Int, CaseIterable {
        case doubleBrace, percentBrace, brace, shortcode, markdownShortcode, liquidOpening, shortcodeOpening

        var length: Int {
            switch self {
            case .brace: 1
            case .doubleBrace, .percentBrace, .liquidOpening: 2
            case .shortcode, .markdownShortcode, .shortcodeOpening: 3
            }
        }
    }

    private var positions: [[Int]]
    private var lineEnds: [Int] = []
    private let count: Int

    init(_ bytes: [UInt8]) {
        count = bytes.count
        positions = Array(repeating: [], count: Closer.allCases.count)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), percent = UInt8(ascii: "%")
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == newline || byte == carriageReturn { lineEnds.append(index) }
            let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
            let third: UInt8? = index + 2 < bytes.count ? bytes[index + 2] : nil
            if byte == close { positions[Closer.brace.rawValue].append(index) }
            if byte == close, next == close { positions[Closer.doubleBrace.rawValue].append(index) }
            if byte == percent, next == close { positions[Closer.percentBrace.rawValue].append(index) }
            if byte == greaterThan, next == close, third == close { positions[Closer.shortcode.rawValue].append(index) }
            if byte == percent, next == close, third == close { positions[Closer.markdownShortcode.rawValue].append(index) }
            if byte == open, next == percent { positions[Closer.liquidOpening.rawValue].append(index) }
            if byte == open, next == open, third == lessThan || third == percent {
                positions[Closer.shortcodeOpening.rawValue].append(index)
            }
        }
    }

    /// The first position of `closer` at or after `start`.
    func next(_ closer: Closer, from start: Int) -> Int? {
        Self.first(in: positions[closer.rawValue], atOrAfter: start)
    }

    /// The first line end at or after `start` (or the end of the text).
    func nextLineEnd(from start: Int) -> Int {
        Self.first(in: lineEnds, atOrAfter: start) ?? count
    }

    /// Binary search in an increasing list.
    private static func first(in list: [Int], atOrAfter start: Int) -> Int? {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < start { low = middle + 1 } else { high = middle }
        }
        return low < list.count ? list[low] : nil
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (the Compatibility module's tags use it too).
    package var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension UInt8 {
    /// Whether the byte is an ASCII letter.
    package var isASCIILetterByte: Bool { (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) }
}
