import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// What used to go wrong silently now says so, at `path:line:col` (issue 14).
@Suite(.serialized) struct AuthorWarningTests {
    /// Builds `files` (paths under `content/`) and returns the summary and the output folder.
    static func build(
        _ files: [String: String], configure: (inout BuildOptions) -> Void = { _ in }
    ) async throws -> (summary: BuildSummary, output: URL, temporary: URL) {
        let temporary = Fixture.temporaryFolder()
        let content = temporary.appendingPathComponent("content")
        for (path, text) in files {
            let file = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output, configure: configure)
        return (summary, output, temporary)
    }

    static let configured = "title: T\nbaseURL: https://example.org/\n"

    static func warnings(_ summary: BuildSummary) -> [String] {
        summary.diagnostics.filter { $0.severity == .warning }.map(\.description)
    }

    @Test func aLinkToAFileThatDoesNotExistIsAWarningAtTheLink() async throws {
        let (summary, output, temporary) = try await Self.build([
            "_config.yml": Self.configured,
            "p.md":
                "---\ntitle: P\ndate: 2026-01-01\n---\nSee the [data](data.csv) and ![a plot](plots/fit.png).\n\n![here](here.png)\n",
            "here.png": "PNG",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0)
        #expect(
            Self.warnings(summary) == [
                "content/p.md:5:16: warning: the link to 'data.csv' leads nowhere: there is no file content/data.csv",
                "content/p.md:5:40: warning: the link to 'plots/fit.png' leads nowhere: there is no file content/plots/fit.png",
            ])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("posts/p/here.png").path))
    }

    @Test func aPageBundleNamesTheFileInItsFolder() async throws {
        let (summary, _, temporary) = try await Self.build([
            "_config.yml": Self.configured,
            "b/index.md": "---\ntitle: B\ndate: 2026-01-01\n---\n\n![x](<my plot.png>)\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(
            Self.warnings(summary) == [
                "content/b/index.md:6:7: warning: the link to 'my plot.png' leads nowhere: there is no file content/b/my plot.png"
            ])
    }

    @Test func mathInATitleAndASummaryIsTypesetOnPagesAndPlainInTheFeed() async throws {
        let (summary, output, temporary) = try await Self.build([
            "_config.yml": Self.configured,
            "p.md":
                "---\ntitle: Why $\\sigma$ peaks at $0$\ndate: 2026-01-01\nsummary: The slope $\\sigma(1-\\sigma)$.\n---\nBody.\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(Self.warnings(summary).isEmpty, "\(summary.diagnostics)")
        #expect(summary.posts.map(\.title) == ["Why \\sigma peaks at 0"])
        let page = try Fixture.read(output, "posts/p/index.html")
        #expect(page.contains("<title>Why \\sigma peaks at 0 · T</title>"))
        let heading = try #require(page.range(of: "<h1 class=\"post-title\">Why <span class=\"katex\">"))
        #expect(!page[heading.upperBound...].prefix(4000).contains("$"), "the heading holds KaTeX, not dollars")
        let index = try Fixture.read(output, "index.html")
        #expect(index.contains("<a href=\"posts/p/index.html\">Why <span class=\"katex\">"))
        #expect(index.contains("<p class=\"post-summary\">The slope <span class=\"katex\">"))
        let feed = try Fixture.read(output, "feed.xml")
        #expect(feed.contains("<title>Why \\sigma peaks at 0</title>"))
        #expect(feed.contains("<summary>The slope \\sigma(1-\\sigma).</summary>"))
        #expect(!feed.contains("katex"))
    }

    @Test func mathInATitleThatKaTeXCannotRenderIsAWarningOnly() async throws {
        let (summary, output, temporary) = try await Self.build([
            "_config.yml": Self.configured,
            "p.md": "---\ndate: 2026-01-01\ntitle: The $\\nosuchmacro x$ trick\n---\nBody.\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0)
        #expect(
            Self.warnings(summary) == [
                "content/p.md:3:12: warning: math: Undefined control sequence: \\nosuchmacro"
            ])
        #expect(try Fixture.read(output, "posts/p/index.html").contains("<code class=\"math-error\""))
    }

    /// An empty `baseURL:` (as `build-site init` writes it) is warned about at the key itself.
    @Test func anEmptyBaseURLIsWarnedAboutAtItsKey() async throws {
        let (summary, _, folder) = try await Self.build([
            "_config.yml": "title: One\n# fill in before publishing\nbaseURL: \"\"\n",
            "p.md": "---\ntitle: P\ndate: 2026-01-01\n---\nBody.\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(Self.warnings(summary).map { $0.prefix(51) } == ["content/_config.yml:3:1: warning: no baseURL is set"])
    }

    @Test func aFeedWithoutABaseURLIsOneWarningAndItsIDsDoNotCollideBetweenBlogs() async throws {
        let post = "---\ntitle: P\ndate: 2026-01-01\n---\nBody.\n"
        let (first, firstOutput, firstFolder) = try await Self.build(["_config.yml": "title: One\n", "p.md": post])
        defer { try? FileManager.default.removeItem(at: firstFolder) }
        let (_, secondOutput, secondFolder) = try await Self.build(["_config.yml": "title: Two\n", "p.md": post])
        defer { try? FileManager.default.removeItem(at: secondFolder) }
        #expect(
            Self.warnings(first) == [
                "content/_config.yml:1:1: warning: no baseURL is set, so the feed's links are relative and feed readers cannot follow them; add 'baseURL: https://…/' (the address the site is published at)"
            ])
        func ids(_ output: URL) throws -> [String] {
            let feed = try Fixture.read(output, "feed.xml")
            return feed.components(separatedBy: "<id>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        }
        let (one, two) = (try ids(firstOutput), try ids(secondOutput))
        #expect(one.count == 2 && two.count == 2)
        #expect(one.allSatisfy { $0.hasPrefix("urn:uuid:") && $0.count == 45 }, "\(one)")
        #expect(Set(one).isDisjoint(with: two), "two unconfigured blogs share no id")
        let (again, againOutput, againFolder) = try await Self.build(["_config.yml": "title: One\n", "p.md": post])
        defer { try? FileManager.default.removeItem(at: againFolder) }
        #expect(again.exitStatus == 0)
        #expect(try ids(againOutput) == one, "ids are stable from build to build")

        let (configured, configuredOutput, configuredFolder) = try await Self.build([
            "_config.yml": Self.configured, "p.md": post,
        ])
        defer { try? FileManager.default.removeItem(at: configuredFolder) }
        #expect(Self.warnings(configured).isEmpty)
        #expect(try ids(configuredOutput) == ["https://example.org/feed.xml", "https://example.org/posts/p/"])
    }

    @Test func anUndatedPostIsAWarningAndTheFeedDoesNotLendItAnotherPostsDate() async throws {
        let files = [
            "_config.yml": Self.configured,
            "dated.md": "---\ntitle: Dated\ndate: 2026-03-01\n---\nBody.\n",
            "undated.md": "---\ntitle: Undated\n---\nBody.\n",
            "draft.md": "---\ntitle: Draft\ndraft: true\n---\nBody.\n",
        ]
        let (summary, output, temporary) = try await Self.build(files)
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(
            Self.warnings(summary) == [
                "content/undated.md:1:1: warning: this post has no date: it is listed after the dated posts, and the feed dates it at SOURCE_DATE_EPOCH, or 1970-01-01 when that is not set; add 'date: YYYY-MM-DD' to its front matter"
            ])
        func entryDate(_ feed: String, _ title: String) -> String? {
            guard let entry = feed.range(of: "<title>\(title)</title>") else { return nil }
            let rest = feed[entry.upperBound...]
            guard let open = rest.range(of: "<published>"), let close = rest.range(of: "</published>") else { return nil }
            return String(rest[open.upperBound..<close.lowerBound])
        }
        let feed = try Fixture.read(output, "feed.xml")
        #expect(entryDate(feed, "Dated") == "2026-03-01T00:00:00Z")
        #expect(entryDate(feed, "Undated") == "1970-01-01T00:00:00Z")

        let (_, epochOutput, epochFolder) = try await Self.build(files) { $0.sourceDateEpoch = 1_700_000_000 }
        defer { try? FileManager.default.removeItem(at: epochFolder) }
        #expect(entryDate(try Fixture.read(epochOutput, "feed.xml"), "Undated") == "2023-11-14T22:13:20Z")
    }

    @Test func keepGoingCountsTheFormulasThatFailed() async throws {
        let files = [
            "_config.yml": Self.configured,
            "p.md": "---\ntitle: P\ndate: 2026-01-01\n---\nGood $x^2$, bad $\\nosuch$ and worse $\\alsonot$.\n",
        ]
        let (summary, _, temporary) = try await Self.build(files) { $0.keepGoing = true }
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0)
        #expect(summary.formulasFailed == 2)
        #expect(summary.formulasRendered == 3)
        #expect(
            Self.warnings(summary) == [
                "content/p.md:5:18: warning: math: Undefined control sequence: \\nosuch",
                "content/p.md:5:38: warning: math: Undefined control sequence: \\alsonot",
            ])
        let (strict, _, strictFolder) = try await Self.build(files)
        defer { try? FileManager.default.removeItem(at: strictFolder) }
        #expect(strict.exitStatus == 2)
        #expect(strict.formulasFailed == 2)
    }
}

/// Fenced code with a language is highlighted at build time, in the KaTeX workers (issue 14).
@Suite(.serialized) struct CodeHighlightingTests {
    static let post = """
        ---
        title: Code
        date: 2026-01-01
        ---
        ```swift
        let x = "a < b" // note
        ```

        ```nosuchlanguage
        let y = 1
        ```

        ```
        plain <text>
        ```

        ```swift-check id=c
        given x ∈ ℝ
        claim x + x = 2*x
        ```
        """

    @Test func aBlockWithALanguageGetsSpansAndTheOthersStayAsTheyWere() async throws {
        let files = ["_config.yml": AuthorWarningTests.configured, "p.md": Self.post]
        let (summary, output, temporary) = try await AuthorWarningTests.build(files)
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.diagnostics.isEmpty, "\(summary.diagnostics)")
        let page = try Fixture.read(output, "posts/p/index.html")
        #expect(
            page.contains(
                "<pre><code class=\"language-swift hljs\"><span class=\"hljs-keyword\">let</span> x = <span class=\"hljs-string\">&quot;a &lt; b&quot;</span> <span class=\"hljs-comment\">// note</span>\n</code></pre>"
            ) || page.contains("<span class=\"hljs-string\">\"a &lt; b\"</span>"),
            "\(page)")
        #expect(page.contains("<pre><code class=\"language-nosuchlanguage\">let y = 1\n</code></pre>"))
        #expect(page.contains("<pre><code>plain &lt;text&gt;\n</code></pre>"))
        #expect(page.contains("claim-card"), "the swift-check fence is a card, not code")
        #expect(page.contains("assets/highlight.css"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/highlight.css").path))

        let (_, again, againFolder) = try await AuthorWarningTests.build(files)
        defer { try? FileManager.default.removeItem(at: againFolder) }
        #expect(try Fixture.read(again, "posts/p/index.html") == page, "highlighting is deterministic")
    }

    @Test func codeBlocksAreFoundAndUnescapedAsCmarkWritesThem() {
        let html =
            "<p>x</p>\n<pre><code class=\"language-python\">if a &lt; b &amp;&amp; c:\n</code></pre>\n<pre><code class=\"language-x\"><b>raw</b></code></pre>\n"
        let blocks = CodeBlock.all(in: html)
        #expect(blocks.map(\.request.language) == ["python"])
        #expect(blocks.map(\.request.code) == ["if a < b && c:\n"])
        let replaced = CodeBlock.replacing(in: html) { $0.language == "python" ? "HIGHLIGHTED" : nil }
        #expect(
            replaced
                == "<p>x</p>\n<pre><code class=\"language-python hljs\">HIGHLIGHTED</code></pre>\n<pre><code class=\"language-x\"><b>raw</b></code></pre>\n"
        )
    }
}
