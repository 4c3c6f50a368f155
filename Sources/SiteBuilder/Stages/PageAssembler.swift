import Diagnostics
import Foundation
import Markdown

/// Fills the templates with the posts and writes every page of the site.
struct PageAssembler: Sendable {
    let configuration: SiteConfiguration
    let templates: Templates
    let math: MathStage
    let sourceDateEpoch: Int?

    /// Template contexts hold only strings, numbers, booleans and collections of them, and are only read
    /// once built, so sharing one between the tasks that render pages is safe.
    private struct SharedContext: @unchecked Sendable {
        let value: [String: Any]
    }

    /// The pages made of every post: they are written by ``write(posts:judged:site:siteFences:sitePages:with:concurrency:)``
    /// or kept from the previous site.
    static let sitePagePaths = ["index.html", "tags", "claims", "feed.xml", "sitemap.xml"]

    /// How the pages' links name the pages the site is made of.
    private var links: SiteLinks { SiteLinks(configuration: configuration) }

    /// Renders the page of each of `posts` and writes it, and, with `sitePages`, the pages made of every
    /// post of the site (`site`, with the fences of each in `siteFences`).
    func write(
        posts: [PreparedPost], judged: [[JudgedFence]], site: [PostListing], siteFences: [[JudgedFence]],
        sitePages writesSitePages: Bool,
        with writer: SiteWriter, concurrency: Int
    ) async throws(Diagnostic) {
        let totals = ClaimTotals(siteFences)
        // The pages made of every post render alongside the posts' own pages, which are written as they are rendered.
        async let sitePages = writesSitePages ? sitePages(site, judged: siteFences, totals: totals, concurrency: concurrency) : []
        try writer.makeFolder("posts")
        // Every post's page is two folders below the root; its title and `meta` are its own (``postPage``). Its
        // footer links to the claims page without the site's counts, so a verdict changed in one post leaves the
        // other posts' pages as they are.
        var postContext = page(folder: "posts/-/", title: "", totals: totals)
        postContext["claimsTotal"] = totals.postPageContext
        let shared = SharedContext(value: postContext)
        let failures = await concurrentMap(Array(posts.indices), limit: concurrency) { index -> Diagnostic? in
            do throws(Diagnostic) {
                try writer.write(
                    postPage(posts[index], fences: judged[index], shared: shared), to: "posts/\(posts[index].slug)/index.html")
                return nil
            } catch {
                return error
            }
        }
        let pages = await sitePages
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        for page in pages {
            try writer.write(page.html, to: page.path)
        }
    }

    private func postPage(_ post: PreparedPost, fences: [JudgedFence], shared: SharedContext) -> String {
        var context = shared.value
        context["pageTitle"] = "\(post.title) · \(configuration.title)"
        context["meta"] = meta(
            folder: "posts/\(post.slug)/", title: post.title, description: post.metadata.summary, type: "article")
        // The page's header shows the title; a first-level heading saying the same is not shown twice,
        // and the header's title takes its id.
        var body = post.html
        var titleHeading: Heading?
        if let heading = post.headings.first(where: { $0.level == 1 && $0.text == post.title }),
            let without = Self.removing(heading, from: body)
        {
            (body, titleHeading) = (without, heading)
        }
        var listing = PostListing(post)
        listing.renderMath(of: post, with: math)
        var entry = postSummary(listing, fences: fences)
        entry["contentHTML"] = contentHTML(post, body: body, fences: fences)
        entry["titleID"] = titleHeading?.id ?? ""
        entry["hasTitleID"] = titleHeading != nil
        context["post"] = entry
        let sections = post.headings.filter { $0 != titleHeading }
        context["headings"] = sections.map { ["level": $0.level, "text": $0.text, "id": $0.id] as [String: Any] }
        context["hasHeadings"] = !sections.isEmpty
        return templates.render("post", context)
    }

