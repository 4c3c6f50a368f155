import Foundation
import KaTeX
import Testing

@testable import SiteBuilder

/// Builds that share one KaTeX pool the caller holds open, as a server rebuilding on every change would.
@Suite struct HeldOpenBuildTests {
    /// Two builds through one held-open renderer and cache memory give the same sites as two ordinary
    /// builds, and the renderer is still running after them.
    @Test func buildsThroughAHeldRendererMatchOrdinaryBuilds() async throws {
        let renderer = try await KaTeXRenderer.start(installation: try KaTeXInstallation.locate(), workers: 2)
        defer { renderer.shutdown() }
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)

        let memory = BuildCacheMemory()
        func build(_ name: String, holding held: KaTeXRenderer?) async throws -> Manifest {
            let output = temporary.appendingPathComponent(name)
            var options = BuildOptions(
                contentDirectory: content, templatesDirectory: Fixture.repository.appendingPathComponent("templates"),
                outputDirectory: output)
            options.useCache = held != nil
            options.cacheDirectory = temporary.appendingPathComponent("cache")
            let summary = await SiteBuild(options: options, renderer: held, cacheMemory: held == nil ? nil : memory).run()
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

    /// A build given a cache memory takes the shards it holds instead of their files (here removed from disk).
    @Test func aCacheMemoryIsReadInsteadOfTheShardFiles() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let memory = BuildCacheMemory()
        let request = MathRequest(tex: "x^2")
        var first = BuildCache(directory: temporary, katexVersion: "test", memory: memory)
        await first.load(posts: ["a.md"], concurrency: 1)
        first.store(html: "<x²>", for: request, post: "a.md")
        await first.save(posts: ["a.md"])
        var fromDisk = BuildCache(directory: temporary, katexVersion: "test")
        await fromDisk.load(posts: ["a.md"], concurrency: 1)
        #expect(fromDisk.cachedHTML(for: request) == "<x²>")

        try FileManager.default.removeItem(at: temporary.appendingPathComponent(BuildCache.shardFolderName))
        var remembered = BuildCache(directory: temporary, katexVersion: "test", memory: memory)
        await remembered.load(posts: ["a.md"], concurrency: 1)
        #expect(remembered.cachedHTML(for: request) == "<x²>")
        var withoutMemory = BuildCache(directory: temporary, katexVersion: "test")
        await withoutMemory.load(posts: ["a.md"], concurrency: 1)
        #expect(withoutMemory.cachedHTML(for: request) == nil)
        // Another KaTeX version's cache does not see the shards.
        var otherVersion = BuildCache(directory: temporary, katexVersion: "other", memory: memory)
        await otherVersion.load(posts: ["a.md"], concurrency: 1)
        #expect(otherVersion.cachedHTML(for: request) == nil)
    }
}
