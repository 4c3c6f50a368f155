import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The JSON report's schema, version 1: decoding fails if a required field is missing or has the wrong type.
private struct ReportSchema: Decodable {
    struct Counts: Decodable {
        var posts: Int
        var claims: Int
        var passed: Int
        var failed: Int
        var verdicts: [String: Int]
    }
    struct Post: Decodable {
        var path: String
        var title: String
        var url: String
        var claims: [Claim]
    }
    struct Variable: Decodable {
        var name: String
        var value: String
    }
    struct Counterexample: Decodable {
        var variables: [Variable]
        var left: String
        var right: String
        var difference: String
        var index: String?
    }
    struct Step: Decodable {
        var index: Int
        var latex: String
        var verdict: String
        var note: String?
    }
    struct Claim: Decodable {
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
        var counterexample: Counterexample?
        var diagnosis: String?
        var message: String?
        var steps: [Step]
    }
    var schemaVersion: Int
    var summary: Counts
    var posts: [Post]
}

@Suite(.serialized) struct ClaimSiteTests {
    static let verdictPath = "content/verdicts.md"

    private func build() async -> (BuildSummary, URL, URL) {
        let temporary = Fixture.temporaryFolder()
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: Fixture.folder("claims/content"), output: output)
        return (summary, temporary, output)
    }

    @Test func exitStatusAndVerdicts() async throws {
        let (summary, temporary, _) = await build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 1, "a refuted claim fails the build but is not bad input")
        #expect(summary.wroteSite, "the site is still written so the failure can be looked at")
        let verdicts = Dictionary(uniqueKeysWithValues: summary.claims.map { ($0.id, $0.verdict) })
        #expect(verdicts["true-claim"] == .verified)
        #expect(verdicts["false-claim"] == .refuted)
        #expect(verdicts["expected-false"] == .refutedAsExpected)
        #expect(verdicts["chain"] == .refuted)
        #expect(verdicts["malformed"] == .error)
        #expect(verdicts["skipped"] == .skipped)
    }

    @Test func diagnosticsNameThePositionInThePost() async throws {
        let (summary, temporary, _) = await build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let printed = summary.claimDiagnostics.map { DiagnosticPrinter().render($0) }
        let refuted = try #require(printed.first { $0.contains("'false-claim'") })
        #expect(refuted.hasPrefix("\(Self.verdictPath):21:1: error: claim 'false-claim' refuted: sign error"))
        #expect(refuted.contains("counterexample: z = "))
        let malformed = try #require(printed.first { $0.contains("'malformed'") })
        #expect(malformed.hasPrefix("\(Self.verdictPath):46:11: error: claim 'malformed' could not be judged: expected ')'"))
        let chain = try #require(printed.first { $0.contains("'chain'") })
        #expect(chain.hasPrefix("\(Self.verdictPath):37:1: error: claim 'chain' refuted"))
        #expect(!printed.contains { $0.contains("'true-claim'") || $0.contains("'expected-false'") || $0.contains("'skipped'") })

        let github = summary.claimDiagnostics.map { DiagnosticPrinter(format: .github).render($0) }
        #expect(github.contains { $0.hasPrefix("::error file=\(Self.verdictPath),line=21,col=1::claim 'false-claim' refuted") })
    }

    @Test func jsonReportFollowsItsSchema() async throws {
        let (summary, temporary, _) = await build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let text = JSONReport.render(summary)
        let report = try JSONDecoder().decode(ReportSchema.self, from: Data(text.utf8))
        #expect(report.schemaVersion == 1)
        #expect(report.summary.claims == 6)
        #expect(report.summary.failed == 3)
        #expect(report.summary.verdicts["refuted-as-expected"] == 1)
        let claims = Dictionary(uniqueKeysWithValues: report.posts.flatMap(\.claims).map { ($0.id, $0) })
        let refuted = try #require(claims["false-claim"])
        #expect(refuted.line == 21)
        #expect(refuted.passed == false)
        #expect(refuted.counterexample?.variables.map(\.name) == ["z", "y"])
        #expect(refuted.diagnosis?.hasPrefix("sign error") == true)
        #expect(refuted.pointsTried > 0)
        #expect(claims["chain"]?.steps.map(\.verdict) == ["verified", "refuted", "refuted"])
        #expect(claims["true-claim"]?.title == "Sigmoid derivative")
        #expect(claims["malformed"]?.message != nil)
        #expect(JSONReport.render(summary) == text, "the report is deterministic")
    }

    /// The whole report of the claims fixture, byte for byte: the schema is public (README, "The JSON report"),
    /// so a change to how claims are modelled inside the build must not show in it. Re-record with
    /// `RECORD_GOLDEN=1 swift test --filter ClaimSiteTests` only for an intended change to the schema.
    @Test func jsonReportMatchesItsGoldenCopy() async throws {
        let (summary, temporary, _) = await build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let text = JSONReport.render(summary)
        try Fixture.expectMatchesGolden(text, file: Fixture.folder("golden").appendingPathComponent("claims-report.json"))
    }

    /// What the fixture's report does not show: an infinite largest error is left out (JSON has no
    /// infinity), a tensor counterexample's index and a step's verdict keep their report spelling.
    @Test func reportClaimEncodesTheModel() throws {
        let outcome = ClaimOutcome(
            id: "a", label: nil, line: 3, column: 2, verdict: .refutedAsExpected, latex: "x = y", pointsTried: 10,
            pointsExcluded: 0, largestError: .infinity, seed: .max,
            counterexample: ClaimOutcome.Counterexample(
                variables: [ClaimOutcome.Variable(name: "z", value: "0.5")], left: "1", right: "2", difference: "-1",
                index: "[1, 2]"),
            diagnosis: nil, message: nil,
            steps: [ClaimOutcome.Step(index: 1, latex: "y", verdict: .refuted, note: "does not follow")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(JSONReport.Claim(outcome: outcome, title: nil))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["largestError"] == nil)
        #expect(object["title"] == nil)
        #expect(object["verdict"] as? String == "refuted-as-expected")
        #expect(object["passed"] as? Bool == true)
        #expect(object["seed"] as? String == String(UInt64.max))
        #expect((object["counterexample"] as? [String: Any])?["index"] as? String == "[1, 2]")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.first?["verdict"] as? String == "refuted")
        #expect(steps.first?["note"] as? String == "does not follow")
    }

    @Test func junitHasOneCasePerClaim() async throws {
        let (summary, temporary, _) = await build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let outline = XMLOutline(JUnitReport.render(summary))
        #expect(outline.isWellFormed)
        #expect(outline.count("testsuites/testsuite/testcase") == 6)
        #expect(outline.count("testsuites/testsuite/testcase/failure") == 2)
        #expect(outline.count("testsuites/testsuite/testcase/error") == 1)
        #expect(outline.count("testsuites/testsuite/testcase/skipped") == 1)
        #expect(outline.rootAttributes["tests"] == "6")
    }

    @Test func eachKindOfCardIsOnThePage() async throws {
        let (_, temporary, output) = await build()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let page = try Fixture.read(output, "posts/verdicts/index.html")
        for (anchor, status, word) in [
            ("claim-true-claim", "verified", "Verified"), ("claim-false-claim", "refuted", "Refuted"),
            ("claim-expected-false", "expected-failure", "Refuted, as expected"), ("claim-chain", "refuted", "Refuted"),
            ("claim-malformed", "error", "Error"), ("claim-skipped", "skipped", "Skipped"),
        ] {
            #expect(page.contains("<section class=\"claim-card status-\(status)\" id=\"\(anchor)\""), "\(anchor)")
            #expect(page.contains("aria-label=\"Claim \(anchor.dropFirst(6)): \(word)\""), "\(anchor)")
        }
        #expect(page.contains("3 of 6 claims failed"))
        #expect(page.contains("<caption>Counterexample</caption>"))
        #expect(page.contains("sign error"))
        #expect(page.contains("class=\"katex-display\""), "claims are typeset by KaTeX")
        let claimsPage = try Fixture.read(output, "claims/index.html")
        let firstFailure = try #require(claimsPage.range(of: "posts/verdicts/index.html#claim-"))
        let verified = try #require(claimsPage.range(of: "#claim-true-claim"))
        #expect(firstFailure.lowerBound < verified.lowerBound, "failures first")
    }

    @Test func checkModeWritesNothing() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: Fixture.folder("claims/content"), output: output) { $0.checkOnly = true }
        #expect(summary.exitStatus == 1)
        #expect(!summary.wroteSite)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func onlyAndOverrides() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let summary = await Fixture.build(
            content: Fixture.folder("claims/content"), output: temporary.appendingPathComponent("site")
        ) {
            $0.claimOverrides = ClaimOverrides(samples: 7, seed: 42, onlyPattern: "true-*")
        }
        #expect(summary.exitStatus == 0)
        let judged = summary.claims.filter { $0.verdict != .skipped }
        #expect(judged.map(\.id) == ["true-claim"])
        #expect(judged.first?.seed == 42)
        // 7 samples, but every anchor of the domains is tried, and the counterexample search adds its own.
        let claim = try #require(judged.first)
        #expect(claim.pointsTried - claim.check.pointsSearched >= 7)
        #expect(claim.check.pointsSearched > 0)
    }

    @Test func badFenceHeaderIsBadInput() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "# T\n\n```swift-check id=x colour=blue\nclaim 1 = 1\n```\n".write(
            to: content.appendingPathComponent("f.md"), atomically: true, encoding: .utf8)
        let summary = await Fixture.build(content: content, output: temporary.appendingPathComponent("site"))
        #expect(summary.exitStatus == 2)
        let diagnostic = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(diagnostic.path == "content/f.md")
        #expect(diagnostic.location?.line == 3)
        #expect(diagnostic.message.contains("colour"))
    }
}

