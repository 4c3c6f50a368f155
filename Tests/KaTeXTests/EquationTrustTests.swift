import Testing

@testable import KaTeX

/// The one exception to KaTeX's trust being off: links inside the page and `eq-` classes, which equation
/// numbers, references and row marks are made of.
@Suite struct EquationTrustTests {
    @Test(arguments: [
        ("\\href{#eq-loss}{\\text{(1)}}", "href=\"#eq-loss\""),
        ("\\href{#}{x}", "href=\"#\""),
        ("\\htmlClass{eq-mark eq-mark-verified}{\\href{#claim-a}{\\checkmark}}", "class=\"enclosing eq-mark eq-mark-verified\""),
        ("a \\tag*{(3)\\ \\htmlClass{eq-mark eq-mark-refuted}{\\href{#claim-b}{$\\times$}}}", "href=\"#claim-b\""),
    ])
    func linksInsideThePageAndEquationClassesAreAllowedWithoutWarnings(tex: String, expected: String) async throws {
        let result = try await renderer().render(MathRequest(tex: tex, displayMode: true))
        guard case .rendered(let html, let warnings) = result else {
            Issue.record("expected a rendering, got \(result)")
            return
        }
        #expect(warnings.isEmpty)
        #expect(html.contains(expected))
    }

    @Test(arguments: [
        ("\\href{#x\"onclick=alert(1)}{x}", "\\href is not allowed (KaTeX trust is off): #x\"onclick=alert(1)", false),
        ("\\href{https://example.org/#eq-x}{x}", "\\href is not allowed (KaTeX trust is off): https://example.org/#eq-x", false),
        ("\\htmlClass{eq-mark evil}{x}", "\\htmlClass is not allowed (KaTeX trust is off)", true),
        ("\\htmlClass{ }{x}", "\\htmlClass is not allowed (KaTeX trust is off)", true),
        ("\\htmlId{eq-x}{x}", "\\htmlId is not allowed (KaTeX trust is off)", true),
    ])
    func everythingElseIsStillRefused(tex: String, warning: String, isHTMLExtension: Bool) async throws {
        let result = try await renderer().render(MathRequest(tex: tex))
        guard case .rendered(let html, let warnings) = result else {
            Issue.record("expected a rendering with a warning, got \(result)")
            return
        }
        #expect(warnings == (isHTMLExtension ? [RenderingTests.htmlExtension, warning] : [warning]))
        #expect(!html.contains("href="))
        #expect(!html.contains("class=\"enclosing"))
        #expect(!html.contains("id=\"eq-x\""))
    }

    @Test func anAllowedClassDoesNotHideTheNoticeOfARefusedOne() async throws {
        let result = try await renderer().render(MathRequest(tex: "\\htmlClass{eq-a}{x} \\htmlStyle{color:red}{y}"))
        guard case .rendered(_, let warnings) = result else {
            Issue.record("expected a rendering, got \(result)")
            return
        }
        #expect(warnings == [RenderingTests.htmlExtension, "\\htmlStyle is not allowed (KaTeX trust is off)"])
    }
}
