import ClaimLanguage
import Compatibility
import Diagnostics
import Foundation
import KaTeX
import Markdown

/// A `swift-check` fence after judging: its settings and the outcome of each claim in it.
public struct JudgedFence: Sendable, Codable {
    /// The fence's id (from `id=` or the post's slug plus the fence's ordinal).
    public var id: String
    public var title: String?
    /// The info string after `swift-check`.
    public var info: String
    /// The fence's body as written.
    public var source: String
    /// The line of the opening fence in the post.
    public var line: Int
    public var claims: [ClaimOutcome]

    /// The worst verdict among the claims (what the card shows).
    public var verdict: ClaimOutcome.Verdict {
        claims.map(\.verdict).min { $0.severityRank < $1.severityRank } ?? .skipped
    }
}

/// One post as the report and the pages see it.
public struct BuiltPost: Sendable, Codable {
    public var path: String
    public var slug: String
    public var title: String
    public var fences: [JudgedFence]
}

/// What a build did: the messages, the counts and the verdicts.
public struct BuildSummary: Sendable, Codable {
    /// Every message about the input, in the order of files and lines.
    public var diagnostics: [Diagnostic] = []
    /// One message per claim that did not come out as expected, and per vacuous claim (an error
    /// with ``BuildOptions/strict``), in the order of posts and lines.
    public var claimDiagnostics: [Diagnostic] = []
    /// Every message of the build: the input's, then the claims'.
    public var messages: [Diagnostic] { diagnostics + claimDiagnostics }
    /// The posts built (or judged with `--check`), with their claims.
    public var posts: [BuiltPost] = []
    public var formulasRendered = 0
    /// How many of them KaTeX could not render: each is a warning with `--keep-going` (an error without), and its
    /// page shows the formula's source marked as an error.
    public var formulasFailed = 0
    /// Whether the site was written.
    public var wroteSite = false
    /// Whether nothing had changed since the last build, so the site already in place was kept.
    public var wasUpToDate = false
    /// How long each stage took (shown by `build-site --timings`).
    public var timings: [StageTiming] = []
    /// How many changed posts were built again when the rest of the site was kept as the last build
    /// left it (nil after a full build).
    public var postsRebuilt: Int?
    /// Whether some input was bad (exit status 2).
    public var hasInputErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// Whether some claim did not come out as expected (exit status 1).
    public var hasClaimFailures: Bool {
        claimDiagnostics.contains { $0.severity == .error }
            || posts.contains { $0.fences.contains { $0.claims.contains { !$0.verdict.isPassing } } }
    }

    /// The exit status CI sees: 2 for bad input, 1 for failed claims, 0 otherwise.
    public var exitStatus: Int32 { hasInputErrors ? 2 : hasClaimFailures ? 1 : 0 }

    /// Every claim of the build.
    public var claims: [ClaimOutcome] { posts.flatMap { $0.fences.flatMap(\.claims) } }

    /// The summary of a build that has not done anything yet.
    public init() {}
}

/// How far a build has come: what ``SiteBuild/progress`` is told as each stage starts.
public struct BuildProgress: Sendable, Equatable {
    /// The stage the build is in now, in a few words ("judging claims").
    public var stage: String
    /// The posts of the site, once they are read (0 before).
    public var posts: Int
    /// The claims judged so far.
    public var claims: Int
    /// The formulas rendered so far.
    public var formulas: Int

    /// Progress at `stage` with the counts so far.
    public init(stage: String, posts: Int = 0, claims: Int = 0, formulas: Int = 0) {
        self.stage = stage
        self.posts = posts
        self.claims = claims
        self.formulas = formulas
    }
}

/// Builds a site: load posts → find math and fences → parse Markdown → judge claims →
/// render math → apply templates → write the site.
public struct SiteBuild: Sendable {
    public var options: BuildOptions
    /// How the content and templates folders are named in messages.
    public var contentDisplayPath: String
    public var templatesDisplayPath: String
    /// Where the build records its staging folder, so the caller's signal handler can remove it.
    public var staging: StagingRegistry
    /// A KaTeX pool the caller holds open across builds (a server rebuilding on every change), used
    /// instead of starting node for this build and left running after it; nil for a command-line build.
    public var renderer: KaTeXRenderer?
    /// The cache's shards the caller keeps in memory across builds, read instead of their files (with
    /// `useCache`); nil for a command-line build.
    public var cacheMemory: BuildCacheMemory?
    /// Told as each stage starts, from the build's task (a command line draws it as one updating line on a terminal);
    /// nil for no progress.
    public var progress: (@Sendable (BuildProgress) -> Void)?
    /// Runs once the inputs are read (tests change a file there, as an editor saving during a build would).
    var afterReadingInputs: (@Sendable () -> Void)?

