import Diagnostics
import Foundation
import KaTeX

/// Escaping for text the tool itself writes into HTML and XML (the pages, and the preview's overlay).
public enum HTML {
    /// `text` made safe in element content and in quoted attribute values: `&`, `<`, `>`, `"` and `'`
    /// become entities, and control characters other than tab, newline and carriage return (not allowed
    /// in XML 1.0) are dropped. Text with none of them is returned as it is, without a copy.
    ///
    /// It works on the UTF-8 bytes, so a markup character is escaped even where a combining mark after
    /// it makes one `Character` of the two (a `"` followed by U+0301 still ends an attribute value in a
    /// browser).
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: needsEscaping) else { return nil }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 32)
            escaped.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                guard needsEscaping(byte) else {
                    escaped.append(byte)
                    continue
                }
                switch byte {
                case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
                default: break  // a control character
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        } ?? text
    }

    /// Whether `byte` is a markup character or a control character XML does not allow. In UTF-8 every
    /// such byte is a whole scalar of its own.
    private static func needsEscaping(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): false
        default: byte < 0x20
        }
    }
}

/// Turns names into URL path segments.
enum Slug {
    /// Whether `slug` may be a URL segment and a folder name: lower-case ASCII letters,
    /// digits, `-`, `_` and `.`, not starting with `.` or `-`, at most 100 characters.
    static func isValid(_ slug: String) -> Bool {
        guard let first = slug.unicodeScalars.first, slug.utf8.count <= 100 else { return false }
        guard first != "." && first != "-" else { return false }
        return slug.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    /// A valid slug made from free text (a tag, a file name): lower-cased, spaces and
    /// punctuation turned into `-`, other characters dropped; text with no Latin letter or digit
    /// becomes `u-` and 16 hexadecimal digits of its FNV-1a 64 hash.
    static func make(from text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") && !slug.isEmpty {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") || slug.hasSuffix(".") { slug.removeLast() }
        while slug.hasPrefix(".") { slug.removeFirst() }
        if slug.isEmpty && !text.isEmpty {
            // Text without a Latin letter or digit (`日本語`, `∂`): a name made of its bytes' hash, so two
            // such names get two slugs, the same on every machine.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            let hex = String(hash, radix: 16)
            return "u-" + String(repeating: "0", count: 16 - hex.count) + hex
        }
        return slug.isEmpty ? "untitled" : String(slug.prefix(100))
    }
}

/// A fenced code block that names its language, as cmark-gfm writes it: `<pre><code class="language-x">…</code></pre>`.
///
/// Blocks without a language, `swift-check` fences (taken out before), and raw HTML whose code holds markup of
/// its own (a `<` inside) are not code blocks here, so they are left as they are.
struct CodeBlock {
    /// What to highlight: the language and the code with cmark's escapes undone.
    var request: HighlightRequest
    /// The block from `<pre>` to `</pre>` in the post's HTML.
    var range: Range<String.Index>

    private static let opening = "<pre><code class=\"language-"
    private static let closing = "</code></pre>"

    /// The code blocks of `html`, in order.
    static func all(in html: String) -> [CodeBlock] {
        var blocks: [CodeBlock] = []
        var searchFrom = html.startIndex
        // Byte searches: the markers are ASCII, so every match starts and ends between characters.
        while let open = html.utf8Range(of: opening, from: searchFrom) {
            searchFrom = open.upperBound
            guard let quote = html.utf8[open.upperBound...].firstIndex(of: UInt8(ascii: "\"")),
                html.utf8[quote...].starts(with: "\">".utf8),
                let close = html.utf8Range(of: closing, from: quote)
            else { continue }
            let language = String(html[open.upperBound..<quote])
            let codeStart = html.index(quote, offsetBy: 2)
            let escaped = html[codeStart..<close.lowerBound]
            searchFrom = close.upperBound
            guard !escaped.utf8.contains(UInt8(ascii: "<")), HighlightRequest.isPlausibleLanguage(language) else { continue }
            blocks.append(
                CodeBlock(
                    request: HighlightRequest(language: language, code: unescape(escaped)),
                    range: open.lowerBound..<close.upperBound))
        }
        return blocks
    }

    /// `html` with each code block for which `highlighted` gives HTML replaced by that HTML, in a
    /// `<code class="language-x hljs">` so the style sheet can color it.
    static func replacing(in html: String, _ highlighted: (HighlightRequest) -> String?) -> String {
        var output = ""
        var copied = html.startIndex
        for block in all(in: html) {
            guard let code = highlighted(block.request) else { continue }
            output += html[copied..<block.range.lowerBound]
            output += "<pre><code class=\"language-\(block.request.language) hljs\">" + code + closing
            copied = block.range.upperBound
        }
        output += html[copied...]
        return output
    }

    /// Undoes the escapes cmark-gfm writes in code: `&amp;`, `&lt;`, `&gt;` and `&quot;`.
    static func unescape(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return String(text) }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
