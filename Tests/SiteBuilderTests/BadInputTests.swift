import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// One hostile or broken content folder and what the build must say about it.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// Names the case in test output.
    var name: String
    /// Files under `content/`, by relative path.
    var files: [String: [UInt8]]
    /// The first error, exactly as printed (`path:line:col: error: message`).
    var error: String
    var testDescription: String { name }

    init(_ name: String, _ files: [String: [UInt8]], _ error: String) {
        self.name = name
        self.files = files
        self.error = error
    }

    init(_ name: String, post: String, _ error: String) {
        self.init(name, ["p.md": Array(post.utf8)], error)
    }
}

private func times(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

/// `text` cut into lines of `width` bytes (one paragraph), so a pattern meets its own limit rather than the line limit.
private func wrapped(_ text: String, width: Int = 60) -> String {
    var lines: [Substring] = []
    var rest = Substring(text)
    while !rest.isEmpty {
        lines.append(rest.prefix(width))
        rest = rest.dropFirst(width)
    }
    return lines.joined(separator: "\n") + "\n"
}

private let front = "---\ntitle: t\n---\n"
private let limitsNote = "InputLimits"

/// Every case is a folder the build must refuse with one precise error, exit status 2, and the previous site untouched.
let badInputs: [BadInput] = [
    // MARK: Front matter, YAML
    BadInput(
        "yaml never closed", post: "---\ntitle: x\n\nbody\n",
        "content/p.md:1:1: error: front matter opened with '---' is never closed (add a '---' line after it)"),
    BadInput(
        "yaml syntax", post: "---\ntitle: [unclosed\n---\nx\n",
        "content/p.md:3:1: error: front matter is not valid YAML: while parsing a flow sequence did not find expected ',' or ']'"),
    BadInput(
        "yaml not a mapping", post: "---\n- a\n- b\n---\nx\n",
        "content/p.md:2:1: error: front matter must be a mapping of fields such as 'title: …'"),
    BadInput(
        "yaml title is a list", post: "---\ntitle: [a, b]\n---\nx\n",
        "content/p.md:2:1: error: front matter field 'title' must be text, not a list"),
    BadInput(
        "yaml impossible date", post: "---\ndate: 2023-02-30\n---\nx\n",
        "content/p.md:2:1: error: front matter field 'date' is not a valid date: '2023-02-30' (write it as YYYY-MM-DD)"),
    BadInput(
        "yaml draft not boolean", post: "---\ndraft: maybe\n---\nx\n",
        "content/p.md:2:1: error: front matter field 'draft' must be true or false"),
    BadInput(
        "yaml billion laughs",
        post: "---\n" + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            + (1...8).map { level in
                let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
                let previous = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
                return "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            }.joined() + "tags: *i\n---\nx\n",
        "content/p.md:11:1: error: every tag must be text"),
    BadInput(
        "yaml nested 1000 deep", post: "---\ntitle: " + times("[", 1000) + times("]", 1000) + "\n---\nx\n",
        "content/p.md:2:1: error: front matter is nested more than 32 levels deep (--limit maxFrontMatterNesting=…)"),
    BadInput(
        "yaml 100 KB", post: "---\n" + times("k: v\n", 20_000) + "---\nx\n",
        "content/p.md:2:1: error: front matter is 99999 bytes, over the limit of 65536 bytes (--limit maxFrontMatterBytes=…)"),
    BadInput(
        "yaml slug is a table", post: "---\nslug: {a: b}\n---\nx\n",
        "content/p.md:2:1: error: front matter field 'slug' must be text, not a table"),

    // MARK: Front matter, TOML
    BadInput(
        "toml never closed", post: "+++\ntitle = \"x\"\n",
        "content/p.md:1:1: error: front matter opened with '+++' is never closed (add a '+++' line after it)"),
    BadInput(
        "toml syntax", post: "+++\ntitle = \n+++\nx\n",
        "content/p.md:2:9: error: front matter is not valid TOML: Error while parsing key-value pair: encountered end-of-file"),
    BadInput(
        "toml duplicate key", post: "+++\ntitle = \"a\"\ntitle = \"b\"\n+++\nx\n",
        "content/p.md:3:9: error: front matter is not valid TOML: Error while parsing key-value pair: cannot redefine existing string 'title'"
    ),
    BadInput(
        "toml draft is a string", post: "+++\ndraft = \"yes\"\n+++\nx\n",
        "content/p.md:2:1: error: front matter field 'draft' must be true or false"),
    BadInput(
        "toml table name starting with é (crashed toml++; found by fuzzing)", post: "+++\ntitle = \"x\"\n[é]\n+++\nx\n",
        "content/p.md:3:1: error: front matter is not valid TOML: a table name must start with a letter, digit, '_', '-' or a quote"
    ),
    BadInput(
        "toml array closed by a brace (crashed toml++; found by fuzzing)", post: "+++\ntags = [\"a\", [}\n+++\nx\n",
        "content/p.md:2:1: error: front matter is not valid TOML: a bracket is closed by the wrong kind ('[' by '}' or '{' by ']')"
    ),
    BadInput(
        "toml table name starting with % (crashed toml++; found by fuzzing)", post: "+++\n[%macros]\n+++\nx\n",
        "content/p.md:2:1: error: front matter is not valid TOML: a table name must start with a letter, digit, '_', '-' or a quote"
    ),
    BadInput(
        "toml table name starting with a combining mark (crashed toml++; found by fuzzing)",
        post: "+++\ntitle = \"x\"\n[\u{0612}string]\n+++\nx\n",
        "content/p.md:3:1: error: front matter is not valid TOML: a table name must start with a letter, digit, '_', '-' or a quote"
    ),
    BadInput(
        "toml header after a byte-order mark (crashed toml++; found by fuzzing)",
        post: "+++\n\u{FEFF} [\u{FFFD}\n+++\nx\n",
        "content/p.md:2:1: error: front matter is not valid TOML: a table name must start with a letter, digit, '_', '-' or a quote"
    ),
    BadInput(
        "toml three opening brackets (crashed toml++; found by fuzzing)", post: "+++\n[[[s]]]\n+++\nx\n",
        "content/p.md:2:1: error: front matter is not valid TOML: a table name must start with a letter, digit, '_', '-' or a quote"
    ),
    BadInput(
        "toml date with a 'T' and no time (crashed toml++; found by fuzzing)",
        post: "+++\ntitle = \"x\"\nd = 2026-01-15tag\n+++\nx\n",
        "content/p.md:3:1: error: front matter is not valid TOML: a date's 'T' must be followed by a time such as 10:30:00"),
    BadInput(
        "toml dotted table name with a bad part", post: "+++\n[a.%b]\n+++\nx\n",
        "content/p.md:2:1: error: front matter is not valid TOML: a table name must start with a letter, digit, '_', '-' or a quote"
    ),
    BadInput(
        "toml nested arrays", post: "+++\ntags = " + times("[", 500) + times("]", 500) + "\n+++\nx\n",
        "content/p.md:2:1: error: front matter is nested more than 32 levels deep (--limit maxFrontMatterNesting=…)"),

    // MARK: Encodings and odd files
    BadInput(
        "png renamed .md", ["p.md": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]],
        "content/p.md:3:1: error: this looks like a binary file (it contains a NUL byte), not a Markdown post"),
    BadInput(
        "invalid utf-8 on line 3", ["p.md": Array("# a\n\nbad ".utf8) + [0xFF] + Array(" byte\n".utf8)],
        "content/p.md:3:5: error: the file is not valid UTF-8 (byte 0xFF at byte offset 9); save it as UTF-8"),
    BadInput(
        "truncated utf-8 at the end", ["p.md": Array("ok\n".utf8) + [0xE2, 0x82]],
        "content/p.md:2:1: error: the file is not valid UTF-8 (byte 0xE2 at byte offset 3); save it as UTF-8"),
    BadInput(
        "utf-16 file", ["p.md": [0xFF, 0xFE, 0x23, 0x00, 0x20, 0x00]],
        "content/p.md:1:4: error: this looks like a binary file (it contains a NUL byte), not a Markdown post"),
    BadInput(
        "overlong utf-8 slash", ["p.md": Array("a ".utf8) + [0xC0, 0xAF]],
        "content/p.md:1:3: error: the file is not valid UTF-8 (byte 0xC0 at byte offset 2); save it as UTF-8"),

    // MARK: Sizes
    BadInput(
        "post over 2 MB", post: times("word ", 420_000),
        "content/p.md:1:1: error: post is 2100000 bytes, over the limit of 2097152 bytes (--limit maxPostBytes=…)"),
    BadInput(
        "line over 64 KB", post: front + "ok\n" + times("x", 70_000) + "\n",
        "content/p.md:5:1: error: line is longer than the limit of 65536 bytes (--limit maxLineBytes=…)"),

    // MARK: Nesting (CVE-2023-24824, CVE-2023-22483), 100 KB each
    BadInput(
        "block quotes 30k deep", post: front + times("> ", 30_000) + "x\n",
        "content/p.md:4:1: error: block quotes and list items nested more than 32 deep (--limit maxNestingDepth=…)"),
    BadInput(
        "nested list markers then blank lines", post: front + times("- ", 30_000) + "x" + times("\n", 30_000),
        "content/p.md:4:1: error: block quotes and list items nested more than 32 deep (--limit maxNestingDepth=…)"),
    BadInput(
        "quote, lists, quoted blank lines", post: front + "> " + times("- ", 25_000) + "x\n" + times(">\n", 25_000),
        "content/p.md:4:1: error: block quotes and list items nested more than 32 deep (--limit maxNestingDepth=…)"),
    BadInput(
        "quotes then emphasis", post: front + times(">", 33_000) + times("a*", 33_000) + "\n",
        "content/p.md:4:1: error: line is longer than the limit of 65536 bytes (--limit maxLineBytes=…)"),
    BadInput(
        "quotes then dots", post: front + times(">", 30_000) + times(".", 30_000) + "\n",
        "content/p.md:4:1: error: block quotes and list items nested more than 32 deep (--limit maxNestingDepth=…)"),
    BadInput(
        "lists nested by indentation", post: front + (0..<40).map { times("  ", $0) + "- x\n" }.joined(),
        "content/p.md:36:1: error: block quotes and list items nested more than 32 deep (--limit maxNestingDepth=…)"),
    BadInput(
        "quotes nested across lines", post: front + (1...40).map { times("> ", $0) + "x\n" }.joined(),
        "content/p.md:36:1: error: block quotes and list items nested more than 32 deep (--limit maxNestingDepth=…)"),

    // MARK: cmark-gfm CVE patterns, 100 KB each
    BadInput(
        "CVE-2023-22486 image brackets", post: front + wrapped(times("![[]()", 16_700)),
        "content/p.md:104:1: error: paragraph has more than 2000 '[' (--limit maxBracketsPerParagraph=…; CVE-2023-22486)"),
    BadInput(
        "CVE-2023-22483 processing instructions", post: front + wrapped("-1" + times("<?x", 33_000)),
        "content/p.md:54:1: error: paragraph has more than 1000 '<' (--limit maxAngleBracketsPerParagraph=…; CVE-2023-22483)"),
    BadInput(
        "CVE-2023-22483 delimiter rows", post: front + times("|-\nt>|-\n", 12_500),
        "content/p.md:36:1: error: paragraph has more than 16 lines that look like a table's delimiter row ('|---|'), which cmark-gfm re-reads the paragraph for (--limit maxDelimiterRowsPerParagraph=…)"
    ),
    BadInput(
        "CVE-2023-22483 emphasis", post: front + wrapped(times("*t ", 14_000) + times("_t*_ ", 14_000)),
        "content/p.md:104:1: error: paragraph has more than 2000 '*' and '_' (--limit maxEmphasisDelimitersPerParagraph=…; CVE-2023-22483)"
    ),
    BadInput(
        "CVE-2023-22483 pipes in a row", post: front + "x\n| - |\n" + times("|", 60_000) + "\n",
        "content/p.md:6:1: error: table row has 59999 cells, over the limit of 128 (--limit maxTableColumns=…)"),
    BadInput(
        "CVE-2023-22483 www underscores", post: front + wrapped(times("z_www.", 16_700)),
        "content/p.md:24:1: error: paragraph has more than 200 autolink candidates ('www.', '://') (--limit maxAutolinksPerParagraph=…; CVE-2023-22483)"
    ),
    BadInput(
        "CVE-2023-22483 www parentheses", post: front + wrapped("www." + times(")", 100_000)),
        "content/p.md:20:1: error: paragraph has an autolink candidate and more than 1000 ')' (--limit maxParenthesesAfterAutolink=…; CVE-2023-22483)"
    ),
    BadInput(
        "CVE-2023-22483 autolink openers", post: front + wrapped(times("<http://s", 11_000)),
        "content/p.md:35:1: error: paragraph has more than 200 autolink candidates ('www.', '://') (--limit maxAutolinksPerParagraph=…; CVE-2023-22483)"
    ),
    BadInput(
        "CVE-2023-22483 strikethrough", post: front + wrapped("~e" + times(",z~~", 25_000)),
        "content/p.md:37:1: error: paragraph has more than 1000 '~' (--limit maxTildesPerParagraph=…; CVE-2023-22483)"),
    BadInput(
        "CVE-2023-22483 reference title",
        post: front + "[f]: u \"\n" + times("xxxxxxxxx\n", 6_000) + "\"\n\n"
            + times(times("[f] ", 100) + "\n\n", 40),
        "content/p.md:4:1: error: link reference definition of 60011 bytes and 4001 '[' in the post could expand to more than 16777216 bytes (--limit maxReferenceExpansion=…)"
    ),
    BadInput(
        "CVE-2023-37463 wide header", post: front + times("|x", 12_500) + "|\n" + times("|-", 12_500) + "|\n",
        "content/p.md:5:1: error: table row has 12500 cells, over the limit of 128 (--limit maxTableColumns=…)"),
    BadInput(
        "CVE-2023-37463 rows padded to a wide header",
        post: front + times("|x", 120) + "|\n" + times("|-", 120) + "|\n" + times("a\n", 50_000),
        "content/p.md:170:1: error: table has more than 20000 cells (167 rows of 120) (--limit maxTableCells=…)"),

    // MARK: Math: KaTeX bombs, unclosed math
    BadInput(
        "katex \\def recursion", post: front + "$\\def\\a{\\a\\a}\\a$\n",
        "content/p.md:4:1: error: math: Too many expansions: infinite loop or need to increase maxExpand setting"),
    BadInput(
        "katex \\edef chain", post: front + "$$\\edef\\a{x}" + times("\\edef\\a{\\a\\a}", 18) + "\\a$$\n",
        "content/p.md:4:1: error: math: formula too deeply nested for KaTeX (Maximum call stack size exceeded)"),
    BadInput(
        "katex \\edef chain of 16 (seconds of work)", post: front + "$$\\edef\\a{x}" + times("\\edef\\a{\\a\\a}", 16) + "\\a$$\n",
        "content/p.md:4:1: error: math: timed out after 1 s"),
    BadInput(
        "katex nested braces", post: front + "$" + times("{", 2000) + "x" + times("}", 2000) + "$\n",
        "content/p.md:4:1: error: math: formula nested deeper than 100 levels of braces, \\left…\\right or \\begin…\\end (it reaches 2000); the limit is MathLimits.maxNestingDepth"
    ),
    BadInput(
        "katex 20k-character formula", post: front + "$$" + times("x+", 10_000) + "$$\n",
        "content/p.md:4:1: error: math: formula longer than 10000 characters (it has 20000); the limit is MathLimits.maxLength"),
    BadInput(
        "katex \\gdef does not leak between posts",
        [
            "a.md": Array((front + "$\\gdef\\secret{42}\\secret$\n").utf8),
            "b.md": Array((front + "Uses $\\secret$\n").utf8),
        ], "content/b.md:4:7: error: math: Undefined control sequence: \\secret"),

    // MARK: Fences
    BadInput(
        "claim nested 100k parentheses",
        post: front + "```swift-check\n" + times("(", 100_000) + "1" + times(")", 100_000) + "\n```\n",
        "content/p.md:5:1: error: line is longer than the limit of 65536 bytes (--limit maxLineBytes=…)"),
    BadInput(
        "fence info string with markup", post: front + "```swift-check id=\"><script>alert(1)</script>\n1 == 1\n```\n",
        "content/p.md:4:19: error: swift-check fence: unterminated quoted value for attribute 'id'"),
    BadInput(
        "fence attribute unterminated", post: front + "```swift-check title=\"open\n1 == 1\n```\n",
        "content/p.md:4:22: error: swift-check fence: unterminated quoted value for attribute 'title'"),

    // MARK: Slugs and URLs
    BadInput(
        "slug ../../x", post: "---\nslug: ../../x\n---\nx\n",
        "content/p.md:2:1: error: slug '../../x' is not allowed: use lower-case letters, digits, '-', '_' and '.', not starting with '.' or '-'"
    ),
    BadInput(
        "slug absolute", post: "---\nslug: /etc/cron.d/x\n---\nx\n",
        "content/p.md:2:1: error: slug '/etc/cron.d/x' is not allowed: use lower-case letters, digits, '-', '_' and '.', not starting with '.' or '-'"
    ),
    BadInput(
        "slug url-encoded dots", post: "---\nslug: \"%2e%2e%2fx\"\n---\nx\n",
        "content/p.md:2:1: error: slug '%2e%2e%2fx' is not allowed: use lower-case letters, digits, '-', '_' and '.', not starting with '.' or '-'"
    ),
    BadInput(
        "slug ..", post: "---\nslug: \"..\"\n---\nx\n",
        "content/p.md:2:1: error: slug '..' is not allowed: use lower-case letters, digits, '-', '_' and '.', not starting with '.' or '-'"
    ),
    BadInput(
        "slug with backslashes", post: "---\nslug: '..\\..\\x'\n---\nx\n",
        "content/p.md:2:1: error: slug '..\\..\\x' is not allowed: use lower-case letters, digits, '-', '_' and '.', not starting with '.' or '-'"
    ),
    BadInput(
        "slug 300 characters", post: "---\nslug: " + times("a", 300) + "\n---\nx\n",
        "content/p.md:2:1: error: slug '\(times("a", 300))' is not allowed: use lower-case letters, digits, '-', '_' and '.', not starting with '.' or '-'"
    ),
    BadInput(
        "two posts, one URL",
        [
            "a.md": Array("---\nslug: same\n---\nA\n".utf8),
            "z/b.md": Array("---\nslug: same\n---\nB\n".utf8),
        ], "content/z/b.md:2:1: error: this post and content/a.md both claim the URL /posts/same/; give one of them another slug"),
    BadInput(
        "file name and slug collide",
        [
            "same.md": Array("x\n".utf8),
            "other.md": Array("---\nslug: same\n---\nB\n".utf8),
        ],
        "content/same.md:1:1: error: this post and content/other.md both claim the URL /posts/same/; give one of them another slug"
    ),
]

/// Writes `files` under a fresh `content/` and builds into a folder that already holds a site.
private func buildOverPreviousSite(
    _ files: [String: [UInt8]], configure: (inout BuildOptions) -> Void = { _ in }
) async throws -> (summary: BuildSummary, temporary: URL, output: URL, before: Manifest) {
    let temporary = Fixture.temporaryFolder()
    let content = temporary.appendingPathComponent("content")
    for (path, bytes) in files {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
    try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
    let output = temporary.appendingPathComponent("site")
    try FileManager.default.createDirectory(at: output.appendingPathComponent("posts/old"), withIntermediateDirectories: true)
    try Data("old index".utf8).write(to: output.appendingPathComponent("index.html"))
    try Data("old post".utf8).write(to: output.appendingPathComponent("posts/old/index.html"))
    let before = try Manifest(of: output)
    let summary = await Fixture.build(content: content, output: output, configure: configure)
    return (summary, temporary, output, before)
}

/// The time limit is the bound on time each case must keep: without the input limits several of these
/// inputs keep cmark-gfm or KaTeX busy for minutes. It fails a hang, it does not measure speed.
@Suite(.timeLimit(.minutes(3))) struct BadInputTests {
    @Test(arguments: badInputs)
    func refusedWithAPreciseError(_ input: BadInput) async throws {
        let (summary, temporary, output, before) = try await buildOverPreviousSite(input.files)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.description == input.error)
        #expect(summary.exitStatus == 2)
        #expect(!summary.wroteSite)
        #expect(try Manifest(of: output) == before, "the previous site is untouched")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no staging folder left behind")
    }

    @Test func aClaimNested30kDeepIsAnErrorVerdictNotACrash() async throws {
        let post = front + "```swift-check\nclaim " + times("(", 30_000) + "1" + times(")", 30_000) + " == 1\n```\n"
        let (summary, temporary, _, _) = try await buildOverPreviousSite(["p.md": Array(post.utf8)])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let claim = try #require(summary.claims.first)
        #expect(claim.verdict == .error)
        #expect(claim.message == "expression nested too deeply (limit 100 levels)")
        #expect(summary.exitStatus == 1)
    }

    @Test func tableHasAtLeastFiftyCases() {
        #expect(badInputs.count >= 50)
    }

    @Test func aHundredMegabyteFileIsRefusedWithoutReadingIt() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        let post = content.appendingPathComponent("big.md")
        #expect(FileManager.default.createFile(atPath: post.path, contents: nil))
        let handle = try FileHandle(forWritingTo: post)
        try handle.truncate(atOffset: 100 << 20)  // sparse: no 100 MB written
        try handle.close()
        let summary = await Fixture.build(content: content, output: temporary.appendingPathComponent("site"))
        #expect(
            summary.diagnostics.first?.description
                == "content/big.md:1:1: error: post is 104857600 bytes, over the limit of 2097152 bytes (--limit maxPostBytes=…)")
        #expect(summary.exitStatus == 2)
    }
}

