import ComputeCore
import Diagnostics
import Foundation

/// What the finite-difference cross-check of a point's derivatives found.
struct DerivativeReport {
    /// A derivative does not exist at the point: one-sided difference quotients disagree.
    var kink = false
    /// Forward mode and central differences disagree (an internal inconsistency of the core).
    var inconsistency: String?
}

extension Evaluator {
    /// The step sizes of the finite-difference check, as fractions of `∛ε · max(1, |x|)`: the largest
    /// first, then ever smaller ones, so that a fast-varying function or a point close to (but not at) a kink
    /// is resolved by a step that does not reach past its features.
    static let differenceStepFractions: [Double] = [1, 1.0 / 16, 1.0 / 256, 1.0 / 4096, 1.0 / 65536]

    /// Compares a forward-mode derivative with finite differences of the function, element by element.
    ///
    /// For each step `h` of ``differenceStepFractions`` (rounded so that `x + h` is exact), the one-sided
    /// quotients `D₊ = (f(x+h) − f(x))/h` and `D₋ = (f(x) − f(x−h))/h` must agree (ComputeCore's
    /// `oneSidedDifferencesAgree`, the tool's one kink rule) and the central difference must agree with forward mode within
    /// `10⁻⁵ · max(1, |AD|, |FD|) + 10⁻⁸ · max(1, |f(x)|)`; one step where both hold is enough. When no step
    /// does, the quotients at the smallest step tell why: when they still differ (or either is not finite)
    /// the derivative does not exist at the point (a kink, which the judge accepts only where a non-smooth
    /// built-in sits at its kink); otherwise forward mode is inconsistent with the function.
    static func finiteDifferenceCheck(
        of body: Expression, withRespectTo variable: String, _ scope: Scope<Double>,
        _ locals: [String: Tensor<Double>], forward: Tensor<Double>, range: SourceRange
    ) throws(EvaluationError) {
        if scope.derivativeReport.kink { return }
        // A function's parameter is perturbed among the locals; a given or a let in the scope.
        let local = locals.isEmpty ? nil : locals[variable]
        let x: Tensor<Double>
        if let local { x = local } else { x = try value(of: variable, range: range, scope) }
        let fixed = scope.fixed
        func f(_ point: Tensor<Double>) throws(EvaluationError) -> Tensor<Double> {
            let perturbed = Scope<Double>(
                program: scope.program, budget: scope.budget, base: fixed, seeded: local == nil ? (variable, point) : nil,
                derivativeDepth: scope.derivativeDepth)
            perturbed.callDepth = scope.callDepth
            var perturbedLocals = locals
            if local != nil { perturbedLocals[variable] = point }
            return try evaluate(body, perturbed, perturbedLocals)
        }
        let f0 = try f(x)
        for k in 0..<x.count {
            let xk = x.elements[k]
            // Which outputs some step has confirmed, and the one-sided quotients at the last step tried.
            var confirmed = Array(repeating: false, count: f0.count)
            var oneSided = Array(repeating: (plus: 0.0, minus: 0.0), count: f0.count)
            var lastCentral = Array(repeating: 0.0, count: f0.count)
            for fraction in differenceStepFractions {
                var h = Foundation.cbrt(Double.ulpOfOne) * max(1, abs(xk)) * fraction
                h = (xk + h) - xk
                guard h > 0 else { break }
                var plus = x
                plus.elements[k] = xk + h
                var minus = x
                minus.elements[k] = xk - h
                let fp = try f(plus)
                let fm = try f(minus)
                for i in 0..<f0.count where !confirmed[i] {
                    oneSided[i] = ((fp.elements[i] - f0.elements[i]) / h, (f0.elements[i] - fm.elements[i]) / h)
                    let central = (fp.elements[i] - fm.elements[i]) / (2 * h)
                    lastCentral[i] = central
                    let ad = forward.elements[i * x.count + k]
                    let allowed = 1e-5 * max(1, abs(ad), abs(central)) + 1e-8 * max(1, abs(f0.elements[i]))
                    let sidesAgree = oneSidedDifferencesAgree(oneSided[i].plus, oneSided[i].minus)
                    if !ad.isFinite || (sidesAgree && abs(central - ad) <= allowed) { confirmed[i] = true }
                }
                if !confirmed.contains(false) { break }
            }
            for i in 0..<f0.count where !confirmed[i] {
                if !oneSidedDifferencesAgree(oneSided[i].plus, oneSided[i].minus) {
                    scope.derivativeReport.kink = true
                    return
                }
                if scope.derivativeReport.inconsistency == nil {
                    let ad = forward.elements[i * x.count + k]
                    scope.derivativeReport.inconsistency =
                        "internal inconsistency of the compute core: forward mode gives \(formatScalar(ad)) for the derivative with respect to '\(variable)' but finite differences give \(formatScalar(lastCentral[i]))"
                }
            }
        }
    }
}

/// `scalar`, `3-vector`, `2×3 matrix`.
func describeShape(_ shape: [Int]) -> String {
    switch shape.count {
    case 0: "scalar"
    case 1: "\(shape[0])-vector"
    case 2: "\(shape[0])×\(shape[1]) matrix"
    default: shape.map(String.init).joined(separator: "×") + " tensor"
    }
}
