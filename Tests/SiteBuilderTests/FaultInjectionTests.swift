import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

#if canImport(Glibc)
import Glibc
#endif

/// The built `build-site` binary (the fault tests run it as a child process and kill it).
private let faultBinary = Fixture.repository.appendingPathComponent(".build/debug/build-site")

/// A corpus of a few hundred small posts in two versions: B retitles one post, edits another and
/// adds one; A is the original. Switching between them is an incremental build's kind of change.
enum FaultCorpus {
    static let postCount = 200

    static func write(_ version: Character, into content: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: content, withIntermediateDirectories: true)
        for index in 0..<postCount {
            let title = version == "B" && index == 7 ? "Post seven, retitled" : "Post \(index)"
            let extra = version == "B" && index == 120 ? "An edited paragraph.\n" : ""
            let claim = index % 50 == 0 ? "\n```swift-check id=c\(index)\ngiven x ∈ [-1, 1]\nclaim x + x = 2*x\n```\n" : ""
            let text = """
                ---
                title: \(title)
                date: 2025-\(String(format: "%02d", index % 12 + 1))-\(String(format: "%02d", index % 28 + 1))
                tags: [tag\(index % 7), all]
                ---
                # \(title)

                A paragraph with $x_{\(index)}^2$ and a link to [the next post](../post-\((index + 1) % postCount)/).
                \(extra)\(claim)
                """
            try Data(text.utf8).write(to: content.appendingPathComponent("post-\(index).md"))
        }
        let added = content.appendingPathComponent("added.md")
        if version == "B" {
            try Data("---\ntitle: Added\ndate: 2026-01-01\ntags: [new]\n---\nNew $y$.\n".utf8).write(to: added)
        } else {
            try? manager.removeItem(at: added)
        }
    }
}

/// Every internal link (`href`, `src`) of every HTML page under `site` names a file that exists.
func brokenLinks(in site: URL) throws -> [String] {
    var broken: [String] = []
    let pattern = try NSRegularExpression(pattern: "(?:href|src)=\"([^\"]*)\"")
    for entry in FileTree.entries(under: site.path) where entry.isRegularFile && entry.relativePath.hasSuffix(".html") {
        let page = site.appendingPathComponent(entry.relativePath)
        let html = try String(contentsOf: page, encoding: .utf8)
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let range = Range(match.range(at: 1), in: html) else { continue }
            var target = String(html[range])
            if target.isEmpty || target.hasPrefix("#") || target.contains(":") { continue }
            target = String(target.prefix { $0 != "#" && $0 != "?" })
            var url = page.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
            if target.hasSuffix("/") || target.isEmpty { url = url.appendingPathComponent("index.html") }
            if !FileManager.default.fileExists(atPath: url.path) { broken.append("\(entry.relativePath) → \(target)") }
        }
    }
    return broken
}

