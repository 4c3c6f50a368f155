import Foundation
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The `build-site` executable the tests start (built by `swift build`, or by `swift test` with the rest).
private let buildSite = repositoryRoot.appendingPathComponent(".build/debug/build-site")

/// `build-site serve` run as an author runs it: a child process on a free loopback port, in a
/// temporary copy of a small site, edited while it serves.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: buildSite.path), "needs .build/debug/build-site"))
struct ServeTests {
    static let post = """
        ---
        title: Sigmoid
        date: 2026-01-12
        ---

        The derivative of the sigmoid is $\\sigma(z)(1 - \\sigma(z))$.

        ```swift-check id=sigmoid title="Sigmoid derivative"
        given z ∈ [-6, 6]
        let a = σ(z)
        claim ∂a/∂z = a*(1 - a)
        ```

        """

    /// Makes a site in a new temporary folder: two posts (one with a claim that verifies), built with the
    /// built-in theme.
    static func makeSite() throws -> URL {
        let folder = makeTemporaryFolder("build-site-serve")
        let content = folder.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "title: Serve test\n".write(to: content.appendingPathComponent("_config.yml"), atomically: true, encoding: .utf8)
        try post.write(to: content.appendingPathComponent("sigmoid.md"), atomically: true, encoding: .utf8)
        try "---\ntitle: Second\ndate: 2026-01-10\n---\n\nNo math here.\n".write(
            to: content.appendingPathComponent("second.md"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The processes whose parent is `pid`, read from `/proc/*/stat`: pid and name.
    static func children(of pid: pid_t) -> [(pid: pid_t, name: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> (pid_t, String)? in
            guard let child = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            // After the name: state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, pid_t(fields[1]) == pid else { return nil }
            return (child, String(stat[stat.index(after: open)..<close]))
        }
    }

    /// Whether `pid` is a live (not a zombie) process.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// Waits (bounded) until `file` holds a line matching `pattern`; returns the first match's first group.
    static func waitForLine(in file: URL, matching pattern: String, timeout: Double = 180) async -> String? {
        let expression = try? NSRegularExpression(pattern: pattern)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if let match = expression?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                let range = Range(match.range(at: 1), in: text)
            {
                return String(text[range])
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test func servesReloadsShowsTheOverlayAndStopsCleanly() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(at: site) }
        let output = site.appendingPathComponent("serve.out")
        let errors = site.appendingPathComponent("serve.err")
        let server = try ChildProcess(
            buildSite.path, ["serve", "--port", "0", "--host", "127.0.0.1"], outputFile: output, errorFile: errors,
            directory: site)
        var stopped = false
        defer { if !stopped { server.send(SIGKILL) } }

        let found = await Self.waitForLine(in: output, matching: #"Serving the preview at (http://127\.0\.0\.1:[0-9]+/)"#)
        let base = try #require(found.flatMap(URL.init(string:)), "the server never said where it listens")
        let page = base.appendingPathComponent("posts/sigmoid/")

        // The page is served with the reload script; the file the build wrote has none.
        let first = try #require(await fetch(page))
        #expect(first.status == 200)
        #expect(first.body.contains("Sigmoid"))
        #expect(first.body.contains("__build-site-reload"))
        let written = try String(
            contentsOf: site.appendingPathComponent(".cache/build-site-preview/posts/sigmoid/index.html"), encoding: .utf8)
        #expect(!written.contains("__build-site"))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("site").path), "site/ is left alone")

        let events = EventStreamClient(url: base.appendingPathComponent("__build-site/events"))
        defer { events.close() }
        #expect(await events.waitForEvent(timeout: 120) { $0.name == "hello" } != nil)

        // An edit: a reload event, then the new content.
        let postFile = site.appendingPathComponent("content/sigmoid.md")
        let edited = Self.post + "A sentence added while serving.\n"
        try edited.write(to: postFile, atomically: false, encoding: .utf8)
        let reload = await events.waitForEvent { $0.name == "reload" }
        #expect(reload != nil, "no reload event after an edit")
        let second = try #require(await fetch(page))
        #expect(second.body.contains("A sentence added while serving."))

        // A broken claim: the overlay's data holds the message as the terminal prints it, with its counterexample.
        let seen = events.events.count
        try edited.replacingOccurrences(of: "a*(1 - a)", with: "a*(1 + a)").write(
            to: postFile, atomically: false, encoding: .utf8)
        let overlay = try #require(await events.waitForEvent(after: seen) { $0.name == "overlay" }, "no overlay event")
        let text = try #require(overlay.json["text"] as? String)
        #expect(text.contains("content/sigmoid.md:11:1: error: claim 'sigmoid' refuted"), "\(text)")
        #expect(text.contains("claim ∂a/∂z = a*(1 + a)"), "the source line is shown")
        #expect(text.contains("^"), "the caret line is shown")
        #expect(text.contains("counterexample: z = "), "\(text)")
        let html = try #require(overlay.json["html"] as? String)
        #expect(html.contains("a*(1 + a)") && !html.contains("<script"))
        let terminal = try String(contentsOf: errors, encoding: .utf8)
        #expect(terminal.contains(text.trimmingCharacters(in: .newlines)), "the terminal prints the same messages")
        #expect(await events.waitForEvent(after: seen) { $0.name == "reload" } != nil, "the refuted card is shown too")

        // The fix: the overlay goes away.
        let fixed = events.events.count
        try edited.write(to: postFile, atomically: false, encoding: .utf8)
        #expect(await events.waitForEvent(after: fixed) { $0.name == "clear" } != nil, "no clear event after the fix")

        // A failed build (bad front matter) keeps the site and shows the message; undoing the edit brings the
        // files back to the last site's, and the panel goes.
        let beforeFailure = events.events.count
        try edited.replacingOccurrences(of: "date: 2026-01-12", with: "date: [unclosed").write(
            to: postFile, atomically: false, encoding: .utf8)
        let failure = try #require(await events.waitForEvent(after: beforeFailure) { $0.name == "overlay" })
        #expect((failure.json["text"] as? String)?.contains("content/sigmoid.md:") == true, "\(failure.data)")
        #expect(await fetch(page)?.body.contains("A sentence added while serving.") == true, "the last good site stays")
        let beforeUndo = events.events.count
        try edited.write(to: postFile, atomically: false, encoding: .utf8)
        #expect(await events.waitForEvent(after: beforeUndo) { $0.name == "clear" } != nil, "no clear event after the undo")

        // Ctrl-C: the server ends and leaves no child (KaTeX's node workers) behind.
        let children = Self.children(of: server.pid)
        #expect(children.contains { $0.name == "node" }, "KaTeX's workers run as the server's children: \(children)")
        events.close()
        server.send(SIGINT)
        let status = server.wait(timeout: 120)
        stopped = true
        #expect(status == 130, "the server ends as Ctrl-C ends a program (not killed after the timeout)")
        #expect(Self.children(of: server.pid).isEmpty)
        for child in children {
            #expect(!Self.isAlive(child.pid), "\(child.name) (\(child.pid)) outlived the server")
        }
        #expect(
            try String(contentsOf: errors, encoding: .utf8).contains("Stopped the preview server."),
            "the server stopped itself rather than being killed")
    }

    @Test func aPortInUseIsOneClearLine() async throws {
        let site = try Self.makeSite()
        defer { try? FileManager.default.removeItem(at: site) }
        let firstOutput = site.appendingPathComponent("first.out")
        let first = try ChildProcess(
            buildSite.path, ["serve", "--port", "0"], outputFile: firstOutput, directory: site)
        defer {
            first.send(SIGINT)
            first.wait(timeout: 30)
        }
        let found = await Self.waitForLine(in: firstOutput, matching: #"127\.0\.0\.1:([0-9]+)/"#)
        let port = try #require(found)
        let errors = site.appendingPathComponent("second.err")
        let second = try ChildProcess(buildSite.path, ["serve", "--port", port], errorFile: errors, directory: site)
        #expect(second.wait(timeout: 60) == 2)
        let message = try String(contentsOf: errors, encoding: .utf8)
        #expect(
            message
                == "build-site: error: 127.0.0.1:\(port) is already in use; stop the other server or choose another port with --port N (--port 0 takes any free port)\n"
        )
    }
}