    /// The pages made of every post: the index, a page per tag, the claims page and the feed.
    private func sitePages(_ posts: [PostListing], judged: [[JudgedFence]], totals: ClaimTotals, concurrency: Int) async -> [(
        path: String, html: String
    )] {
        // The contexts are built here; the pages (a tag page lists hundreds of posts) render concurrently.
        var pages: [(path: String, template: String, context: SharedContext)] = []
        // Newest first; posts without a date last; ties by slug so the order never varies.
        let order = posts.indices.sorted { left, right in
            let (a, b) = (posts[left], posts[right])
            switch (a.date, b.date) {
            case let (x?, y?) where x != y: return x > y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.slug < b.slug
            }
        }

        // Index.
        let summaries = order.map { postSummary(posts[$0], fences: judged[$0]) }
        var index = page(folder: "", title: configuration.title, totals: totals)
        index["posts"] = summaries
        index["hasPosts"] = !summaries.isEmpty
        pages.append(("index.html", "index", SharedContext(value: index)))

        // Tags.
        var tagged: [String: (name: String, posts: [[String: Any]])] = [:]
        for (position, postIndex) in order.enumerated() {
            // A post listed on each of its tags' pages names at most a few of its tags there, so the
            // tag pages together grow with the number of tags, not with its square.
            var listed = summaries[position]
            if posts[postIndex].tags.count > Self.tagsNamedOnTagPages, let tags = listed["tags"] as? [[String: String]] {
                listed["tags"] = Array(tags.prefix(Self.tagsNamedOnTagPages))
                listed["moreTags"] = tags.count - Self.tagsNamedOnTagPages
                listed["hasMoreTags"] = true
            }
            for tag in posts[postIndex].tags {
                let slug = Slug.make(from: tag)
                tagged[slug, default: (tag, [])].posts.append(listed)
            }
        }
        var tagRows: [[String: Any]] = []
        for slug in tagged.keys.sorted() {
            guard let entry = tagged[slug] else { continue }
            var context = page(folder: "tags/\(slug)/", title: "\(entry.name) · \(configuration.title)", totals: totals)
            context["tag"] = ["name": entry.name, "url": links.page("tags/\(slug)/")]
            context["posts"] = entry.posts
            context["hasPosts"] = true
            pages.append(("tags/\(slug)/index.html", "tag", SharedContext(value: context)))
            tagRows.append([
                "name": entry.name, "url": links.page("tags/\(slug)/"), "count": entry.posts.count,
                "countText": entry.posts.count == 1 ? "1 post" : "\(entry.posts.count) posts",
            ])
        }

        // The tags page: every tag with the number of its posts.
        var tagsPage = page(folder: "tags/", title: "Tags · \(configuration.title)", totals: totals)
        tagsPage["tags"] = tagRows
        tagsPage["hasTags"] = !tagRows.isEmpty
        pages.append(("tags/index.html", "tags", SharedContext(value: tagsPage)))

        // Claims page: failures first, then by post order and position.
        var claimRows: [(rank: Int, order: Int, row: [String: Any])] = []
        for (position, postIndex) in order.enumerated() {
            let post = posts[postIndex]
            for fence in judged[postIndex] {
                for claim in fence.claims {
                    claimRows.append(
                        (
                            claim.verdict.severityRank, position * 100_000 + claim.line,
                            claim.verdict.statusContext.merging([
                                "id": claim.id, "url": links.page("posts/\(post.slug)/") + "#\(anchor(claim.id))",
                                "postTitle": post.title, "postURL": links.page("posts/\(post.slug)/"),
                                "title": fence.title ?? "", "hasTitle": fence.title != nil,
                            ]) { _, row in row }
                        ))
                }
            }
        }
        claimRows.sort { ($0.rank, $0.order) < ($1.rank, $1.order) }
        var claimsPage = page(folder: "claims/", title: "Claims · \(configuration.title)", totals: totals)
        claimsPage["claims"] = claimRows.map(\.row)
        claimsPage["hasClaims"] = !claimRows.isEmpty
        pages.append(("claims/index.html", "claims", SharedContext(value: claimsPage)))

        // Feed.
        let newest = order.compactMap { posts[$0].date }.max()
        let updated: String
        if let epoch = sourceDateEpoch {
            updated = Self.rfc3339(epoch: epoch)
        } else {
            updated = newest?.rfc3339 ?? "1970-01-01T00:00:00Z"
        }
        var feed = page(folder: "", title: configuration.title, totals: totals)
        feed["feedID"] = feedID(of: "feed.xml")
        feed["updated"] = updated
        // A post without a date is dated by the build's fixed clock, never by another post.
        let undated = Self.rfc3339(epoch: sourceDateEpoch ?? 0)
        feed["entries"] = order.map { postIndex -> [String: Any] in
            let post = posts[postIndex]
            return [
                "title": post.title, "url": links.page("posts/\(post.slug)/"), "id": feedID(of: "posts/\(post.slug)/"),
                "dateISO": post.date?.rfc3339 ?? undated, "summary": post.summary ?? "",
                "hasSummary": post.summary != nil,
            ]
        }
        pages.append(("feed.xml", "feed", SharedContext(value: feed)))

        // Sitemap: absolute addresses only, so there is none without a base URL.
        if links.hasBaseURL {
            let postFolders = order.map { ("posts/\(posts[$0].slug)/", posts[$0].date?.isoDate) }
            let tagFolders = tagged.keys.sorted().map { ("tags/\($0)/", nil as String?) }
            let folders: [(String, String?)] = [("", nil)] + postFolders + [("claims/", nil), ("tags/", nil)] + tagFolders
            let sitemap: [String: Any] = [
                "urls": folders.map { folder, date -> [String: Any] in
                    ["loc": links.absolute(folder), "lastmod": date ?? "", "hasLastmod": date != nil]
                }
            ]
            pages.append(("sitemap.xml", "sitemap", SharedContext(value: sitemap)))
        }
        let jobs = pages
        let rendered = await concurrentMap(Array(jobs.indices), limit: concurrency) { index in
            templates.render(jobs[index].template, jobs[index].context.value)
        }
        return zip(pages, rendered).map { ($0.path, $1) }
    }

