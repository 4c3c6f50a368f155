import ClaimLanguage
import Diagnostics

/// What the reader made of one equation of a display: a claim (one relation, or a chain), a bare
/// expression, or a refusal, with the rows it stands on.
public struct EquationReading: Sendable, Equatable {
    /// The three outcomes of reading an equation.
    public enum Outcome: Sendable, Equatable {
        /// An equation or inequality, or a chain of them.
        case claim(Claim)
        /// An expression with no relation.
        case expression(Expression)
        /// Not read: the construct it could not read, or the readings it would not choose between.
        case refused(ReadingProblem)
    }

    /// The outcome.
    public var outcome: Outcome
    /// The 0-based row of the display on which each step stands: the first expression, then each step
    /// after a relation (so a claim of `n` steps has `n + 1` rows; a refusal or an expression has one).
    public var rows: [Int]
    /// In automatic mode, the letters read as free scalar variables, in order of first use.
    public var freeVariables: [String]
}

/// What the reader made of a display: its rows, and the equations on them in order.
public struct DisplayReading: Sendable, Equatable {
    /// The number of rows (1 for a display without `\\`).
    public var rowCount: Int
    /// The equations, in order.
    public var equations: [EquationReading]
}

/// Reads the TeX of one display (without its `$$` delimiters; environments included) into equations.
///
/// - Parameters:
///   - tex: the display's TeX.
///   - declarations: what the reader may assume about the names (``EquationDeclarations/automatic`` for none).
///   - lineOffset: added to every line of the claims' source ranges, so that the ranges of claims read from
///     a formula never coincide with those of the fence whose givens and lets they are judged with.
/// - Returns: the equations, each read or refused; reading never throws and never judges.
public func readDisplay(_ tex: String, declarations: EquationDeclarations, lineOffset: Int = 0) -> DisplayReading {
    let tokens = tokenizeTeX(tex)
    let rows: [[TeXToken]]
    do {
        rows = try displayRows(tokens)
    } catch {
        return DisplayReading(rowCount: 1, equations: [EquationReading(outcome: .refused(error), rows: [0], freeVariables: [])])
    }
    var chains: [Chain] = []
    for (rowIndex, row) in rows.enumerated() {
        let segments: [[TeXToken]]
        do {
            segments = try splitEquations(row)
        } catch {
            chains.append(Chain(refusal: error, row: rowIndex))
            continue
        }
        for (segmentIndex, segment) in segments.enumerated() {
            let pieces: [Piece]
            do {
                pieces = try splitRelations(segment, row: rowIndex)
            } catch {
                chains.append(Chain(refusal: error, row: rowIndex))
                continue
            }
            if segmentIndex == 0, pieces.first?.relation != nil, !chains.isEmpty {
                // `&= …`: the row continues the previous row's last equation.
                chains[chains.count - 1].pieces += pieces
            } else {
                if segmentIndex > 0, pieces.count > 1, pieces.dropFirst().allSatisfy({ $0.relation != .equal }) {
                    let column = pieces[1].relationToken?.column ?? segment.first?.column ?? 1
                    let line = pieces[1].relationToken?.line ?? segment.first?.line ?? 1
                    chains.append(
                        Chain(
                            refusal: ReadingProblem(
                                "an inequality after a separator reads as a condition, not a claim: is it one?", line: line,
                                column: column, isAmbiguous: true), row: rowIndex))
                    continue
                }
                chains.append(Chain(pieces: pieces))
            }
        }
    }
    let equations = chains.map { chain in
        chain.read(declarations: declarations, lineOffset: lineOffset)
    }
    return DisplayReading(rowCount: rows.count, equations: equations)
}

