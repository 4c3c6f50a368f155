import Diagnostics
import Foundation
import MathFinder
import Testing

@testable import SiteBuilder

/// The numbering of a post (its scanner of references, its reading of each display's TeX, its positions) on inputs
/// made to re-scan: quadrupling the input must cost less than 8× the time, as in `ComplexityTests`.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["COMPLEXITY_TESTS"] == "1", "set COMPLEXITY_TESTS=1 to run")
)
struct EquationComplexityTests {
    static func times(_ text: String, _ count: Int) -> String { String(repeating: text, count: max(0, count)) }

    /// Protects and numbers `text` as `PostPreparation` does, positions included, and rewrites every formula.
    static func number(_ text: String) {
        let protected = ProtectedMarkdown.protect(text)
        var locator = ForwardLocator(text)
        var numbering = EquationNumbering(
            spans: protected.spans, references: protected.references, path: "p.md", severity: .error
        ) { locator.location(ofUTF8Offset: $0) }
        numbering.assignAnchors(avoiding: [])
        for index in protected.spans.indices { _ = numbering.rewrittenTeX(ofFormula: index) }
        _ = protected.replacingReferenceTokens(in: protected.text) { numbering.referenceHTML($0) }
    }

    static let families: [(name: String, input: @Sendable (Int) -> String)] = [
        ("unknown references on one line", { times("see @eq:a, \\eqref{eq:b} and \\ref{c} ", $0 / 36) }),
        (
            "labels and references on one line",
            { n in
                (0..<(n / 40)).map { "$$a\\label{eq:l\($0)}$$ {#eq:m\($0)} @eq:l\($0) " }.joined()
            }
        ),
        ("unclosed \\label{ in a display", { "$$" + times("\\label{x ", $0 / 9) + "$$" }),
        ("unclosed \\tag{ in a display", { "$$" + times("\\tag{", $0 / 5) + "$$" }),
        (
            "open braces and environments",
            { n in
                "$$" + times("{\\begin{pmatrix}", n / 32) + times("\\end{aligned}\\\\ a", n / 32) + "$$"
            }
        ),
        ("rows of an align", { n in "\\begin{align}" + times("a \\label{x} \\\\ ", n / 16) + "\\end{align}" }),
        ("at signs", { times("@eq @eq: a@eq:b ", $0 / 16) }),
    ]

    private static func fastest(_ runs: Int, _ work: () -> Void) -> Duration {
        var best = Duration.seconds(1_000)
        let clock = ContinuousClock()
        for _ in 0..<runs { best = min(best, clock.measure(work)) }
        return best
    }

    @Test(arguments: families.indices)
    func quadruplingTheInputAtMostDoublesTheWorkPerDoubling(_ family: Int) {
        let (name, input) = Self.families[family]
        let small = input(25_000)
        let large = input(100_000)
        Self.number(small)
        var ratio = 0.0
        for _ in 0..<3 {
            let smallTime = Self.fastest(5) { Self.number(small) }
            let largeTime = Self.fastest(5) { Self.number(large) }
            ratio = largeTime / max(smallTime, .microseconds(50))
            if ratio < 8 { break }
        }
        #expect(ratio < 8, "\(name): 4× the input took \(ratio)× the time")
    }
}
