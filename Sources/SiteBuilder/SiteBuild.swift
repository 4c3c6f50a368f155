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
    /// Every message, in the order of files and lines.
    public var diagnostics: [Diagnostic] = []
    /// The posts built (or judged with `--check`), with their claims.
    public var posts: [BuiltPost] = []
    public var formulasRendered = 0
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
    public var hasClaimFailures: Bool { posts.contains { $0.fences.contains { $0.claims.contains { !$0.verdict.isPassing } } } }

    /// The exit status CI sees: 2 for bad input, 1 for failed claims, 0 otherwise.
    public var exitStatus: Int32 { hasInputErrors ? 2 : hasClaimFailures ? 1 : 0 }

    /// Every claim of the build.
    public var claims: [ClaimOutcome] { posts.flatMap { $0.fences.flatMap(\.claims) } }
}

/// Builds a site: load posts → find math and fences → parse Markdown → judge claims →
/// render math → apply templates → write the site.
public struct SiteBuild: Sendable {
    public var options: BuildOptions
    /// How the content and templates folders are named in messages.
    public var contentDisplayPath: String
    public var templatesDisplayPath: String
    /// Runs once the inputs are read (tests change a file there, as an editor saving during a build would).
    var afterReadingInputs: (@Sendable () -> Void)?

    /// A build with `options`; paths in messages start with the given display paths.
    public init(options: BuildOptions, contentDisplayPath: String = "content", templatesDisplayPath: String = "templates") {
        self.options = options
        self.contentDisplayPath = contentDisplayPath
        self.templatesDisplayPath = templatesDisplayPath
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
        summary.timings = clock.timings
        return summary
    }

    private func build(into summary: inout BuildSummary, clock: inout StageClock) async throws(Diagnostic) {
        let katexVersion = (try? KaTeXInstallation.locate())?.version ?? "none"
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
        guard FileManager.default.fileExists(atPath: options.contentDirectory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw Diagnostic(path: contentDisplayPath, message: "the content folder does not exist or is not a folder")
        }
        // Every input is read once, here; the build, the cache keys and the record use these bytes.
        async let stored = options.useCache ? BuildRecord.Stored(from: cacheDirectory) : nil
        let snapshot = InputSnapshot(
            options: options, settings: settings(katexVersion: katexVersion), contentDisplayPath: contentDisplayPath,
            templatesDisplayPath: templatesDisplayPath)
        afterReadingInputs?()
        // Compare the inputs with the last build's: nothing changed means its site and summary stand;
        // only posts changed means only their pages are built again, when that gives the same site.
        if options.useCache, let stored = await stored,
            let reused = await reusingLastBuild(
                stored, snapshot: snapshot, cacheDirectory: cacheDirectory, katexVersion: katexVersion, clock: &clock)
        {
            summary = reused
            return
        }
        // The record of the last build is kept: until the new site is swapped in, it still describes the
        // site in place; after the swap, the site no longer matches it (a new record replaces it).
        summary.diagnostics += snapshot.messages

        let configuration = try SiteConfiguration.parse(snapshot.configurationBytes, path: join(contentDisplayPath, "_config.yml"))
        let templates = try Templates(files: snapshot.templates, displayPath: templatesDisplayPath)
        let files = snapshot.posts(displayPrefix: contentDisplayPath)

        // Parse every post (concurrently); a bad post is reported and left out.
        let preparation = PostPreparation(limits: options.limits, safe: options.safe)
        let prepared = await concurrentMap(files, limit: options.concurrency) { item in
            Result { () throws(Diagnostic) in try preparation.prepare(item.source, from: item.file) }
        }
        var posts: [PreparedPost] = []
        for result in prepared {
            switch result {
            case .success(let post):
                summary.diagnostics += post.warnings
                if post.metadata.draft && !options.includeDrafts { continue }
                posts.append(post)
            case .failure(let diagnostic):
                summary.diagnostics.append(diagnostic)
            }
        }
        try checkUniqueSlugs(posts)
        try Self.checkTagSlugs(posts.map { (PostListing($0), $0.source.displayPath, $0.metadata.fieldLines["tags"] ?? 1) })
        clock.lap("parse \(posts.count) posts")

        // Judge the claims, reusing verdicts cached by earlier builds.
        var cache = BuildCache(directory: options.useCache ? cacheDirectory : nil, katexVersion: katexVersion)
        await cache.load(posts: posts.map(\.source.relativePath), concurrency: options.concurrency)
        clock.lap("read the cache")
        // Node starts, and renders the posts' own formulas, while the claims are judged.
        let missing = options.markdownOnly ? [] : MathStage.missingFormulas(posts, cache: cache)
        let katex = missing.isEmpty ? nil : RendererStart(formulas: missing.count, prefetching: missing)
        let (judged, fenceDiagnostics) = await ClaimStage(
            overrides: options.claimOverrides, skip: options.markdownOnly, maximumTolerance: configuration.maximumTolerance)
            .judge(posts, concurrency: options.concurrency, cache: &cache)
        summary.diagnostics += fenceDiagnostics
        for (post, fences) in zip(posts, judged) {
            summary.posts.append(BuiltPost(path: post.source.displayPath, slug: post.slug, title: post.title, fences: fences))
        }
        clock.lap("judge \(summary.claims.count) claims")

        // Render every formula and every claim's LaTeX through KaTeX.
        var math = MathStage(keepGoing: options.keepGoing)
        if !options.markdownOnly {
            try await math.render(posts: posts, fences: judged, cache: &cache, prestarted: katex, into: &summary)
            clock.lap("render math")
        }
        // The cache is written while the pages are.
        let cacheToSave = cache
        let postPaths = posts.map(\.source.relativePath)
        async let cacheSaved: Void = cacheToSave.save(posts: postPaths, removingOthers: true, concurrency: options.concurrency)
        summary.formulasRendered = math.formulaCounts.reduce(0, +)
        summary.diagnostics.sort(by: Self.messageOrder)
        if summary.hasInputErrors || options.checkOnly {
            await cacheSaved
            return
        }

        // Assemble and write the pages.
        let writer = try SiteWriter(output: options.outputDirectory, maxBytes: options.limits.maxOutputBytes)
        do {
            let assembler = PageAssembler(
                configuration: configuration, templates: templates, math: math, sourceDateEpoch: options.sourceDateEpoch)
            let sitePages = try await assembler.write(posts: posts, judged: judged, with: writer, concurrency: options.concurrency)
            try copyAssets(posts: posts, snapshot: snapshot, writer: writer)
            try writer.write(OutputFolder.markerContents, to: OutputFolder.markerName)
            clock.lap("render and write the pages")
            await cacheSaved
            try writer.commit()
            summary.wroteSite = true
            clock.lap("write the cache and swap the site in")
            if options.useCache && unchangedSinceRead(snapshot, into: &summary) {
                let records = posts.indices.map { index in
                    BuildRecord.Post(
                        sourcePath: posts[index].source.relativePath, listing: PostListing(posts[index]),
                        formulaCount: math.formulaCount(ofPost: index))
                }
                BuildRecord(snapshot: snapshot, output: options.outputDirectory, summary: summary, posts: records, sitePages: sitePages)
                    .save(to: cacheDirectory)
                clock.lap("write the build record")
            }
        } catch {
            writer.discard()
            throw error
        }
    }

