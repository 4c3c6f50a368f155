import Diagnostics

/// A binary operator of the claim language.
public enum BinaryOperator: String, Equatable, Sendable, Codable {
    /// `+`
    case add = "+"
    /// `-`
    case subtract = "-"
    /// `*`, `·`, `×`, `⊙`: scalar or element-wise product.
    case multiply = "*"
    /// `/`: scalar or element-wise quotient.
    case divide = "/"
    /// `@`: matrix product.
    case matrixProduct = "@"
    /// `^` and superscripts: power.
    case power = "^"
}

/// An expression of the claim language: an indirect enum of values, each node carrying its source range.
/// How a derivative was written: `∂L/∂z` (partial) or `dL/dz`, `d/dz` (total). Both mean the same
/// to the evaluator; the printer shows what the author wrote.
public enum DerivativeNotation: String, Equatable, Sendable, Codable {
    case partial
    case total
}

public indirect enum Expression: Equatable, Sendable {
    /// A number literal.
    case number(Double, SourceRange)
    /// A name: a given, a let, an index bound by `for`, or a constant such as `π`.
    case name(String, SourceRange)
    /// Unary minus.
    case negate(Expression, SourceRange)
    /// A binary operation.
    case binary(BinaryOperator, Expression, Expression, SourceRange)
    /// Postfix `ᵀ`.
    case transpose(Expression, SourceRange)
    /// `x[i]`, `W[i, j]`: 1-based indexing.
    case index(Expression, [Expression], SourceRange)
    /// A call of a built-in or of a function defined by `let f(x) = …`.
    case call(String, [Expression], SourceRange)
    /// A derivative of `order` of the expression with respect to the variable `name`, optionally at
    /// one element `name[indices]` (Leibniz `∂L/∂z`, operator `d/dz(…)`, indexed `∂L/∂W[i, j]`),
    /// written with `∂` or with `d` (`notation`, which only the LaTeX printer uses).
    case derivative(
        of: Expression, variable: String, indices: [Expression], order: Int, notation: DerivativeNotation, SourceRange)
    /// A vector literal `[a, b, c]`: a rank-1 tensor of scalar entries (an entry that is not a scalar is an
    /// error at its position).
    case vector([Expression], SourceRange)
    /// A finite sum `Σ_{index=lower}^{upper} body`: the bounds are integers, evaluated once; `index` is a local
    /// name (a number) inside `body`; a sum whose upper bound is below its lower bound is 0.
    case sum(index: String, lower: Expression, upper: Expression, body: Expression, SourceRange)
    /// A piecewise value `cases(v₁ if c₁, …, v otherwise)`: the value of the first case whose condition holds
    /// (on plain values), else `otherwise`; with no case holding and no `otherwise`, the point is outside the
    /// domain (the value is not a number).
    case piecewise([PiecewiseCase], otherwise: Expression?, SourceRange)

    /// The source range of this node.
    public var range: SourceRange {
        switch self {
        case .number(_, let r), .name(_, let r), .negate(_, let r), .binary(_, _, _, let r),
            .transpose(_, let r), .index(_, _, let r), .call(_, _, let r):
            r
        case .derivative(_, _, _, _, _, let r): r
        case .vector(_, let r), .sum(_, _, _, _, let r), .piecewise(_, _, let r): r
        }
    }

    /// This node with its range replaced (a parenthesised expression covers its parentheses).
    func withRange(_ r: SourceRange) -> Expression {
        switch self {
        case .number(let v, _): .number(v, r)
        case .name(let n, _): .name(n, r)
        case .negate(let e, _): .negate(e, r)
        case .binary(let op, let a, let b, _): .binary(op, a, b, r)
        case .transpose(let e, _): .transpose(e, r)
        case .index(let b, let i, _): .index(b, i, r)
        case .call(let f, let a, _): .call(f, a, r)
        case .derivative(let e, let v, let i, let o, let n, _):
            .derivative(of: e, variable: v, indices: i, order: o, notation: n, r)
        case .vector(let entries, _): .vector(entries, r)
        case .sum(let index, let lower, let upper, let body, _):
            .sum(index: index, lower: lower, upper: upper, body: body, r)
        case .piecewise(let cases, let otherwise, _): .piecewise(cases, otherwise: otherwise, r)
        }
    }

    /// The direct children of this node (``forEachChild(_:)`` collected).
    var children: [Expression] {
        var result: [Expression] = []
        forEachChild { result.append($0) }
        return result
    }

    /// Calls `body` with each direct child of this node, in order, without making an array of them: the operand,
    /// the left then the right side, the base or the differentiated function then the indices, the arguments or
    /// entries, a sum's bounds then its body, each case's condition (left, right) then its value, then `otherwise`.
    func forEachChild<E: Error>(_ body: (Expression) throws(E) -> Void) throws(E) {
        switch self {
        case .number, .name: break
        case .negate(let e, _), .transpose(let e, _): try body(e)
        case .binary(_, let l, let r, _):
            try body(l)
            try body(r)
        case .index(let e, let rest, _), .derivative(let e, _, let rest, _, _, _):
            try body(e)
            for child in rest { try body(child) }
        case .call(_, let children, _), .vector(let children, _):
            for child in children { try body(child) }
        case .sum(_, let lower, let upper, let sumBody, _):
            try body(lower)
            try body(upper)
            try body(sumBody)
        case .piecewise(let cases, let otherwise, _):
            for piece in cases {
                try body(piece.condition.left)
                try body(piece.condition.right)
                try body(piece.value)
            }
            if let otherwise { try body(otherwise) }
        }
    }
}

