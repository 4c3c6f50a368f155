/// Prints a claim as LaTeX, so the page shows what was checked, typeset like the rest of the post.
///
/// `∂L/∂z` becomes `\frac{\partial L}{\partial z}`, `/` becomes `\frac`, `σ(z)` becomes `\sigma(z)`, `exp(x)`
/// becomes `e^{x}`, `@` becomes juxtaposition, `ᵀ` becomes `^\top`; chains print every step, and `for i, j`
/// prints as a trailing note. A product `*` of two tensors (by the ranks of `fence`'s givens and lets) is an
/// element-wise product and prints as `\odot`; a product with a scalar prints as `\cdot`.
///
/// - Parameters:
///   - claim: a parsed claim.
///   - fence: the fence the claim belongs to, whose givens and lets tell tensors from scalars; without it every
///     name counts as a scalar.
/// - Returns: LaTeX math (without delimiters).
public func latex(for claim: Claim, in fence: ClaimFence? = nil) -> String {
    let printer = LaTeXPrinter(ranks: fence.map(RankInference.init) ?? .empty)
    var text = printer.print(claim.first, context: 0)
    for step in claim.steps {
        text += " " + latexRelation(step.relation) + " " + printer.print(step.expression, context: 0)
    }
    if !claim.indices.isEmpty {
        text += " \\quad \\text{for } " + claim.indices.map(latexName).joined(separator: ", ")
    }
    return text
}

/// Prints one expression as LaTeX (see ``latex(for:in:)``).
///
/// - Parameters:
///   - expression: a parsed expression.
///   - fence: the fence the expression belongs to (see ``latex(for:in:)``).
/// - Returns: LaTeX math (without delimiters).
public func latex(_ expression: Expression, in fence: ClaimFence? = nil) -> String {
    LaTeXPrinter(ranks: fence.map(RankInference.init) ?? .empty).print(expression, context: 0)
}

func latexRelation(_ relation: Relation) -> String {
    switch relation {
    case .equal: "="
    case .less: "<"
    case .lessOrEqual: "\\le"
    case .greater: ">"
    case .greaterOrEqual: "\\ge"
    case .notEqual: "\\neq"
    }
}

private let greek: [String: String] = [
    "α": "\\alpha", "β": "\\beta", "γ": "\\gamma", "δ": "\\delta", "ε": "\\varepsilon", "ζ": "\\zeta", "η": "\\eta",
    "θ": "\\theta", "ι": "\\iota", "κ": "\\kappa", "λ": "\\lambda", "μ": "\\mu", "ν": "\\nu", "ξ": "\\xi", "π": "\\pi",
    "ρ": "\\rho", "σ": "\\sigma", "τ": "\\tau", "υ": "\\upsilon", "φ": "\\varphi", "χ": "\\chi", "ψ": "\\psi",
    "ω": "\\omega", "Γ": "\\Gamma", "Δ": "\\Delta", "Θ": "\\Theta", "Λ": "\\Lambda", "Ξ": "\\Xi", "Π": "\\Pi",
    "Σ": "\\Sigma", "Φ": "\\Phi", "Ψ": "\\Psi", "Ω": "\\Omega", "ℓ": "\\ell", "pi": "\\pi",
]

/// A name as LaTeX: Greek letters as commands, `ŷ`/`y_hat` as `\hat{y}`, `A_prev` as `A_{\mathrm{prev}}`,
/// other multi-letter names upright.
func latexName(_ name: String) -> String {
    if let g = greek[name] { return g }
    if name.hasSuffix("_hat") { return "\\hat{" + latexName(String(name.dropLast(4))) + "}" }
    if name.hasSuffix("_bar") { return "\\bar{" + latexName(String(name.dropLast(4))) + "}" }
    let scalars = Array(name.unicodeScalars)
    // A letter with a combining circumflex or macron (`ŷ` typed as y + U+0302), or a precomposed one.
    if scalars.count == 2, scalars[1] == "\u{0302}" { return "\\hat{" + latexName(String(scalars[0])) + "}" }
    if scalars.count == 2, scalars[1] == "\u{0304}" { return "\\bar{" + latexName(String(scalars[0])) + "}" }
    // (Decomposing is costly: only a single scalar can be a precomposed letter with a circumflex.)
    if scalars.count == 1, !scalars[0].isASCII {
        let decomposed = Array(name.decomposedStringWithCanonicalMapping.unicodeScalars)
        if decomposed.count == 2, decomposed[1] == "\u{0302}" {
            return "\\hat{" + latexName(String(decomposed[0])) + "}"
        }
    }
    if let underscore = name.firstIndex(of: "_"), underscore != name.startIndex {
        let base = String(name[..<underscore])
        let subscriptText = String(name[name.index(after: underscore)...])
        let sub = subscriptText.count == 1 || Int(subscriptText) != nil ? subscriptText : "\\mathrm{\(subscriptText)}"
        return latexName(base) + "_{" + sub + "}"
    }
    if name.count == 1 { return name }
    if name.hasSuffix("'") { return latexName(String(name.dropLast())) + "'" }
    return "\\mathrm{" + name + "}"
}