    /// A digest of everything the pages made of every post show, from each post's ``shownDigest(_:fences:)`` in
    /// order: when it is unchanged, so are those pages.
    static func sitePagesKey(shown digests: [String]) -> String {
        Digest(of: Array(digests.joined(separator: "\n").utf8)).description
    }

    /// A digest of what the pages made of every post show of one post: its listing and the id, verdict and
    /// fence title of its claims, in order. A build keeps each post's digest in its record, so a post kept by
    /// the next build is not encoded again.
    static func shownDigest(_ listing: PostListing, fences: [JudgedFence]) -> String {
        struct Shown: Encodable {
            var listing: PostListing
            var claims: [[String]]
        }
        let shown = Shown(
            listing: listing,
            claims: fences.flatMap { fence in fence.claims.map { [$0.id, $0.verdict.cssClass, fence.title ?? "\u{0}"] } })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Digest(of: Array((try? encoder.encode(shown)) ?? Data())).description
    }

    /// The Atom id of the page at `path` (relative to the site's root): its address under the `baseURL`, or, when
    /// none is set, a `urn:uuid:` made from a digest of the site's title and author and the path, so two blogs
    /// without a `baseURL` do not give their posts the same ids.
    func feedID(of path: String) -> String {
        guard configuration.baseURL.isEmpty else { return configuration.baseURL + path }
        let name = "build-site feed\u{0}\(configuration.title)\u{0}\(configuration.author)\u{0}\(path)"
        var bytes = Array(Digest(of: Array(name.utf8)).bytes.prefix(16))
        // A UUID of version 8 (custom) and variant 10 (RFC 9562).
        bytes[6] = bytes[6] & 0x0F | 0x80
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { byte in String(byte >> 4, radix: 16) + String(byte & 15, radix: 16) }
        return "urn:uuid:" + [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }

    /// How many of a post's tags its entry on a tag page names (the others are counted).
    static let tagsNamedOnTagPages = 10

    // MARK: Contexts

    /// The context every page starts from, for the page in `folder` (`""` for the site's root, or a
    /// path such as `posts/x/`).
    private func page(folder: String, title: String, totals: ClaimTotals) -> [String: Any] {
        let site: [String: Any] = [
            "title": configuration.title, "description": configuration.description,
            "author": configuration.author, "language": configuration.language, "baseURL": configuration.baseURL,
            "hasAuthor": !configuration.author.isEmpty, "hasDescription": !configuration.description.isEmpty,
        ]
        let root = String(repeating: "../", count: folder.split(separator: "/").count)
        return [
            "root": root, "site": site, "pageTitle": title, "claimsTotal": totals.context, "links": links.context,
            "meta": meta(folder: folder, title: title),
        ]
    }

    /// What the page tells search engines and link previews (`<meta name="description">`, Open Graph).
    private func meta(folder: String, title: String, description: String? = nil, type: String = "website") -> [String: Any] {
        let description = description ?? configuration.description
        let url = links.hasBaseURL ? links.absolute(folder) : ""
        return [
            "title": title, "description": description,
            "hasDescription": !description.isEmpty, "type": type, "url": url, "hasURL": !url.isEmpty,
        ]
    }

    private func postSummary(_ post: PostListing, fences: [JudgedFence]) -> [String: Any] {
        let tags = post.tags.map { ["name": $0, "url": links.page("tags/\(Slug.make(from: $0))/")] }
        return [
            "title": post.title, "titleHTML": post.titleHTML ?? HTML.escape(post.title),
            "summaryHTML": post.summaryHTML ?? HTML.escape(post.summary ?? ""), "url": links.page("posts/\(post.slug)/"),
            "slug": post.slug,
            "date": post.date?.readable ?? "", "dateISO": post.date?.isoDate ?? "",
            "hasDate": post.date != nil, "tags": tags, "hasTags": !tags.isEmpty,
            "summary": post.summary ?? "", "hasSummary": post.summary != nil,
            "claims": ClaimTotals(fences).context,
        ]
    }

    /// The post's HTML without the first-level `heading` (as `Markdown` writes it, anchor first), or
    /// nil when it is not there.
    private static func removing(_ heading: Heading, from html: String) -> String? {
        guard let start = html.utf8Range(of: "<h1><a class=\"anchor\" id=\"\(heading.id)\" "),
            let end = html.utf8Range(of: "</h1>\n", from: start.upperBound)
        else { return nil }
        var html = html
        html.removeSubrange(start.lowerBound..<end.upperBound)
        return html
    }

    /// The post's HTML (`body`: the post's, or less) with math and claim cards put in place of their placeholders.
    private func contentHTML(_ post: PreparedPost, body: String, fences: [JudgedFence]) -> String {
        let withMath = post.protected.replacingTokens(in: math.highlightingCode(in: body)) { occurrence in
            let formula = post.formulas[occurrence.index]
            // A labelled display starts with an anchor per label, for the references' links.
            let anchors = post.equations.anchors(ofFormula: occurrence.index).map {
                "<span class=\"eq-anchor\" id=\"\(HTML.escape($0))\"></span>"
            }
            let rendered = anchors.joined() + math.html(for: formula, macros: post.metadata.macros)
            if formula.isDisplay && occurrence.fillsParagraph {
                return ("<div class=\"math-display\">\(rendered)</div>" + (formula.checkHTML ?? ""), true)
            }
            return (rendered, false)
        }
        let statuses = Self.equationStatuses(of: post, fences: fences)
        // A reference inside a tag (an image's alt text, a link's title) is its text only, and one in a link's
        // text is not a link of its own.
        let html = post.protected.replacingReferenceTokens(inHTML: withMath) { index, place in
            if place.isInsideTag { return HTML.escape(post.equations.referencePlainText(index)) }
            return post.equations.referenceHTML(index, statuses: statuses, linked: !place.isInsideLink)
        }
        var cards: [String: String] = [:]
        for (fence, judged) in zip(post.fences, fences) {
            cards[fence.marker] = templates.render("claim-card", ["card": cardContext(judged)])
        }
        return cards.isEmpty ? html : FenceMarker.replacing(in: html, with: cards)
    }

    /// What each equation label's check came to, for the references that name it ("Eq. (3) ✓"), as
    /// ``EquationMarks`` recorded it.
    static func equationStatuses(of post: PreparedPost, fences: [JudgedFence]) -> [String: EquationReferenceStatus] {
        post.equationStatuses
    }

    private func cardContext(_ fence: JudgedFence) -> [String: Any] {
        let claims: [[String: Any]] = fence.claims.enumerated().map { position, claim in
            // In a fence of several claims each one shows its own status, under its label or its number.
            claimContext(
                claim, label: claim.label ?? (fence.claims.count > 1 ? "claim \(position + 1)" : nil),
                anchor: claim.id == fence.id ? anchor(claim.id) + "--claim" : anchor(claim.id))
        }
        return fence.verdict.statusContext.merging([
            "id": fence.id, "anchor": anchor(fence.id), "title": fence.title ?? "", "hasTitle": fence.title != nil,
            "source": fence.source, "info": fence.info, "line": fence.line, "claims": claims,
            "multipleClaims": claims.count > 1,
        ]) { _, card in card }
    }

    /// A claim's template context on its card: the one view of a ``ClaimOutcome`` the templates read.
    ///
    /// - Parameters:
    ///   - claim: the claim.
    ///   - label: what the card calls the claim, if anything (its label, or its number in a fence of several).
    ///   - anchor: the claim's anchor on the page.
    private func claimContext(_ claim: ClaimOutcome, label: String?, anchor: String) -> [String: Any] {
        var context: [String: Any] = [
            "id": claim.id, "anchor": anchor, "label": label ?? "", "hasLabel": label != nil,
            "latexHTML": claim.latex.isEmpty ? "" : math.html(forClaim: claim.latex),
            "message": claim.message ?? "", "hasMessage": claim.message != nil,
            "pointsTried": claim.pointsTried, "pointsExcluded": claim.pointsExcluded,
            "kinksExcluded": claim.kinksExcluded, "hasKinks": claim.kinksExcluded > 0,
            "otherExcluded": claim.pointsExcluded - claim.kinksExcluded,
            "hasOtherExcluded": claim.pointsExcluded > claim.kinksExcluded,
            "pointsSearched": claim.check.pointsSearched,
            "checked": claim.checkedDescription ?? "", "hasChecked": claim.checkedDescription != nil,
            "toleranceOverridden": claim.check.toleranceOverridden,
            "vacuity": claim.check.vacuity ?? "", "hasVacuity": claim.check.vacuity != nil,
            // Cards stand in posts, two folders below the site's root.
            "howChecked": "../../" + links.page("claims/") + "#how-claims-are-checked",
            "largestError": claim.largestError.map { String(format: "%.3g", $0) } ?? "–",
            "seed": String(claim.seed), "line": claim.line,
            "hasSteps": !claim.steps.isEmpty,
            "steps": claim.steps.map { step -> [String: Any] in
                step.verdict.statusContext.merging([
                    "index": step.index, "latexHTML": math.html(forStep: step.latex),
                    "note": step.note ?? "", "hasNote": step.note != nil,
                ]) { _, step in step }
            },
            "hasDiagnosis": claim.diagnosis != nil, "diagnosis": claim.diagnosis ?? "",
            "hasCounterexample": claim.counterexample != nil,
        ]
        context.merge(claim.verdict.statusContext) { claim, _ in claim }
        if let counterexample = claim.counterexample {
            context["counterexample"] = [
                "variables": counterexample.variables.map { ["name": $0.name, "value": $0.value] },
                "left": counterexample.left, "right": counterexample.right,
                "difference": counterexample.difference, "worstIndex": counterexample.index ?? "",
                "hasWorstIndex": counterexample.index != nil,
            ]
        }
        return context
    }

    private func anchor(_ id: String) -> String { "claim-" + id }

    private static func rfc3339(epoch: Int) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(epoch))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }
}

