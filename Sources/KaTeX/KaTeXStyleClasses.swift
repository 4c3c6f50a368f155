/// Replaces KaTeX's most frequent inline styles with short classes, and makes the CSS rules that stand for them.
///
/// KaTeX sets its layout in `style="…"` attributes (`height:0.6444em;`, `vertical-align:-0.1944em;`,
/// `margin-right:0.2778em;`, …), and the same few hundred strings make up most of a site's math markup. A fixed
/// table of styles (``measured``, committed in the source, so a page never depends on the other pages of its site)
/// gives each a class, `ks0`, `ks1`, … in the table's order. ``apply(to:)`` replaces a `<span>`'s `style`
/// attribute whose whole value is in the table with its class; a style not in the table stays inline.
///
/// Fidelity: the class's rule carries every declaration of the style, each marked `!important`. An inline style
/// (which a stylesheet's rule of any specificity cannot override unless it is `!important`) and an `!important`
/// rule then both win over every ordinary rule, so the element computes the same values. Neither KaTeX's
/// stylesheet nor the built-in theme's marks the properties KaTeX sets inline (heights, margins, offsets, widths,
/// vertical alignment, colours) `!important`, so there is no rule that beat the inline style and loses to the
/// class. The class names match no other rule. MathML (`<math>…</math>`) is left untouched, and only `<span>`
/// elements are changed: KaTeX's `<svg>` and `<path>` elements keep their attributes.
public struct KaTeXStyleClasses: Sendable {
    /// The styles that have a class: `styles[i]` is class `ks<i>`, written as KaTeX writes it (every declaration
    /// ended by `;`).
    public let styles: [String]
    private let indexOfStyle: [[UInt8]: Int]

    /// Creates a table of classes for `styles`, in this order (a style listed twice keeps its first class).
    public init(styles: [String]) {
        self.styles = styles
        var indexOfStyle: [[UInt8]: Int] = [:]
        for (index, style) in styles.enumerated() where indexOfStyle[Array(style.utf8)] == nil {
            indexOfStyle[Array(style.utf8)] = index
        }
        self.indexOfStyle = indexOfStyle
    }

    /// The site's table: the 128 styles KaTeX 0.16 writes most often, measured over a generated corpus of posts
    /// and this repository's `content/` with `scripts/katex-style-table.py`, most frequent first.
    public static let measured = KaTeXStyleClasses(styles: measuredStyles)

    /// The class that stands for `styles[index]`.
    public static func className(ofStyleAt index: Int) -> String { "ks\(index)" }

    /// The class that stands for `style` (the whole value of a `style` attribute), or `nil` if it stays inline.
    public func className(of style: String) -> String? {
        indexOfStyle[Array(style.utf8)].map(Self.className(ofStyleAt:))
    }

    /// The CSS rules of the classes, one line each: `.ks0{height:0.6444em!important}`, every declaration of the
    /// style marked `!important` (see the type's documentation). Appended to KaTeX's stylesheet in the site.
    public var stylesheet: String {
        var css = "/* build-site: KaTeX's most frequent inline styles as classes (KaTeXStyleClasses) */\n"
        for (index, style) in styles.enumerated() {
            let declarations = style.split(separator: ";").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            css += ".\(Self.className(ofStyleAt: index)){"
            css += declarations.map { $0 + "!important" }.joined(separator: ";")
            css += "}\n"
        }
        return css
    }

    /// `html` (KaTeX's output) with each `<span>`'s `style` attribute that is in the table replaced by its class.
    ///
    /// A span written `<span class="c" style="s">` becomes `<span class="c ksN">`, and `<span style="s">` becomes
    /// `<span class="ksN">`; anything else, and everything inside `<math>…</math>`, is copied as it is. The same
    /// input always gives the same output.
    public func apply(to html: String) -> String {
        let bytes = Array(html.utf8)
        guard !indexOfStyle.isEmpty, bytes.count > 6 else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var copied = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if Self.matches(bytes, at: index, "<math") {
                // MathML is the accessible copy of the formula: it is not touched.
                index = Self.find(bytes, "</math>", from: index + 5).map { $0 + 7 } ?? bytes.count
                continue
            }
            guard Self.matches(bytes, at: index, "<span ") else {
                index += 1
                continue
            }
            var cursor = index + 5
            var classRange: Range<Int>? = nil
            if Self.matches(bytes, at: cursor, " class=\""), let end = Self.find(bytes, "\"", from: cursor + 8) {
                classRange = (cursor + 8)..<end
                cursor = end + 1
            }
            guard Self.matches(bytes, at: cursor, " style=\""), let styleEnd = Self.find(bytes, "\"", from: cursor + 8),
                let style = indexOfStyle[Array(bytes[(cursor + 8)..<styleEnd])]
            else {
                index = cursor
                continue
            }
            // Everything up to the class's value (or to the end of `<span`) stays; the class gets the new name.
            let kept = classRange?.upperBound ?? (index + 5)
            output.append(contentsOf: bytes[copied..<kept])
            if let classRange {
                if !classRange.isEmpty { output.append(UInt8(ascii: " ")) }
            } else {
                output.append(contentsOf: " class=\"".utf8)
            }
            output.append(contentsOf: Self.className(ofStyleAt: style).utf8)
            output.append(UInt8(ascii: "\""))
            copied = styleEnd + 1
            index = copied
        }
        guard copied > 0 else { return html }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { pattern in
            for offset in 0..<count where bytes[index + offset] != pattern[offset] { return false }
            return true
        }
    }

    private static func find(_ bytes: [UInt8], _ text: StaticString, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if matches(bytes, at: index, text) { return index }
            index += 1
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
