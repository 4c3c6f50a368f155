import Diagnostics
import MathFinder

/// A post's Markdown with another engine's template syntax translated: Liquid tags, Hugo shortcodes and
/// kramdown attribute lists replaced by the Markdown or HTML they stood for, or left out with a message.
///
/// Each tag's replacement has as many line breaks as the tag (a multi-line tag's replacement is padded), so
/// every line of ``text`` is the same line of the input; ``originalOffset(of:)`` maps positions back.
public struct EngineSyntaxTranslation: Sendable {
    /// A message about one tag, at its UTF-8 offset in the input.
    public struct Message: Sendable, Equatable {
        public var severity: Severity
        public var utf8Offset: Int
        public var text: String
    }

    /// One replaced range: UTF-8 offsets in ``text`` and in the input.
    struct Change: Sendable {
        var translated: Range<Int>
        var original: Range<Int>
    }

    /// The Markdown with every tag replaced.
    public var text: String
    /// What was left out, and why.
    public var messages: [Message] = []
    /// Files the translated HTML links to (a figure's image), relative to the post, for the build to copy.
    public var linkedFiles: [String] = []
    private var changes: [Change] = []

    /// How many tags were translated (not left out with a message).
    public var translatedCount: Int { changes.count - messages.count }

    /// The input's UTF-8 offset for an offset in ``text`` (inside a replacement: the tag's start).
    public func originalOffset(of offset: Int) -> Int {
        var delta = 0
        for change in changes {
            if offset < change.translated.lowerBound { break }
            if offset < change.translated.upperBound { return change.original.lowerBound }
            delta = change.translated.upperBound - change.original.upperBound
        }
        return offset - delta
    }

