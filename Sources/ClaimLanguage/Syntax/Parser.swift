import Diagnostics

/// Parses a `swift-check` fence body into a ``ClaimFence``.
///
/// Statements are one per line; a line continues onto the next when it ends inside open brackets or
/// after a binary operator, and a line that begins with a comparison continues the previous claim as a
/// step of a chain. Names are resolved as they are read: a `given` or `let` must come before its use.
///
/// Besides operators, calls, indices and derivatives, expressions have: the constants `π` and `e` (a fence may
/// declare its own `e`, which then shadows Euler's number), `|x|` (`abs`), vector literals `[a, b, c]`,
/// finite sums `Σ_{i=1}^{n} BODY` (or `sum_{…}^{…}`; the body is a product term: `Σ_{i=1}^{3} x[i]*y[i] + 1`
/// adds 1 to the sum), piecewise values `cases(VALUE if COND, …, VALUE otherwise)`, logarithms to a base
/// `log_2(x)`, `log_10(x)`, `log_3(x)`, `log_b(x)`, and Leibniz derivatives of an expression in parentheses
/// (`∂(x^3)/∂x`, `d(σ(z))/dz`). A function's body may differentiate by its parameters
/// (`let g(t) = d/dt(σ(t))`). Relations are `=`, `<`, `≤`, `>`, `≥` and `≠` (`!=`); domains are intervals
/// (ends may be `∞` or `inf`, and are then open), sets, `ℝ`, `ℝ⁺`/`R+`, `ℝ⁻`/`R-`, `onehot(n)` and `simplex(n)`.
///
/// - Parameter source: the fence body (the lines between the fences).
/// - Returns: the parsed program.
/// - Throws: a `LocatedError` whose line and column are relative to the body's first line.
public func parseClaimFence(_ source: String) throws(LocatedError) -> ClaimFence {
    var lexer = Lexer(source)
    let tokens = try lexer.tokenize()
    var parser = Parser(statements: Parser.splitStatements(tokens))
    return try parser.parseFence()
}

/// The tokens of one statement: a window on the fence's one array of statement tokens, indexed from 0, so a
/// statement is parsed without copying its tokens.
struct StatementTokens {
    /// Every statement's tokens, one after another.
    let all: [Token]
    /// Where this statement starts in `all`.
    let start: Int
    /// How many tokens it has (its `.end` included).
    let count: Int

    static let empty = StatementTokens(all: [], start: 0, count: 0)

    subscript(_ k: Int) -> Token { all[start + k] }

    /// The position of the last token satisfying `predicate`.
    func lastIndex(where predicate: (Token) -> Bool) -> Int? {
        var k = count - 1
        while k >= 0 {
            if predicate(all[start + k]) { return k }
            k -= 1
        }
        return nil
    }
}

/// The largest nesting depth of an expression (parentheses, operators, calls).
let maximumExpressionDepth = 100

struct Parser {
    /// Every statement's tokens, one after another, each statement ending in `.end`.
    private let statementTokens: [Token]
    /// Each statement's tokens in `statementTokens`.
    private let statements: [Range<Int>]
    /// The statement being parsed.
    private var tokens = StatementTokens.empty
    private var position = 0
    private var depth = 0

    /// Names declared so far: givens and lets (functions flagged).
    private var givens: [Given] = []
    private var lets: [LetDefinition] = []
    private var declared = SmallNameTable<SourceRange>()
    private var functionArity = SmallNameTable<Int>()
    /// Names in scope while parsing a function body or a claim with `for` indices.
    private var localNames: Set<String> = []
    /// The parameters of the function whose body is being parsed, with respect to which it may differentiate.
    private var parameterNames: Set<String> = []

    init(statements: (tokens: [Token], ranges: [Range<Int>])) {
        self.statementTokens = statements.tokens
        self.statements = statements.ranges
    }

    // MARK: - Statements

