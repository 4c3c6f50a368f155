import Foundation
import Synchronization

/// The requests of one `render` call still waiting for results, and the continuation to resume when all are in.
final class RenderJob: Sendable {
    private struct State {
        var results: [MathResult?]
        var remaining: Int
        var continuation: CheckedContinuation<[MathResult], Never>?
    }

    private let state: Mutex<State>

    init(results: [MathResult?], continuation: CheckedContinuation<[MathResult], Never>) {
        let remaining = results.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        state = Mutex(State(results: results, remaining: remaining, continuation: continuation))
    }

    /// Stores results for `indices` and resumes the caller when nothing is missing any more.
    func complete(indices: [Int], with values: [MathResult]) {
        let finished = state.withLock { state -> (CheckedContinuation<[MathResult], Never>, [MathResult])? in
            for (index, value) in zip(indices, values) where state.results[index] == nil {
                state.results[index] = value
                state.remaining -= 1
            }
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.results.map { $0 ?? .failed(message: "no result") })
        }
        if let (continuation, results) = finished { continuation.resume(returning: results) }
    }
}

/// A slice of a job handed to one worker.
struct Chunk: Sendable {
    let job: RenderJob
    let indices: [Int]
    let requests: [WorkerRequest]
}

/// The worker processes and the queue of chunks they take work from.
///
/// Each process has a slot. While chunks are queued, each slot has a thread (``WorkerThread``) that takes
/// chunks and renders them on the slot's process; a slot whose thread finds the queue empty is idle, and the
/// next ``enqueue(_:)`` starts a thread for it again. All of the pool's mutable state is one `Mutex`-protected
/// value, so whether a slot is idle, the queue and shutdown are decided together.
final class WorkerPool: Sendable {
    let installation: KaTeXInstallation
    let limits: MathLimits
    let timeout: Duration
    let startupTimeout: Duration
    let version: String
    let workerCount: Int

    private struct State {
        var queue: [Chunk] = []
        var head = 0
        var shutDown = false
        var restarts = 0
        /// Each slot's current process (nil after a timeout or a crash, until it is replaced).
        var processes: [WorkerProcess?]
        /// Whether each slot has no thread taking chunks.
        var idle: [Bool]
    }

    private let state: Mutex<State>

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
        self.workerCount = processes.count
        self.state = Mutex(State(processes: processes, idle: processes.map { _ in true }))
    }

    var isShutDown: Bool { state.withLock { $0.shutDown } }

    var restartCount: Int { state.withLock { $0.restarts } }

    /// Queues chunks and starts a thread for each idle slot; returns `false` (queuing nothing) after shutdown.
    func enqueue(_ chunks: [Chunk]) -> Bool {
        let woken = state.withLock { state -> [Int]? in
            guard !state.shutDown else { return nil }
            state.queue.append(contentsOf: chunks)
            let woken = state.idle.indices.filter { state.idle[$0] }.prefix(chunks.count)
            for slot in woken { state.idle[slot] = false }
            return Array(woken)
        }
        guard let woken else { return false }
        for slot in woken { WorkerThread.start { self.drain(slot: slot) } }
        return true
    }

    /// What a slot's thread does next: render a chunk, or end (stopping the slot's process after shutdown).
    private enum Next {
        case render(Chunk)
        case end(stopping: WorkerProcess?)
    }

    private func next(forSlot slot: Int) -> Next {
        state.withLock { state in
            if state.shutDown {
                state.idle[slot] = true
                defer { state.processes[slot] = nil }
                return .end(stopping: state.processes[slot])
            }
            guard state.head < state.queue.count else {
                state.idle[slot] = true
                return .end(stopping: nil)
            }
            let chunk = state.queue[state.head]
            state.head += 1
            if state.head == state.queue.count {
                state.queue.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return .render(chunk)
        }
    }

    /// The loop of a slot's thread: takes chunks until the queue is empty.
    private func drain(slot: Int) {
        while true {
            switch next(forSlot: slot) {
            case .render(let chunk):
                chunk.job.complete(indices: chunk.indices, with: render(chunk.requests, slot: slot))
            case .end(let stopping):
                stopping?.terminate()
                return
            }
        }
    }

    private func process(ofSlot slot: Int) -> WorkerProcess? {
        state.withLock { $0.processes[slot] }
    }

    private func setProcess(_ process: WorkerProcess?, ofSlot slot: Int, restarted: Bool = false) {
        state.withLock {
            $0.processes[slot] = process
            if restarted { $0.restarts += 1 }
        }
    }

    /// Renders `requests` in order on the slot's process. Never fails as a whole: a formula that times out or
    /// kills the worker gets its own failure, the worker is replaced, and the formulas after it are rendered by
    /// the new worker.
    private func render(_ requests: [WorkerRequest], slot: Int) -> [MathResult] {
        var results: [MathResult] = []
        results.reserveCapacity(requests.count)
        while results.count < requests.count {
            if isShutDown {
                fill(&results, upTo: requests.count, with: "the KaTeX renderer was shut down")
                break
            }
            let worker: WorkerProcess
            if let current = process(ofSlot: slot) {
                worker = current
            } else {
                do {
                    worker = try WorkerProcess.spawn(
                        installation: installation, limits: limits, startupTimeout: startupTimeout)
                } catch {
                    fill(&results, upTo: requests.count, with: "KaTeX is not available: \(error)")
                    break
                }
                setProcess(worker, ofSlot: slot, restarted: true)
            }
            let end = worker.render(requests[results.count...], timeout: timeout, into: &results)
            switch end {
            case .finished:
                continue
            case .timedOut(let stalled):
                setProcess(nil, ofSlot: slot)
                var message = "timed out after \(formatSeconds(timeout))"
                if stalled {
                    let wall = timeout * Int(WorkerProcess.wallClockFactor)
                    message += " (no result within \(formatSeconds(wall)) of waiting)"
                }
                results.append(.failed(message: message))
            case .crashed(let detail):
                setProcess(nil, ofSlot: slot)
                if isShutDown { continue }
                results.append(.failed(message: "KaTeX crashed while rendering this formula (\(detail))"))
            }
        }
        return results
    }

    private func fill(_ results: inout [MathResult], upTo count: Int, with message: String) {
        while results.count < count { results.append(.failed(message: message)) }
    }

    /// Stops every worker; queued and running chunks fail with a "shut down" message.
    func shutdown() {
        let stopping = state.withLock { state -> (abandoned: [Chunk], idle: [WorkerProcess], busy: [WorkerProcess])? in
            guard !state.shutDown else { return nil }
            state.shutDown = true
            let abandoned = Array(state.queue[state.head...])
            state.queue.removeAll()
            state.head = 0
            var idle: [WorkerProcess] = []
            var busy: [WorkerProcess] = []
            for slot in state.processes.indices {
                guard let process = state.processes[slot] else { continue }
                if state.idle[slot] {
                    // No thread will come back to this slot: its process is stopped here.
                    idle.append(process)
                    state.processes[slot] = nil
                } else {
                    // Its thread stops it when it sees the shutdown; killing it ends the batch in progress.
                    busy.append(process)
                }
            }
            return (abandoned, idle, busy)
        }
        guard let stopping else { return }
        for process in stopping.busy { process.sendKill() }
        for process in stopping.idle { process.terminate() }
        for chunk in stopping.abandoned {
            chunk.job.complete(
                indices: chunk.indices,
                with: chunk.indices.map { _ in .failed(message: "the KaTeX renderer was shut down") })
        }
    }
}
