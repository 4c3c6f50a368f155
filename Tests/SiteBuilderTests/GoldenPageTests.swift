import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// Whole pages of the fixture site compared byte for byte with committed copies.
///
/// After an intended change to the templates or the pipeline, re-record them with
/// `RECORD_GOLDEN=1 swift test --filter GoldenPageTests` and review the diff.
@Suite(.serialized) struct GoldenPageTests {
    static let golden = Fixture.folder("golden")
    static let pages = [
        "index.html", "posts/everything/index.html", "posts/toml-post/index.html", "tags/math/index.html", "feed.xml",
    ]

    @Test func pagesMatchTheirGoldenCopies() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: Fixture.folder("basic/content"), output: output)
        #expect(summary.exitStatus == 0)
        for page in Self.pages {
            let goldenFile = Self.golden.appendingPathComponent(page.replacingOccurrences(of: "/", with: "__"))
            try Fixture.expectMatchesGolden(try Fixture.read(output, page), file: goldenFile, context: "\(summary.diagnostics)")
        }
    }
}