    /// A build with `options`; paths in messages start with the given display paths.
    ///
    /// - Parameter staging: the registry the staging folder is recorded in while it exists; the caller
    ///   interrupts it to stop the build's writes and remove the folder (on SIGINT, say). A fresh one by default.
    /// - Parameter renderer: a KaTeX pool to render with and leave running (see ``renderer``); by default the
    ///   build starts its own and stops it when the formulas are rendered.
    /// - Parameter cacheMemory: the cache's shards kept in memory across builds (see ``cacheMemory``).
    public init(
        options: BuildOptions, contentDisplayPath: String = "content", templatesDisplayPath: String = "templates",
        staging: StagingRegistry = StagingRegistry(), renderer: KaTeXRenderer? = nil, cacheMemory: BuildCacheMemory? = nil
    ) {
        self.options = options
        self.contentDisplayPath = contentDisplayPath
        self.templatesDisplayPath = templatesDisplayPath
        self.staging = staging
        self.renderer = renderer
        self.cacheMemory = cacheMemory
    }

    /// Runs the build. Never throws: every problem becomes a diagnostic in the summary.
    public func run() async -> BuildSummary {
        var summary = BuildSummary()
        var clock = StageClock()
        do {
            try await build(into: &summary, clock: &clock)
        } catch {
            summary.diagnostics.append(error)
        }
        summary.claimDiagnostics = ClaimDiagnostics.diagnostics(for: summary, strict: options.strict)
        summary.timings = clock.timings
        return summary
    }

