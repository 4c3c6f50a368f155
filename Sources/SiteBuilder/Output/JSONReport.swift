import Diagnostics
import Foundation
import KaTeX

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
