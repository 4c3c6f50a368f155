/// The limits that keep cmark-gfm's block and inline parsers linear: bounds on what its known
/// quadratic cases repeat (each named with its CVE), checked by one linear pass over the Markdown
/// before it is handed to the parser. Messages name each limit as `build-site --limit` does.
public struct MarkdownLimits: Sendable, Hashable {
    /// The deepest nesting of block quotes and list items (CVE-2023-24824, CVE-2023-22483).
    public var maxNestingDepth = 32
    /// The most cells in one table row (CVE-2023-22483, CVE-2023-37463).
    public var maxTableColumns = 128
    /// The most cells in one table: rows × columns, since cmark-gfm pads every row to the
    /// header's width (CVE-2023-37463).
    public var maxTableCells = 20_000
    /// The most lines looking like a table's delimiter row (`|---|`, `:-`) in one paragraph:
    /// cmark-gfm re-reads the paragraph at each (CVE-2023-22483).
    public var maxDelimiterRowsPerParagraph = 16
    /// The most `[` in one paragraph (CVE-2023-22486: `![[]()` repeated).
    public var maxBracketsPerParagraph = 2_000
    /// The most `<` in one paragraph (CVE-2023-22483: `<?x`, `<http://` repeated).
    public var maxAngleBracketsPerParagraph = 1_000
    /// The most autolink candidates (`www.`, `://`) in one paragraph (CVE-2023-22483).
    public var maxAutolinksPerParagraph = 200
    /// The most `~` in one paragraph (CVE-2023-22483, strikethrough).
    public var maxTildesPerParagraph = 1_000
    /// The most `*` and `_` in one paragraph (CVE-2023-22483: unmatched emphasis delimiters).
    public var maxEmphasisDelimitersPerParagraph = 2_000
    /// The most `)` in one paragraph that has an autolink candidate (CVE-2023-22483: `www.` then `)`×n).
    public var maxParenthesesAfterAutolink = 1_000
    /// The most bytes link references may expand to: the longest link reference definition
    /// times the number of `[` in the post (each `[f]` copies the definition's URL and title).
    public var maxReferenceExpansion = 16 << 20

    /// The default limits.
    public init() {}

    /// The first limit `text` exceeds, with a message naming it and the line (1-based, counted as
    /// CommonMark counts: `\n`, `\r\n` or a lone `\r`) where it is exceeded; nil when none is.
    public func firstExcess(in text: String) -> (message: String, line: Int)? {
        var scan = MarkdownScan(limits: self)
        return text.utf8.withContiguousStorageIfAvailable { scan.run($0) }
            ?? {
                let bytes = Array(text.utf8)
                return bytes.withUnsafeBufferPointer { scan.run($0) }
            }()
    }
}

/// One linear pass over a post's Markdown that models just enough of cmark-gfm's block
/// structure to bound what the parser will do: container nesting, tables, per-paragraph
/// counts of the characters its quadratic cases repeat, and link reference definitions.
private struct MarkdownScan {
    let limits: MarkdownLimits

    /// An open block quote or list item; `width` is the indentation a line needs to continue a list item.
    private struct Container {
        var isQuote: Bool
        var width: Int
    }

    private var stack: [Container] = []
    // Per paragraph (a run of non-blank lines).
    private var paragraphLine = 0
    private var delimiterRows = 0
    private var brackets = 0
    private var angles = 0
    private var autolinks = 0
    private var tildes = 0
    private var emphasis = 0
    private var parentheses = 0
    // The table the current paragraph may hold.
    private var tableColumns = 0
    private var tableRows = 0
    private var tableLine = 0
    // Link reference definitions.
    private var totalBrackets = 0
    private var largestDefinition = 0
    private var largestDefinitionLine = 0
    private var openDefinition: (start: Int, line: Int)?
    private var pendingDefinition: (start: Int, line: Int)?

