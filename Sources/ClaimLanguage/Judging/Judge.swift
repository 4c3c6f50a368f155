import ComputeCore
import Diagnostics
import Foundation

/// Options the site pipeline passes to ``judge(fence:attributes:fenceID:options:)``.
public struct JudgeOptions: Sendable {
    /// Replaces every fence's `samples` (e.g. a quick or thorough build).
    public var samplesOverride: Int?
    /// Replaces every fence's seed.
    public var seedOverride: UInt64?
    /// The caps on work per claim.
    public var limits: Limits
    /// The loosest `rtol` or `atol` a fence may set (the site's `maxTolerance`); a looser one is an error.
    public var maximumTolerance: Double
    /// Whether a claim that held at every drawn point is searched for a counterexample (on by default;
    /// off only to measure what the search costs).
    public var searchesForCounterexamples = true
    /// Whether a verified equality is mutated to see that it could fail (on by default; off only to
    /// measure what the check costs).
    public var checksVacuity = true

    /// Creates options; by default nothing is overridden.
    public init(
        samplesOverride: Int? = nil, seedOverride: UInt64? = nil, limits: Limits = .default,
        maximumTolerance: Double = defaultMaximumTolerance
    ) {
        self.samplesOverride = samplesOverride
        self.seedOverride = seedOverride
        self.limits = limits
        self.maximumTolerance = maximumTolerance
    }
}

/// The default number of points per claim.
public let defaultSamples = 100

/// The default relative tolerance, `√ε ≈ 1.49e-8`.
public let defaultRelativeTolerance = Double.ulpOfOne.squareRoot()

/// The loosest `rtol` and `atol` a fence may set unless the site allows looser ones
/// (``JudgeOptions/maximumTolerance``): a tolerance looser than this can no longer tell a wrong factor of
/// `1 + 10⁻⁶` from a right one.
public let defaultMaximumTolerance = 1e-6

/// Judges every claim of one fence.
///
/// Deterministic (the same fence, attributes and seed give the same points and verdicts on any machine)
/// and thread-safe (no shared mutable state), so fences can be judged concurrently. Never throws: syntax
/// and semantic errors become `.error` verdicts carrying a position relative to the fence body.
///
/// - Parameters:
///   - source: the fence body.
///   - attributes: the parsed info string.
///   - fenceID: the fence's id (the attribute, or one the pipeline derived); claim ids extend it.
///   - options: overrides and limits.
/// - Returns: one verdict per claim, in order (one `.error` verdict when the fence does not parse).
public func judge(
    fence source: String, attributes: FenceAttributes, fenceID: String, options: JudgeOptions = JudgeOptions()
) -> [ClaimVerdict] {
    let seed = options.seedOverride ?? attributes.seed ?? defaultSeed(forFenceID: fenceID)
    let fence: ClaimFence
    do {
        fence = try parseClaimFence(source)
    } catch {
        if let reason = attributes.skipReason {
            return [skippedVerdict(id: fenceID, label: nil, line: 1, seed: seed, reason: reason, latex: "")]
        }
        return [
            ClaimVerdict(
                id: fenceID, label: nil, line: error.location.line, verdict: .error, seed: seed, message: error.message,
                errorPosition: error.location, latex: "")
        ]
    }
    return judge(parsedFence: fence, attributes: attributes, fenceID: fenceID, options: options)
}

/// Judges every claim of a fence that is already parsed, or that another reader built (the claims read
/// from a displayed equation, with a fence's givens and lets); otherwise as ``judge(fence:attributes:fenceID:options:)``.
///
/// The claims' names must resolve as the parser would have required (every name a given, a let, a `for`
/// index or a built-in); a name that does not is an `.error` verdict at its position.
public func judge(
    parsedFence fence: ClaimFence, attributes: FenceAttributes, fenceID: String, options: JudgeOptions = JudgeOptions()
) -> [ClaimVerdict] {
    let seed = options.seedOverride ?? attributes.seed ?? defaultSeed(forFenceID: fenceID)
    let program = Program(fence)
    var verdicts: [ClaimVerdict] = []
    var toleranceError: String?
    for (key, value) in [("rtol", attributes.rtol), ("atol", attributes.atol)] {
        if let value, !(value <= options.maximumTolerance) {
            toleranceError =
                "\(key)=\(formatScalar(value)) is looser than \(formatScalar(options.maximumTolerance)), the most a fence may set: a tolerance that loose can no longer tell a wrong factor of 1 + 10⁻⁶; allow it with 'maxTolerance: \(formatScalar(value))' in content/_config.yml"
        }
    }
    for (ordinal, claim) in fence.claims.enumerated() {
        let id: String
        if let label = claim.label {
            id = "\(fenceID)/\(label)"
        } else if fence.claims.count > 1 {
            id = "\(fenceID)/\(ordinal + 1)"
        } else {
            id = fenceID
        }
        let text = latex(for: claim, ranks: program.ranks)
        if let reason = attributes.skipReason {
            verdicts.append(
                skippedVerdict(id: id, label: claim.label, line: claim.range.start.line, seed: seed, reason: reason, latex: text))
            continue
        }
        if let toleranceError {
            verdicts.append(
                ClaimVerdict(
                    id: id, label: claim.label, line: claim.range.start.line, verdict: .error, seed: seed,
                    message: toleranceError, errorPosition: SourceLocation(line: 0, column: 1), latex: text))
            continue
        }
        var judge = ClaimJudge(
            program: program, claim: claim, seed: seed, searches: options.searchesForCounterexamples,
            checksVacuity: options.checksVacuity,
            samples: min(options.samplesOverride ?? attributes.samples ?? defaultSamples, Limits.maximumSamples),
            rtol: attributes.rtol ?? defaultRelativeTolerance, atol: attributes.atol, limits: options.limits)
        var verdict = judge.run()
        verdict.id = id
        verdict.label = claim.label
        verdict.latex = text
        if attributes.expectFailure {
            switch verdict.verdict {
            case .refuted: verdict.verdict = .refutedAsExpected
            case .verified: verdict.verdict = .unexpectedlyVerified
            default: break
            }
        }
        verdicts.append(verdict)
    }
    return verdicts
}

private func skippedVerdict(id: String, label: String?, line: Int, seed: UInt64, reason: String, latex: String)
    -> ClaimVerdict
{
    ClaimVerdict(
        id: id, label: label, line: line, verdict: .skipped, seed: seed, message: reason, errorPosition: nil, latex: latex)
}

extension Relation {
    /// The core's relation for this one.
    var comparisonRelation: ComparisonRelation {
        switch self {
        case .equal: .equal
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .notEqual: .notEqual
        }
    }
}

