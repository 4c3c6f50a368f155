import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// `build-site import`: a blog copied in unchanged, its profile recorded, nothing overwritten.
struct SiteImportTests {
    static func write(_ files: [String: String], under root: URL) throws {
        for (path, text) in files {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
    }

    @Test func aJekyllBlogIsCopiedWithItsProfileAndWhatCannotBeTranslatedIsListed() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let blog = temporary.appendingPathComponent("blog")
        let post = "---\nlayout: post\n---\n![a]({{ site.baseurl }}/assets/a.png)\n\n{% include x.html %}\n"
        try Self.write(
            ["_posts/2017-04-07-first.md": post, "assets/a.png": "PNG", "_site/old.html": "x", "_config.yml": "title: Old\n"],
            under: blog)
        let content = temporary.appendingPathComponent("content")
        let outcome = try SiteImport(blog: blog, blogDisplayPath: "blog", profile: .jekyll)
            .run(intoContentFolder: content, displayPath: "content")
        #expect(outcome.posts == ["content/_posts/2017-04-07-first.md"])
        #expect(outcome.files == 1)
        #expect(outcome.translated == 1)
        #expect(
            outcome.messages.map(\.description) == [
                "content/_posts/2017-04-07-first.md:6:1: warning: Liquid tag '{% include %}' is not supported; it is left out of the page"
            ])
        #expect(outcome.wroteConfiguration)
        #expect(try Fixture.read(content, "_posts/2017-04-07-first.md") == post)
        #expect(try Fixture.read(content, "_config.yml").contains("compatibility: jekyll"))

        // Again: everything is there already, and kept.
        try Data("changed".utf8).write(to: content.appendingPathComponent("assets/a.png"))
        let again = try SiteImport(blog: blog, blogDisplayPath: "blog", profile: .jekyll)
            .run(intoContentFolder: content, displayPath: "content")
        #expect(again.posts.isEmpty)
        #expect(again.kept.count == 2)
        #expect(!again.wroteConfiguration)
        #expect(try Fixture.read(content, "assets/a.png") == "changed")

        // The imported site builds, the image beside the page.
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output)
        #expect(summary.exitStatus == 0, "\(summary.diagnostics)")
        #expect(try Fixture.read(output, "posts/first/index.html").contains("<img src=\"assets/a.png\" alt=\"a\" />"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("posts/first/assets/a.png").path))
    }

    @Test func aBlogWithoutPostsWhereItsEngineKeepsThemIsRefused() throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let blog = temporary.appendingPathComponent("blog")
        try Self.write(["notes.txt": "x"], under: blog)
        #expect(throws: Diagnostic.self) {
            try SiteImport(blog: blog, blogDisplayPath: "blog", profile: .hugo)
                .run(intoContentFolder: temporary.appendingPathComponent("content"), displayPath: "content")
        }
    }
}
