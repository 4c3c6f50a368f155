import ClaimLanguage
import Diagnostics
import Foundation

extension SiteBuild {
    /// Rebuilds only the posts whose files changed since the build `record` describes, and updates
    /// that build's site — when the result is byte for byte the site and the summary a
    /// full build would give. Returns nil when it cannot be sure of that; a full build runs then.
    ///
    /// It declines when an input other than a post changed (configuration, templates, another
    /// file), when a message concerns a changed post (it would be reported in the full build's
    /// order), when a slug or a claim id would clash, and when the site-wide claim totals (in
    /// every page's footer) change. The pages made of every post (index, tags, claims, feed) are
    /// rendered again only when what they show of a changed post changed.
    ///
    /// The new site is staged in full beside the old one — the files it keeps hard-linked from it —
    /// and swapped in at once, exactly as a full build's is.
    /// `katex` is a KaTeX pool started ahead for the changed posts' new formulas, if any; it is
    /// stopped when no formula needs it.
    func incrementalBuild(
        from record: BuildRecord, changedInputs: [PathKey], snapshot: InputSnapshot, cacheDirectory: URL, katexVersion: String,
        katex: RendererStart?, clock: inout StageClock
    ) async -> BuildSummary? {
        var changed: Set<PathKey> = []
        for key in changedInputs {
            let key = String(decoding: key.bytes, as: UTF8.self)
            guard key.hasPrefix(InputSnapshot.contentPrefix) else { return nil }
            let path = String(key.dropFirst(InputSnapshot.contentPrefix.count))
            guard ContentLoader.isPost(path) else { return nil }
            changed.insert(PathKey(path))
        }
        let postFiles = snapshot.posts(displayPrefix: contentDisplayPath)
        let files = postFiles.map(\.source)
        guard !changed.isEmpty, record.posts.count == record.summary.posts.count,
            let configuration = try? SiteConfiguration.parse(snapshot.configurationBytes, path: join(contentDisplayPath, "_config.yml")),
            let templates = try? Templates(files: snapshot.templates, displayPath: templatesDisplayPath)
        else { return nil }

        // Parse the changed posts; any message means a full build, which reports it in order.
        let preparation = PostPreparation(limits: options.limits, safe: options.safe)
        let changedFiles = postFiles.filter { changed.contains(PathKey($0.source.relativePath)) }
        let prepared = await concurrentMap(changedFiles, limit: options.concurrency) { item in
            try? preparation.prepare(item.source, from: item.file)
        }
        var fresh: [PathKey: PreparedPost] = [:]
        for (item, post) in zip(changedFiles, prepared) {
            guard let post, post.warnings.isEmpty else { return nil }
            if post.metadata.draft && !options.includeDrafts { continue }
            fresh[PathKey(item.source.relativePath)] = post
        }

        // The site's posts in the content folder's order: the changed ones, and the rest as recorded.
        enum Entry {
            case fresh(PreparedPost)
            case kept(Int)
        }
        let recorded = Dictionary(record.posts.enumerated().map { (PathKey($1.sourcePath), $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        for file in files {
            let key = PathKey(file.relativePath)
            if changed.contains(key) {
                if let post = fresh[key] { entries.append(.fresh(post)) }
            } else if let index = recorded[key] {
                entries.append(.kept(index))
            }
        }
        let freshPosts = entries.compactMap { entry -> PreparedPost? in if case .fresh(let post) = entry { post } else { nil } }
        let kept = Set(entries.compactMap { entry -> Int? in if case .kept(let index) = entry { index } else { nil } })
        let replaced = record.posts.indices.filter { !kept.contains($0) }
        let replacedPaths = Set(replaced.map { record.summary.posts[$0].path })
        guard !record.summary.diagnostics.contains(where: { replacedPaths.contains($0.path) }) else { return nil }
        var slugs: Set<String> = []
        for entry in entries {
            let slug: String
            switch entry {
            case .fresh(let post): slug = post.slug
            case .kept(let index): slug = record.posts[index].listing.slug
            }
            guard slugs.insert(slug).inserted else { return nil }
        }

        clock.lap("parse \(freshPosts.count) changed posts")

        // Judge and render the changed posts, from their cache shards.
        var cache = BuildCache(directory: cacheDirectory, katexVersion: katexVersion)
        await cache.load(posts: freshPosts.map(\.source.relativePath), concurrency: options.concurrency)
        let (judged, fenceDiagnostics) = await ClaimStage(
            overrides: options.claimOverrides, skip: options.markdownOnly, maximumTolerance: configuration.maximumTolerance)
            .judge(freshPosts, concurrency: options.concurrency, cache: &cache)
        var math = MathStage(keepGoing: options.keepGoing)
        var mathMessages = BuildSummary()
        if !options.markdownOnly {
            guard (try? await math.render(posts: freshPosts, fences: judged, cache: &cache, prestarted: katex, into: &mathMessages)) != nil
            else { return nil }
        }
        await cache.save(posts: freshPosts.map(\.source.relativePath), removingOthers: false)
        clock.lap("judge their claims and render their math")
        let keptIDs = Set(kept.flatMap { record.summary.posts[$0].fences.map(\.id) })
        guard fenceDiagnostics.isEmpty, mathMessages.diagnostics.isEmpty,
            !judged.joined().contains(where: { keptIDs.contains($0.id) })
        else { return nil }

        // What every page shows of the whole site must not change: each page has the claim totals.
        var posts: [BuildRecord.Post] = []
        var builtPosts: [BuiltPost] = []
        var freshIndex = 0
        for entry in entries {
            switch entry {
            case .fresh(let post):
                let fences = judged[freshIndex]
                posts.append(BuildRecord.Post(sourcePath: post.source.relativePath, listing: PostListing(post), formulaCount: math.formulaCount(ofPost: freshIndex)))
                builtPosts.append(BuiltPost(path: post.source.displayPath, slug: post.slug, title: post.title, fences: fences))
                freshIndex += 1
            case .kept(let index):
                posts.append(record.posts[index])
                builtPosts.append(record.summary.posts[index])
            }
        }
        guard (try? Self.checkTagSlugs(posts.map { ($0.listing, $0.sourcePath, 1) })) != nil else { return nil }
        let allFences = builtPosts.map(\.fences)
        let totals = ClaimTotals(allFences)
        guard totals == ClaimTotals(record.summary.posts.map(\.fences)) else { return nil }

        // The index, tags, claims page and feed change only if what they show of a changed post did.
        var sitePagesChanged = replaced.count != freshPosts.count
        for (post, fences) in zip(freshPosts, judged) {
            guard let old = recorded[PathKey(post.source.relativePath)],
                record.posts[old].listing == PostListing(post),
                Self.claimRows(record.summary.posts[old].fences) == Self.claimRows(fences)
            else {
                sitePagesChanged = true
                break
            }
        }

        let assembler = PageAssembler(configuration: configuration, templates: templates, math: math, sourceDateEpoch: options.sourceDateEpoch)
        let pages = await assembler.postPages(freshPosts, judged: judged, totals: totals, concurrency: options.concurrency)
        // Of the tag pages, only those listing a changed post (before or after the change) can differ.
        let tagsTouched = Set(
            (freshPosts.flatMap(\.metadata.tags) + replaced.flatMap { record.posts[$0].listing.tags }).map(Slug.make(from:)))
        let sitePages =
            sitePagesChanged
            ? await assembler.sitePages(
                posts.map(\.listing), judged: allFences, totals: totals, onlyTags: tagsTouched, concurrency: options.concurrency)
            : nil
        let sitePagePaths = sitePagesChanged ? PageAssembler.sitePagePaths(posts.map(\.listing)) : record.sitePages

        clock.lap(sitePages == nil ? "render their pages" : "render their pages and the pages listing posts")

        // Stage the whole new site beside the old one, as a full build does: the files this update does not
        // replace hard-linked from the old site, the new pages written; then swapped in at once.
        var summary = record.summary
        summary.posts = builtPosts
        summary.formulasRendered = posts.map(\.formulaCount).reduce(0, +)
        summary.wasUpToDate = false
        summary.wroteSite = false
        let output = options.outputDirectory.standardizedFileURL
        let replacedFolders = Set(freshPosts.map { "posts/\($0.slug)/" } + replaced.map { "posts/\(record.posts[$0].listing.slug)/" })
        // Pages rendered again, and those of tags no post has any more, are not kept.
        let rewritten = Set((sitePages ?? []).map(\.path)).union(Set(record.sitePages).subtracting(sitePagePaths))
        do throws(Diagnostic) {
            let writer = try SiteWriter(output: output, maxBytes: options.limits.maxOutputBytes)
            do throws(Diagnostic) {
                for path in BuildRecord.regularFiles(inState: record.output) where !rewritten.contains(path) {
                    if path.hasPrefix("posts/"), let end = path.dropFirst(6).firstIndex(of: "/"),
                        replacedFolders.contains(String(path[...end]))
                    {
                        continue
                    }
                    try writer.link(output.appendingPathComponent(path), to: path)
                }
                for (post, html) in zip(freshPosts, pages) {
                    try writer.write(html, to: PageAssembler.pagePath(ofPostWithSlug: post.slug))
                    try copyCompanionFiles(of: post, from: snapshot, with: writer, into: "posts/\(post.slug)/")
                }
                for page in sitePages ?? [] { try writer.write(page.html, to: page.path) }
                try writer.commit()
            } catch {
                writer.discard()
                throw error
            }
        } catch {
            summary.diagnostics.append(error)
            return summary
        }
        summary.wroteSite = true
        summary.postsRebuilt = freshPosts.count
        clock.lap("stage the site and swap it in")
        let removedPaths = replaced.map { record.posts[$0].sourcePath }.filter { fresh[PathKey($0)] == nil }
        await cache.save(posts: [], removingOthers: false, removing: removedPaths)
        var newRecord = BuildRecord(snapshot: snapshot, output: output, summary: summary, posts: posts, sitePages: sitePagePaths)
        for (position, entry) in entries.enumerated() {
            if case .kept(let index) = entry { newRecord.reuseLine(ofPost: index, of: record, at: position) }
        }
        if unchangedSinceRead(snapshot, into: &summary) { newRecord.save(to: cacheDirectory) }
        clock.lap("write the build record")
        return summary
    }

    /// What the claims page shows of a post's claims, in the order it shows them.
    private static func claimRows(_ fences: [JudgedFence]) -> [String] {
        fences.flatMap { fence in fence.claims.map { (fence, $0) } }
            .sorted { ($0.1.verdict.severityRank, $0.1.line) < ($1.1.verdict.severityRank, $1.1.line) }
            .map { fence, claim in [claim.id, claim.verdict.cssClass, fence.title ?? "\u{0}"].joined(separator: "\u{1}") }
    }
}