    private func build(into summary: inout BuildSummary, clock: inout StageClock) async throws(Diagnostic) {
        let cacheDirectory =
            options.cacheDirectory
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".cache/build-site")
        // Never replace a folder the tool did not make: checked before anything is read or written.
        if !options.checkOnly {
            var protected = [(options.contentDirectory, "content"), (options.templatesDirectory, "templates")]
            if options.useCache { protected.append((cacheDirectory, "cache")) }
            try OutputFolder.checkReplaceable(
                options.outputDirectory, displayPath: options.outputDirectory.relativePath,
                protected: protected.map { (url: $0.0, name: $0.1) })
        }

        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.contentDirectory.path, isDirectory: &isFolder), isFolder.boolValue
        else {
            throw Diagnostic(
                path: contentDisplayPath,
                message: FileManager.default.fileExists(atPath: options.contentDirectory.path)
                    ? "the content folder is not a folder"
                    : "there is no content folder, so there are no posts to build; "
                        + "start a new site here with `build-site init`, or name the folder of posts with --content")
        }
        // Every input is read once, here; the build, the cache keys and the record use these bytes.
        // A held-open session's record is used from memory while the file is the one it saved.
        async let stored = options.useCache ? BuildRecord.Stored(from: cacheDirectory, held: cacheMemory?.record) : nil
        var snapshot = InputSnapshot(
            options: options, settings: settings(katex: nil), contentDisplayPath: contentDisplayPath,
            templatesDisplayPath: templatesDisplayPath)
        afterReadingInputs?()
        // Where KaTeX is may be set in `_config.yml`, so it is found once the snapshot has read that.
        let configuration = try SiteConfiguration.parse(
            snapshot.configurationBytes, path: join(contentDisplayPath, "_config.yml"))
        let katex =
            options.markdownOnly
            ? nil
            : try Prerequisites.katexInstallation(
                configuration: configuration, configurationPath: join(contentDisplayPath, "_config.yml"),
                siteFolder: options.contentDirectory.standardizedFileURL.deletingLastPathComponent())
        snapshot.recordSettings(settings(katex: katex))
        // Compare the inputs with the last build's: nothing changed means its site and summary stand;
        // when only posts changed, the others are kept as that build left them.
        var reusable: LastBuild?
        if options.useCache, let stored = await stored {
            let changed = snapshot.changedKeys(since: stored.snapshot)
            let changedPosts = changed.compactMap(Self.postPath(ofInputKey:))
            clock.lap("read inputs and the last build's record")
            let untouched = options.checkOnly || BuildRecord.outputState(of: options.outputDirectory) == stored.outputState
            if untouched, changedPosts.count == changed.count, let record = await stored.decode(concurrency: options.concurrency)
            {
                clock.lap(stored.isHeld ? Self.heldRecordLap : Self.decodedRecordLap)
                if changed.isEmpty {
                    summary = record.summary
                    summary.wasUpToDate = true
                    summary.wroteSite = false
                    return
                }
                reusable = LastBuild(record: record, changedPosts: Set(changedPosts.map(PathKey.init)))
            }
        }
        if let reusable {
            var update = BuildSummary()
            let built = try? await build(
                into: &update, from: snapshot, configuration: configuration, reusing: reusable, cacheDirectory: cacheDirectory,
                katex: katex, clock: &clock)
            if built == true {
                summary = update
                return
            }
        }
        _ = try await build(
            into: &summary, from: snapshot, configuration: configuration, reusing: nil, cacheDirectory: cacheDirectory,
            katex: katex, clock: &clock)
    }

    /// One note per profile inferred for some posts, at the first of them: which profile, from what sign, and how
    /// to choose it.
    static func inferredProfileNotes(_ posts: [PreparedPost]) -> [Diagnostic] {
        var first: [EngineProfile: (post: PreparedPost, count: Int)] = [:]
        var order: [EngineProfile] = []
        for post in posts where post.profileSign != nil {
            if let seen = first[post.profile] {
                first[post.profile] = (seen.post, seen.count + 1)
            } else {
                first[post.profile] = (post, 1)
                order.append(post.profile)
            }
        }
        return order.compactMap { profile in
            guard let (post, count) = first[profile], let sign = post.profileSign else { return nil }
            let others = count > 1 ? " (and \(count - 1) more post\(count == 2 ? "" : "s"))" : ""
            return Diagnostic(
                .note, path: post.source.displayPath, location: SourceLocation(line: 1, column: 1),
                message:
                    "read as a \(profile.displayName) post\(others): \(sign); set 'compatibility: \(profile.rawValue)' in _config.yml or the front matter to choose the rules yourself"
            )
        }
    }

    /// A post of the site being built: parsed by this build (`index` into its parsed posts), or kept from
    /// the last build (`index` into its record); either way with what the record keeps of it.
    private enum SitePost {
        case parsed(index: Int, post: BuildRecord.Post)
        case kept(index: Int, post: BuildRecord.Post, built: BuiltPost)

        var record: BuildRecord.Post {
            switch self {
            case .parsed(_, let post), .kept(_, let post, _): post
            }
        }
    }

    /// The last build, as far as this one can keep it: its record, and the posts whose files changed since.
    private struct LastBuild {
        var record: BuildRecord
        var changedPosts: Set<PathKey>
    }

    /// Builds the site from `snapshot`.
    ///
    /// With `last`, the posts whose files did not change are kept as the last build left them — their
    /// verdicts, formula counts, messages and page folders (hard-linked into the staged site) — and only
    /// the other posts are parsed, judged and rendered; the pages made of every post are rendered again.
    /// The site is staged and swapped in exactly as without `last` (or, with ``BuildOptions/updatesOutputInPlace``,
    /// the staged files are moved into the output folder and the kept ones left there). The kept posts' pages show whether the site
    /// has claims at all (not its counts: only the pages made of every post show those), so this returns false,
    /// having written nothing, when the site gains its first claim or loses its last, and also
    /// when a problem is an error (a full build reports it, in its order) or a kept post shares a slug
    /// or a claim id with another: then a full build runs.
    private func build(
        into summary: inout BuildSummary, from snapshot: InputSnapshot, configuration: SiteConfiguration,
        reusing last: LastBuild?, cacheDirectory: URL, katex installation: KaTeXInstallation?, clock: inout StageClock
    ) async throws(Diagnostic) -> Bool {
        summary.diagnostics += snapshot.messages
        // highlight.js's version counts as KaTeX's: installing or upgrading it changes the pages and the cache.
        let katexVersion = installation.map { $0.version + " highlight.js " + ($0.highlightVersion ?? "none") } ?? "none"
        let templates = try Templates(files: snapshot.templates, displayPath: templatesDisplayPath)
        let files = snapshot.posts(displayPrefix: contentDisplayPath)

        // The posts kept from the last build, by their place among the files.
        var kept: [Int: Int] = [:]
        if let last {
            let recorded = Dictionary(
                last.record.posts.enumerated().map { (PathKey($1.sourcePath), $0) }, uniquingKeysWith: { first, _ in first })
            for (position, item) in files.enumerated() where !last.changedPosts.contains(PathKey(item.source.relativePath)) {
                kept[position] = recorded[PathKey(item.source.relativePath)]
            }
        }

        // Parse every other post (concurrently); a bad post is reported and left out.
        var siteMacros = configuration
        if let file = snapshot.contentFile("macros.tex"), let bytes = file.bytes {
            summary.diagnostics += siteMacros.readingMacroFile(
                String(decoding: bytes, as: UTF8.self), path: join(contentDisplayPath, "macros.tex"))
        }
        let preparation = PostPreparation(
            limits: options.limits, safe: options.safe, keepGoing: options.keepGoing,
            siteProfile: configuration.compatibility, siteMacros: siteMacros.macros)
        let toParse = files.indices.filter { kept[$0] == nil }
        // The cache is read first, so that only the formulas it lacks go to KaTeX as the posts are prepared.
        var cache = BuildCache(
            directory: options.useCache ? cacheDirectory : nil, katexVersion: katexVersion, memory: cacheMemory)
        await cache.load(posts: toParse.map { files[$0].source.relativePath }, concurrency: options.concurrency)
        clock.lap("read the cache")
        // Node starts with the first post that has a formula to render, and renders the posts' own formulas in
        // batches while the other posts are prepared and the claims judged.
        let feed =
            options.markdownOnly
            ? nil
            : MathFeed(cache: cache, workers: RendererStart.workerCount(), holding: renderer, installation: installation)
        let includeDrafts = options.includeDrafts
        let prepared = await concurrentMap(toParse, limit: options.concurrency) { position in
            let result = Result { () throws(Diagnostic) in
                try preparation.prepare(files[position].source, from: files[position].file)
            }
            if case .success(let post) = result, includeDrafts || !post.metadata.draft { feed?.add(post) }
            return result
        }
        let katex = feed?.finish()
        // Whatever ends this build, a pool it started is stopped (stopping again after the math stage does nothing).
        defer { katex?.stop() }
        // The site's posts in the content folder's order.
        var entries: [SitePost] = []
        var posts: [PreparedPost] = []
        var parsed = prepared.makeIterator()
        for position in files.indices {
            if let index = kept[position], let last {
                entries.append(.kept(index: index, post: last.record.posts[index], built: last.record.summary.posts[index]))
                continue
            }
            switch parsed.next() {
            case .success(let post):
                summary.diagnostics += post.warnings
                summary.diagnostics += missingCompanionWarnings(of: post, in: snapshot)
                if post.metadata.draft && !options.includeDrafts { continue }
                entries.append(
                    .parsed(
                        index: posts.count,
                        post: BuildRecord.Post(sourcePath: post.source.relativePath, listing: PostListing(post), formulaCount: 0))
                )
                posts.append(post)
            case .failure(let diagnostic):
                summary.diagnostics.append(diagnostic)
            case nil:
                break
            }
        }
        let keptPosts = entries.compactMap { entry -> BuiltPost? in if case .kept(_, _, let built) = entry { built } else { nil }
        }
        let keptPaths = Set(keptPosts.map(\.path))
        summary.diagnostics += (last?.record.summary.diagnostics ?? []).filter { keptPaths.contains($0.path) }
        // One note per inferred profile: a kept post may carry it already.
        summary.diagnostics += Self.inferredProfileNotes(posts).filter { note in
            !summary.diagnostics.contains {
                $0.severity == .note && $0.message.hasPrefix(note.message.prefix { $0 != ":" && $0 != "(" })
            }
        }
        var listings = entries.map(\.record.listing)
        let lines = entries.map { entry -> (path: String, slug: Int, tags: Int) in
            switch entry {
            case .parsed(let index, _):
                let post = posts[index]
                return (post.source.displayPath, post.metadata.fieldLines["slug"] ?? 1, post.metadata.fieldLines["tags"] ?? 1)
            case .kept(_, _, let built): return (built.path, 1, 1)
            }
        }
        try checkUniqueSlugs(zip(listings, lines).map { ($0.slug, $1.path, $1.slug) })
        try Self.checkTagSlugs(zip(listings, lines).map { ($0, $1.path, $1.tags) })
        if last != nil && summary.hasInputErrors { return false }
        clock.lap("parse \(posts.count) posts")
        var progressSoFar = BuildProgress(stage: "judging claims", posts: entries.count)
        progress?(progressSoFar)

        // Judge the claims, reusing verdicts cached by earlier builds.
        let (judgedFences, fenceDiagnostics) = await ClaimStage(
            overrides: options.claimOverrides, skip: options.markdownOnly, maximumTolerance: configuration.maximumTolerance
        )
        .judge(posts, concurrency: options.concurrency, cache: &cache)
        summary.diagnostics += fenceDiagnostics
        var judged = judgedFences
        if !options.markdownOnly {
            // The displayed equations: those a fence verifies, and with `check-equations: auto` the others.
            let equations = EquationStage(
                options: JudgeOptions(
                    samplesOverride: options.claimOverrides.samples, seedOverride: options.claimOverrides.seed,
                    maximumTolerance: configuration.maximumTolerance),
                siteChecking: configuration.equationChecking)
            let checked = await concurrentMap(Array(posts.indices), limit: options.concurrency) { [posts, judged] index in
                equations.check(
                    posts[index], fences: judged[index],
                    labels: Dictionary(posts[index].equations.entries.map { ($0.label, $0.formula) }) { first, _ in first })
            }
            for (index, result) in checked.enumerated() {
                for (fenceIndex, outcomes) in result.fenceOutcomes { judged[index][fenceIndex].claims += outcomes }
                if !result.automaticOutcomes.isEmpty {
                    judged[index].append(
                        JudgedFence(
                            id: "\(posts[index].slug)-equations", title: "Equations checked automatically", info: "swift-check",
                            source: "", line: 1, claims: result.automaticOutcomes))
                }
                summary.diagnostics += result.diagnostics
                EquationMarks.apply(result.displays, to: &posts[index])
            }
        }
        summary.posts = entries.map { entry in
            switch entry {
            case .parsed(let index, _):
                BuiltPost(
                    path: posts[index].source.displayPath, slug: posts[index].slug, title: posts[index].title,
                    fences: judged[index])
            case .kept(_, _, let built): built
            }
        }
        let allFences = summary.posts.map(\.fences)
        if let last {
            let keptIDs = Set(keptPosts.flatMap { $0.fences.map(\.id) })
            guard !summary.hasInputErrors, !judged.joined().contains(where: { keptIDs.contains($0.id) }),
                (ClaimTotals(allFences).total == 0) == (ClaimTotals(last.record.summary.posts.map(\.fences)).total == 0)
            else { return false }
        }
        clock.lap("judge \(judged.joined().map(\.claims.count).reduce(0, +)) claims")
        progressSoFar.claims = allFences.joined().map(\.claims.count).reduce(0, +)
        progressSoFar.stage = options.markdownOnly ? "writing pages" : "rendering math"
        progress?(progressSoFar)

        // Render every formula and every claim's LaTeX through KaTeX.
        var math = MathStage(keepGoing: options.keepGoing, heldRenderer: renderer)
        math.installation = installation
        if !options.markdownOnly {
            try await math.render(posts: posts, fences: judged, cache: &cache, prestarted: katex, into: &summary)
            clock.lap("render math")
        }
        if last != nil && summary.hasInputErrors { return false }
        // The cache is written while the pages are.
        let cacheToSave = cache
        let postPaths = posts.map(\.source.relativePath)
        var records = entries.map(\.record)
        for case (let position, .parsed(let index, _)) in entries.enumerated() {
            records[position].formulaCount = math.formulaCount(ofPost: index)
            records[position].failedFormulaCount = math.failedFormulaCount(ofPost: index)
            records[position].listing.renderMath(of: posts[index], with: math)
            records[position].shownDigest = PageAssembler.shownDigest(records[position].listing, fences: judged[index])
        }
        listings = records.map(\.listing)
        let keptSources = entries.compactMap { entry -> String? in
            if case .kept(_, let post, _) = entry { post.sourcePath } else { nil }
        }
        async let cacheSaved: Void = cacheToSave.save(posts: postPaths, keeping: keptSources, concurrency: options.concurrency)
        summary.formulasRendered = records.map(\.formulaCount).reduce(0, +)
        summary.formulasFailed = records.map(\.failedFormulaCount).reduce(0, +)
        progressSoFar.formulas = summary.formulasRendered
        progressSoFar.stage = options.checkOnly ? "finishing" : "writing pages"
        progress?(progressSoFar)
        // The templates are in the key too, so pages made with other templates are never kept.
        let sitePagesKey = PageAssembler.sitePagesKey(shown: records.map(\.shownDigest)) + " " + snapshot.templatesDigest
        summary.postsRebuilt = last == nil ? nil : posts.count
        summary.diagnostics.sort(by: Self.messageOrder)
        if summary.hasInputErrors || options.checkOnly {
            await cacheSaved
            return true
        }

        // Assemble and write the pages; the kept posts' folders are linked from the site in place.
        let writer = try SiteWriter(
            output: options.outputDirectory, maxBytes: options.limits.maxOutputBytes, registry: staging,
            flushes: options.flushesToDisk, inPlace: options.updatesOutputInPlace && last != nil)
        do {
            let assembler = PageAssembler(
                configuration: configuration, templates: templates, math: math, sourceDateEpoch: options.sourceDateEpoch)
            // The pages made of every post are kept when what they show did not change; the assets come from
            // the templates and KaTeX, which a build that keeps posts has not changed.
            let keepsSitePages = last?.record.sitePagesKey == sitePagesKey
            try await assembler.write(
                posts: posts, judged: judged, site: listings, siteFences: allFences, sitePages: !keepsSitePages, with: writer,
                concurrency: options.concurrency)
            let keptPaths =
                keptPosts.map { "posts/\($0.slug)" } + (last == nil ? [] : ["assets"])
                + (keepsSitePages ? PageAssembler.sitePagePaths : [])
            for path in keptPaths { try writer.keep(path) }
            if last == nil { try copyAssets(snapshot: snapshot, katex: installation, writer: writer) }
            for post in posts { try copyCompanionFiles(of: post, from: snapshot, with: writer, into: "posts/\(post.slug)/") }
            try writer.write(OutputFolder.markerContents, to: OutputFolder.markerName)
            clock.lap("render and write the pages")
            await cacheSaved
            try writer.commit()
            summary.wroteSite = true
            // The feed was written: without a baseURL its links lead nowhere once it leaves the site.
            if configuration.baseURL.isEmpty {
                summary.diagnostics.append(
                    Diagnostic(
                        .warning, path: join(contentDisplayPath, "_config.yml"),
                        location: configuration.baseURLLocation ?? SourceLocation(line: 1, column: 1),
                        message:
                            "no baseURL is set, so the feed's links are relative and feed readers cannot follow them; add 'baseURL: https://…/' (the address the site is published at)"
                    ))
                summary.diagnostics.sort(by: Self.messageOrder)
            }
            clock.lap("write the cache and swap the site in")
        } catch {
            writer.discard()
            throw error
        }
        if options.useCache && unchangedSinceRead(snapshot, into: &summary) {
            var record = BuildRecord(
                snapshot: snapshot, output: options.outputDirectory, summary: summary, posts: records, sitePagesKey: sitePagesKey)
            if let last {
                for case (let position, .kept(let index, _, _)) in entries.enumerated() {
                    record.reuseLine(ofPost: index, of: last.record, at: position)
                }
            }
            record.save(to: cacheDirectory, holdingIn: cacheMemory?.record)
            clock.lap("write the build record")
        }
        return true
    }

    /// A warning for each file `post` links to that is not in `snapshot` (missing, or left out with a message of
    /// its own, such as a symbolic link, which is then not repeated).
    private func missingCompanionWarnings(of post: PreparedPost, in snapshot: InputSnapshot) -> [Diagnostic] {
        post.companionFiles.compactMap { companion in
            guard snapshot.contentFile(companion.contentPath) == nil else { return nil }
            let path = join(contentDisplayPath, companion.contentPath)
            guard !snapshot.messages.contains(where: { $0.path == path }) else { return nil }
            return Diagnostic(
                .warning, path: post.source.displayPath, location: companion.linkLocation,
                message: "the link to '\(companion.pagePath)' leads nowhere: there is no file \(path)"
            ).showingSource(from: post.lines)
        }
    }

    /// The lap of a build that took the last build's record from its file.
    static let decodedRecordLap = "decode the last build's record"
    /// The lap of a build that took the last build's record from memory (``cacheMemory``), its file unchanged.
    static let heldRecordLap = "take the last build's record from memory"

    /// The path relative to the content folder of the post an input key names; nil for any other input.
    private static func postPath(ofInputKey key: PathKey) -> String? {
        let key = String(decoding: key.bytes, as: UTF8.self)
        guard key.hasPrefix(InputSnapshot.contentPrefix) else { return nil }
        let path = String(key.dropFirst(InputSnapshot.contentPrefix.count))
        return ContentLoader.isPost(path) ? path : nil
    }
    /// Everything besides the input files that shapes the output or the summary.
    private func settings(katex: KaTeXInstallation?) -> String {
        [
            "build-site \(ExecutableIdentity.current)",
            "katex \(katex.map { "\($0.version) \($0.nodePath) \($0.libraryPath) \($0.assetsPath)" } ?? "none")",
            "drafts \(options.includeDrafts)", "keep-going \(options.keepGoing)", "safe \(options.safe)",
            "limits \(options.limits)", "overrides \(options.claimOverrides)", "markdown-only \(options.markdownOnly)",
            "epoch \(options.sourceDateEpoch.map(String.init) ?? "-")",
            "output \(options.outputDirectory.standardizedFileURL.path)", "paths \(contentDisplayPath) \(templatesDisplayPath)",
        ].joined(separator: "\n")
    }

    /// Throws when two posts would share one URL, naming both.
    private func checkUniqueSlugs(_ posts: [(slug: String, path: String, line: Int)]) throws(Diagnostic) {
        var seen: [String: String] = [:]
        for post in posts {
            if let other = seen[post.slug] {
                throw Diagnostic(
                    path: post.path, location: SourceLocation(line: post.line, column: 1),
                    message: "this post and \(other) both claim the URL /posts/\(post.slug)/; give one of them another slug")
            }
            seen[post.slug] = post.path
        }
    }

    /// Throws when two different tags (not just in case) would share one tag page, naming both.
    static func checkTagSlugs(_ posts: [(listing: PostListing, path: String, line: Int)]) throws(Diagnostic) {
        var seen: [String: (tag: String, path: String)] = [:]
        for post in posts {
            for tag in post.listing.tags {
                let slug = Slug.make(from: tag)
                if let other = seen[slug] {
                    if Array(other.tag.lowercased().utf8) != Array(tag.lowercased().utf8) {
                        throw Diagnostic(
                            path: post.path, location: SourceLocation(line: post.line, column: 1),
                            message:
                                "tag '\(tag)' and tag '\(other.tag)' (in \(other.path)) would share the page tags/\(slug)/; rename one of them"
                        )
                    }
                } else {
                    seen[slug] = (tag, post.path)
                }
            }
        }
    }

    /// Copies the templates' assets (the built-in theme's, each overridden by the templates folder's file
    /// at the same path) and KaTeX's style sheet (with the rules of ``KaTeXStyleClasses/measured`` after it) and
    /// fonts into the site's `assets` folder.
    private func copyAssets(snapshot: InputSnapshot, katex: KaTeXInstallation?, writer: SiteWriter) throws(Diagnostic) {
        for file in snapshot.templates where file.relativePath.hasPrefix("assets/") && ContentLoader.isListed(file.relativePath) {
            try writer.write(
                try bytes(of: file, displayPath: file.templateDisplayPath(in: templatesDisplayPath)), to: file.relativePath)
        }
        if !options.markdownOnly, let installation = katex {
            let katexAssets = URL(fileURLWithPath: installation.assetsPath)
            // KaTeX's own stylesheet, then the rules of the classes that stand for its most frequent inline styles.
            try writer.copy(
                katexAssets.appendingPathComponent("katex.min.css"), to: "assets/katex/katex.min.css",
                appending: Array(("\n" + KaTeXStyleClasses.measured.stylesheet).utf8))
            let fonts = katexAssets.appendingPathComponent("fonts")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: fonts.path)) ?? []).sorted()
            for name in names where name.hasSuffix(".woff2") {
                try writer.copy(fonts.appendingPathComponent(name), to: "assets/katex/fonts/" + name)
            }
        }
    }

    /// Copies the files `post` links to beside its page, as `snapshot` read them (a file the snapshot
    /// does not have — missing, a link, a name that is not UTF-8 — is not copied); `folder` is the page's
    /// folder as `writer` names it.
    private func copyCompanionFiles(
        of post: PreparedPost, from snapshot: InputSnapshot, with writer: SiteWriter, into folder: String
    ) throws(Diagnostic) {
        for companion in post.companionFiles {
            guard let file = snapshot.contentFile(companion.contentPath) else { continue }
            try writer.write(
                try bytes(of: file, displayPath: join(contentDisplayPath, companion.contentPath)), to: folder + companion.pagePath
            )
        }
    }

    /// The bytes the snapshot read of `file`, or the reason it has none.
    private func bytes(of file: InputSnapshot.File, displayPath: String) throws(Diagnostic) -> [UInt8] {
        if let bytes = file.bytes { return bytes }
        if file.identity.size > Int64(options.limits.maxFileBytes) {
            throw Diagnostic(
                path: displayPath, location: SourceLocation(line: 1, column: 1),
                message:
                    "the file is \(file.identity.size) bytes, over the limit of \(options.limits.maxFileBytes) bytes (--limit maxFileBytes=…)"
            )
        }
        throw Diagnostic(path: displayPath, location: SourceLocation(line: 1, column: 1), message: "cannot read the file")
    }

    /// Whether every input is still what the snapshot read; if not, a warning names each file that
    /// changed, and the build must not be recorded as reusable (the next build reads them again).
    func unchangedSinceRead(_ snapshot: InputSnapshot, into summary: inout BuildSummary) -> Bool {
        let changed = snapshot.changedSinceRead()
        for file in changed {
            let folder = file.key.hasPrefix(InputSnapshot.contentPrefix) ? contentDisplayPath : templatesDisplayPath
            summary.diagnostics.append(
                Diagnostic(
                    .warning, path: join(folder, file.relativePath), location: SourceLocation(line: 1, column: 1),
                    message:
                        "the file changed while the build ran; the site shows it as it was first read, and the next build reads it again"
                ))
        }
        return changed.isEmpty
    }

    /// The order of messages: by path (byte for byte), then position.
    static func messageOrder(_ left: Diagnostic, _ right: Diagnostic) -> Bool {
        if left.path != right.path || Array(left.path.utf8) != Array(right.path.utf8) {
            return FileTree.precedes(left.path, right.path)
        }
        return (left.location ?? SourceLocation(line: 0, column: 0)) < (right.location ?? SourceLocation(line: 0, column: 0))
    }

    func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty || prefix == "." ? name : (prefix.hasSuffix("/") ? prefix + name : prefix + "/" + name)
    }
}

/// Maps `items` through `transform` with at most `limit` running at once, keeping the order.
func concurrentMap<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int, _ transform: @escaping @Sendable (Item) async -> Output
) async -> [Output] {
    await withTaskGroup(of: (Int, Output).self) { group in
        var results = [Output?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(max(1, limit), items.count) {
            let index = next
            group.addTask { (index, await transform(items[index])) }
            next += 1
        }
        while let (index, output) = await group.next() {
            results[index] = output
            if next < items.count {
                let index = next
                group.addTask { (index, await transform(items[index])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}