/// The pipeline makes the claims' messages: a vacuous claim is a warning, and with `strict` an
/// error that fails the build (exit status 1), the same for a fresh build and a replayed one.
@Test func strictMakesAVacuousClaimAFailureInThePipeline() async throws {
    let temporary = Fixture.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: temporary) }
    let content = temporary.appendingPathComponent("content")
    try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
    try Data("# V\n\n```swift-check\ngiven x ∈ [-1, 1]\nclaim 2 = 2\n```\n".utf8).write(
        to: content.appendingPathComponent("v.md"))
    let output = temporary.appendingPathComponent("site")
    let lenient = await Fixture.build(content: content, output: output)
    #expect(lenient.exitStatus == 0)
    #expect(lenient.claimDiagnostics.map(\.severity) == [.warning])
    for useCache in [false, true, true] {
        let strict = await Fixture.build(content: content, output: output) { options in
            options.strict = true
            options.useCache = useCache
            options.cacheDirectory = temporary.appendingPathComponent("cache")
        }
        #expect(strict.exitStatus == 1, "useCache \(useCache), up to date \(strict.wasUpToDate)")
        #expect(strict.claimDiagnostics.map(\.severity) == [.error])
        #expect(strict.messages.count == strict.diagnostics.count + 1)
    }
}