/// The relation a chain establishes between its first expression and step `k`, if one follows (none for a chain
/// with `≠`, which relates only neighbours).
func compositeRelation(_ relations: [Relation]) -> Relation? {
    if relations.contains(.notEqual) { return nil }
    if relations.allSatisfy({ $0 == .equal }) { return .equal }
    let down: Set<Relation> = [.equal, .less, .lessOrEqual]
    let up: Set<Relation> = [.equal, .greater, .greaterOrEqual]
    if relations.allSatisfy(down.contains) { return relations.contains(.less) ? .less : .lessOrEqual }
    if relations.allSatisfy(up.contains) { return relations.contains(.greater) ? .greater : .greaterOrEqual }
    return nil
}

/// The outcome of comparing two evaluated expressions at one point.
struct PointComparison {
    var holds: Bool
    var worstIndex: Int
    var left: Double
    var right: Double
    /// How badly the worst element fails (``Tolerance/score(_:_:_:rounding:)``).
    var score: Double
}

/// A point: every given's value, in declaration order.
typealias Point = [Tensor<Double>]

/// What happened at one point.
enum PointOutcome {
    /// The first expression was not finite.
    case outsideDomain
    /// A derivative does not exist here (one-sided differences disagree).
    case kink
    /// Forward mode and finite differences disagree: an internal inconsistency.
    case inconsistent(String)
    /// Every expression's value (first, then each step), and whether a non-smooth built-in was evaluated
    /// at (or next to) its kink.
    case values([Tensor<Double>], touchedKink: Bool)
}

/// Judges one claim: draws points, evaluates, compares, confirms, shrinks and diagnoses.
struct ClaimJudge {
    let program: Program
    let claim: Claim
    let seed: UInt64
    let samples: Int
    let rtol: Double
    let atol: Double?
    let limits: Limits
    let budget: Budget
    let expressions: [Expression]
    /// The relation the chain establishes between the first expression and each step, if one follows.
    let composites: [Relation?]
    var indexRanges: [(name: String, count: Int)] = []
    /// The claim compiled over flat buffers, when it is covered (see ``TensorProgram``): scalar claims too,
    /// which it evaluates faster than ``scalarProgram``.
    let tensorProgram: TensorProgram?
    /// The claim compiled for scalars, when the tensor program does not cover it (nested derivatives, piecewise
    /// values; see ``ScalarProgram``).
    let scalarProgram: ScalarProgram?

    /// Whether to search for a counterexample once every drawn point held.
    let searches: Bool
    /// Whether to run the vacuity check on a verified equality.
    let checksVacuity: Bool
    /// Whether a step is `≠`, whose holding must be confirmed with the measured rounding at every point.
    let hasNotEqual: Bool

    init(
        program: Program, claim: Claim, seed: UInt64, searches: Bool = true, checksVacuity: Bool = true, samples: Int,
        rtol: Double, atol: Double?, limits: Limits
    ) {
        self.program = program
        self.claim = claim
        self.seed = seed
        self.searches = searches
        self.checksVacuity = checksVacuity
        self.samples = samples
        self.rtol = rtol
        self.atol = atol
        self.limits = limits
        self.budget = Budget(limits: limits)
        self.expressions = [claim.first] + claim.steps.map(\.expression)
        let relations = claim.steps.map(\.relation)
        self.composites = relations.indices.map { compositeRelation(Array(relations[0...$0])) }
        self.hasNotEqual = relations.contains(.notEqual)
        let tensorProgram = TensorProgram(program: program, claim: claim)
        self.tensorProgram = tensorProgram
        self.scalarProgram = tensorProgram == nil ? ScalarProgram(program: program, claim: claim) : nil
    }

    // MARK: - Verdict

    mutating func run() -> ClaimVerdict {
        var verdict = ClaimVerdict(
            id: "", label: claim.label, line: claim.range.start.line, verdict: .error, seed: seed, message: nil,
            errorPosition: nil, latex: "")
        verdict.check.givens = program.fence.givens.map {
            CheckSummary.GivenDomain(name: $0.name, domain: $0.domain.description)
        }
        verdict.check.relativeTolerance = rtol
        verdict.check.absoluteTolerance = atol ?? 0
        verdict.check.toleranceOverridden = rtol != defaultRelativeTolerance || atol != nil
        do {
            try judgeInto(&verdict)
        } catch {
            verdict.verdict = .error
            verdict.message = error.message
            // A limit is the claim's as a whole, wherever evaluation happened to be when it was hit.
            verdict.errorPosition = error.kind == .semantic ? error.range.start : claim.range.start
            verdict.check.hitTimeLimit = error.kind == .timeLimit
        }
        return verdict
    }

