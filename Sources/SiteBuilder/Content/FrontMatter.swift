import Compatibility
import Diagnostics
import Foundation
import TOMLKit
import Yams

/// The metadata a post declares in its front matter.
public struct PostMetadata: Sendable, Hashable {
    /// The title; `nil` means: use the first heading.
    public var title: String?
    /// The publication date.
    public var date: PostDate?
    /// Tags, in the order written.
    public var tags: [String] = []
    /// A draft is built only with `--drafts`.
    public var draft = false
    /// The last part of the post's URL; `nil` means: the file name.
    public var slug: String?
    /// A one-paragraph summary for the index and the feed.
    public var summary: String?
    /// KaTeX macros for this post's formulas, such as `\R` → `\mathbb{R}`.
    public var macros: [String: String] = [:]
    /// `check-equations:`: whether every display without a `verify` fence is checked automatically; `nil` when
    /// the post does not say (the site's `check-equations:` then decides).
    public var equationChecking: EquationChecking?
    /// `compatibility:`: the engine this post was written for; `nil` when the post does not say.
    public var compatibility: EngineProfile?
    /// The 1-based line of each field in the file, for diagnostics.
    public var fieldLines: [String: Int] = [:]

    /// Metadata with every field unset.
    public init() {}
}

/// A calendar date with an optional time, as written in front matter.
public struct PostDate: Sendable, Hashable, Comparable, Codable {
    /// The year, month (1–12) and day (1–31).
    public var year: Int, month: Int, day: Int
    /// The time of day as written after the date (`T10:00:00Z`), or empty.
    public var time: String

    /// Parses `2026-03-01`, `2026-03-01 10:00`, `2026-03-01T10:00:00Z` or `2026-03-01T10:00:00+02:00`.
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 10, scalars[4] == "-", scalars[7] == "-",
            let year = Int(String(String.UnicodeScalarView(scalars[0..<4]))),
            let month = Int(String(String.UnicodeScalarView(scalars[5..<7]))),
            let day = Int(String(String.UnicodeScalarView(scalars[8..<10])))
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        let rest = String(String.UnicodeScalarView(scalars[10...]))
        if !rest.isEmpty {
            guard rest.first == "T" || rest.first == " ",
                rest.dropFirst().allSatisfy({ $0.isNumber || ":+-.Z ".contains($0) })
            else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
        self.time = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `2026-03-01`.
    public var isoDate: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// RFC 3339 at midnight UTC unless a time was given (`2026-03-01T00:00:00Z`).
    public var rfc3339: String {
        if time.isEmpty { return isoDate + "T00:00:00Z" }
        var time = self.time.replacingOccurrences(of: " ", with: "")
        if time.count == 5 { time += ":00" }
        let hasZone = time.hasSuffix("Z") || time.dropFirst(5).contains { $0 == "+" || $0 == "-" }
        return isoDate + "T" + time + (hasZone ? "" : "Z")
    }

    /// `1 March 2026`, for pages.
    public var readable: String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(day) \(months[month - 1]) \(year)"
    }

    public static func < (lhs: PostDate, rhs: PostDate) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.time) < (rhs.year, rhs.month, rhs.day, rhs.time)
    }
}

/// Splits a post into front matter and body and reads the front matter.
///
/// YAML sits between `---` lines, as Jekyll writes it; TOML between `+++` lines, as Hugo
/// writes it. The opening line must be the first line of the file.
public enum FrontMatterReader {
    /// The result of splitting a post.
    public struct Split: Sendable {
        /// The metadata read from the front matter (empty when there is none).
        public var metadata: PostMetadata
        /// The Markdown after the closing delimiter line.
        public var body: String
        /// How many lines of the file precede the body.
        public var bodyLineOffset: Int
        /// Warnings about the front matter (a key that looks like a misspelt known one).
        public var warnings: [Diagnostic] = []
        /// How the front matter was written.
        public var style: EngineProfile.FrontMatterStyle = .yamlOrNone
    }

