import Foundation
import Testing

@testable import KaTeX

/// One renderer shared by the tests that need no special settings (starting node costs ~0.1 s per worker).
let sharedRenderer: KaTeXRenderer? = {
    guard let installation = try? KaTeXInstallation.locate() else { return nil }
    return try? KaTeXRenderer(installation: installation, workers: 2)
}()

func renderer() throws -> KaTeXRenderer {
    try #require(sharedRenderer, "KaTeX must be installed: ./setup.sh or sudo apt-get install katex libjs-katex")
}

func messages(_ results: [MathResult]) -> [String?] {
    results.map { if case .failed(let message, _) = $0 { message } else { nil } }
}

@Suite("Rendering")
struct RenderingTests {
    @Test func inlineAndDisplay() async throws {
        let results = try await renderer().render([
            MathRequest(tex: "x^2", displayMode: false),
            MathRequest(tex: "\\frac{a}{b}", displayMode: true),
        ])
        let inline = try #require(results[0].html)
        #expect(inline.hasPrefix("<span class=\"katex\">"))
        #expect(inline.contains("<math xmlns=\"http://www.w3.org/1998/Math/MathML\">"))
        #expect(inline.contains("<annotation encoding=\"application/x-tex\">x^2</annotation>"))
        #expect(inline.contains("class=\"katex-html\""))
        #expect(!inline.contains("katex-display"))
        let display = try #require(results[1].html)
        #expect(display.hasPrefix("<span class=\"katex-display\">"))
        #expect(display.contains("display=\"block\""))
        #expect(display.contains("class=\"mfrac\""))
        #expect(results[0] == .rendered(html: inline, warnings: []))
    }

    @Test(arguments: [
        ("\\frac{a}{b", "Unexpected end of input in a macro argument, expected '}'", 10),
        ("x}", "Expected 'EOF', got '}'", 1),
        ("a + \\notacommand", "Undefined control sequence: \\notacommand", 4),
        ("x^2^3", "Double superscript", 3),
        ("\\begin{matrix} a", "Expected & or \\\\ or \\cr or \\end", 16),
        // KaTeX's position is in UTF-16 units; ours counts Unicode scalars (𝑥 is one scalar, two UTF-16 units).
        ("𝑥 + \\foo", "Undefined control sequence: \\foo", 4),
        ("é𝑥 + \\foo", "Undefined control sequence: \\foo", 5),
    ])
    func errorsCarryKaTeXsMessageAndPositionApart(tex: String, message: String, position: Int) async throws {
        let result = try await renderer().render(MathRequest(tex: tex))
        #expect(result == .failed(message: message, position: position))
        #expect(result.errorPosition == position)
    }

    @Test func errorInsideAMacroBodyHasNoPosition() async throws {
        let result = try await renderer().render(
            MathRequest(tex: "a + \\bad", macros: ["\\bad": "x^1^2"]))
        guard case .failed(let message, _) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(message == "Double superscript")
        #expect(result.errorPosition == nil)
    }

    @Test func macrosArePerRequestAndGdefDoesNotLeak() async throws {
        let macros = ["\\RR": "\\mathbb{R}", "\\pair": "\\langle #1, #2 \\rangle"]
        let results = try await renderer().render([
            MathRequest(tex: "x \\in \\RR", macros: macros),
            MathRequest(tex: "\\gdef\\secret{42} \\secret", macros: macros),
            MathRequest(tex: "\\secret", macros: macros),
            MathRequest(tex: "\\RR"),
            MathRequest(tex: "\\pair{a}{b}", macros: macros),
            MathRequest(tex: "\\def\\RR{Q} \\RR", macros: macros),
            MathRequest(tex: "\\RR", macros: macros),
        ])
        #expect(results[0].html?.contains("mathvariant=\"double-struck\"") == true)
        #expect(results[1].html?.contains("<mn>42</mn>") == true)
        #expect(results[2] == .failed(message: "Undefined control sequence: \\secret", position: 0))
        #expect(results[3] == .failed(message: "Undefined control sequence: \\RR", position: 0))
        #expect(results[4].html?.contains("⟨") == true)
        #expect(results[5].html?.contains("<mi>Q</mi>") == true)
        #expect(results[6].html?.contains("mathvariant=\"double-struck\"") == true)
    }

