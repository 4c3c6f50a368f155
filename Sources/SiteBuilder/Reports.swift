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
                        notes.append("left side\(index) = \(counterexample.left), right side = \(counterexample.right), difference = \(counterexample.difference)")
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

/// The JSON report written by `--report` (schema version 1, documented in the README).
public enum JSONReport {
    /// The version of the report's schema; raised when a field changes meaning or goes away.
    public static let schemaVersion = 1

    struct Report: Encodable {
        var schemaVersion: Int
        var summary: Counts
        var posts: [Post]
    }

    struct Counts: Encodable {
        var posts: Int
        var claims: Int
        var passed: Int
        var failed: Int
        var verdicts: [String: Int]
    }

    struct Post: Encodable {
        var path: String
        var title: String
        var url: String
        var claims: [Claim]
    }

    struct Step: Encodable {
        var index: Int
        var latex: String
        var verdict: String
        var note: String?
    }

    struct Claim: Encodable {
        var id: String
        var title: String?
        var line: Int
        var column: Int
        var verdict: String
        var passed: Bool
        var pointsTried: Int
        var pointsExcluded: Int
        var largestError: Double?
        var seed: String
        var latex: String
        var counterexample: ClaimOutcome.Counterexample?
        var diagnosis: String?
        var message: String?
        var steps: [Step]
        var pointsSearched: Int
        var kinksExcluded: Int
        var domains: [String: String]
        var relativeTolerance: Double
        var absoluteTolerance: Double
        var toleranceOverridden: Bool
        var vacuity: String?
    }

    /// The report of `summary` as pretty-printed JSON with sorted keys (stable across runs).
    public static func render(_ summary: BuildSummary) -> String {
        let claims = summary.claims
        var verdicts: [String: Int] = [:]
        for verdict in ClaimOutcome.Verdict.allCases { verdicts[verdict.reportName] = 0 }
        for claim in claims { verdicts[claim.verdict.reportName, default: 0] += 1 }
        let report = Report(
            schemaVersion: schemaVersion,
            summary: Counts(
                posts: summary.posts.count, claims: claims.count, passed: claims.filter { $0.verdict.isPassing }.count,
                failed: claims.filter { !$0.verdict.isPassing }.count, verdicts: verdicts),
            posts: summary.posts.map { post in
                Post(
                    path: post.path, title: post.title, url: "posts/\(post.slug)/",
                    claims: post.fences.flatMap { fence in
                        fence.claims.map { claim in
                            Claim(
                                id: claim.id, title: fence.title, line: claim.line, column: claim.column,
                                verdict: claim.verdict.reportName, passed: claim.verdict.isPassing,
                                pointsTried: claim.pointsTried, pointsExcluded: claim.pointsExcluded,
                                largestError: claim.largestError.flatMap { $0.isFinite ? $0 : nil },
                                seed: String(claim.seed), latex: claim.latex, counterexample: claim.counterexample,
                                diagnosis: claim.diagnosis, message: claim.message,
                                steps: claim.steps.map {
                                    Step(index: $0.index, latex: $0.latex, verdict: $0.verdict.reportName, note: $0.note)
                                },
                                pointsSearched: claim.check.pointsSearched, kinksExcluded: claim.kinksExcluded,
                                domains: Dictionary(
                                    claim.check.givens.map { ($0.name, $0.domain) }, uniquingKeysWith: { first, _ in first }),
                                relativeTolerance: claim.check.relativeTolerance,
                                absoluteTolerance: claim.check.absoluteTolerance,
                                toleranceOverridden: claim.check.toleranceOverridden, vacuity: claim.check.vacuity)
                        }
                    })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The JUnit XML report written by `--junit`: one test suite per post, one test case per claim.
public enum JUnitReport {
    /// The report of `summary` as JUnit XML.
    public static func render(_ summary: BuildSummary) -> String {
        let claims = summary.claims
        let failures = claims.filter { $0.verdict != .error && !$0.verdict.isPassing }.count
        let errors = claims.filter { $0.verdict == .error }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"swift-check claims\" tests=\"\(claims.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for post in summary.posts {
            let postClaims = post.fences.flatMap(\.claims)
            let postFailures = postClaims.filter { $0.verdict != .error && !$0.verdict.isPassing }.count
            let postErrors = postClaims.filter { $0.verdict == .error }.count
            let skipped = postClaims.filter { $0.verdict == .skipped }.count
            xml += "  <testsuite name=\"\(HTML.escape(post.path))\" tests=\"\(postClaims.count)\" failures=\"\(postFailures)\" errors=\"\(postErrors)\" skipped=\"\(skipped)\">\n"
            for fence in post.fences {
                for claim in fence.claims {
                    let name = fence.title.map { "\(claim.id): \($0)" } ?? claim.id
                    xml += "    <testcase classname=\"\(HTML.escape(post.path))\" name=\"\(HTML.escape(name))\" file=\"\(HTML.escape(post.path))\" line=\"\(claim.line)\""
                    let detail = [claim.diagnosis, claim.message].compactMap { $0 }.joined(separator: "; ")
                    switch claim.verdict {
                    case .verified, .refutedAsExpected:
                        xml += "/>\n"
                    case .skipped:
                        xml += ">\n      <skipped message=\"\(HTML.escape(claim.message ?? "skipped"))\"/>\n    </testcase>\n"
                    case .error:
                        xml += ">\n      <error message=\"\(HTML.escape(detail))\"/>\n    </testcase>\n"
                    case .refuted, .unexpectedlyVerified:
                        var body = "\(post.path):\(claim.line):\(claim.column): \(claim.verdict.word)"
                        if let counterexample = claim.counterexample {
                            body += "\ncounterexample: " + counterexample.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                            body += "\nleft = \(counterexample.left), right = \(counterexample.right)"
                        }
                        xml += ">\n      <failure message=\"\(HTML.escape(claim.verdict.word + (detail.isEmpty ? "" : ": " + detail)))\">\(HTML.escape(body))</failure>\n    </testcase>\n"
                    }
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }
}

/// Checks for the Debian packages the tool needs at run time.
public enum Prerequisites {
    /// A message naming what is missing and how to install it, or `nil` when all is there.
    public static func missing() -> String? {
        do {
            _ = try KaTeXInstallation.locate()
            return nil
        } catch {
            return "build-site: error: \(error)\n"
        }
    }
}

/// Cleanup hooks for the command line tool.
public enum SiteBuildCleanup {
    /// Removes the staging folders of builds in progress (for signal handlers).
    public static func removeStagingFolders() {
        SiteWriter.removeActiveStagingFolders()
    }
}
