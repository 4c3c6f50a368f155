import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// Displayed equations verified in a build: by a `verify=` fence, and with `check-equations: auto`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EquationSiteTests {
    static let chain = #"""
        ---
        title: Chain
        date: 2026-01-01
        ---

        The chain rule, one row at a time:

        $$
        \begin{aligned}
        \frac{\partial L}{\partial z} &= \frac{\partial L}{\partial a} \frac{\partial a}{\partial z} \\
        &= \left(-\frac{y}{a} + \frac{1-y}{1-a} \right) a(1-a) \\
        &= -y(1-a) + (1-y)a \\
        &= ROW4 \\
        &= a - y \label{eq:chain}
        \end{aligned}
        $$

        ```swift-check verify=eq:chain
        given z ∈ [-6, 6], y ∈ {0, 1}
        let a = σ(z)
        let L = -y*log(a) - (1 - y)*log(1 - a)
        ```

        """#

    static func build(_ files: [String: String]) async throws -> (summary: BuildSummary, page: String, temporary: URL) {
        let (summary, output, temporary) = try await AuthorWarningTests.build(files)
        let page = (try? String(contentsOf: output.appendingPathComponent("posts/p/index.html"), encoding: .utf8)) ?? ""
        return (summary, page, temporary)
    }

    @Test func aCorrectDerivationIsVerifiedRowByRow() async throws {
        let (summary, page, temporary) = try await Self.build([
            "_config.yml": AuthorWarningTests.configured,
            "p.md": Self.chain.replacingOccurrences(of: "ROW4", with: "-y + ay + a - ay"),
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0, "\(summary.messages.map(\.description))")
        let outcomes = summary.claims.filter { $0.id.hasPrefix("p-1/eq:chain") }
        #expect(outcomes.map(\.verdict) == [.verified])
        #expect(page.components(separatedBy: "eq-row eq-row-verified").count - 1 == 5)
        #expect(page.contains("Rows checked: 5 ✓"))
    }

    @Test func aWrongRowIsAnErrorAtItsLineAndMarkedOnThePage() async throws {
        let (summary, page, temporary) = try await Self.build([
            "_config.yml": AuthorWarningTests.configured,
            "p.md": Self.chain.replacingOccurrences(of: "ROW4", with: "-y - ay + a - ay"),
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 1)
        let errors = summary.claimDiagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("content/p.md:13:1: error: claim 'p-1/eq:chain' refuted") == true, "\(errors)")
        #expect(page.contains("eq-row eq-row-refuted"))
        #expect(page.contains("Row 4 does not follow from the row before it: at z = "))
        #expect(page.contains("<details class=\"equation-check has-refuted\""))
    }

    @Test func aLabelNoDisplayCarriesIsAnErrorAtTheFence() async throws {
        let post = Self.chain.replacingOccurrences(of: "ROW4", with: "-y + ay + a - ay").replacingOccurrences(
            of: "verify=eq:chain", with: "verify=eq:chian")
        let (summary, _, temporary) = try await Self.build(["_config.yml": AuthorWarningTests.configured, "p.md": post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let errors = summary.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(
            errors.contains { $0.hasPrefix("content/p.md:18:4: error: swift-check fence: verify=eq:chian names no equation") },
            "\(errors)")
        #expect(summary.exitStatus == 2)
    }

    @Test func aRowTheReaderCannotReadIsAWarningNamingTheConstruct() async throws {
        let post = Self.chain.replacingOccurrences(of: "ROW4", with: #"\int_0^1 a \, dz"#)
        let (summary, _, temporary) = try await Self.build(["_config.yml": AuthorWarningTests.configured, "p.md": post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let warnings = AuthorWarningTests.warnings(summary)
        #expect(
            warnings.contains {
                $0.hasPrefix("content/p.md:13:4: warning: row 4 of eq:chain is not checked: \\int is not read")
            }, "\(warnings)")
    }

    @Test func automaticCheckingMarksIdentitiesAndCatchesAWrongOne() async throws {
        let post = #"""
            ---
            title: Auto
            date: 2026-01-01
            check-equations: auto
            ---

            $$(x + y)^2 = x^2 + 2xy + y^2$$

            $$\log(xy) = \log x \cdot \log y$$

            $$\frac{\partial L}{\partial w_{ij}} = \delta_i x_j$$

            """#
        let (summary, page, temporary) = try await Self.build(["_config.yml": AuthorWarningTests.configured, "p.md": post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 1)
        let outcomes = summary.claims.filter { $0.id.hasPrefix("p-equation-") }
        #expect(outcomes.map(\.verdict) == [.verified, .refuted, .skipped])
        #expect(outcomes.map(\.line) == [7, 9, 11])
        #expect(outcomes.last?.message?.hasPrefix("not checked: ") == true)
        #expect(page.contains("eq-row eq-row-verified") && page.contains("eq-row eq-row-refuted"))
        // The row that needs definitions is not marked on the page.
        #expect(page.components(separatedBy: "class=\"equation-check").count - 1 == 2)
    }

    @Test(arguments: [("a - y", ClaimOutcome.Verdict.verified), ("a + y", .refuted)])
    func aFenceClaimAndTheEquationItVerifiesMustAgree(_ stated: String, _ drift: ClaimOutcome.Verdict) async throws {
        let post = Self.chain.replacingOccurrences(of: "ROW4", with: "-y + ay + a - ay").replacingOccurrences(
            of: "let L = -y*log(a) - (1 - y)*log(1 - a)\n",
            with: "let L = -y*log(a) - (1 - y)*log(1 - a)\nclaim result: ∂L/∂z = \(stated)\n")
        let (summary, _, temporary) = try await Self.build(["_config.yml": AuthorWarningTests.configured, "p.md": post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let outcome = try #require(summary.claims.first { $0.id == "p-1/eq:chain/agrees-with-result" })
        #expect(outcome.verdict == drift)
        #expect(outcome.line == 22)
        if drift == .refuted {
            #expect(outcome.message?.contains("one of them was edited without the other") == true)
        }
    }

    @Test func theSameSiteBuiltTwiceIsByteIdentical() async throws {
        let files = [
            "_config.yml": AuthorWarningTests.configured,
            "p.md": Self.chain.replacingOccurrences(of: "ROW4", with: "-y - ay + a - ay"),
        ]
        let first = try await Self.build(files)
        let second = try await Self.build(files)
        defer {
            try? FileManager.default.removeItem(at: first.temporary)
            try? FileManager.default.removeItem(at: second.temporary)
        }
        #expect(!first.page.isEmpty && first.page == second.page)
    }
}
