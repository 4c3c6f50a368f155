import Foundation

/// Prints a claim as LaTeX, so the page shows what was checked, typeset like the rest of the post.
///
/// `∂L/∂z` becomes `\frac{\partial L}{\partial z}`, `/` becomes `\frac`, `σ` becomes `\sigma`, `@` becomes
/// juxtaposition, `ᵀ` becomes `^\top`; chains print every step, and `for i, j` prints as a trailing note.
///
/// - Parameter claim: a parsed claim.
/// - Returns: LaTeX math (without delimiters).
public func latex(for claim: Claim) -> String {
    var text = latex(claim.first)
    for step in claim.steps {
        text += " " + latexRelation(step.relation) + " " + latex(step.expression)
    }
    if !claim.indices.isEmpty {
        text += " \\quad \\text{for } " + claim.indices.map(latexName).joined(separator: ", ")
    }
    return text
}

/// Prints one expression as LaTeX (see ``latex(for:)``).
///
/// - Parameter expression: a parsed expression.
/// - Returns: LaTeX math (without delimiters).
public func latex(_ expression: Expression) -> String {
    LaTeXPrinter.print(expression, context: 0)
}

func latexRelation(_ relation: Relation) -> String {
    switch relation {
    case .equal: "="
    case .less: "<"
    case .lessOrEqual: "\\le"
    case .greater: ">"
    case .greaterOrEqual: "\\ge"
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

private enum LaTeXPrinter {
    // Binding strength of the printed forms, loosest first.
    static let additive = 1
    static let multiplicative = 2
    static let prefix = 3
    static let power = 4
    static let atom = 5

    static func strength(_ e: Expression) -> Int {
        switch e {
        case .number(let v, _): v < 0 ? prefix : atom
        case .name, .call, .index, .transpose: atom
        case .derivative(let body, _, _, _, _, _):
            isLeibnizOperand(body) ? atom : multiplicative
        case .negate: prefix
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

    static func wrap(_ e: Expression, below minimum: Int) -> String {
        let text = print(e, context: minimum)
        return strength(e) < minimum ? "\\left(" + text + "\\right)" : text
    }

    static func print(_ e: Expression, context: Int) -> String {
        switch e {
        case .number(let v, _):
            return formatNumber(v)
        case .name(let n, _):
            return latexName(n)
        case .negate(let operand, _):
            return "-" + wrap(operand, below: prefix)
        case .binary(let op, let l, let r, _):
            switch op {
            case .add:
                return print(l, context: additive) + " + " + wrap(r, below: additive)
            case .subtract:
                return print(l, context: additive) + " - " + wrap(r, below: multiplicative)
            case .multiply:
                let left = wrap(l, below: multiplicative)
                let right = wrap(r, below: prefix)
                return left + " \\cdot " + right
            case .matrixProduct:
                return wrap(l, below: multiplicative) + " " + wrap(r, below: prefix)
            case .divide:
                return "\\frac{" + print(l, context: 0) + "}{" + print(r, context: 0) + "}"
            case .power:
                return wrap(l, below: atom) + "^{" + print(r, context: 0) + "}"
            }
        case .transpose(let operand, _):
            return wrap(operand, below: atom) + "^\\top"
        case .index(let base, let indices, _):
            let sub = indices.map { print($0, context: 0) }.joined(separator: ", ")
            if case .name(let n, _) = base {
                let name = latexName(n)
                // `A_{prev}` indexed: put the indices in a second subscript group.
                if name.contains("_{") { return "{" + name + "}_{" + sub + "}" }
                return name + "_{" + sub + "}"
            }
            return "\\left(" + print(base, context: 0) + "\\right)_{" + sub + "}"
        case .call(let name, let arguments, _):
            return call(name, arguments)
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
            if isLeibnizOperand(body) {
                return "\\frac{" + partial + " " + print(body, context: 0) + "}{" + denominator + "}"
            }
            return "\\frac{" + partial + "}{" + denominator + "} " + "\\left(" + print(body, context: 0) + "\\right)"
        }
    }

    static func arguments(_ arguments: [Expression]) -> String {
        "\\left(" + arguments.map { print($0, context: 0) }.joined(separator: ", ") + "\\right)"
    }

    static func call(_ name: String, _ args: [Expression]) -> String {
        let operators: [String: String] = [
            "exp": "\\exp", "log": "\\log", "ln": "\\ln", "tanh": "\\tanh", "sin": "\\sin", "cos": "\\cos",
            "max": "\\max", "min": "\\min", "σ": "\\sigma", "sigmoid": "\\sigma",
        ]
        if let command = operators[name] { return command + arguments(args) }
        switch name {
        case "sqrt": return "\\sqrt{" + print(args[0], context: 0) + "}"
        case "abs": return "\\left|" + print(args[0], context: 0) + "\\right|"
        case "δ": return "\\delta_{" + args.map { print($0, context: 0) }.joined(separator: " ") + "}"
        case "sum": return "\\sum " + wrap(args[0], below: atom)
        case "dot": return wrap(args[0], below: multiplicative) + " \\cdot " + wrap(args[1], below: prefix)
        case "transpose": return wrap(args[0], below: atom) + "^\\top"
        case "leaky_relu", "log_softmax", "cross_entropy", "relu", "softplus", "softmax", "logsumexp", "mean",
            "outer", "diag", "sign", "step", "mse", "bce", "l1":
            let display = name.replacingOccurrences(of: "_", with: "\\_")
            return "\\operatorname{" + display + "}" + arguments(args)
        default:
            return latexName(name) + arguments(args)
        }
    }
}
