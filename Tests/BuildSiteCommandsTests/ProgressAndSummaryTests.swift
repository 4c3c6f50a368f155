import ArgumentParser
import BuildSiteCommands
import Foundation
import SiteBuilder
import Synchronization
import Testing

/// The progress line and the summary line (issue 14).
@Suite struct ProgressAndSummaryTests {
    @Test(
        "the progress line's text",
        arguments: [
            (BuildProgress(stage: "reading inputs"), 0.0, "Building: 0 posts, 0 claims, 0 formulas · 0.0 s (reading inputs)"),
            (
                BuildProgress(stage: "judging claims", posts: 1, claims: 1, formulas: 1), 1.25,
                "Building: 1 post, 1 claim, 1 formula · 1.2 s (judging claims)"
            ),
            (
                BuildProgress(stage: "rendering math", posts: 1000, claims: 7342, formulas: 120_000), 61.0,
                "Building: 1000 posts, 7342 claims, 120000 formulas · 61.0 s (rendering math)"
            ),
            // Too wide for 79 columns with its stage: the stage is left out.
            (
                BuildProgress(
                    stage: "writing pages and a very long stage name", posts: 100_000, claims: 1_000_000, formulas: 10_000_000),
                2.0, "Building: 100000 posts, 1000000 claims, 10000000 formulas · 2.0 s"
            ),
        ])
    func progressText(_ progress: BuildProgress, _ seconds: Double, _ expected: String) {
        #expect(ProgressLine.text(progress, elapsed: .milliseconds(Int(seconds * 1000))) == expected)
        #expect(ProgressLine.text(progress, elapsed: .milliseconds(Int(seconds * 1000))).count <= ProgressLine.maximumWidth)
    }

    @Test func theLineIsRedrawnInPlaceAndClearedOnce() {
        let written = Mutex<[String]>([])
        let line = ProgressLine(started: .now) { text in written.withLock { $0.append(text) } }
        line.update(BuildProgress(stage: "judging claims", posts: 2))
        line.finish()
        line.update(BuildProgress(stage: "late", posts: 3))
        line.finish()
        let output = written.withLock { $0 }
        #expect(output.count == 2)
        #expect(output[0].hasPrefix("\r\u{1B}[KBuilding: 2 posts, 0 claims, 0 formulas · "))
        #expect(output[1] == "\r\u{1B}[K", "cleared once; nothing is drawn after")
    }

    @Test func theSummaryLineSaysHowManyFormulasFailed() {
        var summary = BuildSummary()
        summary.wroteSite = true
        summary.formulasRendered = 12
        #expect(
            BuildInvocation.summaryLine(summary, checkOnly: false, elapsed: .milliseconds(1500))
                == "Built 0 posts, 12 formulas, 0 of 0 claims as expected in 1.50 s\n")
        summary.formulasRendered = 1
        #expect(
            BuildInvocation.summaryLine(summary, checkOnly: true, elapsed: .seconds(2))
                == "Built 0 posts, 1 formula, 0 of 0 claims as expected in 2.00 s\n")
        summary.formulasRendered = 12
        summary.formulasFailed = 2
        #expect(
            BuildInvocation.summaryLine(summary, checkOnly: false, elapsed: .milliseconds(1500))
                == "Built 0 posts, 12 formulas (2 failed to render and show their source), 0 of 0 claims as expected in 1.50 s\n")
    }

    /// Runs `build-site --keep-going` on a post with a broken formula, its standard error captured.
    static func run(terminal: Bool) async throws -> (output: String, status: Int32) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = folder.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("title: T\nbaseURL: https://example.org/\n".utf8).write(to: content.appendingPathComponent("_config.yml"))
        try Data("---\ntitle: P\ndate: 2026-01-01\n---\nGood $x$ and bad $\\nosuch$.\n".utf8).write(
            to: content.appendingPathComponent("p.md"))
        let command = try BuildSiteCommand.parseAsRoot([
            "build", "--keep-going", "--no-cache", "--content", content.path, "--output",
            folder.appendingPathComponent("site").path,
        ])
        var invocation = try #require(command as? BuildSiteCommand.Build).invocation(in: folder, environment: [:])
        let written = Mutex("")
        invocation.errorOutput = { text in written.withLock { $0 += text } }
        invocation.errorOutputIsTerminal = terminal
        var status: Int32 = 0
        do {
            try await invocation.run()
        } catch let exit as ExitCode {
            status = exit.rawValue
        }
        return (written.withLock { $0 }, status)
    }

    @Test func notATerminalGetsNoControlCodes() async throws {
        let (output, status) = try await Self.run(terminal: false)
        #expect(status == 0, "--keep-going: a broken formula does not fail the build")
        #expect(!output.contains("\u{1B}") && !output.contains("\r"), "\(output.debugDescription)")
        #expect(output.contains("p.md:5:19: warning: math: Undefined control sequence: \\nosuch"))
        #expect(
            output.contains("Built 1 post, 2 formulas (1 failed to render and show their source), 0 of 0 claims as expected in "))
    }

    @Test func aTerminalSeesTheLineClearedBeforeTheMessages() async throws {
        let (output, status) = try await Self.run(terminal: true)
        #expect(status == 0)
        #expect(output.hasPrefix("\r\u{1B}[KBuilding: "), "\(output.debugDescription)")
        let cleared = try #require(output.range(of: "\r\u{1B}[K", options: .backwards))
        let after = output[cleared.upperBound...]
        #expect(after.contains("warning: math: Undefined control sequence") && after.contains("Built 1 post"))
        #expect(!after.contains("\u{1B}") && !after.contains("\r"), "the messages and the summary come after the last clear")
    }
}
