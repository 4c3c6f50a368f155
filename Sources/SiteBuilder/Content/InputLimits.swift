import Diagnostics
import Markdown

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
    /// The limits that keep cmark-gfm's parser linear (its known quadratic cases and CVEs).
    public var markdown = MarkdownLimits()
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
                message:
                    "post has \(post.metadata.tags.count) tags, over the limit of \(maxTagsPerPost) (--limit maxTagsPerPost=…)")
        }
        if post.formulas.count > maxFormulasPerPost {
            throw Diagnostic(
                path: path, location: post.formulas[maxFormulasPerPost].location,
                message:
                    "post has \(post.formulas.count) formulas, over the limit of \(maxFormulasPerPost) (--limit maxFormulasPerPost=…)"
            )
        }
        var total = 0
        for fence in post.fences {
            // A claim is a statement starting with `claim` (a chain's continuation lines are part of it).
            let lines = fence.content.split(separator: "\n", omittingEmptySubsequences: false)
            var inFence = 0
            for (offset, line) in lines.enumerated() {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                guard trimmed.hasPrefix("claim"), trimmed.dropFirst(5).first.map({ $0 == " " || $0 == "\t" }) ?? true else {
                    continue
                }
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
                message:
                    "front matter is \(utf8.count) bytes, over the limit of \(maxFrontMatterBytes) bytes (--limit maxFrontMatterBytes=…)"
            )
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
                        message:
                            "front matter is nested more than \(maxFrontMatterNesting) levels deep (--limit maxFrontMatterNesting=…)"
                    )
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
        if let failure = markdown.firstExcess(in: text) {
            throw Diagnostic(
                path: path, location: SourceLocation(line: fileLine(failure.line), column: 1), message: failure.message)
        }
    }
}

extension InputLimits {
    /// The limits by name, for `--limit NAME=VALUE`.
    public static var names: [String: WritableKeyPath<InputLimits, Int>] {
        [
            "maxPostBytes": \.maxPostBytes, "maxLineBytes": \.maxLineBytes,
            "maxFrontMatterBytes": \.maxFrontMatterBytes, "maxFrontMatterNesting": \.maxFrontMatterNesting,
            "maxNestingDepth": \.markdown.maxNestingDepth, "maxTableColumns": \.markdown.maxTableColumns,
            "maxTableCells": \.markdown.maxTableCells,
            "maxDelimiterRowsPerParagraph": \.markdown.maxDelimiterRowsPerParagraph,
            "maxBracketsPerParagraph": \.markdown.maxBracketsPerParagraph,
            "maxAngleBracketsPerParagraph": \.markdown.maxAngleBracketsPerParagraph,
            "maxAutolinksPerParagraph": \.markdown.maxAutolinksPerParagraph,
            "maxTildesPerParagraph": \.markdown.maxTildesPerParagraph,
            "maxEmphasisDelimitersPerParagraph": \.markdown.maxEmphasisDelimitersPerParagraph,
            "maxParenthesesAfterAutolink": \.markdown.maxParenthesesAfterAutolink,
            "maxReferenceExpansion": \.markdown.maxReferenceExpansion,
            "maxFileBytes": \.maxFileBytes, "maxTagsPerPost": \.maxTagsPerPost, "maxClaimsPerFence": \.maxClaimsPerFence,
            "maxClaimsPerPost": \.maxClaimsPerPost, "maxFormulasPerPost": \.maxFormulasPerPost,
            "maxOutputBytes": \.maxOutputBytes,
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
                    message:
                        "unknown limit '\(parts.first ?? text)'; the limits are \(InputLimits.names.keys.sorted().joined(separator: ", "))"
                )
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
