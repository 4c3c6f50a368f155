/// How long one stage of a build took, as `build-site --timings` prints it.
public struct StageTiming: Sendable, Codable, Equatable {
    /// What the stage did ("parse posts", "judge claims"…).
    public var stage: String
    /// Its wall-clock time.
    public var seconds: Double
}

/// Times the stages of a build one after another: each lap is the time since the previous one.
struct StageClock: Sendable {
    private var last = ContinuousClock.now
    private(set) var timings: [StageTiming] = []

    /// Ends the current stage, naming it.
    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        timings.append(
            StageTiming(stage: stage, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        )
        last = now
    }
}