    private mutating func judgeInto(_ verdict: inout ClaimVerdict) throws(EvaluationError) {
        var points = try drawPoints()
        let drawnCount = points.count
        guard let firstPoint = points.first else {
            throw EvaluationError(message: "no points to try", range: claim.range)
        }
        indexRanges = try discoverIndexRanges(at: firstPoint)

        let stepCount = claim.steps.count
        // Per step: failing point indices against the first expression and against the previous step.
        var failsFirst = Array(repeating: [Int](), count: stepCount)
        var failsPrevious = Array(repeating: [Int](), count: stepCount)
        var validPoints: [Int] = []
        var valuesAt: [[Tensor<Double>]?] = Array(repeating: nil, count: points.count)
        var excluded = 0
        var kinks = 0
        var inconsistency: String?
        var largestError = 0.0
        var confirmed: Set<Int> = []

        var beyondRange = 0
        /// The valid points' worst scores, for the counterexample search.
        var scores: [(point: Int, score: Double)] = []

        var p = 0
        var searched = 0
        var searchQueue: [Point] = []
        var search = CounterexampleSearch(domains: program.fence.givens.map(domain(of:)), seed: seed)
        var holdsSoFar: Bool {
            !failsFirst.contains(where: { !$0.isEmpty }) && !failsPrevious.contains(where: { !$0.isEmpty })
        }
        // Each point's comparisons, in one array reused from point to point.
        var comparisons: [(first: PointComparison, previous: PointComparison)] = []
        comparisons.reserveCapacity(stepCount)
        while true {
            if p == drawnCount, holdsSoFar, searches {
                // Every drawn point held: search near the closest calls for a point that fails.
                searchQueue = search.start(points: points, scores: scores)
            }
            if p == points.count {
                guard holdsSoFar, !searchQueue.isEmpty else { break }
                points.append(searchQueue.removeFirst())
                valuesAt.append(nil)
                searched += 1
            }
            defer { p += 1 }
            let point = points[p]
            var outcome = try evaluate(point, checkDerivatives: false)
            guard case .values(let values, let touchedKink) = outcome else {
                excluded += 1
                continue
            }
            try compareSteps(values, into: &comparisons)
            var failing = comparisons.contains { !$0.first.holds || !$0.previous.holds }
            // Before a failure counts, the point is evaluated again in extended precision. A `≠` that holds
            // is rechecked too: rounding can make two equal values differ, so it must hold with the rounding
            // measured for the point.
            if failing || hasNotEqual {
                switch try recheck(point, values, failing: comparisons) {
                case .holds(let c):
                    comparisons = c
                    failing = false
                case .beyondDoubleRange:
                    excluded += 1
                    beyondRange += 1
                    continue
                case .fails(let c):
                    comparisons = c
                    failing = c.contains { !$0.first.holds || !$0.previous.holds }
                    if !failing {
                        // The rounding could not be measured here (extended precision left the domain): a `≠`
                        // that held only in `Double` decides nothing.
                        excluded += 1
                        continue
                    }
                }
            }
            // Kinks and refutations are decided with finite differences, only where they matter.
            if touchedKink || (failing && confirmed.isEmpty) {
                outcome = try evaluate(point, checkDerivatives: true)
                switch outcome {
                case .kink:
                    excluded += 1
                    kinks += 1
                    continue
                case .inconsistent(let message):
                    if failing {
                        inconsistency = inconsistency ?? message
                        excluded += 1
                        continue
                    }
                case .outsideDomain:
                    excluded += 1
                    continue
                case .values:
                    if failing { confirmed.insert(p) }
                }
            }
            validPoints.append(p)
            valuesAt[p] = values
            var worst = -Double.infinity
            for (k, c) in comparisons.enumerated() {
                if !c.first.holds { failsFirst[k].append(p) }
                if !c.previous.holds { failsPrevious[k].append(p) }
                worst = max(worst, c.first.score, c.previous.score)
                if claim.steps[k].relation == .equal, composites[k] == .equal {
                    let d = abs(c.first.left - c.first.right)
                    if d.isFinite { largestError = max(largestError, d) }
                }
            }
            scores.append((p, worst))
            if holdsSoFar, p >= drawnCount {
                searchQueue += search.report(point, score: worst)
            }
        }
        verdict.check.pointsSearched = searched
        verdict.check.pointsBeyondRange = beyondRange

        verdict.pointsTried = points.count
        verdict.pointsExcluded = excluded
        verdict.kinksExcluded = kinks
        verdict.largestError = validPoints.isEmpty ? nil : largestError

        if validPoints.isEmpty {
            if let inconsistency {
                throw EvaluationError(message: inconsistency, range: claim.range)
            }
            let message =
                kinks == excluded
                ? "every point was left out: a derivative in the claim does not exist at any point tried"
                : beyondRange == excluded
                    ? "every point was left out: double precision cannot evaluate a side at any point tried (it overflows, or has no correct digit), while in extended precision the claim holds; narrow the domain or rescale the claim"
                    : "every point was left out: the first expression is not finite at any point tried; narrow the domain"
            throw EvaluationError(message: message, range: claim.first.range)
        }
        if excluded * 2 > points.count {
            var reasons: [String] = []
            let notFinite = excluded - kinks - beyondRange
            if notFinite > 0 { reasons.append("\(notFinite) where the first expression is not finite") }
            if kinks > 0 { reasons.append("\(kinks) at kinks, where a derivative does not exist") }
            if beyondRange > 0 {
                reasons.append(
                    "\(beyondRange) where double precision cannot evaluate a side (it overflows, or has no correct digit) while in extended precision the claim holds"
                )
            }
            throw EvaluationError(
                message:
                    "\(excluded) of \(points.count) points were left out (\(reasons.joined(separator: ", "))); narrow the domain",
                range: claim.first.range)
        }

        // Steps of a chain.
        if stepCount > 1 {
            for k in 0..<stepCount {
                verdict.steps.append(
                    StepVerdict(
                        step: k + 1, line: claim.steps[k].expression.range.start.line,
                        relation: claim.steps[k].relation, holdsAgainstFirst: failsFirst[k].isEmpty,
                        holdsAgainstPrevious: failsPrevious[k].isEmpty,
                        latex: latex(claim.steps[k].expression, ranks: program.ranks)
                    ))
            }
        }

        let refuted = failsFirst.contains { !$0.isEmpty } || failsPrevious.contains { !$0.isEmpty }
        guard refuted else {
            verdict.verdict = .verified
            if checksVacuity {
                verdict.check.vacuity = vacuity(
                    points: points, values: valuesAt, validPoints: validPoints, drawnCount: drawnCount)
            }
            return
        }
        guard !confirmed.isEmpty else {
            throw EvaluationError(
                message: inconsistency
                    ?? "internal inconsistency: the claim failed only at points that could not be confirmed",
                range: claim.range)
        }
        verdict.verdict = .refuted

        // The decisive comparison: the first step that breaks against the previous one (for a plain
        // claim, the claim itself), else the first step that breaks against the first expression.
        let decisive: (left: Int, right: Int, failing: [Int])
        if let k = failsPrevious.firstIndex(where: { !$0.isEmpty }) {
            decisive = (k, k + 1, failsPrevious[k])
        } else if let k = failsFirst.firstIndex(where: { !$0.isEmpty }) {
            decisive = (0, k + 1, failsFirst[k])
        } else {
            return
        }
        if stepCount > 1 {
            let broken = decisive.right
            var message = "step \(broken) (line \(claim.steps[broken - 1].expression.range.start.line)) breaks the chain"
            if let recovered = (broken..<stepCount).first(where: { failsFirst[$0].isEmpty }), recovered + 1 > broken {
                message +=
                    "; step \(recovered + 1) (line \(claim.steps[recovered].expression.range.start.line)) agrees with the first expression again (an error made and then silently dropped)"
            }
            verdict.message = message
        }

        // Counterexample: a confirmed failing point of the decisive comparison, shrunk.
        let start = decisive.failing.first(where: confirmed.contains) ?? decisive.failing[0]
        let shrunk = try shrink(points[start], comparison: decisive)
        verdict.counterexample = try counterexample(at: shrunk, comparison: decisive)

        // Diagnosis over all valid points.
        var pairs: [(point: Int, left: [Double], right: [Double], fails: Bool)] = []
        let failingSet = Set(decisive.failing)
        for p in validPoints {
            guard let values = valuesAt[p] else { continue }
            let l = values[decisive.left], r = values[decisive.right]
            guard l.shape == r.shape || l.isScalar || r.isScalar else { continue }
            let n = max(l.count, r.count)
            pairs.append(
                (
                    p, (0..<n).map { l.isScalar ? l.elements[0] : l.elements[$0] },
                    (0..<n).map { r.isScalar ? r.elements[0] : r.elements[$0] }, failingSet.contains(p)
                ))
        }
        let relation = claim.steps[decisive.right - 1].relation
        if relation == .equal {
            verdict.diagnosis = diagnose(pairs: pairs, points: points)
            if verdict.diagnosis == nil {
                verdict.diagnosis = try diagnoseConstraint(points: points, failing: decisive.failing, comparison: decisive)
            }
        }
    }

