import Diagnostics

/// The outcome of judging one claim.
public enum Verdict: String, Sendable, Codable, Hashable, CaseIterable {
    /// The claim held at every valid point.
    case verified
    /// A valid point broke the claim.
    case refuted
    /// The fence has `expect=fail` and the claim was refuted: the good outcome.
    case refutedAsExpected
    /// The fence has `expect=fail` but the claim held everywhere: a failure.
    case unexpectedlyVerified
    /// The claim could not be evaluated (syntax, unknown name, shape mismatch, limit hit, …).
    case error
    /// The fence has `skip="reason"`.
    case skipped

    /// Whether this outcome should fail a build.
    public var isFailure: Bool {
        switch self {
        case .refuted, .unexpectedlyVerified, .error: true
        case .verified, .refutedAsExpected, .skipped: false
        }
    }
}

/// A point at which a claim fails, shrunk toward simple values.
public struct Counterexample: Sendable, Codable, Equatable {
    /// One variable's value at the point.
    public struct Variable: Sendable, Codable, Equatable {
        /// The variable's name.
        public var name: String
        /// Its value, printed (`1`, `-0.5`, `[0.2, 0.8]`).
        public var value: String
    }

    /// Every given's value at the point, in declaration order.
    public var variables: [Variable]
    /// The compared left side (the worst element for tensors).
    public var lhs: String
    /// The compared right side (the worst element for tensors).
    public var rhs: String
    /// `lhs − rhs`.
    public var difference: String
    /// The 1-based index of the worst element, for tensor claims (`for` indices first).
    public var worstIndex: [Int]?
    /// A further explanation, e.g. which side is not finite.
    public var note: String?
}

/// The verdict on one step of a chain `A = B = C`.
public struct StepVerdict: Sendable, Codable, Equatable {
    /// The step's 1-based position after the first expression (`B` is step 1).
    public var step: Int
    /// The step's line, relative to the fence body.
    public var line: Int
    /// The relation written before this step.
    public var relation: Relation
    /// Whether the first expression and this step satisfy the chain's relation at every valid point.
    public var holdsAgainstFirst: Bool
    /// Whether the previous step and this one satisfy the relation at every valid point.
    public var holdsAgainstPrevious: Bool
    /// The step printed as LaTeX.
    public var latex: String
}

/// What a verdict rests on, in the terms a card and a report state it: where the claim was checked, how
/// many points were searched, the tolerance, and whether the check could tell a wrong claim from a right one.
public struct CheckSummary: Sendable, Codable, Hashable {
    /// One given and its domain, as written (`z ∈ [-8, 8]`).
    public struct GivenDomain: Sendable, Codable, Hashable {
        /// The given's name.
        public var name: String
        /// Its domain, printed in the claim language.
        public var domain: String

        /// A given's name with its domain.
        public init(name: String, domain: String) {
            self.name = name
            self.domain = domain
        }
    }

    /// Every given with its domain, in declaration order.
    public var givens: [GivenDomain] = []
    /// Of the points tried, those proposed by the counterexample search.
    public var pointsSearched = 0
    /// Of the points left out, those where double precision cannot evaluate a side (it overflows, or its
    /// rounding is unbounded) while the claim holds in extended precision.
    public var pointsBeyondRange = 0
    /// The relative tolerance used.
    public var relativeTolerance = 0.0
    /// The absolute tolerance used, on top of each comparison's measured rounding.
    public var absoluteTolerance = 0.0
    /// Whether the fence set `rtol` or `atol`.
    public var toleranceOverridden = false
    /// Why the verified claim is vacuous (a mutant of it also held), when it is.
    public var vacuity: String?
    /// Whether judging stopped at the time limit (such an outcome is never cached).
    public var hitTimeLimit = false

    /// An empty summary (nothing checked yet).
    public init() {}
}

/// The verdict on one claim, with everything a report shows.
public struct ClaimVerdict: Sendable, Codable, Equatable {
    /// `fenceID`, `fenceID/LABEL` for a labelled claim, or `fenceID/N` (1-based) in a fence of several claims.
    public var id: String
    /// The claim's label, if any.
    public var label: String?
    /// The claim's line, relative to the fence body (1 for errors before any claim).
    public var line: Int
    /// The outcome.
    public var verdict: Verdict
    /// Points at which the claim was evaluated (including excluded ones).
    public var pointsTried: Int
    /// Points left out: the first expression was not finite there, or a derivative did not exist.
    public var pointsExcluded: Int
    /// Of the excluded points, those left out because a derivative did not exist there (a kink).
    public var kinksExcluded: Int
    /// The largest `|left − right|` seen at a valid point, for equalities.
    public var largestError: Double?
    /// The seed the points were drawn with.
    public var seed: UInt64
    /// A failing point, for refutations.
    public var counterexample: Counterexample?
    /// A pattern in the failures ("sign error", "off by a factor of 1/2", …) when the samples show one.
    public var diagnosis: String?
    /// Per-step verdicts, for chains of more than one step.
    public var steps: [StepVerdict]
    /// The error message, for errors; a summary for chains; the reason, for skips.
    public var message: String?
    /// Where the error is, relative to the fence body's first line, for errors.
    public var errorPosition: SourceLocation?
    /// The claim printed as LaTeX.
    public var latex: String
    /// What was checked: domains, points searched, tolerance, vacuity.
    public var check = CheckSummary()

    /// A claim that was not judged at any point: an error (`message` saying why, at `errorPosition`)
    /// or a skip (`message` giving the reason).
    init(
        id: String, label: String?, line: Int, verdict: Verdict, seed: UInt64, message: String?,
        errorPosition: SourceLocation?, latex: String
    ) {
        self.id = id
        self.label = label
        self.line = line
        self.verdict = verdict
        pointsTried = 0
        pointsExcluded = 0
        kinksExcluded = 0
        largestError = nil
        self.seed = seed
        counterexample = nil
        diagnosis = nil
        steps = []
        self.message = message
        self.errorPosition = errorPosition
        self.latex = latex
    }

    /// The error as a `LocatedError` (relative to the fence body), for `.error` verdicts.
    public var locatedError: LocatedError? {
        guard verdict == .error, let errorPosition else { return nil }
        return LocatedError(message ?? "error", at: errorPosition)
    }
}
