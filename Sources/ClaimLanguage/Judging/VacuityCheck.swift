import ComputeCore
import Diagnostics

/// The vacuity check: a verified equality must be able to fail.
///
/// Its right side (the last step of a chain, against the first expression) is mutated — negated, scaled
/// by 1.01, shifted by 1% of the largest magnitude the two sides reach, and with each of up to three of its
/// top-level terms dropped (at up to 24 of the points, until one refutes it) — and every mutant must be refuted at the same valid points under the same
/// tolerance. A claim whose mutant survives cannot tell a wrong right side from its own (the tolerance is
/// too loose, or the domain is too small for the sides to differ); nor can a claim with givens that
/// neither side depends on. Mutants equal to the claim (the negation of a right side
/// that is 0) are not tried. Inequalities are not mutated: a true inequality with slack is not vacuous.
extension ClaimJudge {
    /// The most top-level terms dropped, one at a time.
    static let maximumDroppedTerms = 3
    /// The most valid points a dropped-term mutant is evaluated at (it stops at the first that refutes it).
    static let droppedTermPoints = 24

    /// Why the verified claim is vacuous, or `nil` when every mutant was refuted.
    func vacuity(points: [Point], values: [[Tensor<Double>]?], validPoints: [Int], drawnCount: Int) -> String? {
        let last = claim.steps.count
        guard last >= 1, composites[last - 1] == .equal, !validPoints.isEmpty else { return nil }
        let pairs = validPoints.compactMap { p -> (point: Int, left: Tensor<Double>, right: Tensor<Double>)? in
            guard let v = values[p] else { return nil }
            return (p, v[0], v[last])
        }
        guard !pairs.isEmpty else { return nil }
        let givens = program.fence.givens.map(\.name)
        if !givens.isEmpty,
            !expressions.contains(where: { e in
                var names: Set<String> = []
                Program.collectNames(e, into: &names)
                return givens.contains { program.depends(names, on: $0) }
            })
        {
            return "neither side depends on a given, so the points tried decide nothing"
        }
        var largest = 0.0
        for pair in pairs {
            for v in pair.left.elements where v.isFinite { largest = max(largest, abs(v)) }
            for v in pair.right.elements where v.isFinite { largest = max(largest, abs(v)) }
        }
        let shift = 0.01 * (largest > 0 ? largest : 1)
        let rightIsZero = pairs.allSatisfy { $0.right.elements.allSatisfy { $0 == 0 } }
        var mutants: [(name: String, transform: (Double) -> Double)] = []
        if !rightIsZero {
            mutants.append(("with its right side negated", { -$0 }))
            mutants.append(("with its right side scaled by 1.01", { 1.01 * $0 }))
        }
        mutants.append(("with \(formatScalar(shift)) added to its right side", { $0 + shift }))
        // One tensor for every mutated right side, its storage reused from pair to pair.
        var mutated = Tensor(0.0)
        for mutant in mutants {
            let survives = pairs.allSatisfy { pair in
                mutated.shape = pair.right.shape
                mutated.elements.removeAll(keepingCapacity: true)
                for v in pair.right.elements { mutated.elements.append(mutant.transform(v)) }
                return (try? compare(pair.left, mutated, .equal, at: claim.range))?.holds == true
            }
            if survives { return "it still holds \(mutant.name), so the check cannot tell such an error" }
        }
        // The random points first (they come last; the first ones are anchors, often 0 in some given), each
        // mutant until it fails.
        // (The search's points, after them, cluster around two points.)
        let drawn = pairs.filter { $0.point < drawnCount }
        return droppedTermSurvivor(drawn.reversed().prefix(Self.droppedTermPoints).map { (points[$0.point], $0.left) })
    }

    /// The first term of the right side that can be dropped with the claim still holding, described.
    private func droppedTermSurvivor(_ samples: [(point: Point, left: Tensor<Double>)]) -> String? {
        guard indexRanges.isEmpty, let right = claim.steps.last?.expression else { return nil }
        let terms = Self.terms(of: right, negated: false)
        guard terms.count >= 2 else { return nil }
        for k in terms.indices.prefix(Self.maximumDroppedTerms) {
            let rest = terms.enumerated().filter { $0.offset != k }.map(\.element)
            let mutant = Self.sum(rest, range: right.range)
            let survives = samples.allSatisfy { sample in  // stops at the first point that refutes the mutant
                let scope = makeScope(sample.point)
                guard let value = try? Evaluator.evaluate(mutant, scope, [:]) else { return false }
                return (try? compare(sample.left, value, .equal, at: claim.range))?.holds == true
            }
            if survives {
                return
                    "it still holds with the term \(latex(terms[k].expression, ranks: program.ranks)) of its right side dropped"
            }
        }
        return nil
    }

    /// The top-level terms of a sum or difference, each with its sign.
    static func terms(of expression: Expression, negated: Bool) -> [(expression: Expression, negated: Bool)] {
        switch expression {
        case .binary(.add, let l, let r, _): return terms(of: l, negated: negated) + terms(of: r, negated: negated)
        case .binary(.subtract, let l, let r, _): return terms(of: l, negated: negated) + terms(of: r, negated: !negated)
        default: return [(expression, negated)]
        }
    }

    /// The sum of signed terms (at least one).
    static func sum(_ terms: [(expression: Expression, negated: Bool)], range: SourceRange) -> Expression {
        var result = terms[0].negated ? Expression.negate(terms[0].expression, range) : terms[0].expression
        for term in terms.dropFirst() {
            result = .binary(term.negated ? .subtract : .add, result, term.expression, range)
        }
        return result
    }
}
