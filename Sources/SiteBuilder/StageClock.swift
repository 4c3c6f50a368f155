import Glibc

/// How long one stage of a build took, as `build-site --timings` prints it.
public struct StageTiming: Sendable, Codable, Equatable {
    /// What the stage did ("parse posts", "judge claims"…).
    public var stage: String
    /// Its wall-clock time.
    public var seconds: Double
    /// The CPU time this process spent in it, user and system, on all its threads (the KaTeX workers,
    /// processes of their own, are not counted).
    public var cpuSeconds: Double
}

/// Times the stages of a build one after another: each lap is the time since the previous one.
struct StageClock: Sendable {
    private var last = ContinuousClock.now
    private var lastCPU = Self.processCPUSeconds()
    private(set) var timings: [StageTiming] = []

    /// Ends the current stage, naming it.
    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        let cpu = Self.processCPUSeconds()
        let elapsed = now - last
        timings.append(
            StageTiming(
                stage: stage, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                cpuSeconds: max(0, cpu - lastCPU)))
        (last, lastCPU) = (now, cpu)
    }

    /// The user and system CPU time of this process so far.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
