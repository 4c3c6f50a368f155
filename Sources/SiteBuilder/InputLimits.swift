import Diagnostics

/// Bounds on a post checked before any parser sees it, so that no input can make the
/// build take unbounded time or memory. Each limit has its own message naming it, the post
/// and the line.
///
/// Debian 12's cmark-gfm (0.29.0.gfm.6) still has the quadratic cases of CVE-2023-22483,
/// CVE-2023-22486, CVE-2023-24824 and CVE-2023-37463: an 80 KB post of nested list markers
/// takes over a minute, a 10 KB table with many columns turns into 28 MB of HTML. The checks
/// here refuse every input shape those cases need, conservatively: the scan over-approximates
/// what cmark-gfm will see (it may refuse a post cmark-gfm would parse quickly, never the
/// reverse). The scan itself is one linear pass with no recursion.
public struct InputLimits: Sendable, Hashable {
    /// The largest post, in bytes.
    public var maxPostBytes = 1 << 21
    /// The longest line, in bytes.
    public var maxLineBytes = 64 << 10
    /// The largest front matter, in bytes.
    public var maxFrontMatterBytes = 64 << 10
    /// The deepest nesting of `[`/`{` in front matter (YAML flow collections, TOML arrays and inline tables).
    public var maxFrontMatterNesting = 32
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
    /// The largest file other than a post in the content or templates folder (an image, an asset),
    /// in bytes: checked on its size before it is read.
    public var maxFileBytes = 64 << 20
    /// The most tags on one post: every tag page lists the post with all its tags, so a post's tags
    /// cost their number squared in the pages.
    public var maxTagsPerPost = 100
    /// The most `claim` statements in one `swift-check` fence.
    public var maxClaimsPerFence = 1_000
    /// The most `claim` statements in one post, all its fences together.
    public var maxClaimsPerPost = 2_000
    /// The most formulas in one post (each is rendered by KaTeX).
    public var maxFormulasPerPost = 10_000
    /// The most bytes a build writes into the site, all files together.
    public var maxOutputBytes = 2 << 30

    /// The default limits.
    public init() {}

    /// Throws the first limit on a post's work that `post` breaks: tags, claims per fence and per
    /// post, formulas; each message names the limit and the line.
    func checkWork(_ post: PreparedPost) throws(Diagnostic) {
        let path = post.source.displayPath
        if post.metadata.tags.count > maxTagsPerPost {
            throw Diagnostic(
                path: path, location: SourceLocation(line: post.metadata.fieldLines["tags"] ?? 1, column: 1),
                message: "post has \(post.metadata.tags.count) tags, over the limit of \(maxTagsPerPost) (--limit maxTagsPerPost=…)")
        }
        if post.formulas.count > maxFormulasPerPost {
            throw Diagnostic(
                path: path, location: post.formulas[maxFormulasPerPost].location,
                message: "post has \(post.formulas.count) formulas, over the limit of \(maxFormulasPerPost) (--limit maxFormulasPerPost=…)")
        }
        var total = 0
        for fence in post.fences {
            // A claim is a statement starting with `claim` (a chain's continuation lines are part of it).
            let lines = fence.content.split(separator: "\n", omittingEmptySubsequences: false)
            var inFence = 0
            for (offset, line) in lines.enumerated() {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                guard trimmed.hasPrefix("claim"), trimmed.dropFirst(5).first.map({ $0 == " " || $0 == "\t" }) ?? true else { continue }
                inFence += 1
                total += 1
                if inFence > maxClaimsPerFence {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: fence.line + 1 + offset, column: 1),
                        message: "fence has more than \(maxClaimsPerFence) claims (--limit maxClaimsPerFence=…); split it")
                }
                if total > maxClaimsPerPost {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: fence.line + 1 + offset, column: 1),
                        message: "post has more than \(maxClaimsPerPost) claims (--limit maxClaimsPerPost=…); split it")
                }
            }
        }
    }

    /// Throws the first size limit `text` (a whole post file) breaks, naming the line.
    func check(_ text: String, path: String) throws(Diagnostic) {
        let utf8 = text.utf8
        if utf8.count > maxPostBytes {
            throw Diagnostic(
                path: path, location: SourceLocation(line: 1, column: 1),
                message: "post is \(utf8.count) bytes, over the limit of \(maxPostBytes) bytes (--limit maxPostBytes=…)")
        }
        var line = 1
        var lineLength = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineLength = 0
                continue
            }
            lineLength += 1
            if lineLength > maxLineBytes {
                throw Diagnostic(
                    path: path, location: SourceLocation(line: line, column: 1),
                    message: "line is longer than the limit of \(maxLineBytes) bytes (--limit maxLineBytes=…)")
            }
        }
    }

    /// Throws if the front matter `source` (between its delimiter lines) is too large or nested too deeply
    /// for the YAML and TOML parsers, whose tree builders recurse.
    ///
    /// - Parameter firstLine: the file line of `source`'s first line.
    func checkFrontMatter(_ source: Substring, path: String, firstLine: Int) throws(Diagnostic) {
        let utf8 = source.utf8
        if utf8.count > maxFrontMatterBytes {
            throw Diagnostic(
                path: path, location: SourceLocation(line: firstLine, column: 1),
                message: "front matter is \(utf8.count) bytes, over the limit of \(maxFrontMatterBytes) bytes (--limit maxFrontMatterBytes=…)")
        }
        var depth = 0
        var line = firstLine
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxFrontMatterNesting {
                    throw Diagnostic(
                        path: path, location: SourceLocation(line: line, column: 1),
                        message: "front matter is nested more than \(maxFrontMatterNesting) levels deep (--limit maxFrontMatterNesting=…)")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
    }

    /// Throws the first structural limit the Markdown `text` breaks (exactly what cmark-gfm will be given).
    ///
    /// - Parameters:
    ///   - text: the Markdown handed to cmark-gfm.
    ///   - fileLine: maps a line of `text` (counted as CommonMark does: `\n`, `\r\n` or a lone `\r`)
    ///     to the line of the post file.
    func checkMarkdown(_ text: String, path: String, fileLine: (Int) -> Int = { $0 }) throws(Diagnostic) {
        var scan = MarkdownScan(limits: self)
        let failure: (message: String, line: Int)? = text.utf8.withContiguousStorageIfAvailable { scan.run($0) } ?? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { scan.run($0) }
        }()
        if let failure {
            throw Diagnostic(
                path: path, location: SourceLocation(line: fileLine(failure.line), column: 1), message: failure.message)
        }
    }
}