    /// Translates the tags of `input` for `profile`.
    /// - Parameters:
    ///   - input: a post's Markdown (front matter removed).
    ///   - profile: the engine it was written for.
    /// - Returns: the translation; `input` itself when the profile has no template syntax or the post none.
    public static func translate(_ input: String, profile: EngineProfile) -> EngineSyntaxTranslation {
        let tags = findEngineTags(in: input, rules: profile.mathRules)
        var translation = EngineSyntaxTranslation(text: input)
        guard !tags.isEmpty else { return translation }
        let bytes = Array(input.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        var unsupportedOpenings: [String: Int] = [:]
        for tag in tags {
            output.append(contentsOf: bytes[position..<tag.utf8Range.lowerBound])
            var replacement = translation.replacement(for: tag, profile: profile, unsupported: &unsupportedOpenings)
            var replaced = tag.utf8Range
            if tag.syntax == .attributeList, tag.name == "toc", let item = Self.listItemLineStart(in: output) {
                // kramdown's `* TOC` item, which `{:toc}` turns into the table of contents: the page has its own.
                replaced = (tag.utf8Range.lowerBound - (output.count - item))..<tag.utf8Range.upperBound
                output.removeLast(output.count - item)
            }
            // Keep every line where it was.
            let lineBreaks = bytes[replaced].count { $0 == UInt8(ascii: "\n") }
            let replacementBreaks = replacement.utf8.count { $0 == UInt8(ascii: "\n") }
            if replacementBreaks > lineBreaks {
                // Never reached by the replacements above; kept so that no replacement can move a line.
                replacement = replacement.replacingOccurrences(of: "\n", with: " ")
            }
            let missingBreaks = lineBreaks - replacement.utf8.count { $0 == UInt8(ascii: "\n") }
            if missingBreaks > 0 { replacement += String(repeating: "\n", count: missingBreaks) }
            let start = output.count
            output.append(contentsOf: replacement.utf8)
            translation.changes.append(Change(translated: start..<output.count, original: replaced))
            position = tag.utf8Range.upperBound
        }
        output.append(contentsOf: bytes[position...])
        translation.text = String(decoding: output, as: UTF8.self)
        return translation
    }

    /// Where the last line of `output` starts, when that line is a list item and the text ends with its line break.
    static func listItemLineStart(in output: [UInt8]) -> Int? {
        guard output.last == UInt8(ascii: "\n") else { return nil }
        var start = output.count - 1
        while start > 0, output[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        let line = String(decoding: output[start..<(output.count - 1)], as: UTF8.self).trimmingSpaces
        let isItem = ["* ", "- ", "+ ", "1. "].contains { line.hasPrefix($0) }
        return isItem ? start : nil
    }

    private mutating func report(_ tag: EngineTag, _ text: String, severity: Severity = .warning) {
        messages.append(Message(severity: severity, utf8Offset: tag.utf8Range.lowerBound, text: text))
    }

    /// The Markdown (or raw HTML) a tag stands for; empty, with a message, when it is not supported.
    private mutating func replacement(
        for tag: EngineTag, profile: EngineProfile, unsupported: inout [String: Int]
    ) -> String {
        switch tag.syntax {
        case .liquidOutput: return liquidOutput(tag)
        case .liquidTag: return liquidTag(tag, profile: profile)
        case .shortcode: return shortcode(tag, unsupported: &unsupported)
        case .attributeList: return attributeList(tag)
        }
    }

    // MARK: Liquid

    private mutating func liquidOutput(_ tag: EngineTag) -> String {
        let expression = (tag.name + " " + tag.arguments).trimmingSpaces
        let parts = expression.split(separator: "|").map { String($0).trimmingSpaces }
        let filters = parts.dropFirst().map { $0.split(separator: ":").first.map(String.init)?.trimmingSpaces ?? "" }
        // The filters that leave a site-relative path a path here (where the site's root is the page's).
        let harmlessFilters: Set<String> = ["relative_url", "absolute_url", "prepend", "escape"]
        let value = parts.first ?? ""
        if ["site.baseurl", "site.url", "base_path"].contains(value),
            filters.allSatisfy({ harmlessFilters.contains($0) })
        {
            return ""
        }
        if let quoted = Self.unquoted(value), filters.allSatisfy({ harmlessFilters.contains($0) }) {
            return quoted
        }
        report(tag, "Liquid output '{{ \(expression) }}' has no value here; it is left out of the page")
        return ""
    }

    private mutating func liquidTag(_ tag: EngineTag, profile: EngineProfile) -> String {
        let words = Self.words(tag.arguments)
        switch tag.name {
        case "post_url", "link":
            guard let target = words.first else { break }
            return Self.postLink(target)
        case "highlight", "codeblock":
            let language =
                tag.name == "highlight"
                ? words.first ?? ""
                : words.first(where: { $0.hasPrefix("lang:") }).map { String($0.dropFirst(5)) } ?? ""
            if let body = tag.body { return Self.codeBlock(body, language: language) }
        case "raw", "comment":
            if let body = tag.body { return tag.name == "raw" ? body : "" }
            if tag.name == "raw" { return "" }
        case "endraw", "endcomment":
            return ""
        case "katex", "math", "latex":
            if let body = tag.body {
                let display = body.contains("\n") || tag.arguments.contains("display")
                return display ? "$$" + body + "$$" : "$" + body.trimmingSpaces + "$"
            }
        case "asset_img", "asset_image":
            guard let source = words.first else { break }
            let alt = words.dropFirst().joined(separator: " ")
            return "![" + alt + "](" + source + ")"
        case "asset_path":
            if let source = words.first { return source }
        case "asset_link":
            guard let source = words.first else { break }
            let title = words.dropFirst().joined(separator: " ")
            return "[" + (title.isEmpty ? source : title) + "](" + source + ")"
        default:
            break
        }
        let engine = profile == .hexo ? "Hexo" : "Liquid"
        report(tag, "\(engine) tag '{% \(tag.name) %}' is not supported; it is left out of the page")
        return ""
    }

    // MARK: Hugo

    private mutating func shortcode(_ tag: EngineTag, unsupported: inout [String: Int]) -> String {
        if tag.isClosing {
            if let open = unsupported[tag.name], open > 0 {
                unsupported[tag.name] = open - 1
                return ""
            }
            report(tag, "Hugo shortcode '{{< /\(tag.name) >}}' closes nothing; it is left out of the page")
            return ""
        }
        let parameters = Self.parameters(tag.arguments)
        switch tag.name {
        case "figure":
            guard let source = parameters.named["src"] ?? parameters.positional.first else { break }
            linkedFiles.append(source)
            let alt = parameters.named["alt"] ?? parameters.named["caption"] ?? parameters.named["title"] ?? ""
            var html = "<figure><img src=\"\(HTMLText.attribute(source))\" alt=\"\(HTMLText.attribute(alt))\">"
            let caption = [parameters.named["title"], parameters.named["caption"]].compactMap { $0 }
            if !caption.isEmpty {
                html += "<figcaption>" + caption.map { HTMLText.escape($0) }.joined(separator: " ") + "</figcaption>"
            }
            return html + "</figure>"
        case "katex", "math":
            if let body = tag.body {
                let display =
                    tag.name == "math" || parameters.positional.contains("display") || parameters.named["display"] == "true"
                return display ? "$$" + body + "$$" : "$" + body.trimmingSpaces + "$"
            }
        case "highlight", "code":
            if let body = tag.body {
                return Self.codeBlock(body, language: parameters.positional.first ?? parameters.named["lang"] ?? "")
            }
        case "raw":
            if let body = tag.body { return body }
        case "ref", "relref":
            guard let target = parameters.positional.first ?? parameters.named["path"] else { break }
            return Self.postLink(target)
        default:
            break
        }
        unsupported[tag.name, default: 0] += 1
        report(
            tag,
            "Hugo shortcode '{{< \(tag.name) >}}' is not supported; it is left out of the page (any text it encloses is kept)")
        return ""
    }

    // MARK: kramdown

    private mutating func attributeList(_ tag: EngineTag) -> String {
        // `{:toc}` asks for the table of contents, which every page with headings has; extensions (`{::comment}`)
        // and their ends (`{:/}`) are dropped. Attributes go to the element before them.
        guard tag.name.isEmpty, !tag.arguments.hasPrefix(":"), !tag.arguments.hasPrefix("/") else { return "" }
        return KramdownAttributes.marker(for: tag.arguments)
    }

    // MARK: Helpers

    /// A link to the post a Jekyll `post_url`/`link` or a Hugo `ref` names, from the linking post's page (or, for
    /// a file that is not a post, into the site's root).
    static func postLink(_ target: String) -> String {
        var path = unquoted(target) ?? target
        var fragment = ""
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[hash...])
            path = String(path[..<hash])
        }
        // A file that is not a post (`{% link assets/paper.pdf %}`): a link into the site's root.
        if let dot = path.lastIndex(of: "."), !path[dot...].contains("/"),
            !["md", "markdown", "html"].contains(path[path.index(after: dot)...].lowercased())
        {
            return "/" + path.drop { $0 == "/" } + fragment
        }
        let slug = DatedFileName.slug(fromReference: path)
        return "../" + slug + "/index.html" + fragment
    }

