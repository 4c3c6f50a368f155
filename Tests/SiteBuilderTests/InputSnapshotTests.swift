import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

#if canImport(Glibc)
import Glibc
#endif

/// Each input is read once, with its size checked first and no link followed; the record keeps its
/// digest and never a copy; names are compared byte for byte; a file changed during a build is noticed.
@Suite(.serialized) struct InputSnapshotTests {
    func site(_ files: KeyValuePairs<String, String>) throws -> (temporary: URL, content: URL, output: URL, cache: URL) {
        let temporary = Fixture.temporaryFolder()
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return (temporary, content, temporary.appendingPathComponent("site"), temporary.appendingPathComponent("cache"))
    }

    func build(_ content: URL, _ output: URL, _ cache: URL, hook: (@Sendable () -> Void)? = nil) async -> BuildSummary {
        var options = BuildOptions(
            contentDirectory: content,
            templatesDirectory: content.deletingLastPathComponent().appendingPathComponent("templates"), outputDirectory: output)
        options.cacheDirectory = cache
        var build = SiteBuild(options: options, contentDisplayPath: "content")
        build.afterReadingInputs = hook
        return await build.run()
    }

    @Test func digestIsSHA256() {
        #expect(Digest(of: [UInt8]()).description == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest(of: Array("abc".utf8)).description == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Digest(of: long).description == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Digest(of: message).description == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Digest(hex: Digest(of: message).description) == Digest(of: message))
    }

    /// `café.md` in NFC and in NFD are two files, two posts, two keys: editing one is seen.
    @Test func namesCanonicallyEqualButDifferentBytesAreTwoInputs() async throws {
        let nfc = "caf\u{E9}.md", nfd = "cafe\u{301}.md"
        #expect(nfc == nfd, "Swift's String equality is canonical equivalence")
        let (temporary, content, output, cache) = try site([
            nfc: "---\ntitle: NFC\nslug: nfc\n---\nFirst NFC.\n", nfd: "---\ntitle: NFD\nslug: nfd\n---\nFirst NFD.\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let first = await build(content, output, cache)
        #expect(first.posts.count == 2, "\(first.diagnostics)")
        try Data("---\ntitle: NFD\nslug: nfd\n---\nSecond NFD.\n".utf8).write(to: content.appendingPathComponent(nfd))
        let second = await build(content, output, cache)
        #expect(!second.wasUpToDate && second.wroteSite)
        #expect(try Fixture.read(output, "posts/nfd/index.html").contains("Second NFD."))
        #expect(try Fixture.read(output, "posts/nfc/index.html").contains("First NFC."))
        try Data("---\ntitle: NFC\nslug: nfc\n---\nSecond NFC.\n".utf8).write(to: content.appendingPathComponent(nfc))
        _ = await build(content, output, cache)
        #expect(try Fixture.read(output, "posts/nfc/index.html").contains("Second NFC."))
        // Two such posts claiming one URL are a clash naming both.
        try Data("---\nslug: nfc\n---\nx\n".utf8).write(to: content.appendingPathComponent(nfd))
        let clash = await build(content, output, cache)
        #expect(clash.exitStatus == 2)
        #expect(clash.diagnostics.contains { $0.message.contains("both claim the URL /posts/nfc/") })
    }

    /// A post saved while a build runs: the build shows what it read, says the file changed, and the
    /// next build reads it again (it is not "up to date").
    @Test func aPostEditedDuringTheBuildIsNoticed() async throws {
        let (temporary, content, output, cache) = try site(["p.md": "---\ntitle: P\n---\nOld words.\n"])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let post = content.appendingPathComponent("p.md")
        let during = await build(content, output, cache) {
            try? Data("---\ntitle: P\n---\nNew words.\n".utf8).write(to: post)
        }
        #expect(during.wroteSite)
        #expect(try Fixture.read(output, "posts/p/index.html").contains("Old words."), "the bytes read are the bytes built")
        #expect(
            during.diagnostics.map(\.description).contains(
                "content/p.md:1:1: warning: the file changed while the build ran; the site shows it as it was first read, and the next build reads it again"
            ))
        let next = await build(content, output, cache)
        #expect(!next.wasUpToDate)
        #expect(try Fixture.read(output, "posts/p/index.html").contains("New words."))
        let again = await build(content, output, cache)
        #expect(again.wasUpToDate)
    }

    /// No link is followed, by the snapshot or any stage; the cache holds no copy of the posts; its
    /// files are the owner's only.
    @Test func theCacheHoldsNoCopyOfTheContentAndIsPrivate() async throws {
        let (temporary, content, output, cache) = try site([
            "p.md": "---\ntitle: P\n---\nA sentence only this post has: PROSE-MARKER. $x^2$ [pic](pic.txt)\n"
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let secret = temporary.appendingPathComponent("secret.txt")
        try Data("TOPSECRET".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("pic.txt").path, withDestinationPath: secret.path)
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("linked.md").path, withDestinationPath: secret.path)
        let summary = await build(content, output, cache)
        #expect(summary.exitStatus == 0, "\(summary.diagnostics)")
        #expect(
            summary.diagnostics.map(\.description).contains(
                "content/linked.md:1:1: warning: symbolic links are not followed, so this one is left out; put the file itself here"
            ))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("posts/p/pic.txt").path))
        for entry in FileTree.entries(under: cache.path) {
            let mode = entry.info.st_mode & 0o777
            #expect(mode == (entry.isDirectory ? 0o700 : 0o600), "\(entry.relativePath) has mode \(String(mode, radix: 8))")
            if entry.isRegularFile {
                let text = String(decoding: try Data(contentsOf: cache.appendingPathComponent(entry.relativePath)), as: UTF8.self)
                #expect(!text.contains("PROSE-MARKER") && !text.contains("TOPSECRET"), "\(entry.relativePath)")
            }
        }
        var info = stat()
        #expect(lstat(cache.path, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    /// A file's size is checked before it is read; a FIFO is never opened.
    @Test func sizesAreCheckedBeforeReading() async throws {
        let (temporary, content, output, cache) = try site(["p.md": "---\ntitle: P\n---\n![big](big.png)\n"])
        defer { try? FileManager.default.removeItem(at: temporary) }
        // A sparse 100 MB image: reading it would take a while and the memory; it is refused on its size.
        let big = open(content.appendingPathComponent("big.png").path, O_WRONLY | O_CREAT, 0o644)
        ftruncate(big, 100 << 20)
        close(big)
        mkfifo(content.appendingPathComponent("pipe.md").path, 0o644)
        let summary = await build(content, output, cache)
        #expect(summary.exitStatus == 2)
        #expect(
            summary.diagnostics.map(\.description).contains(
                "content/big.png:1:1: error: the file is 104857600 bytes, over the limit of 67108864 bytes (--limit maxFileBytes=…)"
            ))
    }

    /// A name that is not UTF-8, and R Markdown, Quarto and MDX files, are reported, not skipped silently.
    @Test func leftOutFilesAreReported() async throws {
        let (temporary, content, output, cache) = try site([
            "p.md": "# P\n", "notes.Rmd": "# R\n", "q.qmd": "# Q\n", "m.mdx": "# M\n",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        // `café.md` in Latin-1: the byte 0xE9 alone is not UTF-8.
        let bytes = Array((content.path + "/caf").utf8) + [0xE9] + Array(".md".utf8) + [0]
        let descriptor = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let summary = await build(content, output, cache)
        #expect(summary.exitStatus == 0)
        let messages = summary.diagnostics.map(\.description)
        #expect(
            messages.contains(
                "content/caf\u{FFFD}.md:1:1: warning: this name is not valid UTF-8, so the file (or folder) is left out; rename it"
            ), "\(messages)")
        #expect(
            messages.contains(
                "content/notes.Rmd:1:1: warning: R Markdown (.Rmd) files are not posts, so this one is left out; rename it to .md if it is plain Markdown"
            ))
        #expect(
            messages.contains(
                "content/q.qmd:1:1: warning: Quarto (.qmd) files are not posts, so this one is left out; rename it to .md if it is plain Markdown"
            ))
        #expect(
            messages.contains(
                "content/m.mdx:1:1: warning: MDX (.mdx) files are not posts, so this one is left out; rename it to .md if it is plain Markdown"
            ))
        #expect(summary.posts.map(\.path) == ["content/p.md"])
    }
}