/// A field that reaches the HTML, set to script; no output file may contain it unescaped.
struct Injection: Sendable, CustomTestStringConvertible {
    var name: String
    var post: String
    var testDescription: String { name }
    init(_ name: String, _ post: String) {
        self.name = name
        self.post = post
    }
}

private let payload = "\"><script>alert(1)</script><img src=x onerror=alert(2)>"
private let yamlPayload = "'\"><script>alert(1)</script><img src=x onerror=alert(2)>'"

let injections: [Injection] = [
    Injection("title", "---\ntitle: \(yamlPayload)\n---\nx\n"),
    Injection("tags", "---\ntitle: t\ntags: [\(yamlPayload), ok]\n---\nx\n"),
    Injection("summary", "---\ntitle: t\nsummary: \(yamlPayload)\n---\nx\n"),
    Injection("toml title", "+++\ntitle = '\(payload)'\n+++\nx\n"),
    Injection("heading text and anchor", "# \\\"> \\<script>alert(1)\\</script>\n\nx\n"),
    Injection("title from first heading", "# a \\<script>alert(1)\\</script>\n"),
    Injection("image alt", "![\(payload)](x.png)\n"),
    Injection(
        "claim fence title",
        "---\ntitle: t\n---\n```swift-check title=\"<script>alert(1)</script><img src=x onerror=alert(2)>\"\nclaim 1 == 1\n```\n"),
    Injection("claim source", "---\ntitle: t\n---\n```swift-check\n// \(payload)\nclaim 1 == 1\n```\n"),
    Injection(
        "refuted claim with expect=fail",
        "---\ntitle: t\n---\n```swift-check expect=fail title=\"<script>alert(1)</script>\"\nclaim 1 == 2\n```\n"),
    Injection("katex href", "---\ntitle: t\n---\n$\\href{javascript:alert(1)}{x}$ and $\\url{javascript:alert(3)}$\n"),
    Injection("katex htmlData", "---\ntitle: t\n---\n$\\htmlData{x><script>alert(1)</script>}{x}$\n"),
    Injection("math error message", "---\ntitle: t\n---\n$\\frac{<script>alert(1)</script>$\n"),
    Injection("code fence info string", "---\ntitle: t\n---\n```\"><script>alert(1)</script>\ncode\n```\n"),
    Injection("link title", "---\ntitle: t\n---\n[a](http://x \"\(payload.replacingOccurrences(of: "\"", with: "&quot;"))\")\n"),
]