/// Staging folders or temporary files a build left under or beside `output`, or in the cache folder under `cache`.
func leftovers(beside output: URL, cache: URL? = nil) -> [String] {
    let parent = output.deletingLastPathComponent()
    let beside = ((try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []).filter { $0.contains(".staging-") }
    let inside = FileTree.entries(under: output.path).map(\.relativePath).filter {
        $0.contains(".staging-") || $0.contains(".tmp-")
    }
    let cached = cache.map { FileTree.entries(under: $0.path).map(\.relativePath).filter { $0.contains(".tmp-") } } ?? []
    return beside + inside + cached
}

/// Faults at any moment of a build leave a complete old or new site, never a mixture, and the next
/// build gives exactly a clean build's output.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: faultBinary.path)))
struct FaultInjectionTests {
    /// How many `kill -9` trials to run (`FAULT_TRIALS` for a longer run; see scripts/fault-injection.sh).
    static let trials = Int(ProcessInfo.processInfo.environment["FAULT_TRIALS"] ?? "") ?? 50
    static let seed = UInt64(ProcessInfo.processInfo.environment["FAULT_SEED"] ?? "") ?? 9_119

    /// Builds with the `build-site` executable in `directory` (so its cache is `directory/.cache`).
    static func run(_ directory: URL, content: URL, output: URL, extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            faultBinary.path,
            ["--content", content.path, "--output", output.path, "--quiet"] + extra,
            directory: directory)
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test func killNineAtRandomMomentsOfFullAndIncrementalBuilds() async throws {
        let base = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        // As root, the trials run on a tmpfs: the same code paths, without the disk's cost of making and
        // removing a few hundred folders per build (which is most of a debug build's time on ext4).
        let disk = getuid() == 0 ? try? FileSystemFaultTests.mountSmallDisk(in: base, bytes: 512 << 20) : nil
        defer { if let disk { _ = FileSystemFaultTests.system(["/bin/umount", disk.path]) } }
        let temporary = disk ?? base
        let content = temporary.appendingPathComponent("content")
        let output = temporary.appendingPathComponent("out/site")
        let record = temporary.appendingPathComponent(".cache/build-site").appendingPathComponent(BuildRecord.recordFileName)

        // The clean sites of both versions, built from scratch; their links all resolve.
        var references: [Character: Manifest] = [:]
        for version: Character in ["A", "B"] {
            try FaultCorpus.write(version, into: content)
            let reference = temporary.appendingPathComponent("reference-\(version)")
            #expect(try Self.run(temporary, content: content, output: reference, extra: ["--no-cache"]).wait(timeout: 300) == 0)
            let broken = try brokenLinks(in: reference)
            #expect(broken.isEmpty, "\(broken.prefix(5))")
            references[version] = try Manifest(of: reference)
        }
        #expect(references["A"] != references["B"])

        // The starting point: version A built with the cache; then how long each kind of build takes.
        try FaultCorpus.write("A", into: content)
        #expect(try Self.run(temporary, content: content, output: output).wait(timeout: 300) == 0)
        var durations: [Bool: Double] = [:]
        var version: Character = "A"
        for full in [true, false] {
            version = version == "A" ? "B" : "A"
            try FaultCorpus.write(version, into: content)
            if full { try? FileManager.default.removeItem(at: record) }
            let start = ContinuousClock.now
            #expect(try Self.run(temporary, content: content, output: output).wait(timeout: 300) == 0)
            durations[full] = Self.elapsed(since: start)
            #expect(try Manifest(of: output) == references[version])
        }

        print("build durations (full, incremental): \(durations[true] ?? 0), \(durations[false] ?? 0)")
        var random = SeededRandom(state: Self.seed)
        var outcomes: [String: Int] = [:]
        for trial in 0..<Self.trials {
            let full = trial % 2 == 0
            let old = version
            version = version == "A" ? "B" : "A"
            try FaultCorpus.write(version, into: content)
            if full { try? FileManager.default.removeItem(at: record) }
            let window = (durations[full] ?? 1) * 1.2
            let delay = Double.random(in: 0..<window, using: &random)
            let child = try Self.run(temporary, content: content, output: output)
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            child.send(SIGKILL)
            child.wait()

            // A complete old or new site, nothing half-staged inside it.
            let after = try Manifest(of: output)
            let which = after == references[old] ? "old" : after == references[version] ? "new" : "mixed"
            outcomes[(full ? "full " : "incremental ") + which, default: 0] += 1
            #expect(
                which != "mixed", "trial \(trial) (\(full ? "full" : "incremental"), killed at \(delay) s): a mixture of sites")
            #expect(
                FileTree.entries(under: output.path).allSatisfy {
                    !$0.relativePath.contains(".staging-") && !$0.relativePath.contains(".tmp-")
                })

            // The next build gives exactly the clean build's site, and leaves no staging folder anywhere.
            #expect(try Self.run(temporary, content: content, output: output).wait(timeout: 300) == 0)
            #expect(try Manifest(of: output) == references[version], "trial \(trial): the build after the kill")
            let left = leftovers(beside: output, cache: temporary.appendingPathComponent(".cache"))
            #expect(left.isEmpty, "trial \(trial): \(left)")
        }
        // Kills landed both before and after the swap (a seed that only ever hit one side would test little).
        print("kill -9 outcomes: \(outcomes.sorted { $0.key < $1.key })")
        #expect(outcomes.keys.contains { $0.hasSuffix("old") })
    }
}