/// A condition of a piecewise value: `left relation right` between scalars, decided on plain values and
/// exactly (`=` is `==`, no tolerance: `x < 0`, `x ≥ 1`). Sides within `Builtin.kinkProximity` of each other
/// mark the point as a kink, so that the judge's kink rule decides a derivative there.
public struct Condition: Equatable, Sendable {
    /// The left side.
    public var left: Expression
    /// The comparison.
    public var relation: Relation
    /// The right side.
    public var right: Expression
    /// Where the condition stands.
    public var range: SourceRange

    /// Creates a condition.
    public init(left: Expression, relation: Relation, right: Expression, range: SourceRange) {
        self.left = left
        self.relation = relation
        self.right = right
        self.range = range
    }
}

/// One case of a piecewise value: `value if condition`.
public struct PiecewiseCase: Equatable, Sendable {
    /// When this case applies.
    public var condition: Condition
    /// Its value.
    public var value: Expression

    /// Creates a case.
    public init(condition: Condition, value: Expression) {
        self.condition = condition
        self.value = value
    }
}

/// A comparison between two steps of a claim.
public enum Relation: String, Equatable, Sendable, Codable {
    /// `=`, `≈`, `==`: equal within tolerance.
    case equal = "="
    /// `<`
    case less = "<"
    /// `≤`, `<=`
    case lessOrEqual = "≤"
    /// `>`
    case greater = ">"
    /// `≥`, `>=`
    case greaterOrEqual = "≥"
    /// `≠`, `!=`: the two sides differ by more than the tolerance of `=` (with the rounding measured for the
    /// point), so that rounding can never make it hold. A chain with `≠` relates only neighbouring steps.
    case notEqual = "≠"
}

/// A scalar sampling domain as written in a fence.
public enum ScalarDomainSyntax: Equatable, Sendable {
    /// `[a, b]`, `(a, b)`, `[a, b)`, `(a, b]`; an end may be infinite (`∞`, `inf`), and is then open. The
    /// half-lines are written `[0, ∞)`, `(0, ∞)`, `(-∞, 0)`, and `ℝ⁺` or `R+` (`(0, ∞)`), `ℝ⁻` or `R-`
    /// (`(-∞, 0)`). A half-line `[a, ∞)` is sampled as ComputeCore's `ScalarDomain.sample(using:)` samples
    /// it: three in four points `a + 3|N|` (N standard normal), one in four `a + 10^u`, `u` uniform in
    /// `[−2, 2.7]` (0.01 to 500 beyond the end), an open end redrawn; `(−∞, b]` likewise below `b`. Its
    /// anchors are those of 0, ±1, ±0.5, ±2 that lie inside, and a closed end.
    case interval(lower: Double, upper: Double, lowerClosed: Bool, upperClosed: Bool)
    /// `{v1, v2, …}`: every value is used.
    case finite([Double])
    /// `ℝ` or `R`.
    case reals
}

