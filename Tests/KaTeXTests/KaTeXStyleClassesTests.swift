import Foundation
import Testing

@testable import KaTeX

@Suite("Style classes")
struct KaTeXStyleClassesTests {
    let classes = KaTeXStyleClasses(styles: ["height:1em;vertical-align:-0.25em;", "margin-right:0.05em;"])

    @Test(arguments: [
        // A span with classes keeps them and gains the style's class.
        (
            #"<span class="strut" style="height:1em;vertical-align:-0.25em;"></span>"#,
            #"<span class="strut ks0"></span>"#
        ),
        // A span without classes gets a class attribute where the style was.
        (#"<span style="margin-right:0.05em;">x</span>"#, #"<span class="ks1">x</span>"#),
        (#"<span class="" style="margin-right:0.05em;">x</span>"#, #"<span class="ks1">x</span>"#),
        // Attributes after the style stay.
        (#"<span class="a b" style="margin-right:0.05em;" data-x="1">"#, #"<span class="a b ks1" data-x="1">"#),
        // A style not in the table, or only part of one, stays inline.
        (#"<span class="mord" style="margin-right:0.1em;">"#, #"<span class="mord" style="margin-right:0.1em;">"#),
        (#"<span style="height:1em;">"#, #"<span style="height:1em;">"#),
        // Only spans change: SVG keeps its attributes.
        (#"<svg style="margin-right:0.05em;"></svg>"#, #"<svg style="margin-right:0.05em;"></svg>"#),
        (#"<spanx style="margin-right:0.05em;">"#, #"<spanx style="margin-right:0.05em;">"#),
        // MathML is left as it is, even where it looks like a span.
        (
            #"<math><mstyle displaystyle="true"><span style="margin-right:0.05em;"></span></mstyle></math><span style="margin-right:0.05em;"></span>"#,
            #"<math><mstyle displaystyle="true"><span style="margin-right:0.05em;"></span></mstyle></math><span class="ks1"></span>"#
        ),
        // Unfinished markup is copied.
        (#"<span class="a" style="margin-right:0.05em;"#, #"<span class="a" style="margin-right:0.05em;"#),
        ("", ""),
        ("é𝑥 <span", "é𝑥 <span"),
    ])
    func replacesWholeStylesOfSpans(html: String, expected: String) {
        #expect(classes.apply(to: html) == expected)
    }

    @Test func rulesCarryEveryDeclarationAsImportant() {
        let lines = classes.stylesheet.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1] == ".ks0{height:1em!important;vertical-align:-0.25em!important}")
        #expect(lines[2] == ".ks1{margin-right:0.05em!important}")
        #expect(classes.className(of: "margin-right:0.05em;") == "ks1")
        #expect(classes.className(of: "margin-right:0.05em") == nil)
    }

    @Test func measuredTableHas128DistinctStylesAsKaTeXWritesThem() {
        let styles = KaTeXStyleClasses.measured.styles
        #expect(styles.count == 128)
        #expect(Set(styles).count == 128)
        for style in styles {
            #expect(style.hasSuffix(";") && !style.contains("\"") && !style.contains(" "), "\(style)")
        }
        #expect(KaTeXStyleClasses.measured.stylesheet.split(separator: "\n").count == 129)
    }

    /// KaTeX's own output: only style attributes change, MathML stays byte for byte, and putting each class's
    /// style back gives KaTeX's HTML again.
    @Test func katexOutputChangesOnlyInItsStyles() async throws {
        let requests = [
            MathRequest(tex: "\\frac{\\partial L}{\\partial W_{ij}} = \\sum_k \\delta_k x_j", displayMode: true),
            MathRequest(tex: "\\sqrt{x^2 + y^2} \\le \\left(\\int_0^1 f\\right)^2"),
            MathRequest(tex: "\\begin{aligned} a &= b \\\\ c &= \\overrightarrow{AB} \\end{aligned}", displayMode: true),
        ]
        let measured = KaTeXStyleClasses.measured
        for result in try await renderer().render(requests) {
            let html = try #require(result.html)
            let classed = measured.apply(to: html)
            #expect(classed.utf8.count < html.utf8.count)
            #expect(Self.mathML(in: classed) == Self.mathML(in: html))
            #expect(Self.restoringStyles(classed, from: measured) == html)
        }
    }

    private static func mathML(in html: String) -> Substring? {
        guard let start = html.range(of: "<math"), let end = html.range(of: "</math>") else { return nil }
        return html[start.lowerBound..<end.upperBound]
    }

    /// Undoes ``KaTeXStyleClasses/apply(to:)`` for output that had no `ks…` classes of its own.
    private static func restoringStyles(_ html: String, from classes: KaTeXStyleClasses) -> String {
        var output = ""
        var rest = Substring(html)
        while let start = rest.range(of: "<span class=\"") {
            output += rest[..<start.upperBound]
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            var names = rest[..<end].split(separator: " ", omittingEmptySubsequences: false)
            if let last = names.last, last.hasPrefix("ks"), let index = Int(last.dropFirst(2)) {
                names.removeLast()
                let style = "style=\"\(classes.styles[index])\""
                if names.isEmpty {
                    output.removeLast("class=\"".count)
                    output += style
                } else {
                    output += names.joined(separator: " ") + "\" " + style
                }
            } else {
                output += rest[..<end] + "\""
            }
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }
}
