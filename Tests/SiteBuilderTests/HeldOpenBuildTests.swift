import Foundation
import KaTeX
import Testing

@testable import SiteBuilder

/// Builds that share one KaTeX pool the caller holds open, as a server rebuilding on every change would.
@Suite struct HeldOpenBuildTests {
    /// Two builds through one held-open renderer give the same sites as two ordinary builds, and the
    /// renderer is still running after them.
    @Test func buildsThroughAHeldRendererMatchOrdinaryBuilds() async throws {
        let renderer = try await KaTeXRenderer.start(installation: try KaTeXInstallation.locate(), workers: 2)
        defer { renderer.shutdown() }
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)

        func build(_ name: String, holding held: KaTeXRenderer?) async throws -> Manifest {
            let output = temporary.appendingPathComponent(name)
            var options = BuildOptions(
                contentDirectory: content, templatesDirectory: Fixture.repository.appendingPathComponent("templates"),
                outputDirectory: output)
            options.useCache = false
            let summary = await SiteBuild(options: options, renderer: held).run()
            #expect(summary.wroteSite, "\(summary.diagnostics)")
            return try Manifest(of: output)
        }

        let firstHeld = try await build("first-held", holding: renderer)
        let first = try await build("first", holding: nil)
        // A change between the builds: a new post with a formula neither build has rendered yet.
        try Data("---\ntitle: Added\n---\n\nA new formula: $e^{i\\pi} + 1 = 0$.\n".utf8)
            .write(to: content.appendingPathComponent("added.md"))
        let secondHeld = try await build("second-held", holding: renderer)
        let second = try await build("second", holding: nil)

        #expect(firstHeld == first)
        #expect(secondHeld == second)
        #expect(first != second)
        guard case .rendered = await renderer.render(MathRequest(tex: "x^2", displayMode: false)) else {
            Issue.record("the held renderer was stopped by a build")
            return
        }
    }
}
