import ClaimLanguage
import Diagnostics
import EquationReader

/// The one source range every node gets in a comparison, so that two trees compare by their shape alone.
let fixedRange = SourceRange(at: SourceLocation(line: 1, column: 1))

/// `expression` rebuilt with every node's range replaced by ``fixedRange``, and every built-in alias written as
/// one name (`ln` as `log`, `sigmoid` as `σ`, `sgn` as `sign`): two readings that differ only there mean the same.
func rangeless(_ expression: Expression) -> Expression {
    switch expression {
    case .number(let value, _): .number(value, fixedRange)
    case .name(let name, _): .name(name, fixedRange)
    case .negate(let operand, _): .negate(rangeless(operand), fixedRange)
    case .binary(let op, let left, let right, _): .binary(op, rangeless(left), rangeless(right), fixedRange)
    case .transpose(let operand, _): .transpose(rangeless(operand), fixedRange)
    case .index(let base, let items, _): .index(rangeless(base), items.map(rangeless), fixedRange)
    case .call(let function, let arguments, _):
        .call(canonicalFunctionName(function), arguments.map(rangeless), fixedRange)
    case .derivative(let body, let variable, let indices, let order, let notation, _):
        .derivative(
            of: rangeless(body), variable: variable, indices: indices.map(rangeless), order: order, notation: notation,
            fixedRange)
    case .vector(let entries, _): .vector(entries.map(rangeless), fixedRange)
    case .sum(let index, let lower, let upper, let body, _):
        .sum(index: index, lower: rangeless(lower), upper: rangeless(upper), body: rangeless(body), fixedRange)
    case .piecewise(let cases, let otherwise, _):
        .piecewise(
            cases.map { piece in
                PiecewiseCase(
                    condition: Condition(
                        left: rangeless(piece.condition.left), relation: piece.condition.relation,
                        right: rangeless(piece.condition.right), range: fixedRange),
                    value: rangeless(piece.value))
            }, otherwise: otherwise.map(rangeless), fixedRange)
    }
}

/// `claim` without its label and with ``fixedRange`` everywhere.
func rangeless(_ claim: Claim) -> Claim {
    Claim(
        label: nil, first: rangeless(claim.first),
        steps: claim.steps.map { ClaimStep(relation: $0.relation, expression: rangeless($0.expression)) },
        indices: claim.indices, range: fixedRange)
}

/// One spelling per built-in function, for functions the claim language knows under two names.
func canonicalFunctionName(_ name: String) -> String {
    switch name {
    case "ln": "log"
    case "sigmoid": "σ"
    case "sgn": "sign"
    default: name
    }
}

/// A claim written back in the claim language, fully parenthesised, for failure messages.
func describe(_ claim: Claim) -> String {
    var text = describe(claim.first)
    for step in claim.steps {
        text += " \(step.relation.rawValue) " + describe(step.expression)
    }
    if !claim.indices.isEmpty { text += " for " + claim.indices.joined(separator: ", ") }
    return text
}

/// An expression written back in the claim language, fully parenthesised, for failure messages.
func describe(_ expression: Expression) -> String {
    switch expression {
    case .number(let value, _):
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    case .name(let name, _): return name
    case .negate(let operand, _): return "-(\(describe(operand)))"
    case .binary(let op, let left, let right, _): return "(\(describe(left)) \(op.rawValue) \(describe(right)))"
    case .transpose(let operand, _): return "(\(describe(operand)))ᵀ"
    case .index(let base, let items, _): return describe(base) + "[" + items.map(describe).joined(separator: ", ") + "]"
    case .call(let function, let arguments, _):
        return function + "(" + arguments.map(describe).joined(separator: ", ") + ")"
    case .derivative(let body, let variable, let indices, let order, let notation, _):
        let mark = notation == .partial ? "∂" : "d"
        let power = order == 1 ? "" : "^\(order)"
        let at = indices.isEmpty ? "" : "[" + indices.map(describe).joined(separator: ", ") + "]"
        return "\(mark)\(power)/\(mark)\(variable)\(at)\(power)(\(describe(body)))"
    case .vector(let entries, _): return "[" + entries.map(describe).joined(separator: ", ") + "]"
    case .sum(let index, let lower, let upper, let body, _):
        return "Σ_{\(index)=\(describe(lower))}^{\(describe(upper))} (\(describe(body)))"
    case .piecewise(let cases, let otherwise, _):
        var parts = cases.map { piece in
            "\(describe(piece.value)) if \(describe(piece.condition.left)) \(piece.condition.relation.rawValue) "
                + describe(piece.condition.right)
        }
        if let otherwise { parts.append(describe(otherwise) + " otherwise") }
        return "cases(" + parts.joined(separator: ", ") + ")"
    }
}

/// What a reading came to, written out for failure messages.
func describe(_ reading: FormulaReading) -> String {
    switch reading {
    case .claims(let claims): "claims: " + claims.map(describe).joined(separator: "; ")
    case .expression(let expression): "expr: " + describe(expression)
    case .refused(let problem):
        "refused at \(problem.line):\(problem.column)\(problem.isAmbiguous ? " (ambiguous)" : ""): \(problem.message)"
    }
}

