import BuiltInTheme
import Diagnostics
import Foundation
import KaTeX
import Testing
import _TestSupport

@testable import SiteBuilder

/// A site folder made in a test: `content/` with one post, and whatever the test adds.
private struct SiteFolder {
    let root = makeTemporaryFolder()
    var content: URL { root.appendingPathComponent("content") }
    var templates: URL { root.appendingPathComponent("templates") }
    var output: URL { root.appendingPathComponent("site") }

    init() throws {
        try write(
            "content/one.md",
            "---\ntitle: One\ndate: 2026-01-01\n---\n\nMath: $x^2$.\n\n```swift-check\ngiven x ∈ [-2, 2]\nlet f = x^2\nclaim ∂f/∂x = 2*x\n```\n"
        )
        try write("content/two.md", "---\ntitle: Two\ndate: 2026-01-02\n---\n\nNo math.\n")
        // A configured site, so that a clean build has nothing to say.
        try write("content/_config.yml", "title: Theme test\nbaseURL: https://example.org/\n")
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    /// Builds the site; with the cache (kept in the folder) unless `useCache` is false.
    func build(useCache: Bool = true, configure: (inout BuildOptions) -> Void = { _ in }) async -> BuildSummary {
        var options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output)
        options.useCache = useCache
        options.cacheDirectory = root.appendingPathComponent(".cache/build-site")
        configure(&options)
        return await SiteBuild(options: options).run()
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite(.serialized) struct BuiltInThemeTests {
    /// The theme in the executable is the theme folder of the repository, file for file.
    @Test func theExecutableCarriesTheThemeFolder() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/BuiltInTheme/theme")
        let onDisk = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
        #expect(BuiltInTheme.files.map(\.path).sorted() == onDisk.sorted())
        for file in BuiltInTheme.files {
            #expect(FileManager.default.contents(atPath: folder.appendingPathComponent(file.path).path) == Data(file.bytes))
        }
        #expect(BuiltInTheme.file("post.mustache") != nil)
    }

    /// With no templates folder the built-in theme makes every page, and its assets are copied.
    @Test func withoutTemplatesTheBuiltInThemeIsUsed() async throws {
        let site = try SiteFolder()
        defer { site.remove() }
        let summary = await site.build(useCache: false)
        #expect(summary.messages.isEmpty, "\(summary.messages)")
        #expect(summary.wroteSite)
        for path in ["index.html", "posts/one/index.html", "posts/two/index.html", "claims/index.html", "feed.xml"] {
            #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent(path).path), "\(path)")
        }
        let css = try #require(BuiltInTheme.file("assets/site.css"))
        #expect(
            FileManager.default.contents(atPath: site.output.appendingPathComponent("assets/site.css").path) == Data(css.bytes))
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("assets/katex/katex.min.css").path))
        #expect(try site.read("posts/one/index.html").contains("claim-card status-verified"))
    }

    /// One overriding template changes the pages made with it and no other; one overriding asset
    /// replaces that asset only. Each change is seen by a build that uses the cache and the record.
    @Test func anOverrideReplacesOneFileOnly() async throws {
        let site = try SiteFolder()
        defer { site.remove() }
        #expect(await site.build().wroteSite)
        let indexBefore = try site.read("index.html")
        let postBefore = try site.read("posts/one/index.html")

        let post = try #require(BuiltInTheme.file("post.mustache"))
        try site.write("templates/post.mustache", "<!-- my own post page -->\n" + String(decoding: post.bytes, as: UTF8.self))
        let overridden = await site.build()
        #expect(overridden.messages.isEmpty, "\(overridden.messages)")
        #expect(overridden.wroteSite && !overridden.wasUpToDate)
        #expect(try site.read("posts/one/index.html") == "<!-- my own post page -->\n" + postBefore)
        #expect(try site.read("posts/two/index.html").hasPrefix("<!-- my own post page -->\n"))
        #expect(try site.read("index.html") == indexBefore)

        try site.write("templates/assets/site.css", "body { color: black; }\n")
        #expect(await site.build().wroteSite)
        #expect(try site.read("assets/site.css") == "body { color: black; }\n")
        #expect(try site.read("index.html") == indexBefore)

        // Removing the overrides brings the built-in theme back.
        try FileManager.default.removeItem(at: site.templates)
        #expect(await site.build().wroteSite)
        #expect(try site.read("posts/one/index.html") == postBefore)
        #expect(
            FileManager.default.contents(atPath: site.output.appendingPathComponent("assets/site.css").path)
                == Data(BuiltInTheme.file("assets/site.css")!.bytes))
    }

    /// A template of the site's own that the theme lacks (a partial) can be used by an override.
    @Test func anOverrideMayAddAPartial() async throws {
        let site = try SiteFolder()
        defer { site.remove() }
        try site.write("templates/greeting.mustache", "<p class=\"greeting\">Hello</p>\n")
        let index = try #require(BuiltInTheme.file("index.mustache"))
        try site.write("templates/index.mustache", "{{> greeting}}\n" + String(decoding: index.bytes, as: UTF8.self))
        let summary = await site.build(useCache: false)
        #expect(summary.messages.isEmpty, "\(summary.messages)")
        #expect(try site.read("index.html").hasPrefix("<p class=\"greeting\">Hello</p>\n"))
    }

    /// A syntax error in an override is reported at its file and line in the site's templates folder.
    @Test func aBrokenOverrideNamesItsFile() async throws {
        let site = try SiteFolder()
        defer { site.remove() }
        try site.write("templates/tag.mustache", "<p>\n{{#posts}}\n")
        let summary = await site.build(useCache: false)
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.path == "templates/tag.mustache", "\(error)")
        #expect(error.message.contains("template syntax error"))
        #expect(!summary.wroteSite)
    }

    /// The escaping pragma put before every template does not move a syntax error's line.
    @Test func aSyntaxErrorIsReportedAtItsOwnLine() async throws {
        let site = try SiteFolder()
        defer { site.remove() }
        try site.write("templates/tag.mustache", "<p>\n<p>\n{{/posts}}\n")
        let summary = await site.build(useCache: false)
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.path == "templates/tag.mustache", "\(error)")
        #expect(error.location?.line == 3, "\(error)")
    }

    /// `{{value}}` in a template is escaped by the pages' one rule, byte by byte: a `"` is escaped even
    /// where a combining mark after it makes one `Character` of the two, and a template of the site's own
    /// gets the same escaping as the theme's.
    @Test func templateValuesAreEscapedByThePagesRule() async throws {
        let site = try SiteFolder()
        defer { site.remove() }
        try site.write(
            "content/two.md", "---\ntitle: \"Tom \\\"\u{0301}& <Jerry>\"\ndate: 2026-01-02\n---\n\nText.\n")
        try site.write("templates/greeting.mustache", "<p data-title=\"{{title}}\"></p>\n")
        let index = try #require(BuiltInTheme.file("index.mustache"))
        try site.write(
            "templates/index.mustache",
            "{{#posts}}{{> greeting}}{{/posts}}" + String(decoding: index.bytes, as: UTF8.self))
        let summary = await site.build(useCache: false)
        #expect(!summary.diagnostics.contains { $0.severity == .error }, "\(summary.diagnostics)")
        let page = try site.read("posts/two/index.html")
        #expect(page.contains("<title>Tom &quot;\u{0301}&amp; &lt;Jerry&gt; · "), "\(page.prefix(600))")
        #expect(try site.read("index.html").contains("<p data-title=\"Tom &quot;\u{0301}&amp; &lt;Jerry&gt;\"></p>"))
    }

    /// No content folder: the message says so and suggests `build-site init`, and nothing is written.
    @Test func withoutContentTheMessageSuggestsInit() async throws {
        let root = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let options = BuildOptions(
            contentDirectory: root.appendingPathComponent("content"),
            templatesDirectory: root.appendingPathComponent("templates"),
            outputDirectory: root.appendingPathComponent("site"))
        let summary = await SiteBuild(options: options).run()
        #expect(summary.diagnostics.count == 1)
        let message = try #require(summary.diagnostics.first)
        #expect(message.path == "content")
        #expect(message.message.contains("build-site init"), "\(message.message)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: root.path)).isEmpty)
    }
}

