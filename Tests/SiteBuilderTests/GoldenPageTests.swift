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
        let recording = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
        for page in Self.pages {
            let built = try Fixture.read(output, page)
            let goldenFile = Self.golden.appendingPathComponent(page.replacingOccurrences(of: "/", with: "__"))
            if recording {
                try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
                try built.write(to: goldenFile, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: goldenFile, encoding: .utf8)
            let builtLines = built.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first =
                zip(builtLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(builtLines.count, expectedLines.count)
            #expect(
                built == expected,
                """
                \(page) differs from \(goldenFile.lastPathComponent) at line \(first + 1) \
                (re-record with RECORD_GOLDEN=1 if intended):
                built:    \(first < builtLines.count ? builtLines[first].prefix(300) : "<end>")
                expected: \(first < expectedLines.count ? expectedLines[first].prefix(300) : "<end>")
                diagnostics: \(summary.diagnostics)
                """)
        }
    }
}
