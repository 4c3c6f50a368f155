import ClaimLanguage
import Diagnostics

/// What the parsers of one equation share: the declarations and what they found.
final class ReaderState {
    let declarations: EquationDeclarations
    let lineOffset: Int
    /// Automatic mode: the letters read as free variables, in order of first use.
    var freeVariables: [String] = []
    /// Declared index names that were used as indices (not bound by a sum).
    var usedIndices: Set<String> = []
    /// Index names bound by the sums being read.
    var boundIndices: [String] = []
    /// The variable a prime on a bracket differentiates by: that of the derivative the equation's left side is,
    /// when it is one (`\frac{\partial L}{\partial a} = … (1 - a)'`).
    var primeVariable: String?

    init(declarations: EquationDeclarations, lineOffset: Int) {
        self.declarations = declarations
        self.lineOffset = lineOffset
    }

    var fence: ClaimFence { declarations.fence }

    func given(_ name: String) -> Given? { fence.givens.first(where: { $0.name == name }) }
    func definition(_ name: String) -> LetDefinition? { fence.lets.first(where: { $0.name == name }) }

    /// Whether `name` stands for a value: a given, a let without parameters, an index, a constant, or
    /// (automatic mode) a free letter.
    func isValue(_ name: String) -> Bool {
        if declarations.isAutomatic { return name.count == 1 && name != "e" && name != "σ" }
        if given(name) != nil || isIndex(name) || ClaimNames.isBuiltinConstant(name) { return true }
        if let definition = definition(name) { return !definition.isFunction }
        return false
    }

    func isIndex(_ name: String) -> Bool {
        boundIndices.contains(name) || declarations.index(name) != nil
    }

    /// The number of parameters of the declared function `name`, or the arity of the built-in.
    func functionArity(_ name: String) -> ClosedRange<Int>? {
        if let definition = definition(name) {
            return definition.isFunction ? definition.parameters.count...definition.parameters.count : nil
        }
        return ClaimNames.builtinArity(name)
    }

    /// The rank of an expression, when it is known (never in automatic mode, where everything is a scalar).
    func rank(_ expression: Expression) -> Int? {
        if declarations.isAutomatic { return 0 }
        return ClaimNames.rank(of: expression, in: fence)
    }

    /// Notes a name read as a value: a free letter in automatic mode, an index when it is one.
    func use(_ name: String) {
        if declarations.index(name) != nil, !boundIndices.contains(name) { usedIndices.insert(name) }
    }

    func location(_ token: TeXToken) -> SourceLocation {
        SourceLocation(line: token.line + lineOffset, column: token.column)
    }

    func range(_ first: TeXToken, _ last: TeXToken) -> SourceRange {
        SourceRange(
            start: location(first),
            end: SourceLocation(line: last.line + lineOffset, column: last.column + last.length))
    }
}

/// Greek letters by command, as the claim language spells them.
let greekLetters: [String: String] = [
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
    "theta": "θ", "vartheta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "rho": "ρ", "varrho": "ρ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Phi": "Φ", "Psi": "Ψ",
    "Omega": "Ω", "Sigma": "Σ", "Pi": "Π", "Upsilon": "Υ",
]

/// Function commands and the built-in each names.
let functionCommands: [String: String] = [
    "exp": "exp", "log": "log", "ln": "log", "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "sqrt": "sqrt",
    "max": "max", "min": "min", "sigma": "σ",
]

/// Names of built-ins as posts write them inside `\operatorname{…}`, `\mathrm{…}` or `\text{…}`.
let spelledFunctions: [String: String] = [
    "sgn": "sign", "sign": "sign", "ReLU": "relu", "Relu": "relu", "relu": "relu", "softmax": "softmax",
    "softplus": "softplus", "sigmoid": "σ", "tanh": "tanh", "exp": "exp", "log": "log", "ln": "log",
    "max": "max", "min": "min", "abs": "abs", "step": "step", "sum": "sum", "mean": "mean", "logsumexp": "logsumexp",
    "diag": "diag", "MSE": "mse", "BCE": "bce", "CE": "cross_entropy",
]

/// Commands that decorate a letter and make another name (`\hat{y}` is `ŷ`) or the same one (`\mathbf{x}` is `x`).
let letterDecorations: [String: String] = [
    "hat": "\u{0302}", "widehat": "\u{0302}", "bar": "\u{0304}", "overline": "\u{0304}", "mathbf": "", "boldsymbol": "",
    "bm": "", "vec": "", "mathit": "", "mathbb": "", "boldsymbol ": "", "pmb": "",
]

/// Commands dropped wherever they stand: spacing and sizes.
let layoutCommands: Set<String> = [
    ",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle", "scriptstyle", "big", "Big", "bigg", "Bigg",
    "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm", "middle", "left", "right",
    "limits", "nolimits", "mathopen", "mathclose",
]

/// Commands refused with a reason.
let refusedCommands: [String: String] = [
    "int": "an integral cannot be checked by sampling", "iint": "an integral cannot be checked by sampling",
    "iiint": "an integral cannot be checked by sampling", "oint": "an integral cannot be checked by sampling",
    "lim": "a limit cannot be checked by sampling", "prod": "products over an index are not in the claim language",
    "nabla": "∇ (a gradient without a variable) is not read; write the partial derivatives",
    "infty": "∞ is not a value that can be sampled", "dots": "an elided sum (…) cannot be checked",
    "cdots": "an elided sum (⋯) cannot be checked", "ldots": "an elided sum (…) cannot be checked",
    "vdots": "an elided column cannot be checked", "ddots": "an elided matrix cannot be checked",
    "binom": "binomial coefficients are not in the claim language",
    "choose": "binomial coefficients are not in the claim language",
    "color": "colour commands are not read", "textcolor": "colour commands are not read",
    "cancel": "a cancelled term is not read", "bcancel": "a cancelled term is not read",
    "xcancel": "a cancelled term is not read",
    "|": "norms ‖x‖ are not in the claim language", "Vert": "norms ‖x‖ are not in the claim language",
    "lVert": "norms ‖x‖ are not in the claim language",
    "pm": "± stands for two equations", "mp": "∓ stands for two equations", "sinh": "sinh is not a built-in",
    "cosh": "cosh is not a built-in", "arctan": "arctan is not a built-in", "arcsin": "arcsin is not a built-in",
    "arccos": "arccos is not a built-in", "det": "determinants are not in the claim language",
    "inf": "an infimum cannot be checked by sampling", "sup": "a supremum cannot be checked by sampling",
    "argmax": "arg max is not a value", "argmin": "arg min is not a value", "mathcal": "calligraphic names are not read",
    "tilde": "a tilde accent is not part of a claim-language name; declare it with 'latex \\tilde{x} = …'",
    "dot": "a dot accent (time derivative) is not read", "ddot": "a dot accent (time derivative) is not read",
    "frak": "fraktur names are not read", "mathfrak": "fraktur names are not read",
    "circ": "∘ may be composition or an element-wise product",
    "partial": "∂ outside a fraction is not read; write \\frac{\\partial L}{\\partial z}",
]

/// Reads one expression from a list of tokens.
struct FormulaParser {
    private let tokens: [TeXToken]
    private var position = 0
    private let state: ReaderState

    init(tokens: [TeXToken], state: ReaderState) {
        // `\left.` and `\right.` leave a `.` behind once `\left` is dropped: drop it too.
        var kept: [TeXToken] = []
        for (k, token) in tokens.enumerated() {
            if token.kind == .symbol("."), k > 0,
                tokens[k - 1].kind == .command("left") || tokens[k - 1].kind == .command("right")
            {
                continue
            }
            if case .command(let name) = token.kind, layoutCommands.contains(name) { continue }
            if token.kind == .symbol("~") { continue }
            kept.append(normalizedDelimiter(token))
        }
        self.tokens = kept
        self.state = state
    }

    /// Reads the whole token list as one expression.
    mutating func parseWhole() throws(ReadingProblem) -> Expression {
        guard !tokens.isEmpty else { throw ReadingProblem("an empty expression", column: 1) }
        let expression = try parseExpression()
        if let token = current {
            throw problem("\(describe(token)) is not read here", at: token)
        }
        return expression
    }

