import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// A post's and a build's total work is bounded, each limit with its own message; tags whose
/// pages would collide are an error naming both.
@Suite(.timeLimit(.minutes(3))) struct WorkLimitTests {
    private func build(_ files: KeyValuePairs<String, String>, limits: [String] = []) async throws -> (BuildSummary, URL, URL) {
        let temporary = Fixture.temporaryFolder()
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for (path, text) in files { try Data(text.utf8).write(to: content.appendingPathComponent(path)) }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output) { options in
            for limit in limits { #expect(options.limits.set(limit) == nil) }
        }
        return (summary, temporary, output)
    }

    struct Flood: CustomTestStringConvertible, Sendable {
        var name: String, post: String, message: String
        init(_ name: String, _ post: String, _ message: String) { (self.name, self.post, self.message) = (name, post, message) }
        var testDescription: String { name }
    }

    static let floods: [Flood] = [
        Flood(
            "5,000 tags on one post",
            "---\ntitle: T\ntags: [" + (0..<5000).map { "t\($0)" }.joined(separator: ", ") + "]\n---\nx\n",
            "content/p.md:3:1: error: post has 5000 tags, over the limit of 100 (--limit maxTagsPerPost=…)"
        ),
        Flood(
            "a fence of 20,000 claims",
            "# P\n\n```swift-check\ngiven x ∈ [0, 1]\n" + String(repeating: "claim x = x\n", count: 20_000) + "```\n",
            "content/p.md:1005:1: error: fence has more than 1000 claims (--limit maxClaimsPerFence=…); split it"
        ),
        Flood(
            "3 fences of 800 claims",
            "# P\n"
                + String(
                    repeating: "\n```swift-check\ngiven x ∈ [0, 1]\n" + String(repeating: "claim x = x\n", count: 800) + "```\n",
                    count: 3),
            "content/p.md:\(2 + 2 * 804 + 3 + 400):1: error: post has more than 2000 claims (--limit maxClaimsPerPost=…); split it"
        ),
        Flood(
            "10,001 formulas",
            "# P\n\n" + String(repeating: "$x$ ", count: 10_001) + "\n",
            "content/p.md:3:40001: error: post has 10001 formulas, over the limit of 10000 (--limit maxFormulasPerPost=…)"
        ),
    ]

    @Test(arguments: floods) func aFloodIsRefusedWithItsOwnMessage(_ flood: Flood) async throws {
        let (summary, temporary, _) = try await build(["p.md": flood.post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 2)
        #expect(summary.diagnostics.map(\.description) == [flood.message])
    }

    @Test func theSiteSizeIsBounded() async throws {
        let (summary, temporary, output) = try await build(
            ["p.md": "# P\n" + String(repeating: "word ", count: 5000)], limits: ["maxOutputBytes=10000"])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 2 && !summary.wroteSite)
        #expect(
            summary.diagnostics.contains {
                $0.message == "the site would be over the limit of 10000 bytes (--limit maxOutputBytes=…); nothing was written"
            })
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func tagPagesGrowWithTheNumberOfTagsNotItsSquare() async throws {
        let tags = "tags: [" + (0..<60).map { "t\($0)" }.joined(separator: ", ") + "]"
        let (summary, temporary, output) = try await build([
            "a.md": "---\ntitle: A\n\(tags)\n---\nx\n", "b.md": "---\ntitle: B\n\(tags)\n---\ny\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0)
        let tagPage = try String(contentsOf: output.appendingPathComponent("tags/t7/index.html"), encoding: .utf8)
        // Each of the two posts names 10 of its 60 tags and counts the rest; its own page names them all.
        #expect(tagPage.components(separatedBy: "rel=\"tag\"").count - 1 == 2 * PageAssembler.tagsNamedOnTagPages)
        #expect(tagPage.components(separatedBy: ">50 more</a>").count - 1 == 2)
        let postPage = try String(contentsOf: output.appendingPathComponent("posts/a/index.html"), encoding: .utf8)
        #expect(postPage.components(separatedBy: "rel=\"tag\"").count - 1 == 60)
    }

    @Test func tagsWhoseSlugsCollideAreAnErrorNamingBoth() async throws {
        let (summary, temporary, _) = try await build([
            "a.md": "---\ntitle: A\ntags: [C++]\n---\nx\n", "b.md": "---\ntitle: B\ntags: [\"C#\"]\n---\ny\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 2)
        #expect(
            summary.diagnostics.map(\.description).contains(
                "content/b.md:3:1: error: tag 'C#' and tag 'C++' (in content/a.md) would share the page tags/c/; rename one of them"
            ))
    }

    @Test func tagsInTwoCasesShareAPageAndScriptsWithoutLatinLettersGetTheirOwn() async throws {
        let (summary, temporary, output) = try await build([
            "a.md": "---\ntitle: A\ntags: [Math, 日本語]\n---\nx\n", "b.md": "---\ntitle: B\ntags: [math, 中文]\n---\ny\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0, "\(summary.diagnostics)")
        let tags = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("tags").path).sorted()
            .filter { $0 != "index.html" }  // the tags page
        #expect(tags == [Slug.make(from: "math"), Slug.make(from: "中文"), Slug.make(from: "日本語")].sorted())
        #expect(Slug.make(from: "中文") != Slug.make(from: "日本語") && Slug.make(from: "中文").hasPrefix("u-"))
    }
}
