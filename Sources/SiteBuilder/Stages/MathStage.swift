import Diagnostics
import Foundation
import KaTeX

/// Renders every formula of the site, and every claim's LaTeX, through one KaTeX pool, and highlights the posts'
/// fenced code blocks that name a language in the same workers (with highlight.js).
///
/// Identical formulas (same TeX, mode and macros) are rendered once. A formula KaTeX rejects
/// is an error at its position in the post; with `--keep-going` it is a warning and the page
/// shows the formula's source marked as an error. A code block highlight.js cannot highlight (an unknown
/// language, or highlight.js not installed) stays as it is, without a message.
struct MathStage: Sendable {
    let keepGoing: Bool
    /// The pool the caller holds open across builds, if any (otherwise the build starts and stops its own).
    let heldRenderer: KaTeXRenderer?
    /// Where KaTeX is, for a pool the build starts (found as ``KaTeXInstallation/locate(environment:)`` does when nil).
    var installation: KaTeXInstallation?
    private var rendered: [MathRequest: String] = [:]
    private var highlightedCode: [HighlightRequest: String] = [:]
    /// How many distinct formulas each post has (its math and its claims' LaTeX), in the posts' order.
    private(set) var formulaCounts: [Int] = []
    /// How many of each post's distinct formulas KaTeX could not render, in the posts' order.
    private(set) var failedFormulaCounts: [Int] = []

    /// How many distinct formulas post `index` has (0 when no math was rendered).
    func formulaCount(ofPost index: Int) -> Int {
        formulaCounts.indices.contains(index) ? formulaCounts[index] : 0
    }

    /// How many of post `index`'s distinct formulas failed to render (shown as their source, with `--keep-going`).
    func failedFormulaCount(ofPost index: Int) -> Int {
        failedFormulaCounts.indices.contains(index) ? failedFormulaCounts[index] : 0
    }

    init(keepGoing: Bool, heldRenderer: KaTeXRenderer? = nil) {
        self.keepGoing = keepGoing
        self.heldRenderer = heldRenderer
    }

