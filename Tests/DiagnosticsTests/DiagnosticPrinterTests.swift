import Diagnostics
import Foundation
import Testing

/// One diagnostic and its exact plain printed form.
struct PrintedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var diagnostic: Diagnostic
    var printed: String
    var testDescription: String { name }
}

let printedCases: [PrintedCase] = [
    PrintedCase(
        name: "no source line: the first line and the notes",
        diagnostic: Diagnostic(path: "a.md", location: SourceLocation(line: 3, column: 7), message: "m", notes: ["n"]),
        printed: "a.md:3:7: error: m\n    n\n"),
    PrintedCase(
        name: "no location: the source line is not shown",
        diagnostic: Diagnostic(path: "a.md", message: "m", sourceLine: "text"),
        printed: "a.md: error: m\n"),
    PrintedCase(
        name: "caret under the column",
        diagnostic: Diagnostic(
            .warning, path: "content/posts/x.md", location: SourceLocation(line: 12, column: 9), message: "message",
            notes: ["note one", "note two"], sourceLine: "claim x + y = yy"),
        printed: """
            content/posts/x.md:12:9: warning: message
               12 | claim x + y = yy
                  |         ^
                note one
                note two

            """),
    PrintedCase(
        name: "a range is underlined",
        diagnostic: Diagnostic(
            path: "p.md", location: SourceLocation(line: 6, column: 16), message: "unknown attribute 'colour'",
            sourceLine: "```swift-check colour=red", length: 6),
        printed: """
            p.md:6:16: error: unknown attribute 'colour'
               6 | ```swift-check colour=red
                 |                ^~~~~~

            """),
    PrintedCase(
        name: "non-ASCII before the column takes one cell each",
        diagnostic: Diagnostic(
            path: "p.md", location: SourceLocation(line: 12, column: 13), message: "m",
            sourceLine: "claim ∂L/∂z = a - yy", length: 4),
        printed: """
            p.md:12:13: error: m
               12 | claim ∂L/∂z = a - yy
                  |             ^~~~

            """),
    PrintedCase(
        name: "non-ASCII inside the range",
        diagnostic: Diagnostic(
            path: "p.md", location: SourceLocation(line: 2, column: 7), message: "m", sourceLine: "claim ∂L/∂z = 0",
            length: 5),
        printed: """
            p.md:2:7: error: m
               2 | claim ∂L/∂z = 0
                 |       ^~~~~

            """),
    PrintedCase(
        name: "a tab stays a tab under the source line",
        diagnostic: Diagnostic(
            path: "p.md", location: SourceLocation(line: 1, column: 3), message: "m", sourceLine: "\tx+", length: 1),
        printed: "p.md:1:3: error: m\n   1 | \tx+\n     | \t ^\n"),
    PrintedCase(
        name: "wide characters take two cells, combining marks none",
        diagnostic: Diagnostic(
            path: "p.md", location: SourceLocation(line: 1, column: 5), message: "m", sourceLine: "日本e\u{301}x"),
        printed: "p.md:1:5: error: m\n   1 | 日本e\u{301}x\n     |      ^\n"),
    PrintedCase(
        name: "a column past the end of the line",
        diagnostic: Diagnostic(
            path: "p.md", location: SourceLocation(line: 2, column: 9), message: "m", sourceLine: "title =", length: 3),
        printed: "p.md:2:9: error: m\n   2 | title =\n     |         ^\n"),
    PrintedCase(
        name: "an empty line",
        diagnostic: Diagnostic(path: "p.md", location: SourceLocation(line: 4, column: 1), message: "m", sourceLine: ""),
        printed: "p.md:4:1: error: m\n   4 |\n     | ^\n"),
]

@Suite struct DiagnosticPrinterTests {
    @Test(arguments: printedCases)
    func plainForm(_ row: PrintedCase) {
        #expect(DiagnosticPrinter().render(row.diagnostic) == row.printed)
    }

