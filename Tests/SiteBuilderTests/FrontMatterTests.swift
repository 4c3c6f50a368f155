import Diagnostics
import Testing

@testable import SiteBuilder

@Suite struct FrontMatterTests {
    @Test func yamlFields() throws {
        let text = "---\ntitle: \"A: title\"\ndate: 2026-03-01\ntags: [a, b]\ndraft: false\nslug: my-post\nsummary: Short.\nmacros:\n  \\R: \\mathbb{R}\n  RR: \\mathbb{R}\n---\nBody\n"
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
        let text = "+++\ntitle = \"Hugo post\"\ndate = 2026-03-02\ntags = [\"x\"]\ndraft = true\n[macros]\nR = '\\mathbb{R}'\n+++\nBody"
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