    // MARK: - Points

    private func domain(of given: Given) -> Domain {
        switch given.domain {
        case .oneHot(let n): return .oneHot(n)
        case .simplex(let n): return .simplex(n)
        case .elements(let scalar, let shape):
            let s: ScalarDomain =
                switch scalar {
                case .interval(let lower, let upper, let lc, let uc):
                    .interval(lower: lower, upper: upper, lowerClosed: lc, upperClosed: uc)
                case .finite(let values): .finite(values)
                case .reals: .reals
                }
            return shape.isEmpty ? .scalar(s) : .tensor(s, shape: shape)
        }
    }

    /// The most combinations of scalar anchors tried (see ``drawPoints()``).
    static let maximumCrossedAnchors = 64

    /// Each scalar given's anchors, truncated (longest list first, keeping each list's most telling
    /// anchors) until all their combinations number at most `cap`.
    static func crossedAnchorCounts(_ counts: [Int], cap: Int) -> [Int] {
        var kept = counts
        while kept.reduce(1, *) > max(1, cap), let longest = kept.indices.max(by: { kept[$0] < kept[$1] }), kept[longest] > 1 {
            kept[longest] -= 1
        }
        return kept
    }

    /// The points a claim is tried at, in order:
    ///
    /// 1. every combination of the givens' anchors (0, ±1, the closed ends, ±0.5, ±2; for tensors, the
    ///    tensor filled with each, every one-hot vector, simplex vertices and edge midpoints, every value of
    ///    a small finite tensor domain), at most ``maximumCrossedAnchors`` (and `samples`), each given's list
    ///    truncated from its end to fit;
    /// 2. then each given's anchors that the crossing left out, one per point, so every anchor is tried;
    /// 3. then seeded random points, so that there are `samples` points, or more when the anchors of one
    ///    given need more;
    ///
    /// and every one of those crossed with every combination of the scalar finite sets' values.
    func drawPoints() throws(EvaluationError) -> [Point] {
        var generator = SeededGenerator(seed: seed)
        let givens = program.fence.givens
        let domains = givens.map(domain(of:))
        let anchors = domains.map { $0.anchors() }
        // Arrays indexed by given, not dictionaries: this runs for every point of every claim.
        // The scalar finite sets, crossed with everything else, in declaration order.
        var crossedOrder: [Int] = []
        var isCrossed = Array(repeating: false, count: givens.count)
        for (g, given) in givens.enumerated() {
            if case .elements(.finite, let shape) = given.domain, shape.isEmpty {
                crossedOrder.append(g)
                isCrossed[g] = true
            }
        }
        let crossedValues = crossedOrder.map { g -> [Double] in
            if case .elements(.finite(let values), _) = givens[g].domain { return values }
            return []
        }
        // Each value once as a tensor; the points share them (copy on write).
        let crossedTensors = crossedValues.map { $0.map { Tensor($0) } }
        let anchored = givens.indices.filter { !isCrossed[$0] }
        let keptAnchors = ClaimJudge.crossedAnchorCounts(
            anchored.map { anchors[$0].count }, cap: min(ClaimJudge.maximumCrossedAnchors, samples))
        let crossedAnchorCount = anchored.isEmpty ? 0 : keptAnchors.reduce(1, *)
        // The anchors each given has left after the crossing, tried one per point.
        var remainingAnchors = Array(repeating: 0, count: givens.count)
        for (slot, g) in anchored.enumerated() { remainingAnchors[g] = anchors[g].count - keptAnchors[slot] }
        var firstRemaining = Array(repeating: 0, count: givens.count)
        for (slot, g) in anchored.enumerated() { firstRemaining[g] = keptAnchors[slot] }
        let baseCount = max(samples, crossedAnchorCount + (remainingAnchors.max() ?? 0))

        let combinations = crossedValues.reduce(1) { $0 * max(1, $1.count) }
        let total = baseCount * combinations
        guard total <= limits.points else {
            throw EvaluationError(
                message:
                    "point limit hit: \(baseCount) points × \(combinations) finite-set combinations = \(total) points, more than \(limits.points)",
                range: claim.range, kind: .limit)
        }
        var points: [Point] = []
        points.reserveCapacity(total)
        let zero = Tensor(0.0)
        // Per point: the anchor each scalar given takes (-1: none), and the finite sets' values.
        var anchorOf = Array(repeating: -1, count: givens.count)
        var combination = Array(repeating: 0, count: crossedOrder.count)
        for s in 0..<baseCount {
            var base: Point = []
            base.reserveCapacity(domains.count)
            // The digits of `s` in the mixed radix of the kept anchor counts pick one anchor per scalar given.
            if s < crossedAnchorCount {
                var digits = s
                for (slot, g) in anchored.enumerated().reversed() {
                    anchorOf[g] = digits % keptAnchors[slot]
                    digits /= keptAnchors[slot]
                }
            } else if s == crossedAnchorCount {
                for g in anchorOf.indices { anchorOf[g] = -1 }
            }
            for (g, d) in domains.enumerated() {
                if isCrossed[g] {
                    base.append(zero)
                } else if anchorOf[g] >= 0 {
                    base.append(anchors[g][anchorOf[g]])
                } else if s - crossedAnchorCount < remainingAnchors[g] {
                    base.append(anchors[g][firstRemaining[g] + s - crossedAnchorCount])
                } else {
                    base.append(d.sample(using: &generator))
                }
            }
            if crossedOrder.isEmpty {
                points.append(base)
                continue
            }
            // Every combination of the finite sets' values.
            for slot in combination.indices { combination[slot] = 0 }
            for _ in 0..<combinations {
                var point = base
                for (slot, g) in crossedOrder.enumerated() {
                    let values = crossedTensors[slot]
                    if !values.isEmpty { point[g] = values[combination[slot]] }
                }
                points.append(point)
                for slot in (0..<crossedOrder.count).reversed() {
                    combination[slot] += 1
                    if combination[slot] < crossedValues[slot].count { break }
                    combination[slot] = 0
                }
            }
        }
        return points
    }