/// The printer of ``latex(for:in:)``: precedence decides the parentheses, and the ranks of the fence's names
/// decide how a product reads.
private struct LaTeXPrinter {
    let ranks: RankInference

    // Binding strength of the printed forms, loosest first.
    static let additive = 1
    static let multiplicative = 2
    static let prefix = 3
    static let power = 4
    static let atom = 5

    static func strength(_ e: Expression) -> Int {
        switch e {
        case .number(let v, _): v < 0 ? prefix : atom
        case .name, .index, .transpose: atom
        // `e^{x}` is a power: raised again or transposed, it needs parentheses.
        case .call(let name, _, _): name == "exp" ? power : atom
        case .derivative(let body, _, _, _, _, _):
            isLeibnizOperand(body) ? atom : multiplicative
        case .negate: prefix
        case .vector, .piecewise: atom
        // `\sum_{i} x_i` reads as a sum of everything after it: as a factor it needs parentheses.
        case .sum: additive
        case .binary(let op, _, _, _):
            switch op {
            case .add, .subtract: additive
            case .multiply, .matrixProduct: multiplicative
            case .divide: atom  // \frac groups itself
            case .power: power
            }
        }
    }

    static func isLeibnizOperand(_ e: Expression) -> Bool {
        switch e {
        case .name: true
        case .index(.name, _, _): true
        default: false
        }
    }

    /// Whether printed LaTeX is taller than a line of text, so its parentheses must grow with it.
    static func isTall(_ text: String) -> Bool {
        text.contains("\\frac") || text.contains("\\sum") || text.contains("\\begin")
    }

    /// `text` in parentheses: plain ones around a line of text, `\left(…\right)` around a fraction or a sum.
    ///
    /// `\left…\right` makes an inner atom, which TeX spaces from the name before it (`\sigma\left(z\right)`
    /// shows a gap between σ and the parenthesis); the empty `\mathopen{}` and `\mathclose{}` take that space
    /// away, so a tall argument sits against its function's name as a short one does.
    static func parenthesized(_ text: String) -> String {
        isTall(text) ? "\\mathopen{}\\left(" + text + "\\right)\\mathclose{}" : "(" + text + ")"
    }

    func wrap(_ e: Expression, below minimum: Int) -> String {
        let text = print(e, context: minimum)
        return Self.strength(e) < minimum ? Self.parenthesized(text) : text
    }

    /// Whether `e` is known to be a vector or a matrix.
    func isTensor(_ e: Expression) -> Bool {
        (ranks.rank(of: e) ?? 0) > 0
    }