    static let htmlExtension = "HTML extension is disabled on strict mode [htmlExtension]"

    @Test(arguments: [
        ("\\href{javascript:alert(1)}{x}", "\\href is not allowed (KaTeX trust is off): javascript:alert(1)", false),
        ("\\href{JAVASCRIPT:alert(1)}{x}", "\\href is not allowed (KaTeX trust is off): JAVASCRIPT:alert(1)", false),
        ("\\url{https://example.com}", "\\url is not allowed (KaTeX trust is off): https://example.com", false),
        (
            "\\includegraphics{x' onerror='alert(1)}",
            "\\includegraphics is not allowed (KaTeX trust is off): x' onerror='alert(1)", false
        ),
        ("\\htmlClass{evil}{x}", "\\htmlClass is not allowed (KaTeX trust is off)", true),
        ("\\htmlData{x=1}{x}", "\\htmlData is not allowed (KaTeX trust is off)", true),
        ("\\htmlStyle{color:red}{x}", "\\htmlStyle is not allowed (KaTeX trust is off)", true),
    ])
    func untrustedCommandsAreRefusedAndReported(tex: String, warning: String, isHTMLExtension: Bool) async throws {
        let result = try await renderer().render(MathRequest(tex: tex))
        guard case .rendered(let html, let warnings) = result else {
            Issue.record("expected a rendering with a warning, got \(result)")
            return
        }
        // KaTeX also reports the \\html… commands as non-LaTeX through its strict check.
        #expect(warnings == (isHTMLExtension ? [Self.htmlExtension, warning] : [warning]))
        #expect(!html.contains("href="))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror='"))
        #expect(!html.contains("class=\"evil"))
        #expect(!html.contains("data-x"))
    }

    @Test func strictWarningsAreCollectedNotPrinted() async throws {
        let result = try await renderer().render(MathRequest(tex: "é + é"))
        guard case .rendered(_, let warnings) = result else {
            Issue.record("expected a rendering, got \(result)")
            return
        }
        #expect(warnings == ["Accented Unicode text character \"é\" used in math mode [unicodeTextInMathMode]"])
    }

    @Test func sizesAreClampedByMaxSize() async throws {
        let html = try #require(try await renderer().render(MathRequest(tex: "\\rule{100000em}{1em}")).html)
        #expect(html.contains("border-right-width:20em;"))
        #expect(html.contains("width=\"20em\""))
        #expect(!html.contains("width:100000em"))
        #expect(!html.contains("width=\"100000em\""))
    }

    @Test func expansionLoopIsStopped() async throws {
        let result = try await renderer().render(MathRequest(tex: "\\def\\a{\\a\\a}\\a"))
        #expect(result == .failed(message: "Too many expansions: infinite loop or need to increase maxExpand setting"))
    }

    @Test func edefChainOverflowingTheStackIsCaught() async throws {
        // 18 `\edef\a{\a\a}` lines: with node's default stack KaTeX 0.16.4 overflows instead of looping for minutes.
        let tex = "\\edef\\a{x}\n" + String(repeating: "\\edef\\a{\\a\\a}\n", count: 18) + "\\a"
        let results = try await renderer().render([MathRequest(tex: tex), MathRequest(tex: "y")])
        #expect(results[0] == .failed(message: "formula too deeply nested for KaTeX (Maximum call stack size exceeded)"))
        #expect(results[1].html != nil)
    }

    @Test func deepBracesRangeErrorIsCaughtByTheWorker() async throws {
        // With the nesting pre-check lifted, KaTeX itself overflows its stack; the worker must survive that.
        let installation = try KaTeXInstallation.locate()
        let lenient = try KaTeXRenderer(
            installation: installation, workers: 1, limits: MathLimits(maxLength: 1_000_000, maxNestingDepth: 1_000_000))
        defer { lenient.shutdown() }
        let deep = String(repeating: "{", count: 5000) + "x" + String(repeating: "}", count: 5000)
        let results = await lenient.render([MathRequest(tex: deep), MathRequest(tex: "z")])
        #expect(results[0] == .failed(message: "formula too deeply nested for KaTeX (Maximum call stack size exceeded)"))
        #expect(results[1].html?.contains("<mi>z</mi>") == true)
        #expect(lenient.restartCount == 0)
    }

