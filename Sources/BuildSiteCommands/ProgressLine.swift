import Foundation
import SiteBuilder
import Synchronization

/// The one line a terminal shows while a build runs: `Building: 9 posts, 37 claims, 120 formulas · 1.4 s
/// (rendering math)`, redrawn in place and cleared before the summary line.
///
/// It is drawn only when standard error is a terminal: a log file or a CI job gets no control codes at all,
/// just the messages and the summary line.
public final class ProgressLine: Sendable {
    /// Clears the line the cursor is on and returns to its start.
    public static let clearLine = "\r\u{1B}[K"
    /// The widest line drawn: a longer one would wrap on a narrow terminal, and `\r` would then redraw only its end.
    public static let maximumWidth = 79

    private struct State {
        var progress = BuildProgress(stage: "reading inputs")
        var drawn = false
        var finished = false
    }

    private let state = Mutex(State())
    private let started: ContinuousClock.Instant
    private let write: @Sendable (String) -> Void

    /// A line that draws itself through `write`, timed from `started`.
    public init(started: ContinuousClock.Instant = .now, write: @escaping @Sendable (String) -> Void) {
        self.started = started
        self.write = write
    }

    /// The text of the line for `progress` after `elapsed`, at most ``maximumWidth`` characters.
    public static func text(_ progress: BuildProgress, elapsed: Duration) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let counts = [count(progress.posts, "post"), count(progress.claims, "claim"), count(progress.formulas, "formula")]
        let line = "Building: " + counts.joined(separator: ", ") + " · " + String(format: "%.1f", seconds) + " s"
        let withStage = line + " (" + progress.stage + ")"
        if withStage.count <= maximumWidth { return withStage }
        return String(line.prefix(maximumWidth))
    }

    /// Shows `progress` (from the build's ``SiteBuild/progress``).
    public func update(_ progress: BuildProgress) {
        state.withLock { $0.progress = progress }
        redraw()
    }

    /// Draws the line again with the time elapsed now (a ticker calls it so the seconds move between stages).
    public func redraw() {
        let text = state.withLock { state -> String? in
            guard !state.finished else { return nil }
            state.drawn = true
            return Self.text(state.progress, elapsed: ContinuousClock.now - started)
        }
        if let text { write(Self.clearLine + text) }
    }

    /// Clears the line for good (before the messages and the summary line); later updates draw nothing.
    public func finish() {
        let drawn = state.withLock { state -> Bool in
            defer { state.finished = true }
            return state.drawn && !state.finished
        }
        if drawn { write(Self.clearLine) }
    }

    /// Runs `body` with the line drawn, redrawn every `interval`, and cleared when `body` returns.
    public func showing<Result: Sendable>(
        every interval: Duration = .milliseconds(200), _ body: @Sendable () async -> Result
    ) async -> Result {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    self.redraw()
                    try? await Task.sleep(for: interval)
                }
            }
            let result = await body()
            group.cancelAll()
            await group.waitForAll()
            finish()
            return result
        }
    }
}
