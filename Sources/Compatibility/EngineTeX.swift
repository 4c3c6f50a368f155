import Diagnostics
import Foundation

/// The changes to a formula's TeX that make it what the author's engine handed to MathJax, and that MathJax
/// accepted where KaTeX does not.
///
/// Each works on the TeX as bytes in one pass. Arguments of text-mode commands (`\text{…}`, `\mathrm{…}`,
/// `\operatorname{…}`…) are where `\_` means an underscore, so the escapes inside them are left alone.
public enum EngineTeX {
    private static let backslash = UInt8(ascii: "\\")

    /// The commands whose braced argument is text, where `\_` is a literal underscore.
    static let textCommands: Set<String> = [
        "text", "textrm", "texttt", "textit", "textbf", "textsf", "textup", "textnormal", "mathrm", "mathtt",
        "operatorname", "mbox", "hbox", "label", "tag", "href", "url",
    ]

    /// The TeX as MathJax saw it after Markdown ran over it: `\_` → `_` and `\*` → `*`; `\\\\` → `\\`; a
    /// doubled backslash before one of ``{}|,;!#%&$`` → one backslash; a tripled one before punctuation → one.
    /// `\_` inside a text-mode argument stays.
    public static func unescapingMarkdown(_ tex: String) -> String {
        let bytes = Array(tex.utf8)
        guard bytes.contains(backslash) else { return tex }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var walker = TextArguments()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == backslash else {
                walker.step(over: byte)
                output.append(byte)
                index += 1
                continue
            }
            var after = index
            while after < bytes.count, bytes[after] == backslash { after += 1 }
            let run = after - index
            let next: UInt8? = after < bytes.count ? bytes[after] : nil
            if let next, let replacement = Self.unescaped(run: run, before: next, inText: walker.inText) {
                output.append(contentsOf: replacement)
                index = after + (run == 4 ? 0 : 1)
                continue
            }
            // A command (or an even run): copied as written; its name may open a text argument.
            output.append(contentsOf: bytes[index..<after])
            index = after
            if run % 2 == 1 {
                let nameStart = index
                while index < bytes.count, bytes[index].isASCIILetterByte { index += 1 }
                if index == nameStart, index < bytes.count {
                    output.append(bytes[index])
                    index += 1
                } else {
                    output.append(contentsOf: bytes[nameStart..<index])
                    walker.command(String(decoding: bytes[nameStart..<index], as: UTF8.self))
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// What Markdown left of a run of `run` backslashes before `next`, when the run is one an author wrote for
    /// Markdown to unescape; nil when the run is TeX as written. A run of four leaves `next` to be read on.
    private static func unescaped(run: Int, before next: UInt8, inText: Bool) -> [UInt8]? {
        switch run {
        case 1 where next == UInt8(ascii: "_") && !inText, 1 where next == UInt8(ascii: "*"): [next]
        case 2 where "{}|,;!#%&$".utf8.contains(next): [backslash, next]
        case 3 where next.isASCIIPunctuation: [backslash, next]
        case 4: [backslash, backslash]
        default: nil
        }
    }

    /// The UTF-8 offsets of each `\_` outside a text-mode argument: under the native rules it renders as an
    /// underscore, which a post written for an engine that ran Markdown first meant as a subscript.
    public static func escapedUnderscoreOffsets(in tex: String) -> [Int] {
        let bytes = Array(tex.utf8)
        var offsets: [Int] = []
        var walker = TextArguments()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == backslash else {
                walker.step(over: byte)
                index += 1
                continue
            }
            var after = index
            while after < bytes.count, bytes[after] == backslash { after += 1 }
            let run = after - index
            index = after
            guard run % 2 == 1, index < bytes.count else { continue }
            if bytes[index] == UInt8(ascii: "_") {
                if !walker.inText { offsets.append(after - 1) }
                index += 1
                continue
            }
            let nameStart = index
            while index < bytes.count, bytes[index].isASCIILetterByte { index += 1 }
            if index == nameStart {
                index += 1
            } else {
                walker.command(String(decoding: bytes[nameStart..<index], as: UTF8.self))
            }
        }
        return offsets
    }

    /// The commands that take two braced arguments.
    static let twoArgumentCommands: Set<String> = [
        "frac", "dfrac", "tfrac", "cfrac", "binom", "dbinom", "tbinom", "overset", "underset", "stackrel",
    ]

    /// The TeX with braces around a sub- or superscript that is a command with a braced argument, written
    /// without them (`x^\vec{v}` → `x^{\vec{v}}`): MathJax reads it, KaTeX refuses it.
    public static func bracingScriptCommands(_ tex: String) -> String {
        let bytes = Array(tex.utf8)
        guard bytes.contains(UInt8(ascii: "^")) || bytes.contains(UInt8(ascii: "_")) else { return tex }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        var index = 0
        var changed = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == backslash {
                // Copy a control sequence whole, so `\^` and `\_` are not scripts.
                output.append(byte)
                index += 1
                if index < bytes.count {
                    output.append(bytes[index])
                    index += 1
                }
                continue
            }
            output.append(byte)
            index += 1
            guard byte == UInt8(ascii: "^") || byte == UInt8(ascii: "_") else { continue }
            var start = index
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
            guard start + 1 < bytes.count, bytes[start] == backslash, bytes[start + 1].isASCIILetterByte else { continue }
            var nameEnd = start + 1
            while nameEnd < bytes.count, bytes[nameEnd].isASCIILetterByte { nameEnd += 1 }
            guard nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: "{"), var end = groupEnd(bytes, from: nameEnd) else {
                continue
            }
            let name = String(decoding: bytes[(start + 1)..<nameEnd], as: UTF8.self)
            if twoArgumentCommands.contains(name), end < bytes.count, bytes[end] == UInt8(ascii: "{"),
                let second = groupEnd(bytes, from: end)
            {
                end = second
            }
            output.append(UInt8(ascii: "{"))
            output.append(contentsOf: bytes[start..<end])
            output.append(UInt8(ascii: "}"))
            index = end
            changed = true
        }
        return changed ? String(decoding: output, as: UTF8.self) : tex
    }

