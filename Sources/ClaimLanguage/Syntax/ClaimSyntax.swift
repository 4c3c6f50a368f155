import Diagnostics

/// Prints an expression as claim-language text that ``parseClaimFence(_:)`` reads back to the same tree
/// (ranges aside), with the fewest parentheses the precedences allow: `(a - y)*x[j]`, `-x^2`, `|x|`,
/// `Σ_{i=1}^{3} x[i]*y[i] + 1`, `cases(x if x ≥ 0, 0 otherwise)`, `∂L/∂w[i, j]`, `d(σ(z))/dz`.
///
/// A derivative prints in Leibniz form: `∂L/∂z` or `dL/dz` for a name, `∂(EXPR)/∂z` for an expression (the
/// operator form `d/dz(…)` reads to the same tree). Powers print with `^`; `abs(x)` prints as `|x|`;
/// `logb(x, b)` prints as `log_b(x)` for a name `b` or an integer base other than 2 and 10. A number literal
/// that the parser cannot make (a negative, infinite or NaN one: the parser reads `-2` as the negation of 2)
/// prints as the nearest text (`-2`), which reads back to a different tree.
///
/// - Parameter expression: a parsed or constructed expression.
/// - Returns: the expression in the claim language.
public func claimSyntax(_ expression: Expression) -> String {
    ClaimSyntaxPrinter().print(expression).text
}

/// Prints a claim as claim-language text without the `claim` keyword: `label: FIRST REL STEP … [for i, j]`
/// (e.g. `∂L/∂w[i, j] = (a - y)*x[j] for i, j`), which reads back after `claim ` to the same claim (ranges
/// aside). See ``claimSyntax(_:)-(Expression)``.
///
/// - Parameter claim: a parsed or constructed claim.
/// - Returns: the claim in the claim language.
public func claimSyntax(_ claim: Claim) -> String {
    let printer = ClaimSyntaxPrinter()
    var text = claim.label.map { $0 + ": " } ?? ""
    text += printer.print(claim.first).text
    for step in claim.steps {
        text += " " + step.relation.rawValue + " " + printer.print(step.expression).text
    }
    if !claim.indices.isEmpty { text += " for " + claim.indices.joined(separator: ", ") }
    return text
}

/// `expression` with every range, its nodes' and its conditions', set to one fixed range (line 0, column 0),
/// so that two trees can be compared for their structure alone.
///
/// - Parameter expression: any expression.
/// - Returns: the same tree with fixed ranges.
public func rangeless(_ expression: Expression) -> Expression {
    let r = SourceRange(at: SourceLocation(line: 0, column: 0))
    switch expression {
    case .number(let v, _): return .number(v, r)
    case .name(let n, _): return .name(n, r)
    case .negate(let e, _): return .negate(rangeless(e), r)
    case .binary(let op, let a, let b, _): return .binary(op, rangeless(a), rangeless(b), r)
    case .transpose(let e, _): return .transpose(rangeless(e), r)
    case .index(let b, let i, _): return .index(rangeless(b), i.map(rangeless), r)
    case .call(let f, let a, _): return .call(f, a.map(rangeless), r)
    case .derivative(let e, let v, let i, let o, let n, _):
        return .derivative(of: rangeless(e), variable: v, indices: i.map(rangeless), order: o, notation: n, r)
    case .vector(let entries, _): return .vector(entries.map(rangeless), r)
    case .sum(let index, let lower, let upper, let body, _):
        return .sum(index: index, lower: rangeless(lower), upper: rangeless(upper), body: rangeless(body), r)
    case .piecewise(let cases, let otherwise, _):
        return .piecewise(
            cases.map { piece in
                PiecewiseCase(
                    condition: Condition(
                        left: rangeless(piece.condition.left), relation: piece.condition.relation,
                        right: rangeless(piece.condition.right), range: r),
                    value: rangeless(piece.value))
            }, otherwise: otherwise.map(rangeless), r)
    }
}

/// `claim` with every range set to one fixed range (see ``rangeless(_:)-(Expression)``).
///
/// - Parameter claim: any claim.
/// - Returns: the same claim with fixed ranges.
public func rangeless(_ claim: Claim) -> Claim {
    Claim(
        label: claim.label, first: rangeless(claim.first),
        steps: claim.steps.map { ClaimStep(relation: $0.relation, expression: rangeless($0.expression)) },
        indices: claim.indices, range: SourceRange(at: SourceLocation(line: 0, column: 0)))
}

/// The printer of ``claimSyntax(_:)-(Expression)``, which follows the parser's precedences.
private struct ClaimSyntaxPrinter {
    /// The parser's binding strengths (see `Parser.Precedence`), and the strength of an atom.
    static let additive = 10
    static let multiplicative = 20
    static let matrix = 30
    static let prefix = 40
    static let power = 50
    static let atom = 60

    /// Printed text, how tightly it binds, whether it starts with a prefix form the parser reads anywhere
    /// (`-x`, `Σ…`), and `tail`: the lowest precedence of a binary operator after it that the text would
    /// swallow (a trailing `-x` swallows `^`, a trailing sum swallows `*`; `Int.max` when none).
    struct Printed {
        var text: String
        var strength: Int
        var isPrefixForm: Bool = false
        var tail: Int = Int.max
    }

    static func parenthesized(_ p: Printed) -> Printed {
        Printed(text: "(" + p.text + ")", strength: atom)
    }