/// One linear pass over a post's Markdown that models just enough of cmark-gfm's block
/// structure to bound what the parser will do: container nesting, tables, per-paragraph
/// counts of the characters its quadratic cases repeat, and link reference definitions.
private struct MarkdownScan {
    let limits: InputLimits

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

    init(limits: InputLimits) {
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
            start = bytes[end] == Self.carriageReturn && end + 1 < bytes.count && bytes[end + 1] == Self.newline ? end + 2 : end + 1
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
                while markerEnd < end, markerEnd - next < 9, bytes[markerEnd] >= UInt8(ascii: "0"), bytes[markerEnd] <= UInt8(ascii: "9") {
                    markerEnd += 1
                }
                guard markerEnd > next, markerEnd < end, bytes[markerEnd] == UInt8(ascii: ".") || bytes[markerEnd] == UInt8(ascii: ")")
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
        let cells = max(1, pipes + 1 - (first < end && bytes[first] == UInt8(ascii: "|") ? 1 : 0) - (pipes > 0 && lastPipe == last && last != first ? 1 : 0))
        if delimiterLike && dashes > 0 {
            delimiterRows += 1
            if delimiterRows > limits.maxDelimiterRowsPerParagraph {
                return "paragraph has more than \(limits.maxDelimiterRowsPerParagraph) lines that look like a table's delimiter row ('|---|'), which cmark-gfm re-reads the paragraph for (--limit maxDelimiterRowsPerParagraph=…)"
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
                return "table has more than \(limits.maxTableCells) cells (\(tableRows) rows of \(tableColumns)) (--limit maxTableCells=…)"
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
                if index + 2 < end, bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/") { autolinks += 1 }
            default: break
            }
            index += 1
        }
        if brackets > limits.maxBracketsPerParagraph {
            return "paragraph has more than \(limits.maxBracketsPerParagraph) '[' (--limit maxBracketsPerParagraph=…; CVE-2023-22486)"
        }
        if angles > limits.maxAngleBracketsPerParagraph {
            return "paragraph has more than \(limits.maxAngleBracketsPerParagraph) '<' (--limit maxAngleBracketsPerParagraph=…; CVE-2023-22483)"
        }
        if autolinks > limits.maxAutolinksPerParagraph {
            return "paragraph has more than \(limits.maxAutolinksPerParagraph) autolink candidates ('www.', '://') (--limit maxAutolinksPerParagraph=…; CVE-2023-22483)"
        }
        if emphasis > limits.maxEmphasisDelimitersPerParagraph {
            return "paragraph has more than \(limits.maxEmphasisDelimitersPerParagraph) '*' and '_' (--limit maxEmphasisDelimitersPerParagraph=…; CVE-2023-22483)"
        }
        if autolinks > 0, parentheses > limits.maxParenthesesAfterAutolink {
            return "paragraph has an autolink candidate and more than \(limits.maxParenthesesAfterAutolink) ')' (--limit maxParenthesesAfterAutolink=…; CVE-2023-22483)"
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
            if index < end, [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "(")].contains(bytes[index]), openDefinition == nil {
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
        return "link reference definition of \(largestDefinition) bytes and \(totalBrackets) '[' in the post could expand to more than \(limits.maxReferenceExpansion) bytes (--limit maxReferenceExpansion=…)"
    }
}

extension InputLimits {
    /// The limits by name, for `--limit NAME=VALUE`.
    public static var names: [String: WritableKeyPath<InputLimits, Int>] {
        [
        "maxPostBytes": \.maxPostBytes, "maxLineBytes": \.maxLineBytes,
        "maxFrontMatterBytes": \.maxFrontMatterBytes, "maxFrontMatterNesting": \.maxFrontMatterNesting,
        "maxNestingDepth": \.maxNestingDepth, "maxTableColumns": \.maxTableColumns, "maxTableCells": \.maxTableCells,
        "maxDelimiterRowsPerParagraph": \.maxDelimiterRowsPerParagraph,
        "maxBracketsPerParagraph": \.maxBracketsPerParagraph,
        "maxAngleBracketsPerParagraph": \.maxAngleBracketsPerParagraph,
        "maxAutolinksPerParagraph": \.maxAutolinksPerParagraph, "maxTildesPerParagraph": \.maxTildesPerParagraph,
        "maxEmphasisDelimitersPerParagraph": \.maxEmphasisDelimitersPerParagraph,
        "maxParenthesesAfterAutolink": \.maxParenthesesAfterAutolink, "maxReferenceExpansion": \.maxReferenceExpansion,
        "maxFileBytes": \.maxFileBytes, "maxTagsPerPost": \.maxTagsPerPost, "maxClaimsPerFence": \.maxClaimsPerFence,
        "maxClaimsPerPost": \.maxClaimsPerPost, "maxFormulasPerPost": \.maxFormulasPerPost, "maxOutputBytes": \.maxOutputBytes,
        ]
    }

