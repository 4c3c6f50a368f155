import EquationReader
import Testing

@testable import BuildSiteCommands

/// `build-site read-latex`: what the reader makes of a formula, printed as an author reads it.
struct ReadLaTeXTests {
    @Test func aFormulaIsPrintedInTheClaimLanguage() throws {
        let declarations = try EquationDeclarations(
            "given z ∈ [-8, 8], y ∈ {0, 1}\nlet a = σ(z)\nlet L = -(y*log(a) + (1 - y)*log(1 - a))")
        let report = BuildSiteCommand.ReadLaTeX.report(
            #"\frac{\partial L}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}"#, declarations: declarations, judging: true)
        #expect(report.report == "∂L/∂a = -(y/a) + (1 - y)/(1 - a)\nrow 1: ✓ verified\n")
        #expect(report.allRead)
    }

    @Test func anAmbiguousFormulaSaysWhereAndWhy() {
        let report = BuildSiteCommand.ReadLaTeX.report(#"\sin x^2 = 1"#, declarations: .automatic, judging: false)
        #expect(report.report.hasPrefix("ambiguous at 1:7: '\\sin x^2' is ambiguous"))
        #expect(!report.allRead)
    }

    @Test func checkingMarksTheWrongRow() {
        let report = BuildSiteCommand.ReadLaTeX.report(
            #"\begin{aligned} (x+y)^2 &= x^2 + 2xy + y^2 \\ &= x^2 + xy + y^2 \end{aligned}"#, declarations: .automatic,
            judging: true)
        #expect(report.report.contains("rows 1, 2: (x + y)^2 = x^2 + 2*x*y + y^2 = x^2 + x*y + y^2   (free: x, y)"))
        #expect(report.report.contains("row 2: ✗ refuted"))
        #expect(!report.allRead)
    }
}