    /// The summary of a build that could reuse the last one: its own, replayed, when nothing changed,
    /// or an incremental build's when only posts did. Nil when a full build is needed.
    private func reusingLastBuild(
        _ stored: BuildRecord.Stored, snapshot: InputSnapshot, cacheDirectory: URL, katexVersion: String, clock: inout StageClock
    ) async -> BuildSummary? {
        let changed = snapshot.changedKeys(since: stored.snapshot)
        clock.lap("read inputs and the last build's record")
        let untouched = options.checkOnly || BuildRecord.outputState(of: options.outputDirectory) == stored.output
        let onlyPostsChanged =
            !changed.isEmpty
            && changed.allSatisfy { key in
                let key = String(decoding: key.bytes, as: UTF8.self)
                return key.hasPrefix(InputSnapshot.contentPrefix) && ContentLoader.isPost(String(key.dropFirst(InputSnapshot.contentPrefix.count)))
            }
        let canUpdate = onlyPostsChanged && untouched && !options.checkOnly && snapshot.messages.isEmpty
        // A changed post most likely has a new formula: node starts while the record is decoded.
        let katex = canUpdate && !options.markdownOnly ? RendererStart(formulas: 1) : nil
        let decoded = await stored.decode(concurrency: options.concurrency)
        clock.lap("decode the last build's record")
        if let record = decoded {
            if changed.isEmpty && untouched {
                var summary = record.summary
                summary.wasUpToDate = true
                summary.wroteSite = false
                summary.postsRebuilt = nil
                return summary
            }
            if canUpdate,
                let summary = await incrementalBuild(
                    from: record, changedInputs: changed, snapshot: snapshot, cacheDirectory: cacheDirectory, katexVersion: katexVersion,
                    katex: katex, clock: &clock)
            {
                return summary
            }
        }
        katex?.stop()
        return nil
    }