/// Reads one formula into claims, or says why not: the simple form of ``readDisplay(_:declarations:lineOffset:)``.
public func readFormula(_ tex: String, declarations: EquationDeclarations) -> FormulaReading {
    let display = readDisplay(tex, declarations: declarations)
    var claims: [Claim] = []
    for equation in display.equations {
        switch equation.outcome {
        case .refused(let problem): return .refused(problem)
        case .expression(let expression):
            if display.equations.count == 1 { return .expression(expression) }
            return .refused(
                ReadingProblem(
                    "an expression without a relation stands among equations", line: 1,
                    column: 1))
        case .claim(let claim): claims.append(claim)
        }
    }
    if claims.isEmpty { return .refused(ReadingProblem("the formula is empty", column: 1)) }
    return .claims(claims)
}

/// One expression of an equation, with the relation written before it (none for the first).
struct Piece {
    var relation: Relation?
    var relationToken: TeXToken?
    var tokens: [TeXToken]
    var row: Int
}

/// An equation as pieces of tokens, before its expressions are read.
struct Chain {
    var pieces: [Piece] = []
    var refusal: (problem: ReadingProblem, row: Int)?

    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    init(refusal: ReadingProblem, row: Int) {
        self.refusal = (refusal, row)
    }

    func read(declarations: EquationDeclarations, lineOffset: Int) -> EquationReading {
        if let refusal {
            return EquationReading(outcome: .refused(refusal.problem), rows: [refusal.row], freeVariables: [])
        }
        let rows = pieces.map(\.row)
        let state = ReaderState(declarations: declarations, lineOffset: lineOffset)
        do throws(ReadingProblem) {
            guard let first = pieces.first else {
                throw ReadingProblem("the equation is empty", column: 1)
            }
            if first.relation != nil {
                let token = first.relationToken
                throw ReadingProblem(
                    "the formula starts with a relation and has no left side", line: token?.line ?? 1,
                    column: token?.column ?? 1)
            }
            var expressions: [Expression] = []
            for piece in pieces {
                guard !piece.tokens.isEmpty else {
                    let token = piece.relationToken
                    throw ReadingProblem(
                        "a relation has nothing on one of its sides", line: token?.line ?? 1, column: token?.column ?? 1)
                }
                var parser = FormulaParser(tokens: piece.tokens, state: state)
                let expression = try parser.parseWhole()
                if expressions.isEmpty, case .derivative(_, let variable, _, _, _, _) = expression {
                    state.primeVariable = variable
                }
                expressions.append(expression)
            }
            if expressions.count == 1 {
                return EquationReading(
                    outcome: .expression(expressions[0]), rows: [rows[0]], freeVariables: state.freeVariables)
            }
            let steps = zip(pieces.dropFirst(), expressions.dropFirst()).map {
                ClaimStep(relation: $0.relation ?? .equal, expression: $1)
            }
            let indices = declarations.indices.map(\.name).filter { state.usedIndices.contains($0) }
            let range = SourceRange(start: expressions[0].range.start, end: expressions[expressions.count - 1].range.end)
            let claim = Claim(label: nil, first: expressions[0], steps: steps, indices: indices, range: range)
            return EquationReading(outcome: .claim(claim), rows: rows, freeVariables: state.freeVariables)
        } catch {
            var covered: [Int] = []
            for row in rows where !covered.contains(row) { covered.append(row) }
            return EquationReading(outcome: .refused(error), rows: covered.isEmpty ? [0] : covered, freeVariables: [])
        }
    }
}

/// The tokens that open and close a bracket for the purpose of depth.
func depthChange(_ token: TeXToken) -> Int {
    switch token.kind {
    case .open, .command("begin"), .symbol("("), .symbol("["), .command("{"), .command("left"): 1
    case .close, .command("end"), .symbol(")"), .symbol("]"), .command("}"), .command("right"): -1
    default: 0
    }
}

/// Words of `\text{…}` that join two equations.
private let joiningWords: Set<String> = [
    "and", "so", "or", "hence", "thus", "then", "i.e.", "ie", "giving", "gives", "which gives", "therefore", "or equivalently",
    "equivalently", "by the chain rule", "that is",
]
/// Words of `\text{…}` that make what follows a condition or a definition rather than a claim.
private let conditionWords: Set<String> = [
    "if", "for", "when", "where", "with", "let", "given", "since", "provided", "as", "whenever", "unless", "for all",
]

