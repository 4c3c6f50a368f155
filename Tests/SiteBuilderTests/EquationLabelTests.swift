import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// Equation labels, numbers and references through whole builds: the pages' links and numbers, the messages.
@Suite(.serialized, .timeLimit(.minutes(3))) struct EquationLabelTests {
    static let front = "---\ntitle: P\ndate: 2026-01-01\n---\n"

    /// A post with labels of every kind and references of every kind (line numbers in comments are the file's).
    static let post =
        front  // lines 1-4
        + "Intro with @eq:loss and \\eqref{eq:rows} and \\ref{eq:tagged}, not `@eq:loss` or `\\eqref{eq:rows}`.\n"  // 5
        + "\n"
        + "$$L = (a - y)^2$$ {#eq:loss}\n"  // 7
        + "\n"
        + "\\begin{align}\n"  // 9
        + "a &= b \\label{eq:first-row} \\\\\n"  // 10
        + "c &= d \\label{eq:rows}\n"  // 11
        + "\\end{align}\n"
        + "\n"
        + "$$x = y \\tag{T} \\label{eq:tagged}$$\n"  // 14
        + "\n"
        + "In math: $\\eqref{eq:loss} + \\ref{eq:rows}$.\n"  // 16
        + "\n"
        + "```\n\\eqref{eq:loss} and @eq:loss in a block\n```\n"

    /// The page's text: every tag removed.
    static func textOnly(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return text
    }

    static func build(
        _ files: [String: String], configure: (inout BuildOptions) -> Void = { _ in }
    ) async throws -> (summary: BuildSummary, output: URL, temporary: URL) {
        try await AuthorWarningTests.build(
            files.merging(["_config.yml": AuthorWarningTests.configured]) { a, _ in a }, configure: configure)
    }

    @Test func labelsGetNumbersAnchorsAndTheReferencesLinkToThem() async throws {
        let (summary, output, temporary) = try await Self.build(["p.md": Self.post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.exitStatus == 0, "\(summary.diagnostics)")
        #expect(summary.diagnostics.isEmpty, "\(summary.diagnostics)")
        let page = try Fixture.read(output, "posts/p/index.html")
        // The prose references, with their numbers: eq:loss is 1, the align's rows 2 and 3, the tagged one T.
        #expect(
            page.contains(
                "Intro with <a class=\"eqref\" href=\"#eq-loss\">Eq. (1)</a> and <a class=\"eqref\" href=\"#eq-rows\">(3)</a> and <a class=\"eqref\" href=\"#eq-tagged\">T</a>, not <code>@eq:loss</code> or <code>\\eqref{eq:rows}</code>."
            ))
        // Code blocks are left alone.
        #expect(page.contains("\\eqref{eq:loss} and @eq:loss in a block"))
        // Each labelled display starts with its anchors; the {#eq:…} text is gone.
        #expect(
            page.contains(
                "<div class=\"math-display\"><span class=\"eq-anchor\" id=\"eq-loss\"></span><span class=\"katex-display\">"))
        #expect(
            page.contains(
                "<div class=\"math-display\"><span class=\"eq-anchor\" id=\"eq-first-row\"></span><span class=\"eq-anchor\" id=\"eq-rows\"></span><span class=\"katex-display\">"
            ))
        #expect(page.contains("<span class=\"eq-anchor\" id=\"eq-tagged\"></span>"))
        #expect(!page.contains("{#eq:"))
        #expect(!page.contains("\\label"))
        // KaTeX set the numbers as tags, one per labelled row.
        #expect(page.components(separatedBy: "<span class=\"tag\">").count - 1 == 3)
        let text = Self.textOnly(page)
        for number in ["(1)", "(2)", "(3)", "(T)"] { #expect(text.contains(number), "no tag \(number)") }
        // In math, \eqref and \ref became links with the number.
        #expect(page.contains("<a href=\"#eq-loss\">"))
        #expect(page.contains("<a href=\"#eq-rows\">"))
        #expect(!page.contains("not allowed"))
        // Every link to an equation lands on an id of the page.
        for anchor in ["eq-loss", "eq-rows", "eq-tagged"] { #expect(page.contains("id=\"\(anchor)\"")) }
    }

    @Test func theSameSiteBuiltTwiceIsByteIdentical() async throws {
        let (first, output, temporary) = try await Self.build(["p.md": Self.post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(first.exitStatus == 0)
        let page = try Data(contentsOf: output.appendingPathComponent("posts/p/index.html"))
        let again = temporary.appendingPathComponent("again")
        let second = await Fixture.build(content: temporary.appendingPathComponent("content"), output: again)
        #expect(second.exitStatus == 0)
        #expect(try Data(contentsOf: again.appendingPathComponent("posts/p/index.html")) == page)
    }

    @Test(arguments: [
        (
            front + "See @eq:missing.\n",
            [
                "content/p.md:5:5: error: no equation in this post has the label 'eq:missing' (a display takes one with \\label{eq:missing} or {#eq:missing} after it)"
            ]
        ),
        (
            front + "$$a \\label{eq:x}$$\n\ntext\n\n$$b$$ {#eq:x}\n",
            ["content/p.md:9:7: error: the equation label 'eq:x' is used twice in this post: first on line 5"]
        ),
        (
            front + "Inline $1 + \\eqref{eq:none}$ too.\n",
            [
                "content/p.md:5:13: error: no equation in this post has the label 'eq:none' (a display takes one with \\label{eq:none} or {#eq:none} after it)"
            ]
        ),
    ])
    func aBadReferenceOrLabelIsOneErrorAtItsPlace(text: String, expected: [String]) async throws {
        let (summary, _, temporary) = try await Self.build(["p.md": text])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.diagnostics.map(\.description) == expected)
        #expect(summary.exitStatus == 2)
    }

    @Test func withKeepGoingThePageShowsAnUnknownReferenceAsQuestionMarks() async throws {
        let (summary, output, temporary) = try await Self.build(
            ["p.md": Self.front + "See @eq:missing and $\\eqref{eq:gone}$.\n"]
        ) { $0.keepGoing = true }
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.diagnostics.map(\.severity) == [.warning, .warning])
        let page = try Fixture.read(output, "posts/p/index.html")
        #expect(page.contains("See <span class=\"eqref eqref-unknown\">Eq. (??)</span> and <span class=\"katex\">"))
        #expect(page.contains("<mtext>(??)</mtext>"))
    }

    @Test func aReferenceInAnAttributeIsPlainTextAndInALinkNoLink() async throws {
        let (summary, output, temporary) = try await Self.build([
            "p.md": Self.front
                + "$$a$$ {#eq:a}\n\n![plot of @eq:a](plot.png \"see @eq:a\") and [link](x.html \"(@eq:a)\") and [by @eq:a](x.html)\n",
            "plot.png": "PNG", "x.html": "x",
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.diagnostics.isEmpty, "\(summary.diagnostics)")
        let page = try Fixture.read(output, "posts/p/index.html")
        #expect(page.contains("<img src=\"plot.png\" alt=\"plot of Eq. (1)\" title=\"see Eq. (1)\" />"))
        #expect(page.contains("<a href=\"x.html\" title=\"(Eq. (1))\">link</a>"))
        // In a link's text the reference is no link of its own.
        #expect(page.contains("<a href=\"x.html\">by <span class=\"eqref\">Eq. (1)</span></a>"))
    }

    @Test func aHeadingWithAReferenceHasItsNumberInItsTextAndID() async throws {
        let (summary, output, temporary) = try await Self.build([
            "p.md": Self.front + "$$a$$ {#eq:a}\n\n## About @eq:a\n"
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.diagnostics.isEmpty, "\(summary.diagnostics)")
        let page = try Fixture.read(output, "posts/p/index.html")
        #expect(page.contains("id=\"about-eq-1\""))
        #expect(page.contains("About <a class=\"eqref\" href=\"#eq-a\">Eq. (1)</a></h2>"))
        #expect(!page.contains("MathQ"))
    }
}
