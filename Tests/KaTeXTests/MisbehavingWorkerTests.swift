import Foundation
import Testing

@testable import KaTeX

#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with an installation whose "node" is a shell script standing in for a misbehaving worker.
func withFakeNode(_ script: String, _ body: (KaTeXInstallation) async throws -> Void) async throws {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("fake-node-\(UUID().uuidString)").path
    // Written through a close-on-exec descriptor: a descriptor open for writing that leaks into a node worker
    // spawned by a parallel test would make executing the script fail with ETXTBSY.
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
    try #require(fd >= 0)
    let bytes = Array(("#!/bin/sh\n" + script + "\n").utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    defer { unlink(path) }
    try #require(written == bytes.count)
    var installation = try KaTeXInstallation.locate()
    installation.nodePath = path
    try await body(installation)
}

@Suite("Misbehaving workers")
struct MisbehavingWorkerTests {
    @Test func stalledWorkerIsAbandonedAtTheWallClockBackstop() async throws {
        // Sleeping uses no CPU, so only the wall-clock backstop (10 × the limit) can end the wait.
        try await withFakeNode(#"echo '{"ready":"fake"}'; read line; exec sleep 60"#) { installation in
            let renderer = try KaTeXRenderer(installation: installation, workers: 1, timeout: .milliseconds(50))
            defer { renderer.shutdown() }
            let result = await renderer.render(MathRequest(tex: "x"))
            #expect(result == .failed(message: "timed out after 0.05 s (no result within 0.5 s of waiting)"))
        }
    }

    @Test func garbageOnStdoutFailsTheFormulaNotTheBuild() async throws {
        try await withFakeNode(#"echo '{"ready":"fake"}'; read line; echo 'garbage'; exec sleep 60"#) { installation in
            let renderer = try KaTeXRenderer(installation: installation, workers: 1)
            defer { renderer.shutdown() }
            let results = await renderer.render([MathRequest(tex: "x"), MathRequest(tex: "y")])
            let expected = MathResult.failed(
                message: "KaTeX crashed while rendering this formula (the KaTeX worker wrote something that is not a reply)")
            #expect(results == [expected, expected])
            #expect(renderer.restartCount == 1)
        }
    }

    @Test func replyOutOfTurnFailsOnlyThatFormula() async throws {
        // Answers the first request properly, the second with a second "ready".
        let script = #"""
            echo '{"ready":"fake"}'
            read line; echo '{"h":"<b>ok</b>","w":[]}'
            read line; echo '{"ready":"again"}'
            exec sleep 60
            """#
        try await withFakeNode(script) { installation in
            let renderer = try KaTeXRenderer(installation: installation, workers: 1)
            defer { renderer.shutdown() }
            let results = await renderer.render([MathRequest(tex: "x"), MathRequest(tex: "y")])
            #expect(results[0] == .rendered(html: "<b>ok</b>", warnings: []))
            #expect(
                results[1]
                    == .failed(message: "KaTeX crashed while rendering this formula (the KaTeX worker answered out of turn)"))
        }
    }

    @Test func workerExitReportsWhatItSaid() async throws {
        try await withFakeNode(#"echo '{"ready":"fake"}'; read line; echo 'TypeError: boom' >&2; exit 3"#) {
            installation in
            let renderer = try KaTeXRenderer(installation: installation, workers: 1)
            defer { renderer.shutdown() }
            let result = await renderer.render(MathRequest(tex: "x"))
            #expect(
                result
                    == .failed(message: "KaTeX crashed while rendering this formula (the KaTeX worker exited: TypeError: boom)"))
        }
    }

    @Test func workerThatNeverStartsIsASetupError() async throws {
        try await withFakeNode("echo 'Error: Cannot find module katex' >&2; exit 1") { installation in
            #expect(
                throws: KaTeXSetupError.workerFailedToStart(detail: "the KaTeX worker exited: Error: Cannot find module katex")
            ) {
                _ = try KaTeXRenderer(installation: installation, workers: 2)
            }
        }
    }
}