@Suite struct KaTeXSettingTests {
    static let debian = ["/usr/share/nodejs/katex", "/usr/share/javascript/katex"]

    /// `katex:` as one folder or a list; the Debian folders work, named either way.
    @Test(arguments: [
        "katex: [/usr/share/nodejs/katex, /usr/share/javascript/katex]\n",
        "katex:\n  - /usr/share/nodejs/katex\n  - /usr/share/javascript/katex\n",
    ])
    func theConfigurationNamesKaTeXsFolders(_ text: String) throws {
        let configuration = try SiteConfiguration.parse(Data(("title: T\n" + text).utf8), path: "content/_config.yml")
        #expect(configuration.katexFolders == Self.debian)
        let installation = try Prerequisites.katexInstallation(
            configuration: configuration, configurationPath: "content/_config.yml", siteFolder: URL(fileURLWithPath: "/"),
            environment: ["PATH": "/usr/bin"])
        #expect(installation.libraryPath == Self.debian[0] && installation.assetsPath == Self.debian[1])
    }

    /// A wrong `katex:` is an error at the value's `path:line:col`, naming the setting.
    @Test(arguments: [
        ("katex: /nowhere\n", Diagnostics.SourceLocation(line: 2, column: 8), "katex names /nowhere"),
        (
            "katex:\n  - /nowhere\n  - /usr/share/javascript/katex\n", Diagnostics.SourceLocation(line: 3, column: 3),
            "none of them holds the KaTeX library for node"
        ),
        ("katex: [relative/folder]\n", Diagnostics.SourceLocation(line: 2, column: 8), "katex names /site/relative/folder"),
        ("katex: {a: 1}\n", Diagnostics.SourceLocation(line: 2, column: 8), "field 'katex' must name a folder"),
        ("katex: \"\"\n", Diagnostics.SourceLocation(line: 2, column: 8), "field 'katex' must name a folder"),
    ])
    func aWrongConfigurationIsAnErrorAtItsKey(_ text: String, _ location: Diagnostics.SourceLocation, _ message: String) throws {
        do {
            let configuration = try SiteConfiguration.parse(Data(("title: T\n" + text).utf8), path: "content/_config.yml")
            _ = try Prerequisites.katexInstallation(
                configuration: configuration, configurationPath: "content/_config.yml", siteFolder: URL(fileURLWithPath: "/site"),
                environment: ["PATH": "/usr/bin"])
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.path == "content/_config.yml")
            #expect(error.location == location, "\(error)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    /// `BUILD_SITE_KATEX` takes precedence over the configuration, and a wrong one is an error naming it.
    @Test func theEnvironmentVariableTakesPrecedence() throws {
        var configuration = SiteConfiguration()
        configuration.katexFolders = ["/nowhere"]
        let found = try Prerequisites.katexInstallation(
            configuration: configuration, configurationPath: "content/_config.yml", siteFolder: URL(fileURLWithPath: "/"),
            environment: ["PATH": "/usr/bin", "BUILD_SITE_KATEX": Self.debian.joined(separator: ":")])
        #expect(found.libraryPath == Self.debian[0])
        do {
            _ = try Prerequisites.katexInstallation(
                configuration: SiteConfiguration(), configurationPath: "content/_config.yml",
                siteFolder: URL(fileURLWithPath: "/"), environment: ["PATH": "/usr/bin", "BUILD_SITE_KATEX": "/nowhere"])
            Issue.record("no error")
        } catch {
            #expect(error.path == "build-site")
            #expect(error.message.hasPrefix("BUILD_SITE_KATEX names /nowhere"), "\(error.message)")
        }
    }

    /// With neither setting, Debian's places are used.
    @Test func withoutASettingDebiansPlacesAreUsed() throws {
        let installation = try Prerequisites.katexInstallation(
            configuration: SiteConfiguration(), configurationPath: "content/_config.yml", siteFolder: URL(fileURLWithPath: "/"),
            environment: ["PATH": "/usr/bin"])
        #expect(installation.libraryPath == KaTeXInstallation.defaultLibraryCandidates[0])
    }

    /// A build with a wrong `katex:` stops with that error, and writes no site.
    @Test func aBuildWithAWrongSettingWritesNothing() async throws {
        let site = try SiteFolder()
        defer { site.remove() }
        try site.write("content/_config.yml", "title: T\nkatex: /nowhere\n")
        let summary = await site.build(useCache: false)
        #expect(summary.diagnostics.map { "\($0.path):\($0.location.map { "\($0)" } ?? "")" } == ["content/_config.yml:2:8"])
        #expect(!summary.wroteSite)
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }
}