    /// The range of every `for` index, from the sizes of what it indexes.
    func discoverIndexRanges(at point: Point) throws(EvaluationError) -> [(name: String, count: Int)] {
        guard !claim.indices.isEmpty else { return [] }
        var found: [String: (count: Int, range: SourceRange)] = [:]
        let scope = makeScope(point)
        let ones = Dictionary(uniqueKeysWithValues: claim.indices.map { ($0, Tensor(1.0)) })
        func record(_ name: String, _ count: Int, _ range: SourceRange) throws(EvaluationError) {
            if let previous = found[name], previous.count != count {
                throw EvaluationError(
                    message:
                        "index '\(name)' ranges over 1...\(previous.count) (line \(previous.range.start.line), column \(previous.range.start.column)) but over 1...\(count) here",
                    range: range)
            }
            if found[name] == nil { found[name] = (count, range) }
        }
        func walk(_ e: Expression) throws(EvaluationError) {
            switch e {
            case .index(let base, let indices, _):
                for (axis, index) in indices.enumerated() {
                    if case .name(let n, let r) = index, claim.indices.contains(n) {
                        let shape = try Evaluator.evaluate(base, scope, ones).shape
                        guard axis < shape.count else {
                            throw EvaluationError(
                                message: "too many indices: a \(describeShape(shape)) takes \(shape.count)", range: r)
                        }
                        try record(n, shape[axis], r)
                    }
                }
            case .derivative(_, let variable, let indices, _, _, _):
                for (axis, index) in indices.enumerated() {
                    if case .name(let n, let r) = index, claim.indices.contains(n) {
                        let shape = try Evaluator.value(of: variable, range: r, scope).shape
                        guard axis < shape.count else {
                            throw EvaluationError(
                                message: "too many indices: '\(variable)' is a \(describeShape(shape))", range: r)
                        }
                        try record(n, shape[axis], r)
                    }
                }
            default: break
            }
            try e.forEachChild { (child) throws(EvaluationError) in try walk(child) }
        }
        for e in expressions { try walk(e) }
        var result: [(String, Int)] = []
        for name in claim.indices {
            guard let f = found[name] else {
                throw EvaluationError(
                    message: "cannot tell the range of index '\(name)': use it to index a vector or matrix",
                    range: claim.range)
            }
            result.append((name, f.count))
        }
        return result
    }

    func makeScope(_ point: Point) -> Scope<Double> {
        Scope<Double>(
            program: program, budget: budget, base: NameTable(names: program.givenNames, values: point),
            derivativeDepth: 0)
    }

    // MARK: - Evaluation at a point

    /// Every expression's value at `point`, assembled over the `for` indices (index axes first).
    func evaluate(_ point: Point, checkDerivatives: Bool) throws(EvaluationError) -> PointOutcome {
        if !checkDerivatives, let scalarProgram {
            let steps = budget.steps
            do {
                return try evaluate(point, scalarProgram)
            } catch {
                // Something unusual at this point: the general evaluator decides, from the same budget.
                budget.setSteps(steps)
            }
        }
        if !checkDerivatives, let tensorProgram {
            let combinations = indexRanges.reduce(1) { $0 * $1.count }
            var touchedKink = false
            if combinations <= Limits.maximumTensorElements,
                let values = tensorProgram.evaluate(point, indexRanges: indexRanges, touchedKink: &touchedKink)
            {
                // The steps the evaluator would have spent, with its checks of the step and time limits.
                try budget.spend(tensorProgram.steps(combinations: combinations), at: claim.range)
                return .values(values, touchedKink: touchedKink)
            }
            // The first expression is not finite here (the evaluator stops early), or the indices range too far:
            // the evaluator decides.
        }
        return try evaluateGenerally(point, checkDerivatives: checkDerivatives)
    }

    /// ``evaluate(_:checkDerivatives:)`` by the general ``Evaluator``.
    func evaluateGenerally(_ point: Point, checkDerivatives: Bool) throws(EvaluationError) -> PointOutcome {
        let scope = makeScope(point)
        scope.checkDerivatives = checkDerivatives
        guard let results = try evaluateExpressions(in: scope) else { return .outsideDomain }
        if scope.leftPiecewiseDomain { return .outsideDomain }
        if checkDerivatives {
            // Only a non-smooth built-in at (or next to) its kink can make a derivative fail to exist; there,
            // a convention that disagrees with the one-sided differences is no value to judge by either.
            if scope.touchedKink, scope.derivativeReport.kink || scope.derivativeReport.inconsistency != nil {
                return .kink
            }
            if let message = scope.derivativeReport.inconsistency { return .inconsistent(message) }
            if scope.derivativeReport.kink {
                return .inconsistent(
                    "internal inconsistency: finite differences disagree at a point where every built-in is smooth")
            }
        }
        return .values(results, touchedKink: scope.touchedKink)
    }

    /// Every expression's value in `scope`, assembled over the `for` indices (index axes first); `nil` when
    /// the first expression is not finite.
    func evaluateExpressions<T: DifferentiableScalar>(in scope: Scope<T>) throws(EvaluationError) -> [Tensor<T>]? {
        var combinations = 1
        for r in indexRanges { combinations *= r.count }
        guard combinations <= Limits.maximumTensorElements else {
            throw EvaluationError(
                message: "the indices range over \(combinations) combinations, more than \(Limits.maximumTensorElements)",
                range: claim.range, kind: .limit)
        }
        var results: [Tensor<T>] = []
        for (e, expression) in expressions.enumerated() {
            if indexRanges.isEmpty {
                results.append(try Evaluator.evaluate(expression, scope, [:]))
            } else {
                var elements: [T] = []
                var innerShape: [Int]?
                var counter = Array(repeating: 1, count: indexRanges.count)
                for _ in 0..<combinations {
                    var locals: [String: Tensor<T>] = [:]
                    for (k, r) in indexRanges.enumerated() { locals[r.name] = Tensor(T(Double(counter[k]))) }
                    let v = try Evaluator.evaluate(expression, scope, locals)
                    if let innerShape, innerShape != v.shape {
                        throw EvaluationError(
                            message: "the expression's shape changes with the indices", range: expression.range)
                    }
                    innerShape = v.shape
                    elements += v.elements
                    for k in (0..<counter.count).reversed() {
                        counter[k] += 1
                        if counter[k] <= indexRanges[k].count { break }
                        counter[k] = 1
                    }
                }
                let shape = indexRanges.map(\.count) + (innerShape ?? [])
                guard let t = try? Tensor(shape: shape, elements: elements) else {
                    throw EvaluationError(message: "internal error assembling indexed values", range: expression.range)
                }
                results.append(t)
            }
            if e == 0, results[0].elements.contains(where: { !$0.primal.isFinite }) { return nil }
        }
        return results
    }

