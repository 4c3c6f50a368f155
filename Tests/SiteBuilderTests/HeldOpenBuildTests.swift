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

    /// What may happen to the record's file between two builds of one session, and where the second build
    /// takes the last build's record from: memory only while the file is the one the session saved.
    struct RecordChange: CustomTestStringConvertible, Sendable {
        var name: String
        var change: @Sendable (URL) throws -> Void
        /// The lap of the second build that tells where the record came from (nil: none, a full build).
        var recordLap: String?
        var testDescription: String { name }
    }

    static let recordChanges: [RecordChange] = [
        RecordChange(name: "left alone", change: { _ in }, recordLap: SiteBuild.heldRecordLap),
        RecordChange(
            name: "rewritten with the same bytes (another build)",
            change: { file in
                let bytes = try Data(contentsOf: file)
                try FileManager.default.removeItem(at: file)
                try bytes.write(to: file)
            }, recordLap: SiteBuild.decodedRecordLap),
        RecordChange(
            name: "replaced by garbage", change: { try Data("not json\n".utf8).write(to: $0) }, recordLap: nil),
        RecordChange(name: "removed", change: { try FileManager.default.removeItem(at: $0) }, recordLap: nil),
    ]

    @Test(arguments: recordChanges) func aHeldRecordIsUsedOnlyWhileItsFileIsUnchanged(change: RecordChange) async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        let cache = temporary.appendingPathComponent("cache")
        let memory = BuildCacheMemory()
        func build(into name: String, held: Bool) async -> BuildSummary {
            var options = BuildOptions(
                contentDirectory: content, templatesDirectory: Fixture.repository.appendingPathComponent("templates"),
                outputDirectory: temporary.appendingPathComponent(name))
            options.useCache = held
            options.cacheDirectory = cache
            return await SiteBuild(options: options, cacheMemory: held ? memory : nil).run()
        }
        let first = await build(into: "site", held: true)
        #expect(first.wroteSite && first.postsRebuilt == nil)
        try (String(contentsOf: content.appendingPathComponent("second.md"), encoding: .utf8) + "\nMore: $y^2$.\n")
            .write(to: content.appendingPathComponent("second.md"), atomically: true, encoding: .utf8)
        try change.change(cache.appendingPathComponent(BuildRecord.recordFileName))

        let second = await build(into: "site", held: true)
        let laps = second.timings.map(\.stage)
        #expect(second.postsRebuilt == (change.recordLap == nil ? nil : 1))
        #expect(laps.contains(SiteBuild.heldRecordLap) == (change.recordLap == SiteBuild.heldRecordLap), "\(laps)")
        #expect(laps.contains(SiteBuild.decodedRecordLap) == (change.recordLap == SiteBuild.decodedRecordLap), "\(laps)")
        let full = await build(into: "reference", held: false)
        #expect(second.diagnostics.map(\.description) == full.diagnostics.map(\.description))
        #expect(second.claims == full.claims)
        #expect(
            try Manifest(of: temporary.appendingPathComponent("site"))
                == Manifest(of: temporary.appendingPathComponent("reference")))
        // And the session's next build finds nothing to do.
        #expect(await build(into: "site", held: true).wasUpToDate)
    }

    /// A site changed by someone else between a session's builds is built in full, though the record is held.
    @Test func aHeldRecordDoesNotKeepASiteChangedByHand() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        let output = temporary.appendingPathComponent("site")
        let memory = BuildCacheMemory()
        func build() async -> BuildSummary {
            var options = BuildOptions(
                contentDirectory: content, templatesDirectory: Fixture.repository.appendingPathComponent("templates"),
                outputDirectory: output)
            options.useCache = true
            options.cacheDirectory = temporary.appendingPathComponent("cache")
            return await SiteBuild(options: options, cacheMemory: memory).run()
        }
        _ = await build()
        try "edited by hand".write(
            to: output.appendingPathComponent("posts/everything/index.html"), atomically: true, encoding: .utf8)
        let rebuilt = await build()
        #expect(rebuilt.wroteSite && rebuilt.postsRebuilt == nil, "a full build, not an update of a site it did not leave")
        #expect(try !Fixture.read(output, "posts/everything/index.html").contains("edited by hand"))
    }
}