    // MARK: - Tokens

    private var current: TeXToken? { position < tokens.count ? tokens[position] : nil }
    private func peek(_ offset: Int) -> TeXToken? {
        position + offset < tokens.count ? tokens[position + offset] : nil
    }
    private var previous: TeXToken { tokens[max(0, min(position, tokens.count) - 1)] }
    private mutating func advance() { position += 1 }
    private func problem(_ message: String, at token: TeXToken?, ambiguous: Bool = false) -> ReadingProblem {
        let token = token ?? tokens.last
        return ReadingProblem(message, line: token?.line ?? 1, column: token?.column ?? 1, isAmbiguous: ambiguous)
    }
    private func endProblem(_ message: String) -> ReadingProblem {
        guard let last = tokens.last else { return ReadingProblem(message, column: 1) }
        return ReadingProblem(message, line: last.line, column: last.column + last.length)
    }
    private func describe(_ token: TeXToken) -> String {
        switch token.kind {
        case .command(let name): "\\\(name)"
        default: "'\(token.text)'"
        }
    }
    private func isKind(_ kind: TeXToken.Kind) -> Bool { current?.kind == kind }
    private mutating func consume(_ kind: TeXToken.Kind) -> Bool {
        if isKind(kind) {
            advance()
            return true
        }
        return false
    }

    /// A sub-parser over `tokens[range]`, sharing this parser's state.
    private func subparser(_ range: Range<Int>) -> FormulaParser {
        FormulaParser(tokens: Array(tokens[range]), state: state)
    }

    /// Reads `tokens[range]` as one whole expression.
    private func parseGroup(_ range: Range<Int>, opener: TeXToken) throws(ReadingProblem) -> Expression {
        guard !range.isEmpty else { throw problem("an empty group", at: opener) }
        // `{a \over b}`
        if let over = tokens[range].firstIndex(where: { $0.kind == .command("over") }), depthAt(over, from: range.lowerBound) == 0
        {
            var inner = subparser(range)
            if let derivative = try inner.leibniz(
                Array(tokens[range.lowerBound..<over]), Array(tokens[(over + 1)..<range.upperBound]), command: opener)
            {
                return derivative
            }
            var numerator = subparser(range.lowerBound..<over)
            var denominator = subparser((over + 1)..<range.upperBound)
            let n = try numerator.parseWhole()
            let d = try denominator.parseWhole()
            return .binary(.divide, n, d, SourceRange(start: n.range.start, end: d.range.end))
        }
        var parser = subparser(range)
        return try parser.parseWhole()
    }

    private func depthAt(_ index: Int, from start: Int) -> Int {
        var depth = 0
        for k in start..<index { depth += depthChange(tokens[k]) }
        return depth
    }

    /// The index of the token closing the bracket opened at `start`.
    private func matching(from start: Int) -> Int? {
        let opener = tokens[start].kind
        var depth = 0
        var k = start
        while k < tokens.count {
            let kind = tokens[k].kind
            if kind == .open || kind == .symbol("(") || kind == .symbol("[") || kind == .command("begin") {
                depth += 1
            } else if kind == .close || kind == .symbol(")") || kind == .symbol("]") || kind == .command("end") {
                depth -= 1
                if depth == 0 {
                    let fits: Bool =
                        switch opener {
                        case .open: kind == .close
                        case .symbol("("): kind == .symbol(")") || kind == .symbol("]")
                        case .symbol("["): kind == .symbol("]") || kind == .symbol(")")
                        default: true
                        }
                    return fits ? k : nil
                }
            }
            k += 1
        }
        return nil
    }

    // MARK: - Sums and products

    mutating func parseExpression() throws(ReadingProblem) -> Expression {
        var sign: (negative: Bool, token: TeXToken)?
        if let token = current, token.kind == .symbol("-") || token.kind == .symbol("−") || token.kind == .symbol("+") {
            sign = (token.kind != .symbol("+"), token)
            advance()
        }
        var left = try parseTerm()
        if let sign, sign.negative {
            left = .negate(left, SourceRange(start: state.location(sign.token), end: left.range.end))
        }
        while let token = current {
            let op: BinaryOperator
            switch token.kind {
            case .symbol("+"): op = .add
            case .symbol("-"), .symbol("−"): op = .subtract
            default: return left
            }
            advance()
            let right = try parseTerm()
            left = .binary(op, left, right, SourceRange(start: left.range.start, end: right.range.end))
        }
        return left
    }

    /// Whether the current token can start a factor written next to the previous one (implicit multiplication).
    private var startsFactor: Bool {
        guard let token = current else { return false }
        switch token.kind {
        case .letter, .digit, .open, .symbol("("), .symbol("["), .symbol("|"): return true
        case .command(let name):
            if ["cdot", "times", "ast", "odot", "over", "div", "circ", "pm", "mp"].contains(name) { return false }
            if ["}", "rvert"].contains(name) { return false }
            return true
        case .symbol("∂"): return true
        default: return false
        }
    }

    private mutating func parseTerm() throws(ReadingProblem) -> Expression {
        var left = try parseFactor()
        while let token = current {
            switch token.kind {
            case .command("cdot"), .symbol("*"), .command("ast"), .symbol("·"), .command("times"), .symbol("×"),
                .command("odot"), .symbol("⊙"):
                advance()
                let right = try parseSignedFactor()
                let elementwise = token.kind == .command("odot") || token.kind == .symbol("⊙")
                let cross = token.kind == .command("times") || token.kind == .symbol("×")
                left = try multiply(left, right, at: token, elementwise: elementwise, cross: cross)
            case .symbol("/"), .command("div"):
                advance()
                let right = try parseSignedFactor()
                left = .binary(.divide, left, right, SourceRange(start: left.range.start, end: right.range.end))
                if startsFactor {
                    throw problem(
                        "'a/b c' is ambiguous: (a/b)·c or a/(b·c)? Use \\frac or parentheses", at: current, ambiguous: true)
                }
            default:
                guard startsFactor else { return left }
                let right = try parseFactor()
                left = try multiply(left, right, at: token, elementwise: false, cross: false)
            }
        }
        return left
    }

    /// A factor after an explicit operator, which may carry its own sign (`a \cdot -b`).
    private mutating func parseSignedFactor() throws(ReadingProblem) -> Expression {
        if let token = current, token.kind == .symbol("-") || token.kind == .symbol("−") {
            advance()
            let factor = try parseFactor()
            return .negate(factor, SourceRange(start: state.location(token), end: factor.range.end))
        }
        return try parseFactor()
    }

    /// `a b`: a product, a matrix product, or ambiguous, by the ranks of the two sides.
    private func multiply(_ left: Expression, _ right: Expression, at token: TeXToken, elementwise: Bool, cross: Bool)
        throws(ReadingProblem) -> Expression
    {
        let range = SourceRange(start: left.range.start, end: right.range.end)
        if elementwise { return .binary(.multiply, left, right, range) }
        let l = state.rank(left)
        let r = state.rank(right)
        if let l, let r, l >= 1, r >= 1 {
            if cross {
                throw problem("× between two tensors is ambiguous: a cross product or a product?", at: token, ambiguous: true)
            }
            if l == 2 || isTransposed(left) {
                return .binary(.matrixProduct, left, right, range)
            }
            throw problem(
                "two tensors side by side are ambiguous: a matrix or dot product (write \\mathbf{a}^\\top \\mathbf{b}) or an element-wise product (write \\odot)?",
                at: token, ambiguous: true)
        }
        return .binary(.multiply, left, right, range)
    }

    private func isTransposed(_ e: Expression) -> Bool {
        if case .transpose = e { return true }
        return false
    }

    // MARK: - Factors

    private mutating func parseFactor() throws(ReadingProblem) -> Expression {
        var base = try parseAtom()
        while let token = current {
            switch token.kind {
            case .superscript:
                base = try parsePower(of: base)
            case .symbol("'"):
                base = try derivativeOfBracket(base, prime: token)
            case .symbol("!"):
                throw problem("factorials (n!) are not in the claim language", at: token)
            case .subscript:
                throw problem("a subscript on \(describeNode(base)) is not read", at: token)
            default:
                return base
            }
        }
        return base
    }

