import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

@Suite struct FrontMatterTests {
    @Test func yamlFields() throws {
        let text =
            "---\ntitle: \"A: title\"\ndate: 2026-03-01\ntags: [a, b]\ndraft: false\nslug: my-post\nsummary: Short.\nmacros:\n  \\R: \\mathbb{R}\n  RR: \\mathbb{R}\n---\nBody\n"
        let split = try FrontMatterReader.read(text, path: "p.md")
        #expect(split.metadata.title == "A: title")
        #expect(split.metadata.date?.isoDate == "2026-03-01")
        #expect(split.metadata.tags == ["a", "b"])
        #expect(split.metadata.draft == false)
        #expect(split.metadata.slug == "my-post")
        #expect(split.metadata.summary == "Short.")
        #expect(split.metadata.macros == ["\\R": "\\mathbb{R}", "\\RR": "\\mathbb{R}"])
        #expect(split.body == "Body\n")
        #expect(split.bodyLineOffset == 11)
    }

    @Test func tomlFields() throws {
        let text =
            "+++\ntitle = \"Hugo post\"\ndate = 2026-03-02\ntags = [\"x\"]\ndraft = true\n[macros]\nR = '\\mathbb{R}'\n+++\nBody"
        let split = try FrontMatterReader.read(text, path: "p.md")
        #expect(split.metadata.title == "Hugo post")
        #expect(split.metadata.date?.isoDate == "2026-03-02")
        #expect(split.metadata.tags == ["x"])
        #expect(split.metadata.draft == true)
        #expect(split.metadata.macros == ["\\R": "\\mathbb{R}"])
        #expect(split.body == "Body")
        #expect(split.bodyLineOffset == 8)
    }

    @Test func noFrontMatter() throws {
        let split = try FrontMatterReader.read("# Title\n", path: "p.md")
        #expect(split.metadata == PostMetadata())
        #expect(split.bodyLineOffset == 0)
    }

    @Test func crlfAndByteOrderMark() throws {
        let split = try FrontMatterReader.read("\u{FEFF}---\r\ntitle: x\r\n---\r\nBody", path: "p.md")
        #expect(split.metadata.title == "x")
        #expect(split.bodyLineOffset == 3)
    }

    /// Each malformed front matter: the message fragment and the line it must name.
    @Test(arguments: [
        ("---\ntitle: x\n", 1, "never closed"),
        ("---\ntitle: [unclosed\n---\n", 3, "not valid YAML"),
        ("---\ntitle: x\ndate: 2026-02-30\n---\n", 3, "not a valid date"),
        ("---\ntitle: x\ndate: yesterday\n---\n", 3, "not a valid date"),
        ("---\n\ntags: {a: 1}\n---\n", 3, "'tags' must be a list"),
        ("---\ndraft: maybe\n---\n", 2, "'draft' must be true or false"),
        ("---\nmacros: [a]\n---\n", 2, "'macros' must map"),
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
        ("---\ntitle: [a, b]\n---\n", 2, "'title' must be text"),
        ("+++\ntitle = \n+++\n", 2, "not valid TOML"),
        ("+++\ntitle = \"x\"\ndate = 2026-13-01\n+++\n", 3, "not valid TOML"),
        ("+++\ntitle = \"x\"\n", 1, "never closed"),
        ("+++\ntitle = \"x\"\ndraft = \"yes\"\n+++\n", 3, "'draft' must be true or false"),
    ])
    func errors(text: String, line: Int, fragment: String) {
        #expect {
            try FrontMatterReader.read(text, path: "content/bad.md")
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.path == "content/bad.md" && diagnostic.location?.line == line
                && diagnostic.message.contains(fragment)
        }
    }

    @Test(arguments: [
        ("2026-03-01", "2026-03-01T00:00:00Z"),
        ("2026-03-01T10:20:30Z", "2026-03-01T10:20:30Z"),
        ("2026-03-01 10:20", "2026-03-01T10:20:00Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
    ])
    func dates(text: String, rfc3339: String) {
        #expect(PostDate(parsing: text)?.rfc3339 == rfc3339)
    }

    @Test(arguments: ["2023-02-29", "2026-00-10", "26-01-01", "2026/01/01", "2026-01-01x"])
    func invalidDates(text: String) {
        #expect(PostDate(parsing: text) == nil)
    }
}

