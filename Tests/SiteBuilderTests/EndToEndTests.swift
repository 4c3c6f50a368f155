import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Builds fixture sites into temporary folders with the repository's own templates.
enum Fixture {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repository = repositoryRoot

    static func folder(_ name: String) -> URL {
        testsFolder.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func temporaryFolder() -> URL { makeTemporaryFolder() }

    /// Expects `text` to be the golden file's contents, naming the first line that differs; with
    /// `RECORD_GOLDEN=1` it records `text` as the golden file instead (only for an intended change).
    static func expectMatchesGolden(
        _ text: String, file: URL, context: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        let builtLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            zip(builtLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(builtLines.count, expectedLines.count)
        #expect(
            text == expected,
            """
            the text differs from \(file.lastPathComponent) at line \(first + 1) (re-record with RECORD_GOLDEN=1 if intended):
            built:    \(first < builtLines.count ? builtLines[first].prefix(300) : "<end>")
            expected: \(first < expectedLines.count ? expectedLines[first].prefix(300) : "<end>")
            \(context)
            """, sourceLocation: sourceLocation)
    }

    static func build(content: URL, output: URL, configure: (inout BuildOptions) -> Void = { _ in }) async -> BuildSummary {
        var options = BuildOptions(
            // No templates folder beside the content: the built-in theme makes the pages.
            contentDirectory: content,
            templatesDirectory: content.deletingLastPathComponent().appendingPathComponent("templates"), outputDirectory: output)
        options.useCache = false
        configure(&options)
        return await SiteBuild(options: options, contentDisplayPath: "content").run()
    }

    static func read(_ url: URL, _ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }
}

@Suite(.serialized) struct EndToEndTests {
    @Test func buildsTheFixtureSite() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: Fixture.folder("basic/content"), output: output)
        #expect(summary.diagnostics.filter { $0.severity == .error }.isEmpty, "\(summary.diagnostics)")
        #expect(summary.exitStatus == 0)
        #expect(summary.wroteSite)
        #expect(summary.posts.map(\.slug) == ["everything", "toml-post"])

        let post = try Fixture.read(output, "posts/everything/index.html")
        // Math reached KaTeX verbatim: subscripts and `*` untouched by Markdown, `\\` line breaks in align.
        #expect(post.contains("<annotation encoding=\"application/x-tex\">a_1 * b_2</annotation>"))
        #expect(post.contains("f(x) &amp;= x^2 \\\\"))
        #expect(post.contains("\\lvert x \\rvert"))
        #expect(post.contains("<mi mathvariant=\"double-struck\">R</mi>"))  // the post's \R macro
        #expect(post.contains("a price of $5 and $10"))
        #expect(post.contains("escaped $x$"))
        #expect(post.contains("<code>$not math$</code>"))
        // The Swift block is highlighted at build time; its dollars stay text.
        #expect(post.contains("<span class=\"hljs-keyword\">let</span> dollars = <span class=\"hljs-string\">\"$x$\"</span>"))
        #expect(post.contains("<div class=\"raw\"><span class=\"katex-display\">"))
        #expect(post.contains("alt=\"plot of x^2\""))
        #expect(post.contains("<del>struck</del>"))
        #expect(post.contains("class=\"footnotes\""))
        #expect(post.contains("id=\"everything-at-once\""))
        #expect(post.contains("href=\"../../assets/katex/katex.min.css\""))
        #expect(!post.contains("<script"))

        // Companion files, assets, tags, feed, drafts.
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("posts/everything/images/plot.png").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/katex/katex.min.css").path))
        #expect(
            FileManager.default.fileExists(
                atPath: output.appendingPathComponent("assets/katex/fonts/KaTeX_Main-Regular.woff2").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("assets/site.css").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("tags/test-tag/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("posts/draft").path))
        let index = try Fixture.read(output, "index.html")
        let first = try #require(index.range(of: "Everything at once"))
        let second = try #require(index.range(of: "A TOML post"))
        #expect(first.lowerBound < second.lowerBound, "newest first")
        let feed = try Fixture.read(output, "feed.xml")
        #expect(feed.contains("<feed"))
        #expect(feed.contains("2026-02-01T00:00:00Z"))
        let outline = XMLOutline(feed)
        #expect(outline.isWellFormed)
        #expect(outline.rootName == "feed")
        #expect(outline.count("feed/entry") == 2)
    }

    @Test func twoBuildsAreByteIdentical() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let first = temporary.appendingPathComponent("one")
        let second = temporary.appendingPathComponent("two")
        _ = await Fixture.build(content: Fixture.folder("basic/content"), output: first)
        _ = await Fixture.build(content: Fixture.folder("basic/content"), output: second)
        #expect(try Manifest(of: first) == Manifest(of: second))
    }

