import Diagnostics
import MathFinder

/// A mark on one row of a numbered equation: what the claim checking that row came to, and the anchor of the
/// claim's card the mark links to. Rendered by ``EquationNumbering/tagTeX(number:mark:)``.
public enum EquationRowMark: Sendable, Equatable {
    /// The row was checked and holds: a ✓.
    case verified(anchor: String)
    /// The row was checked and does not hold: a ✗.
    case refuted(anchor: String)
    /// The row is claimed but was not checked: a dash.
    case notChecked(anchor: String)
}

/// What a reference to an equation says about the equation's check, after its number ("Eq. (3) ✓").
public enum EquationReferenceStatus: Sendable, Equatable {
    /// Every checked row of the equation holds.
    case verified
    /// A checked row of the equation does not hold.
    case refuted
    /// The equation is claimed but was not checked.
    case notChecked
}

/// The numbered equations of one post: each label's number, where it is, and the TeX and HTML the labels and
/// references become.
///
/// A display carries a label with `\label{NAME}` (in an `align`, `aligned` or `gather`, for the row it stands
/// in) or with `{#eq:NAME}` after its closing delimiter (for its last row). Labels are numbered 1, 2, 3 … in
/// the order they appear in the post; a label in a row that has the author's own `\tag{…}` refers to that tag
/// instead, and takes no number. Before KaTeX each `\label` becomes a `\tag{n}` (``tagTeX(number:mark:)``),
/// a `{#eq:…}` adds one at the end of the last row, and `\eqref{…}` and `\ref{…}` in math become links
/// (`\href{#eq-x}{\text{(n)}}`). References in the prose (`\eqref`, `\ref`, `@eq:`) become HTML links through
/// ``referenceHTML(_:status:)``. In a post with labels, the rows of KaTeX's self-numbering environments
/// (`align`, `gather`, `equation`, `alignat`) that carry no label or tag get `\notag`, so every number shown is
/// one a reference can name.
///
/// Problems (a reference to an unknown label, a label used twice, two labels on one row, a label with other
/// characters than `[A-Za-z0-9:_.-]`) are one message each, at the label or the reference; the page still
/// renders, an unknown reference showing `(??)`.
public struct EquationNumbering: Sendable {
    /// One label of the post.
    public struct Entry: Sendable, Equatable {
        /// The label, as written (`eq:dLdz`).
        public var label: String
        /// What the equation shows and references print: the number (`3`), or the author's `\tag` text.
        public var number: String
        /// The index of the display among the post's formulas (`PreparedPost.formulas`, its math in order).
        public var formula: Int
        /// Where the label is written in the post's file (its `\label` or its `{#eq:`).
        public var location: SourceLocation
        /// The row of the display it labels: 0-based, counting the display's top-level `\\` separators.
        public var row: Int
        /// The `id` of the display's anchor on the page (`eq-dLdz`): the label with `:` as `-`, unique in the page.
        public var anchor: String
    }

    /// The labels, in the order they appear in the post.
    public private(set) var entries: [Entry] = []
    /// The messages about labels and references, in the order of the post.
    private(set) var diagnostics: [Diagnostic] = []
    private var entryIndex: [String: Int] = [:]
    private var displays: [Int: ScannedDisplay] = [:]
    private var formulaTeX: [String]
    private var anchorsByFormula: [Int: [String]] = [:]
    private var proseReferences: [EquationReferenceSpan]

    /// The entry for `label`, if a display of the post carries it.
    public func entry(for label: String) -> Entry? {
        entryIndex[label].map { entries[$0] }
    }