    private func describeNode(_ e: Expression) -> String {
        switch e {
        case .name(let n, _): "'\(n)'"
        case .number: "a number"
        default: "a bracket"
        }
    }

    /// The tokens of a sub- or superscript after `_`/`^` at the current position: a group's inside or one token.
    private mutating func scriptArgument(after marker: TeXToken) throws(ReadingProblem) -> Range<Int> {
        guard let token = current else { throw endProblem("'\(marker.text)' has nothing after it") }
        if token.kind == .open {
            guard let close = matching(from: position) else { throw problem("'{' is never closed", at: token) }
            let range = (position + 1)..<close
            position = close + 1
            return range
        }
        if case .command(let name) = token.kind,
            letterDecorations[name] != nil || name == "mathrm" || name == "text"
                || name == "mathsf" || name == "operatorname"
        {
            // `^\mathsf{T}`: the command and its group.
            if position + 1 < tokens.count, tokens[position + 1].kind == .open, let close = matching(from: position + 1) {
                let range = position..<(close + 1)
                position = close + 1
                return range
            }
        }
        let range = position..<(position + 1)
        advance()
        return range
    }

    private mutating func parsePower(of base: Expression) throws(ReadingProblem) -> Expression {
        let marker = current!
        advance()
        let range = try scriptArgument(after: marker)
        let scriptTokens = tokens[range]
        if isTransposeMark(scriptTokens) {
            if state.isValue("T"), scriptTokens.first?.kind == .letter("T") {
                throw problem("'^T' is ambiguous: a transpose, or a power of the declared 'T'?", at: marker, ambiguous: true)
            }
            return .transpose(base, SourceRange(start: base.range.start, end: state.location(previous)))
        }
        if let first = scriptTokens.first, first.kind == .symbol("[") || first.kind == .symbol("(") {
            if case .number = base {
            } else if case .name = base {
                throw problem(
                    "the superscript '\(canonicalSpelling(scriptTokens))' looks like a layer or example label, not a power: declare the spelling with 'latex'",
                    at: marker)
            }
        }
        if let rank = state.rank(base), rank >= 1 {
            throw problem(
                "a superscript on a tensor is ambiguous: a label or a power? Declare the spelling with 'latex'", at: marker,
                ambiguous: true)
        }
        let exponent = try parseGroup(range, opener: marker)
        // `e^{x}` is exp(x) unless `e` is declared.
        if case .name("e", let r) = base, state.given("e") == nil, state.definition("e") == nil {
            return .call("exp", [exponent], SourceRange(start: r.start, end: exponent.range.end))
        }
        return .binary(.power, base, exponent, SourceRange(start: base.range.start, end: exponent.range.end))
    }

    private func isTransposeMark(_ script: ArraySlice<TeXToken>) -> Bool {
        let text = canonicalSpelling(script)
        return [
            "T", "\\top", "\\intercal", "\\mathsf T", "\\mathrm T", "\\text T", "\\mathsf{T}", "\\intercal", "\\mathbf T",
            "\\operatorname T",
        ]
        .contains(text) || text == "\\mathsfT"
    }

    /// `(…)'`: the derivative with respect to the variable of the derivative on the equation's left side, or, when
    /// the left side is not one, to the one given the bracket depends on (through the lets it names); a bracket
    /// that names nothing is a constant.
    private mutating func derivativeOfBracket(_ base: Expression, prime: TeXToken) throws(ReadingProblem) -> Expression {
        advance()
        var order = 1
        while consume(.symbol("'")) { order += 1 }
        let range = SourceRange(start: base.range.start, end: state.location(previous))
        if namesMentioned(by: base).isEmpty { return .number(0, range) }
        let variable: String
        if let context = state.primeVariable {
            variable = context
        } else {
            let givens = givensMentioned(by: base)
            guard givens.count == 1, let only = givens.first else {
                throw problem(
                    "a prime on a bracket is ambiguous: a derivative with respect to which variable? (it depends on \(givens.isEmpty ? "none" : givens.joined(separator: ", ")))",
                    at: prime, ambiguous: true)
            }
            variable = only
        }
        return .derivative(of: base, variable: variable, indices: [], order: order, notation: .total, range)
    }

    /// The givens and value lets an expression names itself (not through the lets it names), in order.
    private func namesMentioned(by expression: Expression) -> [String] {
        var names: [String] = []
        visitNames(expression) { name in
            if !names.contains(name), state.isValue(name), !state.isIndex(name), !ClaimNames.isBuiltinConstant(name) {
                names.append(name)
            }
        }
        return names
    }

    /// The givens an expression depends on, through the lets it mentions, in declaration order.
    private func givensMentioned(by expression: Expression) -> [String] {
        var found: Set<String> = []
        var visited: Set<String> = []
        func visit(_ e: Expression) {
            switch e {
            case .name(let n, _):
                if state.declarations.isAutomatic {
                    found.insert(n)
                } else if state.given(n) != nil {
                    found.insert(n)
                } else if let d = state.definition(n), visited.insert(n).inserted {
                    visit(d.body)
                }
            case .call(let f, let arguments, _):
                if let d = state.definition(f), visited.insert(f).inserted {
                    visit(d.body)
                }
                arguments.forEach(visit)
            case .negate(let a, _), .transpose(let a, _): visit(a)
            case .binary(_, let a, let b, _):
                visit(a)
                visit(b)
            case .index(let b, let i, _):
                visit(b)
                i.forEach(visit)
            case .derivative(let body, _, let i, _, _, _):
                visit(body)
                i.forEach(visit)
            default: break
            }
        }
        visit(expression)
        if state.declarations.isAutomatic { return state.freeVariables.filter(found.contains) }
        return state.fence.givens.map(\.name).filter(found.contains)
    }

    // MARK: - Atoms

    private mutating func parseAtom() throws(ReadingProblem) -> Expression {
        guard let token = current else { throw endProblem("an expression is missing at the end") }
        if let (meaning, length) = declaredSpelling(at: position) {
            position += length
            return relocated(meaning, state.range(token, previous))
        }
        switch token.kind {
        case .digit:
            return try parseNumber()
        case .letter, .symbol("∂"):
            return try parseName()
        case .open:
            guard let close = matching(from: position) else { throw problem("'{' is never closed", at: token) }
            // `{d \over dz} f(z)`: the operator form of a derivative written with `\over` takes the next factor.
            if let over = tokens[(position + 1)..<close].firstIndex(where: { $0.kind == .command("over") }),
                depthAt(over, from: position + 1) == 0, let top = differential(Array(tokens[(position + 1)..<over])),
                over - (position + 1) == top.length
            {
                let numerator = Array(tokens[(position + 1)..<over])
                let denominator = Array(tokens[(over + 1)..<close])
                let start = position
                position = close + 1
                if let derivative = try leibniz(numerator, denominator, command: token) { return derivative }
                position = start
            }
            let inner = try parseGroup((position + 1)..<close, opener: token)
            position = close + 1
            return inner
        case .symbol("("), .symbol("["):
            guard let close = matching(from: position) else { throw problem("\(describe(token)) is never closed", at: token) }
            let inner = try parseGroup((position + 1)..<close, opener: token)
            position = close + 1
            return withTopRange(inner, SourceRange(start: state.location(token), end: state.location(tokens[close])))
        case .symbol("|"):
            guard let close = tokens[(position + 1)...].firstIndex(where: { $0.kind == .symbol("|") }) else {
                throw problem("'|' is never closed", at: token)
            }
            let inner = try parseGroup((position + 1)..<close, opener: token)
            position = close + 1
            return .call("abs", [inner], state.range(token, tokens[close]))
        case .command(let name):
            return try parseCommand(name, token)
        default:
            throw problem("\(describe(token)) is not read here", at: token)
        }
    }

