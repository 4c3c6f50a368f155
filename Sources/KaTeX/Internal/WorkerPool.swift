import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The requests of one `render` call still waiting for results, and the continuation to resume when all are in.
final class RenderJob: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [MathResult?]
    private var remaining: Int
    private var continuation: CheckedContinuation<[MathResult], Never>?

    init(results: [MathResult?], continuation: CheckedContinuation<[MathResult], Never>) {
        self.results = results
        self.remaining = results.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        self.continuation = continuation
    }

    /// Stores results for `indices` and resumes the caller when nothing is missing any more.
    func complete(indices: [Int], with values: [MathResult]) {
        lock.lock()
        for (index, value) in zip(indices, values) where results[index] == nil {
            results[index] = value
            remaining -= 1
        }
        let finished = remaining == 0 ? continuation : nil
        if finished != nil { continuation = nil }
        let all = finished != nil ? results.map { $0 ?? .failed(message: "no result") } : []
        lock.unlock()
        finished?.resume(returning: all)
    }
}

/// A slice of a job handed to one worker.
struct Chunk: Sendable {
    let job: RenderJob
    let indices: [Int]
    let requests: [MathRequest]
}

/// One worker thread's process, replaced whenever it times out or dies.
final class WorkerSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var process: WorkerProcess?

    init(process: WorkerProcess) {
        self.process = process
    }

    /// Kills the current process from another thread (shutdown); its owner thread reaps it.
    func forceKill() {
        lock.lock()
        let current = process
        lock.unlock()
        current?.sendKill()
    }

    /// Renders `requests` in order. Never fails as a whole: a formula that times out or kills the worker gets
    /// its own failure, the worker is replaced, and the formulas after it are rendered by the new worker.
    func render(_ requests: [MathRequest], pool: WorkerPool) -> [MathResult] {
        var results: [MathResult] = []
        results.reserveCapacity(requests.count)
        while results.count < requests.count {
            if pool.isShutDown {
                fill(&results, upTo: requests.count, with: "the KaTeX renderer was shut down")
                break
            }
            let worker: WorkerProcess
            if let current = process {
                worker = current
            } else {
                do {
                    worker = try WorkerProcess.spawn(
                        installation: pool.installation, limits: pool.limits, startupTimeout: pool.startupTimeout)
                } catch {
                    fill(&results, upTo: requests.count, with: "KaTeX is not available: \(error)")
                    break
                }
                pool.noteRestart()
                setProcess(worker)
            }
            let end = worker.render(requests[results.count...], timeout: pool.timeout, into: &results)
            switch end {
            case .finished:
                continue
            case .timedOut(let stalled):
                setProcess(nil)
                var message = "timed out after \(formatSeconds(pool.timeout))"
                if stalled {
                    let wall = pool.timeout * Int(WorkerProcess.wallClockFactor)
                    message += " (no result within \(formatSeconds(wall)) of waiting)"
                }
                results.append(.failed(message: message))
            case .crashed(let detail):
                setProcess(nil)
                if pool.isShutDown { continue }
                results.append(.failed(message: "KaTeX crashed while rendering this formula (\(detail))"))
            }
        }
        return results
    }

    /// Stops the current process (on the owner thread).
    func terminate() {
        process?.terminate()
        setProcess(nil)
    }

    private func setProcess(_ new: WorkerProcess?) {
        lock.lock()
        process = new
        lock.unlock()
    }

    private func fill(_ results: inout [MathResult], upTo count: Int, with message: String) {
        while results.count < count { results.append(.failed(message: message)) }
    }
}

/// The worker threads, their processes and the queue of chunks they take work from.
final class WorkerPool: @unchecked Sendable {
    let installation: KaTeXInstallation
    let limits: MathLimits
    let timeout: Duration
    let startupTimeout: Duration
    let version: String
    private let condition = NSCondition()
    private var queue: [Chunk] = []
    private var head = 0
    private var shutDown = false
    private var restarts = 0
    private let slots: [WorkerSlot]

    init(installation: KaTeXInstallation, workers: Int, timeout: Duration, limits: MathLimits) throws {
        self.installation = installation
        self.limits = limits
        self.timeout = timeout
        self.startupTimeout = .seconds(30)
        var processes: [WorkerProcess] = []
        do {
            for _ in 0..<max(1, workers) {
                processes.append(
                    try WorkerProcess.spawn(installation: installation, limits: limits, startupTimeout: .seconds(30)))
            }
        } catch {
            for process in processes { process.terminate() }
            throw error
        }
        self.version = processes.first?.version ?? installation.version
        self.slots = processes.map { WorkerSlot(process: $0) }
        for slot in slots {
            let thread = Thread { [self] in self.run(slot) }
            thread.name = "KaTeX worker"
            thread.start()
        }
    }

    var isShutDown: Bool {
        condition.lock()
        defer { condition.unlock() }
        return shutDown
    }

    var restartCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return restarts
    }

    var workerCount: Int { slots.count }

    func noteRestart() {
        condition.lock()
        restarts += 1
        condition.unlock()
    }

    /// Queues chunks; returns `false` (queuing nothing) after shutdown.
    func enqueue(_ chunks: [Chunk]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !shutDown else { return false }
        queue.append(contentsOf: chunks)
        condition.broadcast()
        return true
    }

    private func nextChunk() -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !shutDown { condition.wait() }
        guard !shutDown else { return nil }
        let chunk = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        return chunk
    }

    private func run(_ slot: WorkerSlot) {
        while let chunk = nextChunk() {
            let results = slot.render(chunk.requests, pool: self)
            chunk.job.complete(indices: chunk.indices, with: results)
        }
        slot.terminate()
    }

    /// Stops every worker; queued and running chunks fail with a "shut down" message.
    func shutdown() {
        condition.lock()
        let wasShutDown = shutDown
        shutDown = true
        let abandoned = Array(queue[head...])
        queue.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
        guard !wasShutDown else { return }
        for slot in slots { slot.forceKill() }
        for chunk in abandoned {
            chunk.job.complete(
                indices: chunk.indices,
                with: chunk.indices.map { _ in .failed(message: "the KaTeX renderer was shut down") })
        }
    }
}
