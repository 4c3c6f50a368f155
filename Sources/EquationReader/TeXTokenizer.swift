/// One token of TeX as the reader sees it.
struct TeXToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// `\frac`, `\alpha`; a control symbol such as `\,` or `\{` has its one character as its name.
        case command(String)
        /// A letter (Latin or Greek, as typed).
        case letter(Character)
        /// One decimal digit or the decimal point between digits.
        case digit(Character)
        /// Any other character: `+ - * / = < > ( ) [ ] | , ; : ! ' .` and Unicode operators.
        case symbol(Character)
        /// `{`
        case open
        /// `}`
        case close
        /// `&`
        case alignmentTab
        /// `_`
        case `subscript`
        /// `^`
        case superscript
        /// `\\` or `\cr`: the end of a row.
        case rowBreak
    }

    var kind: Kind
    /// The 0-based offset of the token's first Unicode scalar in the formula.
    var offset: Int
    /// The 1-based line of the token in the formula.
    var line: Int
    /// The 1-based column of the token in its line.
    var column: Int
    /// The token's length in Unicode scalars.
    var length: Int

    /// The token as TeX writes it, for messages and spellings.
    var text: String {
        switch kind {
        case .command(let name): "\\" + name
        case .letter(let c), .digit(let c), .symbol(let c): String(c)
        case .open: "{"
        case .close: "}"
        case .alignmentTab: "&"
        case .subscript: "_"
        case .superscript: "^"
        case .rowBreak: "\\\\"
        }
    }
}

/// Splits TeX into tokens: control words and symbols, letters, digits, braces and other characters.
/// Spaces are dropped (TeX ignores them in math), and so are comments (`%` to the end of the line).
func tokenizeTeX(_ tex: String) -> [TeXToken] {
    let scalars = Array(tex.unicodeScalars)
    var tokens: [TeXToken] = []
    var i = 0
    var line = 1
    var lineStart = 0
    func isLetter(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }
    while i < scalars.count {
        let s = scalars[i]
        let start = i
        func add(_ kind: TeXToken.Kind, length: Int) {
            tokens.append(
                TeXToken(kind: kind, offset: start, line: line, column: start - lineStart + 1, length: length))
        }
        switch s {
        case "\n":
            i += 1
            line += 1
            lineStart = i
        case " ", "\t", "\r":
            i += 1
        case "%":
            while i < scalars.count, scalars[i] != "\n" { i += 1 }
        case "\\":
            var end = i + 1
            while end < scalars.count, isLetter(scalars[end]) { end += 1 }
            if end == i + 1 {
                // A control symbol: one character (or nothing at the end of the input).
                if end < scalars.count {
                    if scalars[end] == "\\" {
                        add(.rowBreak, length: 2)
                    } else {
                        add(.command(String(Character(scalars[end]))), length: 2)
                    }
                    i = end + 1
                } else {
                    add(.symbol("\\"), length: 1)
                    i = end
                }
            } else {
                let name = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
                add(name == "cr" ? .rowBreak : .command(name), length: end - i)
                i = end
            }
        case "{":
            add(.open, length: 1)
            i += 1
        case "}":
            add(.close, length: 1)
            i += 1
        case "&":
            add(.alignmentTab, length: 1)
            i += 1
        case "_":
            add(.subscript, length: 1)
            i += 1
        case "^":
            add(.superscript, length: 1)
            i += 1
        case "0"..."9":
            add(.digit(Character(s)), length: 1)
            i += 1
        case ".":
            // A decimal point only between (or before) digits; otherwise punctuation.
            let next = i + 1 < scalars.count ? scalars[i + 1] : " "
            add(("0"..."9").contains(next) ? .digit(".") : .symbol("."), length: 1)
            i += 1
        default:
            if isLetter(s) || (s.properties.isAlphabetic && s.value >= 0x370 && s.value < 0x400) {
                add(.letter(Character(s)), length: 1)
            } else {
                add(.symbol(Character(s)), length: 1)
            }
            i += 1
        }
    }
    return tokens
}