    /// The longest declared spelling (`latex \mathcal{L} = L`, `latex \Delta w_{ij} = g[i, j]`) that the tokens at
    /// `start` write, and how many tokens it spans.
    private func declaredSpelling(at start: Int) -> (Expression, Int)? {
        guard state.declarations.hasSpellings else { return nil }
        let longest = min(tokens.count - start, state.declarations.longestSpelling + 4)
        guard longest >= 1 else { return nil }
        for length in stride(from: longest, through: 1, by: -1) {
            // A spelling never ends inside a group or just before its own sub- or superscript.
            let end = start + length
            if end < tokens.count, tokens[end].kind == .subscript { continue }
            var depth = 0
            for token in tokens[start..<end] {
                if token.kind == .open { depth += 1 } else if token.kind == .close { depth -= 1 }
            }
            if depth != 0 { continue }
            if let meaning = state.declarations.meaning(ofSpelling: canonicalSpelling(tokens[start..<end])) {
                return (meaning, length)
            }
        }
        return nil
    }

    private mutating func parseNumber() throws(ReadingProblem) -> Expression {
        let first = current!
        var text = ""
        while let token = current, case .digit(let c) = token.kind {
            text.append(c)
            advance()
        }
        guard let value = Double(text) else { throw problem("'\(text)' is not a number", at: first) }
        if let next = current, case .digit = next.kind {
            throw problem("two numbers side by side", at: next, ambiguous: true)
        }
        return .number(value, state.range(first, previous))
    }

    // MARK: Names

    /// The letter a base token (or a decorated one) names, and the tokens it spans.
    private mutating func parseBaseName() throws(ReadingProblem) -> (name: String, tokens: Range<Int>)? {
        guard let token = current else { return nil }
        let start = position
        switch token.kind {
        case .letter(let c):
            advance()
            return (String(c), start..<position)
        case .command(let name):
            if let greek = greekLetters[name] {
                advance()
                return (greek, start..<position)
            }
            if let mark = letterDecorations[name] {
                advance()
                guard let inner = try parseDecorated() else {
                    throw problem("\\\(name) must decorate a letter", at: token)
                }
                return (inner + mark, start..<position)
            }
            return nil
        default:
            return nil
        }
    }

    /// The letter inside `\hat{…}` (a group of one letter or Greek command, or one bare letter).
    private mutating func parseDecorated() throws(ReadingProblem) -> String? {
        if consume(.open) {
            guard let base = try parseBaseName() else { return nil }
            guard consume(.close) else { return nil }
            return base.name
        }
        return try parseBaseName()?.name
    }

    /// A name with its subscript, superscript and primes; or a function applied; or a Leibniz `d`.
    private mutating func parseName() throws(ReadingProblem) -> Expression {
        let first = current!
        let start = position
        // A run of letters that is itself a declared name, or that spells a function, is not a product.
        if case .letter = first.kind, position == 0 || !isLetterToken(tokens[position - 1]) {
            var end = position
            while end < tokens.count, isLetterToken(tokens[end]) { end += 1 }
            if end - position >= 2 {
                let run = tokens[position..<end].map(\.text).joined()
                if ClaimNames.builtinArity(run) != nil || functionCommands[run] != nil {
                    throw problem("'\(run)' is read as a product of letters: write \\\(run) for the function", at: first)
                }
                if state.isValue(run) || state.definition(run) != nil {
                    throw problem(
                        "'\(run)' is ambiguous: the declared name '\(run)' or a product of its letters?", at: first,
                        ambiguous: true)
                }
            }
        }
        guard let base = try parseBaseName() else {
            throw problem("\(describe(first)) is not read here", at: first)
        }
        // Sub- and superscripts, in either order, and primes.
        var subscriptRange: Range<Int>?
        var superscriptRange: Range<Int>?
        var superscriptMarker: TeXToken?
        var primes = 0
        while let token = current {
            if token.kind == .subscript, subscriptRange == nil {
                advance()
                subscriptRange = try scriptArgument(after: token)
            } else if token.kind == .superscript, superscriptRange == nil {
                advance()
                superscriptMarker = token
                superscriptRange = try scriptArgument(after: token)
            } else if token.kind == .symbol("'"), superscriptRange == nil {
                advance()
                primes += 1
            } else {
                break
            }
        }
        let end = position
        // A declared spelling covers the whole name, or the name without its superscript.
        if state.declarations.hasSpellings {
            let whole = canonicalSpelling(tokens[start..<end])
            if let meaning = state.declarations.meaning(ofSpelling: whole) {
                return relocated(meaning, state.range(first, previous))
            }
            if let superscriptRange, let subscriptRange, superscriptRange.lowerBound > subscriptRange.lowerBound {
                let withoutPower = canonicalSpelling(tokens[start..<(superscriptRange.lowerBound - 1)])
                if let meaning = state.declarations.meaning(ofSpelling: withoutPower) {
                    let base = relocated(meaning, state.range(first, tokens[superscriptRange.lowerBound - 2]))
                    return try power(base, superscriptRange, marker: superscriptMarker!)
                }
            }
            if let superscriptRange, subscriptRange == nil {
                let withoutPower = canonicalSpelling(tokens[start..<(superscriptRange.lowerBound - 1)])
                if let meaning = state.declarations.meaning(ofSpelling: withoutPower) {
                    let base = relocated(meaning, state.range(first, tokens[superscriptRange.lowerBound - 2]))
                    return try power(base, superscriptRange, marker: superscriptMarker!)
                }
            }
        }
        var name = base.name
        var expression: Expression
        let baseRange = state.range(first, tokens[base.tokens.upperBound - 1])
        // Kronecker's delta.
        if name == "δ", let subscriptRange, !state.isValue("δ") {
            let items = try subscriptItems(subscriptRange)
            guard items.count == 2 else {
                throw problem("Kronecker's δ takes two indices", at: tokens[subscriptRange.lowerBound])
            }
            expression = .call("δ", items, state.range(first, tokens[subscriptRange.upperBound - 1]))
        } else if let subscriptRange {
            let subscriptText = tokens[subscriptRange].map(\.text).joined()
            let joined = name + "_" + subscriptText
            if state.isValue(joined) || state.definition(joined) != nil {
                name = joined
                expression = .name(joined, state.range(first, tokens[subscriptRange.upperBound - 1]))
                if state.definition(joined)?.isFunction == true {
                    return try applyFunction(joined, at: first, primes: primes)
                }
                state.use(joined)
            } else if state.isValue(name), !state.declarations.isAutomatic, (state.rank(.name(name, baseRange)) ?? 1) >= 1 {
                let items = try subscriptItems(subscriptRange)
                expression = .index(.name(name, baseRange), items, state.range(first, tokens[subscriptRange.upperBound - 1]))
            } else if state.declarations.isAutomatic {
                throw problem(
                    "'\(canonicalSpelling(tokens[start..<(subscriptRange.upperBound)]))' is not a single letter: automatic checking reads only single-letter variables",
                    at: first)
            } else {
                throw problem(
                    "unknown name '\(canonicalSpelling(tokens[start..<subscriptRange.upperBound]))': declare '\(joined)' (or '\(name)' with indices) in the fence, or its spelling with 'latex'",
                    at: first)
            }
        } else {
            // A bare name.
            if state.functionArity(name) != nil, !state.isValue(name) {
                return try applyFunction(
                    name, at: first, primes: primes, superscript: superscriptRange, marker: superscriptMarker)
            }
            if state.declarations.isAutomatic {
                guard name != "e" else {
                    expression = .name("e", baseRange)
                    return try finishName(expression, superscriptRange, superscriptMarker, primes: primes, first: first)
                }
                if !state.freeVariables.contains(name) { state.freeVariables.append(name) }
            } else if !state.isValue(name) {
                if name == "e" {
                    expression = .name("e", baseRange)
                    return try finishName(expression, superscriptRange, superscriptMarker, primes: primes, first: first)
                }
                throw problem(
                    "unknown name '\(name)': declare it in the fence (given or let), or its spelling with 'latex'", at: first)
            }
            state.use(name)
            expression = .name(name, baseRange)
        }
        return try finishName(expression, superscriptRange, superscriptMarker, primes: primes, first: first)
    }