    /// Renders the formulas of `posts` and of their claims that `cache` lacks, with the pool
    /// `prestarted` if one was started ahead (it is stopped if no formula needs it).
    mutating func render(
        posts: [PreparedPost], fences: [[JudgedFence]], cache: inout BuildCache, prestarted: RendererStart? = nil,
        into summary: inout BuildSummary
    ) async throws(Diagnostic) {
        var requests: [MathRequest] = []
        var seen: Set<MathRequest> = []
        var firstUse: [MathRequest: (path: String, formula: Formula, lines: LineIndex)] = [:]
        // Each post's distinct formulas: its cache shard keeps them all, so the post can be rebuilt alone.
        var requestsOfPost = posts.map { _ in [MathRequest]() }
        var seenInPost = Set<MathRequest>()
        func add(_ request: MathRequest, post: Int, path: String, formula: Formula) {
            if seen.insert(request).inserted {
                requests.append(request)
                firstUse[request] = (path, formula, posts[post].lines)
            }
            if seenInPost.insert(request).inserted { requestsOfPost[post].append(request) }
        }
        for (index, (post, postFences)) in zip(posts, fences).enumerated() {
            seenInPost.removeAll(keepingCapacity: true)
            let path = post.source.displayPath
            for formula in post.formulas {
                add(Self.request(for: formula, macros: post.metadata.macros), post: index, path: path, formula: formula)
            }
            for fence in postFences {
                for claim in fence.claims where !claim.latex.isEmpty {
                    let location = SourceLocation(line: claim.line, column: claim.column)
                    add(
                        Self.claimRequest(claim.latex), post: index, path: path,
                        formula: Formula(tex: claim.latex, isDisplay: true, location: location))
                    for step in claim.steps where !step.latex.isEmpty {
                        add(
                            Self.stepRequest(step.latex), post: index, path: path,
                            formula: Formula(tex: step.latex, isDisplay: false, location: location))
                    }
                }
            }
        }
        formulaCounts = requestsOfPost.map(\.count)
        // The code blocks, each post's distinct ones, for the cache as the formulas.
        var codeOfPost = posts.map { _ in [HighlightRequest]() }
        var codeRequests: [HighlightRequest] = []
        var seenCode: Set<HighlightRequest> = []
        for (index, post) in posts.enumerated() {
            var seenHere: Set<HighlightRequest> = []
            for block in CodeBlock.all(in: post.html) where seenHere.insert(block.request).inserted {
                codeOfPost[index].append(block.request)
                if seenCode.insert(block.request).inserted { codeRequests.append(block.request) }
            }
        }
        defer {
            for (post, postCode) in zip(posts, codeOfPost) {
                for request in postCode {
                    if let html = highlightedCode[request] {
                        cache.store(html: html, for: request, post: post.source.relativePath)
                    }
                }
            }
        }
        var codeMisses: [HighlightRequest] = []
        for request in codeRequests {
            if let html = cache.cachedHTML(for: request) {
                highlightedCode[request] = html
            } else {
                codeMisses.append(request)
            }
        }
        // Every formula a post used goes into its shard once rendered cleanly (a warning is shown again next time).
        var clean: Set<MathRequest> = []
        defer {
            for (post, postRequests) in zip(posts, requestsOfPost) {
                for request in postRequests where clean.contains(request) {
                    if let html = rendered[request] { cache.store(html: html, for: request, post: post.source.relativePath) }
                }
            }
        }
        var misses: [MathRequest] = []
        for request in requests {
            if let html = cache.cachedHTML(for: request) {
                rendered[request] = html
                clean.insert(request)
            } else {
                misses.append(request)
            }
        }
        // Formulas sent ahead (while the claims were judged) are collected; the rest are rendered now.
        let early = await prestarted?.prefetched() ?? [:]
        var results: [(MathRequest, MathResult)] = []
        var remaining: [MathRequest] = []
        for request in misses {
            if let result = early[request] { results.append((request, result)) } else { remaining.append(request) }
        }
        if remaining.isEmpty && codeMisses.isEmpty {
            prestarted?.stop()
        } else {
            let start =
                prestarted
                ?? RendererStart(formulas: remaining.count + codeMisses.count, holding: heldRenderer, installation: installation)
            let renderer: KaTeXRenderer
            do {
                renderer = try await start.renderer()
            } catch {
                throw Diagnostic(path: "build-site", message: "\(error)")
            }
            results += zip(remaining, await renderer.render(remaining)).map { ($0, $1) }
            for (request, result) in zip(codeMisses, await renderer.highlight(codeMisses)) {
                if let html = result.html { highlightedCode[request] = html }
            }
            if start.isOwned { renderer.shutdown() }
        }
        var failed: Set<MathRequest> = []
        defer { failedFormulaCounts = requestsOfPost.map { $0.filter(failed.contains).count } }
        for (request, result) in results {
            switch result {
            case .rendered(let html, let warnings):
                // The site's KaTeX stylesheet carries the classes (`SiteBuild.copyAssets`); the cache keeps this form.
                rendered[request] = KaTeXStyleClasses.measured.apply(to: html)
                if warnings.isEmpty { clean.insert(request) }
                if let use = firstUse[request] {
                    for warning in warnings {
                        summary.diagnostics.append(
                            Diagnostic(.warning, path: use.path, location: use.formula.location, message: "math: \(warning)")
                                .showingSource(from: use.lines))
                    }
                }
            case .failed(let message, let position):
                failed.insert(request)
                guard let use = firstUse[request] else { continue }
                let location = position.map { use.formula.location(ofTeXScalarOffset: $0) } ?? use.formula.location
                // A title's or a summary's formula that fails leaves its source in the title: worth a warning only.
                let severity: Severity = keepGoing || use.formula.isInFrontMatter ? .warning : .error
                summary.diagnostics.append(
                    Diagnostic(severity, path: use.path, location: location, message: "math: \(message)")
                        .showingSource(from: use.lines))
                let kind = request.displayMode ? "math-error math-error-display" : "math-error"
                rendered[request] = "<code class=\"\(kind)\" title=\"\(HTML.escape(message))\">\(HTML.escape(request.tex))</code>"
            }
        }
    }