    @Test func githubFormIsUnchangedBySourceLines() {
        let diagnostic = Diagnostic(
            path: "content/a.md", location: SourceLocation(line: 3, column: 7), message: "m", notes: ["n"],
            sourceLine: "claim x = y", length: 2)
        #expect(DiagnosticPrinter(format: .github).render(diagnostic) == "::error file=content/a.md,line=3,col=7::m%0An\n")
    }

    @Test func sourceLineComesFromTheFileIndex() {
        let lines = LineIndex("---\ntitle: [x\n---\r\nbody\n")
        let diagnostic = Diagnostic(path: "p.md", location: SourceLocation(line: 3, column: 1), message: "m")
        #expect(diagnostic.showingSource(from: lines).sourceLine == "---")
        #expect(Diagnostic(path: "p.md", message: "m").showingSource(from: lines).sourceLine == nil)
        let kept = Diagnostic(path: "p.md", location: SourceLocation(line: 1, column: 1), message: "m", sourceLine: "own")
        #expect(kept.showingSource(from: lines).sourceLine == "own")
    }

    @Test func codableFormKeepsItsFieldsAndReadsOldRecords() throws {
        let old = #"{"severity":"error","path":"p.md","location":{"line":2,"column":3},"message":"m","notes":[]}"#
        let decoded = try JSONDecoder().decode(Diagnostic.self, from: Data(old.utf8))
        #expect(decoded == Diagnostic(path: "p.md", location: SourceLocation(line: 2, column: 3), message: "m"))
        let full = Diagnostic(
            path: "p.md", location: SourceLocation(line: 2, column: 3), message: "m", sourceLine: "abc", length: 2)
        #expect(try JSONDecoder().decode(Diagnostic.self, from: JSONEncoder().encode(full)) == full)
    }
}

/// A position inside a fragment and where it stands in the file.
struct FragmentRow: Sendable, CustomTestStringConvertible {
    var name: String
    var fragment: SourceFragment
    var inFragment: Diagnostics.SourceLocation
    var inFile: Diagnostics.SourceLocation
    var testDescription: String { name }
}

@Suite struct SourceFragmentTests {
    @Test(arguments: [
        FragmentRow(
            name: "a whole line: the line moves, the column stays", fragment: SourceFragment(line: 4),
            inFragment: SourceLocation(line: 2, column: 5), inFile: SourceLocation(line: 5, column: 5)),
        FragmentRow(
            name: "mid-line start: the first line gets the start column",
            fragment: SourceFragment(start: SourceLocation(line: 6, column: 6)),
            inFragment: SourceLocation(line: 1, column: 13), inFile: SourceLocation(line: 6, column: 18)),
        FragmentRow(
            name: "mid-line start: later lines start at column 1",
            fragment: SourceFragment(start: SourceLocation(line: 6, column: 6)),
            inFragment: SourceLocation(line: 3, column: 2), inFile: SourceLocation(line: 8, column: 2)),
        FragmentRow(
            name: "indented fence body, first line",
            fragment: SourceFragment(start: SourceLocation(line: 10, column: 3), indentation: 2),
            inFragment: SourceLocation(line: 1, column: 7), inFile: SourceLocation(line: 10, column: 9)),
        FragmentRow(
            name: "indented fence body, later line",
            fragment: SourceFragment(start: SourceLocation(line: 10, column: 3), indentation: 2),
            inFragment: SourceLocation(line: 2, column: 1), inFile: SourceLocation(line: 11, column: 3)),
    ])
    func fileLocation(_ row: FragmentRow) {
        #expect(row.fragment.fileLocation(of: row.inFragment) == row.inFile)
    }

    @Test func locatedErrorMovesIntoTheFile() {
        let error = LocatedError("bad", at: SourceLocation(line: 1, column: 3), length: 2, notes: ["n"])
        let diagnostic = error.diagnostic(path: "p.md", in: SourceFragment(start: SourceLocation(line: 4, column: 10)))
        #expect(
            diagnostic
                == Diagnostic(
                    path: "p.md", location: SourceLocation(line: 4, column: 12), message: "bad", notes: ["n"], length: 2))
    }
}