    private func isLetterToken(_ token: TeXToken) -> Bool {
        if case .letter = token.kind { return true }
        return false
    }

    /// A value name's superscript, primes, and function notation `a(z)`.
    private mutating func finishName(
        _ expression: Expression, _ superscriptRange: Range<Int>?, _ marker: TeXToken?, primes: Int, first: TeXToken
    ) throws(ReadingProblem) -> Expression {
        var expression = expression
        if primes > 0 {
            throw problem(
                "a prime on the value \(describeNode(expression)) is ambiguous: a derivative with respect to which variable?",
                at: first, ambiguous: true)
        }
        if let superscriptRange, let marker {
            expression = try power(expression, superscriptRange, marker: marker)
        }
        // `a_i(z_i)`: an indexed value written as a function of its argument, or a product? Not chosen.
        if case .index(.name(let name, _), _, _) = expression, state.definition(name) != nil, isKind(.symbol("(")),
            let close = matching(from: position), close > position + 1,
            tokens[(position + 1)..<close].allSatisfy({ token in
                switch token.kind {
                case .letter, .digit, .subscript, .open, .close: true
                default: false
                }
            })
        {
            throw problem(
                "'\(name)' with an index followed by a bracket is ambiguous: the value written as a function of its argument, or a product?",
                at: first, ambiguous: true)
        }
        // Function notation: `a(z)`, `L(a, y)` for a let written with the names it depends on.
        if case .name(let name, let range) = expression, isKind(.symbol("(")), let close = matching(from: position) {
            let arguments = tokens[(position + 1)..<close]
            let names = bareNames(arguments)
            if let names, !names.isEmpty {
                if let definition = state.definition(name), !definition.isFunction {
                    position = close + 1
                    return .name(name, SourceRange(start: range.start, end: state.location(tokens[close])))
                }
                if state.given(name) != nil || state.declarations.isAutomatic, names.count == 1 {
                    throw problem(
                        "'\(name)(\(names[0]))' is ambiguous: \(name) times \(names[0]), or \(name) as a function of \(names[0])?",
                        at: first, ambiguous: true)
                }
            }
        }
        return expression
    }

    /// The names in a parenthesised list, when every item is one bare declared name.
    private func bareNames(_ tokens: ArraySlice<TeXToken>) -> [String]? {
        var names: [String] = []
        var expectName = true
        for token in tokens {
            if expectName {
                guard case .letter(let c) = token.kind, state.isValue(String(c)) else { return nil }
                names.append(String(c))
                expectName = false
            } else {
                guard token.kind == .symbol(",") else { return nil }
                expectName = true
            }
        }
        return expectName ? nil : names
    }

    private mutating func power(_ base: Expression, _ range: Range<Int>, marker: TeXToken) throws(ReadingProblem)
        -> Expression
    {
        let saved = position
        // Reuse the power rules on the recorded superscript, braces included.
        let braced = range.lowerBound > 0 && tokens[range.lowerBound - 1].kind == .open
        let lower = braced ? range.lowerBound - 1 : range.lowerBound
        let upper = braced && range.upperBound < tokens.count ? range.upperBound + 1 : range.upperBound
        var sub = FormulaParser(tokens: [marker] + Array(tokens[lower..<upper]), state: state)
        let result = try sub.parsePower(of: base)
        position = saved
        return result
    }

    /// The items of a subscript used as indices: declared index names or integers (`ij` → i, j; `i,j`; `2`).
    private mutating func subscriptItems(_ range: Range<Int>) throws(ReadingProblem) -> [Expression] {
        var items: [Expression] = []
        var k = range.lowerBound
        while k < range.upperBound {
            let token = tokens[k]
            switch token.kind {
            case .symbol(","):
                k += 1
            case .letter(let c):
                let name = String(c)
                guard state.isIndex(name) || (state.declarations.isAutomatic == false && state.given(name) == nil && false) else {
                    throw problem(
                        "'\(name)' in a subscript is not a declared index: declare it with 'index \(name) in 1...n'",
                        at: token)
                }
                state.use(name)
                items.append(.name(name, state.range(token, token)))
                k += 1
            case .digit:
                var end = k
                var text = ""
                while end < range.upperBound, case .digit(let d) = tokens[end].kind {
                    text.append(d)
                    end += 1
                }
                guard let value = Int(text) else { throw problem("'\(text)' is not an index", at: token) }
                items.append(.number(Double(value), state.range(token, tokens[end - 1])))
                k = end
            default:
                throw problem("\(describe(token)) in a subscript is not read as an index", at: token)
            }
        }
        guard !items.isEmpty else { throw problem("an empty subscript", at: tokens[max(range.lowerBound - 1, 0)]) }
        return items
    }

    /// A declared spelling's meaning, moved to where it stands in the formula.
    private func relocated(_ e: Expression, _ range: SourceRange) -> Expression {
        collectUses(e)
        return withTopRange(e, range)
    }

    private func collectUses(_ e: Expression) {
        switch e {
        case .name(let n, _): state.use(n)
        case .index(let b, let i, _):
            collectUses(b)
            i.forEach(collectUses)
        case .binary(_, let a, let b, _):
            collectUses(a)
            collectUses(b)
        case .negate(let a, _), .transpose(let a, _): collectUses(a)
        case .call(_, let a, _): a.forEach(collectUses)
        default: break
        }
    }

    // MARK: Functions

    /// A function applied: `\log(1-a)`, `\log a`, `\sigma(z)`, `\sigma'(z)`, `\sin^2 x`, `f(x)`.
    private mutating func applyFunction(
        _ name: String, at first: TeXToken, primes: Int = 0, superscript: Range<Int>? = nil, marker: TeXToken? = nil
    ) throws(ReadingProblem) -> Expression {
        var primes = primes
        var powerExponent: Expression?
        var base: Expression?
        if let superscript, let marker {
            let exponent = try parseGroup(superscript, opener: marker)
            guard case .number(let n, _) = exponent, n >= 1, n == n.rounded() else {
                throw problem("a superscript on the function '\(name)' (an inverse?) is not read", at: marker)
            }
            powerExponent = exponent
        }
        while let token = current {
            if token.kind == .symbol("'") {
                advance()
                primes += 1
            } else if token.kind == .superscript, powerExponent == nil {
                advance()
                let range = try scriptArgument(after: token)
                let exponent = try parseGroup(range, opener: token)
                guard case .number(let n, _) = exponent, n >= 1, n == n.rounded() else {
                    throw problem("a superscript on the function '\(name)' (an inverse?) is not read", at: token)
                }
                powerExponent = exponent
            } else if token.kind == .subscript, name == "log", base == nil {
                // `\log_2 x`, `\log_{10}(x)`, `\log_b x`: the base below.
                advance()
                let range = try scriptArgument(after: token)
                let written = try parseGroup(range, opener: token)
                base = written
            } else if token.kind == .subscript {
                throw problem("a subscript on the function '\(name)' is not read", at: token)
            } else {
                break
            }
        }
        var arguments: [Expression]
        var lastToken: TeXToken
        if let open = current, open.kind == .symbol("(") || (open.kind == .symbol("[") && name != "σ") {
            guard let close = matching(from: position) else { throw problem("'(' is never closed", at: open) }
            arguments = try argumentList((position + 1)..<close, opener: open)
            position = close + 1
            lastToken = tokens[close]
        } else if let open = current, open.kind == .open, let close = matching(from: position) {
            arguments = try argumentList((position + 1)..<close, opener: open)
            position = close + 1
            lastToken = tokens[close]
        } else {
            guard let token = current, startsFactor else {
                throw endProblem("the function '\(name)' has no argument")
            }
            let argumentStart = position
            let argument = try parseAtom()
            if let power = topLevelSuperscript(in: argumentStart..<position) {
                throw problem(
                    "'\(canonicalSpelling(tokens[(argumentStart - 1)..<position]))' is ambiguous: is the power on the argument or on the result? Use parentheses",
                    at: power, ambiguous: true)
            }
            if let next = current, next.kind == .superscript {
                throw problem(
                    "'\(canonicalSpelling(tokens[(argumentStart - 1)..<position]))^…' is ambiguous: is the power on the argument or on the result? Use parentheses",
                    at: next, ambiguous: true)
            }
            if let next = current, next.kind == .subscript {
                throw problem("a subscript here is not read", at: next)
            }
            if startsFactor, !(current.map(isFunctionStart) ?? false) {
                throw problem(
                    "'\(name)' applied to a product without parentheses is ambiguous: which factors are its argument?",
                    at: current ?? token, ambiguous: true)
            }
            arguments = [argument]
            lastToken = previous
        }
        guard let arity = state.functionArity(name),
            arity.contains(arguments.count) || (name == "max" || name == "min") && arguments.count >= 1
        else {
            throw problem(
                "'\(name)' takes \(state.functionArity(name).map(describeArity) ?? "other") arguments, not \(arguments.count)",
                at: first)
        }
        let range = state.range(first, lastToken)
        var result = Expression.call(name, arguments, range)
        if let base {
            switch base {
            case .number(10, _): result = .call("log10", arguments, range)
            case .number(2, _): result = .call("log2", arguments, range)
            default: result = .call("logb", arguments + [base], range)
            }
        }
        if primes > 0 {
            guard arguments.count == 1, case .name(let variable, _) = arguments[0], state.isValue(variable),
                !state.isIndex(variable)
            else {
                throw problem(
                    "a prime on '\(name)' applied to an expression is not read: write \\frac{d}{dx} of it", at: first)
            }
            result = .derivative(of: result, variable: variable, indices: [], order: primes, notation: .total, range)
        }
        if let powerExponent {
            result = .binary(.power, result, powerExponent, SourceRange(start: range.start, end: range.end))
        }
        return result
    }