@Suite(.timeLimit(.minutes(3))) struct InjectionTests {
    @Test(arguments: injections)
    func nothingRunsInThePages(_ injection: Injection) async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data(injection.post.utf8).write(to: content.appendingPathComponent("p.md"))
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output) { $0.keepGoing = true }
        #expect(summary.wroteSite, "\(summary.diagnostics)")
        #expect(!summary.hasInputErrors, "\(summary.diagnostics)")
        for (path, data) in try Manifest(of: output).files where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "\(path)")
            #expect(!text.contains("<img src=x onerror"), "\(path)")
            #expect(!text.contains("href=\"javascript:"), "\(path)")
            #expect(!text.contains("<script>"), "\(path)")
        }
    }

    @Test func refusedKaTeXCommandsAreReported() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("---\ntitle: t\n---\n\n$\\href{javascript:alert(1)}{x}$\n".utf8).write(
            to: content.appendingPathComponent("p.md"))
        let summary = await Fixture.build(content: content, output: temporary.appendingPathComponent("site"))
        #expect(
            summary.diagnostics.map(\.description).contains(
                "content/p.md:5:1: warning: math: \\href is not allowed (KaTeX trust is off): javascript:alert(1)"))
    }
}

@Suite(.timeLimit(.minutes(3))) struct FileSystemTests {
    /// A content folder beside a secret file and folder that links must never reach.
    private func contentWithOutsideSecrets() throws -> (temporary: URL, content: URL, secret: URL) {
        let temporary = Fixture.temporaryFolder()
        let content = temporary.appendingPathComponent("content")
        let outside = temporary.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let secret = outside.appendingPathComponent("secret.md")
        try Data("# TOPSECRET\n".utf8).write(to: secret)
        try Data(
            "---\ntitle: ok\n---\n[a](leak.txt) [b](../outside/secret.md) [c](%2e%2e/outside/s.txt) [d](folder/s.txt)\n".utf8
        )
        .write(to: content.appendingPathComponent("ok.md"))
        return (temporary, content, secret)
    }

    @Test func symbolicLinksOutOfTheContentFolderAreNeverFollowed() async throws {
        let (temporary, content, secret) = try contentWithOutsideSecrets()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: content.appendingPathComponent("leak.md").path, withDestinationPath: secret.path)
        try manager.createSymbolicLink(atPath: content.appendingPathComponent("leak.txt").path, withDestinationPath: secret.path)
        try manager.createSymbolicLink(
            atPath: content.appendingPathComponent("folder").path, withDestinationPath: secret.deletingLastPathComponent().path)
        try manager.createSymbolicLink(atPath: content.appendingPathComponent("loop").path, withDestinationPath: content.path)
        try Data("TOPSECRET".utf8).write(to: secret.deletingLastPathComponent().appendingPathComponent("s.txt"))
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output)
        #expect(summary.posts.map(\.path) == ["content/ok.md"])
        #expect(summary.exitStatus == 0, "\(summary.diagnostics)")
        for (path, data) in try Manifest(of: output).files {
            #expect(!String(decoding: data, as: UTF8.self).contains("TOPSECRET"), "\(path)")
        }
    }

    @Test func aSymlinkPlantedInTheOutputNeverRedirectsAWrite() async throws {
        let (temporary, content, secret) = try contentWithOutsideSecrets()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: output.appendingPathComponent("posts").path, withDestinationPath: secret.deletingLastPathComponent().path)
        try FileManager.default.createSymbolicLink(
            atPath: output.appendingPathComponent("index.html").path, withDestinationPath: secret.path)
        let outsideBefore = try Manifest(of: secret.deletingLastPathComponent())
        let summary = await Fixture.build(content: content, output: output)
        #expect(summary.wroteSite)
        #expect(try Manifest(of: secret.deletingLastPathComponent()) == outsideBefore)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: output.appendingPathComponent("posts").path)) == nil)
    }
}

