// Drives the Markdown layer (cmark-gfm parser, tree walk and rewrite, HTML rendering) over the seed corpus
// and hostile shapes, in both modes, for scripts/check-leaks.sh to run under valgrind.
import Foundation
import Markdown

let corpus = CommandLine.arguments.dropFirst().first ?? "Corpus/markdown"
var inputs: [String] = []
for name in ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).sorted() {
    if let text = try? String(contentsOfFile: corpus + "/" + name, encoding: .utf8) { inputs.append(text) }
}
inputs += [
    "", "\0", String(repeating: "> ", count: 5_000) + "x", String(repeating: "- ", count: 2_000) + "x\n\n\n",
    "# A\n## A\n# B `c`\n", "```swift-check id=x\nclaim 1 == 1\n```\n~~~swift-check\nunclosed",
    "<script>x</script>\n\n[a](javascript:x) ![b](data:text/html,x) <div>raw</div>",
    "|a|b|\n|-|-|\n|1|2|\n", "Text[^1].\n\n[^1]: Note.", "www.example.com ~~s~~ - [x] task",
]
var bytes = 0
for _ in 0..<3 {
    for text in inputs {
        for safe in [false, true] {
            let rendered = MarkdownRenderer.render(
                text, options: MarkdownOptions(safe: safe, extractedFenceLanguage: "swift-check"), plainText: { $0.uppercased() })
            bytes += rendered.html.utf8.count + rendered.headings.count + rendered.fences.count
        }
    }
}
print("rendered \(inputs.count) inputs, \(bytes) bytes")
