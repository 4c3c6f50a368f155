import ClaimLanguage
import Diagnostics

/// What a `verify` fence tells the reader that the LaTeX cannot: `given` domains, `let` definitions,
/// `latex TEX = EXPR` spellings and `index i in 1...3` declarations.
///
/// The text is the fence language. `latex` and `index` lines are the reader's own; every other line is
/// parsed by the claim language's parser, so a fence's `claim` lines may stand among them.
public struct EquationDeclarations: Sendable {
    /// The givens, lets and claims, parsed by the claim language's parser.
    public var fence: ClaimFence
    /// The TeX spellings (`\hat{y}`, `A_{prev}`), each in the reader's canonical form, and what they stand for.
    var spellings: [(tex: String, tokenCount: Int, meaning: Expression)] = []
    /// The declared index names, in declaration order, with their ranges when given.
    public private(set) var indices: [(name: String, range: ClosedRange<Int>?)] = []
    /// Whether nothing is declared: single letters are then free scalar variables.
    public let isAutomatic: Bool

    /// No declarations: automatic mode, in which single letters are free scalar variables.
    public static let automatic = EquationDeclarations(automatic: ())

    private init(automatic: Void) {
        fence = ClaimFence(givens: [], lets: [], claims: [])
        isAutomatic = true
    }

    /// Parses declarations written in the fence language.
    /// - Throws: a `LocatedError` relative to the first line of `source`.
    public init(_ source: String) throws(LocatedError) {
        isAutomatic = false
        fence = ClaimFence(givens: [], lets: [], claims: [])
        var fenceLines: [String] = []
        var spellingLines: [(line: Int, text: Substring)] = []
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("latex ") {
                spellingLines.append((number + 1, trimmed.dropFirst(6)))
                fenceLines.append("")
            } else if trimmed.hasPrefix("index ") {
                try readIndices(trimmed.dropFirst(6), line: number + 1, indent: line.count - trimmed.count + 6)
                fenceLines.append("")
            } else {
                fenceLines.append(String(line))
            }
        }
        let fenceSource = fenceLines.joined(separator: "\n")
        fence = try parseClaimFence(fenceSource)
        for (line, text) in spellingLines {
            try readSpelling(text, line: line, fenceSource: fenceSource)
        }
        // Longest spellings first, so `A_{prev}` is found before `A`.
        spellings.sort { $0.tokenCount > $1.tokenCount }
    }

    /// `i in 1...3`, `i, j in 1...3` or `i, j`.
    private mutating func readIndices(_ text: Substring, line: Int, indent: Int) throws(LocatedError) {
        let parts = text.split(separator: " in ", maxSplits: 1, omittingEmptySubsequences: false)
        guard let names = parts.first, !names.trimmingSpaces.isEmpty else {
            throw LocatedError("expected index names after 'index'", at: SourceLocation(line: line, column: indent + 1))
        }
        var range: ClosedRange<Int>?
        if parts.count == 2 {
            let bounds = parts[1].trimmingSpaces.split(separator: "...")
            guard bounds.count == 2, let low = Int(bounds[0].trimmingSpaces), let high = Int(bounds[1].trimmingSpaces),
                low <= high
            else {
                throw LocatedError(
                    "expected a range of integers such as '1...3' after 'in'",
                    at: SourceLocation(line: line, column: indent + parts[0].count + 5))
            }
            range = low...high
        }
        for name in names.split(separator: ",", omittingEmptySubsequences: false) {
            let name = String(name.trimmingSpaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw LocatedError("expected index names after 'index'", at: SourceLocation(line: line, column: indent + 1))
            }
            indices.append((name, range))
        }
    }

    /// `TEX = EXPR`: the expression is read by the claim language's parser, with the declared indices in scope.
    private mutating func readSpelling(_ text: Substring, line: Int, fenceSource: String) throws(LocatedError) {
        var depth = 0
        var split: String.Index?
        for index in text.indices {
            switch text[index] {
            case "{": depth += 1
            case "}": depth -= 1
            case "=" where depth == 0:
                split = index
            default: break
            }
            if split != nil { break }
        }
        guard let split else {
            throw LocatedError(
                "expected 'latex TEX = EXPRESSION', such as 'latex \\hat{y} = ŷ'", at: SourceLocation(line: line, column: 1))
        }
        let tex = String(text[..<split])
        let expression = String(text[text.index(after: split)...]).trimmingCharacters(in: " \t")
        let tokens = tokenizeTeX(tex)
        guard !tokens.isEmpty, !expression.isEmpty else {
            throw LocatedError(
                "expected 'latex TEX = EXPRESSION', such as 'latex \\hat{y} = ŷ'", at: SourceLocation(line: line, column: 1))
        }
        let forClause = indices.isEmpty ? "" : " for " + indices.map(\.name).joined(separator: ", ")
        let probe = fenceSource + "\nclaim \(expression) = \(expression)\(forClause)"
        let parsed: ClaimFence
        do {
            parsed = try parseClaimFence(probe)
        } catch {
            throw LocatedError(
                "in the spelling '\(tex.trimmingCharacters(in: " "))': \(error.message)",
                at: SourceLocation(line: line, column: 1))
        }
        guard let claim = parsed.claims.last else { return }
        spellings.append((canonicalSpelling(tokens), tokens.count, claim.first))
    }

    /// What the spelling `tokens` (canonical form) stands for, if declared.
    func meaning(ofSpelling canonical: String) -> Expression? {
        spellings.first(where: { $0.tex == canonical })?.meaning
    }

    /// Whether some spelling is declared.
    var hasSpellings: Bool { !spellings.isEmpty }

    /// The most tokens a declared spelling has.
    var longestSpelling: Int { spellings.first?.tokenCount ?? 0 }

    /// The declared index `name`, if it is one.
    func index(_ name: String) -> (name: String, range: ClosedRange<Int>?)? {
        indices.first(where: { $0.name == name })
    }
}

/// TeX tokens written back in one form: no spaces, and a group of one token written without braces, so that
/// `x_{i}`, `x_i` and `x_{ i }` are the same spelling.
func canonicalSpelling(_ tokens: some Collection<TeXToken>) -> String {
    let tokens = Array(tokens)
    var text = ""
    var lastWasControlWord = false
    func append(_ token: TeXToken) {
        let piece = token.text
        // A control word followed by a letter needs a space to stay one spelling (`\hat y`, not `\haty`).
        if lastWasControlWord, piece.first?.isLetter == true { text += " " }
        text += piece
        if case .command(let name) = token.kind {
            lastWasControlWord = name.last?.isLetter == true
        } else {
            lastWasControlWord = false
        }
    }
    var k = 0
    while k < tokens.count {
        if tokens[k].kind == .open, k + 2 < tokens.count, tokens[k + 2].kind == .close {
            append(tokens[k + 1])
            k += 3
            continue
        }
        append(tokens[k])
        k += 1
    }
    return text
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
