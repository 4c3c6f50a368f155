/// The caps that keep a fence from hanging or exhausting the machine.
///
/// Every limit is reported by name when hit, as an error verdict on the claim that hit it.
public struct Limits: Sendable, Codable, Equatable {
    /// The largest `samples=` a fence may ask for.
    public static let maximumSamples = 100_000
    /// The largest number of elements of any given or intermediate tensor.
    public static let maximumTensorElements = 4_096
    /// The highest derivative order, counting nested derivatives.
    public static let maximumDerivativeOrder = 3
    /// The most terms a finite sum `Σ_{i=a}^{b}` may have.
    public static let maximumSumTerms = 10_000

    /// Evaluation steps (one per node and per tensor element touched) allowed for one claim.
    public var evaluationSteps: Int
    /// CPU seconds of the judging thread allowed for one claim, a backstop behind the deterministic step
    /// budget (CPU time, not the wall clock, so a loaded or paused machine does not fail a claim).
    public var secondsPerClaim: Double
    /// How deeply calls of `let` functions may nest.
    public var callDepth: Int
    /// Points tried per claim, counting every combination with finite sets.
    public var points: Int

    /// Creates limits; the defaults suit a site build.
    public init(
        evaluationSteps: Int = 200_000_000, secondsPerClaim: Double = 10, callDepth: Int = 64,
        points: Int = 100_000
    ) {
        self.evaluationSteps = evaluationSteps
        self.secondsPerClaim = secondsPerClaim
        self.callDepth = callDepth
        self.points = points
    }

    /// The default limits.
    public static let `default` = Limits()
}