    @Test func sameInputSameOutput() async throws {
        let requests = (0..<50).map {
            MathRequest(tex: "\\sum_{k=0}^{\($0)} k^2 = \\frac{n(n+1)(2n+1)}{6}", displayMode: $0 % 2 == 0)
        }
        let first = try await renderer().render(requests)
        let second = try await renderer().render(requests)
        #expect(first == second)
    }

    @Test func orderIsPreservedOverABatchOfAThousand() async throws {
        let requests = (0..<1000).map { index in
            MathRequest(tex: index % 97 == 0 ? "\\bad\(index)" : "x_{\(index)}", displayMode: index % 3 == 0)
        }
        let results = try await renderer().render(requests)
        #expect(results.count == 1000)
        for (index, result) in results.enumerated() {
            if index % 97 == 0 {
                #expect(result == .failed(message: "Undefined control sequence: \\bad", position: 0))
            } else {
                #expect(result.html?.contains("<annotation encoding=\"application/x-tex\">x_{\(index)}</annotation>") == true)
                #expect(
                    result.html?.hasPrefix(index % 3 == 0 ? "<span class=\"katex-display\">" : "<span class=\"katex\">") == true)
            }
        }
    }

    @Test func requestTextSurvivesTheWireUnchanged() async throws {
        let tex = "\\text{\"quoted\" \\\\ tab\there} + \\text{日本} \n + a"
        let result = try await renderer().render(MathRequest(tex: tex, displayMode: true))
        let html = try #require(result.html)
        #expect(html.contains("&quot;quoted&quot;"))
        #expect(html.contains("日本"))
        // A control character reaches KaTeX intact, which refuses it.
        #expect(
            try await renderer().render(MathRequest(tex: "a\u{1}"))
                == .failed(message: "Unexpected character: '\u{1}'", position: 1))
    }

    @Test func longOutputArrivesWhole() async throws {
        // About a megabyte of HTML on one reply line, read from the pipe in many pieces.
        let tex = String(repeating: "x+", count: 3000) + "y"
        let html = try #require(try await renderer().render(MathRequest(tex: tex)).html)
        #expect(html.utf8.count > 500_000)
        #expect(html.contains("<annotation encoding=\"application/x-tex\">\(tex)</annotation>"))
        #expect(html.hasSuffix("</span></span></span>"))
    }

    @Test func concurrentCallsEachGetTheirOwnResults() async throws {
        let shared = try renderer()
        let all = await withTaskGroup(of: (Int, [MathResult]).self) { group in
            for call in 0..<8 {
                group.addTask {
                    (call, await shared.render((0..<40).map { MathRequest(tex: "c_{\(call)} + n_{\($0)}") }))
                }
            }
            var collected: [(Int, [MathResult])] = []
            for await item in group { collected.append(item) }
            return collected
        }
        #expect(all.count == 8)
        for (call, results) in all {
            for (index, result) in results.enumerated() {
                #expect(result.html?.contains(">c_{\(call)} + n_{\(index)}</annotation>") == true)
            }
        }
    }

    @Test func emptyBatch() async throws {
        #expect(try await renderer().render([]) == [])
    }
}

