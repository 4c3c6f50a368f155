import Diagnostics

/// One token of a `swift-check` fence.
struct Token: Equatable, Sendable {
    /// What kind of token this is.
    enum Kind: Equatable, Sendable {
        case number(Double)
        case name(String)
        /// A punctuation or operator symbol, normalised (`−` → `-`, `<=` → `≤`, `x`-free): always one scalar.
        case symbol(Unicode.Scalar)
        /// A superscript digit (`²`, `³`) as its integer value.
        case superscript(Int)
        case newline
        case end
    }

    var kind: Kind
    var range: SourceRange
}

/// Splits a fence body into tokens, tracking 1-based line and column (Unicode scalars).
///
/// It reads the source's UTF-8 bytes: ASCII (almost all of a fence) a byte at a time, other scalars decoded
/// where they stand; a name's or a number's text is made once, from its bytes.
struct Lexer {
    private let bytes: [UInt8]
    /// The offset of the next scalar, in bytes.
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ source: String) {
        self.bytes = Array(source.utf8)
    }

    /// Characters that are single-scalar symbols of the language.
    private static let singleSymbols: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "@", "^", "(", ")", "[", "]", "{", "}", ",", ":", "=", "<", ">",
        "\u{00B7}", "\u{00D7}", "\u{2299}", "\u{2212}", "\u{2248}", "\u{2264}", "\u{2265}",
        "\u{2202}", "\u{2208}", "\u{1D40}", "\u{211D}",
        // `|x|`, `≠`, `ℝ⁺`, `ℝ⁻`, `∞`.
        "|", "\u{2260}", "\u{207A}", "\u{207B}", "\u{221E}",
    ]

    private var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// The length in bytes of the scalar whose first byte is `lead` (the bytes are valid UTF-8: they are a
    /// `String`'s).
    @inline(__always)
    private static func length(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The scalar starting at byte `i`.
    @inline(__always)
    private func scalar(at i: Int) -> Unicode.Scalar {
        let lead = bytes[i]
        if lead < 0x80 { return Unicode.Scalar(lead) }
        var value: UInt32
        switch Self.length(lead) {
        case 2: value = UInt32(lead & 0x1F)
        case 3: value = UInt32(lead & 0x0F)
        default: value = UInt32(lead & 0x07)
        }
        for k in 1..<Self.length(lead) { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// The scalar `offset` scalars ahead, if the source goes that far.
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        var i = index
        for _ in 0..<offset {
            guard i < bytes.count else { return nil }
            i += Self.length(bytes[i])
        }
        return i < bytes.count ? scalar(at: i) : nil
    }

    private mutating func advance() {
        guard index < bytes.count else { return }
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += Self.length(bytes[index])
    }

    /// The text of the bytes from `start` to the current offset.
    private func text(from start: Int) -> String {
        String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func isNameStart(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        // ASCII: exactly the letters (the Unicode properties below agree, at a fraction of the cost).
        if s.isASCII { return ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        if s == "\u{1D40}" || s == "\u{211D}" { return false }  // ᵀ and ℝ are symbols
        let p = s.properties
        return p.isAlphabetic && !(p.generalCategory == .modifierLetter) && !isSuperscriptDigit(s)
    }

    static func isNameContinue(_ s: Unicode.Scalar) -> Bool {
        isNameStart(s) || ("0"..."9").contains(s) || s == "\u{0302}" || s == "\u{0304}" || s == "'"
    }

    static func isSuperscriptDigit(_ s: Unicode.Scalar) -> Bool { superscriptValue(s) != nil }

    static func superscriptValue(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "\u{2070}": 0
        case "\u{00B9}": 1
        case "\u{00B2}": 2
        case "\u{00B3}": 3
        case "\u{2074}": 4
        case "\u{2075}": 5
        case "\u{2076}": 6
        case "\u{2077}": 7
        case "\u{2078}": 8
        case "\u{2079}": 9
        default: nil
        }
    }

    /// All tokens of the source, ending in `.end`. Comments are dropped; newlines are kept.
    mutating func tokenize() throws(LocatedError) -> [Token] {
        var tokens: [Token] = []
        // Rarely more than one token per two bytes: one allocation instead of doubling from empty.
        tokens.reserveCapacity(bytes.count / 2 + 2)
        while let c = peek() {
            let start = location
            if c == " " || c == "\t" || c == "\r" {
                advance()
                continue
            }
            if c == "#" {
                while let d = peek(), d != "\n" { advance() }
                continue
            }
            if c == "\n" {
                advance()
                tokens.append(Token(kind: .newline, range: SourceRange(start: start, end: location)))
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
                tokens.append(try number(start: start))
                continue
            }
            if Self.isNameStart(c) {
                let first = index
                while let d = peek(), Self.isNameContinue(d) { advance() }
                tokens.append(Token(kind: .name(text(from: first)), range: SourceRange(start: start, end: location)))
                continue
            }
            if let value = Self.superscriptValue(c) {
                advance()
                tokens.append(Token(kind: .superscript(value), range: SourceRange(start: start, end: location)))
                continue
            }
            // Two-character operators.
            if let next = peek(1), next == "=" {
                let mapped: Unicode.Scalar? =
                    switch c {
                    case "<": "≤"
                    case ">": "≥"
                    case "=": "="
                    case "!": "≠"
                    default: nil
                    }
                if let mapped {
                    advance()
                    advance()
                    tokens.append(Token(kind: .symbol(mapped), range: SourceRange(start: start, end: location)))
                    continue
                }
            }
            if Self.singleSymbols.contains(c) {
                advance()
                let symbol: Unicode.Scalar =
                    switch c {
                    case "\u{2212}": "-"
                    case "\u{2248}": "="
                    default: c
                    }
                tokens.append(Token(kind: .symbol(symbol), range: SourceRange(start: start, end: location)))
                continue
            }
            throw LocatedError("unexpected character '\(c)'", at: start)
        }
        // The end stands just after the last token, not on the line after the final newline: an error
        // "at the end of the line" points at the line it is about.
        let end = tokens.last { $0.kind != .newline }?.range.end ?? SourceLocation(line: 1, column: 1)
        tokens.append(Token(kind: .end, range: SourceRange(at: end)))
        return tokens
    }

    private mutating func number(start: SourceLocation) throws(LocatedError) -> Token {
        let first = index
        func digits(_ lexer: inout Lexer) {
            while let d = lexer.peek(), ("0"..."9").contains(d) { lexer.advance() }
        }
        digits(&self)
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            advance()
            digits(&self)
        }
        if let e = peek(), e == "e" || e == "E" {
            // An exponent only when digits follow (so `2e` stays a number followed by a name).
            var offset = 1
            if let sign = peek(1), sign == "+" || sign == "-" { offset = 2 }
            if let d = peek(offset), ("0"..."9").contains(d) {
                for _ in 0..<offset { advance() }
                digits(&self)
            }
        }
        // Most literals are a few digits: read them directly. Below 10¹⁵ every integer is a `Double`, so this
        // is exactly the value `Double(_:)` (correctly rounded) reads.
        if index > first, index - first <= 15 {
            var integer = 0
            var allDigits = true
            for k in first..<index {
                let b = bytes[k]
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else {
                    allDigits = false
                    break
                }
                integer = integer * 10 + Int(b - UInt8(ascii: "0"))
            }
            if allDigits {
                return Token(kind: .number(Double(integer)), range: SourceRange(start: start, end: location))
            }
        }
        let text = text(from: first)
        guard let value = Double(text), value.isFinite else {
            throw LocatedError("malformed number '\(text)'", at: start)
        }
        return Token(kind: .number(value), range: SourceRange(start: start, end: location))
    }
}