    /// The first `^` outside any group in `range`.
    private func topLevelSuperscript(in range: Range<Int>) -> TeXToken? {
        var depth = 0
        for k in range {
            if depth == 0, tokens[k].kind == .superscript { return tokens[k] }
            depth += depthChange(tokens[k])
        }
        return nil
    }

    private func isFunctionStart(_ token: TeXToken) -> Bool {
        if case .command(let name) = token.kind { return functionCommands[name] != nil }
        return false
    }

    private func describeArity(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
    }

    /// Arguments separated by top-level commas.
    private func argumentList(_ range: Range<Int>, opener: TeXToken) throws(ReadingProblem) -> [Expression] {
        var arguments: [Expression] = []
        var start = range.lowerBound
        var depth = 0
        for k in range {
            depth += depthChange(tokens[k])
            if depth == 0, tokens[k].kind == .symbol(",") {
                arguments.append(try parseGroup(start..<k, opener: opener))
                start = k + 1
            }
        }
        arguments.append(try parseGroup(start..<range.upperBound, opener: opener))
        return arguments
    }

    // MARK: Commands

    private mutating func parseCommand(_ name: String, _ token: TeXToken) throws(ReadingProblem) -> Expression {
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            advance()
            return try parseFraction(token)
        case "sqrt":
            advance()
            var root: Expression?
            if isKind(.symbol("[")), let close = matching(from: position) {
                root = try parseGroup((position + 1)..<close, opener: tokens[position])
                position = close + 1
            }
            let radicand = try parseArgument(of: token)
            let range = SourceRange(start: state.location(token), end: radicand.range.end)
            if let root {
                return .binary(.power, radicand, .binary(.divide, .number(1, root.range), root, root.range), range)
            }
            return .call("sqrt", [radicand], range)
        case "pi":
            advance()
            if state.isValue("π") || ClaimNames.isBuiltinConstant("π") {
                return .name("π", state.range(token, token))
            }
            throw problem("π is not a known constant here", at: token)
        case "mathrm", "text", "operatorname", "textrm", "mathsf":
            return try parseSpelledName(token)
        case "underset", "overset":
            advance()
            _ = try skipGroup(after: token)
            return try parseArgument(of: token)
        case "boxed", "underbrace", "overbrace":
            advance()
            let inner = try parseArgument(of: token)
            // `\underbrace{…}_{text}`: the label is dropped.
            if name == "underbrace" || name == "overbrace", isKind(.subscript) || isKind(.superscript) {
                advance()
                _ = try scriptArgument(after: token)
            }
            return inner
        case "lvert", "vert":
            advance()
            guard
                let close = tokens[position...].firstIndex(where: { $0.kind == .command("rvert") || $0.kind == .command("vert") })
            else {
                throw problem("\\\(name) is never closed", at: token)
            }
            let inner = try parseGroup(position..<close, opener: token)
            position = close + 1
            return .call("abs", [inner], state.range(token, tokens[close]))
        case "begin":
            let environment = environmentName(in: tokens, after: position)?.name ?? ""
            guard environment == "cases" || environment == "dcases" else {
                throw problem("the environment '\(environment)' is not read inside an equation", at: token)
            }
            return try parseCases(token)
        case "sum":
            return try parseSum(token)
        default:
            if let function = functionCommands[name] {
                if name == "sigma", state.isValue("σ") {
                    return try parseName()
                }
                advance()
                return try applyFunction(function, at: token)
            }
            if greekLetters[name] != nil || letterDecorations[name] != nil {
                return try parseName()
            }
            if let reason = refusedCommands[name] {
                throw problem("\\\(name) is not read: \(reason)", at: token)
            }
            throw problem("the command \\\(name) is not read", at: token)
        }
    }

    /// `\sum_{j} BODY`, `\sum_{j=1}^{N} BODY`: a sum over a declared index, the body being the rest of the product.
    private mutating func parseSum(_ token: TeXToken) throws(ReadingProblem) -> Expression {
        advance()
        guard let marker = current, marker.kind == .subscript else {
            throw problem("a sum needs its index below it, such as \\sum_{j}", at: token)
        }
        advance()
        let below = Array(tokens[try scriptArgument(after: marker)])
        var upperTokens: [TeXToken]?
        if let above = current, above.kind == .superscript {
            advance()
            upperTokens = Array(tokens[try scriptArgument(after: above)])
        }
        guard case .letter(let letter)? = below.first?.kind else {
            throw problem("the index of a sum must be a letter", at: below.first ?? marker)
        }
        let index = String(letter)
        if state.declarations.isAutomatic {
            throw problem(
                "a sum needs its index declared ('index \(index) in 1...n'): automatic checking does not read it", at: token)
        }
        let declared = state.declarations.index(index)
        var lower = declared?.range.map { Expression.number(Double($0.lowerBound), state.range(token, token)) }
        var upper = declared?.range.map { Expression.number(Double($0.upperBound), state.range(token, token)) }
        // `\sum_{j \neq i}`: every j of the index's range but one.
        var excluded: Expression?
        if below.count > 1, below[1].kind == .command("neq") || below[1].kind == .command("ne") || below[1].kind == .symbol("≠") {
            guard below.count > 2 else { throw problem("'\\neq' in a sum's subscript needs what it leaves out", at: below[1]) }
            var excludedParser = FormulaParser(tokens: Array(below[2...]), state: state)
            excluded = try excludedParser.parseWhole()
        } else if below.count > 1 {
            guard below[1].kind == .symbol("="), below.count > 2 else {
                throw problem("the subscript of a sum must be its index, or its index = its first value", at: below[1])
            }
            var lowerParser = FormulaParser(tokens: Array(below[2...]), state: state)
            lower = try lowerParser.parseWhole()
        }
        if let upperTokens {
            // A bound written as a letter the fence does not declare (`N`) is the index's declared range.
            let isUndeclaredLetter: Bool = {
                guard upperTokens.count == 1, case .letter(let c) = upperTokens[0].kind else { return false }
                return !state.isValue(String(c))
            }()
            if !isUndeclaredLetter || upper == nil {
                var upperParser = FormulaParser(tokens: upperTokens, state: state)
                upper = try upperParser.parseWhole()
            }
        }
        guard let lower, let upper else {
            throw problem(
                "the range of the sum over '\(index)' is not known: declare it with 'index \(index) in 1...n'", at: token)
        }
        state.boundIndices.append(index)
        defer { state.boundIndices.removeLast() }
        let body = try parseTerm()
        // `\sum_i a_i + b_i`: the sum's body is its product term, but an index used past the `+` says the author
        // meant more; the reader does not choose.
        if let next = current, next.kind == .symbol("+") || next.kind == .symbol("-"),
            tokens[position...].contains(where: { $0.kind == .letter(letter) })
        {
            throw problem(
                "where the sum over '\(index)' ends is ambiguous: '\(index)' is used after the '\(next.text)'; put the sum's body in brackets",
                at: next, ambiguous: true)
        }
        let range = SourceRange(start: state.location(token), end: body.range.end)
        var summand = body
        if let excluded {
            summand = .piecewise(
                [
                    PiecewiseCase(
                        condition: Condition(left: .name(index, range), relation: .notEqual, right: excluded, range: range),
                        value: body)
                ], otherwise: .number(0, range), range)
        }
        return .sum(index: index, lower: lower, upper: upper, body: summand, range)
    }

    /// `\begin{cases} v & \text{if } c \\ … \\ w & \text{otherwise} \end{cases}`: a piecewise value.
    private mutating func parseCases(_ token: TeXToken) throws(ReadingProblem) -> Expression {
        guard let (_, bodyStart) = environmentName(in: tokens, after: position) else {
            throw problem("\\begin needs an environment name", at: token)
        }
        // The matching \end.
        var depth = 0
        var end = position
        while end < tokens.count {
            if tokens[end].kind == .command("begin") { depth += 1 }
            if tokens[end].kind == .command("end") {
                depth -= 1
                if depth == 0 { break }
            }
            end += 1
        }
        guard end < tokens.count, let (_, after) = environmentName(in: tokens, after: end) else {
            throw problem("\\begin{cases} is never closed", at: token)
        }
        let body = Array(tokens[bodyStart..<end])
        position = after
        var rows: [[TeXToken]] = [[]]
        var level = 0
        for t in body {
            level += depthChange(t)
            if level == 0, t.kind == .rowBreak { rows.append([]) } else { rows[rows.count - 1].append(t) }
        }
        var cases: [PiecewiseCase] = []
        var otherwise: Expression?
        for row in rows where !row.isEmpty {
            // The value and its condition: split at `&`, or, without one, before the word "if" (`0 \ if \ x < 0`).
            let tab = row.firstIndex(where: { $0.kind == .alignmentTab })
            // A word "if": the letters i and f side by side, apart from what stands before and after them.
            let ifWord = row.indices.first { k in
                guard k > 0, k + 1 < row.count, row[k].kind == .letter("i"), row[k + 1].kind == .letter("f"),
                    row[k + 1].offset == row[k].offset + 1
                else { return false }
                let before = row[k - 1]
                let apartBefore = !before.kind.isLetter || before.offset + before.length < row[k].offset
                let apartAfter = k + 2 >= row.count || !row[k + 2].kind.isLetter || row[k + 2].offset > row[k + 1].offset + 1
                return apartBefore && apartAfter
            }
            guard let divider = tab ?? ifWord else {
                throw problem("each row of cases needs a value, '&' and its condition", at: row.first)
            }
            var valueParser = FormulaParser(tokens: Array(row[..<divider]), state: state)
            let value = try valueParser.parseWhole()
            var condition = Array(row[(tab != nil ? divider + 1 : divider)...])
            // `\text{if } z > 0`, `\text{for } …`, `if \ z > 0`, `\text{otherwise}`.
            if let first = condition.first, case .command(let name) = first.kind,
                ["text", "textrm", "mbox", "textit"].contains(name),
                condition.count > 1, condition[1].kind == .open, let close = closingBrace(in: condition, from: 1)
            {
                let words = plainText(condition[2..<close]).lowercased().trimmingCharacters(in: " ,.:")
                if ["otherwise", "else", "o.w.", "elsewhere", "sonst"].contains(words) {
                    otherwise = value
                    continue
                }
                guard ["if", "for", "when", "where", "if:", "for all"].contains(words) || words.isEmpty else {
                    throw problem("the condition '\(words)' of a case is not read", at: first)
                }
                condition = Array(condition[(close + 1)...])
            } else if condition.count >= 2, condition[0].kind == .letter("i"), condition[1].kind == .letter("f") {
                condition = Array(condition.dropFirst(2))
            } else if condition.count >= 9, condition.prefix(9).map(\.text).joined() == "otherwise" {
                otherwise = value
                continue
            }
            while let last = condition.last, last.kind == .symbol(",") || last.kind == .symbol(".") { condition.removeLast() }
            guard let split = condition.firstIndex(where: { relation(of: $0) != nil }), split > 0, split + 1 < condition.count,
                let comparison = relation(of: condition[split])
            else {
                throw problem(
                    "the condition of a case must compare two expressions, such as z > 0", at: condition.first ?? row[divider])
            }
            var leftParser = FormulaParser(tokens: Array(condition[..<split]), state: state)
            var rightParser = FormulaParser(tokens: Array(condition[(split + 1)...]), state: state)
            let left = try leftParser.parseWhole()
            let right = try rightParser.parseWhole()
            cases.append(
                PiecewiseCase(
                    condition: Condition(
                        left: left, relation: comparison, right: right,
                        range: SourceRange(start: left.range.start, end: right.range.end)),
                    value: value))
        }
        guard !cases.isEmpty else { throw problem("cases with no condition", at: token) }
        return .piecewise(cases, otherwise: otherwise, state.range(token, previous))
    }

    /// `\operatorname{softmax}`, `\mathrm{ReLU}`, `\text{sign}`: a function's name spelled out, or a declared name.
    private mutating func parseSpelledName(_ token: TeXToken) throws(ReadingProblem) -> Expression {
        advance()
        guard isKind(.open), let close = matching(from: position) else {
            throw problem("\\\(previous.text) needs a name in braces", at: token)
        }
        let word = tokens[(position + 1)..<close].map(\.text).joined()
        position = close + 1
        if let function = spelledFunctions[word] ?? (ClaimNames.builtinArity(word) != nil ? word : nil) {
            if state.definition(word)?.isFunction != true {
                return try applyFunction(function, at: token)
            }
        }
        if state.definition(word)?.isFunction == true {
            return try applyFunction(word, at: token)
        }
        if state.isValue(word) {
            state.use(word)
            return .name(word, state.range(token, tokens[close]))
        }
        if word == "d" {
            throw problem("a differential 'd' outside a fraction is not read", at: token)
        }
        throw problem("'\(word)' is not a known function or a declared name", at: token)
    }

    /// Skips a `{…}` group at the current position.
    private mutating func skipGroup(after token: TeXToken) throws(ReadingProblem) -> Range<Int> {
        guard isKind(.open), let close = matching(from: position) else {
            throw problem("\\\(token.text) needs an argument in braces", at: token)
        }
        let range = (position + 1)..<close
        position = close + 1
        return range
    }

    /// A command's argument: a `{…}` group or one token (`\frac12`, `\sqrt x`).
    private mutating func parseArgument(of command: TeXToken) throws(ReadingProblem) -> Expression {
        let range = try argumentRange(of: command)
        return try parseGroup(range, opener: command)
    }

    private mutating func argumentRange(of command: TeXToken) throws(ReadingProblem) -> Range<Int> {
        guard let token = current else { throw endProblem("\(describe(command)) is missing an argument") }
        if token.kind == .open {
            guard let close = matching(from: position) else { throw problem("'{' is never closed", at: token) }
            let range = (position + 1)..<close
            position = close + 1
            return range
        }
        if case .command(let name) = token.kind, letterDecorations[name] != nil, position + 1 < tokens.count {
            // `\frac1\hat{y}`: the command with its group.
            if tokens[position + 1].kind == .open, let close = matching(from: position + 1) {
                let range = position..<(close + 1)
                position = close + 1
                return range
            }
        }
        let range = position..<(position + 1)
        advance()
        return range
    }

    // MARK: Fractions and derivatives

    /// `\frac{a}{b}`, or a Leibniz derivative `\frac{\partial L}{\partial z}`, or the operator `\frac{d}{dz}`.
    private mutating func parseFraction(_ command: TeXToken) throws(ReadingProblem) -> Expression {
        let numeratorRange = try argumentRange(of: command)
        let denominatorRange = try argumentRange(of: command)
        let numerator = Array(tokens[numeratorRange])
        let denominator = Array(tokens[denominatorRange])
        if let derivative = try leibniz(numerator, denominator, command: command) {
            return derivative
        }
        let n = try parseGroup(numeratorRange, opener: command)
        let d = try parseGroup(denominatorRange, opener: command)
        return .binary(.divide, n, d, SourceRange(start: state.location(command), end: state.location(previous)))
    }

    /// The differential a token list starts with (`\partial`, `d`, `\mathrm{d}`, `\text{d}`, `\operatorname{d}`),
    /// as its notation and the number of tokens it spans.
    private func differential(_ tokens: [TeXToken]) -> (notation: DerivativeNotation, length: Int)? {
        guard let first = tokens.first else { return nil }
        if first.kind == .command("partial") || first.kind == .symbol("∂") { return (.partial, 1) }
        if first.kind == .letter("d") { return (.total, 1) }
        if case .command(let name) = first.kind, ["mathrm", "text", "operatorname", "mathit"].contains(name) {
            if tokens.count >= 4, tokens[1].kind == .open, tokens[2].kind == .letter("d"), tokens[3].kind == .close {
                return (.total, 4)
            }
            if tokens.count >= 2, tokens[1].kind == .letter("d") { return (.total, 2) }
        }
        return nil
    }

    mutating func leibniz(_ numerator: [TeXToken], _ denominator: [TeXToken], command: TeXToken)
        throws(ReadingProblem) -> Expression?
    {
        guard let top = differential(numerator), let bottom = differential(denominator) else { return nil }
        guard top.notation == bottom.notation else { return nil }
        if top.notation == .total {
            // `\frac{da}{db}` with a declared `d` could be a quotient of products.
            if denominator.count < bottom.length + 1 { return nil }
            if state.isValue("d"), !state.declarations.isAutomatic {
                throw problem(
                    "'\\frac{d…}{d…}' is ambiguous: a derivative, or a quotient with the declared 'd'?", at: numerator.first,
                    ambiguous: true)
            }
        }
        // The order: `\partial^2 L` above, `\partial z^2` below.
        var rest = Array(numerator.dropFirst(top.length))
        var order = 1
        if rest.first?.kind == .superscript {
            guard rest.count >= 2 else { throw problem("a derivative's order is missing", at: rest.first) }
            var orderTokens: [TeXToken] = []
            if rest[1].kind == .open, let close = rest.firstIndex(where: { $0.kind == .close }) {
                orderTokens = Array(rest[2..<close])
                rest = Array(rest[(close + 1)...])
            } else {
                orderTokens = [rest[1]]
                rest = Array(rest.dropFirst(2))
            }
            guard let n = Int(orderTokens.map(\.text).joined()), n >= 1, n <= 4 else {
                throw problem("a derivative's order must be a small whole number", at: numerator.first)
            }
            order = n
        }
        var below = Array(denominator.dropFirst(bottom.length))
        if order > 1 {
            // `z^2` below: the same order.
            guard below.count >= 3, below[below.count - 2].kind == .superscript || below.count >= 5 else {
                throw problem("the orders of the derivative do not match", at: denominator.first)
            }
            if below[below.count - 2].kind == .superscript, below.last?.text == String(order) {
                below.removeLast(2)
            } else if below.count >= 5, below[below.count - 4].kind == .superscript, below.last?.kind == .close,
                below[below.count - 2].text == String(order)
            {
                below.removeLast(4)
            } else {
                throw problem("the orders of the derivative do not match", at: denominator.first)
            }
        }
        if below.contains(where: { $0.kind == .command("partial") || $0.kind == .symbol("∂") }) {
            throw problem("mixed partial derivatives are not read", at: denominator.first)
        }
        // The variable.
        var variableParser = FormulaParser(tokens: below, state: state)
        let variableExpression = try variableParser.parseWhole()
        let variable: String
        var indices: [Expression] = []
        switch variableExpression {
        case .name(let n, _): variable = n
        case .index(.name(let n, _), let i, _):
            variable = n
            indices = i
        default:
            throw problem("the variable of a derivative must be a name", at: below.first ?? denominator.first)
        }
        if !state.declarations.isAutomatic {
            guard state.given(variable) != nil || (state.definition(variable).map { !$0.isFunction } ?? false) else {
                throw problem(
                    "cannot differentiate with respect to '\(variable)': it is not a given or a let", at: below.first)
            }
        }
        let body: Expression
        if rest.isEmpty {
            // The operator form: the operand is the next factor (`\frac{d}{dz} \cdot \sigma(z)` too).
            if isKind(.command("cdot")) { advance() }
            guard current != nil, startsFactor else {
                throw endProblem("the derivative operator has nothing to differentiate")
            }
            body = try parseFactor()
            if startsFactor {
                throw problem(
                    "what the derivative operator applies to is ambiguous: the next factor only, or the whole product? Use parentheses",
                    at: current, ambiguous: true)
            }
        } else {
            var bodyParser = FormulaParser(tokens: rest, state: state)
            body = try bodyParser.parseWhole()
        }
        let range = SourceRange(start: state.location(command), end: state.location(previous))
        // What does not depend on the variable has derivative 0 (`\frac{\partial}{\partial A}` of an expression in Z
        // alone), as on paper; the claim language would call it a slip, but in a display it is what the row says.
        if !state.declarations.isAutomatic, !dependsOn(body, variable) {
            return .number(0, range)
        }
        return .derivative(of: body, variable: variable, indices: indices, order: order, notation: top.notation, range)
    }

    /// Whether `expression` depends on `variable`: names it, or names a let (or calls a function) that does.
    private func dependsOn(_ expression: Expression, _ variable: String) -> Bool {
        var visited: Set<String> = []
        func visit(_ e: Expression) -> Bool {
            var found = false
            switch e {
            case .name(let n, _):
                if n == variable { return true }
                if let d = state.definition(n), visited.insert(n).inserted { return visit(d.body) }
            case .call(let f, _, _):
                if let d = state.definition(f), visited.insert(f).inserted, visit(d.body) { return true }
            default: break
            }
            forEachChild(e) { child in if !found, visit(child) { found = true } }
            return found
        }
        return visit(expression)
    }
}