/// The built `build-site` binary, when `swift build` has made it (the signal test runs it as a child process).
private let buildSiteBinary = Fixture.repository.appendingPathComponent(".build/debug/build-site")

@Suite struct SignalTests {
    /// SIGTERM or SIGINT at any moment of a build leaves either the previous site or the complete new one,
    /// never a mixture, and no staging folder.
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: buildSiteBinary.path)),
        arguments: [
            (SIGTERM, 0.05), (SIGTERM, 0.3), (SIGINT, 0.15), (SIGINT, 0.6),
        ])
    func aSignalNeverLeavesAHalfWrittenSite(signal: Int32, delay: Double) async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("posts/old"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: output.appendingPathComponent("index.html"))
        let before = try Manifest(of: output)
        let reference = temporary.appendingPathComponent("reference")
        _ = await Fixture.build(content: Fixture.folder("basic/content"), output: reference)
        let complete = try Manifest(of: reference)

        let child = try ChildProcess(
            buildSiteBinary.path,
            [
                "--content", Fixture.folder("basic/content").path, "--output", output.path, "--no-cache", "--quiet",
            ])
        try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
        child.send(signal)
        let status = child.wait()
        let after = try Manifest(of: output)
        #expect(after == before || after == complete, "exit \(String(describing: status))")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }
}
