import ClaimLanguage

/// How one claim came out, in the form pages and reports show it.
public struct ClaimOutcome: Sendable, Codable, Hashable {
    /// The verdict of a claim or of one step of a chain: the claim language's own.
    public typealias Verdict = ClaimLanguage.Verdict

    /// One variable's value at a counterexample.
    public struct Variable: Sendable, Codable, Hashable {
        public var name: String
        public var value: String
    }

    /// A point where the claim fails.
    public struct Counterexample: Sendable, Codable, Hashable {
        public var variables: [Variable]
        public var left: String
        public var right: String
        public var difference: String
        /// For tensors, the worst element's index (1-based, as in the claim language).
        public var index: String?
    }

    /// One step of a chain `claim A = B = C`.
    public struct Step: Sendable, Codable, Hashable {
        /// 1-based position of the step (step 1 compares the first and second expressions).
        public var index: Int
        public var latex: String
        public var verdict: Verdict
        public var note: String?
    }

    /// The claim's id: the fence id, followed by `/LABEL` or `/N` when the fence holds several claims.
    public var id: String
    public var label: String?
    /// Line and column of the claim in the post.
    public var line: Int
    public var column: Int
    public var verdict: Verdict
    /// The claim printed as LaTeX.
    public var latex: String
    public var pointsTried: Int
    public var pointsExcluded: Int
    /// Of the points left out, those at a kink (where a derivative does not exist).
    public var kinksExcluded: Int = 0
    public var largestError: Double?
    public var seed: UInt64
    public var counterexample: Counterexample?
    public var diagnosis: String?
    /// Why the claim is in error or skipped, or what went wrong at the counterexample.
    public var message: String?
    public var steps: [Step]
    /// What the verdict rests on: domains, points searched, tolerance, vacuity.
    public var check = CheckSummary()
}

extension ClaimLanguage.Verdict {
    /// Whether the claim came out as its fence said it would (skipped claims count as passing).
    public var isPassing: Bool { !isFailure }

    /// The verdict's name in reports: `verified`, `refuted`, `refuted-as-expected`,
    /// `unexpectedly-verified`, `error`, `skipped`.
    public var reportName: String {
        switch self {
        case .refutedAsExpected: "refuted-as-expected"
        case .unexpectedlyVerified: "unexpectedly-verified"
        default: rawValue
        }
    }

    /// The word shown on the page.
    public var word: String {
        switch self {
        case .verified: "Verified"
        case .refuted: "Refuted"
        case .refutedAsExpected: "Refuted, as expected"
        case .unexpectedlyVerified: "Unexpectedly verified"
        case .error: "Error"
        case .skipped: "Skipped"
        }
    }

    /// The symbol shown beside the word (never colour alone).
    public var symbol: String {
        switch self {
        case .verified, .refutedAsExpected: "✓"
        case .refuted: "✗"
        case .unexpectedlyVerified: "!"
        case .error: "⚠"
        case .skipped: "–"
        }
    }

    /// The CSS class of a card in this state.
    public var cssClass: String {
        switch self {
        case .refutedAsExpected: "expected-failure"
        case .unexpectedlyVerified: "unexpected-pass"
        default: rawValue
        }
    }

    /// Worse verdicts sort first (failures first on the claims page).
    var severityRank: Int {
        switch self {
        case .error: 0
        case .refuted: 1
        case .unexpectedlyVerified: 2
        case .skipped: 3
        case .refutedAsExpected: 4
        case .verified: 5
        }
    }
}
