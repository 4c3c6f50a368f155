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

    func write(posts: [PreparedPost], judged: [[JudgedFence]], with writer: SiteWriter, concurrency: Int) async throws(Diagnostic) {
        // Newest first; posts without a date last; ties by slug so the order never varies.
        let order = posts.indices.sorted { left, right in
            let (a, b) = (posts[left], posts[right])
            switch (a.metadata.date, b.metadata.date) {
            case let (x?, y?) where x != y: return x > y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.slug < b.slug
            }
        }
        let siteSummary = claimSummary(judged.flatMap { $0 })
        let site: [String: Any] = [
            "title": configuration.title, "description": configuration.description,
            "author": configuration.author, "language": configuration.language, "baseURL": configuration.baseURL,
            "hasAuthor": !configuration.author.isEmpty, "hasDescription": !configuration.description.isEmpty,
        ]
        func page(root: String, title: String) -> [String: Any] {
            ["root": root, "site": site, "pageTitle": title, "claimsTotal": siteSummary]
        }

        // Posts, rendered concurrently and written in order.
        let shared = SharedContext(value: page(root: "../../", title: ""))
        let pages = await concurrentMap(order, limit: concurrency) { index -> String in
            let post = posts[index]
            var context = shared.value
            context["pageTitle"] = "\(post.title) · \(configuration.title)"
            var entry = postSummary(post, fences: judged[index])
            entry["contentHTML"] = contentHTML(post, fences: judged[index])
            context["post"] = entry
            context["headings"] = post.headings.map { ["level": $0.level, "text": $0.text, "id": $0.id] as [String: Any] }
            context["hasHeadings"] = !post.headings.isEmpty
            return templates.render("post", context)
        }
        for (index, html) in zip(order, pages) {
            try writer.write(html, to: "posts/\(posts[index].slug)/index.html")
        }

        // Index.
        let summaries = order.map { postSummary(posts[$0], fences: judged[$0]) }
        var index = page(root: "", title: configuration.title)
        index["posts"] = summaries
        index["hasPosts"] = !summaries.isEmpty
        try writer.write(templates.render("index", index), to: "index.html")

        // Tags.
        var tagged: [String: (name: String, posts: [[String: Any]])] = [:]
        for (position, postIndex) in order.enumerated() {
            for tag in posts[postIndex].metadata.tags {
                let slug = Slug.make(from: tag)
                tagged[slug, default: (tag, [])].posts.append(summaries[position])
            }
        }
        for slug in tagged.keys.sorted() {
            guard let entry = tagged[slug] else { continue }
            var context = page(root: "../../", title: "\(entry.name) · \(configuration.title)")
            context["tag"] = ["name": entry.name, "url": "tags/\(slug)/"]
            context["posts"] = entry.posts
            context["hasPosts"] = true
            try writer.write(templates.render("tag", context), to: "tags/\(slug)/index.html")
        }

        // Claims page: failures first, then by post order and position.
        var claimRows: [(rank: Int, order: Int, row: [String: Any])] = []
        for (position, postIndex) in order.enumerated() {
            let post = posts[postIndex]
            for fence in judged[postIndex] {
                for claim in fence.claims {
                    claimRows.append(
                        (
                            claim.verdict.severityRank, position * 100_000 + claim.line,
                            [
                                "id": claim.id, "url": "posts/\(post.slug)/#\(anchor(claim.id))",
                                "postTitle": post.title, "postURL": "posts/\(post.slug)/",
                                "title": fence.title ?? "", "hasTitle": fence.title != nil,
                                "status": claim.verdict.cssClass, "statusWord": claim.verdict.word,
                                "symbol": claim.verdict.symbol,
                            ]
                        ))
                }
            }
        }
        claimRows.sort { ($0.rank, $0.order) < ($1.rank, $1.order) }
        var claimsPage = page(root: "../", title: "Claims · \(configuration.title)")
        claimsPage["claims"] = claimRows.map(\.row)
        claimsPage["hasClaims"] = !claimRows.isEmpty
        try writer.write(templates.render("claims", claimsPage), to: "claims/index.html")

        // Feed.
        let newest = order.compactMap { posts[$0].metadata.date }.max()
        let updated: String
        if let epoch = sourceDateEpoch {
            updated = Self.rfc3339(epoch: epoch)
        } else {
            updated = newest?.rfc3339 ?? "1970-01-01T00:00:00Z"
        }
        var feed = page(root: "", title: configuration.title)
        let feedBase = configuration.baseURL.isEmpty ? "urn:build-site:\(Slug.make(from: configuration.title)):" : configuration.baseURL
        feed["feedID"] = feedBase + "feed.xml"
        feed["updated"] = updated
        feed["entries"] = order.map { postIndex -> [String: Any] in
            let post = posts[postIndex]
            return [
                "title": post.title, "url": "posts/\(post.slug)/", "id": feedBase + "posts/\(post.slug)/",
                "dateISO": post.metadata.date?.rfc3339 ?? updated, "summary": post.metadata.summary ?? "",
                "hasSummary": post.metadata.summary != nil,
            ]
        }
        try writer.write(templates.render("feed", feed), to: "feed.xml")
    }

    // MARK: Contexts

    private func postSummary(_ post: PreparedPost, fences: [JudgedFence]) -> [String: Any] {
        let tags = post.metadata.tags.map { ["name": $0, "url": "tags/\(Slug.make(from: $0))/"] }
        return [
            "title": post.title, "url": "posts/\(post.slug)/", "slug": post.slug,
            "date": post.metadata.date?.readable ?? "", "dateISO": post.metadata.date?.isoDate ?? "",
            "hasDate": post.metadata.date != nil, "tags": tags, "hasTags": !tags.isEmpty,
            "summary": post.metadata.summary ?? "", "hasSummary": post.metadata.summary != nil,
            "claims": claimSummary(fences),
        ]
    }

    private func claimSummary(_ fences: [JudgedFence]) -> [String: Any] {
        let claims = fences.flatMap(\.claims)
        let passed = claims.filter { $0.verdict.isPassing }.count
        let failed = claims.count - passed
        let text: String
        if claims.isEmpty {
            text = "No claims"
        } else if failed == 0 && claims.allSatisfy({ $0.verdict == .verified }) {
            text = "\(passed) of \(claims.count) claim\(claims.count == 1 ? "" : "s") verified"
        } else if failed == 0 {
            text = "\(passed) of \(claims.count) claim\(claims.count == 1 ? "" : "s") as expected"
        } else {
            text = "\(failed) of \(claims.count) claim\(claims.count == 1 ? "" : "s") failed"
        }
        return [
            "total": claims.count, "passed": passed, "failed": failed, "hasClaims": !claims.isEmpty,
            "allPassed": failed == 0, "text": text,
            "status": claims.isEmpty ? "none" : failed == 0 ? "passed" : "failed",
        ]
    }

    /// The post's HTML with math and claim cards put in place of their placeholders.
    private func contentHTML(_ post: PreparedPost, fences: [JudgedFence]) -> String {
        let html = post.protected.replacingTokens(in: post.html) { occurrence in
            let formula = post.formulas[occurrence.index]
            let rendered = math.html(for: formula, macros: post.metadata.macros)
            if formula.isDisplay && occurrence.fillsParagraph {
                return ("<div class=\"math-display\">\(rendered)</div>", true)
            }
            return (rendered, false)
        }
        var cards: [String: String] = [:]
        for (fence, judged) in zip(post.fences, fences) {
            cards[fence.marker] = templates.render("claim-card", ["card": cardContext(judged)])
        }
        return cards.isEmpty ? html : FenceMarker.replacing(in: html, with: cards)
    }

    private func cardContext(_ fence: JudgedFence) -> [String: Any] {
        let verdict = fence.verdict
        let claims: [[String: Any]] = fence.claims.enumerated().map { position, claim in
            // In a fence of several claims each one shows its own status, under its label or its number.
            let label = claim.label ?? (fence.claims.count > 1 ? "claim \(position + 1)" : nil)
            var context: [String: Any] = [
                "id": claim.id, "anchor": claim.id == fence.id ? anchor(claim.id) + "--claim" : anchor(claim.id), "label": label ?? "", "hasLabel": label != nil,
                "latexHTML": claim.latex.isEmpty ? "" : math.html(forClaim: claim.latex),
                "status": claim.verdict.cssClass, "statusWord": claim.verdict.word, "symbol": claim.verdict.symbol,
                "message": claim.message ?? "", "hasMessage": claim.message != nil,
                "pointsTried": claim.pointsTried, "pointsExcluded": claim.pointsExcluded,
                "largestError": claim.largestError.map { String(format: "%.3g", $0) } ?? "–",
                "seed": String(claim.seed), "line": claim.line,
                "hasSteps": !claim.steps.isEmpty,
                "steps": claim.steps.map { step -> [String: Any] in
                    [
                        "index": step.index, "latexHTML": math.html(forStep: step.latex),
                        "status": step.verdict.cssClass, "statusWord": step.verdict.word, "symbol": step.verdict.symbol,
                        "note": step.note ?? "", "hasNote": step.note != nil,
                    ]
                },
                "hasDiagnosis": claim.diagnosis != nil, "diagnosis": claim.diagnosis ?? "",
                "hasCounterexample": claim.counterexample != nil,
            ]
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
        return [
            "id": fence.id, "anchor": anchor(fence.id), "title": fence.title ?? "", "hasTitle": fence.title != nil,
            "status": verdict.cssClass, "statusWord": verdict.word, "symbol": verdict.symbol,
            "source": fence.source, "info": fence.info, "line": fence.line, "claims": claims,
            "multipleClaims": claims.count > 1,
        ]
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