    /// Sets the limit written as `NAME=VALUE` (a positive integer).
    ///
    /// - Returns: `nil` on success, or a message naming what is wrong.
    public mutating func set(_ assignment: String) -> String? {
        do {
            set(try Assignment(parsing: assignment))
            return nil
        } catch {
            return error.message
        }
    }

    /// Sets one checked `NAME=VALUE` assignment.
    public mutating func set(_ assignment: Assignment) {
        if let keyPath = Self.names[assignment.name] { self[keyPath: keyPath] = assignment.value }
    }

    /// The default limits with `assignments` set in order (a later one for the same limit wins).
    public init(setting assignments: [Assignment]) {
        self.init()
        for assignment in assignments { set(assignment) }
    }

    /// One `--limit NAME=VALUE`, parsed and checked once: `name` is one of ``names`` and `value`
    /// is a positive whole number.
    public struct Assignment: Sendable, Hashable, CustomStringConvertible {
        /// The limit's name, a key of ``InputLimits/names``.
        public let name: String
        /// The new bound, greater than zero.
        public let value: Int

        /// Parses `NAME=VALUE`.
        ///
        /// - Throws: ``InvalidAssignment`` naming the unknown limit (and listing the known ones) or
        ///   the value that is not a positive whole number.
        public init(parsing text: String) throws(InvalidAssignment) {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, InputLimits.names[parts[0]] != nil else {
                throw InvalidAssignment(
                    message: "unknown limit '\(parts.first ?? text)'; the limits are \(InputLimits.names.keys.sorted().joined(separator: ", "))")
            }
            guard let value = Int(parts[1]), value > 0 else {
                throw InvalidAssignment(message: "limit \(parts[0]) must be a positive whole number, not '\(parts[1])'")
            }
            self.name = parts[0]
            self.value = value
        }

        /// `NAME=VALUE`, as written on the command line.
        public var description: String { "\(name)=\(value)" }
    }

    /// Why a `NAME=VALUE` limit assignment was refused.
    public struct InvalidAssignment: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, naming the limit or the value.
        public let message: String

        /// The message.
        public var description: String { message }
    }
}
