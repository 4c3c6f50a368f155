import Diagnostics
import Markdown
import MathFinder

@testable import SiteBuilder

/// libFuzzer entry: the whole Markdown-to-HTML path of a post: limits, front matter, math protection,
/// the structural pre-check, cmark-gfm (both modes) and token replacement.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMarkdown(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let limits = InputLimits()
    do {
        try limits.check(text, path: "fuzz.md")
        let split = try FrontMatterReader.read(text, path: "fuzz.md", limits: limits)
        let protected = ProtectedMarkdown.protect(split.body)
        try limits.checkMarkdown(protected.text, path: "fuzz.md") { protected.originalLine(ofProtectedLine: $0) }
        for safe in [false, true] {
            let rendered = MarkdownRenderer.render(
                protected.text, options: MarkdownOptions(safe: safe, extractedFenceLanguage: "swift-check"),
                plainText: { protected.replacingTokens(in: $0) { protected.spans[$0].tex } })
            let html = protected.replacingTokens(in: rendered.html) { "<span>\(HTML.escape(protected.spans[$0].tex))</span>" }
            if safe { precondition(!html.contains("<script"), "script in safe output") }
        }
    } catch {
        return 0
    }
    return 0
}