    /// The numbering of a post's math.
    /// - Parameters:
    ///   - spans: the post's math, in order (its formulas' indices are the spans' indices).
    ///   - references: the references in the post's prose.
    ///   - path: the post's path, for messages.
    ///   - severity: what a problem is (an error, or a warning with `--keep-going`).
    ///   - locate: the position in the file of a UTF-8 offset into the post's body.
    init(
        spans: [MathSpan], references: [EquationReferenceSpan], path: String, severity: Severity,
        locate: (Int) -> SourceLocation
    ) {
        formulaTeX = spans.map(\.tex)
        proseReferences = references
        var next = 1
        // Located once sorted, so `locate` is asked for offsets in order (as it is for the labels).
        var problems: [(offset: Int, message: String)] = []
        func problem(_ offset: Int, _ message: String) {
            problems.append((offset, message))
        }
        for (index, span) in spans.enumerated() {
            var scanned = ScannedDisplay(tex: span.tex, isDisplay: span.isDisplay)
            let inTeX = { (offset: Int) in span.texUTF8Start + offset }
            for bad in scanned.malformedLabels {
                problem(
                    inTeX(bad.lowerBound),
                    "an equation label is made of letters, digits and ':', '_', '.' and '-' only")
            }
            // Every label of the display, in order: its rows' `\label`s, then the `{#eq:…}` after it.
            var labels: [(label: String, offset: Int, row: Int, texOffset: Int?)] = []
            for (rowIndex, row) in scanned.rows.enumerated() {
                for label in row.labels {
                    labels.append((label.name, inTeX(label.range.lowerBound), rowIndex, label.range.lowerBound))
                }
            }
            if let attached = span.attachedLabel {
                labels.append((attached.label, attached.utf8Offset, scanned.lastRowIndex, nil))
            }
            for label in labels {
                if let first = entryIndex[label.label] {
                    problem(
                        label.offset,
                        "the equation label '\(label.label)' is used twice in this post: first on line \(entries[first].location.line)"
                    )
                    continue
                }
                var row = scanned.rows[label.row]
                if let other = row.assignedLabel {
                    problem(
                        label.offset,
                        "this row of the display already has the label '\(other)': a row takes one label, and one number")
                    continue
                }
                let number: String
                if let tag = row.authorTag {
                    number = tag.text
                } else {
                    number = String(next)
                    next += 1
                }
                row.assignedLabel = label.label
                row.assignedLabelOffset = label.texOffset
                row.assignedNumber = number
                row.numberFromAttachedLabel = label.texOffset == nil
                scanned.rows[label.row] = row
                entryIndex[label.label] = entries.count
                entries.append(
                    Entry(
                        label: label.label, number: number, formula: index, location: locate(label.offset), row: label.row,
                        anchor: Self.anchorBase(of: label.label)))
            }
            if !labels.isEmpty || !scanned.references.isEmpty || !scanned.malformedLabels.isEmpty {
                displays[index] = scanned
            } else if span.isDisplay, scanned.numberedEnvironment {
                displays[index] = scanned  // It may need `\notag`s, once the post is known to have labels.
            }
        }
        // The references, in math and in the prose, to labels that exist.
        for (index, span) in spans.enumerated() {
            for reference in displays[index]?.references ?? [] where entryIndex[reference.label] == nil {
                problem(span.texUTF8Start + reference.range.lowerBound, Self.unknownLabelMessage(reference.label))
            }
        }
        for reference in references where entryIndex[reference.label] == nil {
            problem(reference.utf8Range.lowerBound, Self.unknownLabelMessage(reference.label))
        }
        diagnostics = problems.sorted { $0.offset < $1.offset }.map {
            Diagnostic(severity, path: path, location: locate($0.offset), message: $0.message)
        }
    }

    private static func unknownLabelMessage(_ label: String) -> String {
        "no equation in this post has the label '\(label)' (a display takes one with \\label{\(label)} or {#\(label)} after it)"
    }

    /// The label as an `id`: `:` becomes `-` (`eq:dLdz` → `eq-dLdz`).
    static func anchorBase(of label: String) -> String {
        String(label.map { $0 == ":" ? "-" : $0 })
    }

