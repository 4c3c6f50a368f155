/// A built-in of one argument that the oracle's generator uses: smooth ones everywhere, the kinked ones
/// (`relu`, `abs`, `step`, `sign`) only in the kink families.
enum OracleFunction: String, CaseIterable, Hashable, Sendable {
    case exp, log, sqrt, sin, cos, tanh, sigmoid, softplus
    case relu, abs, step, sign

    /// How the claim language spells the function (`σ` for the sigmoid).
    var spelling: String {
        self == .sigmoid ? "σ" : rawValue
    }
}

/// An expression of the oracle's own: an independent model of the part of the claim language it tests.
///
/// Values are scalars or vectors; arithmetic and every ``OracleFunction`` apply element by element with a
/// scalar broadcast against a vector, as in the claim language.
indirect enum OracleExpr: Hashable, Sendable {
    /// A given, by name.
    case variable(String)
    /// A number literal (printed in decimal).
    case constant(Double)
    case add(OracleExpr, OracleExpr)
    case subtract(OracleExpr, OracleExpr)
    case multiply(OracleExpr, OracleExpr)
    case divide(OracleExpr, OracleExpr)
    case negate(OracleExpr)
    /// An integer power (2…4).
    case power(OracleExpr, Int)
    case apply(OracleFunction, OracleExpr)
    /// `v[k]`, 1-based.
    case element(OracleExpr, Int)
    /// `sum(v)`.
    case sum(OracleExpr)
    /// `dot(u, v)`.
    case dot(OracleExpr, OracleExpr)
    /// `softmax(v)`.
    case softmax(OracleExpr)

    /// The direct subexpressions, in printing order.
    var children: [OracleExpr] {
        switch self {
        case .variable, .constant: []
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b),
            .dot(let a, let b):
            [a, b]
        case .negate(let a), .power(let a, _), .apply(_, let a), .element(let a, _), .sum(let a), .softmax(let a):
            [a]
        }
    }

    /// The same node with new children (same count as ``children``).
    func replacingChildren(_ c: [OracleExpr]) -> OracleExpr {
        switch self {
        case .variable, .constant: self
        case .add: .add(c[0], c[1])
        case .subtract: .subtract(c[0], c[1])
        case .multiply: .multiply(c[0], c[1])
        case .divide: .divide(c[0], c[1])
        case .dot: .dot(c[0], c[1])
        case .negate: .negate(c[0])
        case .power(_, let n): .power(c[0], n)
        case .apply(let f, _): .apply(f, c[0])
        case .element(_, let k): .element(c[0], k)
        case .sum: .sum(c[0])
        case .softmax: .softmax(c[0])
        }
    }

    /// Number of nodes.
    var size: Int { 1 + children.reduce(0) { $0 + $1.size } }

    /// Whether the expression mentions the given `name`.
    func mentions(_ name: String) -> Bool {
        if case .variable(let n) = self { return n == name }
        return children.contains { $0.mentions(name) }
    }

    /// Every node's path (child indices from the root), in preorder.
    var paths: [[Int]] {
        var result: [[Int]] = [[]]
        for (i, child) in children.enumerated() {
            result += child.paths.map { [i] + $0 }
        }
        return result
    }

    /// The node at `path`.
    func node(at path: [Int]) -> OracleExpr {
        guard let first = path.first else { return self }
        return children[first].node(at: Array(path.dropFirst()))
    }

    /// The expression with the node at `path` replaced by `replacement`.
    func replacing(at path: [Int], with replacement: OracleExpr) -> OracleExpr {
        guard let first = path.first else { return replacement }
        var c = children
        c[first] = c[first].replacing(at: Array(path.dropFirst()), with: replacement)
        return replacingChildren(c)
    }

    /// Whether the value is positive wherever it is defined, by its structure alone (used to keep `log`,
    /// `sqrt` and divisions on arguments that cannot reach zero).
    var isPositiveByConstruction: Bool {
        switch self {
        case .constant(let c): return c > 0
        case .apply(.exp, _), .apply(.sigmoid, _), .apply(.softplus, _), .softmax: return true
        case .apply(.sqrt, let a), .sum(let a), .element(let a, _), .power(let a, _): return a.isPositiveByConstruction
        case .add(let a, let b):
            return (a.isPositiveByConstruction && b.isNonNegativeByConstruction)
                || (a.isNonNegativeByConstruction && b.isPositiveByConstruction)
                || (a.lowerBoundAboveOne && b.isBoundedByOne) || (b.lowerBoundAboveOne && a.isBoundedByOne)
        case .multiply(let a, let b), .divide(let a, let b):
            return a.isPositiveByConstruction && b.isPositiveByConstruction
        default: return false
        }
    }

    /// Whether the value is never negative, by its structure alone.
    var isNonNegativeByConstruction: Bool {
        if isPositiveByConstruction { return true }
        switch self {
        case .constant(let c): return c >= 0
        case .power(_, let n): return n % 2 == 0
        case .add(let a, let b), .multiply(let a, let b):
            return a.isNonNegativeByConstruction && b.isNonNegativeByConstruction
        default: return false
        }
    }

    /// Whether `|value| ≤ 1` by structure (`sin`, `cos`, `tanh`, `σ`).
    var isBoundedByOne: Bool {
        switch self {
        case .apply(.sin, _), .apply(.cos, _), .apply(.tanh, _), .apply(.sigmoid, _): true
        default: false
        }
    }

    /// Whether the node is a constant above 1 (so adding something bounded by one stays positive).
    var lowerBoundAboveOne: Bool {
        if case .constant(let c) = self { return c > 1 }
        return false
    }
}

