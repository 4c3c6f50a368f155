import Foundation

/// The KaTeX module's one exception to structured concurrency: threads of its own for work that blocks.
///
/// Talking to a `node` worker blocks in `poll` until the worker answers (up to the time limit of a formula,
/// ten times that for a stalled one), and starting one blocks until it has loaded KaTeX. Blocking calls on
/// the cooperative thread pool would starve every other task of the build (the pool has one thread per
/// core), so this work runs on dedicated threads, and the async callers wait for it with a continuation.
enum WorkerThread {
    /// Runs `body` on a new thread, without waiting for it.
    static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "KaTeX worker"
        thread.start()
    }

    /// Runs `body` on a new thread and returns what it returns, suspending (not blocking) the caller meanwhile.
    static func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: body()) }
        }
    }
}