    func print(_ e: Expression, context: Int) -> String {
        switch e {
        case .number(let v, _):
            return formatNumber(v)
        case .name(let n, _):
            return latexName(n)
        case .negate(let operand, _):
            return "-" + wrap(operand, below: Self.prefix)
        case .binary(let op, let l, let r, _):
            switch op {
            case .add:
                return print(l, context: Self.additive) + " + " + wrap(r, below: Self.additive)
            case .subtract:
                return print(l, context: Self.additive) + " - " + wrap(r, below: Self.multiplicative)
            case .multiply:
                let left = wrap(l, below: Self.multiplicative)
                let right = wrap(r, below: Self.prefix)
                // Two tensors multiply element by element: `·` would read as a dot product.
                let sign = isTensor(l) && isTensor(r) ? " \\odot " : " \\cdot "
                return left + sign + right
            case .matrixProduct:
                return wrap(l, below: Self.multiplicative) + " " + wrap(r, below: Self.prefix)
            case .divide:
                return "\\frac{" + print(l, context: 0) + "}{" + print(r, context: 0) + "}"
            case .power:
                return wrap(l, below: Self.atom) + "^{" + print(r, context: 0) + "}"
            }
        case .transpose(let operand, _):
            return wrap(operand, below: Self.atom) + "^\\top"
        case .index(let base, let indices, _):
            let sub = indices.map { print($0, context: 0) }.joined(separator: ", ")
            if case .name(let n, _) = base {
                let name = latexName(n)
                // `A_{prev}` indexed: put the indices in a second subscript group.
                if name.contains("_{") { return "{" + name + "}_{" + sub + "}" }
                return name + "_{" + sub + "}"
            }
            return Self.parenthesized(print(base, context: 0)) + "_{" + sub + "}"
        case .call(let name, let arguments, _):
            return call(name, arguments)
        case .vector(let entries, _):
            return "\\begin{bmatrix} " + entries.map { print($0, context: 0) }.joined(separator: " \\\\ ")
                + " \\end{bmatrix}"
        case .sum(let index, let lower, let upper, let body, _):
            return "\\sum_{" + latexName(index) + "=" + print(lower, context: 0) + "}^{" + print(upper, context: 0) + "} "
                + wrap(body, below: Self.multiplicative)
        case .piecewise(let cases, let otherwise, _):
            var rows = cases.map { piece in
                print(piece.value, context: 0) + " & \\text{if } " + print(piece.condition.left, context: 0) + " "
                    + latexRelation(piece.condition.relation) + " " + print(piece.condition.right, context: 0)
            }
            if let otherwise { rows.append(print(otherwise, context: 0) + " & \\text{otherwise}") }
            return "\\begin{cases} " + rows.joined(separator: " \\\\ ") + " \\end{cases}"
        case .derivative(let body, let variable, let indices, let order, let notation, _):
            let d = notation == .partial ? "\\partial" : "\\mathrm{d}"
            var denominator = d + " " + latexName(variable)
            if !indices.isEmpty {
                let sub = indices.map { print($0, context: 0) }.joined(separator: ", ")
                denominator =
                    d + " " + (latexName(variable).contains("_{") ? "{\(latexName(variable))}" : latexName(variable)) + "_{" + sub
                    + "}"
            }
            let partial = order > 1 ? d + "^{\(order)}" : d
            if order > 1 { denominator += "^{\(order)}" }
            if Self.isLeibnizOperand(body) {
                return "\\frac{" + partial + " " + print(body, context: 0) + "}{" + denominator + "}"
            }
            return "\\frac{" + partial + "}{" + denominator + "} " + "\\left(" + print(body, context: 0) + "\\right)"
        }
    }

    /// A call's argument list, in parentheses that sit against the function's name.
    func arguments(_ arguments: [Expression]) -> String {
        Self.parenthesized(arguments.map { print($0, context: 0) }.joined(separator: ", "))
    }

    static let operators: [String: String] = [
        "log": "\\log", "ln": "\\ln", "tanh": "\\tanh", "sin": "\\sin", "cos": "\\cos", "tan": "\\tan",
        "log10": "\\log_{10}", "log2": "\\log_{2}",
        "max": "\\max", "min": "\\min", "σ": "\\sigma", "sigmoid": "\\sigma",
    ]

    func call(_ name: String, _ args: [Expression]) -> String {
        if let command = Self.operators[name] { return command + arguments(args) }
        switch name {
        case "exp": return "e^{" + print(args[0], context: 0) + "}"
        case "sqrt": return "\\sqrt{" + print(args[0], context: 0) + "}"
        case "logb": return "\\log_{" + print(args[1], context: 0) + "}" + arguments([args[0]])
        case "abs":
            let text = print(args[0], context: 0)
            return Self.isTall(text) ? "\\left|" + text + "\\right|" : "\\lvert " + text + " \\rvert"
        case "δ": return "\\delta_{" + args.map { print($0, context: 0) }.joined(separator: " ") + "}"
        case "sum": return "\\sum " + wrap(args[0], below: Self.atom)
        case "dot": return wrap(args[0], below: Self.multiplicative) + " \\cdot " + wrap(args[1], below: Self.prefix)
        case "transpose": return wrap(args[0], below: Self.atom) + "^\\top"
        case "leaky_relu", "log_softmax", "cross_entropy", "relu", "softplus", "softmax", "logsumexp", "mean",
            "outer", "diag", "sign", "step", "mse", "bce", "l1":
            let display = name.replacingOccurrences(of: "_", with: "\\_")
            return "\\operatorname{" + display + "}" + arguments(args)
        default:
            return latexName(name) + arguments(args)
        }
    }
}
