import ClaimLanguage
import Foundation

/// A given's domain: a closed interval, for a scalar or for each element of a vector.
struct OracleDomain: Hashable {
    var lower: Double
    var upper: Double
    /// Elements (1 for a scalar).
    var width: Int = 1

    /// The domain as the claim language writes it: `[-2, 2]` or `[-2, 2]^3`.
    var text: String {
        let interval = "[\(formatBound(lower)), \(formatBound(upper))]"
        return width == 1 ? interval : interval + "^\(width)"
    }

    /// The simple values the judge tries first, where inside: the ends, 0, ±0.5, ±1, ±2.
    var anchors: [Double] {
        var result = [lower, upper]
        for v in [0, 0.5, -0.5, 1, -1, 2, -2] where lower < v && v < upper { result.append(v) }
        return result
    }
}

/// A bound in decimal or `1e11` notation.
func formatBound(_ v: Double) -> String {
    if abs(v) >= 1e6 { return v < 0 ? "-" + formatBound(-v) : "1e\(Int(log10(v).rounded()))" }
    return v < 0 ? "-" + formatConstant(-v) : formatConstant(v)
}

/// A relation between consecutive expressions of a claim.
enum OracleRelation: String, CaseIterable {
    case equal = "="
    case less = "<"
    case lessOrEqual = "≤"
    case greater = ">"
    case greaterOrEqual = "≥"

    /// The relation with its direction reversed and its strictness kept (`<` ↔ `>`): false wherever the
    /// original holds with a margin.
    var flipped: OracleRelation {
        switch self {
        case .equal: .equal
        case .less: .greater
        case .lessOrEqual: .greater
        case .greater: .less
        case .greaterOrEqual: .less
        }
    }
}

/// A claim as the oracle sees it: the meaning of every expression (to evaluate) next to its text (for the fence).
struct ClaimSpec {
    /// The family, for reports: `rewrite/distribute`, `derivative/fault: dropped chain-rule factor`, …
    var family: String
    var givens: [(name: String, domain: OracleDomain)]
    /// Lets, in order; subtrees equal to a let's body print as its name.
    var lets: [(name: String, body: OracleExpr)] = []
    /// What each expression of the claim means (the first expression, then each step).
    var meanings: [OracleExpr]
    /// How each expression is written; `nil` prints the meaning.
    var texts: [String?]
    /// The relation before each step (one fewer than `meanings`).
    var relations: [OracleRelation]
    /// Extra lines put before the claim (decoys).
    var extraLines: [String] = []
    /// Expressions the text evaluates that no meaning contains (a derivative's body): they too must stay
    /// finite and moderate, or double precision could overflow where the oracle does not look.
    var bodies: [OracleExpr] = []
    /// For a claim whose later side is undefined everywhere: the argument of `sqrt` or `log` there, which
    /// the oracle checks is negative at every point (the claim then fails, by the README's rule).
    var undefinedArgument: OracleExpr?
    /// Text appended to every side (decoys: `+ 0 * big`).
    var sideSuffix = ""
    /// Whether the generator built the claim to hold (the oracle must agree, or it is a generator bug).
    var builtTrue: Bool
    var spelling = OracleSpelling()
    /// Write the chain one step per line.
    var multiline = false

    /// The fence body.
    var fence: String {
        let printer = OraclePrinter(spelling: spelling, lets: lets)
        var lines: [String] = []
        lines.append("given " + givens.map { "\($0.name) ∈ \($0.domain.text)" }.joined(separator: ", "))
        lines += extraLines
        for (i, l) in lets.enumerated() { lines.append("let \(l.name) = " + printer.print(l.body, letLimit: i)) }
        let sides = zip(meanings, texts).map { meaning, text in (text ?? printer.print(meaning)) + sideSuffix }
        var claim = "claim " + sides[0]
        for (k, relation) in relations.enumerated() {
            claim += (multiline ? "\n    " : " ") + relation.rawValue + " " + sides[k + 1]
        }
        lines.append(claim)
        return lines.joined(separator: "\n")
    }
}

/// What the oracle concludes about a claim.
enum OracleDecision: Equatable {
    /// Every step holds at every point, with a margin far above double-precision rounding.
    case holds
    /// Some step breaks clearly at a good share of the points.
    case breaks
    /// Neither clearly: the claim is discarded.
    case undecided(String)
}

/// The oracle: decides a claim in extended precision over a dense grid plus random points of its domain.
struct Oracle {
    /// Grid points per scalar given (one given), anchors included as well.
    var gridPoints = 48
    /// Random points added to the grid.
    var randomPoints = 16
    /// The share of points at which a false claim must break clearly, so any sampling judge meets one.
    var breakingShare = 0.3

