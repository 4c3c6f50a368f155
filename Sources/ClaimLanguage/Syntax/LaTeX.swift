import Diagnostics

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
    latex(for: claim, ranks: fence.map(RankInference.init) ?? .empty)
}

/// ``latex(for:in:)`` with the fence's ranks already inferred (the judge infers them once per fence:
/// ``Program/ranks``).
func latex(for claim: Claim, ranks: RankInference) -> String {
    let printer = LaTeXPrinter(ranks: ranks)
    var text = ""
    printer.print(claim.first, into: &text)
    for step in claim.steps {
        text += " "
        text += latexRelation(step.relation)
        text += " "
        printer.print(step.expression, into: &text)
    }
    if !claim.indices.isEmpty {
        text += " \\quad \\text{for } "
        for (k, index) in claim.indices.enumerated() {
            if k > 0 { text += ", " }
            text += latexName(index)
        }
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
    latex(expression, ranks: fence.map(RankInference.init) ?? .empty)
}

/// ``latex(_:in:)`` with the fence's ranks already inferred.
func latex(_ expression: Expression, ranks: RankInference) -> String {
    var text = ""
    LaTeXPrinter(ranks: ranks).print(expression, into: &text)
    return text
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
    // Each test below is guarded by a byte test it implies, so a common name (`x`, `W`, `dL`) costs a few
    // comparisons: a one-byte name is no Greek letter (none is ASCII) and nothing else applies to it.
    let utf8 = name.utf8
    if utf8.count == 1 { return name }
    if let g = greek[name] { return g }
    let last = utf8.last
    if last == UInt8(ascii: "t"), name.hasSuffix("_hat") { return "\\hat{" + latexName(String(name.dropLast(4))) + "}" }
    if last == UInt8(ascii: "r"), name.hasSuffix("_bar") { return "\\bar{" + latexName(String(name.dropLast(4))) + "}" }
    // The first two scalars, and whether there are more (without making an array of them).
    var scalars = name.unicodeScalars.makeIterator()
    let first = scalars.next(), second = scalars.next(), isLonger = scalars.next() != nil
    // A letter with a combining circumflex or macron (`ŷ` typed as y + U+0302), or a precomposed one.
    if let first, let second, !isLonger {
        if second == "\u{0302}" { return "\\hat{" + latexName(String(first)) + "}" }
        if second == "\u{0304}" { return "\\bar{" + latexName(String(first)) + "}" }
    }
    // (Decomposing is costly: only a single scalar can be a precomposed letter with a circumflex.)
    if let first, second == nil, !first.isASCII {
        let decomposed = Array(name.decomposedStringWithCanonicalMapping.unicodeScalars)
        if decomposed.count == 2, decomposed[1] == "\u{0302}" {
            return "\\hat{" + latexName(String(decomposed[0])) + "}"
        }
    }
    if utf8.contains(UInt8(ascii: "_")), let underscore = name.firstIndex(of: "_"), underscore != name.startIndex {
        let base = String(name[..<underscore])
        let subscriptText = String(name[name.index(after: underscore)...])
        let sub = subscriptText.count == 1 || Int(subscriptText) != nil ? subscriptText : "\\mathrm{\(subscriptText)}"
        return latexName(base) + "_{" + sub + "}"
    }
    if name.count == 1 { return name }
    if last == UInt8(ascii: "'"), name.hasSuffix("'") { return latexName(String(name.dropLast())) + "'" }
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
    ///
    /// It looks for `\frac`, `\sum` and `\begin` byte by byte: the printer writes its commands in ASCII, and
    /// nothing it writes around them could make them part of another character.
    static func isTall(_ text: String) -> Bool {
        var rest = text.utf8[...]
        while let slash = rest.firstIndex(of: UInt8(ascii: "\\")) {
            rest = rest[rest.index(after: slash)...]
            if rest.starts(with: "frac".utf8) || rest.starts(with: "sum".utf8) || rest.starts(with: "begin".utf8) {
                return true
            }
        }
        return false
    }

    /// Appends `name` as the base of a subscript: braced when it has a subscript of its own (`A_{prev}`
    /// indexed is `{A_{prev}}_{i}`, a second subscript group), as it is otherwise.
    static func appendSubscriptBase(_ name: String, to out: inout String) {
        if name.containsUTF8("_{") {
            out += "{"
            out += name
            out += "}"
        } else {
            out += name
        }
    }

    /// `text` in parentheses: plain ones around a line of text, `\left(…\right)` around a fraction or a sum.
    ///
    /// `\left…\right` makes an inner atom, which TeX spaces from the name before it (`\sigma\left(z\right)`
    /// shows a gap between σ and the parenthesis); the empty `\mathopen{}` and `\mathclose{}` take that space
    /// away, so a tall argument sits against its function's name as a short one does.
    static func appendParenthesized(_ text: String, to out: inout String) {
        if isTall(text) {
            out += "\\mathopen{}\\left("
            out += text
            out += "\\right)\\mathclose{}"
        } else {
            out += "("
            out += text
            out += ")"
        }
    }

    /// Prints `e`, in parentheses when it binds more loosely than `minimum`.
    func wrap(_ e: Expression, below minimum: Int, into out: inout String) {
        guard Self.strength(e) < minimum else { return print(e, into: &out) }
        var text = ""
        print(e, into: &text)
        Self.appendParenthesized(text, to: &out)
    }

    /// Prints `expressions` with `separator` between them.
    func printList(_ expressions: [Expression], separator: String, into out: inout String) {
        for (k, e) in expressions.enumerated() {
            if k > 0 { out += separator }
            print(e, into: &out)
        }
    }

    /// Whether `e` is known to be a vector or a matrix.
    func isTensor(_ e: Expression) -> Bool {
        (ranks.rank(of: e) ?? 0) > 0
    }

    /// Appends `e` as LaTeX to `out` (one string for the whole claim: no intermediate strings).
    func print(_ e: Expression, into out: inout String) {
        switch e {
        case .number(let v, _):
            out += formatNumber(v)
        case .name(let n, _):
            out += latexName(n)
        case .negate(let operand, _):
            out += "-"
            wrap(operand, below: Self.prefix, into: &out)
        case .binary(let op, let l, let r, _):
            switch op {
            case .add:
                print(l, into: &out)
                out += " + "
                wrap(r, below: Self.additive, into: &out)
            case .subtract:
                print(l, into: &out)
                out += " - "
                wrap(r, below: Self.multiplicative, into: &out)
            case .multiply:
                wrap(l, below: Self.multiplicative, into: &out)
                // Two tensors multiply element by element: `·` would read as a dot product.
                out += isTensor(l) && isTensor(r) ? " \\odot " : " \\cdot "
                wrap(r, below: Self.prefix, into: &out)
            case .matrixProduct:
                wrap(l, below: Self.multiplicative, into: &out)
                out += " "
                wrap(r, below: Self.prefix, into: &out)
            case .divide:
                out += "\\frac{"
                print(l, into: &out)
                out += "}{"
                print(r, into: &out)
                out += "}"
            case .power:
                wrap(l, below: Self.atom, into: &out)
                out += "^{"
                print(r, into: &out)
                out += "}"
            }
        case .transpose(let operand, _):
            wrap(operand, below: Self.atom, into: &out)
            out += "^\\top"
        case .index(let base, let indices, _):
            if case .name(let n, _) = base {
                Self.appendSubscriptBase(latexName(n), to: &out)
                out += "_{"
            } else {
                var text = ""
                print(base, into: &text)
                Self.appendParenthesized(text, to: &out)
                out += "_{"
            }
            printList(indices, separator: ", ", into: &out)
            out += "}"
        case .call(let name, let arguments, _):
            call(name, arguments, into: &out)
        case .vector(let entries, _):
            out += "\\begin{bmatrix} "
            printList(entries, separator: " \\\\ ", into: &out)
            out += " \\end{bmatrix}"
        case .sum(let index, let lower, let upper, let body, _):
            out += "\\sum_{"
            out += latexName(index)
            out += "="
            print(lower, into: &out)
            out += "}^{"
            print(upper, into: &out)
            out += "} "
            wrap(body, below: Self.multiplicative, into: &out)
        case .piecewise(let cases, let otherwise, _):
            out += "\\begin{cases} "
            for (k, piece) in cases.enumerated() {
                if k > 0 { out += " \\\\ " }
                print(piece.value, into: &out)
                out += " & \\text{if } "
                print(piece.condition.left, into: &out)
                out += " "
                out += latexRelation(piece.condition.relation)
                out += " "
                print(piece.condition.right, into: &out)
            }
            if let otherwise {
                if !cases.isEmpty { out += " \\\\ " }
                print(otherwise, into: &out)
                out += " & \\text{otherwise}"
            }
            out += " \\end{cases}"
        case .derivative(let body, let variable, let indices, let order, let notation, _):
            let d = notation == .partial ? "\\partial" : "\\mathrm{d}"
            out += "\\frac{"
            out += d
            if order > 1 { out += "^{\(order)}" }
            if Self.isLeibnizOperand(body) {
                out += " "
                print(body, into: &out)
            }
            out += "}{"
            out += d
            out += " "
            let name = latexName(variable)
            if !indices.isEmpty {
                Self.appendSubscriptBase(name, to: &out)
                out += "_{"
                printList(indices, separator: ", ", into: &out)
                out += "}"
            } else {
                out += name
            }
            if order > 1 { out += "^{\(order)}" }
            out += "}"
            if !Self.isLeibnizOperand(body) {
                out += " \\left("
                print(body, into: &out)
                out += "\\right)"
            }
        }
    }

    /// A call's argument list, in parentheses that sit against the function's name.
    func arguments(_ arguments: [Expression], into out: inout String) {
        var text = ""
        printList(arguments, separator: ", ", into: &text)
        Self.appendParenthesized(text, to: &out)
    }

    static let operators: [String: String] = [
        "log": "\\log", "ln": "\\ln", "tanh": "\\tanh", "sin": "\\sin", "cos": "\\cos", "tan": "\\tan",
        "log10": "\\log_{10}", "log2": "\\log_{2}",
        "max": "\\max", "min": "\\min", "σ": "\\sigma", "sigmoid": "\\sigma",
    ]

    func call(_ name: String, _ args: [Expression], into out: inout String) {
        if let command = Self.operators[name] {
            out += command
            return arguments(args, into: &out)
        }
        switch name {
        case "exp":
            out += "e^{"
            print(args[0], into: &out)
            out += "}"
        case "sqrt":
            out += "\\sqrt{"
            print(args[0], into: &out)
            out += "}"
        case "logb":
            out += "\\log_{"
            print(args[1], into: &out)
            out += "}"
            arguments([args[0]], into: &out)
        case "abs":
            var text = ""
            print(args[0], into: &text)
            if Self.isTall(text) {
                out += "\\left|"
                out += text
                out += "\\right|"
            } else {
                out += "\\lvert "
                out += text
                out += " \\rvert"
            }
        case "δ":
            out += "\\delta_{"
            printList(args, separator: " ", into: &out)
            out += "}"
        case "sum":
            out += "\\sum "
            wrap(args[0], below: Self.atom, into: &out)
        case "dot":
            wrap(args[0], below: Self.multiplicative, into: &out)
            out += " \\cdot "
            wrap(args[1], below: Self.prefix, into: &out)
        case "transpose":
            wrap(args[0], below: Self.atom, into: &out)
            out += "^\\top"
        case "leaky_relu", "log_softmax", "cross_entropy", "relu", "softplus", "softmax", "logsumexp", "mean",
            "outer", "diag", "sign", "step", "mse", "bce", "l1":
            out += "\\operatorname{"
            // The names above are ASCII: each `_` escaped.
            for scalar in name.unicodeScalars {
                if scalar == "_" { out += "\\_" } else { out.unicodeScalars.append(scalar) }
            }
            out += "}"
            arguments(args, into: &out)
        default:
            out += latexName(name)
            arguments(args, into: &out)
        }
    }
}
