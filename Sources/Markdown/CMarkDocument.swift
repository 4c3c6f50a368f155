// The only file that touches cmark-gfm's C API: every pointer is created, used and freed here.
internal import CCmarkGFM
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// cmark-gfm keeps the table of characters that can start inline syntax in a global: a parser adds
/// its extensions' characters (`~` for strikethrough…) when it parses inlines, in
/// `cmark_parser_finish`, and removes them after. Two documents finishing at once can therefore
/// lose `~~strikethrough~~` in one of them (github/cmark-gfm#176, not fixed in Debian's
/// 0.29.0.gfm.6), so inline parsing runs one document at a time; block parsing and rendering
/// stay concurrent.
private let inlineParsing = Mutex(())

/// Renders GitHub-flavoured Markdown to HTML with cmark-gfm.
///
/// Tables, strikethrough, autolinks, task lists and footnotes are on. Headings get anchors,
/// fences of the extracted language are replaced by markers, and in safe mode raw HTML and
/// unsafe link schemes are removed. The tree is walked with cmark's own iterator, so any
/// nesting depth is safe, and every parser, tree and iterator is freed before returning.
public enum MarkdownRenderer {
    /// Renders `text`.
    ///
    /// - Parameters:
    ///   - text: The Markdown source.
    ///   - options: What to extract and whether to sanitise.
    ///   - plainText: Applied to the text of headings and image descriptions before it is used
    ///     as plain text (the math finder's tokens become TeX source there).
    /// - Returns: The HTML with the headings, extracted fences and link destinations.
    public static func render(
        _ text: String,
        options: MarkdownOptions = MarkdownOptions(),
        plainText: (String) -> String = { $0 }
    ) -> RenderedMarkdown {
        registerExtensions
        let parserOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8
        guard let parser = cmark_parser_new(parserOptions) else {
            return RenderedMarkdown(html: "", headings: [], fences: [], destinations: [])
        }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        // `withLock` may only return a value it can prove is not shared (`sending`); the compiler cannot see that
        // the tree cmark returns belongs to this call alone, so it leaves the closure through a local instead.
        nonisolated(unsafe) var finished: OpaquePointer?
        inlineParsing.withLock { _ in finished = cmark_parser_finish(parser) }
        guard let document = finished else {
            return RenderedMarkdown(html: "", headings: [], fences: [], destinations: [])
        }
        defer { cmark_node_free(document) }

        let walk = withoutActuallyEscaping(plainText) { plainText in
            var walk = TreeWalk(options: options, plainText: plainText)
            walk.collect(from: document)
            walk.rewrite()
            return (headings: walk.headings, fences: walk.fences, destinations: walk.destinations)
        }

        var fences = walk.fences
        if !fences.isEmpty { locateInfoStrings(of: &fences, in: utf8) }

        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let rendered = cmark_render_html(document, parserOptions, extensions) else {
            return RenderedMarkdown(html: "", headings: [], fences: [], destinations: [])
        }
        defer { free(rendered) }
        return RenderedMarkdown(
            html: String(cString: rendered), headings: walk.headings, fences: fences,
            destinations: walk.destinations)
    }

    /// Sets each fence's ``ExtractedFence/infoColumn`` from its opening line in `utf8`, the parsed text:
    /// the column after the fence characters and the spaces or tabs that follow them.
    private static func locateInfoStrings(of fences: inout [ExtractedFence], in utf8: [UInt8]) {
        var lineStarts = [0]
        for (offset, byte) in utf8.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
        for index in fences.indices {
            let fence = fences[index]
            guard fence.line >= 1, fence.line <= lineStarts.count else { continue }
            let lineStart = lineStarts[fence.line - 1]
            // cmark's columns count bytes; only container markers and spaces stand before a fence.
            var offset = min(utf8.count, lineStart + fence.column - 1 + fence.fenceLength)
            while offset < utf8.count, utf8[offset] == UInt8(ascii: " ") || utf8[offset] == UInt8(ascii: "\t") {
                offset += 1
            }
            let scalarsBefore = utf8[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
            fences[index].infoColumn = scalarsBefore + 1
        }
    }

    /// The version of the cmark-gfm library in use.
    public static var libraryVersion: String { String(cString: cmark_version_string()) }

    private static let registerExtensions: Void = { cmark_gfm_core_extensions_ensure_registered() }()
}

/// One pass over the tree that records what to change, then the changes.
private struct TreeWalk {
    let options: MarkdownOptions
    let plainText: (String) -> String
    var headings: [Heading] = []
    var fences: [ExtractedFence] = []
    var destinations: [String] = []
    private var slugger = HeadingSlugger()
    private var headingNodes: [(OpaquePointer, String)] = []
    private var fenceNodes: [(OpaquePointer, String)] = []
    private var rawHTMLNodes: [OpaquePointer] = []
    private var imageTextNodes: [OpaquePointer] = []
    private var unsafeLinkNodes: [OpaquePointer] = []

