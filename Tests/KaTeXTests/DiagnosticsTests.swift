import Diagnostics
import Testing

@testable import KaTeX

@Suite("Located errors")
struct LocatedErrorTests {
    @Test func errorIsPlacedWhereKaTeXPoints() async throws {
        let post = "Intro line\nThe map $$\n\\sum_i é + \\foo\n$$ ends.\n"
        let start = try #require(post.utf8.firstIndex(of: UInt8(ascii: "$")))
        let formulaOffset = post.utf8.distance(from: post.utf8.startIndex, to: start) + 2
        let tex = "\n\\sum_i é + \\foo\n"
        #expect(Array(post.utf8)[formulaOffset...].starts(with: tex.utf8))
        let request = MathRequest(tex: tex, displayMode: true)
        let result = try await renderer().render(request)
        let error = try #require(result.locatedError(for: request, formulaUTF8Offset: formulaOffset, in: LineIndex(post)))
        #expect(error.message == "math: Undefined control sequence: \\foo")
        #expect(error.location == SourceLocation(line: 3, column: 12))
        #expect(result.failureReason == "Undefined control sequence: \\foo")
    }

    @Test func unlocatedErrorPointsAtTheFormula() async throws {
        let post = "a $\\def\\a{\\a\\a}\\a$"
        let request = MathRequest(tex: "\\def\\a{\\a\\a}\\a")
        let result = try await renderer().render(request)
        let error = try #require(result.locatedError(for: request, formulaUTF8Offset: 3, in: LineIndex(post)))
        #expect(error.location == SourceLocation(line: 1, column: 4))
        #expect(error.message == "math: Too many expansions: infinite loop or need to increase maxExpand setting")
    }

    @Test func warningsPointAtTheFormula() async throws {
        let post = "x\n  $\\href{javascript:alert(1)}{y}$"
        let result = try await renderer().render(MathRequest(tex: "\\href{javascript:alert(1)}{y}"))
        let warnings = result.locatedWarnings(formulaUTF8Offset: 5, in: LineIndex(post))
        #expect(warnings.map(\.message) == ["math: \\href is not allowed (KaTeX trust is off): javascript:alert(1)"])
        #expect(warnings.map(\.location) == [SourceLocation(line: 2, column: 4)])
        #expect(result.locatedError(for: MathRequest(tex: ""), formulaUTF8Offset: 0, in: LineIndex(post)) == nil)
    }
}