    /// The offset just past the group whose `{` is at `open`, or nil when it is not closed.
    static func groupEnd(_ bytes: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < bytes.count {
            switch bytes[index] {
            case backslash: index += 1
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return index + 1 }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The TeX with LaTeX's `eqnarray` (and `eqnarray*`), which MathJax knows and KaTeX does not, written as the
    /// three-column array it is (`\begin{array}{rcl}`).
    public static func rewritingEqnarray(_ tex: String) -> String {
        guard tex.containsUTF8("{eqnarray") else { return tex }
        return
            tex
            .replacingOccurrences(of: "\\begin{eqnarray*}", with: "\\begin{array}{rcl}")
            .replacingOccurrences(of: "\\begin{eqnarray}", with: "\\begin{array}{rcl}")
            .replacingOccurrences(of: "\\end{eqnarray*}", with: "\\end{array}")
            .replacingOccurrences(of: "\\end{eqnarray}", with: "\\end{array}")
    }

    /// The TeX with plain TeX's `\eqalign{…}`, `\eqalignno{…}` and `\leqalignno{…}`, which MathJax knows and
    /// KaTeX does not, written as the `aligned` environment they are (rows end with `\cr`, which KaTeX reads).
    public static func rewritingEqalign(_ tex: String) -> String {
        guard tex.containsUTF8("\\eqalign") || tex.containsUTF8("\\leqalignno") else {
            return tex
        }
        let bytes = Array(tex.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == backslash {
                var nameEnd = index + 1
                while nameEnd < bytes.count, bytes[nameEnd].isASCIILetterByte { nameEnd += 1 }
                let name = String(decoding: bytes[(index + 1)..<nameEnd], as: UTF8.self)
                if ["eqalign", "eqalignno", "leqalignno"].contains(name) {
                    var open = nameEnd
                    while open < bytes.count, bytes[open] == UInt8(ascii: " ") || bytes[open] == UInt8(ascii: "\n") {
                        open += 1
                    }
                    if open < bytes.count, bytes[open] == UInt8(ascii: "{"), let end = groupEnd(bytes, from: open) {
                        let inside = rewritingEqalign(String(decoding: bytes[(open + 1)..<(end - 1)], as: UTF8.self))
                        output.append(contentsOf: Array(("\\begin{aligned}" + inside + "\\end{aligned}").utf8))
                        index = end
                        continue
                    }
                }
                // Another command, or an escaped character, copied whole.
                let copyEnd = nameEnd > index + 1 ? nameEnd : min(index + 2, bytes.count)
                output.append(contentsOf: bytes[index..<copyEnd])
                index = copyEnd
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The TeX with MathJax's `\mbox{…}`, which KaTeX lacks, written as the `\text{…}` it means.
    public static func rewritingMbox(_ tex: String) -> String {
        guard tex.containsUTF8("\\mbox") else { return tex }
        let bytes = Array(tex.utf8)
        let command = Array("mbox".utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == backslash, index + 1 < bytes.count else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var nameEnd = index + 1
            while nameEnd < bytes.count, bytes[nameEnd].isASCIILetterByte { nameEnd += 1 }
            if nameEnd == index + 1 { nameEnd += 1 }  // `\\`, `\{`: one character.
            output.append(
                contentsOf: bytes[index..<nameEnd].elementsEqual([backslash] + command)
                    ? Array("\\text".utf8) : Array(bytes[index..<nameEnd]))
            index = nameEnd
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The TeX without MathJax's `\require{…}` (KaTeX loads nothing), and the names it required.
    public static func removingRequire(_ tex: String) -> (tex: String, required: [String]) {
        guard tex.containsUTF8("\\require") else { return (tex, []) }
        let bytes = Array(tex.utf8)
        let command = Array("\\require".utf8)
        var output: [UInt8] = []
        var required: [String] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == backslash, index + command.count < bytes.count,
                bytes[index..<(index + command.count)].elementsEqual(command)
            {
                var open = index + command.count
                while open < bytes.count, bytes[open] == UInt8(ascii: " ") { open += 1 }
                if open < bytes.count, bytes[open] == UInt8(ascii: "{"), let end = groupEnd(bytes, from: open) {
                    required.append(String(decoding: bytes[(open + 1)..<(end - 1)], as: UTF8.self))
                    index = end
                    continue
                }
            }
            if bytes[index] == backslash, index + 1 < bytes.count {
                output.append(contentsOf: bytes[index...(index + 1)])
                index += 2
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return (String(decoding: output, as: UTF8.self), required)
    }
}

/// Tracks whether a walk over TeX is inside the braced argument of a text-mode command.
struct TextArguments {
    /// The brace depth at which each open text argument started.
    private var openings: [Int] = []
    private var depth = 0
    private var pendingTextCommand = false

    var inText: Bool { !openings.isEmpty }

    /// A control word was read (its name without the backslash).
    mutating func command(_ name: String) {
        pendingTextCommand = EngineTeX.textCommands.contains(name)
    }

    /// A byte other than a backslash was read.
    mutating func step(over byte: UInt8) {
        switch byte {
        case UInt8(ascii: "{"):
            if pendingTextCommand { openings.append(depth) }
            depth += 1
        case UInt8(ascii: "}"):
            depth -= 1
            if let last = openings.last, last == depth { openings.removeLast() }
        case UInt8(ascii: " "):
            return  // `\text {…}` still opens a text argument.
        default:
            break
        }
        pendingTextCommand = false
    }
}

extension UInt8 {
    var isASCIIPunctuation: Bool {
        (self >= 0x21 && self <= 0x2F) || (self >= 0x3A && self <= 0x40) || (self >= 0x5B && self <= 0x60)
            || (self >= 0x7B && self <= 0x7E)
    }
}