/// A domain as written after `∈` in a `given` line.
public enum DomainSyntax: Equatable, Sendable {
    /// A scalar domain, or a tensor of `shape` whose elements come from it (`ℝ^3`, `(0, 1)^(2×3)`).
    case elements(ScalarDomainSyntax, shape: [Int])
    /// `onehot(n)`.
    case oneHot(Int)
    /// `simplex(n)`: non-negative entries summing to 1.
    case simplex(Int)

    /// The shape of values from this domain.
    public var shape: [Int] {
        switch self {
        case .elements(_, let shape): shape
        case .oneHot(let n), .simplex(let n): [n]
        }
    }
}

extension DomainSyntax: CustomStringConvertible {
    /// The domain in the claim language: `[-8, 8]`, `{0, 1}`, `ℝ`, `ℝ^3`, `onehot(10)`, `simplex(5)`.
    public var description: String {
        func number(_ v: Double) -> String {
            if v.isInfinite { return v > 0 ? "∞" : "-∞" }
            if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
            return "\(v)"
        }
        switch self {
        case .oneHot(let n): return "onehot(\(n))"
        case .simplex(let n): return "simplex(\(n))"
        case .elements(let scalar, let shape):
            let base: String
            switch scalar {
            case .reals: base = "ℝ"
            case .finite(let values): base = "{" + values.map(number).joined(separator: ", ") + "}"
            case .interval(let lower, let upper, let lowerClosed, let upperClosed):
                base = (lowerClosed ? "[" : "(") + number(lower) + ", " + number(upper) + (upperClosed ? "]" : ")")
            }
            switch shape.count {
            case 0: return base
            case 1: return "\(base)^\(shape[0])"
            default: return "\(base)^(" + shape.map(String.init).joined(separator: "×") + ")"
            }
        }
    }
}

/// `given NAME ∈ DOMAIN`.
public struct Given: Equatable, Sendable {
    /// The declared name.
    public var name: String
    /// Its domain.
    public var domain: DomainSyntax
    /// Where the declaration stands.
    public var range: SourceRange

    /// Creates a declaration.
    public init(name: String, domain: DomainSyntax, range: SourceRange) {
        self.name = name
        self.domain = domain
        self.range = range
    }
}

/// `let NAME = EXPR` or `let NAME(P1, …) = EXPR`.
public struct LetDefinition: Equatable, Sendable {
    /// The defined name.
    public var name: String
    /// The parameters, empty for a named quantity.
    public var parameters: [String]
    /// `true` for `let f(x) = …` (even with no parameters written as `f()`).
    public var isFunction: Bool
    /// The defining expression.
    public var body: Expression
    /// Where the definition stands.
    public var range: SourceRange

    /// Creates a definition.
    public init(name: String, parameters: [String], isFunction: Bool, body: Expression, range: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.isFunction = isFunction
        self.body = body
        self.range = range
    }
}

/// One step of a claim: the relation to the step before it and the expression.
public struct ClaimStep: Equatable, Sendable {
    /// How this step relates to the previous one.
    public var relation: Relation
    /// The step's expression.
    public var expression: Expression

    /// Creates a step.
    public init(relation: Relation, expression: Expression) {
        self.relation = relation
        self.expression = expression
    }
}

/// `claim [LABEL:] EXPR OP EXPR [OP EXPR …] [for i, j]`.
public struct Claim: Equatable, Sendable {
    /// The optional label.
    public var label: String?
    /// The first expression (the "left side").
    public var first: Expression
    /// The following steps; a plain claim has one, a chain several.
    public var steps: [ClaimStep]
    /// Index names bound by `for`.
    public var indices: [String]
    /// Where the claim stands (from `claim` to its last token).
    public var range: SourceRange

    /// Creates a claim.
    public init(label: String?, first: Expression, steps: [ClaimStep], indices: [String], range: SourceRange) {
        self.label = label
        self.first = first
        self.steps = steps
        self.indices = indices
        self.range = range
    }
}

/// A parsed `swift-check` fence body: its givens, lets and claims in source order.
public struct ClaimFence: Equatable, Sendable {
    /// The `given` declarations.
    public var givens: [Given]
    /// The `let` definitions, in order.
    public var lets: [LetDefinition]
    /// The claims, in order.
    public var claims: [Claim]

    /// Creates a fence.
    public init(givens: [Given], lets: [LetDefinition], claims: [Claim]) {
        self.givens = givens
        self.lets = lets
        self.claims = claims
    }
}
