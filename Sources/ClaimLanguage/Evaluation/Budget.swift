import ComputeCore
import Diagnostics
import Foundation

/// An error met while evaluating a claim: unknown shapes, indices out of range, limits hit.
struct EvaluationError: Error, Sendable {
    /// What went wrong.
    enum Kind: Sendable {
        /// The claim is wrong as written (shape mismatch, index out of range, …).
        case semantic
        /// A limit was hit.
        case limit
        /// The time limit was hit: an outcome that depends on the machine's speed, never to be cached.
        case timeLimit
    }

    var message: String
    var range: SourceRange
    var kind: Kind = .semantic

    var located: LocatedError { LocatedError(message, at: range.start) }
}

/// Counts evaluation work so that no claim runs unbounded; shared by every scope of one claim.
///
/// The deterministic step count is the limit; behind it, a backstop on the CPU time of the judging thread
/// (never the wall clock, so a loaded or paused machine does not make a claim fail).
///
/// The CPU time is looked at every 65,536 steps. Reading the thread's clock is a system call, which can cost
/// as much as judging a small claim (most never spend 65,536 steps), so it is first read at the first of those
/// checks, not when the budget is made: the time is counted from there, and the first check fails only a limit
/// of 0 s (some CPU time has certainly passed by then).
final class Budget {
    private(set) var steps = 0
    let limits: Limits
    /// The thread's CPU time at the first check of the time limit; `nil` before it.
    private var startCPUTime: Double?

    init(limits: Limits) {
        self.limits = limits
    }

    /// The CPU time the calling thread has used, in seconds.
    static func threadCPUTime() -> Double {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Sets the count of steps spent: back, when a point is handed from ``ScalarProgram`` to the evaluator, or
    /// forward, by the steps ``ScalarProgram`` counted on its own.
    func setSteps(_ steps: Int) {
        self.steps = steps
    }

    /// One step for evaluating `expression`: ``spend(_:at:)`` with `n = 1`, the node's range looked up only
    /// when a limit may be hit.
    @inline(__always)
    func spendOne(for expression: Expression) throws(EvaluationError) {
        steps &+= 1
        if steps > limits.evaluationSteps || steps & 0xFFFF == 0 {
            steps &-= 1
            try spend(1, at: expression.range)
        }
    }

    func spend(_ n: Int, at range: SourceRange) throws(EvaluationError) {
        steps &+= n
        if steps > limits.evaluationSteps {
            throw EvaluationError(
                message: "evaluation limit hit: more than \(limits.evaluationSteps) evaluation steps for this claim",
                range: range, kind: .limit)
        }
        if steps & 0xFFFF < n, timeIsUp() {
            throw EvaluationError(
                message: "time limit hit: the claim took more than \(formatNumber(limits.secondsPerClaim)) s of CPU time",
                range: range, kind: .timeLimit)
        }
    }

    /// Whether the claim has used more than its CPU time (see the type's documentation).
    private func timeIsUp() -> Bool {
        let now = Budget.threadCPUTime()
        guard let start = startCPUTime else {
            startCPUTime = now
            return limits.secondsPerClaim <= 0
        }
        return now - start > limits.secondsPerClaim
    }
}