// Convenience builders that keep generated trees readable.
func + (a: OracleExpr, b: OracleExpr) -> OracleExpr { .add(a, b) }
func - (a: OracleExpr, b: OracleExpr) -> OracleExpr { .subtract(a, b) }
func * (a: OracleExpr, b: OracleExpr) -> OracleExpr { .multiply(a, b) }
func / (a: OracleExpr, b: OracleExpr) -> OracleExpr { .divide(a, b) }
prefix func - (a: OracleExpr) -> OracleExpr { .negate(a) }
func call(_ f: OracleFunction, _ a: OracleExpr) -> OracleExpr { .apply(f, a) }
func number(_ c: Double) -> OracleExpr { .constant(c) }

/// Spelling choices for printing, varied per fence so the parser's alternatives are exercised too.
struct OracleSpelling {
    /// `*`, `·` or `×` for multiplication.
    var times = "*"
    /// `-` or `−` for unary minus.
    var minus = "-"
    /// Print `σ` as `sigmoid` and `log` as `ln`.
    var wordy = false
    /// Print squares and cubes of names as `x²`, `x³`.
    var superscripts = false

    /// A random spelling.
    static func random(_ rng: inout OracleRandom) -> OracleSpelling {
        OracleSpelling(
            times: rng.pick(["*", "*", "·", "×"]), minus: rng.pick(["-", "-", "−"]), wordy: rng.chance(0.3),
            superscripts: rng.chance(0.3))
    }
}

/// Prints an ``OracleExpr`` as claim-language text, fully parenthesised so that precedence never matters,
/// replacing any subtree equal to a let's definition by the let's name.
struct OraclePrinter {
    var spelling = OracleSpelling()
    /// Lets, in definition order: a subtree equal to one of them prints as its name.
    var lets: [(name: String, body: OracleExpr)] = []

    /// The text of `e`, using only the lets before index `letLimit` (so a let's body never names itself).
    func print(_ e: OracleExpr, letLimit: Int? = nil) -> String {
        let usable = lets.prefix(letLimit ?? lets.count)
        return text(e, usable: Array(usable), top: true)
    }

    private func text(_ e: OracleExpr, usable: [(name: String, body: OracleExpr)], top: Bool) -> String {
        if let named = usable.last(where: { $0.body == e }) { return named.name }
        func t(_ x: OracleExpr) -> String { text(x, usable: usable, top: false) }
        func wrap(_ s: String) -> String { top ? s : "(" + s + ")" }
        switch e {
        case .variable(let n): return n
        case .constant(let c): return c < 0 ? "(" + spelling.minus + formatConstant(-c) + ")" : formatConstant(c)
        case .add(let a, let b): return wrap(t(a) + " + " + t(b))
        case .subtract(let a, let b): return wrap(t(a) + " - " + t(b))
        case .multiply(let a, let b): return wrap(t(a) + " " + spelling.times + " " + t(b))
        case .divide(let a, let b): return wrap(t(a) + " / " + t(b))
        case .negate(let a): return "(" + spelling.minus + t(a) + ")"
        case .power(let a, let n):
            var base = t(a)
            // `a^2^2` would read as `a^(2^2)`, whose exponent is no longer an integer literal.
            if case .power = a { base = "(" + base + ")" }
            if spelling.superscripts, case .variable = a, n == 2 || n == 3 { return base + (n == 2 ? "²" : "³") }
            return base + "^" + String(n)
        case .apply(let f, let a):
            var name = f.spelling
            if spelling.wordy, f == .sigmoid { name = "sigmoid" }
            if spelling.wordy, f == .log { name = "ln" }
            return name + "(" + text(a, usable: usable, top: true) + ")"
        case .element(let a, let k):
            if case .variable = a { return t(a) + "[\(k)]" }
            return "(" + text(a, usable: usable, top: true) + ")[\(k)]"
        case .sum(let a): return "sum(" + text(a, usable: usable, top: true) + ")"
        case .dot(let a, let b):
            return "dot(" + text(a, usable: usable, top: true) + ", " + text(b, usable: usable, top: true) + ")"
        case .softmax(let a): return "softmax(" + text(a, usable: usable, top: true) + ")"
        }
    }
}

/// A non-negative constant in plain decimal (`2`, `0.5`, `1.25`), which the claim language reads back exactly.
func formatConstant(_ c: Double) -> String {
    if c == c.rounded(), abs(c) < 1e15 { return String(Int(c)) }
    return "\(c)"
}