    /// Every expression's value at `point` computed in the scalar type `T` — ``ExtendedPrecision`` for
    /// re-evaluation, ``RoundingBound`` for running error bounds — by the general ``Evaluator`` (no
    /// derivative checks); `nil` when the first expression is not finite there.
    func evaluate<T: DifferentiableScalar>(_ point: Point, as type: T.Type) throws(EvaluationError) -> [Tensor<T>]? {
        let scope = Scope<T>(
            program: program, budget: budget,
            base: NameTable(names: program.givenNames, values: point.map { $0.map { T($0) } }), derivativeDepth: 0)
        return try evaluateExpressions(in: scope)
    }

    /// ``evaluate(_:checkDerivatives:)`` without derivative checks, on plain scalars.
    func evaluate(_ point: Point, _ scalarProgram: ScalarProgram) throws(ScalarProgram.Unsupported) -> PointOutcome {
        try scalarProgram.withScope(point) { (scope) throws(ScalarProgram.Unsupported) -> PointOutcome in
            var steps = ScalarProgram.Steps(budget)
            var results: [Tensor<Double>] = []
            results.reserveCapacity(scalarProgram.expressions.count)
            for (e, node) in scalarProgram.expressions.enumerated() {
                let v = try scalarProgram.evaluate(node, &scope, &steps)
                results.append(Tensor(v))
                if e == 0, !v.isFinite {
                    budget.setSteps(steps.count)
                    return .outsideDomain
                }
            }
            budget.setSteps(steps.count)
            return .values(results, touchedKink: scope.touchedKink)
        }
    }

    // MARK: - Comparison

    /// The fence's tolerance: `rtol` (default `√ε`) and `atol` (default 0); each comparison adds the
    /// rounding measured for its own two sides (see ``roundingAllowance(_:_:)``).
    var tolerance: Tolerance { Tolerance(relative: rtol, absolute: atol ?? 0) }

    /// The rounding two compared values may contain: the sum of both sides' (see ``recheck(_:_:failing:)``).
    static func roundingAllowance(_ rounding: (Tensor<Double>, Tensor<Double>)?, _ i: Int) -> Double {
        guard let (l, r) = rounding else { return 0 }
        let a = l.isScalar ? l.elements[0] : l.elements[i]
        let b = r.isScalar ? r.elements[0] : r.elements[i]
        return a + b
    }

    /// Compares `l` and `r` under `relation`, element by element, by the core's one rule
    /// (``Tolerance/holds(_:_:_:rounding:)``), allowing each element the measured `rounding` of both sides.
    ///
    /// - Throws: an error when the shapes differ and neither side is a scalar.
    func compare(
        _ l: Tensor<Double>, _ r: Tensor<Double>, _ relation: Relation, rounding: (Tensor<Double>, Tensor<Double>)? = nil,
        at range: SourceRange
    ) throws(EvaluationError) -> PointComparison {
        guard l.shape == r.shape || l.isScalar || r.isScalar else {
            throw EvaluationError(
                message: "shape mismatch in the comparison: a \(describeShape(l.shape)) against a \(describeShape(r.shape))",
                range: range)
        }
        let n = max(l.count, r.count)
        let t = tolerance
        let op = relation.comparisonRelation
        var worst = 0
        var worstScore = -Double.infinity
        var holds = true
        for i in 0..<n {
            let a = l.isScalar ? l.elements[0] : l.elements[i]
            let b = r.isScalar ? r.elements[0] : r.elements[i]
            let allowance = ClaimJudge.roundingAllowance(rounding, i)
            if !t.holds(a, op, b, rounding: allowance) { holds = false }
            let score = t.score(a, op, b, rounding: allowance)
            if score > worstScore || i == 0 {
                worstScore = score
                worst = i
            }
        }
        let a = l.isScalar ? l.elements[0] : l.elements[worst]
        let b = r.isScalar ? r.elements[0] : r.elements[worst]
        return PointComparison(holds: holds, worstIndex: worst, left: a, right: b, score: worstScore)
    }

    /// The relation the comparison `(left, right)` of a chain checks: the written one between neighbours, the
    /// composite one from the first expression.
    func relation(of comparison: (left: Int, right: Int)) -> Relation {
        comparison.left == 0 && comparison.right > 1
            ? compositeRelation(claim.steps[0..<comparison.right].map(\.relation)) ?? .equal
            : claim.steps[comparison.right - 1].relation
    }

    /// Each step against the first expression (by the chain's composite relation) and against the previous
    /// step; `rounding`, when given, is each expression's measured rounding (see ``measureRounding(_:_:)``).
    func compareSteps(_ values: [Tensor<Double>], rounding: [Tensor<Double>]? = nil) throws(EvaluationError)
        -> [(first: PointComparison, previous: PointComparison)]
    {
        var result: [(first: PointComparison, previous: PointComparison)] = []
        result.reserveCapacity(claim.steps.count)
        try compareSteps(values, rounding: rounding, into: &result)
        return result
    }

    /// ``compareSteps(_:rounding:)`` into `result`, emptied first and its storage kept, for a caller that
    /// compares point after point.
    func compareSteps(
        _ values: [Tensor<Double>], rounding: [Tensor<Double>]? = nil,
        into result: inout [(first: PointComparison, previous: PointComparison)]
    ) throws(EvaluationError) {
        result.removeAll(keepingCapacity: true)
        for k in 0..<claim.steps.count {
            let relation = claim.steps[k].relation
            let range = claim.steps[k].expression.range
            let previous = try compare(
                values[k], values[k + 1], relation, rounding: rounding.map { ($0[k], $0[k + 1]) }, at: range)
            let first: PointComparison
            if k == 0 {
                first = previous
            } else if let composite = composites[k] {
                first = try compare(
                    values[0], values[k + 1], composite, rounding: rounding.map { ($0[0], $0[k + 1]) }, at: range)
            } else {
                first = PointComparison(holds: true, worstIndex: 0, left: 0, right: 0, score: 0)
            }
            result.append((first, previous))
        }
    }

    /// What re-evaluating a failing point in extended precision says.
    enum RoundingCheck {
        /// With each side's measured rounding allowed, every comparison holds: the failure was rounding.
        case holds([(first: PointComparison, previous: PointComparison)])
        /// A side is not finite in `Double` but is, and agrees, in extended precision: the point lies beyond
        /// what `Double` can evaluate, and decides nothing.
        case beyondDoubleRange
        /// The failure is real.
        case fails([(first: PointComparison, previous: PointComparison)])
    }

    /// `|a − b|` for a `Double` value and its extended-precision counterpart; 0 unless both are finite.
    static func distance(_ a: Double, _ b: ExtendedPrecision) -> Double {
        let d = abs(ExtendedPrecision(a) - b)
        return a.isFinite && b.isFinite && d.isFinite ? Double(d) : 0
    }