@Suite struct TagListTests {
    @Test(arguments: [
        ("tags: deep-learning math", ["deep-learning", "math"]),
        ("tags: a, b c", ["a", "b c"]),
        ("tags: [x, y]", ["x", "y"]),
        ("tags:\n  - one\n  - two", ["one", "two"]),
    ])
    func tagForms(line: String, tags: [String]) throws {
        let split = try FrontMatterReader.read("---\n\(line)\n---\n", path: "p.md")
        #expect(split.metadata.tags == tags)
    }
}

/// Front matter never fails silently: a value the reader cannot represent is an error at its
/// position, and a key one or two edits from a known one is a warning naming it.
@Suite struct FrontMatterFaultTests {
    static let nonFinite: [(toml: String, message: String)] = [
        ("draft = true\nweight = inf", "p.md:3:10: error: front matter value 'inf' cannot be used"),
        ("draft = true\nx = -inf", "p.md:3:5: error: front matter value '-inf' cannot be used"),
        ("x = nan\ndraft = true", "p.md:2:5: error: front matter value 'nan' cannot be used"),
        ("draft = true\nx = [1.0, +nan]", "p.md:3:11: error: front matter value '+nan' cannot be used"),
        ("draft = true\n[extra]\nscore = { a = inf }", "p.md:4:15: error: front matter value 'inf' cannot be used"),
    ]

    @Test(arguments: nonFinite) func tomlInfinityAndNaNAreErrors(_ example: (toml: String, message: String)) {
        #expect(throws: Diagnostic.self) { try FrontMatterReader.read("+++\n\(example.toml)\n+++\nBody\n", path: "p.md") }
        do {
            _ = try FrontMatterReader.read("+++\n\(example.toml)\n+++\nBody\n", path: "p.md")
        } catch {
            #expect(error.description.hasPrefix(example.message), "\(error.description)")
        }
    }

    @Test func quotedInfIsText() throws {
        let split = try FrontMatterReader.read("+++\ntitle = \"inf = nan\"\n+++\n", path: "p.md")
        #expect(split.metadata.title == "inf = nan")
    }

    /// A draft whose front matter holds `inf` is refused, never published.
    @Test func aDraftWithInfinityIsNotPublished() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("+++\ntitle = \"Secret\"\ndraft = true\nweight = inf\n+++\nNot yet.\n".utf8).write(
            to: content.appendingPathComponent("d.md"))
        let summary = await Fixture.build(content: content, output: temporary.appendingPathComponent("site"))
        #expect(summary.exitStatus == 2)
        #expect(!FileManager.default.fileExists(atPath: temporary.appendingPathComponent("site/posts/d").path))
    }

    @Test func aYAMLAliasIsReadAsTheValueItNames() throws {
        let split = try FrontMatterReader.read("---\nname: &a Hello\ntitle: *a\n---\n", path: "p.md")
        #expect(split.metadata.title == "Hello")
    }

    static let typos: [(front: String, warning: String?)] = [
        (
            "---\ntitel: Hello\n---\n",
            "p.md:2:1: warning: front matter field 'titel' is not one build-site reads; did you mean 'title'?"
        ),
        ("---\ntag: [a]\n---\n", "p.md:2:1: warning: front matter field 'tag' is not one build-site reads; did you mean 'tags'?"),
        (
            "---\nTitle: Hello\n---\n",
            "p.md:2:1: warning: front matter field 'Title' is not one build-site reads; did you mean 'title'?"
        ),
        (
            "---\ndrafts: true\n---\n",
            "p.md:2:1: warning: front matter field 'drafts' is not one build-site reads; did you mean 'draft'?"
        ),
        (
            "---\nsumary: x\n---\n",
            "p.md:2:1: warning: front matter field 'sumary' is not one build-site reads; did you mean 'summary'?"
        ),
        (
            "+++\nslgu = \"x\"\n+++\n",
            "p.md:2:1: warning: front matter field 'slgu' is not one build-site reads; did you mean 'slug'?"
        ),
        ("---\nmath: true\nlayout: post\nauthor: A\ncategories: [x]\n---\n", nil),
    ]

    @Test(arguments: typos) func aMisspeltKeyIsAWarningNamingTheKnownOne(_ example: (front: String, warning: String?)) throws {
        let split = try FrontMatterReader.read(example.front + "Body\n", path: "p.md")
        #expect(split.warnings.map(\.description) == (example.warning.map { [$0] } ?? []))
    }
}
