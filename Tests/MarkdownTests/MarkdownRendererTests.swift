import Foundation
import Markdown
import Testing

@Suite struct MarkdownRendererTests {
    @Test(arguments: [
        ("Hello *world*", "<p>Hello <em>world</em></p>\n"),
        ("~~gone~~", "<p><del>gone</del></p>\n"),
        ("see www.example.com", "<p>see <a href=\"http://www.example.com\">www.example.com</a></p>\n"),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"
        ),
        ("- [x] done", "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>\n"),
        ("<div class=\"x\">raw</div>", "<div class=\"x\">raw</div>\n"),
    ])
    func gitHubExtensions(markdown: String, html: String) {
        #expect(MarkdownRenderer.render(markdown).html == html)
    }

    /// cmark-gfm's global table of inline characters once made concurrent documents lose their
    /// strikethrough now and then (github/cmark-gfm#176); documents rendered at once must all keep it.
    @Test func concurrentDocumentsKeepTheirExtensions() async {
        let document = String(repeating: "Some *text* with ~~struck~~ words and | pipes |.\n\n", count: 40)
        let rendered = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<400 {
                group.addTask { !MarkdownRenderer.render(document).html.contains("~~") }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(rendered.allSatisfy { $0 }, "\(rendered.filter { !$0 }.count) of 400 documents lost ~~strikethrough~~")
    }

    @Test func footnotes() {
        let html = MarkdownRenderer.render("Text[^1].\n\n[^1]: The note.").html
        #expect(html.contains("<section class=\"footnotes\""))
        #expect(html.contains("The note."))
    }

    @Test func headingsGetUniqueAnchors() {
        let rendered = MarkdownRenderer.render("# The Sigmoid\n\n## Why `σ`?\n\n## The Sigmoid")
        #expect(rendered.headings.map(\.id) == ["the-sigmoid", "why-σ", "the-sigmoid-1"])
        #expect(rendered.headings.map(\.text) == ["The Sigmoid", "Why σ?", "The Sigmoid"])
        #expect(rendered.headings.map(\.line) == [1, 3, 5])
        #expect(
            rendered.html.hasPrefix(
                "<h1><a class=\"anchor\" id=\"the-sigmoid\" href=\"#the-sigmoid\" aria-hidden=\"true\" tabindex=\"-1\">#</a>The Sigmoid</h1>"
            ))
    }

    @Test func headingTextGoesThroughPlainText() {
        let rendered = MarkdownRenderer.render("## About TOKEN1", plainText: { $0.replacingOccurrences(of: "TOKEN1", with: "x") })
        #expect(rendered.headings.first?.text == "About x")
    }

    @Test func extractsFencesAndLeavesMarkers() throws {
        let source =
            "Intro\n\n```swift-check id=a\nclaim 1 = 1\n```\n\n```swift\nlet x = 1\n```\n\n- item\n\n  ```swift-check\n  claim 2 = 2\n  ```\n"
        let rendered = MarkdownRenderer.render(source, options: MarkdownOptions(extractedFenceLanguage: "swift-check"))
        #expect(rendered.fences.count == 2)
        let first = try #require(rendered.fences.first)
        #expect(first.info == "swift-check id=a")
        #expect(first.content == "claim 1 = 1\n")
        #expect(first.line == 3)
        #expect(first.column == 1)
        #expect(rendered.fences[1].line == 13)
        #expect(rendered.fences[1].column == 3)
        #expect(rendered.html.contains(first.marker))
        #expect(rendered.html.contains(rendered.fences[1].marker))
        #expect(!rendered.html.contains("claim 1 = 1"))
        #expect(rendered.html.contains("<code class=\"language-swift\">let x = 1"))
    }

    @Test func infoStringMustStartWithTheLanguageWord() {
        let rendered = MarkdownRenderer.render(
            "```swift-checker\nx\n```\n", options: MarkdownOptions(extractedFenceLanguage: "swift-check"))
        #expect(rendered.fences.isEmpty)
    }

    @Test(arguments: [
        "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox)", "[x](file:///etc/passwd)",
        "![x](data:text/html;base64,PHNjcmlwdD4=)", "<script>alert(1)</script>", "a <img src=x onerror=alert(1)> b",
    ])
    func safeModeDropsRawHTMLAndUnsafeLinks(markdown: String) {
        let html = MarkdownRenderer.render(markdown, options: MarkdownOptions(safe: true)).html.lowercased()
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("vbscript:"))
        #expect(!html.contains("file:"))
        #expect(!html.contains("data:text"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
    }

    @Test func safeModeKeepsOrdinaryLinksAndImages() {
        let html = MarkdownRenderer.render(
            "[a](https://example.org) ![b](plot.png) ![c](data:image/png;base64,AA==)",
            options: MarkdownOptions(safe: true)
        ).html
        #expect(html.contains("href=\"https://example.org\""))
        #expect(html.contains("src=\"plot.png\""))
        #expect(html.contains("src=\"data:image/png;base64,AA==\""))
    }

    @Test func imageDescriptionsGoThroughPlainText() {
        let rendered = MarkdownRenderer.render(
            "![plot of TOKEN](p.png)", plainText: { $0.replacingOccurrences(of: "TOKEN", with: "<x>") })
        #expect(rendered.html.contains("alt=\"plot of &lt;x&gt;\""))
        #expect(rendered.destinations == ["p.png"])
    }

    @Test func deepNestingDoesNotOverflowTheStack() {
        let quotes = String(repeating: "> ", count: 50_000) + "deep"
        let html = MarkdownRenderer.render(quotes).html
        #expect(html.contains("deep"))
    }

    @Test func invalidUTF8IsReplacedNotFatal() {
        let text = String(decoding: [0x61, 0xFF, 0x00, 0x62] as [UInt8], as: UTF8.self)
        #expect(MarkdownRenderer.render(text).html.hasPrefix("<p>a"))
    }
}