    /// Re-evaluates a point whose `Double` comparison failed, to tell rounding from a real failure, and
    /// compares again allowing each value the rounding it may contain: the larger of
    ///
    /// - its running error bound (``RoundingBound``: first-order error analysis of the operations that
    ///   computed it, which covers cancellations too deep for any fixed precision, as `1 − σ(300)`), and
    /// - twice its measured error, its distance from the same expression evaluated in ``ExtendedPrecision``
    ///   (which covers what the bound's first order misses, as results near underflow).
    func recheck(
        _ point: Point, _ values: [Tensor<Double>], failing: [(first: PointComparison, previous: PointComparison)]
    ) throws(EvaluationError) -> RoundingCheck {
        guard let extended = try evaluate(point, as: ExtendedPrecision.self), extended.count == values.count,
            let bounded = try evaluate(point, as: RoundingBound.self), bounded.count == values.count
        else { return .fails(failing) }
        var rounding: [Tensor<Double>] = []
        rounding.reserveCapacity(values.count)
        for ((v, x), b) in zip(zip(values, extended), bounded) {
            guard v.shape == x.shape, v.shape == b.shape else { return .fails(failing) }
            var elements: [Double] = []
            elements.reserveCapacity(v.count)
            for i in 0..<v.count {
                let bound = b.elements[i].error
                elements.append(max(2 * Self.distance(v.elements[i], x.elements[i]), bound.isNaN ? 0 : bound))
            }
            rounding.append(
                v.shape.isEmpty ? Tensor(elements[0]) : (try? Tensor(shape: v.shape, elements: elements)) ?? Tensor(0.0))
        }
        let comparisons = try compareSteps(values, rounding: rounding)
        if comparisons.allSatisfy({ $0.first.holds && $0.previous.holds }) { return .holds(comparisons) }
        // A side that `Double` could not evaluate (overflow, underflow to a pole) but extended precision can,
        // and there the claim holds (by the relative tolerance alone).
        // Likewise a value whose rounding is unbounded (it has no correct digit in double precision).
        let nonFinite = values.contains { $0.elements.contains { !$0.isFinite } }
        let unbounded = rounding.contains { $0.elements.contains { !$0.isFinite } }
        if nonFinite || unbounded, extendedHolds(extended) { return .beyondDoubleRange }
        return .fails(comparisons)
    }

    /// Whether every comparison of the chain holds on extended-precision values, by the relative tolerance.
    func extendedHolds(_ values: [Tensor<ExtendedPrecision>]) -> Bool {
        let t = tolerance
        func holds(_ l: Tensor<ExtendedPrecision>, _ r: Tensor<ExtendedPrecision>, _ relation: Relation) -> Bool {
            guard l.shape == r.shape || l.isScalar || r.isScalar else { return false }
            return (0..<max(l.count, r.count)).allSatisfy { i in
                t.holds(
                    l.isScalar ? l.elements[0] : l.elements[i], relation.comparisonRelation,
                    r.isScalar ? r.elements[0] : r.elements[i])
            }
        }
        for k in 0..<claim.steps.count {
            guard holds(values[k], values[k + 1], claim.steps[k].relation) else { return false }
            if k > 0, let composite = composites[k], !holds(values[0], values[k + 1], composite) { return false }
        }
        return true
    }

    /// Whether the decisive comparison fails at `point`, the point is valid (finite first expression,
    /// no kink), forward mode agrees with finite differences there, and the failure is not rounding.
    func failsConfirmed(_ point: Point, comparison: (left: Int, right: Int, failing: [Int])) -> Bool {
        guard case .values(let values, _)? = try? evaluate(point, checkDerivatives: true),
            let c = try? compare(
                values[comparison.left], values[comparison.right], relation(of: (comparison.left, comparison.right)),
                at: claim.range), !c.holds
        else { return false }
        if let failing = try? compareSteps(values), case .fails? = try? recheck(point, values, failing: failing) {
            return true
        }
        return false
    }

    // MARK: - Shrinking

    /// Moves each variable toward simple values (0, ±1, ±0.5, ±2, integers, short decimals) while the
    /// claim still fails there and the point is still valid.
    func shrink(_ start: Point, comparison: (left: Int, right: Int, failing: [Int])) throws(EvaluationError) -> Point {
        var point = start
        let givens = program.fence.givens
        for (g, given) in givens.enumerated() {
            let scalarDomain: ScalarDomain
            switch domain(of: given) {
            case .scalar(let s), .tensor(let s, _): scalarDomain = s
            default: continue
            }
            for k in 0..<point[g].count {
                let current = point[g].elements[k]
                for candidate in shrinkCandidates(current, domain: scalarDomain) {
                    guard simplicity(candidate) < simplicity(current) else { continue }
                    var trial = point
                    trial[g].elements[k] = candidate
                    if failsConfirmed(trial, comparison: comparison) {
                        point = trial
                        break
                    }
                }
            }
        }
        return point
    }

    func shrinkCandidates(_ v: Double, domain: ScalarDomain) -> [Double] {
        var candidates: [Double]
        if case .finite(let values) = domain {
            candidates = values.sorted { simplicity($0) < simplicity($1) }
        } else {
            candidates = [0, 1, -1, 0.5, -0.5, 2, -2, v.rounded()]
            let magnitude = v == 0 ? 0 : floor(log10(abs(v)))
            for digits in 1...3 {
                let unit = pow(10, magnitude - Double(digits - 1))
                candidates.append((v / unit).rounded() * unit)
            }
        }
        return candidates.filter { domain.contains($0) && $0 != v }
    }

    /// A rough measure of how simple a number is to read: 0, then ±1, ±0.5, ±2, integers, short decimals.
    func simplicity(_ v: Double) -> Double {
        let simple: [Double] = [0, 1, -1, 0.5, -0.5, 2, -2]
        if let i = simple.firstIndex(of: v) { return Double(i) }
        if v == v.rounded() { return 10 + abs(v) / 1e6 }
        for digits in 1...6 {
            let scaled = v * pow(10, Double(digits))
            if abs(scaled - scaled.rounded()) < 1e-9 * max(1, abs(scaled)) { return 20 + Double(digits) }
        }
        return 100
    }

    // MARK: - Report

