import ArgumentParser
import Diagnostics
import SiteBuilder

/// The options every subcommand that runs the pipeline takes, in their four groups.
public struct CommonOptions: ParsableArguments, Sendable {
    @OptionGroup(title: "Posts")
    public var input: InputOptions

    @OptionGroup(title: "Build")
    public var pipeline: PipelineOptions

    @OptionGroup(title: "Claims")
    public var judging: JudgingOptions

    @OptionGroup(title: "Messages and reports")
    public var reporting: ReportingOptions

    public init() {}
}

/// Where the posts and templates are, which posts count, and the bounds on them.
public struct InputOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("The folder of posts.", valueName: "dir"))
    public var content = "content"

    @Option(
        name: .long,
        help: ArgumentHelp("The folder of templates and assets that override the built-in theme, file by file.", valueName: "dir")
    )
    public var templates = "templates"

    @Flag(name: .long, help: "Build posts marked `draft: true` too.")
    public var drafts = false

    /// Every `--limit`, each parsed and checked once, as it is read.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Change an input limit, e.g. maxPostBytes=4194304 (repeatable; see the README).", valueName: "name=value"),
        transform: { text in try InputLimits.Assignment(parsing: text) })
    public var limit: [InputLimits.Assignment] = []

    /// The default limits with every `--limit` set, a later one for the same limit winning.
    public var limits: InputLimits { InputLimits(setting: limit) }

    public init() {}
}

/// How the pipeline treats a rejected formula and the cache.
public struct PipelineOptions: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Build pages even when a formula is rejected; its source is shown marked as an error.")
    public var keepGoing = false

    @Flag(
        name: .long,
        help:
            "Build everything from scratch: neither read nor write the cache of verdicts, formulas and the last build (.cache/build-site/)."
    )
    public var noCache = false

    public init() {}
}

/// Which claims are judged, how hard, and whether a vacuous one fails.
public struct JudgingOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Points per claim, overriding every fence's `samples`.", valueName: "n"))
    public var samples: Int?

    @Option(name: .long, help: ArgumentHelp("Seed for every claim, overriding every fence's `seed`.", valueName: "n"))
    public var seed: UInt64?

    @Option(
        name: .long,
        help: ArgumentHelp("Judge only the claims whose id contains this text (`*` matches anything).", valueName: "pattern"))
    public var only: String?

    @Flag(name: .long, help: "Treat a vacuous claim (one whose mutants also hold) as a failure (exit status 1).")
    public var strict = false

    /// The overrides handed to every claim fence.
    public var overrides: ClaimOverrides { ClaimOverrides(samples: samples, seed: seed, onlyPattern: only) }

    public init() {}

    public mutating func validate() throws {
        if let samples, !(1...100_000).contains(samples) {
            throw ValidationError("--samples must be between 1 and 100000")
        }
    }
}

/// How messages are printed and which report files are written.
public struct ReportingOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Write a JSON report of every claim to this file.", valueName: "path"))
    public var report: String?

    @Option(
        name: .long, help: ArgumentHelp("Write a JUnit XML report (one test case per claim) to this file.", valueName: "path"))
    public var junit: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How messages are printed: plain (path:line:col: error: …) or github (Actions annotations).", valueName: "format"))
    public var format: DiagnosticPrinter.Format = .plain

    @Flag(name: .long, help: "Print only errors, not the summary line.")
    public var quiet = false

    @Flag(name: .long, help: "Print how long each stage of the build took.")
    public var timings = false

    public init() {}
}

extension DiagnosticPrinter.Format: ExpressibleByArgument {}
