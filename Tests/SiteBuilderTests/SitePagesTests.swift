import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// The links between pages, the tags page, the sitemap and the tags for search engines and link previews.
@Suite(.serialized) struct SitePagesTests {
    /// Builds the reading fixture, with `configuration` in place of its `_config.yml` when given.
    private static func build(configuration: String? = nil) async throws -> (site: URL, temporary: URL, summary: BuildSummary) {
        let temporary = Fixture.temporaryFolder()
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("reading/content"), to: content)
        if let configuration {
            try configuration.write(to: content.appendingPathComponent("_config.yml"), atomically: true, encoding: .utf8)
        }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output)
        return (output, temporary, summary)
    }

    struct LinkCase: Sendable, CustomTestStringConvertible {
        var configuration: String
        var post: String
        var home: String
        var tag: String
        var claims: String
        var testDescription: String { configuration.isEmpty ? "default" : configuration }
    }

    static let linkCases = [
        LinkCase(
            configuration: "", post: "posts/equations/index.html", home: "../../index.html",
            tag: "../../tags/layout/index.html", claims: "../../claims/index.html"),
        LinkCase(
            configuration: "prettyURLs: false", post: "posts/equations/index.html", home: "../../index.html",
            tag: "../../tags/layout/index.html", claims: "../../claims/index.html"),
        LinkCase(
            configuration: "prettyURLs: true", post: "posts/equations/", home: "../.././", tag: "../../tags/layout/",
            claims: "../../claims/"),
    ]

    @Test(arguments: linkCases) func linksNameTheirFileUnlessPrettyURLsAreChosen(_ linkCase: LinkCase) async throws {
        let (site, temporary, summary) = try await Self.build(configuration: linkCase.configuration)
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0, "\(summary.diagnostics)")
        let index = try Fixture.read(site, "index.html")
        #expect(index.contains("<a href=\"\(linkCase.post)\">"))
        let post = try Fixture.read(site, "posts/plain/index.html")
        #expect(post.contains("<a class=\"site-title\" href=\"\(linkCase.home)\">"))
        #expect(post.contains("href=\"\(linkCase.tag)\" rel=\"tag\""))
        #expect(post.contains("href=\"\(linkCase.claims)\""))
        let card = try Fixture.read(site, "posts/equations/index.html")
        #expect(card.contains("href=\"\(linkCase.claims)#how-claims-are-checked\""))
    }

    @Test func aPrettyURLsValueThatIsNotABooleanIsAnError() throws {
        #expect(throws: Diagnostic.self) {
            try SiteConfiguration.parse(Data("prettyURLs: sometimes\n".utf8), path: "content/_config.yml")
        }
        #expect(try SiteConfiguration.parse(Data("prettyURLs: true\n".utf8), path: "content/_config.yml").prettyURLs)
        #expect(try !SiteConfiguration.parse(nil, path: "content/_config.yml").prettyURLs)
    }

    @Test func theTagsPageCountsEachTagsPosts() async throws {
        let (site, temporary, _) = try await Self.build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let tags = try Fixture.read(site, "tags/index.html")
        #expect(
            tags.contains("<a href=\"../tags/layout/index.html\" rel=\"tag\">layout</a> <span class=\"tag-count\">2 posts</span>")
        )
        #expect(tags.contains("<a href=\"../tags/math/index.html\" rel=\"tag\">math</a> <span class=\"tag-count\">1 post</span>"))
        #expect(try Fixture.read(site, "index.html").contains("<a href=\"tags/index.html\">Tags</a>"), "the header links to it")
    }

    @Test func theSitemapNeedsABaseURL() async throws {
        let (site, temporary, _) = try await Self.build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let sitemap = try Fixture.read(site, "sitemap.xml")
        for address in [
            "<loc>https://example.org/blog/index.html</loc>",
            "<loc>https://example.org/blog/posts/equations/index.html</loc><lastmod>2026-03-01</lastmod>",
            "<loc>https://example.org/blog/tags/index.html</loc>", "<loc>https://example.org/blog/tags/math/index.html</loc>",
            "<loc>https://example.org/blog/claims/index.html</loc>",
        ] {
            #expect(sitemap.contains(address))
        }
        let (unconfigured, otherTemporary, summary) = try await Self.build(configuration: "title: No address\n")
        defer { try? FileManager.default.removeItem(at: otherTemporary) }
        #expect(summary.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: unconfigured.appendingPathComponent("sitemap.xml").path))
        let post = try Fixture.read(unconfigured, "posts/equations/index.html")
        #expect(!post.contains("og:url"), "no address is made up")
    }

    @Test func pagesDescribeThemselves() async throws {
        let (site, temporary, _) = try await Self.build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let post = try Fixture.read(site, "posts/equations/index.html")
        let summary = "Numbered equations, long and short, and a long chain of claims."
        #expect(post.contains("<meta name=\"description\" content=\"\(summary)\">"))
        #expect(post.contains("<meta property=\"og:description\" content=\"\(summary)\">"))
        #expect(post.contains("<meta property=\"og:title\" content=\"Numbered equations\">"))
        #expect(post.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(post.contains("<meta property=\"og:url\" content=\"https://example.org/blog/posts/equations/index.html\">"))
        #expect(post.contains("<link rel=\"icon\" href=\"../../assets/favicon.svg\" type=\"image/svg+xml\">"))
        let index = try Fixture.read(site, "index.html")
        #expect(index.contains("<meta name=\"description\" content=\"A site the browser tests read at phone width.\">"))
        #expect(index.contains("<meta property=\"og:type\" content=\"website\">"))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("assets/favicon.svg").path))
    }

    @Test func aTitleTakenFromTheFirstHeadingIsShownOnce() async throws {
        let (site, temporary, _) = try await Self.build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let plain = try Fixture.read(site, "posts/plain/index.html")
        #expect(plain.components(separatedBy: "<h1").count == 2, "one <h1>")
        #expect(plain.contains("<h1 class=\"post-title\" id=\"a-plain-post\">A plain post</h1>"), "its anchor is kept")
        #expect(!plain.contains("class=\"toc\""), "no contents without sections")
        let equations = try Fixture.read(site, "posts/equations/index.html")
        #expect(equations.components(separatedBy: "<h1").count == 2)
        #expect(equations.contains("<li class=\"toc-h2\"><a href=\"#a-long-chain\">A long chain</a></li>"))
        #expect(!equations.contains("toc-h1"))
        #expect(equations.contains("tabindex=\"-1\">#</a>A long chain</h2>"), "a hidden heading anchor is not in the tab order")
    }
}