    /// The points at which a claim over `givens` is decided.
    func points(for givens: [(name: String, domain: OracleDomain)], rng: inout OracleRandom) -> OraclePoints {
        var rows: [[[Double]]] = []  // rows[p][g] = the given's elements at point p
        let scalars = givens.allSatisfy { $0.domain.width == 1 }
        if scalars {
            // A grid per given (anchors and evenly spaced values), crossed.
            let perAxis = givens.count == 1 ? gridPoints : max(5, Int(Double(gridPoints).squareRoot().rounded()))
            var axes: [[Double]] = []
            for g in givens {
                let d = g.domain
                var axis = givens.count == 1 ? d.anchors : Array(d.anchors.prefix(4))
                for i in 0..<perAxis { axis.append(d.lower + (d.upper - d.lower) * Double(i) / Double(perAxis - 1)) }
                axes.append(axis)
            }
            var combinations: [[Double]] = [[]]
            for axis in axes { combinations = combinations.flatMap { c in axis.map { c + [$0] } } }
            rows += combinations.map { $0.map { [$0] } }
        } else {
            // Every given filled with each of its anchors, in step (as the judge starts).
            let anchorCount = givens.map(\.domain.anchors.count).max() ?? 0
            for a in 0..<anchorCount {
                rows.append(
                    givens.map { g in
                        let anchors = g.domain.anchors
                        return Array(repeating: anchors[min(a, anchors.count - 1)], count: g.domain.width)
                    })
            }
        }
        let randomCount = scalars ? randomPoints : gridPoints + randomPoints
        for _ in 0..<randomCount {
            rows.append(givens.map { g in (0..<g.domain.width).map { _ in rng.uniform(g.domain.lower, g.domain.upper) } })
        }
        var columns: [String: (width: Int, values: [Double])] = [:]
        for (i, g) in givens.enumerated() {
            columns[g.name] = (g.domain.width, rows.flatMap { $0[i] })
        }
        return OraclePoints(count: rows.count, columns: columns)
    }

    /// Decides `claim`.
    func decide(_ claim: ClaimSpec, rng: inout OracleRandom) -> OracleDecision {
        let points = points(for: claim.givens, rng: &rng)
        if let argument = claim.undefinedArgument {
            var evaluator = OracleEvaluator(points: points)
            let first = evaluator.evaluate(claim.meanings[0])
            let inside = evaluator.evaluate(argument)
            guard evaluator.allFinite, first.values.allSatisfy(\.isFinite) else { return .undecided("not finite") }
            return inside.values.allSatisfy { $0 < -0.5 } ? .breaks : .undecided("argument not negative")
        }
        var evaluator = OracleEvaluator(points: points)
        let values = claim.meanings.map { evaluator.evaluate($0) }
        for body in claim.bodies { _ = evaluator.evaluate(body) }
        guard evaluator.allFinite else { return .undecided("not finite") }
        guard !evaluator.shapeError else { return .undecided("shape error") }
        guard evaluator.largestMagnitude <= 1e4 else { return .undecided("magnitude \(evaluator.largestMagnitude)") }
        var everyStepHolds = true
        var someStepBreaks = false
        for (k, relation) in claim.relations.enumerated() {
            let (holds, breakingShare) = compare(values[k], values[k + 1], relation, points: points.count)
            if !holds { everyStepHolds = false }
            if breakingShare >= self.breakingShare { someStepBreaks = true }
        }
        if everyStepHolds { return .holds }
        if someStepBreaks { return .breaks }
        return .undecided("breaks at too few points, or not clearly")
    }

    /// Whether `l relation r` holds clearly at every point, and the share of points where it breaks clearly.
    func compare(_ l: OracleValues, _ r: OracleValues, _ relation: OracleRelation, points: Int)
        -> (holds: Bool, breakingShare: Double)
    {
        let width = max(l.width, r.width)
        var holds = true
        var breaking = 0
        for p in 0..<points {
            var breaksHere = false
            for k in 0..<width {
                let a = l.value(p, k), b = r.value(p, k)
                let rounding = l.error(p, k) + r.error(p, k)
                let scale = max(a.magnitude, b.magnitude)
                // Double precision must be far inside any sensible tolerance (the judge's is 1.5e-8 relative).
                let conditioned = rounding <= 1e-10 * scale + 1e-13
                // "a is clearly above b": by a millionth of the scale and far beyond rounding.
                func clearlyAbove(_ a: Float80, _ b: Float80) -> Bool {
                    a - b > 1e-6 * max(1, scale) && a - b > 1000 * rounding
                }
                // "a is below b with room for rounding" (strict relations compare doubles exactly).
                func safelyBelow(_ a: Float80, _ b: Float80) -> Bool {
                    b - a > 4 * rounding + 1e-12 * max(1, scale)
                }
                switch relation {
                case .equal:
                    if !((a - b).magnitude <= 1e-12 * max(1, scale) && conditioned) { holds = false }
                    if clearlyAbove(a, b) || clearlyAbove(b, a) { breaksHere = true }
                case .less:
                    if !safelyBelow(a, b) { holds = false }
                    if clearlyAbove(a, b) { breaksHere = true }
                case .greater:
                    if !safelyBelow(b, a) { holds = false }
                    if clearlyAbove(b, a) { breaksHere = true }
                case .lessOrEqual:
                    if !(b - a >= -1e-12 * max(1, scale) && conditioned) { holds = false }
                    if clearlyAbove(a, b) { breaksHere = true }
                case .greaterOrEqual:
                    if !(a - b >= -1e-12 * max(1, scale) && conditioned) { holds = false }
                    if clearlyAbove(b, a) { breaksHere = true }
                }
            }
            if breaksHere { breaking += 1 }
        }
        return (holds, Double(breaking) / Double(points))
    }
}