    @Test func draftsAreBuiltOnRequest() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: Fixture.folder("basic/content"), output: output) { $0.includeDrafts = true }
        #expect(summary.posts.map(\.slug).contains("draft"))
    }

    @Test func aFailedBuildLeavesThePreviousSiteAlone() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        _ = await Fixture.build(content: Fixture.folder("basic/content"), output: output)
        let before = try Manifest(of: output)

        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "---\ntitle: broken\n".write(to: content.appendingPathComponent("bad.md"), atomically: true, encoding: .utf8)
        let summary = await Fixture.build(content: content, output: output)
        #expect(summary.exitStatus == 2)
        #expect(!summary.wroteSite)
        #expect(
            summary.diagnostics.first?.description
                == "content/bad.md:1:1: error: front matter opened with '---' is never closed (add a '---' line after it)")
        #expect(try Manifest(of: output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: temporary.path).filter { $0.contains("staging") }
        #expect(leftovers.isEmpty)
    }

    @Test func mathErrorsNameTheirPosition() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "---\ntitle: t\n---\n\nGood $x$ and bad $\\frac{1}{$ here.\n".write(
            to: content.appendingPathComponent("m.md"), atomically: true, encoding: .utf8)
        let output = temporary.appendingPathComponent("site")
        let strict = await Fixture.build(content: content, output: output)
        #expect(strict.exitStatus == 2)
        let error = try #require(strict.diagnostics.first { $0.severity == .error })
        #expect(error.path == "content/m.md")
        #expect(error.location?.line == 5)
        #expect(error.message.hasPrefix("math: "))

        let lenient = await Fixture.build(content: content, output: output) { $0.keepGoing = true }
        #expect(lenient.exitStatus == 0)
        #expect(lenient.wroteSite)
        let page = try Fixture.read(output, "posts/m/index.html")
        #expect(page.contains("class=\"math-error\""))
        #expect(page.contains("\\frac{1}{"))
    }

    @Test func safeModeDropsRawHTML() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "# T\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n".write(
            to: content.appendingPathComponent("x.md"), atomically: true, encoding: .utf8)
        let output = temporary.appendingPathComponent("site")
        _ = await Fixture.build(content: content, output: output) { $0.safe = true }
        let page = try Fixture.read(output, "posts/x/index.html")
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("javascript:"))
    }

    @Test func duplicateSlugsNameBothFiles() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "---\nslug: same\n---\nA".write(to: content.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try "---\nslug: same\n---\nB".write(to: content.appendingPathComponent("b.md"), atomically: true, encoding: .utf8)
        let summary = await Fixture.build(content: content, output: temporary.appendingPathComponent("site"))
        #expect(summary.exitStatus == 2)
        let message = try #require(summary.diagnostics.first { $0.severity == .error }).description
        #expect(message.contains("content/b.md:2:1"))
        #expect(message.contains("content/a.md"))
    }
}

/// The relative path and contents of every file under a folder.
struct Manifest: Equatable {
    var files: [String: Data]

    init(of folder: URL) throws {
        files = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
    }
}

@Suite(.serialized) struct CacheTests {
    @Test func aCorruptCacheIsIgnoredAndRebuilt() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let cache = temporary.appendingPathComponent("cache")
        let shard = cache.appendingPathComponent(BuildCache.shardFolderName).appendingPathComponent(
            BuildCache.shardName(for: "verdicts.md"))
        let fresh = temporary.appendingPathComponent("fresh")
        let first = await Fixture.build(content: Fixture.folder("claims/content"), output: fresh) {
            $0.useCache = true
            $0.cacheDirectory = cache
        }
        #expect(first.exitStatus == 1)
        try Data("{\"formatVersion\": 3, \"identity\": \"trunc".utf8).write(to: shard)

        // Another output folder: a full build, which reads the damaged shard, ignores it and writes it again.
        let rebuiltOutput = temporary.appendingPathComponent("rebuilt")
        let cold = await Fixture.build(content: Fixture.folder("claims/content"), output: rebuiltOutput) {
            $0.useCache = true
            $0.cacheDirectory = cache
        }
        #expect(cold.claims == first.claims)
        #expect(try Manifest(of: rebuiltOutput) == Manifest(of: fresh))
        let written = try #require(CacheFile.read(shard), "the shard was rewritten whole, with its checksum")
        #expect((try? JSONSerialization.jsonObject(with: written)) != nil)

        let warmOutput = temporary.appendingPathComponent("warm")
        let warm = await Fixture.build(content: Fixture.folder("claims/content"), output: warmOutput) {
            $0.useCache = true
            $0.cacheDirectory = cache
        }
        #expect(warm.claims == cold.claims, "cached verdicts are the verdicts")
        #expect(try Manifest(of: warmOutput) == Manifest(of: fresh), "a warm build writes the same site")
    }
}

@Suite(.serialized) struct UpToDateTests {
    @Test func nothingChangedKeepsTheSiteAndReplaysTheSummary() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("claims/content"), to: content)
        let output = temporary.appendingPathComponent("site")
        func build() async -> BuildSummary {
            await Fixture.build(content: content, output: output) {
                $0.useCache = true
                $0.cacheDirectory = temporary.appendingPathComponent("cache")
            }
        }
        let first = await build()
        #expect(first.wroteSite && !first.wasUpToDate)
        let second = await build()
        #expect(second.wasUpToDate)
        #expect(second.claims == first.claims)
        #expect(second.exitStatus == first.exitStatus)

        // A changed post, or a site changed by hand, means a real build.
        let post = content.appendingPathComponent("verdicts.md")
        try (String(contentsOf: post, encoding: .utf8) + "\nOne more line.\n").write(to: post, atomically: true, encoding: .utf8)
        let third = await build()
        #expect(third.wroteSite && !third.wasUpToDate)
        #expect(try Fixture.read(output, "posts/verdicts/index.html").contains("One more line."))
        try FileManager.default.removeItem(at: output.appendingPathComponent("index.html"))
        let fourth = await build()
        #expect(fourth.wroteSite && !fourth.wasUpToDate)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
    }
}