extension TeXToken.Kind {
    /// Whether the token is a letter.
    var isLetter: Bool {
        if case .letter = self { return true }
        return false
    }
}

/// `\{`, `\}`, `\lbrack`, `\rbrack`, `\lparen`, `\rparen` as the brackets they are; `\lvert` stays.
private func normalizedDelimiter(_ token: TeXToken) -> TeXToken {
    var token = token
    switch token.kind {
    case .command("{"), .command("lbrace"), .command("lparen"): token.kind = .symbol("(")
    case .command("}"), .command("rbrace"), .command("rparen"): token.kind = .symbol(")")
    case .command("lbrack"): token.kind = .symbol("[")
    case .command("rbrack"): token.kind = .symbol("]")
    case .command("cdotp"), .command("bullet"): token.kind = .command("cdot")
    case .symbol("−"): token.kind = .symbol("-")
    case .command("colon"): token.kind = .symbol(":")
    default: break
    }
    return token
}

/// `e` with its outermost range replaced (a bracket covers its brackets; a spelling covers where it stands).
func withTopRange(_ e: Expression, _ r: SourceRange) -> Expression {
    switch e {
    case .number(let v, _): .number(v, r)
    case .name(let n, _): .name(n, r)
    case .negate(let a, _): .negate(a, r)
    case .binary(let op, let a, let b, _): .binary(op, a, b, r)
    case .transpose(let a, _): .transpose(a, r)
    case .index(let b, let i, _): .index(b, i, r)
    case .call(let f, let a, _): .call(f, a, r)
    default: e
    }
}
