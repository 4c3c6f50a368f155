import ClaimLanguage
import Compatibility
import Diagnostics
import Foundation
import MathFinder
import Testing

@testable import SiteBuilder

/// One of our own scanners or parsers fed a family of inputs that grows with `n`.
struct Scaling: Sendable, CustomTestStringConvertible {
    var name: String
    /// The input of size about `n` bytes.
    var input: @Sendable (Int) -> String
    /// The work to measure.
    var work: @Sendable (String) -> Void
    var testDescription: String { name }
}

private func times(_ text: String, _ count: Int) -> String { String(repeating: text, count: max(0, count)) }

private let limits = InputLimits()

/// In the style of cmark's pathological tests: each family repeats what would make a naive scanner
/// backtrack or re-scan. The inputs stay under the limits, so the whole scan runs.
let scalings: [Scaling] = [
    Scaling(name: "math finder: unclosed $ runs", input: { times("a $b ", $0 / 5) }, work: { _ = findMath(in: $0) }),
    Scaling(name: "math finder: unclosed $$ per line", input: { times("$$ x\n", $0 / 5) }, work: { _ = findMath(in: $0) }),
    Scaling(name: "math finder: backticks and dollars", input: { times("`$x` $`", $0 / 7) }, work: { _ = findMath(in: $0) }),
    Scaling(
        name: "math finder: unclosed \\begin{align}", input: { times("\\begin{align} x\n", $0 / 16) },
        work: { _ = findMath(in: $0) }),
    Scaling(name: "math finder: unclosed \\( and \\[", input: { times("\\( \\[ x ", $0 / 8) }, work: { _ = findMath(in: $0) }),
    Scaling(
        name: "engine tags: braces that are not tags", input: { times("{{a{{ {%{ {{<{: x}} ", $0 / 20) },
        work: { _ = findEngineTags(in: $0, rules: EngineProfile.jekyll.mathRules) }),
    Scaling(
        name: "engine tags: verbatim tags never closed", input: { times("{% highlight x %} {% raw %} $x$\n", $0 / 32) },
        work: { _ = findEngineTags(in: $0, rules: EngineProfile.jekyll.mathRules) }),
    Scaling(
        name: "engine tags: shortcodes never closed", input: { times("{{< katex >}} {{< figure a\n", $0 / 28) },
        work: { _ = EngineSyntaxTranslation.translate($0, profile: .hugo) }),
    Scaling(
        name: "engine tags: many tags translated",
        input: { times("{{ site.baseurl }}/a.png {% post_url 2017-01-01-x %}\n", $0 / 52) },
        work: { _ = EngineSyntaxTranslation.translate($0, profile: .jekyll) }),
    Scaling(
        name: "math protection: many formulas", input: { times("$x_1$ and $$y$$\n", $0 / 16) },
        work: {
            let protected = ProtectedMarkdown.protect($0)
            _ = protected.replacingTokens(in: protected.text) { protected.spans[$0].tex }
        }),
    Scaling(
        name: "input limits: nested quotes and lists",
        input: { n in
            times(times("> ", 15) + times("- ", 15) + "x\n" + times(">\n", 5), n / 72)
        }, work: { try? limits.checkMarkdown($0, path: "p.md") }),
    Scaling(
        name: "input limits: tables",
        input: { n in
            times("|a|b|c|\n|-|-|-|\n" + times("|1|2|3|\n", 50) + "\n", n / 416)
        }, work: { try? limits.checkMarkdown($0, path: "p.md") }),
    Scaling(
        name: "input limits: reference definitions",
        input: { n in
            times("[a]: http://x \"t\"\n[b]: u\n\"title\"\n\n", n / 34)
        }, work: { try? limits.checkMarkdown($0, path: "p.md") }),
    Scaling(
        name: "input limits: sizes and lines", input: { times("word ", $0 / 5) + "\n" },
        work: { try? limits.check($0, path: "p.md") }),
    Scaling(
        name: "front matter: many fields",
        input: { n in
            "---\n" + (0..<(n / 12)).map { "k\($0): v\n" }.joined() + "---\nbody\n"
        }, work: { _ = try? FrontMatterReader.read($0, path: "p.md") }),
    Scaling(
        name: "front matter: TOML bracket scan",
        input: { n in
            "+++\ntags = [" + times("\"a\", ", n / 5) + "]\n+++\nbody\n"
        }, work: { _ = try? FrontMatterReader.read($0, path: "p.md") }),
    Scaling(
        name: "claim parser: long sums", input: { n in "claim " + times("1 + ", n / 4) + "1 == 1\n" },
        work: { _ = try? parseClaimFence($0) }),
    Scaling(
        name: "claim parser: many statements", input: { n in times("let a = 1\n", n / 10) + "claim a == 1\n" },
        work: { _ = try? parseClaimFence($0) }),
    Scaling(
        name: "line index", input: { times("ab\n", $0 / 3) },
        work: { text in
            let index = LineIndex(text)
            _ = index.location(ofUTF8Offset: text.utf8.count - 1)
        }),
    Scaling(name: "HTML escaping", input: { times("<&\"'>", $0 / 5) }, work: { _ = HTML.escape($0) }),
]

/// Measures the fastest of several runs, which is what the machine can do when nothing else interferes.
private func fastest(_ runs: Int, _ work: () -> Void) -> Duration {
    var best = Duration.seconds(1_000)
    let clock = ContinuousClock()
    for _ in 0..<runs { best = min(best, clock.measure(work)) }
    return best
}

/// These compare running times, so they are not part of the default `swift test` (no timing in
/// the test suite); `.ci/run` runs them on their own with `COMPLEXITY_TESTS=1`.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["COMPLEXITY_TESTS"] == "1", "set COMPLEXITY_TESTS=1 to run")
)
struct ComplexityTests {
    /// Quadrupling the input must cost less than 8× the time: a linear scan costs 4×, a quadratic one 16×.
    /// The fastest of several runs is compared, so a loaded machine slows both sizes alike; the sizes are
    /// chosen so the smaller run takes a few milliseconds.
    @Test(arguments: scalings)
    func quadruplingTheInputAtMostDoublesTheWorkPerDoubling(_ scaling: Scaling) {
        let small = scaling.input(25_000)
        let large = scaling.input(100_000)
        scaling.work(small)  // warm up
        var ratio = 0.0
        // A noisy measurement gets two more chances; a quadratic scan fails all three.
        for _ in 0..<3 {
            let smallTime = fastest(5) { scaling.work(small) }
            let largeTime = fastest(5) { scaling.work(large) }
            ratio = largeTime / max(smallTime, .microseconds(50))
            if ratio < 8 { break }
        }
        #expect(ratio < 8, "4× the input took \(ratio)× the time")
    }
}
