import Diagnostics
import Testing

@Suite struct LineIndexTests {
    @Test(arguments: [
        ("abc", 0, 1, 1),
        ("abc", 2, 1, 3),
        ("a\nb", 2, 2, 1),
        ("a\r\nb", 3, 2, 1),
        ("é\nxé y", 6, 2, 3),
        ("", 0, 1, 1),
        ("a\n", 2, 2, 1),
    ])
    func locations(text: String, offset: Int, line: Int, column: Int) {
        #expect(LineIndex(text).location(ofUTF8Offset: offset) == SourceLocation(line: line, column: column))
    }

    @Test func lineTextDropsCarriageReturn() {
        let index = LineIndex("one\r\ntwo\n")
        #expect(index.lineText(1) == "one")
        #expect(index.lineText(2) == "two")
        #expect(index.lineText(3) == "")
        #expect(index.lineText(4) == nil)
    }

    @Test func plainAndGitHubFormats() {
        let diagnostic = Diagnostic(
            path: "content/a.md", location: SourceLocation(line: 3, column: 7),
            message: "claim 'x' refuted: 1 ≠ 2", notes: ["at z = 1"])
        #expect(DiagnosticPrinter().render(diagnostic) == "content/a.md:3:7: error: claim 'x' refuted: 1 ≠ 2\n    at z = 1\n")
        #expect(
            DiagnosticPrinter(format: .github).render(diagnostic)
                == "::error file=content/a.md,line=3,col=7::claim 'x' refuted: 1 ≠ 2%0Aat z = 1\n")
    }
}