    /// Makes every anchor unique in the page: one that could be a claim card's (`claim-…`) starts with `eq-`,
    /// and one that is taken (by `taken`, the page's other `id`s, or an earlier label's anchor) gets `-2`, `-3` …
    /// appended.
    mutating func assignAnchors(avoiding taken: Set<String>) {
        var used = taken
        for index in entries.indices {
            var base = entries[index].anchor
            if base.hasPrefix("claim-") { base = "eq-" + base }
            var anchor = base
            var suffix = 2
            while used.contains(anchor) {
                anchor = base + "-" + String(suffix)
                suffix += 1
            }
            used.insert(anchor)
            entries[index].anchor = anchor
        }
        anchorsByFormula = Dictionary(grouping: entries, by: \.formula).mapValues { $0.map(\.anchor) }
    }

    /// The anchors of formula `index`'s labels, in order (empty for a formula without labels).
    func anchors(ofFormula index: Int) -> [String] {
        anchorsByFormula[index] ?? []
    }

    // MARK: - TeX

    /// The TeX of a row's number: `\tag{n}`, or with a mark `\tag*{(n)\ \htmlClass{eq-mark eq-mark-…}{\href{#anchor}{…}}}`
    /// with a ✓ (`\checkmark`), a ✗ (`\times`) or a dash (`--`), set in KaTeX's own fonts. Empty with neither a
    /// number nor a mark.
    /// - Parameters:
    ///   - number: the row's number or the author's tag text, if it has one.
    ///   - mark: the row's check, if it has one.
    /// - Returns: TeX for the end of the row.
    static func tagTeX(number: String?, mark: EquationRowMark?) -> String {
        guard let mark else { return number.map { "\\tag{\($0)}" } ?? "" }
        let (kind, anchor, symbol): (String, String, String)
        switch mark {
        case .verified(let target): (kind, anchor, symbol) = ("verified", target, "$\\checkmark$")
        case .refuted(let target): (kind, anchor, symbol) = ("refuted", target, "$\\times$")
        case .notChecked(let target): (kind, anchor, symbol) = ("not-checked", target, "--")
        }
        let markTeX = "\\htmlClass{eq-mark eq-mark-\(kind)}{\\href{#\(Self.safeAnchor(anchor))}{\(symbol)}}"
        return "\\tag*{" + (number.map { "(\($0))\\ " } ?? "") + markTeX + "}"
    }

    /// `anchor` with only the characters an anchor of the site is made of (so it cannot end the `\href`).
    private static func safeAnchor(_ anchor: String) -> String {
        String(String.UnicodeScalarView(anchor.unicodeScalars.filter { $0.isASCII && isEquationLabelByte(UInt8($0.value)) }))
    }

