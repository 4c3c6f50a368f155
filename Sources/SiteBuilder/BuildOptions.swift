import Foundation

/// Everything a build needs to know; the command line fills it in.
public struct BuildOptions: Sendable {
    /// The folder of posts.
    public var contentDirectory: URL
    /// The folder of Mustache templates (and `assets/`).
    public var templatesDirectory: URL
    /// The folder the site is written to; replaced as a whole.
    public var outputDirectory: URL
    /// Build posts marked `draft: true` too.
    public var includeDrafts = false
    /// Build pages even when a formula is rejected, showing its source marked as an error.
    public var keepGoing = false
    /// Drop raw HTML and unsafe link schemes from posts.
    public var safe = false
    /// Judge claims and report, but write no site.
    public var checkOnly = false
    /// Treat a vacuous claim (one whose mutants also hold) as a failure: its message is an error and
    /// the exit status is 1.
    public var strict = false
    /// Bounds checked before any parser sees a post.
    public var limits = InputLimits()
    /// Overrides for every claim fence.
    public var claimOverrides = ClaimOverrides()
    /// Reuse verdicts and rendered formulas from earlier builds.
    public var useCache = true
    /// Where the cache lives; defaults to `.cache/build-site` under the current folder.
    public var cacheDirectory: URL?
    /// Seconds since 1970 to use as "now" (from `SOURCE_DATE_EPOCH`); otherwise the newest post date is used.
    public var sourceDateEpoch: Int?
    /// How many posts are prepared and judged at once.
    public var concurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Benchmark switch: skip math rendering and claim judging, to time the Markdown path alone.
    public var markdownOnly = false
    /// Flush the staged site to disk (`syncfs`) before swapping it in, so a power cut never leaves a
    /// site of empty files. A preview, rebuilt on every save and never published, turns it off: on a
    /// busy disk the flush is most of an update's time.
    public var flushesToDisk = true
    /// Whether a build that keeps posts from the last one updates the output folder in place — writing the
    /// changed posts' folders and the pages made of every post, removing dropped posts' folders, leaving the
    /// kept ones where they are — instead of staging a whole site beside it and swapping it in. Cheaper, but
    /// an interrupted update leaves a half-updated site (the next build then finds the site changed and builds
    /// it whole): for the preview only (`serve`), never for a site to publish. Off by default.
    public var updatesOutputInPlace = false

    /// Options with the given folders and defaults for everything else.
    public init(contentDirectory: URL, templatesDirectory: URL, outputDirectory: URL) {
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
    }
}

/// Settings that override every `swift-check` fence, for stricter or narrower CI runs.
public struct ClaimOverrides: Sendable, Hashable {
    /// Points per claim instead of each fence's `samples`.
    public var samples: Int?
    /// Seed instead of each fence's `seed`.
    public var seed: UInt64?
    /// Judge only claims whose id contains this text (or matches it as a `*` glob).
    public var onlyPattern: String?

    /// No overrides.
    public init(samples: Int? = nil, seed: UInt64? = nil, onlyPattern: String? = nil) {
        self.samples = samples
        self.seed = seed
        self.onlyPattern = onlyPattern
    }
}
