import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// A post and every message the command line prints about it, exactly.
struct PrintedPost: Sendable, CustomTestStringConvertible {
    var name: String
    var post: String
    var printed: String
    var testDescription: String { name }
}

private let front = "---\ntitle: t\n---\n"

/// What `build-site` prints (plain form) for a site of the one post `post`, as `content/p.md`: the build's
/// messages, then the claims' (the command line prints the two lists in this order), and how many there are.
private func printedMessages(ofPost post: String) async throws -> (text: String, count: Int) {
    let temporary = Fixture.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: temporary) }
    let content = temporary.appendingPathComponent("content")
    try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
    try Data(post.utf8).write(to: content.appendingPathComponent("p.md"))
    let summary = await Fixture.build(content: content, output: temporary.appendingPathComponent("site")) {
        $0.checkOnly = true
    }
    // The posts here are undated on purpose; that warning has its own test (AuthorWarningTests).
    let diagnostics = summary.messages.filter { !$0.message.hasPrefix("this post has no date") }
    let printer = DiagnosticPrinter()
    return (diagnostics.map(printer.render).joined(), diagnostics.count)
}

let printedPosts: [PrintedPost] = [
    PrintedPost(
        name: "claim: parse error in a swift-check fence",
        post: front + "Intro.\n\n```swift-check\ngiven x ∈ ℝ\nlet y = x*x\nclaim ∂y/∂x == 2*x +* 1\n```\n",
        printed: """
            content/p.md:9:21: error: claim 'p-1' could not be judged: expected an expression, found '*'
               9 | claim ∂y/∂x == 2*x +* 1
                 |                     ^

            """),
    PrintedPost(
        name: "claim: error at the end of an unfinished line points at that line",
        post: front + "```swift-check\ngiven x ∈ ℝ\nclaim x == (x +\n```\n",
        printed: """
            content/p.md:6:16: error: claim 'p-1' could not be judged: expected an expression at the end of the line
               6 | claim x == (x +
                 |                ^

            """),
    PrintedPost(
        name: "claim: parse error in a fence opened with five backticks",
        post: front + "`````swift-check\nclaim 1 == = 2\n`````\n",
        printed: """
            content/p.md:5:12: error: claim 'p-1' could not be judged: expected an expression, found '='
               5 | claim 1 == = 2
                 |            ^

            """),
    PrintedPost(
        name: "claim: parse error in a fence opened with tildes",
        post: front + "~~~swift-check\ngiven x ∈ ℝ\nclaim σ(x) == = 2\n~~~\n",
        printed: """
            content/p.md:6:15: error: claim 'p-1' could not be judged: expected an expression, found '='
               6 | claim σ(x) == = 2
                 |               ^

            """),
    PrintedPost(
        name: "claim: refuted inside a list item, at the fence's column",
        post: front + "- item\n\n  ```swift-check\n  given x ∈ ℝ\n  claim 2*x == x + x\n  claim 2*x == x + x + 1\n  ```\n",
        printed: """
            content/p.md:9:3: error: claim 'p-1/2' refuted: off by a constant: left − right = -1 at every point
               9 |   claim 2*x == x + x + 1
                 |   ^
                counterexample: x = 0
                left side = 0, right side = 1, difference = -1

            """),
    PrintedPost(
        name: "fence attribute: unknown, in a fence opened with three backticks",
        post: front + "```swift-check colour=red\nclaim 1 == 1\n```\n",
        printed: """
            content/p.md:4:16: error: swift-check fence: unknown attribute 'colour' (known: id, title, samples, seed, rtol, atol, expect, skip, verify)
               4 | ```swift-check colour=red
                 |                ^~~~~~

            """),
    PrintedPost(
        name: "fence attribute: unknown, in a fence opened with five backticks",
        post: front + "`````swift-check id=five colour=red\nclaim 1 == 1\n`````\n",
        printed: """
            content/p.md:4:26: error: swift-check fence: unknown attribute 'colour' (known: id, title, samples, seed, rtol, atol, expect, skip, verify)
               4 | `````swift-check id=five colour=red
                 |                          ^~~~~~

            """),
    PrintedPost(
        name: "fence attribute: malformed, in a fence opened with tildes and two spaces",
        post: front + "~~~  swift-check samples=lots\nclaim 1 == 1\n~~~\n",
        printed: """
            content/p.md:4:26: error: swift-check fence: malformed value 'lots' for attribute 'samples': expected a positive integer
               4 | ~~~  swift-check samples=lots
                 |                          ^~~~

            """),
    PrintedPost(
        name: "katex: a formula cut short",
        post: front + "A fraction $\\frac{1}{$ here.\n",
        printed: """
            content/p.md:4:22: error: math: Unexpected end of input in a macro argument, expected '}'
               4 | A fraction $\\frac{1}{$ here.
                 |                      ^

            """),
    PrintedPost(
        name: "katex: error on a later line of display math, after non-ASCII",
        post: front + "$$\n\\sum_i é + \\foo\n$$\n",
        printed: """
            content/p.md:5:12: error: math: Undefined control sequence: \\foo
               5 | \\sum_i é + \\foo
                 |            ^

            """),
    PrintedPost(
        name: "front matter: YAML syntax",
        post: "---\ntitle: [unclosed\n---\nx\n",
        printed: """
            content/p.md:3:1: error: front matter is not valid YAML: while parsing a flow sequence did not find expected ',' or ']'
               3 | ---
                 | ^

            """),
    PrintedPost(
        name: "front matter: TOML syntax, past the end of the line",
        post: "+++\ntitle =\n+++\nx\n",
        printed: """
            content/p.md:2:8: error: front matter is not valid TOML: Error while parsing key-value pair: encountered end-of-file
               2 | title =
                 |        ^

            """),
    PrintedPost(
        name: "markdown limit: block quotes nested too deep",
        post: front + (1...40).map { String(repeating: "> ", count: $0) + "x\n" }.joined(),
        printed: """
            content/p.md:36:1: error: block quotes and list items nested more than 32 deep (--limit maxNestingDepth=…)
               36 | \(String(repeating: "> ", count: 33))x
                  | ^

            """),
]