    /// Symbols after which a line continues onto the next.
    static let continuingSymbols: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "@", "^", "·", "×", "⊙", ",", "=", "<", ">", "≤", "≥", "≠", "∈", ":",
    ]
    /// Symbols that, starting a line, continue the previous claim as a step.
    static let comparisonSymbols: Set<Unicode.Scalar> = ["=", "<", ">", "≤", "≥", "≠"]

    /// Every statement's tokens, one after another in one array, each statement ending in `.end`, and where
    /// each statement lies in it.
    static func splitStatements(_ tokens: [Token]) -> (tokens: [Token], ranges: [Range<Int>]) {
        var flat: [Token] = []
        flat.reserveCapacity(tokens.count + 1)
        var ranges: [Range<Int>] = []
        // Where the current statement starts in `flat`: it is empty while `flat.count == start`.
        var start = 0
        var depth = 0
        let continuingSymbols = Parser.continuingSymbols
        let comparisons = Parser.comparisonSymbols
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            switch token.kind {
            case .end:
                if flat.count > start {
                    flat.append(Token(kind: .end, range: token.range))
                    ranges.append(start..<flat.count)
                }
                return (flat, ranges)
            case .newline:
                // Find the next meaningful token.
                var j = i + 1
                while j < tokens.count, tokens[j].kind == .newline { j += 1 }
                let count = flat.count - start
                let endsWithOperator: Bool = {
                    guard count > 0, case .symbol(let s) = flat[flat.count - 1].kind else { return false }
                    // `∈ R+` and `∈ R-` end a domain, not a line that continues.
                    if s == "+" || s == "-", count >= 3,
                        flat[flat.count - 2].kind == .name("R") || flat[flat.count - 2].kind == .symbol("ℝ"),
                        flat[flat.count - 3].kind == .symbol("∈") || flat[flat.count - 3].kind == .name("in")
                    {
                        return false
                    }
                    return continuingSymbols.contains(s)
                }()
                let nextIsComparison: Bool = {
                    if j < tokens.count, case .symbol(let s) = tokens[j].kind { return comparisons.contains(s) }
                    return false
                }()
                if count == 0 || depth > 0 || endsWithOperator || nextIsComparison {
                    i = j
                    continue
                }
                flat.append(Token(kind: .end, range: token.range))
                ranges.append(start..<flat.count)
                start = flat.count
                i = j
                continue
            case .symbol(let s):
                if s == "(" || s == "[" || s == "{" { depth += 1 }
                if s == ")" || s == "]" || s == "}" { depth = max(0, depth - 1) }
            default:
                break
            }
            flat.append(token)
            i += 1
        }
        return (flat, ranges)
    }

    mutating func parseFence() throws(LocatedError) -> ClaimFence {
        var claims: [Claim] = []
        for statement in statements {
            tokens = StatementTokens(all: statementTokens, start: statement.lowerBound, count: statement.count)
            position = 0
            depth = 0
            let head = current
            guard case .name(let keyword) = head.kind else {
                throw LocatedError("expected 'given', 'let' or 'claim' at the start of a statement", at: head.range.start)
            }
            advance()
            switch keyword {
            case "given": try parseGiven(start: head.range.start)
            case "let": try parseLet(start: head.range.start)
            case "claim": claims.append(try parseClaim(start: head.range.start))
            default:
                throw LocatedError(
                    "expected 'given', 'let' or 'claim' at the start of a statement, found '\(keyword)'",
                    at: head.range.start)
            }
            try expectEnd()
        }
        return ClaimFence(givens: givens, lets: lets, claims: claims)
    }

    private mutating func declare(_ name: String, at range: SourceRange) throws(LocatedError) {
        if Builtin.isBuiltin(name) {
            throw LocatedError("'\(name)' is a built-in and cannot be redefined", at: range.start)
        }
        if let previous = declared[name] {
            throw LocatedError(
                "'\(name)' is already defined (line \(previous.start.line))", at: range.start)
        }
        declared[name] = range
    }

    private mutating func parseGiven(start: SourceLocation) throws(LocatedError) {
        repeat {
            let (name, nameRange) = try expectName("a variable name after 'given'")
            switch current.kind {
            case .symbol("∈"), .name("in"): advance()
            default: throw LocatedError("expected '∈' or 'in' after '\(name)'", at: current.range.start)
            }
            let domainStart = current.range.start
            let domain = try parseDomain()
            try declare(name, at: nameRange)
            givens.append(
                Given(name: name, domain: domain, range: SourceRange(start: nameRange.start, end: previousEnd)))
            _ = domainStart
        } while consumeSymbol(",")
    }

    private mutating func parseLet(start: SourceLocation) throws(LocatedError) {
        let (name, nameRange) = try expectName("a name after 'let'")
        var parameters: [String] = []
        var isFunction = false
        if consumeSymbol("(") {
            isFunction = true
            if !consumeSymbol(")") {
                repeat {
                    let (parameter, parameterRange) = try expectName("a parameter name")
                    if parameters.contains(parameter) || declared[parameter] != nil || Builtin.isBuiltin(parameter) {
                        throw LocatedError("parameter '\(parameter)' shadows another name", at: parameterRange.start)
                    }
                    parameters.append(parameter)
                } while consumeSymbol(",")
                try expectSymbol(")")
            }
        }
        try expectSymbol("=")
        localNames = Set(parameters)
        parameterNames = Set(parameters)
        defer {
            localNames = []
            parameterNames = []
        }
        if isFunction { functionArity[name] = parameters.count }
        let body = try parseExpression()
        functionArity[name] = nil
        try declare(name, at: nameRange)
        if isFunction { functionArity[name] = parameters.count }
        lets.append(
            LetDefinition(
                name: name, parameters: parameters, isFunction: isFunction, body: body,
                range: SourceRange(start: start, end: previousEnd)))
    }

    private mutating func parseClaim(start: SourceLocation) throws(LocatedError) -> Claim {
        var label: String?
        if case .name(let text) = current.kind, case .symbol(":")? = peekKind(1) {
            label = text
            advance()
            advance()
        }
        // Index names bound by a trailing `for` are in scope for the whole claim: find them first.
        var indices: [String] = []
        if let forPosition = tokens.lastIndex(where: { $0.kind == .name("for") }) {
            var k = forPosition + 1
            while k < tokens.count, case .name(let index) = tokens[k].kind {
                if declared[index] != nil || Builtin.isBuiltin(index) || indices.contains(index) {
                    throw LocatedError("index name '\(index)' is already in use", at: tokens[k].range.start)
                }
                indices.append(index)
                k += 1
                if k < tokens.count, tokens[k].kind == .symbol(",") { k += 1 } else { break }
            }
            if indices.isEmpty {
                throw LocatedError("expected index names after 'for'", at: tokens[forPosition].range.end)
            }
        }
        localNames = Set(indices)
        defer { localNames = [] }
        let first = try parseExpression()
        var steps: [ClaimStep] = []
        while let relation = currentRelation {
            advance()
            steps.append(ClaimStep(relation: relation, expression: try parseExpression()))
        }
        if steps.isEmpty {
            throw LocatedError(
                "expected a comparison ('=', '<', '≤', '>', '≥', '≠') in the claim", at: current.range.start)
        }
        if current.kind == .name("for") {
            advance()
            repeat { _ = try expectName("an index name") } while consumeSymbol(",")
        }
        return Claim(
            label: label, first: first, steps: steps, indices: indices,
            range: SourceRange(start: start, end: previousEnd))
    }

    private var currentRelation: Relation? {
        guard case .symbol(let s) = current.kind else { return nil }
        switch s {
        case "=": return .equal
        case "<": return .less
        case "≤": return .lessOrEqual
        case ">": return .greater
        case "≥": return .greaterOrEqual
        case "≠": return .notEqual
        default: return nil
        }
    }

    // MARK: - Domains

    private mutating func parseSignedNumber(_ what: String) throws(LocatedError) -> Double {
        var sign = 1.0
        if consumeSymbol("-") { sign = -1 } else { _ = consumeSymbol("+") }
        switch current.kind {
        case .number(let v):
            advance()
            return sign * v
        case .name("π"), .name("pi"):
            advance()
            return sign * Double.pi
        case .name("e"):
            advance()
            return sign * Builtin.eulerNumber
        case .symbol("∞"), .name("inf"):
            advance()
            return sign * Double.infinity
        default:
            throw LocatedError("expected a number in \(what)", at: current.range.start)
        }
    }

    private mutating func parseInteger(_ what: String) throws(LocatedError) -> Int {
        let start = current.range.start
        guard case .number(let v) = current.kind else {
            throw LocatedError("expected an integer size in \(what)", at: start)
        }
        advance()
        guard v == v.rounded(), v >= 1, v <= 1_000_000 else {
            throw LocatedError("a size must be a positive integer, found \(formatNumber(v))", at: start)
        }
        return Int(v)
    }

    private mutating func parseDomain() throws(LocatedError) -> DomainSyntax {
        let start = current.range.start
        let scalar: ScalarDomainSyntax
        switch current.kind {
        case .symbol("["), .symbol("("):
            let lowerClosed = current.kind == .symbol("[")
            advance()
            let lower = try parseSignedNumber("an interval")
            try expectSymbol(",")
            let upper = try parseSignedNumber("an interval")
            let upperClosed: Bool
            if consumeSymbol("]") {
                upperClosed = true
            } else if consumeSymbol(")") {
                upperClosed = false
            } else {
                throw LocatedError("expected ']' or ')' to close the interval", at: current.range.start)
            }
            guard lower < upper else {
                throw LocatedError(
                    "empty interval: the lower end \(formatNumber(lower)) must be below the upper end \(formatNumber(upper))",
                    at: start)
            }
            if lower.isInfinite, lowerClosed {
                throw LocatedError("an infinite end is open: write '(' before -∞", at: start)
            }
            if upper.isInfinite, upperClosed {
                throw LocatedError("an infinite end is open: write ')' after ∞", at: previousStart)
            }
            scalar = .interval(lower: lower, upper: upper, lowerClosed: lowerClosed, upperClosed: upperClosed)
        case .symbol("{"):
            advance()
            var values: [Double] = []
            repeat { values.append(try parseSignedNumber("a set")) } while consumeSymbol(",")
            try expectSymbol("}")
            scalar = .finite(values)
        case .symbol("ℝ"), .name("R"):
            advance()
            if consumeSymbol("⁺") || consumeSymbol("+") {
                scalar = .interval(lower: 0, upper: .infinity, lowerClosed: false, upperClosed: false)
            } else if consumeSymbol("⁻") || consumeSymbol("-") {
                scalar = .interval(lower: -.infinity, upper: 0, lowerClosed: false, upperClosed: false)
            } else {
                scalar = .reals
            }
        case .name("onehot"), .name("simplex"):
            let isOneHot = current.kind == .name("onehot")
            advance()
            try expectSymbol("(")
            let n = try parseInteger("\(isOneHot ? "onehot" : "simplex")(n)")
            try expectSymbol(")")
            if n > Limits.maximumTensorElements {
                throw LocatedError(
                    "tensor of \(n) elements exceeds the limit of \(Limits.maximumTensorElements)", at: start)
            }
            return isOneHot ? .oneHot(n) : .simplex(n)
        default:
            throw LocatedError(
                "expected a domain: an interval such as [-1, 1] or [0, ∞), a set such as {0, 1}, ℝ, ℝ⁺, ℝ⁻, onehot(n) or simplex(n)",
                at: start)
        }
        var shape: [Int] = []
        if case .superscript(let n) = current.kind {
            advance()
            guard n >= 1 else { throw LocatedError("a size must be a positive integer", at: previousStart) }
            shape = [n]
        } else if consumeSymbol("^") {
            if consumeSymbol("(") {
                shape.append(try parseInteger("a shape"))
                // `m×n`, `m x n`, `m*n`, or `3x4` lexed as the number 3 and the name `x4`.
                if case .name(let text) = current.kind, text.hasPrefix("x"), let n = Int(text.dropFirst()) {
                    advance()
                    guard n >= 1 else { throw LocatedError("a size must be a positive integer", at: previousStart) }
                    shape.append(n)
                } else if consumeSymbol("×") || consumeSymbol("*") || consumeName("x") {
                    shape.append(try parseInteger("a shape"))
                }
                try expectSymbol(")")
            } else {
                shape.append(try parseInteger("a shape"))
            }
        }
        if shape.reduce(1, *) > Limits.maximumTensorElements {
            throw LocatedError(
                "tensor of \(shape.reduce(1, *)) elements exceeds the limit of \(Limits.maximumTensorElements)",
                at: start)
        }
        return .elements(scalar, shape: shape)
    }

    // MARK: - Expressions (Pratt)

    private enum Precedence {
        static let additive = 10
        static let multiplicative = 20
        static let matrix = 30
        static let prefix = 40
        static let power = 50
    }

    mutating func parseExpression(_ minimum: Int = 0) throws(LocatedError) -> Expression {
        depth += 1
        defer { depth -= 1 }
        if depth > maximumExpressionDepth {
            throw LocatedError(
                "expression nested too deeply (limit \(maximumExpressionDepth) levels)", at: current.range.start)
        }
        var left = try parsePrefix()
        while true {
            // Postfix operators bind tightest.
            if case .symbol("ᵀ") = current.kind {
                advance()
                left = .transpose(left, SourceRange(start: left.range.start, end: previousEnd))
                continue
            }
            if case .superscript(let n) = current.kind {
                guard Precedence.power >= minimum else { break }
                let r = current.range
                advance()
                left = .binary(
                    .power, left, .number(Double(n), r), SourceRange(start: left.range.start, end: previousEnd))
                continue
            }
            if case .symbol("[") = current.kind {
                advance()
                var arguments: [Expression] = []
                repeat { arguments.append(try parseExpression()) } while consumeSymbol(",")
                try expectSymbol("]")
                left = .index(left, arguments, SourceRange(start: left.range.start, end: previousEnd))
                continue
            }
            guard case .symbol(let s) = current.kind else { break }
            let op: BinaryOperator
            let precedence: Int
            switch s {
            case "+": (op, precedence) = (.add, Precedence.additive)
            case "-": (op, precedence) = (.subtract, Precedence.additive)
            case "*", "·", "×", "⊙": (op, precedence) = (.multiply, Precedence.multiplicative)
            case "/": (op, precedence) = (.divide, Precedence.multiplicative)
            case "@": (op, precedence) = (.matrixProduct, Precedence.matrix)
            case "^": (op, precedence) = (.power, Precedence.power)
            default: return left
            }
            guard precedence >= minimum else { break }
            advance()
            // `^` is right-associative: its right side may hold another `^`.
            let right = try parseExpression(op == .power ? precedence : precedence + 1)
            left = .binary(op, left, right, SourceRange(start: left.range.start, end: right.range.end))
        }
        return left
    }

    private mutating func parsePrefix() throws(LocatedError) -> Expression {
        let token = current
        let start = token.range.start
        switch token.kind {
        case .number(let v):
            advance()
            return .number(v, token.range)
        case .symbol("-"):
            advance()
            let operand = try parseExpression(Precedence.prefix)
            return .negate(operand, SourceRange(start: start, end: operand.range.end))
        case .symbol("+"):
            advance()
            return try parseExpression(Precedence.prefix)
        case .symbol("("):
            advance()
            let inner = try parseExpression()
            try expectSymbol(")")
            return inner.withRange(SourceRange(start: start, end: previousEnd))
        case .symbol("∂"):
            return try parseDerivative(partial: true)
        case .symbol("|"):
            // `|x|`: the absolute value, the built-in `abs`.
            advance()
            let inner = try parseExpression()
            guard consumeSymbol("|") else {
                throw LocatedError("expected '|' to close the absolute value\(foundText)", at: current.range.start)
            }
            return .call("abs", [inner], SourceRange(start: start, end: previousEnd))
        case .symbol("["):
            return try parseVector()
        case .name(let name) where (name == "Σ_" || name == "sum_") && !isDeclared(name):
            return try parseSum()
        case .name("cases") where !isDeclared("cases") && peekKind(1) == .symbol("("):
            return try parsePiecewise()
        case .name(let name)
        where name.hasPrefix("log_") && name.count > 4 && !isDeclared(name) && peekKind(1) == .symbol("("):
            return try parseLogarithmToBase(name)
        case .name(let name):
            if let derivative = try parseDerivativeIfPresent(name: name) { return derivative }
            advance()
            if consumeSymbol("(") {
                var arguments: [Expression] = []
                if !consumeSymbol(")") {
                    repeat { arguments.append(try parseExpression()) } while consumeSymbol(",")
                    try expectSymbol(")")
                }
                let range = SourceRange(start: start, end: previousEnd)
                if let arity = Builtin.functions[name] {
                    guard arity.contains(arguments.count) else {
                        let expected =
                            arity.count == 1
                            ? "\(arity.lowerBound)"
                            : arity.count == 2
                                ? "\(arity.lowerBound) or \(arity.upperBound)"
                                : "\(arity.lowerBound) to \(arity.upperBound)"
                        throw LocatedError(
                            "'\(name)' takes \(expected) argument\(arity.upperBound == 1 ? "" : "s"), found \(arguments.count)",
                            at: start)
                    }
                } else if let arity = functionArity[name] {
                    guard arity == arguments.count else {
                        throw LocatedError(
                            "'\(name)' takes \(arity) argument\(arity == 1 ? "" : "s"), found \(arguments.count)",
                            at: start)
                    }
                } else if declared[name] != nil || localNames.contains(name) {
                    throw LocatedError(
                        "'\(name)' is not a function; write '\(name) * (…)' for a product", at: start)
                } else {
                    throw LocatedError("unknown function '\(name)'", at: start)
                }
                return .call(name, arguments, range)
            }
            try checkName(name, range: token.range)
            return .name(name, token.range)
        case .end:
            throw LocatedError("expected an expression at the end of the line", at: start)
        case .newline:
            throw LocatedError("expected an expression", at: start)
        case .superscript:
            throw LocatedError("unexpected superscript", at: start)
        case .symbol(let s):
            throw LocatedError("expected an expression, found '\(s)'", at: start)
        }
    }

    private func checkName(_ name: String, range: SourceRange) throws(LocatedError) {
        // A declared name that is no function is fine: it cannot be a built-in function (`declare` refuses
        // those), so every check below would pass it; found by a short scan before any hashing.
        if declared[name] != nil, functionArity[name] == nil { return }
        if localNames.contains(name) || Builtin.constants[name] != nil { return }
        if functionArity[name] != nil {
            throw LocatedError("'\(name)' is a function: call it as \(name)(…)", at: range.start)
        }
        if Builtin.functions[name] != nil {
            throw LocatedError("'\(name)' is a built-in function: call it as \(name)(…)", at: range.start)
        }
        guard declared[name] != nil else {
            throw LocatedError("unknown name '\(name)'", at: range.start)
        }
    }

    private func isDeclared(_ name: String) -> Bool {
        declared[name] != nil || localNames.contains(name) || functionArity[name] != nil || Builtin.isBuiltin(name)
    }

    /// Reads `d/dz …`, `d²/dz² …`, `dL/dz`, `d²L/dz²` when the `d` names are not declared names.
    private mutating func parseDerivativeIfPresent(name: String) throws(LocatedError) -> Expression? {
        guard name.hasPrefix("d"), !isDeclared(name) else { return nil }
        var k = 1
        if name == "d", case .superscript = peekKind(1) { k = 2 }
        if name == "d", case .symbol("/")? = peekKind(k) { return try parseDerivative(partial: false) }
        // Leibniz on an expression: `d(σ(z))/dz`, `d²(x^3)/dx²`.
        if name == "d", case .symbol("(")? = peekKind(k), closingParenthesisIsFollowedBySlash(position + k) {
            return try parseDerivative(partial: false)
        }
        if name == "d", k == 2, case .name? = peekKind(2) { return try parseDerivative(partial: false) }
        // Leibniz: dL / dz (the numerator name after the `d`).
        if name.count > 1, case .symbol("/")? = peekKind(1), case .name(let denominator)? = peekKind(2),
            denominator.hasPrefix("d"), denominator.count > 1, !isDeclared(denominator)
        {
            return try parseDerivative(partial: false)
        }
        if name.count > 1, case .superscript = peekKind(1) {
            // `d²L/dz²` is lexed as the name `d`, a superscript, the name `L`: only when the name is `d` alone.
            return nil
        }
        return nil
    }

    /// After `∂` or `d`: the order written as a superscript (1 when none) and the function written
    /// before the `/` (`∂²L/∂z²`), if any.
    private mutating func parseLeibnizOrderAndNumerator() throws(LocatedError) -> (order: Int, numerator: Expression?) {
        var order = 1
        if case .superscript(let n) = current.kind {
            order = n
            advance()
        }
        return (order, current.kind != .symbol("/") ? try parseLeibnizOperand() : nil)
    }

    /// Parses a derivative starting at `∂` or a `d…` name.
    private mutating func parseDerivative(partial: Bool) throws(LocatedError) -> Expression {
        let start = current.range.start
        var order = 1
        var numerator: Expression?
        if partial {
            advance()  // ∂
            (order, numerator) = try parseLeibnizOrderAndNumerator()
        } else {
            guard case .name(let text) = current.kind else {
                throw LocatedError("expected a derivative", at: start)
            }
            let range = current.range
            advance()
            if text == "d" {
                (order, numerator) = try parseLeibnizOrderAndNumerator()
            } else {
                let inner = String(text.dropFirst())
                let innerRange = SourceRange(
                    start: SourceLocation(line: range.start.line, column: range.start.column + 1), end: range.end)
                try checkName(inner, range: innerRange)
                numerator = .name(inner, innerRange)
            }
        }
        guard order >= 1, order <= Limits.maximumDerivativeOrder else {
            throw LocatedError(
                "derivative of order \(order) is not supported (at most \(Limits.maximumDerivativeOrder))", at: start)
        }
        try expectSymbol("/")
        // Denominator: `∂z`, `dz`, with an optional order superscript and indices.
        let variableStart = current.range.start
        var variable: String
        if partial {
            try expectSymbol("∂")
            variable = try expectName("the variable after '∂'").0
        } else {
            guard case .name(let text) = current.kind, text.hasPrefix("d"), text.count > 1 else {
                throw LocatedError("expected 'd' and a variable name, such as 'dz'", at: current.range.start)
            }
            advance()
            variable = String(text.dropFirst())
        }
        if case .superscript(let n) = current.kind {
            advance()
            guard n == order else {
                throw LocatedError(
                    "the orders of the derivative do not match (\(order) above, \(n) below)", at: previousStart)
            }
        } else if order != 1 {
            throw LocatedError(
                "expected '\(superscriptText(order))' after the variable of a derivative of order \(order)",
                at: current.range.start)
        }
        guard (declared[variable] != nil && functionArity[variable] == nil) || parameterNames.contains(variable) else {
            throw LocatedError(
                "cannot differentiate with respect to '\(variable)': it is not a given, a let or a parameter of the function",
                at: variableStart)
        }
        var indices: [Expression] = []
        if consumeSymbol("[") {
            repeat { indices.append(try parseExpression()) } while consumeSymbol(",")
            try expectSymbol("]")
        }
        let body: Expression
        if let numerator {
            body = numerator
        } else {
            // Operator form: the operand binds like a prefix operator: `d/dz σ(z) * 2` is `(d/dz σ(z)) * 2`.
            body = try parseExpression(Precedence.prefix)
        }
        return .derivative(
            of: body, variable: variable, indices: indices, order: order, notation: partial ? .partial : .total,
            SourceRange(start: start, end: previousEnd))
    }

    /// Whether the parenthesis at token `opening` closes just before a `/` (a Leibniz numerator `d(…)/dz`).
    private func closingParenthesisIsFollowedBySlash(_ opening: Int) -> Bool {
        var depth = 0
        var k = opening
        while k < tokens.count {
            switch tokens[k].kind {
            case .symbol("("): depth += 1
            case .symbol(")"):
                depth -= 1
                if depth == 0 { return k + 1 < tokens.count && tokens[k + 1].kind == .symbol("/") }
            case .end: return false
            default: break
            }
            k += 1
        }
        return false
    }

    /// The numerator of a Leibniz derivative: a name, optionally indexed (`L`, `a[i]`), or an expression in
    /// parentheses (`∂(x^3)/∂x`).
    private mutating func parseLeibnizOperand() throws(LocatedError) -> Expression {
        if current.kind == .symbol("(") { return try parsePrefix() }
        let (name, range) = try expectName("a name in the numerator of a derivative")
        try checkName(name, range: range)
        var expression = Expression.name(name, range)
        if consumeSymbol("[") {
            var arguments: [Expression] = []
            repeat { arguments.append(try parseExpression()) } while consumeSymbol(",")
            try expectSymbol("]")
            expression = .index(expression, arguments, SourceRange(start: range.start, end: previousEnd))
        }
        return expression
    }

    // MARK: - Vectors, sums, piecewise values, logarithms

    /// `[a, b, c]`: a vector literal of one or more entries.
    private mutating func parseVector() throws(LocatedError) -> Expression {
        let start = current.range.start
        advance()  // [
        if current.kind == .symbol("]") {
            throw LocatedError("a vector needs at least one entry", at: current.range.start)
        }
        var entries: [Expression] = []
        repeat { entries.append(try parseExpression()) } while consumeSymbol(",")
        guard consumeSymbol("]") else {
            throw LocatedError("expected ',' or ']' in the vector\(foundText)", at: current.range.start)
        }
        if entries.count > Limits.maximumTensorElements {
            throw LocatedError(
                "a vector of \(entries.count) entries exceeds the limit of \(Limits.maximumTensorElements)", at: start)
        }
        return .vector(entries, SourceRange(start: start, end: previousEnd))
    }

    /// `Σ_{i=a}^{b} BODY` or `sum_{i=a}^{b} BODY`: the body binds like a prefix operator over a product term.
    private mutating func parseSum() throws(LocatedError) -> Expression {
        let start = current.range.start
        advance()  // Σ_ or sum_
        try expectSymbol("{")
        let (index, indexRange) = try expectName("the index of the sum")
        if isDeclared(index) || index == "Σ_" || index == "sum_" {
            throw LocatedError("index name '\(index)' is already in use", at: indexRange.start)
        }
        try expectSymbol("=")
        let lower = try parseExpression()
        try expectSymbol("}")
        let upper: Expression
        if case .superscript(let n) = current.kind {
            advance()
            upper = .number(Double(n), SourceRange(start: previousStart, end: previousEnd))
        } else {
            try expectSymbol("^")
            if consumeSymbol("{") {
                upper = try parseExpression()
                try expectSymbol("}")
            } else {
                upper = try parseExpression(Precedence.power + 1)
            }
        }
        for bound in [lower, upper] {
            if case .number(let v, let r) = bound, v != v.rounded() {
                throw LocatedError("a bound of a sum must be an integer, found \(formatNumber(v))", at: r.start)
            }
        }
        if case .number(let a, _) = lower, case .number(let b, _) = upper, b - a + 1 > Double(Limits.maximumSumTerms) {
            throw LocatedError(
                "a sum of \(formatNumber(b - a + 1)) terms exceeds the limit of \(Limits.maximumSumTerms)",
                at: upper.range.start)
        }
        localNames.insert(index)
        defer { localNames.remove(index) }
        let body = try parseExpression(Precedence.multiplicative)
        return .sum(index: index, lower: lower, upper: upper, body: body, SourceRange(start: start, end: previousEnd))
    }

    /// `cases(VALUE if COND, …, VALUE otherwise)`.
    private mutating func parsePiecewise() throws(LocatedError) -> Expression {
        let start = current.range.start
        advance()  // cases
        try expectSymbol("(")
        var cases: [PiecewiseCase] = []
        var otherwise: Expression?
        repeat {
            if let otherwise {
                throw LocatedError(
                    "the 'otherwise' case (line \(otherwise.range.start.line), column \(otherwise.range.start.column)) must be the last",
                    at: current.range.start)
            }
            let value = try parseExpression()
            if consumeName("if") {
                let left = try parseExpression()
                guard let relation = currentRelation else {
                    throw LocatedError(
                        "expected a comparison ('=', '<', '≤', '>', '≥', '≠') in the condition\(foundText)",
                        at: current.range.start)
                }
                advance()
                let right = try parseExpression()
                if currentRelation != nil {
                    throw LocatedError("a condition has one comparison", at: current.range.start)
                }
                let condition = Condition(
                    left: left, relation: relation, right: right, range: SourceRange(start: left.range.start, end: previousEnd))
                cases.append(PiecewiseCase(condition: condition, value: value))
            } else if consumeName("otherwise") {
                otherwise = value
            } else {
                throw LocatedError("expected 'if' or 'otherwise' after a value of cases(…)\(foundText)", at: current.range.start)
            }
        } while consumeSymbol(",")
        guard consumeSymbol(")") else {
            throw LocatedError("expected ',' or ')' in cases(…)\(foundText)", at: current.range.start)
        }
        if cases.isEmpty {
            throw LocatedError("cases(…) needs at least one 'VALUE if CONDITION'", at: start)
        }
        return .piecewise(cases, otherwise: otherwise, SourceRange(start: start, end: previousEnd))
    }

    /// `log_2(x)`, `log_10(x)` (the built-ins `log2`, `log10`), `log_3(x)`, `log_b(x)` (`logb(x, b)`, with `b` a
    /// positive number other than 1, or a name).
    private mutating func parseLogarithmToBase(_ spelling: String) throws(LocatedError) -> Expression {
        let token = current
        let start = token.range.start
        let baseText = String(spelling.dropFirst(4))
        let baseRange = SourceRange(
            start: SourceLocation(line: start.line, column: start.column + 4), end: token.range.end)
        advance()
        try expectSymbol("(")
        let argument = try parseExpression()
        guard consumeSymbol(")") else {
            throw LocatedError("'\(spelling)' takes 1 argument\(foundText)", at: current.range.start)
        }
        let range = SourceRange(start: start, end: previousEnd)
        let base: Expression
        if let value = Double(baseText), baseText.allSatisfy(\.isNumber) {
            if value == 2 { return .call("log2", [argument], range) }
            if value == 10 { return .call("log10", [argument], range) }
            guard value > 0, value != 1 else {
                throw LocatedError("the base of a logarithm must be positive and not 1", at: baseRange.start)
            }
            base = .number(value, baseRange)
        } else {
            try checkName(baseText, range: baseRange)
            base = .name(baseText, baseRange)
        }
        return .call("logb", [argument, base], range)
    }

    // MARK: - Token helpers

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private var previousEnd: SourceLocation { tokens[max(0, min(position, tokens.count) - 1)].range.end }
    private var previousStart: SourceLocation { tokens[max(0, min(position, tokens.count) - 1)].range.start }

    private func peekKind(_ offset: Int) -> Token.Kind? {
        position + offset < tokens.count ? tokens[position + offset].kind : nil
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 } else { position = tokens.count }
    }

    private mutating func consumeSymbol(_ s: Unicode.Scalar) -> Bool {
        if current.kind == .symbol(s) {
            advance()
            return true
        }
        return false
    }

    private mutating func consumeName(_ s: String) -> Bool {
        if current.kind == .name(s) {
            advance()
            return true
        }
        return false
    }

    private mutating func expectSymbol(_ s: Unicode.Scalar) throws(LocatedError) {
        guard consumeSymbol(s) else {
            throw LocatedError("expected '\(s)'\(foundText)", at: current.range.start)
        }
    }

    private mutating func expectName(_ what: String) throws(LocatedError) -> (String, SourceRange) {
        guard case .name(let text) = current.kind else {
            throw LocatedError("expected \(what)\(foundText)", at: current.range.start)
        }
        let range = current.range
        advance()
        return (text, range)
    }

    private var foundText: String {
        switch current.kind {
        case .end, .newline: " at the end of the line"
        case .number(let v): ", found '\(formatNumber(v))'"
        case .name(let n): ", found '\(n)'"
        case .symbol(let s): ", found '\(s)'"
        case .superscript(let n): ", found '\(superscriptText(n))'"
        }
    }

    private mutating func expectEnd() throws(LocatedError) {
        guard current.kind == .end else {
            throw LocatedError("unexpected\(foundText.dropFirst(1).replacingFound) after the statement", at: current.range.start)
        }
    }
}

extension Substring {
    fileprivate var replacingFound: String {
        // ", found 'x'" → " 'x'"; " at the end of the line" is not reached here.
        let text = String(self)
        return text.hasPrefix(" found ") ? " " + text.dropFirst(7) : text
    }
}

/// `²`-style superscript digits for `n`.
func superscriptText(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return String(String(n).compactMap { $0.wholeNumberValue.map { digits[$0] } })
}

/// A number printed without a trailing `.0` when it is an integer.
func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return "\(v)"
}
