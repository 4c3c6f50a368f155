import Diagnostics
import Foundation
import KaTeX

/// The messages printed for claims that did not come out as expected.
public enum ClaimDiagnostics {
    /// One error per failing claim, `path:line:col: error: claim 'ID' refuted: …`, with the
    /// claim's source line and the counterexample on the lines under it; one warning per vacuous
    /// claim (an error with `strict`).
    ///
    /// A fence whose attributes are malformed was reported by the build already (in
    /// ``BuildSummary/diagnostics``); its stand-in claim is not reported a second time.
    public static func diagnostics(for summary: BuildSummary, strict: Bool = false) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for post in summary.posts {
            // Most fences have nothing to say: they are passed over before anything is computed for them.
            for fence in post.fences
            where fence.claims.contains(where: { !$0.verdict.isPassing || $0.check.vacuity != nil })
                && !fence.hasMalformedAttributes
            {
                let body = fence.source.split(separator: "\n", omittingEmptySubsequences: false)
                // A claim that is not in error stands at its fence's column (a judged fence does not keep it);
                // with none, the fence is taken to start its line, as almost every fence does.
                let fenceColumn = fence.claims.filter { $0.verdict != .error }.map(\.column).min() ?? 1
                // The claim's line as the fence body holds it, indented back to the fence's column (a
                // block quote's `>` shows as a space): the text the build read, not a second reading of the file.
                func sourceLine(of claim: ClaimOutcome) -> String? {
                    let index = claim.line - fence.line - 1
                    guard body.indices.contains(index) else { return nil }
                    var text = Substring(body[index])
                    if text.hasSuffix("\r") { text = text.dropLast() }
                    let line = String(repeating: " ", count: max(0, fenceColumn - 1)) + text
                    return claim.column <= line.unicodeScalars.count + 1 ? line : nil
                }
                // A fence's vacuity warnings come before its failures.
                let passing = fence.claims.filter(\.verdict.isPassing)
                let failing = fence.claims.filter { !$0.verdict.isPassing }
                diagnostics += (passing + failing).compactMap { claim in
                    claim.diagnostic(path: post.path, sourceLine: sourceLine(of: claim), strict: strict)
                }
            }
        }
        return diagnostics
    }
}

extension ClaimOutcome {
    /// The message the terminal shows for this claim: an error when it did not come out as its fence
    /// said (`claim 'ID' refuted: …`, with the counterexample and the broken steps as notes), a warning
    /// when it passed but is vacuous (an error with `strict`), nil otherwise.
    ///
    /// - Parameters:
    ///   - path: the post's path, as messages show it.
    ///   - sourceLine: the claim's line as the post holds it, to show under the message.
    ///   - strict: whether a vacuous claim is an error.
    func diagnostic(path: String, sourceLine: String?, strict: Bool) -> Diagnostic? {
        if verdict.isPassing {
            guard let vacuity = check.vacuity else { return nil }
            return Diagnostic(
                strict ? .error : .warning, path: path, location: location, message: "claim '\(id)' is vacuous: \(vacuity)",
                sourceLine: sourceLine)
        }
        let what: String
        switch verdict {
        case .refuted: what = "refuted"
        case .unexpectedlyVerified: what = "unexpectedly verified (the fence says expect=fail)"
        default: what = "could not be judged"
        }
        var message = "claim '\(id)' \(what)"
        if let detail = diagnosis ?? self.message { message += ": " + detail }
        var notes: [String] = []
        if let counterexample {
            let point = counterexample.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
            notes.append("counterexample: \(point)")
            let index = counterexample.index.map { " at index \($0)" } ?? ""
            notes.append(
                "left side\(index) = \(counterexample.left), right side = \(counterexample.right), difference = \(counterexample.difference)"
            )
        }
        for step in steps where !step.verdict.isPassing {
            notes.append("step \(step.index): \(step.verdict.word.lowercased())\(step.note.map { " — " + $0 } ?? "")")
        }
        return Diagnostic(path: path, location: location, message: message, notes: notes, sourceLine: sourceLine)
    }
}