    /// The TeX KaTeX gets for formula `index` and how it was changed from the post's (for error positions), or nil
    /// when the formula is unchanged.
    ///
    /// `marks` puts a check's mark on rows of the display (by row index, as ``Entry/row`` counts): a numbered row
    /// gets its number and the mark (``tagTeX(number:mark:)``), the author's `\tag{A}` becomes `(A)` and the mark,
    /// and a row without a number gets the mark alone (``EquationMarks`` passes them once the rows are checked).
    func rewrittenTeX(ofFormula index: Int, marks: [Int: EquationRowMark] = [:]) -> RewrittenTeX? {
        guard index >= 0, index < formulaTeX.count,
            let scanned = displays[index] ?? (marks.isEmpty ? nil : ScannedDisplay(tex: formulaTeX[index], isDisplay: true))
        else { return nil }
        let tex = Array(formulaTeX[index].utf8)
        var edits: [(range: Range<Int>, text: String)] = []
        for bad in scanned.malformedLabels { edits.append((bad, "")) }
        let postHasLabels = !entries.isEmpty
        for (rowIndex, row) in scanned.rows.enumerated() {
            let mark = marks[rowIndex]
            for label in row.labels {
                // The row's own label becomes its tag (unless the author wrote one); another one is dropped.
                let becomesTag = label.range.lowerBound == row.assignedLabelOffset && row.authorTag == nil
                edits.append((label.range, becomesTag ? Self.tagTeX(number: row.assignedNumber, mark: mark) : ""))
            }
            if let tag = row.authorTag, let mark {
                edits.append((tag.range, Self.tagTeX(number: tag.text, mark: mark)))
            } else if row.authorTag == nil, row.numberFromAttachedLabel || (row.assignedNumber == nil && mark != nil) {
                edits.append((row.end..<row.end, " " + Self.tagTeX(number: row.assignedNumber, mark: mark)))
            } else if postHasLabels, scanned.numberedEnvironment, row.assignedLabel == nil, row.authorTag == nil,
                !row.hasNotag, !row.isBlank
            {
                edits.append((row.end..<row.end, " \\notag"))
            }
        }
        let taggedRows = scanned.rows.indices.filter {
            scanned.rows[$0].assignedNumber != nil || scanned.rows[$0].authorTag != nil || marks[$0] != nil
        }
        // An `aligned` or `gathered` that is the whole display numbers its rows one by one as `align*`/`gather*`.
        if let whole = scanned.wholeEnvironment, !taggedRows.isEmpty,
            let renamed = ["aligned": "align*", "gathered": "gather*"][whole.name]
        {
            edits.append((whole.beginName, renamed))
            edits.append((whole.endName, renamed))
        }
        for reference in scanned.references {
            edits.append((reference.range, mathReferenceTeX(reference.kind, label: reference.label)))
        }
        guard !edits.isEmpty else { return nil }
        edits.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        // Rows of a display that is no environment (`a \\ b`) each keep their number inside a `gather*`, where
        // KaTeX sets a `\tag` per row (outside one it takes one tag for the whole display).
        if scanned.wholeEnvironment == nil, taggedRows.count > 1 {
            edits.insert((0..<0, "\\begin{gather*}"), at: 0)
            edits.append((tex.count..<tex.count, "\\end{gather*}"))
        }
        var output: [UInt8] = []
        var changes: [RewrittenTeX.Change] = []
        var position = 0
        for edit in edits where edit.range.lowerBound >= position {
            output += tex[position..<edit.range.lowerBound]
            let start = output.count
            output += Array(edit.text.utf8)
            changes.append(
                RewrittenTeX.Change(
                    rewritten: start..<output.count, original: edit.range.lowerBound..<edit.range.upperBound))
            position = edit.range.upperBound
        }
        output += tex[position...]
        return RewrittenTeX(tex: String(decoding: output, as: UTF8.self), changes: changes)
    }

    /// A reference inside math: a link to the equation with its number, in text, as KaTeX sets a `\tag`.
    private func mathReferenceTeX(_ kind: EquationReferenceKind, label: String) -> String {
        guard let entry = entry(for: label) else { return kind == .ref ? "\\text{??}" : "\\text{(??)}" }
        let text =
            switch kind {
            case .ref: entry.number
            case .eqref: "(\(entry.number))"
            case .crossref: "Eq.~(\(entry.number))"
            }
        return "\\href{#\(Self.safeAnchor(entry.anchor))}{\\text{\(text)}}"
    }

    // MARK: - Prose

    /// The HTML of prose reference `index` (into the post's `ProtectedMarkdown.references`): a link to the
    /// equation, `(3)` for `\eqref`, `3` for `\ref`, `Eq. (3)` for `@eq:`, with the equation's check after it when
    /// `status` gives one; `(??)` (not a link) for a label no equation has.
    /// - Parameters:
    ///   - index: the reference's index.
    ///   - statuses: what each label's check came to (the pipeline feeds it; empty for none).
    ///   - linked: false inside a link's text, where the reference is a `span` (with the same class) instead.
    /// - Returns: HTML for the reference's place.
    func referenceHTML(_ index: Int, statuses: [String: EquationReferenceStatus] = [:], linked: Bool = true) -> String {
        let reference = proseReferences[index]
        return Self.referenceHTML(
            kind: reference.kind, target: entry(for: reference.label), status: statuses[reference.label], linked: linked)
    }

    /// The plain text of prose reference `index` (for a heading's text and its `id`): `(3)`, `3` or `Eq. (3)`.
    func referencePlainText(_ index: Int) -> String {
        let reference = proseReferences[index]
        return Self.referenceText(kind: reference.kind, number: entry(for: reference.label)?.number ?? "??")
    }

