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
            for fence in post.fences where !fence.hasMalformedAttributes {
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
                for claim in fence.claims where claim.verdict.isPassing {
                    guard let vacuity = claim.check.vacuity else { continue }
                    diagnostics.append(
                        Diagnostic(
                            strict ? .error : .warning, path: post.path,
                            location: SourceLocation(line: claim.line, column: claim.column),
                            message: "claim '\(claim.id)' is vacuous: \(vacuity)", sourceLine: sourceLine(of: claim)))
                }
                for claim in fence.claims where !claim.verdict.isPassing {
                    let what: String
                    switch claim.verdict {
                    case .refuted: what = "refuted"
                    case .unexpectedlyVerified: what = "unexpectedly verified (the fence says expect=fail)"
                    default: what = "could not be judged"
                    }
                    var message = "claim '\(claim.id)' \(what)"
                    if let detail = claim.diagnosis ?? claim.message { message += ": " + detail }
                    var notes: [String] = []
                    if let counterexample = claim.counterexample {
                        let point = counterexample.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                        notes.append("counterexample: \(point)")
                        let index = counterexample.index.map { " at index \($0)" } ?? ""
                        notes.append(
                            "left side\(index) = \(counterexample.left), right side = \(counterexample.right), difference = \(counterexample.difference)"
                        )
                    }
                    for step in claim.steps where !step.verdict.isPassing {
                        notes.append("step \(step.index): \(step.verdict.word.lowercased())\(step.note.map { " — " + $0 } ?? "")")
                    }
                    diagnostics.append(
                        Diagnostic(
                            path: post.path, location: SourceLocation(line: claim.line, column: claim.column),
                            message: message, notes: notes, sourceLine: sourceLine(of: claim)))
                }
            }
        }
        return diagnostics
    }
}