@Suite("Limits")
struct LimitTests {
    @Test func lengthLimitIsCheckedBeforeKaTeX() async throws {
        let long = String(repeating: "x+", count: 5001)
        let result = try await renderer().render(MathRequest(tex: long))
        #expect(
            result
                == .failed(
                    message: "formula longer than 10000 characters (it has 10002); the limit is MathLimits.maxLength"))
    }

    @Test func nestingLimitIsCheckedBeforeKaTeX() async throws {
        let deep = String(repeating: "{", count: 101) + "x" + String(repeating: "}", count: 101)
        let ok = String(repeating: "{", count: 100) + "x" + String(repeating: "}", count: 100)
        let results = try await renderer().render([MathRequest(tex: deep), MathRequest(tex: ok)])
        #expect(
            results[0]
                == .failed(
                    message: "formula nested deeper than 100 levels of braces, \\left…\\right or \\begin…\\end "
                        + "(it reaches 101); the limit is MathLimits.maxNestingDepth"))
        #expect(results[1].html != nil)
    }

    @Test(arguments: [
        ("x", 0),
        ("{a}{b}{c}", 1),
        ("{{a}}", 2),
        ("\\{\\{\\{", 0),
        ("\\left( \\left[ x \\right] \\right)", 2),
        ("\\begin{matrix} {a} \\end{matrix}", 2),
        ("% {{{{\n{x}", 1),
        ("\\\\{x}", 1),
        ("\\leftarrow {x}", 1),
    ])
    func nestingDepth(tex: String, depth: Int) {
        #expect(MathLimits.nestingDepth(of: tex) == depth)
    }

    @Test func customLimits() async throws {
        let installation = try KaTeXInstallation.locate()
        let strict = try KaTeXRenderer(
            installation: installation, workers: 1, limits: MathLimits(maxLength: 5, maxNestingDepth: 1))
        defer { strict.shutdown() }
        let results = await strict.render([
            MathRequest(tex: "abcdef"), MathRequest(tex: "{{a}}"), MathRequest(tex: "{a}"),
        ])
        #expect(messages(results)[0]?.hasPrefix("formula longer than 5 characters (it has 6)") == true)
        #expect(messages(results)[1]?.hasPrefix("formula nested deeper than 1 levels") == true)
        #expect(results[2].html != nil)
    }
}

@Suite("Timeouts and workers")
struct TimeoutTests {
    @Test func runawayFormulaIsAbandonedAndTheWorkerReplaced() async throws {
        // 18 lines: `\edef\a{x}`, 16 × `\edef\a{\a\a}`, `\a`. KaTeX 0.16.4 needs seconds for it (4^16 tokens)
        // and its expansion limit does not stop it (CVE-2024-28243).
        let chain = "\\edef\\a{x}\n" + String(repeating: "\\edef\\a{\\a\\a}\n", count: 16) + "\\a"
        let installation = try KaTeXInstallation.locate()
        let renderer = try KaTeXRenderer(installation: installation, workers: 1, timeout: .milliseconds(300))
        defer { renderer.shutdown() }
        let results = await renderer.render([
            MathRequest(tex: "a"), MathRequest(tex: chain), MathRequest(tex: "b"), MathRequest(tex: "c"),
        ])
        #expect(results[0].html?.contains("<mi>a</mi>") == true)
        #expect(results[1] == .failed(message: "timed out after 0.3 s"))
        #expect(results[2].html?.contains("<mi>b</mi>") == true)
        #expect(results[3].html?.contains("<mi>c</mi>") == true)
        #expect(renderer.restartCount == 1)
        // The replacement keeps working for later calls.
        #expect(await renderer.render(MathRequest(tex: "d")).html?.contains("<mi>d</mi>") == true)
    }

    @Test func shutdownFailsLaterRequests() async throws {
        let renderer = try KaTeXRenderer(installation: try KaTeXInstallation.locate(), workers: 1)
        #expect(await renderer.render(MathRequest(tex: "x")).html != nil)
        renderer.shutdown()
        #expect(await renderer.render(MathRequest(tex: "x")) == .failed(message: "the KaTeX renderer was shut down"))
    }
}

@Suite("Installation")
struct InstallationTests {
    @Test func locatesDebianPackages() throws {
        let installation = try KaTeXInstallation.locate()
        #expect(installation.version == "0.16.4")
        #expect(FileManager.default.fileExists(atPath: installation.stylesheetPath))
        #expect(FileManager.default.fileExists(atPath: installation.fontsPath + "/KaTeX_Main-Regular.woff2"))
        #expect(try renderer().version == installation.version)
    }