    private static func referenceText(kind: EquationReferenceKind, number: String) -> String {
        switch kind {
        case .eqref: "(\(number))"
        case .ref: number
        case .crossref: "Eq. (\(number))"
        }
    }

    /// The one function a reference's HTML comes from.
    /// - Parameters:
    ///   - kind: how the reference is written.
    ///   - target: the equation it names, or nil when no equation has the label.
    ///   - status: the equation's check, shown after the number in a `span` whose class CSS colours.
    ///   - linked: whether the reference is a link (false inside another link's text: a `span`).
    /// - Returns: `<a class="eqref" href="#eq-x">Eq. (3)</a>`, with the status inside the link.
    static func referenceHTML(
        kind: EquationReferenceKind, target: Entry?, status: EquationReferenceStatus?, linked: Bool = true
    ) -> String {
        guard let target else {
            return "<span class=\"eqref eqref-unknown\">\(HTML.escape(referenceText(kind: kind, number: "??")))</span>"
        }
        var html =
            (linked ? "<a class=\"eqref\" href=\"#\(HTML.escape(target.anchor))\">" : "<span class=\"eqref\">")
            + HTML.escape(referenceText(kind: kind, number: target.number))
        if let status {
            let (kind, symbol, title) =
                switch status {
                case .verified: ("verified", "✓", "checked: holds")
                case .refuted: ("refuted", "✗", "checked: does not hold")
                case .notChecked: ("not-checked", "–", "not checked")
                }
            html += "&nbsp;<span class=\"eq-status eq-status-\(kind)\" title=\"\(title)\">\(symbol)</span>"
        }
        return html + (linked ? "</a>" : "</span>")
    }
}

/// Positions of UTF-8 offsets in a text, asked for mostly in increasing order: each answer continues from the last
/// one along its line, so answering all the labels and references of a post is linear in its length even when
/// they share one long line (a ``LineIndex`` lookup scans its line from the start). An offset before the last
/// one, or on another line, is looked up in the index.
struct ForwardLocator {
    private let utf8: [UInt8]
    private let index: LineIndex
    private var last: (offset: Int, location: SourceLocation)?

    init(_ text: String) {
        utf8 = Array(text.utf8)
        index = LineIndex(utf8: utf8)
    }

    /// The 1-based line and column (in Unicode scalars, as ``LineIndex`` counts) of `offset`.
    mutating func location(ofUTF8Offset offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, utf8.count))
        if let last, offset >= last.offset {
            var column = last.location.column
            var position = last.offset
            while position < offset, utf8[position] != UInt8(ascii: "\n") {
                if utf8[position] & 0xC0 != 0x80 { column += 1 }
                position += 1
            }
            if position == offset {
                let location = SourceLocation(line: last.location.line, column: column)
                self.last = (offset, location)
                return location
            }
        }
        let location = index.location(ofUTF8Offset: offset)
        last = (offset, location)
        return location
    }
}

/// A formula's TeX after its labels and references were rewritten, with where each change stands, so a KaTeX
/// error in the new TeX is reported at its place in the post.
struct RewrittenTeX: Sendable, Equatable {
    /// One replaced range: UTF-8 offsets in the new TeX and in the post's.
    struct Change: Sendable, Equatable {
        var rewritten: Range<Int>
        var original: Range<Int>
    }

    var tex: String
    var changes: [Change]

    /// The UTF-8 offset in the post's TeX of UTF-8 offset `offset` in the new one (a position inside an inserted
    /// text maps to where it was inserted).
    func originalOffset(of offset: Int) -> Int {
        var delta = 0
        for change in changes {
            if offset < change.rewritten.lowerBound { break }
            if offset < change.rewritten.upperBound { return change.original.lowerBound }
            delta = change.rewritten.upperBound - change.original.upperBound
        }
        return offset - delta
    }
}

/// One formula's TeX read for what numbering needs: its rows (top-level `\\`), each row's `\label`s, `\tag` and
/// `\notag`, its `\eqref`/`\ref`s, and the environment that is the whole display, if one is.
///
/// One pass, linear; `%` comments are skipped; nothing is expanded (a macro that writes `\label` is not seen).
struct ScannedDisplay: Sendable {
    struct Label: Sendable {
        var name: String
        var range: Range<Int>
    }

