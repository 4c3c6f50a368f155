import Foundation
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The built `build-site` executable (as in `ServeTests`).
private let buildSite = repositoryRoot.appendingPathComponent(".build/debug/build-site")

/// An author's first hour, as the README's quick start tells it: `init`, `serve`, `new`, an edit —
/// in a temporary folder holding nothing from this repository.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: buildSite.path), "needs .build/debug/build-site"))
struct FirstHourTests {
    /// Runs `build-site arguments` in `directory` to its end and returns its status and standard output.
    private static func run(_ arguments: [String], in directory: URL) throws -> (status: Int32?, output: String) {
        let output = directory.appendingPathComponent(".first-hour-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let child = try ChildProcess(buildSite.path, arguments, outputFile: output, directory: directory)
        let status = child.wait(timeout: 120)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test func initServeNewAndAnEditGiveAWorkingSite() async throws {
        let folder = makeTemporaryFolder("build-site-first-hour")
        defer { try? FileManager.default.removeItem(at: folder) }

        // init: a new blog, and the next two commands.
        let created = try Self.run(["init", "myblog"], in: folder)
        #expect(created.status == 0)
        #expect(created.output.contains("cd myblog"), "\(created.output)")
        #expect(created.output.contains("build-site serve"), "\(created.output)")
        let blog = folder.appendingPathComponent("myblog")
        #expect(!FileManager.default.fileExists(atPath: blog.appendingPathComponent("templates").path))

        // serve: the sample post is built, its claim verified, and served.
        let output = blog.appendingPathComponent("serve.out")
        let errors = blog.appendingPathComponent("serve.err")
        let server = try ChildProcess(
            buildSite.path, ["serve", "--port", "0"], outputFile: output, errorFile: errors, directory: blog)
        var stopped = false
        defer { if !stopped { server.send(SIGKILL) } }
        let found = await ServeTests.waitForLine(in: output, matching: #"Serving the preview at (http://127\.0\.0\.1:[0-9]+/)"#)
        let base = try #require(
            found.flatMap(URL.init(string:)),
            "the server never said where it listens: \((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
        let index = try #require(await fetch(base))
        #expect(index.status == 200)
        let samplePost = try #require(
            index.body.firstMatch(of: /href="(posts\/[a-z0-9-]+\/index\.html)"/).map { String($0.1) }, "no post on the index")
        let sample = try #require(await fetch(base.appendingPathComponent(samplePost)))
        #expect(sample.body.contains("class=\"katex-display\""), "the displayed equation is typeset")
        #expect(sample.body.contains("Verified"), "the sample claim verifies")
        #expect(!sample.body.contains("Refuted"))

        let events = EventStreamClient(url: base.appendingPathComponent("__build-site/events"))
        defer { events.close() }
        #expect(await events.waitForEvent(timeout: 120) { $0.name == "hello" } != nil)

        // new: the post appears without a restart.
        let seen = events.events.count
        let added = try Self.run(["new", "A Second Post", "--tags", "calculus"], in: blog)
        #expect(added.status == 0)
        #expect(added.output.contains("content/a-second-post.md"), "\(added.output)")
        #expect(await events.waitForEvent(after: seen) { $0.name == "reload" } != nil, "no reload after new")
        let newPage = base.appendingPathComponent("posts/a-second-post/index.html")
        let second = try #require(await fetch(newPage))
        #expect(second.status == 200)
        #expect(second.body.contains("A Second Post"))
        #expect(second.body.contains("Verified"), "the starter claim verifies")

        // An edit to the new post: reloaded with the new sentence.
        let edited = events.events.count
        let postFile = blog.appendingPathComponent("content/a-second-post.md")
        let text = try String(contentsOf: postFile, encoding: .utf8)
        try (text + "\nA sentence written in the first hour.\n").write(to: postFile, atomically: false, encoding: .utf8)
        #expect(await events.waitForEvent(after: edited) { $0.name == "reload" } != nil, "no reload after the edit")
        let third = try #require(await fetch(newPage))
        #expect(third.body.contains("A sentence written in the first hour."))

        events.close()
        server.send(SIGINT)
        #expect(server.wait(timeout: 120) == 130)
        stopped = true
        #expect(
            !FileManager.default.fileExists(atPath: blog.appendingPathComponent("site").path),
            "the preview is not the published site")

        // And the published site builds from the same folder.
        let built = try Self.run([], in: blog)
        #expect(built.status == 0)
        #expect(FileManager.default.fileExists(atPath: blog.appendingPathComponent("site/posts/a-second-post/index.html").path))
    }
}
