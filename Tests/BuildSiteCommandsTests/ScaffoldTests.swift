import ArgumentParser
import BuildSiteCommands
import Diagnostics
import Foundation
import SiteBuilder
import Testing
import _TestSupport

/// The built `build-site` executable (`swift build` makes it; `swift test` builds it too).
private let buildSite = repositoryRoot.appendingPathComponent(".build/debug/build-site")

/// Runs `build-site arguments` in `folder` and returns its exit status and standard output.
private func run(_ arguments: [String], in folder: URL) throws -> (status: Int32?, output: String) {
    let outputFile = folder.appendingPathComponent(".build-site-test-output-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: outputFile) }
    let child = try ChildProcess(buildSite.path, arguments, outputFile: outputFile, directory: folder)
    let status = child.wait(timeout: 300)
    return (status, (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "")
}

private func read(_ folder: URL, _ path: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
}

private func exists(_ folder: URL, _ path: String) -> Bool {
    FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path)
}

/// Every regular file under `folder`, relative to it, with its bytes.
private func tree(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
        let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
        files[relative] = FileManager.default.contents(atPath: url.path)
    }
    return files
}

/// `init` → build → `new` → build, run as an author would: the `build-site` executable, in a temporary
/// folder that holds nothing from this repository.
@Suite(.serialized) struct ScaffoldFlowTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: buildSite.path), "needs `swift build` first"))
    func initThenNewGiveAWorkingSite() throws {
        let temporary = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }

        let made = try run(["init", "myblog"], in: temporary)
        #expect(made.status == 0)
        #expect(made.output.contains("cd myblog\n  build-site serve\n"), "\(made.output)")
        let blog = temporary.appendingPathComponent("myblog")
        for path in ["content/_config.yml", SiteScaffold.samplePostPath, ".gitignore"] {
            #expect(exists(blog, path), "\(path)")
        }
        #expect(!exists(blog, "templates"))

        #expect(try run([], in: blog).status == 0)
        let site = blog.appendingPathComponent("site")
        let post = try read(site, "posts/sigmoid-derivative/index.html")
        #expect(post.contains("class=\"katex-display\""), "the displayed equation is rendered")
        #expect(post.contains("class=\"katex\""))
        #expect(post.contains("claim-card status-verified"), "the sample claim verifies")
        #expect(post.contains("✓"))
        #expect(try read(site, "index.html").contains("The derivative of the sigmoid"))
        #expect(exists(site, "assets/site.css"))
        #expect(exists(site, "assets/katex/katex.min.css"))
        let fonts = (try? FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("assets/katex/fonts").path))
        #expect((fonts ?? []).contains { $0.hasSuffix(".woff2") })

        let added = try run(["new", "A Title", "--tags", "x,y"], in: blog)
        #expect(added.status == 0)
        #expect(added.output == "Wrote content/a-title.md\n")
        #expect(try run([], in: blog).status == 0)
        let newPost = try read(site, "posts/a-title/index.html")
        #expect(newPost.contains("A Title"))
        #expect(newPost.contains("claim-card status-verified"), "the starter claim verifies")
        #expect(try read(site, "index.html").contains("A Title"))
        #expect(exists(site, "tags/x/index.html") && exists(site, "tags/y/index.html"))

        // `new` never overwrites: the same title again is refused, and the post is unchanged.
        let before = try read(blog, "content/a-title.md")
        #expect(try run(["new", "A Title"], in: blog).status == 2)
        #expect(try read(blog, "content/a-title.md") == before)
        // `init` refuses the folder it made, which is no longer empty.
        #expect(try run(["init"], in: blog).status == 2)
    }
}