    /// A fenced code block of `body`, whose fence is longer than any run of backticks in it, when the body
    /// starts and ends with a line break (the tags stand on lines of their own); a code span otherwise.
    static func codeBlock(_ body: String, language: String) -> String {
        var longest = 0
        var run = 0
        for byte in body.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        guard body.utf8.first == UInt8(ascii: "\n") || body.hasPrefix("\r\n"), body.utf8.last == UInt8(ascii: "\n") else {
            let fence = String(repeating: "`", count: longest + 1)
            return fence + " " + body + " " + fence
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + body + fence
    }

    /// Splits arguments on spaces, keeping quoted text together (quotes removed).
    static func words(_ text: String) -> [String] {
        let (positional, named) = parameters(text)
        return positional + named.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }
    }

    /// A shortcode's positional and `name="value"` parameters.
    static func parameters(_ text: String) -> (positional: [String], named: [String: String]) {
        var positional: [String] = []
        var named: [String: String] = [:]
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func readValue() -> String {
            var value = ""
            if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" || scalars[index] == "`" {
                let quote = scalars[index]
                index += 1
                while index < scalars.count, scalars[index] != quote {
                    if scalars[index] == "\\", index + 1 < scalars.count, scalars[index + 1] == quote { index += 1 }
                    value.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
            } else {
                while index < scalars.count, scalars[index] != " ", scalars[index] != "\t" {
                    value.unicodeScalars.append(scalars[index])
                    index += 1
                }
            }
            return value
        }
        while index < scalars.count {
            if scalars[index] == " " || scalars[index] == "\t" {
                index += 1
                continue
            }
            let start = index
            while index < scalars.count,
                scalars[index].properties.isAlphabetic || scalars[index] == "_"
                    || scalars[index] == "-" || ("0"..."9").contains(scalars[index])
            { index += 1 }
            if index > start, index < scalars.count, scalars[index] == "=" {
                let name = String(String.UnicodeScalarView(scalars[start..<index]))
                index += 1
                named[name] = readValue()
            } else {
                index = start
                positional.append(readValue())
            }
        }
        return (positional, named)
    }

    static func unquoted(_ text: String) -> String? {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return nil }
        return String(text.dropFirst().dropLast())
    }
}

/// HTML escaping for the few elements the translation writes.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    static func attribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