    struct Row: Sendable {
        var labels: [Label] = []
        var authorTag: (text: String, range: Range<Int>)?
        var hasNotag = false
        /// Where a tag for the row goes: the offset of the `\\` that ends it, or of the end of its environment.
        var end = 0
        var isBlank = true
        // Set by the numbering:
        var assignedLabel: String?
        /// Where the assigned label's `\label` starts in the TeX (nil for a `{#eq:…}`).
        var assignedLabelOffset: Int?
        var assignedNumber: String?
        var numberFromAttachedLabel = false
    }

    struct Reference: Sendable {
        var kind: EquationReferenceKind
        var label: String
        var range: Range<Int>
    }

    var rows: [Row] = [Row()]
    var references: [Reference] = []
    /// `\label{…}`s whose argument is not a label (they are removed, with a message).
    var malformedLabels: [Range<Int>] = []
    /// The environment that is the whole display (`\begin{align}…\end{align}`), with where its names stand.
    var wholeEnvironment: (name: String, beginName: Range<Int>, endName: Range<Int>)?

    /// Whether the whole display is one of KaTeX's self-numbering environments (`align`, `gather`, `equation`,
    /// `alignat`), which number every row that has no `\tag` or `\notag`.
    var numberedEnvironment: Bool {
        guard let name = wholeEnvironment?.name else { return false }
        return ["align", "gather", "equation", "alignat"].contains(name)
    }

    /// The last row that is not blank (the row a `{#eq:…}` labels).
    var lastRowIndex: Int {
        rows.lastIndex { !$0.isBlank } ?? 0
    }

    /// Environments whose `\\` separate the display's rows.
    private static let rowEnvironments: Set<String> = [
        "align", "align*", "aligned", "alignat", "alignat*", "alignedat", "gather", "gather*", "gathered", "equation",
        "equation*", "split",
    ]

    private enum Frame {
        case brace
        case environment(String)
    }

