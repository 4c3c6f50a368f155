import Diagnostics
import Foundation
import KaTeX
import SiteBuilder

/// The builds of one preview session, run one at a time in this process through ``SiteBuild``,
/// with one KaTeX pool and one ``BuildCacheMemory`` held open from the first build to the last, so
/// node stays warm and an edit rebuilds only the posts it touched (through the build's record).
public final class PreviewBuilder: Sendable {
    /// What the builds are asked to do (the output is the preview folder).
    public let options: BuildOptions
    /// How the content and templates folders are named in messages.
    public let contentDisplayPath: String
    public let templatesDisplayPath: String
    /// The staging registry the session's signal handler holds.
    public let staging: StagingRegistry
    /// How messages are printed, on the terminal and in the panel alike.
    public let printer: DiagnosticPrinter
    private let renderer: KaTeXRenderer?
    private let memory = BuildCacheMemory()

    /// A builder for `options`, rendering through `renderer` (nil: each build starts its own, as with
    /// `--benchmark-markdown-only`). The preview is not flushed to disk before each swap
    /// (``BuildOptions/flushesToDisk``), and an update is written into it in place
    /// (``BuildOptions/updatesOutputInPlace``): it is rebuilt on every save and never published.
    public init(
        options: BuildOptions, contentDisplayPath: String, templatesDisplayPath: String, staging: StagingRegistry,
        printer: DiagnosticPrinter, renderer: KaTeXRenderer?
    ) {
        var options = options
        options.flushesToDisk = false
        options.updatesOutputInPlace = true
        self.options = options
        self.contentDisplayPath = contentDisplayPath
        self.templatesDisplayPath = templatesDisplayPath
        self.staging = staging
        self.printer = printer
        self.renderer = renderer
    }

    /// Runs one build; the caller runs one at a time.
    public func build() async -> PreviewBuildResult {
        let started = ContinuousClock.now
        let summary = await SiteBuild(
            options: options, contentDisplayPath: contentDisplayPath, templatesDisplayPath: templatesDisplayPath,
            staging: staging, renderer: renderer, cacheMemory: memory
        ).run()
        return PreviewBuildResult(summary: summary, elapsed: ContinuousClock.now - started, printer: printer)
    }

    /// How a changed file is named on the terminal: under the content or templates folder's display path.
    public func displayName(of path: String) -> String {
        for (folder, display) in [
            (options.contentDirectory, contentDisplayPath), (options.templatesDirectory, templatesDisplayPath),
        ] {
            let prefix = folder.standardizedFileURL.path + "/"
            if path.hasPrefix(prefix) {
                let rest = String(path.dropFirst(prefix.count))
                return display.isEmpty || display == "." ? rest : (display.hasSuffix("/") ? display : display + "/") + rest
            }
        }
        return path
    }
}

/// One preview build as the terminal and the open pages see it.
public struct PreviewBuildResult: Sendable {
    /// What the build did.
    public var summary: BuildSummary
    /// How long it took.
    public var elapsed: Duration
    /// Every message, printed as the terminal prints them.
    public var messagesText: String

    init(summary: BuildSummary, elapsed: Duration, printer: DiagnosticPrinter) {
        self.summary = summary
        self.elapsed = elapsed
        self.messagesText = summary.messages.map(printer.render).joined()
    }

    /// The panel open pages show: the messages, when the build failed or a claim did not come out as expected.
    public var panel: OverlayPanel? {
        guard summary.exitStatus != 0 else { return nil }
        let headline: String
        if summary.hasInputErrors {
            headline =
                summary.wroteSite
                ? "build-site: the build reported errors"
                : "build-site: the build failed; the page shows the last good build"
        } else {
            let failed = summary.claims.filter { !$0.verdict.isPassing }.count
            headline =
                failed == 0
                ? "build-site: a claim did not come out as expected"
                : "build-site: \(failed) claim\(failed == 1 ? "" : "s") did not come out as expected"
        }
        return OverlayPanel(headline: headline, text: messagesText)
    }

    /// The one line printed for the build: what changed, the verdicts and the time.
    public func line(changed: [String]) -> String {
        let claims = summary.claims
        let passed = claims.filter { $0.verdict.isPassing }.count
        var failures: [String: Int] = [:]
        for claim in claims where !claim.verdict.isPassing { failures[claim.verdict.rawValue, default: 0] += 1 }
        let failureText = failures.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let what: String
        switch changed.count {
        case 0: what = "First build:"
        case 1...3: what = "\(changed.joined(separator: ", ")) changed:"
        default: what = "\(changed.prefix(2).joined(separator: ", ")) and \(changed.count - 2) more changed:"
        }
        let outcome: String
        if summary.wasUpToDate {
            outcome = "nothing to rebuild"
        } else if !summary.wroteSite {
            outcome = "the build failed, the site was not updated"
        } else if let rebuilt = summary.postsRebuilt {
            outcome = "rebuilt \(rebuilt) of \(summary.posts.count) post\(summary.posts.count == 1 ? "" : "s")"
        } else {
            outcome = "built \(summary.posts.count) post\(summary.posts.count == 1 ? "" : "s")"
        }
        let verdicts =
            "\(passed) of \(claims.count) claims as expected" + (failureText.isEmpty ? "" : " (\(failureText))")
        return "\(what) \(outcome), \(verdicts), \(String(format: "%.0f", milliseconds)) ms"
    }
}
