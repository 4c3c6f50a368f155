import ArgumentParser
import Diagnostics
import Foundation
import SiteBuilder

/// One run of the site pipeline as a subcommand asked for it: the options handed to `SiteBuild`,
/// and how its results are printed and reported.
///
/// `build` and `check` differ only in the options they set here; both run through ``run()``, which
/// calls into SiteBuilder and maps the outcome to an exit status.
public struct BuildInvocation: Sendable {
    /// The output folder when none is given.
    public static let defaultOutputPath = "site"

    /// What `SiteBuild` is asked to do.
    public var options: BuildOptions
    /// The content folder as the user wrote it, for messages.
    public var contentDisplayPath: String
    /// The templates folder as the user wrote it, for messages.
    public var templatesDisplayPath: String
    /// Whether a vacuous claim fails the run (``BuildOptions/strict``).
    public var strict: Bool { options.strict }
    /// How messages are printed and which reports are written.
    public var reporting: ReportingOptions
    /// Where messages, the progress line and the summary line go: standard error, unless a test captures them.
    public var errorOutput: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    /// Whether ``errorOutput`` is a terminal: only then is a progress line drawn (``ProgressLine``).
    public var errorOutputIsTerminal = isatty(2) == 1

    /// The invocation the option groups describe, writing to `outputPath`; relative paths are
    /// resolved against `directory`, and `SOURCE_DATE_EPOCH` is read from `environment`.
    public init(
        _ common: CommonOptions, outputPath: String, in directory: URL, environment: [String: String]
    ) {
        let (input, pipeline, judging, reporting) = (common.input, common.pipeline, common.judging, common.reporting)
        var options = BuildOptions(
            contentDirectory: .resolving(input.content, in: directory),
            templatesDirectory: .resolving(input.templates, in: directory),
            outputDirectory: .resolving(outputPath, in: directory))
        options.limits = input.limits
        options.includeDrafts = input.drafts
        options.keepGoing = pipeline.keepGoing
        options.useCache = !pipeline.noCache
        options.claimOverrides = judging.overrides
        options.strict = judging.strict
        if let epoch = environment["SOURCE_DATE_EPOCH"], let value = Int(epoch) {
            options.sourceDateEpoch = value
        }
        self.options = options
        self.contentDisplayPath = input.content
        self.templatesDisplayPath = input.templates
        self.reporting = reporting
    }

    /// Builds (or checks), prints the diagnostics and the summary line, and writes the reports.
    ///
    /// - Throws: `ExitCode(1)` when a claim failed (or, with `strict`, is vacuous), `ExitCode(2)` when
    ///   an input is bad, a Debian package is missing or a report cannot be written.
    public func run() async throws {
        let staging = StagingRegistry()
        let signals = SignalCleanup(registry: staging)
        defer { signals.cancel() }
        let started = ContinuousClock.now
        if let missing = Prerequisites.missing(), !options.markdownOnly {
            errorOutput(missing)
            throw ExitCode(2)
        }

        var build = SiteBuild(
            options: options, contentDisplayPath: contentDisplayPath, templatesDisplayPath: templatesDisplayPath,
            staging: staging)
        let summary: BuildSummary
        if errorOutputIsTerminal && !reporting.quiet {
            let line = ProgressLine(started: started, write: errorOutput)
            build.progress = { line.update($0) }
            summary = await line.showing { [build] in await build.run() }
        } else {
            summary = await build.run()
        }
        let printer = DiagnosticPrinter(format: reporting.format)
        for diagnostic in summary.messages {
            if reporting.quiet && diagnostic.severity != .error { continue }
            errorOutput(printer.render(diagnostic))
        }
        if let report = reporting.report {
            try Self.write(JSONReport.render(summary), to: report)
        }
        if let junit = reporting.junit {
            try Self.write(JUnitReport.render(summary), to: junit)
        }
        if !reporting.quiet {
            errorOutput(Self.summaryLine(summary, checkOnly: options.checkOnly, elapsed: ContinuousClock.now - started))
        }
        if reporting.timings {
            let width = summary.timings.map(\.stage.count).max() ?? 0
            for timing in summary.timings {
                let padding = String(repeating: " ", count: width - timing.stage.count)
                errorOutput(
                    "  \(timing.stage)\(padding)  \(String(format: "%7.3f", timing.seconds)) s"
                        + "  \(String(format: "%7.3f", timing.cpuSeconds)) s CPU\n")
            }
        }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    /// The line printed after a build: `Built 9 posts, 120 formulas, 37 of 37 claims as expected in 1.42 s`, saying
    /// how many formulas failed to render when some did (with `--keep-going`, the exit status stays 0 for them).
    public static func summaryLine(_ summary: BuildSummary, checkOnly: Bool, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let claims = summary.claims
        let passed = claims.filter { $0.verdict.isPassing }.count
        let verb =
            summary.wasUpToDate
            ? "Up to date (nothing changed):"
            : summary.wroteSite ? "Built" : checkOnly ? "Checked" : "Did not write the site:"
        let rebuilt = summary.postsRebuilt.map { " (\($0) changed, the rest kept)" } ?? ""
        let failedFormulas =
            summary.formulasFailed == 0
            ? "" : " (\(summary.formulasFailed) failed to render and show their source)"
        return "\(verb) \(summary.posts.count) post\(summary.posts.count == 1 ? "" : "s")\(rebuilt), "
            + "\(summary.formulasRendered) formula\(summary.formulasRendered == 1 ? "" : "s")\(failedFormulas), \(passed) of \(claims.count) claims as expected "
            + "in \(String(format: "%.2f", seconds)) s\n"
    }

    private static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("\(path): error: cannot write the report: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension URL {
    /// The process's current folder, which relative paths on the command line are resolved against.
    static var currentProcessDirectory: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    }

    /// `path` as the command line means it: itself when absolute, else inside `directory`.
    ///
    /// Not `URL(fileURLWithPath:relativeTo:)`: given a folder's URL without a trailing slash (one
    /// made for a folder that did not exist yet), that resolves against the folder's parent.
    static func resolving(_ path: String, in directory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
    }
}