/// Templates are parsed from the bytes the snapshot read, like every other input.
@Suite struct TemplateInputTests {
    @Test func aTemplateSyntaxErrorNamesTheFileLineAndColumn() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let templates = temporary.appendingPathComponent("templates")
        try FileManager.default.copyItem(
            at: Fixture.repository.appendingPathComponent("Sources/BuiltInTheme/theme"), to: templates)
        try Data("<p>\n{{#posts}}\n".utf8).write(to: templates.appendingPathComponent("tag.mustache"))
        let summary = await Fixture.build(
            content: Fixture.folder("basic/content"), output: temporary.appendingPathComponent("site")
        ) {
            $0.templatesDirectory = templates
        }
        #expect(summary.exitStatus == 2)
        let message = summary.diagnostics.first?.description ?? ""
        #expect(message.hasPrefix("templates/tag.mustache:") && message.contains(": error: template syntax error"), "\(message)")
    }
}

extension InputSnapshotTests {
    /// A symbolic link added after a build is an input too: the next build is not "up to date" and says why.
    @Test func aLinkAddedLaterIsReportedByTheNextBuild() async throws {
        let (temporary, content, output, cache) = try site(["p.md": "# P\n"])
        defer { try? FileManager.default.removeItem(at: temporary) }
        _ = await build(content, output, cache)
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("l.md").path, withDestinationPath: "/etc/hostname")
        let next = await build(content, output, cache)
        #expect(!next.wasUpToDate)
        #expect(
            next.diagnostics.map(\.description).contains(
                "content/l.md:1:1: warning: symbolic links are not followed, so this one is left out; put the file itself here"))
    }
}
