import Diagnostics
import Foundation
import KaTeX

/// The JUnit XML report written by `--junit`: one test suite per post, one test case per claim.
public enum JUnitReport {
    /// The report of `summary` as JUnit XML.
    public static func render(_ summary: BuildSummary) -> String {
        let claims = summary.claims
        let failures = claims.filter { $0.verdict != .error && !$0.verdict.isPassing }.count
        let errors = claims.filter { $0.verdict == .error }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml +=
            "<testsuites name=\"swift-check claims\" tests=\"\(claims.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for post in summary.posts {
            let postClaims = post.fences.flatMap(\.claims)
            let postFailures = postClaims.filter { $0.verdict != .error && !$0.verdict.isPassing }.count
            let postErrors = postClaims.filter { $0.verdict == .error }.count
            let skipped = postClaims.filter { $0.verdict == .skipped }.count
            xml +=
                "  <testsuite name=\"\(HTML.escape(post.path))\" tests=\"\(postClaims.count)\" failures=\"\(postFailures)\" errors=\"\(postErrors)\" skipped=\"\(skipped)\">\n"
            for fence in post.fences {
                for claim in fence.claims {
                    let name = fence.title.map { "\(claim.id): \($0)" } ?? claim.id
                    xml +=
                        "    <testcase classname=\"\(HTML.escape(post.path))\" name=\"\(HTML.escape(name))\" file=\"\(HTML.escape(post.path))\" line=\"\(claim.line)\""
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
                            body +=
                                "\ncounterexample: "
                                + counterexample.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                            body += "\nleft = \(counterexample.left), right = \(counterexample.right)"
                        }
                        xml +=
                            ">\n      <failure message=\"\(HTML.escape(claim.verdict.word + (detail.isEmpty ? "" : ": " + detail)))\">\(HTML.escape(body))</failure>\n    </testcase>\n"
                    }
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }
}