    /// The distinct formulas of `posts` that `cache` lacks (their claims' LaTeX is not known before they are judged).
    static func missingFormulas(_ posts: [PreparedPost], cache: BuildCache) -> [MathRequest] {
        var seen: Set<MathRequest> = []
        var missing: [MathRequest] = []
        for post in posts {
            for formula in post.formulas {
                let request = Self.request(for: formula, macros: post.metadata.macros)
                if cache.cachedHTML(for: request) == nil && seen.insert(request).inserted { missing.append(request) }
            }
        }
        return missing
    }

    /// The HTML of a formula of a post.
    func html(for formula: Formula, macros: [String: String]) -> String {
        let request = Self.request(for: formula, macros: macros)
        return rendered[request] ?? "<code class=\"math\">\(HTML.escape(formula.tex))</code>"
    }

    /// `html` (a post's) with each code block that was highlighted in its highlighted form.
    func highlightingCode(in html: String) -> String {
        guard !highlightedCode.isEmpty else { return html }
        return CodeBlock.replacing(in: html) { highlightedCode[$0] }
    }

    /// The HTML of a claim's LaTeX, typeset in display style.
    func html(forClaim latex: String) -> String {
        rendered[Self.claimRequest(latex)] ?? "<code class=\"math\">\(HTML.escape(latex))</code>"
    }

    /// The HTML of a chain step's LaTeX, typeset inline.
    func html(forStep latex: String) -> String {
        rendered[Self.stepRequest(latex)] ?? "<code class=\"math\">\(HTML.escape(latex))</code>"
    }

    private static func request(for formula: Formula, macros: [String: String]) -> MathRequest {
        MathRequest(tex: formula.tex, displayMode: formula.isDisplay, macros: macros)
    }

    private static func claimRequest(_ latex: String) -> MathRequest {
        MathRequest(tex: latex, displayMode: true, macros: [:])
    }

    private static func stepRequest(_ latex: String) -> MathRequest {
        MathRequest(tex: latex, displayMode: false, macros: [:])
    }
}

/// A KaTeX pool being started (``KaTeXRenderer/start(installation:workers:timeout:limits:)``): node takes
/// about 0.1 s to start and load KaTeX, which can overlap the work before the first formula needs
/// rendering. Formulas known early (the posts' own, before their claims are judged) can be sent at once.
/// Or a pool the caller holds open across builds, which the build uses and never stops.
final class RendererStart: Sendable {
    private let started: Task<Result<KaTeXRenderer, any Error>, Never>
    private let early: Task<[MathRequest: MathResult], Never>?
    /// Whether the pool is the build's own, stopped once it has rendered, rather than the caller's.
    let isOwned: Bool

    /// Starts a pool sized for about `formulas` formulas (a few — one post changed — are not worth a
    /// worker per core), or takes `held` when the caller holds one open, and has it render `prefetching`
    /// as soon as it is up.
    /// `installation` is where KaTeX is (found as ``KaTeXInstallation/locate(environment:)`` does when nil).
    init(
        formulas: Int, prefetching: [MathRequest] = [], holding held: KaTeXRenderer? = nil,
        installation: KaTeXInstallation? = nil
    ) {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, formulas / 200))
        let started = Task { () -> Result<KaTeXRenderer, any Error> in
            if let held { return .success(held) }
            do {
                let installation = try installation ?? KaTeXInstallation.locate()
                return .success(try await KaTeXRenderer.start(installation: installation, workers: workers))
            } catch {
                return .failure(error)
            }
        }
        self.started = started
        isOwned = held == nil
        early =
            prefetching.isEmpty
            ? nil
            : Task {
                guard case .success(let renderer) = await started.value else { return [:] }
                return Dictionary(zip(prefetching, await renderer.render(prefetching)), uniquingKeysWith: { first, _ in first })
            }
    }

    /// The started pool, once it is ready.
    func renderer() async throws -> KaTeXRenderer {
        try await started.value.get()
    }

    /// The results of the formulas sent at the start (empty if the pool did not start).
    func prefetched() async -> [MathRequest: MathResult] {
        await early?.value ?? [:]
    }

    /// Stops the pool if it is the build's own (once it has started, without waiting for that); a pool in
    /// use is stopped by its user.
    func stop() {
        guard isOwned else { return }
        let started = started
        Task.detached {
            if case .success(let renderer) = await started.value { renderer.shutdown() }
        }
    }
}