    func counterexample(at point: Point, comparison: (left: Int, right: Int, failing: [Int])) throws(EvaluationError)
        -> Counterexample
    {
        let outcome = try evaluate(point, checkDerivatives: false)
        guard case .values(let values, _) = outcome else {
            throw EvaluationError(message: "internal error: the counterexample is no longer valid", range: claim.range)
        }
        let l = values[comparison.left], r = values[comparison.right]
        let c = try compare(l, r, relation(of: (comparison.left, comparison.right)), at: claim.range)
        var variables: [Counterexample.Variable] = []
        for (g, given) in program.fence.givens.enumerated() {
            variables.append(Counterexample.Variable(name: given.name, value: formatValue(point[g])))
        }
        var worstIndex: [Int]?
        let shape = l.isScalar ? r.shape : l.shape
        if !shape.isEmpty {
            var index: [Int] = []
            var rest = c.worstIndex
            for extent in shape.reversed() {
                index.append(rest % extent + 1)
                rest /= extent
            }
            worstIndex = index.reversed()
        }
        var note: String?
        if c.left.isFinite, !c.right.isFinite {
            let side = comparison.right == 1 && claim.steps.count == 1 ? "the right side" : "step \(comparison.right)"
            note = "\(side) is \(formatScalar(c.right)) where the first expression is finite"
        }
        return Counterexample(
            variables: variables, lhs: formatScalar(c.left), rhs: formatScalar(c.right),
            difference: formatScalar(c.left - c.right), worstIndex: worstIndex, note: note)
    }

    // MARK: - Diagnosis

    /// Looks for one pattern in the failures: a sign error, a constant factor, a constant offset, or a
    /// region of one variable where the claim fails.
    func diagnose(pairs: [(point: Int, left: [Double], right: [Double], fails: Bool)], points: [Point]) -> String? {
        let finitePairs = pairs.filter { p in p.left.allSatisfy(\.isFinite) && p.right.allSatisfy(\.isFinite) }
        guard !finitePairs.isEmpty else { return nil }
        let t = Tolerance(relative: 1e-6, absolute: 1e-9)
        var lefts: [Double] = []
        var rights: [Double] = []
        for p in finitePairs {
            lefts += p.left
            rights += p.right
        }
        // Patterns over every valid point (points where both sides vanish fit every pattern but the offset).
        if zip(lefts, rights).allSatisfy({ t.accepts($0, -$1) }), lefts.contains(where: { abs($0) > 1e-9 }) {
            return "sign error: the left side is −1 × the right side at every point"
        }
        let ratios = zip(lefts, rights).compactMap { l, r -> Double? in abs(r) > 1e-9 && abs(l) > 1e-9 ? l / r : nil }
        if let k = ratios.first, ratios.count >= 2 || ratios.count == lefts.count,
            ratios.allSatisfy({ abs($0 - k) <= 1e-6 * abs(k) }),
            zip(lefts, rights).allSatisfy({ l, r in abs(r) > 1e-9 || abs(l) <= 1e-9 }), abs(k - 1) > 1e-6
        {
            return "off by a factor of \(formatFraction(k)): the left side is \(formatFraction(k)) × the right side"
        }
        let differences = zip(lefts, rights).map { $0 - $1 }
        if let c = differences.first, differences.allSatisfy({ abs($0 - c) <= 1e-6 * max(1, abs(c)) }), abs(c) > 1e-9 {
            return "off by a constant: left − right = \(formatFraction(c)) at every point"
        }
        if finitePairs.allSatisfy(\.fails) { return nil }
        // Region: the failures are exactly the points on one side of a threshold in one scalar variable.
        let givens = program.fence.givens
        for (g, given) in givens.enumerated() where given.domain.shape.isEmpty {
            let failing = finitePairs.filter(\.fails).map { points[$0.point][g].elements[0] }
            let holding = finitePairs.filter { !$0.fails }.map { points[$0.point][g].elements[0] }
            guard let maxFail = failing.max(), let minFail = failing.min(), let maxHold = holding.max(),
                let minHold = holding.min()
            else { continue }
            if maxFail < minHold {
                return
                    "wrong for \(given.name) \(maxFail < niceBetween(maxFail, minHold) ? "<" : "≤") \(formatScalar(niceBetween(maxFail, minHold)))"
            }
            if minFail > maxHold {
                return
                    "wrong for \(given.name) \(minFail > niceBetween(maxHold, minFail) ? ">" : "≥") \(formatScalar(niceBetween(maxHold, minFail)))"
            }
        }
        return nil
    }

    /// When a vector given from an interval of non-negative numbers is involved, checks whether the claim
    /// holds at the failing points once that vector is normalised to sum to 1 ("holds only if Σy = 1").
    func diagnoseConstraint(points: [Point], failing: [Int], comparison: (left: Int, right: Int, failing: [Int]))
        throws(EvaluationError) -> String?
    {
        for (g, given) in program.fence.givens.enumerated() {
            guard case .elements(.interval(let lower, _, _, _), let shape) = given.domain, shape.count == 1,
                lower >= 0
            else { continue }
            var allHold = true
            var tried = 0
            for p in failing.prefix(16) {
                var point = points[p]
                let total = point[g].elements.reduce(0, +)
                guard total > 0 else { continue }
                point[g] = point[g].map { $0 / total }
                tried += 1
                if failsConfirmed(point, comparison: comparison) {
                    allHold = false
                    break
                }
            }
            if allHold, tried > 0 {
                return "holds only if the entries of \(given.name) sum to 1: declare \(given.name) ∈ simplex(\(shape[0]))"
            }
        }
        return nil
    }
}

/// The simplest number in `[a, b]`: 0, an integer, a half, one decimal, else the midpoint.
func niceBetween(_ a: Double, _ b: Double) -> Double {
    if a <= 0, 0 <= b { return 0 }
    for unit in [1.0, 0.5, 0.1, 0.01] {
        let c = (a / unit).rounded(.up) * unit
        if c <= b { return c }
    }
    return (a + b) / 2
}

/// `k` as a simple fraction (`1/2`, `-2`, `3/4`) when within 1e-9 of one with denominator ≤ 12, else decimal.
func formatFraction(_ k: Double) -> String {
    for q in 1...12 {
        let p = (k * Double(q)).rounded()
        if abs(k - p / Double(q)) <= 1e-9 * max(1, abs(k)) {
            return q == 1 ? formatNumber(p) : "\(formatNumber(p))/\(q)"
        }
    }
    return formatScalar(k)
}

/// A scalar with up to 6 significant digits (`1`, `-0.5`, `3.71934`, `1.2e-07`).
func formatScalar(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(format: "%.6g", v)
}

/// A tensor printed with ``formatScalar(_:)``: `1`, `[0.5, 1]`, `[[1, 2], [3, 4]]`.
func formatValue(_ t: Tensor<Double>) -> String {
    switch t.rank {
    case 0: return formatScalar(t.elements[0])
    case 1: return "[" + t.elements.map(formatScalar).joined(separator: ", ") + "]"
    default:
        let columns = t.shape[1]
        let rows = (0..<t.shape[0]).map { i in
            "[" + t.elements[(i * columns)..<((i + 1) * columns)].map(formatScalar).joined(separator: ", ") + "]"
        }
        return "[" + rows.joined(separator: ", ") + "]"
    }
}