    /// `e` as the left operand of an operator of `precedence` (right-associative for `^`).
    func left(_ e: Expression, of precedence: Int) -> Printed {
        let p = print(e)
        let tooLoose = precedence == Self.power ? p.strength <= precedence : p.strength < precedence
        return tooLoose || p.tail <= precedence ? Self.parenthesized(p) : p
    }

    /// `e` as the right operand of an operator whose right side the parser reads at `minimum`.
    func right(_ e: Expression, minimum: Int) -> Printed {
        let p = print(e)
        return p.strength < minimum && !p.isPrefixForm ? Self.parenthesized(p) : p
    }

    /// `e` as the base of a postfix `[…]` or `ᵀ`.
    func postfixBase(_ e: Expression, indexing: Bool) -> Printed {
        let p = print(e)
        var needs = p.strength < Self.atom || p.tail != Int.max
        // `∂L/∂z[i]` would read the index as the derivative's.
        if indexing, case .derivative = e { needs = true }
        return needs ? Self.parenthesized(p) : p
    }

    func list(_ expressions: [Expression]) -> String {
        expressions.map { print($0).text }.joined(separator: ", ")
    }

    static func number(_ v: Double) -> String {
        if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    func print(_ e: Expression) -> Printed {
        switch e {
        case .number(let v, _):
            return Printed(text: Self.number(v), strength: v < 0 ? Self.prefix : Self.atom, isPrefixForm: v < 0)
        case .name(let n, _):
            return Printed(text: n, strength: Self.atom)
        case .negate(let operand, _):
            let inner = right(operand, minimum: Self.prefix)
            return Printed(
                text: "-" + inner.text, strength: Self.prefix, isPrefixForm: true, tail: min(Self.prefix, inner.tail))
        case .binary(let op, let l, let r, _):
            let precedence: Int
            let symbol: String
            switch op {
            case .add: (precedence, symbol) = (Self.additive, " + ")
            case .subtract: (precedence, symbol) = (Self.additive, " - ")
            case .multiply: (precedence, symbol) = (Self.multiplicative, "*")
            case .divide: (precedence, symbol) = (Self.multiplicative, "/")
            case .matrixProduct: (precedence, symbol) = (Self.matrix, " @ ")
            case .power: (precedence, symbol) = (Self.power, "^")
            }
            let lhs = left(l, of: precedence)
            let rhs = right(r, minimum: op == .power ? precedence : precedence + 1)
            return Printed(text: lhs.text + symbol + rhs.text, strength: precedence, tail: rhs.tail)
        case .transpose(let operand, _):
            return Printed(text: postfixBase(operand, indexing: false).text + "ᵀ", strength: Self.atom)
        case .index(let base, let indices, _):
            return Printed(
                text: postfixBase(base, indexing: true).text + "[" + list(indices) + "]", strength: Self.atom)
        case .call(let name, let arguments, _):
            return Printed(text: call(name, arguments), strength: Self.atom)
        case .derivative(let body, let variable, let indices, let order, let notation, _):
            let d = notation == .partial ? "∂" : "d"
            let orderText = order > 1 ? superscriptText(order) : ""
            var numerator: String
            switch body {
            case .name(let n, _) where notation == .partial: numerator = n
            case .name(let n, _) where !n.hasPrefix("d"): numerator = n
            case .index(.name(let n, _), let i, _) where notation == .partial: numerator = n + "[" + list(i) + "]"
            default: numerator = "(" + print(body).text + ")"
            }
            // `∂` and a name are separate tokens; `d` and a name are one (`dL`), which is read only without an order.
            if notation == .total, order > 1, !numerator.hasPrefix("(") { numerator = "(" + numerator + ")" }
            var text = d + orderText + numerator + "/" + d + variable + orderText
            if !indices.isEmpty { text += "[" + list(indices) + "]" }
            return Printed(text: text, strength: Self.atom)
        case .vector(let entries, _):
            return Printed(text: "[" + list(entries) + "]", strength: Self.atom)
        case .sum(let index, let lower, let upper, let body, _):
            let inner = right(body, minimum: Self.multiplicative)
            let text =
                "Σ_{" + index + "=" + print(lower).text + "}^{" + print(upper).text + "} " + inner.text
            return Printed(
                text: text, strength: Self.additive, isPrefixForm: true, tail: min(Self.multiplicative, inner.tail))
        case .piecewise(let cases, let otherwise, _):
            var parts = cases.map { piece in
                print(piece.value).text + " if " + print(piece.condition.left).text + " "
                    + piece.condition.relation.rawValue + " " + print(piece.condition.right).text
            }
            if let otherwise { parts.append(print(otherwise).text + " otherwise") }
            return Printed(text: "cases(" + parts.joined(separator: ", ") + ")", strength: Self.atom)
        }
    }

    func call(_ name: String, _ arguments: [Expression]) -> String {
        if name == "abs", arguments.count == 1 { return "|" + print(arguments[0]).text + "|" }
        if name == "logb", arguments.count == 2 {
            switch arguments[1] {
            case .name(let base, _):
                return "log_" + base + "(" + print(arguments[0]).text + ")"
            case .number(let base, _) where base == base.rounded() && base > 1 && base < 1e9 && base != 2 && base != 10:
                return "log_" + Self.number(base) + "(" + print(arguments[0]).text + ")"
            default: break
            }
        }
        return name + "(" + list(arguments) + ")"
    }
}
