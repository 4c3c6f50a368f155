import ArgumentParser
import Diagnostics
import Foundation
import SiteBuilder

#if canImport(Glibc)
import Glibc
#endif

@main
struct BuildSiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build-site",
        abstract: "Build a static site from Markdown posts and check every claim they state.",
        discussion: """
            Reads the posts in the content folder (Markdown with LaTeX math and YAML or TOML front \
            matter), renders the math with KaTeX, judges every `swift-check` claim numerically, and \
            writes the site through the Mustache templates. The previous site is replaced only when \
            the build succeeds.

            Exit status: 0 when every claim came out as expected, 1 when a claim was refuted, \
            unexpectedly verified or in error, 2 when an input is bad.
            """)

    @Option(name: .long, help: ArgumentHelp("The folder of posts.", valueName: "dir"))
    var content = "content"

    @Option(name: .long, help: ArgumentHelp("The folder of Mustache templates and assets.", valueName: "dir"))
    var templates = "templates"

    @Option(name: .long, help: ArgumentHelp("Where to write the site (replaced as a whole).", valueName: "dir"))
    var output = "site"

    @Flag(name: .long, help: "Build posts marked `draft: true` too.")
    var drafts = false

    @Flag(name: .long, help: "Build pages even when a formula is rejected; its source is shown marked as an error.")
    var keepGoing = false

    @Flag(name: .long, help: "Drop raw HTML and unsafe link schemes (javascript:, data:…) from posts.")
    var safe = false

    @Flag(name: .long, help: "Judge every claim and report, but write no site (a fast CI step).")
    var check = false

    @Flag(name: .long, help: "Treat a vacuous claim (one whose mutants also hold) as a failure (exit status 1).")
    var strict = false

    @Option(name: .long, help: ArgumentHelp("Write a JSON report of every claim to this file.", valueName: "path"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("Write a JUnit XML report (one test case per claim) to this file.", valueName: "path"))
    var junit: String?

    @Option(name: .long, help: ArgumentHelp("Points per claim, overriding every fence's `samples`.", valueName: "n"))
    var samples: Int?

    @Option(name: .long, help: ArgumentHelp("Seed for every claim, overriding every fence's `seed`.", valueName: "n"))
    var seed: UInt64?

    @Option(name: .long, help: ArgumentHelp("Judge only the claims whose id contains this text (`*` matches anything).", valueName: "pattern"))
    var only: String?

    @Option(name: .long, help: ArgumentHelp("Change an input limit, e.g. maxPostBytes=4194304 (repeatable; see the README).", valueName: "name=value"))
    var limit: [String] = []

    @Flag(name: .long, help: "Build everything from scratch: neither read nor write the cache of verdicts, formulas and the last build (.cache/build-site/).")
    var noCache = false

    @Option(name: .long, help: ArgumentHelp("How messages are printed: plain (path:line:col: error: …) or github (Actions annotations).", valueName: "format"))
    var format: DiagnosticPrinter.Format = .plain

    @Flag(name: .long, help: "Print only errors, not the summary line.")
    var quiet = false

    @Flag(name: .long, help: "Print how long each stage of the build took.")
    var timings = false

    @Flag(name: .long, help: .hidden)
    var benchmarkMarkdownOnly = false

    func validate() throws {
        var limits = InputLimits()
        for assignment in limit {
            if let problem = limits.set(assignment) { throw ValidationError(problem) }
        }
        if let samples, !(1...100_000).contains(samples) {
            throw ValidationError("--samples must be between 1 and 100000")
        }
    }

    func run() async throws {
        SignalCleanup.install()
        let started = ContinuousClock.now
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var options = BuildOptions(
            contentDirectory: URL(fileURLWithPath: content, relativeTo: current),
            templatesDirectory: URL(fileURLWithPath: templates, relativeTo: current),
            outputDirectory: URL(fileURLWithPath: output, relativeTo: current))
        for assignment in limit { _ = options.limits.set(assignment) }
        options.includeDrafts = drafts
        options.keepGoing = keepGoing
        options.safe = safe
        options.checkOnly = check
        options.useCache = !noCache
        options.markdownOnly = benchmarkMarkdownOnly
        options.claimOverrides = ClaimOverrides(samples: samples, seed: seed, onlyPattern: only)
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = Int(epoch) {
            options.sourceDateEpoch = value
        }

        if let missing = Prerequisites.missing(), !benchmarkMarkdownOnly {
            FileHandle.standardError.write(Data(missing.utf8))
            throw ExitCode(2)
        }

        let summary = await SiteBuild(options: options, contentDisplayPath: content, templatesDisplayPath: templates).run()
        let printer = DiagnosticPrinter(format: format)
        for diagnostic in summary.diagnostics + ClaimDiagnostics.diagnostics(for: summary, strict: strict) {
            if quiet && diagnostic.severity != .error { continue }
            FileHandle.standardError.write(Data(printer.render(diagnostic).utf8))
        }
        if let report {
            try writeReport(JSONReport.render(summary), to: report)
        }
        if let junit {
            try writeReport(JUnitReport.render(summary), to: junit)
        }
        if !quiet {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let claims = summary.claims
            let passed = claims.filter { $0.verdict.isPassing }.count
            let verb =
                summary.wasUpToDate ? "Up to date (nothing changed):" : summary.wroteSite ? "Built" : check ? "Checked" : "Did not write the site:"
            let rebuilt = summary.postsRebuilt.map { " (\($0) changed, the rest kept)" } ?? ""
            let line = "\(verb) \(summary.posts.count) post\(summary.posts.count == 1 ? "" : "s")\(rebuilt), "
                + "\(summary.formulasRendered) formulas, \(passed) of \(claims.count) claims as expected "
                + "in \(String(format: "%.2f", seconds)) s\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
        if timings {
            let width = summary.timings.map(\.stage.count).max() ?? 0
            for timing in summary.timings {
                let padding = String(repeating: " ", count: width - timing.stage.count)
                FileHandle.standardError.write(Data("  \(timing.stage)\(padding)  \(String(format: "%7.3f", timing.seconds)) s\n".utf8))
            }
        }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
        if strict, summary.claims.contains(where: { $0.check.vacuity != nil }) { throw ExitCode(1) }
    }

    private func writeReport(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("\(path): error: cannot write the report: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension DiagnosticPrinter.Format: ExpressibleByArgument {}

/// Removes a half-written staging folder when the build is interrupted.
///
/// SIGINT and SIGTERM are taken off the default action and delivered to a dispatch source, so the
/// cleanup runs on an ordinary thread (it may take locks and allocate, which a signal handler may
/// not); then the process ends the way the signal would have ended it.
enum SignalCleanup {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                SiteBuildCleanup.removeStagingFolders()
                signal(signalNumber, SIG_DFL)
                raise(signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