    init(limits: MarkdownLimits) {
        self.limits = limits
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) -> (message: String, line: Int)? {
        var start = 0
        var line = 1
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != Self.newline, bytes[end] != Self.carriageReturn { end += 1 }
            if let message = scanLine(bytes, start, end, line: line) { return (message, line) }
            if end >= bytes.count {
                endParagraph(at: end)
                break
            }
            start =
                bytes[end] == Self.carriageReturn && end + 1 < bytes.count && bytes[end + 1] == Self.newline ? end + 2 : end + 1
            line += 1
            if start == bytes.count {
                endParagraph(at: start)
                break
            }
        }
        if let message = checkReferences() { return (message, largestDefinitionLine) }
        return nil
    }

    private mutating func scanLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, line: Int) -> String? {
        var blank = true
        for index in start..<end where bytes[index] != Self.space && bytes[index] != Self.tab {
            blank = false
            break
        }
        if let message = nesting(bytes, start, end, blank: blank) { return message }
        if blank {
            endParagraph(at: start)
            return nil
        }
        if paragraphLine == 0 { paragraphLine = line }
        if let message = table(bytes, start, end, line: line) { return message }
        if let message = counts(bytes, start, end) { return message }
        definitions(bytes, start, end, line: line)
        return nil
    }

    private mutating func endParagraph(at offset: Int) {
        if let open = openDefinition { noteDefinition(size: offset - open.start, line: open.line) }
        openDefinition = nil
        pendingDefinition = nil
        paragraphLine = 0
        delimiterRows = 0
        brackets = 0
        angles = 0
        autolinks = 0
        tildes = 0
        emphasis = 0
        parentheses = 0
        tableColumns = 0
        tableRows = 0
    }

    // MARK: Block nesting

    /// Updates the container stack for one line, as cmark-gfm's block parser would, erring towards deeper:
    /// a line that might be a lazy continuation keeps every container open.
    private mutating func nesting(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, blank: Bool) -> String? {
        var index = start
        var column = 0
        var matched = 0
        func indentation(from index: Int, column: Int) -> (index: Int, column: Int) {
            var index = index
            var column = column
            while index < end, bytes[index] == Self.space || bytes[index] == Self.tab {
                column = bytes[index] == Self.tab ? (column / 4 + 1) * 4 : column + 1
                index += 1
            }
            return (index, column)
        }
        for container in stack {
            let (next, nextColumn) = indentation(from: index, column: column)
            if container.isQuote {
                guard nextColumn - column <= 3, next < end, bytes[next] == UInt8(ascii: ">") else { break }
                index = next + 1
                column = nextColumn + 1
                if index < end, bytes[index] == Self.space || bytes[index] == Self.tab {
                    index += 1
                    column += 1
                }
            } else {
                if blank {
                    matched += 1
                    continue
                }
                guard nextColumn - column >= container.width else { break }
                // Consume `width` columns of indentation.
                var consumed = 0
                while consumed < container.width, index < end {
                    let width = bytes[index] == Self.tab ? (column / 4 + 1) * 4 - column : 1
                    consumed += width
                    column += width
                    index += 1
                }
            }
            matched += 1
        }
        var opened: [Container] = []
        while true {
            let (next, nextColumn) = indentation(from: index, column: column)
            guard nextColumn - column <= 3, next < end else { break }
            if bytes[next] == UInt8(ascii: ">") {
                opened.append(Container(isQuote: true, width: 0))
                index = next + 1
                column = nextColumn + 1
                if index < end, bytes[index] == Self.space || bytes[index] == Self.tab {
                    index += 1
                    column += 1
                }
                continue
            }
            var markerEnd = next
            let byte = bytes[next]
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "*") {
                markerEnd = next + 1
            } else {
                while markerEnd < end, markerEnd - next < 9, bytes[markerEnd] >= UInt8(ascii: "0"),
                    bytes[markerEnd] <= UInt8(ascii: "9")
                {
                    markerEnd += 1
                }
                guard markerEnd > next, markerEnd < end,
                    bytes[markerEnd] == UInt8(ascii: ".") || bytes[markerEnd] == UInt8(ascii: ")")
                else { break }
                markerEnd += 1
            }
            guard markerEnd == end || bytes[markerEnd] == Self.space || bytes[markerEnd] == Self.tab else { break }
            // The smallest indentation a continuation could need: the marker, one space.
            opened.append(Container(isQuote: false, width: (nextColumn - column) + (markerEnd - next) + 1))
            column = nextColumn + (markerEnd - next)
            index = markerEnd
        }
        if !(opened.isEmpty && !blank && matched < stack.count) {
            stack.removeSubrange(matched...)
            stack += opened
        }
        if stack.count > limits.maxNestingDepth {
            return "block quotes and list items nested more than \(limits.maxNestingDepth) deep (--limit maxNestingDepth=…)"
        }
        return nil
    }

    // MARK: Tables

    private mutating func table(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, line: Int) -> String? {
        var pipes = 0
        var dashes = 0
        var delimiterLike = true
        var index = start
        // Skip a block-quote and indentation prefix.
        while index < end, bytes[index] == Self.space || bytes[index] == Self.tab || bytes[index] == UInt8(ascii: ">") {
            index += 1
        }
        var previous: UInt8 = 0
        let first = index
        var lastPipe = -1
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "|"):
                if previous != UInt8(ascii: "\\") {
                    pipes += 1
                    lastPipe = index
                }
            case UInt8(ascii: "-"): dashes += 1
            case UInt8(ascii: ":"), Self.space, Self.tab: break
            default: delimiterLike = false
            }
            previous = byte
            index += 1
        }
        // Cells between pipes; a leading or trailing pipe opens no cell.
        var last = end - 1
        while last > first, bytes[last] == Self.space || bytes[last] == Self.tab { last -= 1 }
        let cells = max(
            1,
            pipes + 1 - (first < end && bytes[first] == UInt8(ascii: "|") ? 1 : 0)
                - (pipes > 0 && lastPipe == last && last != first ? 1 : 0))
        if delimiterLike && dashes > 0 {
            delimiterRows += 1
            if delimiterRows > limits.maxDelimiterRowsPerParagraph {
                return
                    "paragraph has more than \(limits.maxDelimiterRowsPerParagraph) lines that look like a table's delimiter row ('|---|'), which cmark-gfm re-reads the paragraph for (--limit maxDelimiterRowsPerParagraph=…)"
            }
            if tableRows == 0 {
                tableColumns = cells
                tableRows = 1
                tableLine = line
            }
        }
        if tableRows > 0 {
            if cells > limits.maxTableColumns {
                return "table row has \(cells) cells, over the limit of \(limits.maxTableColumns) (--limit maxTableColumns=…)"
            }
            tableRows += 1
            if tableRows * tableColumns > limits.maxTableCells {
                return
                    "table has more than \(limits.maxTableCells) cells (\(tableRows) rows of \(tableColumns)) (--limit maxTableCells=…)"
            }
        }
        return nil
    }

    // MARK: Per-paragraph counts

    private mutating func counts(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        var index = start
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: "["):
                brackets += 1
                totalBrackets += 1
            case UInt8(ascii: "<"): angles += 1
            case UInt8(ascii: "~"): tildes += 1
            case UInt8(ascii: "*"), UInt8(ascii: "_"): emphasis += 1
            case UInt8(ascii: ")"): parentheses += 1
            case UInt8(ascii: "w"):
                if index + 3 < end, bytes[index + 1] == UInt8(ascii: "w"), bytes[index + 2] == UInt8(ascii: "w"),
                    bytes[index + 3] == UInt8(ascii: ".")
                {
                    autolinks += 1
                }
            case UInt8(ascii: ":"):
                if index + 2 < end, bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") {
                    autolinks += 1
                }
            default: break
            }
            index += 1
        }
        if brackets > limits.maxBracketsPerParagraph {
            return
                "paragraph has more than \(limits.maxBracketsPerParagraph) '[' (--limit maxBracketsPerParagraph=…; CVE-2023-22486)"
        }
        if angles > limits.maxAngleBracketsPerParagraph {
            return
                "paragraph has more than \(limits.maxAngleBracketsPerParagraph) '<' (--limit maxAngleBracketsPerParagraph=…; CVE-2023-22483)"
        }
        if autolinks > limits.maxAutolinksPerParagraph {
            return
                "paragraph has more than \(limits.maxAutolinksPerParagraph) autolink candidates ('www.', '://') (--limit maxAutolinksPerParagraph=…; CVE-2023-22483)"
        }
        if emphasis > limits.maxEmphasisDelimitersPerParagraph {
            return
                "paragraph has more than \(limits.maxEmphasisDelimitersPerParagraph) '*' and '_' (--limit maxEmphasisDelimitersPerParagraph=…; CVE-2023-22483)"
        }
        if autolinks > 0, parentheses > limits.maxParenthesesAfterAutolink {
            return
                "paragraph has an autolink candidate and more than \(limits.maxParenthesesAfterAutolink) ')' (--limit maxParenthesesAfterAutolink=…; CVE-2023-22483)"
        }
        if tildes > limits.maxTildesPerParagraph {
            return "paragraph has more than \(limits.maxTildesPerParagraph) '~' (--limit maxTildesPerParagraph=…; CVE-2023-22483)"
        }
        return nil
    }

    // MARK: Link reference definitions

    /// Records a line that may start a link reference definition (`[label]: destination "title"`).
    /// A definition whose title may continue on later lines is measured to the end of its paragraph.
    private mutating func definitions(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, line: Int) {
        var index = start
        while index < end, bytes[index] == Self.space || bytes[index] == Self.tab || bytes[index] == UInt8(ascii: ">") {
            index += 1
        }
        if let pending = pendingDefinition {
            pendingDefinition = nil
            if index < end, [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "(")].contains(bytes[index]),
                openDefinition == nil
            {
                openDefinition = pending
            }
        }
        guard index < end, bytes[index] == UInt8(ascii: "[") else { return }
        var close = index + 1
        while close + 1 < end, !(bytes[close] == UInt8(ascii: "]") && bytes[close + 1] == UInt8(ascii: ":")) { close += 1 }
        guard close + 1 < end else { return }
        noteDefinition(size: end - start, line: line)
        // Skip the destination, then look for a title opener and its closer on the same line.
        var cursor = close + 2
        while cursor < end, bytes[cursor] == Self.space || bytes[cursor] == Self.tab { cursor += 1 }
        while cursor < end, bytes[cursor] != Self.space, bytes[cursor] != Self.tab { cursor += 1 }
        while cursor < end, bytes[cursor] == Self.space || bytes[cursor] == Self.tab { cursor += 1 }
        if cursor == end {
            pendingDefinition = (start, line)
            return
        }
        let opener = bytes[cursor]
        let closer = opener == UInt8(ascii: "(") ? UInt8(ascii: ")") : opener
        var last = end - 1
        while last > cursor, bytes[last] == Self.space || bytes[last] == Self.tab { last -= 1 }
        let closed = last > cursor && bytes[last] == closer
        if !closed, openDefinition == nil { openDefinition = (start, line) }
    }

    private mutating func noteDefinition(size: Int, line: Int) {
        if size > largestDefinition {
            largestDefinition = size
            largestDefinitionLine = line
        }
    }

    private func checkReferences() -> String? {
        let (expansion, overflow) = largestDefinition.multipliedReportingOverflow(by: totalBrackets)
        guard overflow || expansion > limits.maxReferenceExpansion else { return nil }
        return
            "link reference definition of \(largestDefinition) bytes and \(totalBrackets) '[' in the post could expand to more than \(limits.maxReferenceExpansion) bytes (--limit maxReferenceExpansion=…)"
    }
}