    @Test func missingNodeIsReportedWithTheFix() throws {
        let installed = try KaTeXInstallation.locate()
        var bogus = installed
        bogus.nodePath = "/nonexistent/bin/node"
        #expect(throws: KaTeXSetupError.nodeNotFound(searched: ["/nonexistent/bin/node"])) {
            _ = try KaTeXRenderer(installation: bogus, workers: 1)
        }
        let description = KaTeXSetupError.nodeNotFound(searched: ["/nonexistent/bin/node"]).description
        #expect(description.contains("node (the JavaScript runtime KaTeX runs in) was not found"))
        #expect(description.contains("./setup.sh"))
        #expect(description.contains("sudo apt-get install nodejs katex libjs-katex"))
    }

    @Test func missingLibraryIsReportedWithWhatNodeSaid() throws {
        var bogus = try KaTeXInstallation.locate()
        bogus.libraryPath = "/nonexistent/katex"
        do {
            _ = try KaTeXRenderer(installation: bogus, workers: 1)
            Issue.record("expected a setup error")
        } catch let error as KaTeXSetupError {
            guard case .workerFailedToStart(let detail) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(detail.contains("Cannot find module '/nonexistent/katex'"))
            #expect(error.description.contains("sudo apt-get install nodejs katex libjs-katex"))
        }
    }

    @Test func aModuleThatIsNotKaTeXIsRefusedAtStart() throws {
        var wrong = try KaTeXInstallation.locate()
        wrong.libraryPath = wrong.libraryPath + "/package.json"
        #expect(
            throws: KaTeXSetupError.workerFailedToStart(
                detail: "the KaTeX worker exited: Error: \(wrong.libraryPath) is not the KaTeX library")
        ) {
            _ = try KaTeXRenderer(installation: wrong, workers: 1)
        }
    }

    @Test func locateNamesTheMissingPackage() {
        #expect(throws: KaTeXSetupError.libraryNotFound(searched: ["/nonexistent"])) {
            try KaTeXInstallation.locate(
                nodeCandidates: KaTeXInstallation.defaultNodeCandidates,
                libraryCandidates: ["/nonexistent"],
                assetCandidates: KaTeXInstallation.defaultAssetCandidates)
        }
        #expect(throws: KaTeXSetupError.assetsNotFound(searched: ["/nonexistent"])) {
            try KaTeXInstallation.locate(
                nodeCandidates: KaTeXInstallation.defaultNodeCandidates,
                libraryCandidates: KaTeXInstallation.defaultLibraryCandidates,
                assetCandidates: ["/nonexistent"])
        }
        #expect(throws: KaTeXSetupError.nodeNotFound(searched: ["/nonexistent"])) {
            try KaTeXInstallation.locate(
                nodeCandidates: ["/nonexistent"],
                libraryCandidates: KaTeXInstallation.defaultLibraryCandidates,
                assetCandidates: KaTeXInstallation.defaultAssetCandidates)
        }
        #expect(KaTeXSetupError.assetsNotFound(searched: ["/x"]).description.contains("libjs-katex"))
        #expect(KaTeXSetupError.libraryNotFound(searched: ["/x"]).description.contains("`katex`"))
    }
}

@Suite("Wire format")
struct WireFormatTests {
    @Test func requestEncoding() {
        var buffer: [UInt8] = []
        WorkerJSON.appendRequest(
            MathRequest(tex: "a\"b\\c\nd\u{1}é", displayMode: true, macros: ["\\b": "2", "\\a": "1"]), to: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self) == #"{"t":"a\"b\\c\nd\u0001é","d":true,"m":{"\\a":"1","\\b":"2"}}"# + "\n")
    }

    @Test(arguments: [
        (#"{"h":"<b>\"x\"</b>","w":["w1","é\u00e9"]}"#, WorkerJSON.Reply.rendered(html: "<b>\"x\"</b>", warnings: ["w1", "éé"])),
        (#"{"e":"bad \ud835\udc65","p":3}"#, .failed(message: "bad 𝑥", position: 3)),
        (#"{"e":"no position"}"#, .failed(message: "no position", position: nil)),
        (#"{"ready":"0.16.4"}"#, .ready(version: "0.16.4")),
    ])
    func replyDecoding(line: String, reply: WorkerJSON.Reply) {
        #expect(WorkerJSON.decodeReply(ArraySlice(line.utf8)) == reply)
    }

    @Test(arguments: ["", "{", "[1,2]", #"{"h":1}"#, #"{"e":"\q"}"#, String(repeating: "[", count: 1000)])
    func malformedReplies(line: String) {
        #expect(WorkerJSON.decodeReply(ArraySlice(line.utf8)) == nil)
    }

    @Test(arguments: [(Duration.seconds(1), "1 s"), (.milliseconds(300), "0.3 s"), (.milliseconds(1250), "1.25 s")])
    func timeoutWording(duration: Duration, text: String) {
        #expect(formatSeconds(duration) == text)
    }
}
