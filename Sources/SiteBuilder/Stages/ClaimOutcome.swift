import ClaimLanguage
import Diagnostics

/// How one claim came out: the site's one model of a claim's result.
///
/// Every view of a result is derived from this value: the JSON report encodes it (``JSONReport``), the
/// JUnit report and the terminal messages read it (``ClaimDiagnostics``), the claim card and the claims
/// page take their template context from it, and the build record stores it as it is (synthesized
/// `Codable`).
///
/// It is made from the judge's ``ClaimVerdict`` by ``init(_:in:)`` alone. The verdict stays the judge's
/// own output, and what the cache keeps, because its positions count from the fence body: a fence that
/// moves in its post keeps its cached verdicts. The outcome holds positions in the post.
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

    /// Where the claim stands in its post.
    public var location: SourceLocation { SourceLocation(line: line, column: column) }
}

extension ClaimOutcome {
    /// The judge's verdict on a claim, its position moved from the fence body into the post.
    ///
    /// - Parameters:
    ///   - verdict: the judge's verdict, its positions counted from the fence body's first line.
    ///   - body: where the fence body stands in the post.
    init(_ verdict: ClaimVerdict, in body: SourceFragment) {
        let location = body.fileLocation(of: verdict.errorPosition ?? SourceLocation(line: verdict.line, column: 1))
        self.init(
            id: verdict.id, label: verdict.label, line: location.line, column: location.column, verdict: verdict.verdict,
            latex: verdict.latex, pointsTried: verdict.pointsTried, pointsExcluded: verdict.pointsExcluded,
            kinksExcluded: verdict.kinksExcluded, largestError: verdict.largestError, seed: verdict.seed,
            counterexample: verdict.counterexample.map(Counterexample.init), diagnosis: verdict.diagnosis,
            message: verdict.message ?? verdict.counterexample?.note, steps: verdict.steps.map(Step.init),
            check: verdict.check)
    }
}

extension ClaimOutcome.Counterexample {
    /// The judge's counterexample, its worst element's index printed as the claim language writes it
    /// (`[1, 2]`).
    init(_ counterexample: ClaimLanguage.Counterexample) {
        self.init(
            variables: counterexample.variables.map { ClaimOutcome.Variable(name: $0.name, value: $0.value) },
            left: counterexample.lhs, right: counterexample.rhs, difference: counterexample.difference,
            index: counterexample.worstIndex.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" })
    }
}

extension ClaimOutcome.Step {
    /// The judge's verdict on one step of a chain: it holds when it agrees with both the first expression
    /// and the previous step; the note says which of the two it breaks.
    init(_ step: StepVerdict) {
        let note: String? =
            switch (step.holdsAgainstFirst, step.holdsAgainstPrevious) {
            case (false, false): "does not follow from the previous step"
            case (true, false): "does not follow from the previous step, but agrees with the first expression again"
            case (false, true): "follows from the previous step, which was already wrong"
            case (true, true): nil
            }
        self.init(
            index: step.step, latex: step.latex,
            verdict: step.holdsAgainstFirst && step.holdsAgainstPrevious ? .verified : .refuted, note: note)
    }
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

    /// The verdict as templates show it: `status` (the CSS class), `statusWord` and `symbol`, for a card,
    /// a claim in it, a step of a chain and a row of the claims page alike.
    var statusContext: [String: Any] { ["status": cssClass, "statusWord": word, "symbol": symbol] }

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
