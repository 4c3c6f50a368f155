/// kramdown's attribute lists (`{: .center #fig-1 width="50%"}`) carried through Markdown to the element they
/// follow.
///
/// ``EngineSyntaxTranslation`` writes each list as ``marker(for:)``, an HTML comment, which cmark-gfm passes
/// through (as a block after the paragraph, heading or list the list followed, or inline after an image), and
/// ``applying(to:)`` moves the attributes into that element's opening tag. Without raw HTML (`--safe`) the
/// markers are dropped, and the attributes with them.
public enum KramdownAttributes {
    static let opening = "<!--build-site-attributes "
    static let closing = "-->"

    /// One attribute: a class, an id, or a name and value.
    enum Attribute: Equatable {
        case className(String)
        case id(String)
        case named(String, String)
    }

    /// The attributes of a list's inside (`.center #id key="value"`), leaving out event handlers and anything
    /// that is not a plain name.
    static func attributes(_ inside: String) -> [Attribute] {
        let (positional, named) = EngineSyntaxTranslation.parameters(inside)
        var attributes: [Attribute] = []
        for word in positional {
            if word.hasPrefix("."), isName(word.dropFirst()) { attributes.append(.className(String(word.dropFirst()))) }
            if word.hasPrefix("#"), isName(word.dropFirst()) { attributes.append(.id(String(word.dropFirst()))) }
        }
        for (name, value) in named.sorted(by: { $0.key < $1.key })
        where isName(Substring(name)) && !name.lowercased().hasPrefix("on") && name != "class" && name != "id" {
            attributes.append(.named(name, value))
        }
        if let classes = named["class"] {
            attributes += classes.split(separator: " ").filter { isName($0) }.map { .className(String($0)) }
        }
        if let id = named["id"], isName(Substring(id)) { attributes.append(.id(id)) }
        return attributes
    }

    static func isName(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ":"
            }
    }

    /// The marker standing for an attribute list's inside; empty when it sets nothing this can carry.
    static func marker(for inside: String) -> String {
        let attributes = attributes(inside)
        guard !attributes.isEmpty else { return "" }
        var text = ""
        for attribute in attributes {
            switch attribute {
            case .className(let name): text += " ." + name
            case .id(let name): text += " #" + name
            case .named(let name, let value): text += " " + name + "=\"" + HTMLText.attribute(value) + "\""
            }
        }
        // A comment may not hold `--`; such a value is dropped with the rest.
        guard !text.contains("--"), !text.contains(">") else { return "" }
        return opening + text.dropFirst() + closing
    }

    /// The HTML with each marker's attributes moved into the opening tag of the element just before it (a
    /// paragraph, heading, list, table, block quote or image); a marker with no such element is removed.
    public static func applying(to html: String) -> String {
        guard html.contains(opening) else { return html }
        var result = ""
        var rest = Substring(html)
        while let start = rest.range(of: opening) {
            var before = result + rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: closing) else {
                result = before + rest
                return result
            }
            let inside = String(rest[start.upperBound..<end.lowerBound])
            apply(inside, toElementEndingIn: &before)
            result = before
            rest = rest[end.upperBound...]
            // The block marker's own line break goes with it.
            if rest.hasPrefix("\n"), result.hasSuffix("\n") { rest = rest.dropFirst() }
        }
        return result + rest
    }

    /// Adds the attributes `inside` to the opening tag of the element `html` ends with.
    static func apply(_ inside: String, toElementEndingIn html: inout String) {
        let trimmed = html.hasSuffix("\n") ? String(html.dropLast()) : html
        var tagStart: String.Index?
        if trimmed.hasSuffix("/>"), let image = trimmed.range(of: "<img ", options: .backwards) {
            tagStart = image.lowerBound
        } else {
            for name in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre"]
            where trimmed.hasSuffix("</" + name + ">") {
                tagStart = [("<" + name + ">"), ("<" + name + " ")].compactMap {
                    trimmed.range(of: $0, options: .backwards)?.lowerBound
                }.max()
                break
            }
        }
        guard let tagStart, let tagEnd = html[tagStart...].firstIndex(of: ">") else { return }
        var tag = String(html[tagStart..<tagEnd])
        let selfClosing = tag.hasSuffix("/")
        if selfClosing { tag = String(tag.dropLast()).trimmingSpaces }
        var classes: [String] = []
        var additions = ""
        for attribute in attributes(inside) {
            switch attribute {
            case .className(let name): classes.append(name)
            case .id(let name) where !tag.contains(" id="): additions += " id=\"" + name + "\""
            case .named(let name, let value) where !tag.contains(" " + name + "="): additions += " " + name + "=\"" + value + "\""
            default: break
            }
        }
        if !classes.isEmpty {
            if let existing = tag.range(of: " class=\"") {
                tag.insert(contentsOf: classes.joined(separator: " ") + " ", at: existing.upperBound)
            } else {
                additions = " class=\"" + classes.joined(separator: " ") + "\"" + additions
            }
        }
        html.replaceSubrange(tagStart..<tagEnd, with: tag + additions + (selfClosing ? " /" : ""))
    }
}