@Suite struct SiteScaffoldTests {
    /// A folder holding something is refused without `--force`, and nothing is written into it.
    @Test(arguments: [
        ("a file", "notes.txt"), ("a hidden file", ".env"), ("a folder", "drafts/"),
    ])
    func initRefusesAFolderThatIsNotEmpty(_ name: String, _ entry: String) throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        if entry.hasSuffix("/") {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(entry), withIntermediateDirectories: true)
        } else {
            try Data("mine".utf8).write(to: folder.appendingPathComponent(entry))
        }
        let before = tree(folder)
        #expect(throws: Diagnostic.self, "\(name)") { try SiteScaffold().create(in: folder, displayPath: "blog") }
        do {
            _ = try SiteScaffold().create(in: folder, displayPath: "blog")
        } catch {
            #expect(error.path == "blog")
            #expect(error.message.contains("not empty") && error.message.contains("--force"), "\(error.message)")
        }
        #expect(tree(folder) == before)
    }

    /// A folder holding only a repository (`.git`) counts as empty.
    @Test func initAcceptsAFolderWithOnlyARepository() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let outcome = try SiteScaffold().create(in: folder, displayPath: ".")
        #expect(outcome.written == SiteScaffold().files.map(\.path))
        #expect(outcome.kept.isEmpty)
    }

    /// With `--force`, the missing files are added and the existing ones kept byte for byte (and named).
    @Test func initWithForceNeverOverwrites() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("content"), withIntermediateDirectories: true)
        try Data("title: Mine\n".utf8).write(to: folder.appendingPathComponent("content/_config.yml"))
        try Data("*.log\n".utf8).write(to: folder.appendingPathComponent(".gitignore"))
        let outcome = try SiteScaffold().create(in: folder, displayPath: "blog", force: true)
        #expect(outcome.kept == ["content/_config.yml", ".gitignore"])
        #expect(outcome.written == [SiteScaffold.samplePostPath])
        #expect(try read(folder, "content/_config.yml") == "title: Mine\n")
        #expect(try read(folder, ".gitignore") == "*.log\n")
        let report = BuildSiteCommand.Init.report(outcome, directory: "blog")
        #expect(report.contains("Kept as they were (already there):\n  content/_config.yml\n  .gitignore\n"), "\(report)")
    }

    /// The files `init` writes say what they must: the settings to fill in, a dated sample post with a
    /// displayed equation and a claim, and the cache and site left out of version control.
    @Test func initWritesTheStarterFiles() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        _ = try SiteScaffold(date: date).create(in: folder.appendingPathComponent("new/blog"), displayPath: "new/blog")
        let blog = folder.appendingPathComponent("new/blog")
        let configuration = try read(blog, "content/_config.yml")
        for field in ["title:", "author:", "baseURL:", "# katex:"] { #expect(configuration.contains(field), "\(field)") }
        let parsed = try SiteConfiguration.parse(Data(configuration.utf8), path: "content/_config.yml")
        #expect(parsed.title == "My checked derivations" && parsed.katexFolders.isEmpty)
        let post = try read(blog, SiteScaffold.samplePostPath)
        #expect(post.contains("date: 2026-01-01\n"))
        #expect(post.contains("$$\\sigma(z) = "))
        #expect(post.contains("```swift-check"))
        #expect(
            try read(blog, ".gitignore")
                == "# build-site's output and its cache: both are made again by `build-site`.\n/site/\n/.cache/\n")
    }

    /// `init` prints where the site is and the next two commands (`cd` only when it is elsewhere).
    @Test(arguments: [
        ("myblog", "  cd myblog\n  build-site serve\n"), (".", "preview it (it rebuilds as you save):\n  build-site serve\n"),
        ("my blog", "  cd 'my blog'\n"),
    ])
    func initPrintsTheNextCommands(_ directory: String, _ expected: String) {
        let report = BuildSiteCommand.Init.report(SiteScaffold.Outcome(written: ["a"]), directory: directory)
        #expect(report.contains(expected), "\(report)")
    }
}

@Suite struct PostScaffoldTests {
    private static let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

    /// Makes a content folder holding `files` (path → text).
    private func contentFolder(_ files: [String: String]) throws -> URL {
        let folder = makeTemporaryFolder().appendingPathComponent("content")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test func newWritesFrontMatterAndAStarterClaim() throws {
        let content = try contentFolder([:])
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let scaffold = PostScaffold(title: "Gradients of \"softmax\"", tags: ["x", " y ", ""], date: Self.date)
        #expect(try scaffold.create(inContentFolder: content, displayPath: "content") == "content/gradients-of-softmax.md")
        let text = try read(content, "gradients-of-softmax.md")
        let split = try FrontMatterReader.read(text, path: "content/gradients-of-softmax.md")
        #expect(split.metadata.title == "Gradients of \"softmax\"")
        #expect(split.metadata.tags == ["x", "y"])
        #expect(text.contains("date: 2026-01-01\n"))
        #expect(text.contains("```swift-check"))
    }

    @Test func newWithBundleWritesAFolder() throws {
        let content = try contentFolder([:])
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let written = try PostScaffold(title: "With pictures", bundle: true, date: Self.date).create(
            inContentFolder: content, displayPath: "content")
        #expect(written == "content/with-pictures/index.md")
        #expect(exists(content, "with-pictures/index.md"))
    }

    /// `new` refuses a post that is there, or another post with the same slug, and changes nothing.
    @Test(arguments: [
        ("the same file", ["a-title.md": "old"], false, "content/a-title.md"),
        ("a bundle of the slug", ["a-title/index.md": "old"], false, "content/a-title/index.md"),
        ("a file when a bundle is asked for", ["a-title.md": "old"], true, "content/a-title.md"),
        ("a front-matter slug", ["other.md": "---\ntitle: Other\nslug: a-title\n---\n"], false, "content/other.md"),
    ])
    func newRefusesToOverwrite(_ name: String, _ files: [String: String], _ bundle: Bool, _ named: String) throws {
        let content = try contentFolder(files)
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let before = tree(content)
        do {
            _ = try PostScaffold(title: "A Title", bundle: bundle, date: Self.date).create(
                inContentFolder: content, displayPath: "content")
            Issue.record("\(name): no error")
        } catch {
            #expect(error.path == named, "\(name)")
            #expect(error.message.contains("a-title"), "\(error.message)")
        }
        #expect(tree(content) == before, "\(name)")
    }

    @Test func newNeedsAContentFolder() throws {
        let folder = makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: Diagnostic.self) {
            try PostScaffold(title: "A Title").create(
                inContentFolder: folder.appendingPathComponent("content"), displayPath: "content")
        }
        #expect(!exists(folder, "content"))
    }

    @Test func newParsesItsArguments() throws {
        let command = try #require(
            try BuildSiteCommand.parseAsRoot(["new", "A Title", "--tags", "x,y", "--bundle", "--content", "posts"])
                as? BuildSiteCommand.New)
        #expect(command.title == "A Title" && command.bundle && command.content == "posts")
        #expect(command.scaffold().tags == ["x", "y"])
        #expect(command.scaffold().relativePath == "a-title/index.md")
        let initCommand = try #require(try BuildSiteCommand.parseAsRoot(["init", "blog", "--force"]) as? BuildSiteCommand.Init)
        #expect(initCommand.directory == "blog" && initCommand.force)
    }
}