    /// Splits `text` (the whole file) and parses its front matter.
    ///
    /// Without a `---` or `+++` line first, a Pelican header (`Title: …` lines up to a blank line) and a pandoc
    /// title block (`% Title`, `% Author`, `% Date`) are front matter too; with `allowsUnopenedYAML` (Hexo), so is
    /// YAML closed by a `---` line that no `---` line opened.
    /// - Throws: a ``Diagnostic`` naming `path` and the line of the problem.
    public static func read(
        _ text: String, path: String, limits: InputLimits = InputLimits(), allowsUnopenedYAML: Bool = false
    ) throws(Diagnostic) -> Split {
        if let header = try headerSplit(text, path: path, allowsUnopenedYAML: allowsUnopenedYAML) { return header }
        var bytes = Substring(text).utf8[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Walk the lines as bytes (Swift counts "\r\n" as one Character), stopping at the closing
        // delimiter: the body after it is sliced off whole, never split into lines.
        var lineStart = bytes.startIndex
        var lineNumber = 0
        var delimiter: Substring?
        var sourceStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var line = Substring(bytes[lineStart..<lineEnd])
            line = line.trimmingTrailingCarriageReturn
            lineNumber += 1
            let next = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : bytes.endIndex
            if let opened = delimiter {
                if line == opened {
                    let source = String(Substring(bytes[sourceStart..<lineStart]))
                    let trimmedSource = source.hasSuffix("\n") ? String(source.dropLast()) : source
                    try limits.checkFrontMatter(Substring(trimmedSource), path: path, firstLine: 2)
                    let fields =
                        opened == "---"
                        ? try yamlFields(trimmedSource, path: path) : try tomlFields(trimmedSource, path: path)
                    let metadata = try metadata(from: fields, path: path)
                    return Split(
                        metadata: metadata, body: String(Substring(bytes[next...])), bodyLineOffset: lineNumber,
                        warnings: misspeltKeys(fields, path: path), style: opened == "---" ? .yamlOrNone : .toml)
                }
            } else {
                guard line == "---" || line == "+++" else {
                    return Split(metadata: PostMetadata(), body: String(Substring(bytes)), bodyLineOffset: 0)
                }
                delimiter = line
                sourceStart = next
            }
            lineStart = next
        }
        guard let opened = delimiter else {
            return Split(metadata: PostMetadata(), body: String(Substring(bytes)), bodyLineOffset: 0)
        }
        throw Diagnostic(
            path: path, location: SourceLocation(line: 1, column: 1),
            message: "front matter opened with '\(opened)' is never closed (add a '\(opened)' line after it)")
    }

    /// A front-matter value in a form common to YAML and TOML.
    indirect enum Value {
        case text(String)
        case bool(Bool)
        case list([Value])
        case table([(String, Value)])
        case other(String)
        /// A value the reader cannot represent (a YAML alias, TOML's inf and nan), with what it is.
        case unsupported(String)

        var typeName: String {
            switch self {
            case .text: "a string"
            case .bool: "true or false"
            case .list: "a list"
            case .table: "a table"
            case .other: "a value of another kind"
            case .unsupported(let what): what
            }
        }
    }

    struct Field {
        var key: String
        var value: Value
        var line: Int
        var column = 1
    }

    // MARK: YAML

