import ClaimLanguage
import Foundation

extension ClaimOutcome {
    /// What a verified or refuted claim's verdict rests on, in plain words, for its card: the domains, the
    /// points tried and searched, the points left out and why, and the tolerance (saying when the fence set
    /// it). `nil` for claims that were not judged (errors, skips).
    var checkedDescription: String? {
        switch verdict {
        case .verified, .refuted, .refutedAsExpected, .unexpectedlyVerified: break
        case .error, .skipped: return nil
        }
        var sentence = "Checked numerically at \(pointsTried) point\(pointsTried == 1 ? "" : "s")"
        if !check.givens.isEmpty {
            sentence += " with " + check.givens.map { "\($0.name) ∈ \($0.domain)" }.joined(separator: ", ")
        }
        if check.pointsSearched > 0 {
            sentence += " (\(check.pointsSearched) of them found by a search for a counterexample near the closest calls)"
        }
        sentence += "."
        var leftOut: [String] = []
        let notFinite = pointsExcluded - kinksExcluded - check.pointsBeyondRange
        if notFinite > 0 { leftOut.append("\(notFinite) where the first expression is not finite") }
        if kinksExcluded > 0 { leftOut.append("\(kinksExcluded) at kinks, where a derivative does not exist") }
        if check.pointsBeyondRange > 0 { leftOut.append("\(check.pointsBeyondRange) that double precision cannot evaluate") }
        if !leftOut.isEmpty { sentence += " Left out: " + leftOut.joined(separator: "; ") + "." }
        return sentence + " " + toleranceDescription
    }

    /// The tolerance in words, marking a fence's own.
    var toleranceDescription: String {
        let relative = String(format: "%.2g", check.relativeTolerance)
        var text = "Tolerance: \(relative) relative"
        if check.absoluteTolerance > 0 { text += ", \(String(format: "%.2g", check.absoluteTolerance)) absolute" }
        text += ", plus the rounding each compared value can carry"
        if check.toleranceOverridden { text += " — set by this fence (the default is 1.5e-08 relative)" }
        return text + "."
    }
}