/// How the site's pages link to each other: naming the file (`posts/x/index.html`, which works from
/// disk and on any server) or, with `prettyURLs: true`, the folder (`posts/x/`, for a server that
/// serves a folder's `index.html`).
struct SiteLinks: Sendable {
    var pretty: Bool
    /// The site's absolute address, ending in `/`, or empty when `baseURL` is not set.
    var base: String

    init(configuration: SiteConfiguration) {
        pretty = configuration.prettyURLs
        let baseURL = configuration.baseURL
        base = baseURL.isEmpty || baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }

    var hasBaseURL: Bool { !base.isEmpty }

    /// The link, relative to the site's root, to the page in `folder` (`""` for the home page, or a
    /// path such as `posts/x/`).
    func page(_ folder: String) -> String {
        pretty ? (folder.isEmpty ? "./" : folder) : folder + "index.html"
    }

    /// The page's absolute address (only when the base URL is known).
    func absolute(_ folder: String) -> String {
        base + (pretty ? folder : folder + "index.html")
    }

    /// The links every page's header and footer use (`links.home`, `links.tags`, `links.claims`).
    var context: [String: String] {
        ["home": page(""), "tags": page("tags/"), "claims": page("claims/")]
    }
}

/// What the pages made of every post (index, tags, claims page, feed) show of a post.
struct PostListing: Sendable, Codable, Equatable {
    var slug: String
    var title: String
    var date: PostDate?
    var tags: [String]
    /// The summary as plain text (its math as TeX).
    var summary: String?
    /// The title as HTML with its math rendered, when it has math (``title`` is then its plain text).
    var titleHTML: String?
    /// The summary as HTML with its math rendered, when it has math.
    var summaryHTML: String?

