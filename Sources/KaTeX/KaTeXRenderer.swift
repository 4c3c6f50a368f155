import Foundation

/// Renders TeX to HTML with KaTeX through a pool of long-lived `node` workers.
///
/// Each worker is one `node` process running a small embedded program (nothing outside this package is needed
/// at run time besides node and the KaTeX library). Requests are split into chunks that the workers take from
/// a shared queue, so a `render` call with many formulas keeps every worker busy, and results come back in
/// request order.
///
/// Safety (issue 6): a formula longer than ``MathLimits/maxLength`` or nested deeper than
/// ``MathLimits/maxNestingDepth`` is refused before KaTeX sees it; every KaTeX exception, including the stack
/// overflow of deeply nested input, becomes a ``MathResult/failed(message:)``; a formula that KaTeX has not
/// rendered within `timeout` (such as an `\edef` chain, which KaTeX 0.16.4 does not bound) is abandoned: its worker
/// is killed with `SIGKILL`, replaced, and the rest of the batch is rendered by the new worker. Workers write each
/// result as soon as it is ready, so the formula that hangs is known exactly and no formula is rendered twice.
/// The bound is the CPU time the worker spends on the formula (on Linux, from `/proc`), so a loaded machine does
/// not turn a slow formula into a spurious timeout; a wall-clock backstop of 10 × `timeout` still ends a stalled
/// worker. KaTeX runs with `trust` off, and each command it refuses is reported as a warning.
///
/// Throughput: one warm worker renders several thousand ordinary formulas a second, and the pool scales with the
/// workers; pass many formulas per call (a whole site's, ideally) so every worker stays busy.
///
/// Determinism: the same requests give the same results; each formula is rendered from a fresh macro table.
public final class KaTeXRenderer: Sendable {
    /// The node and KaTeX this renderer runs.
    public let installation: KaTeXInstallation
    /// How long one formula may take before it is abandoned.
    public let timeout: Duration
    /// The limits checked on every formula.
    public let limits: MathLimits
    private let pool: WorkerPool

    /// Starts `workers` node processes and waits until each has loaded KaTeX.
    ///
    /// - Parameters:
    ///   - installation: where node and KaTeX are, usually ``KaTeXInstallation/locate()``.
    ///   - workers: the number of node processes; one per core by default.
    ///   - timeout: how much CPU time one formula may take (see the type's documentation).
    ///   - limits: the per-formula limits.
    /// - Throws: ``KaTeXSetupError`` if node cannot be run or does not load KaTeX; the message says what to install.
    public init(
        installation: KaTeXInstallation,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        timeout: Duration = .seconds(1),
        limits: MathLimits = .default
    ) throws {
        self.installation = installation
        self.timeout = timeout
        self.limits = limits
        self.pool = try WorkerPool(installation: installation, workers: workers, timeout: timeout, limits: limits)
    }

    deinit { pool.shutdown() }

    /// Starts a renderer as ``init(installation:workers:timeout:limits:)`` does, on a thread of its own: starting
    /// blocks until every worker has loaded KaTeX (about 0.1 s), which must not hold a thread of the cooperative
    /// pool. The caller suspends meanwhile.
    ///
    /// - Throws: ``KaTeXSetupError`` if node cannot be run or does not load KaTeX.
    public static func start(
        installation: KaTeXInstallation,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        timeout: Duration = .seconds(1),
        limits: MathLimits = .default
    ) async throws -> KaTeXRenderer {
        try await WorkerThread.run {
            Result {
                try KaTeXRenderer(installation: installation, workers: workers, timeout: timeout, limits: limits)
            }
        }
        .get()
    }

    /// The KaTeX version the workers loaded.
    public var version: String { pool.version }

    /// The number of worker processes.
    public var workerCount: Int { pool.workerCount }

    /// How many times a worker has been replaced after a timeout or a crash.
    public var restartCount: Int { pool.restartCount }

    /// Renders every request; `results[i]` belongs to `requests[i]`.
    ///
    /// Never throws: each formula's problem is its own ``MathResult/failed(message:)``.
    public func render(_ requests: [MathRequest]) async -> [MathResult] {
        await perform(requests.map(WorkerRequest.math)) { request in
            guard case .math(let math) = request else { return nil }
            return limits.violation(in: math.tex)
        }
    }

    /// Highlights every code block with highlight.js (Debian's `node-highlight.js`), in the same workers as the
    /// formulas; `results[i]` belongs to `requests[i]`. The HTML is deterministic: the same code and language give
    /// the same spans.
    ///
    /// Never throws: a block in a language highlight.js does not know, longer than
    /// ``HighlightRequest/maximumLength``, or that times out stays ``HighlightResult/plain(reason:)``, and so does
    /// every block when highlight.js is not installed (``KaTeXInstallation/highlightLibraryPath`` is `nil`).
    public func highlight(_ requests: [HighlightRequest]) async -> [HighlightResult] {
        guard installation.highlightLibraryPath != nil else {
            return requests.map { _ in .plain(reason: "highlight.js is not installed") }
        }
        let results = await perform(requests.map(WorkerRequest.code)) { request in
            guard case .code(let code) = request else { return nil }
            if !HighlightRequest.isPlausibleLanguage(code.language) { return "unknown language \(code.language)" }
            var length = 0
            for _ in code.code.unicodeScalars {
                length += 1
                if length > HighlightRequest.maximumLength {
                    return "code block longer than \(HighlightRequest.maximumLength) characters"
                }
            }
            return nil
        }
        return results.map { result in
            switch result {
            case .rendered(let html, _): .highlighted(html: html)
            case .failed(let message, _): .plain(reason: message)
            }
        }
    }

    /// Sends every request that `refusal` lets through to the workers; `refusal` returns why a request is refused
    /// before a worker sees it (a broken limit), or `nil`.
    private func perform(_ requests: [WorkerRequest], refusal: (WorkerRequest) -> String?) async -> [MathResult] {
        guard !requests.isEmpty else { return [] }
        var initial: [MathResult?] = []
        initial.reserveCapacity(requests.count)
        var pending: [Int] = []
        for (index, request) in requests.enumerated() {
            if let violation = refusal(request) {
                initial.append(.failed(message: violation))
            } else {
                initial.append(nil)
                pending.append(index)
            }
        }
        if pending.isEmpty { return initial.map { $0 ?? .failed(message: "no result") } }
        // Small chunks balance the workers; large ones cut the per-chunk overhead. Four chunks per worker at least.
        let chunkSize = max(1, min(256, pending.count / (pool.workerCount * 4)))
        return await withCheckedContinuation { continuation in
            let job = RenderJob(results: initial, continuation: continuation)
            var chunks: [Chunk] = []
            var start = 0
            while start < pending.count {
                let end = min(pending.count, start + chunkSize)
                let indices = Array(pending[start..<end])
                chunks.append(Chunk(job: job, indices: indices, requests: indices.map { requests[$0] }))
                start = end
            }
            if !pool.enqueue(chunks) {
                job.complete(
                    indices: pending, with: pending.map { _ in .failed(message: "the KaTeX renderer was shut down") })
            }
        }
    }

    /// Renders one formula.
    public func render(_ request: MathRequest) async -> MathResult {
        await render([request])[0]
    }

    /// Stops the workers. Formulas still queued or being rendered fail with "the KaTeX renderer was shut down";
    /// later calls to ``render(_:)-([MathRequest])`` fail the same way. Also done when the renderer is released.
    public func shutdown() {
        pool.shutdown()
    }
}