    init(tex: String, isDisplay: Bool) {
        let bytes = Array(tex.utf8)
        let count = bytes.count
        var stack: [Frame] = []
        // How many frames of the stack are braces or environments whose `\\` are not the display's rows, and where
        // the innermost environment is: kept as frames come and go, so every step is constant time.
        var framesBelowRowLevel = 0
        var environmentPositions: [Int] = []
        func push(_ frame: Frame) {
            switch frame {
            case .brace: framesBelowRowLevel += 1
            case .environment(let name):
                if !Self.rowEnvironments.contains(name) { framesBelowRowLevel += 1 }
                environmentPositions.append(stack.count)
            }
            stack.append(frame)
        }
        func pop() {
            guard let frame = stack.popLast() else { return }
            switch frame {
            case .brace: framesBelowRowLevel -= 1
            case .environment(let name):
                if !Self.rowEnvironments.contains(name) { framesBelowRowLevel -= 1 }
                environmentPositions.removeLast()
            }
        }
        var index = 0
        var firstEnvironment: (name: String, beginName: Range<Int>)?
        var firstEnvironmentClosed = false
        var sawContentBeforeEnvironment = false
        var wholeCandidate: (name: String, beginName: Range<Int>, endName: Range<Int>, end: Int)?

        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        func skipSpaces(_ from: Int) -> Int {
            var position = from
            while position < count,
                bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A
                    || bytes[position] == 0x0D
            {
                position += 1
            }
            return position
        }
        /// A braced argument at `from` (after spaces) of at most `maxLength` bytes: its text's range and the offset
        /// after its `}` (the bound keeps the pass linear over unclosed arguments).
        func argument(_ from: Int, maxLength: Int = 256) -> (Range<Int>, Int)? {
            let open = skipSpaces(from)
            guard open < count, bytes[open] == UInt8(ascii: "{") else { return nil }
            var depth = 0
            var position = open
            while position < count, position - open <= maxLength {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 1
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"):
                    depth -= 1
                    if depth == 0 { return ((open + 1)..<position, position + 1) }
                default: break
                }
                position += 1
            }
            return nil
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func startsBegin(_ position: Int) -> Bool {
            position + 6 <= count && bytes[position..<(position + 6)].elementsEqual("\\begin".utf8)
        }
        func isLabel(_ range: Range<Int>) -> Bool { !range.isEmpty && bytes[range].allSatisfy(isEquationLabelByte) }
        /// Whether a `\\` here separates the display's rows (not a matrix's, a case's or a `\substack`'s).
        func atRowLevel() -> Bool { framesBelowRowLevel == 0 }
        func markContent() {
            if atRowLevel() { rows[rows.count - 1].isBlank = false }
        }

        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                while index < count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            if stack.isEmpty && firstEnvironment == nil && !startsBegin(index) { sawContentBeforeEnvironment = true }
            if stack.isEmpty, let candidate = wholeCandidate, index >= candidate.end { wholeCandidate = nil }
            switch byte {
            case UInt8(ascii: "{"):
                markContent()
                push(.brace)
                index += 1
            case UInt8(ascii: "}"):
                if case .brace = stack.last { pop() }
                index += 1
            case UInt8(ascii: "\\"):
                let start = index
                guard index + 1 < count else {
                    index += 1
                    continue
                }
                if !isLetter(bytes[index + 1]) {
                    if bytes[index + 1] == UInt8(ascii: "\\"), atRowLevel() {
                        rows[rows.count - 1].end = start
                        rows.append(Row())
                    } else {
                        markContent()
                    }
                    index += 2
                    continue
                }
                var nameEnd = index + 1
                while nameEnd < count, isLetter(bytes[nameEnd]) { nameEnd += 1 }
                let name = text((index + 1)..<nameEnd)
                index = nameEnd
                switch name {
                case "label" where isDisplay:
                    guard let (range, end) = argument(index) else { continue }
                    if isLabel(range) {
                        rows[rows.count - 1].labels.append(Label(name: text(range), range: start..<end))
                    } else {
                        malformedLabels.append(start..<end)
                    }
                    index = end
                case "tag":
                    var after = index
                    if after < count, bytes[after] == UInt8(ascii: "*") { after += 1 }
                    guard let (range, end) = argument(after, maxLength: 1024) else { continue }
                    rows[rows.count - 1].authorTag = (text(range), start..<end)
                    index = end
                case "notag", "nonumber":
                    rows[rows.count - 1].hasNotag = true
                case "eqref", "ref":
                    guard let (range, end) = argument(index), isLabel(range) else { continue }
                    references.append(Reference(kind: name == "ref" ? .ref : .eqref, label: text(range), range: start..<end))
                    markContent()
                    index = end
                case "begin":
                    guard let (range, end) = argument(index) else { continue }
                    let environment = text(range)
                    if stack.isEmpty && firstEnvironment == nil && !sawContentBeforeEnvironment {
                        firstEnvironment = (environment, range)
                    } else {
                        markContent()
                    }
                    push(.environment(environment))
                    index = end
                case "end":
                    guard let (range, end) = argument(index) else { continue }
                    let environment = text(range)
                    // It closes the innermost environment when the names match (with the braces left open in it).
                    if let position = environmentPositions.last, case .environment(let open) = stack[position],
                        open == environment
                    {
                        while stack.count > position { pop() }
                    }
                    if stack.isEmpty, let first = firstEnvironment, !firstEnvironmentClosed, first.name == environment {
                        rows[rows.count - 1].end = start
                        wholeCandidate = (first.name, first.beginName, range, end)
                        firstEnvironmentClosed = true
                    }
                    index = end
                default:
                    markContent()
                }
            default:
                markContent()
                index += 1
            }
        }
        if let candidate = wholeCandidate, skipSpaces(candidate.end) >= count {
            wholeEnvironment = (candidate.name, candidate.beginName, candidate.endName)
        } else {
            wholeEnvironment = nil
            rows[rows.count - 1].end = count
        }
    }
}