    private static func yamlFields(_ source: String, path: String) throws(Diagnostic) -> [Field] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: source)
        } catch let error as YamlError {
            throw Diagnostic(
                path: path, location: yamlLocation(of: error),
                message: "front matter is not valid YAML: \(yamlSummary(of: error))")
        } catch {
            throw Diagnostic(path: path, location: SourceLocation(line: 1, column: 1), message: "front matter: \(error)")
        }
        guard let node else { return [] }
        guard case .mapping(let mapping) = node else {
            throw Diagnostic(
                path: path, location: SourceLocation(line: 2, column: 1),
                message: "front matter must be a mapping of fields such as 'title: …'")
        }
        return mapping.map { key, value in
            Field(
                key: key.string ?? "", value: yamlValue(value, depth: 0), line: (key.mark?.line ?? 1) + 1,
                column: key.mark?.column ?? 1)
        }
    }

    /// Converts a YAML node, only as deep as any field needs (a list or table of text): aliases share nodes,
    /// so a deeper walk could visit exponentially many (a "billion laughs" front matter).
    private static func yamlValue(_ node: Node, depth: Int) -> Value {
        if depth > 2 { return .other("nested") }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, let bool = Bool.construct(from: scalar) { return .bool(bool) }
            return .text(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map { yamlValue($0, depth: depth + 1) })
        case .mapping(let mapping):
            return .table(mapping.map { ($0.key.string ?? "", yamlValue($0.value, depth: depth + 1)) })
        case .alias:
            return .unsupported("an alias (*name)")
        }
    }

    private static func yamlLocation(of error: YamlError) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(line: mark.line + 1, column: mark.column)
        default:
            return SourceLocation(line: 2, column: 1)
        }
    }

    private static func yamlSummary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        default:
            return "\(error)"
        }
    }

    // MARK: TOML

    private static func tomlFields(_ source: String, path: String) throws(Diagnostic) -> [Field] {
        // toml++ (inside TOMLKit) asserts, and so crashes, on a table header whose name (or a dotted part
        // of it) starts with a character that cannot start a key (`[é]`, `[%x]`, `[` + a combining mark),
        // found by fuzzing; such a name is not valid TOML anyway. Scalars, not Characters: a combining
        // mark after `[` would otherwise join it into one Character and hide the bracket.
        for (offset, line) in source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let problem = tableHeaderProblem(Array(line)[...]) {
                throw Diagnostic(
                    path: path, location: SourceLocation(line: offset + 2, column: 1),
                    message: "front matter is not valid TOML: \(problem)")
            }
        }
        if let line = truncatedDateTimeLine(inTOML: source) {
            throw Diagnostic(
                path: path, location: SourceLocation(line: line + 1, column: 1),
                message: "front matter is not valid TOML: a date's 'T' must be followed by a time such as 10:30:00")
        }
        if let line = mismatchedBracketLine(inTOML: source) {
            throw Diagnostic(
                path: path, location: SourceLocation(line: line + 1, column: 1),
                message: "front matter is not valid TOML: a bracket is closed by the wrong kind ('[' by '}' or '{' by ']')")
        }
        let json: String
        do {
            json = try TOMLTable(string: source).convert(to: .json)
        } catch let error as TOMLParseError {
            throw Diagnostic(
                path: path,
                location: SourceLocation(line: error.source.begin.line + 1, column: error.source.begin.column),
                message: "front matter is not valid TOML: \(error.description)")
        } catch {
            throw Diagnostic(path: path, location: SourceLocation(line: 2, column: 1), message: "front matter: \(error)")
        }
        if let (line, column, word) = nonFiniteNumber(inTOML: source) {
            throw Diagnostic(
                path: path, location: SourceLocation(line: line + 1, column: column),
                message:
                    "front matter value '\(word)' cannot be used: no field takes an infinite or not-a-number value (write it in quotes to mean the text)"
            )
        }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(json.utf8)) else {
            throw Diagnostic(
                path: path, location: SourceLocation(line: 2, column: 1),
                message:
                    "front matter holds a value build-site cannot read (TOML converted to \(json.utf8.count) bytes of JSON it could not decode)"
            )
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return object.keys.sorted().map { key in
            let line =
                lines.firstIndex { line in
                    let trimmed = line.drop { $0 == " " || $0 == "\t" }
                    return trimmed.hasPrefix(key) && trimmed.dropFirst(key.count).drop { $0 == " " }.hasPrefix("=")
                } ?? 0
            return Field(key: key, value: object[key]?.value ?? .other(""), line: line + 2)
        }
    }

    /// What is wrong with a table header line whose name or a dotted part of it cannot start a key.
    private static func tableHeaderProblem(_ line: ArraySlice<Unicode.Scalar>) -> String? {
        // toml++ skips a byte-order mark as it skips spaces.
        let header = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" }
        guard header.first == "[" else { return nil }
        // `[table]` or `[[array of tables]]`: a third bracket is where a key must start.
        let name = header.dropFirst(header.dropFirst().first == "[" ? 2 : 1)
        let parts: [ArraySlice<Unicode.Scalar>] =
            name.contains { $0 == "\"" || $0 == "'" } ? [name] : name.split(separator: ".", omittingEmptySubsequences: false)
        for part in parts {
            guard let first = part.first(where: { $0 != " " && $0 != "\t" }) else {
                return "a table name has an empty part"
            }
            let startsKey =
                ("0"..."9").contains(first) || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
                || "_-\"'".unicodeScalars.contains(first)
            if !startsKey { return "a table name must start with a letter, digit, '_', '-' or a quote" }
        }
        return nil
    }

    /// The line (1-based, within `source`) of a date outside quotes followed by `T` or `t` and no digit
    /// (`2026-01-15tag`). toml++ asserts, and so crashes, on it (found by fuzzing).
    private static func truncatedDateTimeLine(inTOML source: String) -> Int? {
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let dash = UInt8(ascii: "-")
        for (offset, line) in source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var unquoted: [UInt8] = []
            var quote: UInt8?
            for byte in line {
                if let current = quote {
                    if byte == current { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                    unquoted.append(UInt8(ascii: " "))
                } else if byte == UInt8(ascii: "#") {
                    break
                } else {
                    unquoted.append(byte)
                }
            }
            guard unquoted.count >= 11 else { continue }
            for start in 0...(unquoted.count - 11) {
                let d = unquoted[start..<start + 11]
                let shape = d.enumerated().allSatisfy { index, byte in
                    switch index {
                    case 4, 7: byte == dash
                    case 10: byte == UInt8(ascii: "T") || byte == UInt8(ascii: "t")
                    default: isDigit(byte)
                    }
                }
                if shape && (start + 11 >= unquoted.count || !isDigit(unquoted[start + 11])) { return offset + 1 }
            }
        }
        return nil
    }

    /// The line (1-based, within `source`) of the first `}` closing a `[` or `]` closing a `{`, outside strings and
    /// comments. toml++ asserts, and so crashes, on `[}` (found by fuzzing); it is never valid TOML.
    private static func mismatchedBracketLine(inTOML source: String) -> Int? {
        var open: [UInt8] = []
        var line = 1
        var quote: UInt8?
        var escaped = false
        var comment = false
        for byte in source.utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                comment = false
                // One-line strings end here (multi-line ones are approximated).
                if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { quote = nil }
                continue
            }
            if comment { continue }
            if let current = quote {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") && current == UInt8(ascii: "\"") {
                    escaped = true
                } else if byte == current {
                    quote = nil
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#"): comment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"): open.append(byte)
            case UInt8(ascii: "]"):
                if open.last == UInt8(ascii: "{") { return line }
                _ = open.popLast()
            case UInt8(ascii: "}"):
                if open.last == UInt8(ascii: "[") { return line }
                _ = open.popLast()
            default: break
            }
        }
        return nil
    }

    /// The first `inf` or `nan` (signed or not) written as a TOML value outside strings and comments:
    /// its line (1-based, within `source`), column and spelling. JSON has no word for them, so the
    /// conversion TOMLKit does would otherwise lose every field.
    private static func nonFiniteNumber(inTOML source: String) -> (line: Int, column: Int, word: String)? {
        for (offset, line) in source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let scalars = Array(line)
            var quote: Unicode.Scalar?
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                if let current = quote {
                    if scalar == "\\" && current == "\"" { index += 1 } else if scalar == current { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == "#" {
                    break
                } else if scalar == "=" || scalar == "[" || scalar == "," || scalar == "{" {
                    // A value starts after these: skip spaces, then look for the word.
                    var start = index + 1
                    while start < scalars.count && (scalars[start] == " " || scalars[start] == "\t") { start += 1 }
                    var end = start
                    while end < scalars.count
                        && (scalars[end].properties.isAlphabetic || scalars[end] == "+" || scalars[end] == "-")
                    { end += 1 }
                    let word = String(String.UnicodeScalarView(scalars[start..<end]))
                    if ["inf", "+inf", "-inf", "nan", "+nan", "-nan"].contains(word) { return (offset + 1, start + 1, word) }
                }
                index += 1
            }
        }
        return nil
    }

    /// The fields build-site reads.
    static let knownKeys = [
        "title", "summary", "description", "slug", "date", "draft", "tags", "macros", "check-equations", "compatibility",
    ]

    // MARK: Other engines' headers

    /// The split of a post whose front matter is a Pelican header, a pandoc title block or (with
    /// `allowsUnopenedYAML`) YAML without its opening line; nil for any other post.
    private static func headerSplit(_ text: String, path: String, allowsUnopenedYAML: Bool) throws(Diagnostic) -> Split? {
        guard let first = text.first, first != "-", first != "+" else { return nil }
        // The first lines (a header is short), split on `\n` and `\r\n` alike.
        let lines = text.split(maxSplits: 200, omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        /// The text after the first `lineCount` lines, byte for byte.
        func body(after lineCount: Int) -> String {
            var remaining = lineCount
            var index = text.utf8.startIndex
            while remaining > 0, index < text.utf8.endIndex {
                if text.utf8[index] == UInt8(ascii: "\n") { remaining -= 1 }
                index = text.utf8.index(after: index)
            }
            return String(Substring(text.utf8[index...]))
        }
        if lines[0].hasPrefix("% ") {
            // pandoc: title, then authors, then date; each line may be empty after its `%`.
            var fields: [Field] = []
            var count = 0
            while count < min(3, lines.count), lines[count].hasPrefix("%") {
                let value = lines[count].dropFirst().trimmingCharacters(in: .whitespaces)
                if count == 0, !value.isEmpty { fields.append(Field(key: "title", value: .text(value), line: 1)) }
                if count == 2, PostDate(parsing: value) != nil { fields.append(Field(key: "date", value: .text(value), line: 3)) }
                count += 1
            }
            return Split(
                metadata: try metadata(from: fields, path: path), body: body(after: count), bodyLineOffset: count,
                style: .pandocTitleBlock)
        }
        if lines[0].lowercased().hasPrefix("title:"),
            let end = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }),
            lines[..<end].allSatisfy(isPelicanField)
        {
            var fields: [Field] = []
            for (offset, line) in lines[..<end].enumerated() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].lowercased().trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "status": fields.append(Field(key: "draft", value: .bool(value.lowercased() == "draft"), line: offset + 1))
                case "tags", "keywords": fields.append(Field(key: "tags", value: .text(value), line: offset + 1))
                default: fields.append(Field(key: key, value: .text(value), line: offset + 1))
                }
            }
            return Split(
                metadata: try metadata(from: fields, path: path), body: body(after: end + 1), bodyLineOffset: end + 1,
                style: .pelicanHeader)
        }
        if allowsUnopenedYAML, isPelicanField(lines[0]), let end = lines.firstIndex(of: "---") {
            let source = lines[..<end].joined(separator: "\n")
            guard let yaml = try? yamlFields(source, path: path) else { return nil }
            // The fields' lines count from the opening `---` line, which is missing here.
            let fields = yaml.map { field in
                var field = field
                field.line -= 1
                return field
            }
            return Split(
                metadata: try metadata(from: fields, path: path), body: body(after: end + 1), bodyLineOffset: end + 1,
                warnings: misspeltKeys(fields, path: path))
        }
        return nil
    }

    /// Whether a line reads `Key: value` (a Pelican header's line, or a YAML field's).
    private static func isPelicanField(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return false }
        return line[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " " }
            && line[..<colon].first?.isLetter == true
    }

    /// A warning for each key that is not a known one but within one edit of it (two for keys of five
    /// letters or more; a swap of neighbours is one edit): `titel` for `title`, `tag` for `tags`.
    private static func misspeltKeys(_ fields: [Field], path: String) -> [Diagnostic] {
        fields.compactMap { field in
            let key = field.key.lowercased()
            guard !knownKeys.contains(field.key) else { return nil }
            let allowed = key.count >= 5 ? 2 : 1
            guard let known = knownKeys.first(where: { editDistance(key, $0) <= allowed }) else { return nil }
            return Diagnostic(
                .warning, path: path, location: SourceLocation(line: field.line, column: field.column),
                message: "front matter field '\(field.key)' is not one build-site reads; did you mean '\(known)'?")
        }
    }

    /// The optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left.unicodeScalars), b = Array(right.unicodeScalars)
        if abs(a.count - b.count) > 2 { return 3 }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// Any JSON value, decoded strictly (a number is never taken for a boolean).
    private struct JSONValue: Decodable {
        var value: Value

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                value = .bool(bool)
            } else if let string = try? container.decode(String.self) {
                value = .text(string)
            } else if let number = try? container.decode(Double.self) {
                value = .other(abs(number) < 1e15 && number == number.rounded() ? String(Int(number)) : String(number))
            } else if let list = try? container.decode([JSONValue].self) {
                value = .list(list.map(\.value))
            } else if let table = try? container.decode([String: JSONValue].self) {
                value = .table(table.keys.sorted().map { ($0, table[$0]?.value ?? .other("")) })
            } else {
                value = .other("null")
            }
        }
    }

    // MARK: Fields

    private static func metadata(from fields: [Field], path: String) throws(Diagnostic) -> PostMetadata {
        var metadata = PostMetadata()
        for field in fields {
            func fail(_ message: String) -> Diagnostic {
                Diagnostic(path: path, location: SourceLocation(line: field.line, column: 1), message: message)
            }
            func text() throws(Diagnostic) -> String {
                switch field.value {
                case .text(let text): return text
                case .other(let text): return text
                default: throw fail("front matter field '\(field.key)' must be text, not \(field.value.typeName)")
                }
            }
            metadata.fieldLines[field.key] = field.line
            if case .unsupported(let what) = field.value, knownKeys.contains(field.key) {
                throw fail("front matter field '\(field.key)' is \(what), which build-site cannot read; write the value itself")
            }
            switch field.key {
            case "title": metadata.title = try text()
            case "name":
                // Some collections name their posts; `title:` wins when both are there.
                if metadata.title == nil, case .text(let name) = field.value { metadata.title = name }
            case "compatibility":
                let written = try text()
                guard let profile = EngineProfile(setting: written) else {
                    throw fail(
                        "front matter field 'compatibility' must be one of \(EngineProfile.settingNames), not '\(written)'")
                }
                metadata.compatibility = profile
            case "summary", "description": metadata.summary = try text()
            case "slug": metadata.slug = try text()
            case "date":
                let written = try text()
                guard let date = PostDate(parsing: written) else {
                    throw fail("front matter field 'date' is not a valid date: '\(written)' (write it as YYYY-MM-DD)")
                }
                metadata.date = date
            case "draft":
                guard case .bool(let draft) = field.value else {
                    throw fail("front matter field 'draft' must be true or false")
                }
                metadata.draft = draft
            case "tags":
                switch field.value {
                case .list(let items):
                    metadata.tags = try items.map { item throws(Diagnostic) in
                        guard case .text(let tag) = item else { throw fail("every tag must be text") }
                        return tag
                    }
                case .text(let tags):
                    // Jekyll splits a string of tags on spaces; a comma-separated string is also common.
                    let separators: Set<Character> = tags.contains(",") ? [","] : [" ", "\t"]
                    metadata.tags = tags.split(whereSeparator: { separators.contains($0) })
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                default:
                    throw fail("front matter field 'tags' must be a list of text")
                }
            case "macros":
                guard case .table(let entries) = field.value else {
                    throw fail("front matter field 'macros' must map macro names to their definitions")
                }
                for (name, definition) in entries {
                    guard case .text(let body) = definition else {
                        throw fail("the definition of macro '\(name)' must be text")
                    }
                    metadata.macros[name.hasPrefix("\\") ? name : "\\" + name] = body
                }
            case "check-equations":
                guard let mode = EquationChecking(rawValue: try text().lowercased()) else {
                    throw fail("front matter field 'check-equations' must be 'auto' or 'off'")
                }
                metadata.equationChecking = mode
            default:
                continue  // Other fields (layout, author, …) belong to other tools; they are kept out of the way.
            }
        }
        return metadata
    }
}

extension Substring {
    var trimmingTrailingCarriageReturn: Substring {
        unicodeScalars.last == "\r" ? Substring(unicodeScalars.dropLast()) : self
    }
}

/// Which displayed equations are checked without a `verify` fence (`check-equations:` in a post's front matter or
/// in `_config.yml`).
public enum EquationChecking: String, Sendable, Codable, Hashable {
    /// Every displayed equality whose symbols are built-in functions, numbers and single-letter variables.
    case auto
    /// Only the equations a fence names with `verify=` (the default).
    case off
}