    /// Everything besides the input files that shapes the output or the summary.
    private func settings(katexVersion: String) -> String {
        [
            "build-site \(ExecutableIdentity.current)", "katex \(katexVersion)",
            "drafts \(options.includeDrafts)", "keep-going \(options.keepGoing)", "safe \(options.safe)",
            "limits \(options.limits)", "overrides \(options.claimOverrides)", "markdown-only \(options.markdownOnly)",
            "epoch \(options.sourceDateEpoch.map(String.init) ?? "-")",
            "output \(options.outputDirectory.standardizedFileURL.path)", "paths \(contentDisplayPath) \(templatesDisplayPath)",
        ].joined(separator: "\n")
    }

    private func checkUniqueSlugs(_ posts: [PreparedPost]) throws(Diagnostic) {
        var seen: [String: PreparedPost] = [:]
        for post in posts {
            if let other = seen[post.slug] {
                throw Diagnostic(
                    path: post.source.displayPath,
                    location: SourceLocation(line: post.metadata.fieldLines["slug"] ?? 1, column: 1),
                    message: "this post and \(other.source.displayPath) both claim the URL /posts/\(post.slug)/; give one of them another slug")
            }
            seen[post.slug] = post
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
                            message: "tag '\(tag)' and tag '\(other.tag)' (in \(other.path)) would share the page tags/\(slug)/; rename one of them")
                    }
                } else {
                    seen[slug] = (tag, post.path)
                }
            }
        }
    }

    private func copyAssets(posts: [PreparedPost], snapshot: InputSnapshot, writer: SiteWriter) throws(Diagnostic) {
        for file in snapshot.templates where file.relativePath.hasPrefix("assets/") && ContentLoader.isListed(file.relativePath) {
            try writer.write(try bytes(of: file, displayPath: join(templatesDisplayPath, file.relativePath)), to: file.relativePath)
        }
        if !options.markdownOnly {
            let installation: KaTeXInstallation
            do {
                installation = try KaTeXInstallation.locate()
            } catch {
                throw Diagnostic(path: "build-site", message: "\(error)")
            }
            let katexAssets = URL(fileURLWithPath: installation.assetsPath)
            try writer.copy(katexAssets.appendingPathComponent("katex.min.css"), to: "assets/katex/katex.min.css")
            let fonts = katexAssets.appendingPathComponent("fonts")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: fonts.path)) ?? []).sorted()
            for name in names where name.hasSuffix(".woff2") {
                try writer.copy(fonts.appendingPathComponent(name), to: "assets/katex/fonts/" + name)
            }
        }
        for post in posts {
            try copyCompanionFiles(of: post, from: snapshot, with: writer, into: "posts/\(post.slug)/")
        }
    }

    /// Copies the files `post` links to beside its page, as `snapshot` read them (a file the snapshot
    /// does not have — missing, a link, a name that is not UTF-8 — is not copied); `folder` is the page's
    /// folder as `writer` names it.
    func copyCompanionFiles(of post: PreparedPost, from snapshot: InputSnapshot, with writer: SiteWriter, into folder: String) throws(Diagnostic) {
        for companion in post.companionFiles {
            guard let file = snapshot.contentFile(companion.contentPath) else { continue }
            try writer.write(try bytes(of: file, displayPath: join(contentDisplayPath, companion.contentPath)), to: folder + companion.pagePath)
        }
    }

    /// The bytes the snapshot read of `file`, or the reason it has none.
    private func bytes(of file: InputSnapshot.File, displayPath: String) throws(Diagnostic) -> [UInt8] {
        if let bytes = file.bytes { return bytes }
        if file.identity.size > Int64(options.limits.maxFileBytes) {
            throw Diagnostic(
                path: displayPath, location: SourceLocation(line: 1, column: 1),
                message: "the file is \(file.identity.size) bytes, over the limit of \(options.limits.maxFileBytes) bytes (--limit maxFileBytes=…)")
        }
        throw Diagnostic(path: displayPath, location: SourceLocation(line: 1, column: 1), message: "cannot read the file")
    }

    /// Whether every input is still what the snapshot read; if not, a warning names each file that
    /// changed, and the build must not be recorded as reusable (the next build reads them again).
    func unchangedSinceRead(_ snapshot: InputSnapshot, into summary: inout BuildSummary) -> Bool {
        let changed = snapshot.changedSinceRead()
        for file in changed {
            let folder = file.key.hasPrefix(InputSnapshot.contentPrefix) ? contentDisplayPath : templatesDisplayPath
            summary.diagnostics.append(Diagnostic(
                .warning, path: join(folder, file.relativePath), location: SourceLocation(line: 1, column: 1),
                message: "the file changed while the build ran; the site shows it as it was first read, and the next build reads it again"))
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
