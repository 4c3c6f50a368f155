import Diagnostics
import Foundation
import KaTeX
import Synchronization

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
        // Formulas sent ahead (while the posts were prepared and the claims judged) are collected; the rest are
        // rendered now.
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
                ?? RendererStart(
                    workers: RendererStart.workerCount(formulas: remaining.count + codeMisses.count), holding: heldRenderer,
                    installation: installation)
            let renderer: KaTeXRenderer
            do {
                renderer = try await start.renderer()
            } catch {
                throw Diagnostic(path: "build-site", message: "\(error)")
            }
            results += zip(remaining, await renderer.render(remaining)).map { ($0, Self.withStyleClasses($1)) }
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
                rendered[request] = html
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

    /// `result` with its HTML's most frequent inline styles as classes (``KaTeXStyleClasses/measured``), as every
    /// page and the cache have it; the site's KaTeX stylesheet carries the classes' rules (`SiteBuild.copyAssets`).
    static func withStyleClasses(_ result: MathResult) -> MathResult {
        guard case .rendered(let html, let warnings) = result else { return result }
        return .rendered(html: KaTeXStyleClasses.measured.apply(to: html), warnings: warnings)
    }

    static func request(for formula: Formula, macros: [String: String]) -> MathRequest {
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
/// rendering. Formulas known early (the posts' own, as ``MathFeed`` finds them while the posts are prepared) are
/// sent in batches as they come (``prefetch(_:)``). Or a pool the caller holds open across builds, which the build
/// uses and never stops.
final class RendererStart: Sendable {
    private let started: Task<Result<KaTeXRenderer, any Error>, Never>
    /// The batches sent ahead, each rendering once the pool is up.
    private let batches = Mutex<[Task<[(MathRequest, MathResult)], Never>]>([])
    /// Whether the pool is the build's own, stopped once it has rendered, rather than the caller's.
    let isOwned: Bool

    /// Starts a pool of `workers` node processes, or takes `held` when the caller holds one open.
    /// `installation` is where KaTeX is (found as ``KaTeXInstallation/locate(environment:)`` does when nil).
    init(workers: Int, holding held: KaTeXRenderer? = nil, installation: KaTeXInstallation? = nil) {
        started = Task { () -> Result<KaTeXRenderer, any Error> in
            if let held { return .success(held) }
            do {
                let installation = try installation ?? KaTeXInstallation.locate()
                return .success(try await KaTeXRenderer.start(installation: installation, workers: workers))
            } catch {
                return .failure(error)
            }
        }
        isOwned = held == nil
    }

    /// The number of workers for a pool the build starts: `BUILD_SITE_KATEX_WORKERS` when it is a positive number,
    /// else one per core but one, the core left to preparing the posts and judging the claims while the workers
    /// render. Measured on the 1,000-post corpus on two cores (README, "KaTeX workers"): on a quiet machine a
    /// second worker ended a cold build 5–8% sooner, but took the peak memory of the process tree from 0.92× to
    /// 1.14× Hugo 0.111's; on a machine loaded by other builds one was as fast as two. `formulas` (when known)
    /// can only lower it, for a build of a few formulas.
    static func workerCount(
        formulas: Int? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int {
        if let text = environment["BUILD_SITE_KATEX_WORKERS"], let count = Int(text), count > 0 {
            return min(count, 64)
        }
        return min(defaultWorkers, max(1, (formulas ?? Int.max) / 200))
    }

    /// The measured default (see ``workerCount(formulas:environment:)``): one on two cores.
    static let defaultWorkers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

    /// Sends `requests` to the pool as soon as it is up; their results are in ``prefetched()``.
    func prefetch(_ requests: [MathRequest]) {
        guard !requests.isEmpty else { return }
        let started = started
        let batch = Task { () -> [(MathRequest, MathResult)] in
            guard case .success(let renderer) = await started.value else { return [] }
            return zip(requests, await renderer.render(requests)).map { ($0, MathStage.withStyleClasses($1)) }
        }
        batches.withLock { $0.append(batch) }
    }

    /// The started pool, once it is ready.
    func renderer() async throws -> KaTeXRenderer {
        try await started.value.get()
    }

    /// The results of the formulas sent ahead, once all are in (empty if the pool did not start).
    func prefetched() async -> [MathRequest: MathResult] {
        var results: [MathRequest: MathResult] = [:]
        for batch in batches.withLock({ $0 }) {
            for (request, result) in await batch.value where results[request] == nil { results[request] = result }
        }
        return results
    }

    /// Stops the pool if it is the build's own (once it has started, without waiting for that); a pool in
    /// use is stopped by its user. Stopping twice does nothing more.
    func stop() {
        guard isOwned else { return }
        let started = started
        Task.detached {
            if case .success(let renderer) = await started.value { renderer.shutdown() }
        }
    }
}

/// The posts' own formulas, sent to KaTeX while the posts are still being prepared.
///
/// ``add(_:)`` is called for each post as soon as it is prepared (from the preparation's concurrent tasks): its
/// formulas that the cache lacks and no earlier post had are queued, and every ``batchSize`` of them go to the
/// pool at once. The pool is started with the first formula to render, so a build whose formulas are all
/// cached never starts node. ``finish()`` sends the last batch. The results come back through the
/// ``RendererStart`` to ``MathStage``; which formulas go in which batch, and in what order they are rendered,
/// changes nothing on the pages (each formula is rendered alone, from its own macros).
final class MathFeed: Sendable {
    /// How many formulas go to the pool at once: enough to keep a worker busy, few enough to start early.
    static let batchSize = 256

    private struct State {
        var seen: Set<MathRequest> = []
        var pending: [MathRequest] = []
        var start: RendererStart?
    }

    private let cache: BuildCache
    private let workers: Int
    private let held: KaTeXRenderer?
    private let installation: KaTeXInstallation?
    private let state = Mutex(State())

    /// A feed that looks formulas up in `cache` (loaded already) and starts a pool of `workers` (or uses `held`).
    init(cache: BuildCache, workers: Int, holding held: KaTeXRenderer?, installation: KaTeXInstallation?) {
        self.cache = cache
        self.workers = workers
        self.held = held
        self.installation = installation
    }

    /// Queues the formulas of `post` that need rendering, and sends a batch when one is full.
    func add(_ post: PreparedPost) {
        let missing = post.formulas.map { MathStage.request(for: $0, macros: post.metadata.macros) }.filter {
            cache.cachedHTML(for: $0) == nil
        }
        guard !missing.isEmpty else { return }
        let sending = state.withLock { state -> (RendererStart, [MathRequest])? in
            for request in missing where state.seen.insert(request).inserted { state.pending.append(request) }
            guard state.pending.count >= Self.batchSize else { return nil }
            defer { state.pending.removeAll(keepingCapacity: true) }
            return (startedPool(&state), state.pending)
        }
        if let (start, batch) = sending { start.prefetch(batch) }
    }

    /// Sends what is still queued; returns the pool, or nil when no formula needed rendering (nothing started).
    func finish() -> RendererStart? {
        let (start, batch) = state.withLock { state -> (RendererStart?, [MathRequest]) in
            defer { state.pending = [] }
            return (state.pending.isEmpty ? state.start : startedPool(&state), state.pending)
        }
        start?.prefetch(batch)
        return start
    }

    private func startedPool(_ state: inout State) -> RendererStart {
        if let start = state.start { return start }
        let start = RendererStart(workers: workers, holding: held, installation: installation)
        state.start = start
        return start
    }
}