/// Faults of the file system: a full disk and a read-only output leave the previous site as it was,
/// and once the fault is gone the next build gives a clean build's site. They mount small tmpfs
/// file systems, so they run only as root.
@Suite(.serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/bin/mount")))
struct FileSystemFaultTests {
    static func system(_ arguments: [String]) -> Int32? {
        (try? ChildProcess(arguments[0], Array(arguments.dropFirst())))?.wait()
    }

    /// A tmpfs of `bytes` at a fresh folder under `temporary`.
    static func mountSmallDisk(in temporary: URL, bytes: Int) throws -> URL {
        let mount = temporary.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        #expect(system(["/bin/mount", "-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", mount.path]) == 0)
        return mount
    }

    static func diskBytes(of folder: URL) -> Int {
        FileTree.entries(under: folder.path).reduce(0) { $0 + Int($1.info.st_blocks) * 512 }
    }

    private func build(_ content: URL, _ output: URL, _ cache: URL) async -> BuildSummary {
        await Fixture.build(content: content, output: output) {
            $0.useCache = true
            $0.cacheDirectory = cache
        }
    }

    @Test func aFullDiskDuringABuildOrAnUpdateLeavesThePreviousSite() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        let cache = temporary.appendingPathComponent("cache")
        let reference = temporary.appendingPathComponent("reference")
        _ = await Fixture.build(content: content, output: reference)
        // Room for one site and a half: a second full copy does not fit.
        let disk = try Self.mountSmallDisk(in: temporary, bytes: Self.diskBytes(of: reference) * 13 / 10)
        defer { _ = Self.system(["/bin/umount", disk.path]) }
        let output = disk.appendingPathComponent("site")
        let first = await build(content, output, cache)
        #expect(first.wroteSite, "\(first.diagnostics)")
        let before = try Manifest(of: output)

        // A full build (the configuration changed) needs a second copy of the site: the disk is full.
        let configuration = content.appendingPathComponent("_config.yml")
        let originalConfiguration = try Data(contentsOf: configuration)
        try Data("title: Another title\n".utf8).write(to: configuration)
        let full = await build(content, output, cache)
        #expect(full.exitStatus == 2 && !full.wroteSite)
        #expect(full.diagnostics.contains { $0.message.contains("No space left on device") }, "\(full.diagnostics)")
        #expect(try Manifest(of: output) == before, "the previous site, exactly")
        #expect(leftovers(beside: output).isEmpty)

        // An update links what it keeps; fill the disk so that even its new pages do not fit.
        try originalConfiguration.write(to: configuration)
        try Data("\nAn added paragraph.\n".utf8).append(to: content.appendingPathComponent("second.md"))
        let filler = disk.appendingPathComponent("filler")
        let descriptor = open(filler.path, O_WRONLY | O_CREAT, 0o644)
        let chunk = [UInt8](repeating: 0x2a, count: 4096)
        while write(descriptor, chunk, chunk.count) > 0 {}
        close(descriptor)
        let update = await build(content, output, cache)
        #expect(update.exitStatus == 2 && !update.wroteSite)
        #expect(
            update.diagnostics.contains { $0.message.contains("No space left on device") },
            "\(update.diagnostics.map(\.description))")
        #expect(try Manifest(of: output) == before, "the previous site, exactly")
        #expect(leftovers(beside: output).isEmpty)

        // Room again: the next build is exactly a clean build.
        try FileManager.default.removeItem(at: filler)
        let next = await build(content, output, cache)
        #expect(
            next.wroteSite && next.postsRebuilt == 1, "an update, linking what it keeps: \(next.diagnostics.map(\.description))")
        let clean = temporary.appendingPathComponent("clean")
        _ = await Fixture.build(content: content, output: clean)
        #expect(try Manifest(of: output) == Manifest(of: clean))
    }

    @Test func aReadOnlyOutputIsAnErrorAndTheSiteStays() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        let cache = temporary.appendingPathComponent("cache")
        let disk = try Self.mountSmallDisk(in: temporary, bytes: 16 << 20)
        defer { _ = Self.system(["/bin/umount", disk.path]) }
        let output = disk.appendingPathComponent("site")
        #expect(await build(content, output, cache).wroteSite)
        let before = try Manifest(of: output)
        #expect(Self.system(["/bin/mount", "-o", "remount,ro", disk.path]) == 0)
        try Data("\nAn added paragraph.\n".utf8).append(to: content.appendingPathComponent("second.md"))
        let update = await build(content, output, cache)
        #expect(update.exitStatus == 2 && !update.wroteSite)
        #expect(
            update.diagnostics.contains { $0.message.contains("Read-only file system") },
            "\(update.diagnostics.map(\.description))")
        #expect(try Manifest(of: output) == before)
        #expect(Self.system(["/bin/mount", "-o", "remount,rw", disk.path]) == 0)
        let next = await build(content, output, cache)
        #expect(next.wroteSite)
        #expect(try Fixture.read(output, "posts/toml-post/index.html").contains("An added paragraph."))
    }
}

extension Data {
    /// Appends these bytes to the file at `url`.
    func append(to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}