@Suite struct DiagnosticOutputTests {
    @Test(arguments: printedPosts)
    func printedExactly(_ row: PrintedPost) async throws {
        let (text, count) = try await printedMessages(ofPost: row.post)
        #expect(text == row.printed)
        #expect(count == 1, "each problem is reported exactly once")
    }

    @Test func aPostWithOneUnknownFenceAttributeYieldsExactlyOneMessage() async throws {
        let (text, count) = try await printedMessages(ofPost: front + "```swift-check colour=red\nclaim 1 == 2\n```\n")
        #expect(count == 1)
        #expect(text.components(separatedBy: "colour").count == 3, "the message and the source line name it, once each")
        #expect(!text.contains("p-1"), "the fence's stand-in claim is not reported under its fallback id")
    }

    @Test func eachProblemOfAPostIsReportedOnce() async throws {
        let post =
            front + "$x^2^3$ and $\\foo$\n\n```swift-check id=a seed=x\nclaim 1 == 1\n```\n\n"
            + "```swift-check\nclaim 1 == = 2\n```\n\n```swift-check\ngiven x ∈ ℝ\nclaim x == x + 1\n```\n"
        let (text, count) = try await printedMessages(ofPost: post)
        #expect(count == 5, "\(text)")
        let firstLines = text.split(separator: "\n").filter { $0.hasPrefix("content/") }
        #expect(
            firstLines.map { String($0.prefix(while: { $0 != " " })) } == [
                "content/p.md:4:5:", "content/p.md:4:14:", "content/p.md:6:26:", "content/p.md:11:12:", "content/p.md:16:1:",
            ])
    }
}