    init(options: MarkdownOptions, plainText: @escaping (String) -> String) {
        self.options = options
        self.plainText = plainText
    }

    mutating func collect(from document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var imageDepth = 0
        var heading: (node: OpaquePointer, text: String)?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_HEADING:
                if entering {
                    heading = (node, "")
                } else if let finished = heading {
                    let text = plainText(finished.text).trimmingSpaces
                    let id = slugger.slug(for: text)
                    headings.append(
                        Heading(
                            level: Int(cmark_node_get_heading_level(node)), text: text, id: id,
                            line: Int(cmark_node_get_start_line(node))))
                    headingNodes.append((node, id))
                    heading = nil
                }
            case CMARK_NODE_IMAGE, CMARK_NODE_LINK:
                if entering {
                    let url = string(cmark_node_get_url(node))
                    destinations.append(url)
                    if options.safe, isUnsafeURL(url) { unsafeLinkNodes.append(node) }
                }
                if type == CMARK_NODE_IMAGE { imageDepth += entering ? 1 : -1 }
            case CMARK_NODE_CODE_BLOCK:
                let info = string(cmark_node_get_fence_info(node))
                if let language = options.extractedFenceLanguage,
                    info.split(separator: " ", maxSplits: 1).first.map(String.init) == language
                        || info == language
                {
                    let marker = "\u{2063}FENCE\(fences.count)\u{2063}"
                    var fenceLength: Int32 = 0
                    var fenceOffset: Int32 = 0
                    var fenceCharacter: CChar = 0
                    _ = cmark_node_get_fenced(node, &fenceLength, &fenceOffset, &fenceCharacter)
                    let column = Int(cmark_node_get_start_column(node))
                    fences.append(
                        ExtractedFence(
                            ordinal: fences.count, info: info, content: string(cmark_node_get_literal(node)),
                            line: Int(cmark_node_get_start_line(node)), column: column,
                            fenceLength: Int(fenceLength), infoColumn: column + Int(fenceLength), marker: marker))
                    fenceNodes.append((node, marker))
                }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if options.safe { rawHTMLNodes.append(node) }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                let literal = string(cmark_node_get_literal(node))
                if heading != nil { heading?.text += literal }
                if imageDepth > 0, type == CMARK_NODE_TEXT { imageTextNodes.append(node) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                if heading != nil { heading?.text += " " }
            default:
                break
            }
        }
    }

    /// Applies the recorded changes; no iterator is alive while the tree changes.
    mutating func rewrite() {
        for (node, id) in headingNodes {
            let anchor = "<a class=\"anchor\" id=\"\(id)\" href=\"#\(id)\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
            guard let inline = cmark_node_new(CMARK_NODE_HTML_INLINE) else { continue }
            cmark_node_set_literal(inline, anchor)
            if !cmark_node_prepend_child(node, inline).boolValue { cmark_node_free(inline) }
        }
        for (node, marker) in fenceNodes {
            guard let block = cmark_node_new(CMARK_NODE_HTML_BLOCK) else { continue }
            cmark_node_set_literal(block, marker + "\n")
            if cmark_node_insert_before(node, block).boolValue {
                cmark_node_unlink(node)
                cmark_node_free(node)
            } else {
                cmark_node_free(block)
            }
        }
        for node in rawHTMLNodes {
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
        for node in imageTextNodes {
            cmark_node_set_literal(node, plainText(string(cmark_node_get_literal(node))))
        }
        for node in unsafeLinkNodes {
            cmark_node_set_url(node, "")
        }
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

private extension Int32 {
    var boolValue: Bool { self != 0 }
}

private extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}

/// Whether a link destination uses a scheme that can run script or read local files, as
/// cmark-gfm's own safe mode judges it: `javascript:`, `vbscript:`, `file:`, and `data:`
/// other than PNG, GIF, JPEG and WebP images. Case and surrounding spaces do not matter.
func isUnsafeURL(_ url: String) -> Bool {
    let lowered = url.lowercased().drop { $0.isWhitespace || $0.isASCII && $0.asciiValue! < 0x20 }
    for scheme in ["javascript:", "vbscript:", "file:"] where lowered.hasPrefix(scheme) { return true }
    if lowered.hasPrefix("data:") {
        let allowed = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
        return !allowed.contains { lowered.hasPrefix($0) }
    }
    return false
}