    init(_ post: PreparedPost) {
        slug = post.slug
        title = post.title
        date = post.metadata.date
        tags = post.metadata.tags
        summary = post.metadata.summary
    }

    /// Sets ``titleHTML`` and ``summaryHTML`` from `post`'s math in its title and summary, rendered by `math`.
    mutating func renderMath(of post: PreparedPost, with math: MathStage) {
        func formulaHTML(_ index: Int) -> String { math.html(for: post.formulas[index], macros: post.metadata.macros) }
        titleHTML = post.titleMath?.html(formulaHTML: formulaHTML)
        summaryHTML = post.summaryMath?.html(formulaHTML: formulaHTML)
    }
}

/// The counts a claim badge shows: of a post's fences, or of the whole site (the footer of the pages made of every
/// post).
struct ClaimTotals: Sendable, Equatable {
    var total: Int
    var passed: Int
    var allVerified: Bool

    init(_ fences: [JudgedFence]) {
        self.init([fences])
    }

    /// The totals of the fences of several posts.
    init(_ posts: [[JudgedFence]]) {
        (total, passed, allVerified) = (0, 0, true)
        for fences in posts {
            for fence in fences {
                for claim in fence.claims {
                    total += 1
                    if claim.verdict.isPassing { passed += 1 }
                    if claim.verdict != .verified { allVerified = false }
                }
            }
        }
    }

    /// The badge's template context.
    var context: [String: Any] {
        let failed = total - passed
        let text: String
        if total == 0 {
            text = "No claims"
        } else if failed == 0 && allVerified {
            text = "\(passed) of \(total) claim\(total == 1 ? "" : "s") verified"
        } else if failed == 0 {
            text = "\(passed) of \(total) claim\(total == 1 ? "" : "s") as expected"
        } else {
            text = "\(failed) of \(total) claim\(total == 1 ? "" : "s") failed"
        }
        return [
            "total": total, "passed": passed, "failed": failed, "hasClaims": total != 0,
            "allPassed": failed == 0, "text": text,
            "status": total == 0 ? "none" : failed == 0 ? "passed" : "failed",
        ]
    }

    /// What a post page's footer is told of the whole site: whether it has claims, and a link text without
    /// counts (``postPageText``), so that the page depends on no other post's verdicts.
    var postPageContext: [String: Any] {
        ["hasClaims": total != 0, "text": Self.postPageText]
    }

    /// The text of a post page's link to the claims page.
    static let postPageText = "see every claim and its verdict"
}
