import Foundation
import Testing

@testable import KaTeX

/// Code blocks are highlighted by highlight.js in the KaTeX workers (issue 14).
@Suite("Code highlighting")
struct CodeHighlightingTests {
    @Test func aKnownLanguageGetsSpansAndTheOthersStayPlain() async throws {
        let renderer = try renderer()
        try #require(renderer.installation.highlightLibraryPath != nil, "needs node-highlight.js (./setup.sh installs it)")
        let results = await renderer.highlight([
            HighlightRequest(language: "swift", code: "let x = \"a < b\" // note\n"),
            HighlightRequest(language: "nosuchlanguage", code: "x\n"),
            HighlightRequest(language: "constructor", code: "x\n"),
            HighlightRequest(language: "<script>", code: "x\n"),
            HighlightRequest(language: "python", code: "def f(x):\n    return x & 1\n"),
        ])
        #expect(
            results[0]
                == .highlighted(
                    html:
                        "<span class=\"hljs-keyword\">let</span> x = <span class=\"hljs-string\">\"a &lt; b\"</span> <span class=\"hljs-comment\">// note</span>\n"
                ))
        #expect(results[1] == .plain(reason: "unknown language nosuchlanguage"))
        #expect(results[2] == .plain(reason: "unknown language constructor"), "an Object property is not a language")
        #expect(results[3] == .plain(reason: "unknown language <script>"), "refused before a worker sees it")
        let python = try #require(results[4].html)
        #expect(python.contains("<span class=\"hljs-keyword\">def</span>"))
        #expect(python.contains("&amp;"))
        #expect(
            await renderer.highlight([HighlightRequest(language: "python", code: "def f(x):\n    return x & 1\n")]) == [
                results[4]
            ])
    }

    @Test func formulasAndCodeShareTheWorkersInOneBatchEach() async throws {
        let renderer = try renderer()
        async let math = renderer.render((0..<50).map { MathRequest(tex: "x^{\($0)}") })
        async let code = renderer.highlight((0..<50).map { HighlightRequest(language: "c", code: "int x = \($0);") })
        let (formulas, blocks) = await (math, code)
        #expect(formulas.allSatisfy { $0.html?.contains("katex") == true })
        #expect(blocks.enumerated().allSatisfy { $1.html?.contains("\($0)") == true })
    }

    @Test func withoutHighlightJSEveryBlockStaysPlain() async throws {
        var installation = try KaTeXInstallation.locate()
        installation.locateHighlighter(candidates: ["/nonexistent/highlight.js"])
        #expect(installation.highlightLibraryPath == nil && installation.highlightVersion == nil)
        let renderer = try KaTeXRenderer(installation: installation, workers: 1)
        defer { renderer.shutdown() }
        #expect(
            await renderer.highlight([HighlightRequest(language: "swift", code: "let x = 1")])
                == [.plain(reason: "highlight.js is not installed")])
        #expect(await renderer.render([MathRequest(tex: "x")])[0].html != nil, "math still renders")
    }

    @Test func aLongBlockIsLeftPlainBeforeAWorkerSeesIt() async throws {
        let code = String(repeating: "x", count: HighlightRequest.maximumLength + 1)
        #expect(
            try await renderer().highlight([HighlightRequest(language: "c", code: code)])
                == [.plain(reason: "code block longer than 100000 characters")])
    }

    @Test(arguments: [("swift", true), ("c++", true), ("objective-c", true), ("", false), ("a b", false), ("é", false)])
    func plausibleLanguageNames(name: String, plausible: Bool) {
        #expect(HighlightRequest.isPlausibleLanguage(name) == plausible)
    }
}