/// Commands that separate two equations of one row.
private let separatorCommands: Set<String> = [
    "implies", "Rightarrow", "Longrightarrow", "iff", "Leftrightarrow", "Longleftrightarrow", "therefore", "because",
    "quad", "qquad", "impliedby", "Leftarrow",
]

/// The equations of one row: split at top-level separators (`\implies`, `\quad`, `,`, `\text{and}`, …).
func splitEquations(_ row: [TeXToken]) throws(ReadingProblem) -> [[TeXToken]] {
    var segments: [[TeXToken]] = []
    var current: [TeXToken] = []
    var depth = 0
    var k = 0
    func flush() {
        if !current.isEmpty { segments.append(current) }
        current = []
    }
    while k < row.count {
        let token = row[k]
        if depth == 0 {
            if case .command(let name) = token.kind, separatorCommands.contains(name) {
                flush()
                k += 1
                continue
            }
            if token.kind == .symbol(",") || token.kind == .symbol(";") {
                flush()
                k += 1
                continue
            }
            if token.kind == .symbol("."), k + 1 < row.count, row[k + 1].kind == .symbol("."),
                row[k...].allSatisfy({ t in
                    if case .digit = t.kind { return true }
                    return [.symbol("."), .symbol("("), .symbol(")")].contains(t.kind) || t.kind.isLetter
                })
            {
                // `a = b ....(1)`: a dotted leader to the author's equation number, which is not part of the equation.
                flush()
                break
            }
            if token.kind == .symbol(".") {
                // A full stop ends a sentence at the end of a row; inside one it could be a product.
                let next = k + 1 < row.count ? row[k + 1] : nil
                let endsSentence: Bool = {
                    guard let next else { return true }
                    if case .command(let name) = next.kind { return separatorCommands.contains(name) || name == "text" }
                    return false
                }()
                // Inside a row, `.` between two factors is a product (`(1-y).\log(1-a)`) unless a relation
                // follows it on the row, which makes it the end of one equation and the start of another.
                let relationFollows = row[(k + 1)...].contains { relation(of: $0) != nil }
                if endsSentence || relationFollows {
                    flush()
                    k += 1
                    continue
                }
                current.append(
                    TeXToken(kind: .command("cdot"), offset: token.offset, line: token.line, column: token.column, length: 1))
                k += 1
                continue
            }
            // `\boxed{a = b}` around a whole equation: the equation inside.
            if token.kind == .command("boxed"), k + 1 < row.count, row[k + 1].kind == .open,
                let close = closingBrace(in: row, from: k + 1), current.isEmpty,
                close + 1 == row.count || [.symbol(","), .symbol("."), .symbol(";")].contains(row[close + 1].kind)
            {
                segments.append(Array(row[(k + 2)..<close]))
                k = close + 1
                continue
            }
            if case .command(let name) = token.kind, ["text", "textrm", "mbox", "textit", "mathrm", "textbf"].contains(name),
                k + 1 < row.count, row[k + 1].kind == .open, let close = closingBrace(in: row, from: k + 1)
            {
                let words = row[(k + 2)..<close].map(\.text).joined()
                let spaced = plainText(row[(k + 2)..<close])
                let normalized = spaced.lowercased().trimmingCharacters(in: " ,.:;")
                if conditionWords.contains(normalized) || conditionWords.contains(where: { normalized.hasPrefix($0 + " ") }) {
                    throw ReadingProblem(
                        "'\\\(name){\(spaced.trimmingCharacters(in: " "))}' makes the equation conditional; state the condition with cases or in the fence's domains",
                        line: token.line, column: token.column)
                }
                let isName = words.count == 1 && words.first?.isLetter == true
                if joiningWords.contains(normalized)
                    || (name == "text" && !normalized.isEmpty && !isFunctionWord(words) && !isName)
                {
                    flush()
                    k = close + 1
                    continue
                }
            }
        }
        depth += depthChange(token)
        if depth < 0 { depth = 0 }
        current.append(token)
        k += 1
    }
    flush()
    return segments
}