/// The declarations of a case: automatic mode for an empty text, else the text read as a `verify` fence's.
func readerDeclarations(_ text: String) throws -> EquationDeclarations {
    text.isEmpty ? .automatic : try EquationDeclarations(text)
}

/// The declarations text as the claim language's parser takes it: the reader's own `latex` and `index` lines
/// blanked (so that line numbers stay), and, in automatic mode, a `given L ∈ ℝ` for every single Latin letter
/// `expected` uses as a name.
func claimLanguagePrelude(declarations: String, expected: String) -> String {
    if declarations.isEmpty {
        return freeLetters(in: expected).map { "given \($0) ∈ ℝ" }.joined(separator: "\n")
    }
    return declarations.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        return trimmed.hasPrefix("latex ") || trimmed.hasPrefix("index ") ? "" : String(line)
    }.joined(separator: "\n")
}

/// The single Latin letters `text` (claim-language text) uses as names, in order of first use: a letter standing
/// alone, and the variable of a Leibniz differential (`z` in `dL/dz`, `L` in `dL/dz`). `e` is the constant, and
/// `d` before `/` or a superscript is the differential, so neither is a free letter.
func freeLetters(in text: String) -> [String] {
    let characters = Array(text)
    func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || ("0"..."9").contains(c) || c == "_"
            || c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .nonspacingMark }
    }
    var letters: [String] = []
    func note(_ letter: Character) {
        guard letter.isASCII, letter.isLetter, letter != "e", !letters.contains(String(letter)) else { return }
        letters.append(String(letter))
    }
    var k = 0
    while k < characters.count {
        guard isNameCharacter(characters[k]), !("0"..."9").contains(characters[k]) else {
            k += 1
            continue
        }
        var end = k
        while end < characters.count, isNameCharacter(characters[end]) { end += 1 }
        let run = characters[k..<end]
        let before: Character? = k > 0 ? characters[k - 1] : nil
        let after: Character? = end < characters.count ? characters[end] : nil
        if run.count == 1 {
            let isDifferential = run.first == "d" && (after == "/" || after.map { "²³⁴".contains($0) } == true)
            if !isDifferential { note(run.first!) }
        } else if run.count == 2, run.first == "d", after == "/" || before == "/" {
            note(run.last!)
        }
        k = end
    }
    return letters
}

/// The claims of `expected` (claim-language text, claims separated by top-level `;`), or `nil` for a bare
/// expression (`expr: …`), whose expression is then returned.
enum ExpectedReading {
    case claims([Claim])
    case expression(Expression)
}

/// Splits claim-language text at `;` outside brackets.
func splitClaims(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    for c in text {
        switch c {
        case "(", "[", "{": depth += 1
        case ")", "]", "}": depth -= 1
        default: break
        }
        if c == ";", depth == 0 {
            parts.append(current)
            current = ""
        } else {
            current.append(c)
        }
    }
    parts.append(current)
    return parts.map { $0.trimmedOfSpaces }.filter { !$0.isEmpty }
}

/// Parses a case's expected text with the claim language's own parser (`parseClaimFence`), each claim after the
/// case's declarations.
func parseExpected(_ expected: String, declarations: String) throws -> ExpectedReading {
    let prelude = claimLanguagePrelude(declarations: declarations, expected: expected)
    if expected.hasPrefix("expr:") {
        let expression = String(expected.dropFirst(5)).trimmedOfSpaces
        // An expression that uses declared indices (not bound by a sum) is compared as a claim over them.
        let used = declaredIndices(in: declarations).filter { name in
            tokenNames(in: expression).contains(name) && !expression.contains("Σ_{\(name)=")
        }
        let forClause = used.isEmpty ? "" : " for " + used.joined(separator: ", ")
        let fence = try parseClaimFence(prelude + "\nclaim " + expression + " = 0" + forClause)
        guard let claim = fence.claims.last else { throw ExpectedTextError.noClaim(expected) }
        return .expression(rangeless(claim.first))
    }
    var claims: [Claim] = []
    for text in splitClaims(expected) {
        let fence = try parseClaimFence(prelude + "\nclaim " + text)
        guard let claim = fence.claims.last else { throw ExpectedTextError.noClaim(text) }
        claims.append(rangeless(claim))
    }
    return .claims(claims)
}

/// An expected text that the claim language's parser read as no claim at all.
enum ExpectedTextError: Error {
    case noClaim(String)
}

extension String {
    /// The string without spaces, tabs and newlines at either end.
    var trimmedOfSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// The index names the `index` lines of `declarations` declare, in order.
func declaredIndices(in declarations: String) -> [String] {
    var names: [String] = []
    for line in declarations.split(separator: "\n") {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard trimmed.hasPrefix("index ") else { continue }
        let list = trimmed.dropFirst(6).split(separator: " in ", maxSplits: 1)[0]
        names += list.split(separator: ",").map { String($0).trimmedOfSpaces }
    }
    return names
}

/// The maximal runs of name characters in claim-language text.
func tokenNames(in text: String) -> Set<String> {
    var names: Set<String> = []
    var current = ""
    for c in text {
        if c.isLetter || c.isNumber || c == "_" {
            current.append(c)
        } else {
            if !current.isEmpty { names.insert(current) }
            current = ""
        }
    }
    if !current.isEmpty { names.insert(current) }
    return names
}
