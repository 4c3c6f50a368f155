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

    /// A claim in the report: the site's one model, ``ClaimOutcome``, under the report's field names,
    /// with its fence's title. The report's schema is public (README, "The JSON report"), so it is
    /// spelled out here, key by key, rather than following the model's stored shape.
    struct Claim: Encodable {
        var outcome: ClaimOutcome
        /// The title of the claim's fence.
        var title: String?

        enum CodingKeys: String, CodingKey {
            case id, title, line, column, verdict, passed, pointsTried, pointsExcluded, largestError, seed, latex
            case counterexample, diagnosis, message, steps, pointsSearched, kinksExcluded, domains
            case relativeTolerance, absoluteTolerance, toleranceOverridden, vacuity
        }

        enum StepKeys: String, CodingKey {
            case index, latex, verdict, note
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(outcome.id, forKey: .id)
            try container.encodeIfPresent(title, forKey: .title)
            try container.encode(outcome.line, forKey: .line)
            try container.encode(outcome.column, forKey: .column)
            try container.encode(outcome.verdict.reportName, forKey: .verdict)
            try container.encode(outcome.verdict.isPassing, forKey: .passed)
            try container.encode(outcome.pointsTried, forKey: .pointsTried)
            try container.encode(outcome.pointsExcluded, forKey: .pointsExcluded)
            // JSON has no infinity or NaN: a largest error that is not finite is left out.
            try container.encodeIfPresent(outcome.largestError.flatMap { $0.isFinite ? $0 : nil }, forKey: .largestError)
            // A 64-bit seed does not fit a JSON number.
            try container.encode(String(outcome.seed), forKey: .seed)
            try container.encode(outcome.latex, forKey: .latex)
            try container.encodeIfPresent(outcome.counterexample, forKey: .counterexample)
            try container.encodeIfPresent(outcome.diagnosis, forKey: .diagnosis)
            try container.encodeIfPresent(outcome.message, forKey: .message)
            var steps = container.nestedUnkeyedContainer(forKey: .steps)
            for step in outcome.steps {
                var entry = steps.nestedContainer(keyedBy: StepKeys.self)
                try entry.encode(step.index, forKey: .index)
                try entry.encode(step.latex, forKey: .latex)
                try entry.encode(step.verdict.reportName, forKey: .verdict)
                try entry.encodeIfPresent(step.note, forKey: .note)
            }
            try container.encode(outcome.check.pointsSearched, forKey: .pointsSearched)
            try container.encode(outcome.kinksExcluded, forKey: .kinksExcluded)
            try container.encode(
                Dictionary(outcome.check.givens.map { ($0.name, $0.domain) }, uniquingKeysWith: { first, _ in first }),
                forKey: .domains)
            try container.encode(outcome.check.relativeTolerance, forKey: .relativeTolerance)
            try container.encode(outcome.check.absoluteTolerance, forKey: .absoluteTolerance)
            try container.encode(outcome.check.toleranceOverridden, forKey: .toleranceOverridden)
            try container.encodeIfPresent(outcome.check.vacuity, forKey: .vacuity)
        }
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
                    claims: post.fences.flatMap { fence in fence.claims.map { Claim(outcome: $0, title: fence.title) } })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