/// Whether the text of a `\text{…}` names a function the reader knows (`\text{softmax}`).
func isFunctionWord(_ word: String) -> Bool {
    ClaimNames.builtinArity(word) != nil || ClaimNames.builtinArity(word.lowercased()) != nil
        || ["sgn", "ReLU", "relu", "d"].contains(word)
}

/// The text of tokens inside `\text{…}`, with the spaces TeX would show between words.
func plainText(_ tokens: ArraySlice<TeXToken>) -> String {
    var text = ""
    var previous: TeXToken?
    for token in tokens {
        if let previous, token.offset > previous.offset + previous.length { text += " " }
        text += token.text
        previous = token
    }
    return text
}

/// The relation a token writes, if it writes one the reader checks.
func relation(of token: TeXToken) -> Relation? {
    switch token.kind {
    case .symbol("="): .equal
    case .symbol("<"), .command("lt"): .less
    case .symbol(">"), .command("gt"): .greater
    case .symbol("≤"), .command("le"), .command("leq"), .command("leqslant"): .lessOrEqual
    case .symbol("≥"), .command("ge"), .command("geq"), .command("geqslant"): .greaterOrEqual
    case .command("coloneqq"), .command("eqqcolon"), .command("triangleq"), .command("doteq"): .equal
    case .symbol("≠"), .command("ne"), .command("neq"): .notEqual
    default: nil
    }
}

/// Relations the reader will not check, and why.
private let uncheckedRelations: [String: String] = [
    "approx": "≈ states an approximation", "simeq": "≃ states an approximation", "sim": "∼ states an asymptotic relation",
    "propto": "∝ states a proportion", "equiv": "≡ may be an identity, a definition or a congruence",
    "cong": "≅ states a congruence", "to": "→ states a limit or a mapping", "mapsto": "↦ states a mapping",
    "rightarrow": "→ states a limit or a mapping", "in": "∈ states a membership", "notin": "∉ states a membership",
    "subset": "⊂ states an inclusion", "subseteq": "⊆ states an inclusion", "ll": "≪ states an order of magnitude",
    "gg": "≫ states an order of magnitude", "pm": "± stands for two equations", "mp": "∓ stands for two equations",
]

/// An equation's expressions and the relations between them, split at its top-level relations.
func splitRelations(_ segment: [TeXToken], row: Int) throws(ReadingProblem) -> [Piece] {
    var pieces: [Piece] = [Piece(relation: nil, relationToken: nil, tokens: [], row: row)]
    var depth = 0
    var k = 0
    while k < segment.count {
        let token = segment[k]
        if depth == 0 {
            if case .command(let name) = token.kind, let reason = uncheckedRelations[name] {
                throw ReadingProblem("\\\(name) is not checked: \(reason)", line: token.line, column: token.column)
            }
            if token.kind == .symbol("≈") || token.kind == .symbol("∝") {
                throw ReadingProblem(
                    "'\(token.text)' is not checked: it is not a relation the claim language states", line: token.line,
                    column: token.column)
            }
            // `:=` is `=`.
            if token.kind == .symbol(":"), k + 1 < segment.count, segment[k + 1].kind == .symbol("=") {
                k += 1
                continue
            }
            if let relation = relation(of: token) {
                pieces.append(Piece(relation: relation, relationToken: token, tokens: [], row: row))
                k += 1
                continue
            }
        }
        depth += depthChange(token)
        if depth < 0 { depth = 0 }
        pieces[pieces.count - 1].tokens.append(token)
        k += 1
    }
    if pieces[0].tokens.isEmpty, pieces.count > 1 {
        // A row that starts with a relation: the first piece is the relation's right side.
        pieces.removeFirst()
    }
    return pieces
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
