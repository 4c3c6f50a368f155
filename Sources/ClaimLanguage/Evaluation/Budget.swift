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
final class Budget {
    private(set) var steps = 0
    let limits: Limits
    private let startCPUTime: Double

    init(limits: Limits) {
        self.limits = limits
        self.startCPUTime = Budget.threadCPUTime()
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
        if steps & 0xFFFF < n, Budget.threadCPUTime() - startCPUTime > limits.secondsPerClaim {
            throw EvaluationError(
                message: "time limit hit: the claim took more than \(formatNumber(limits.secondsPerClaim)) s of CPU time",
                range: range, kind: .timeLimit)
        }
    }
}
