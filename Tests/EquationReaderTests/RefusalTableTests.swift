import EquationReader
import Testing

/// A formula the reader must refuse: what its message must contain, where, and whether it is an ambiguity.
struct RefusalCase: Sendable, CustomTestStringConvertible {
    /// The TeX of the display.
    var tex: String
    /// The fence-language declarations; empty for automatic mode.
    var declarations: String
    /// A part of the message (the command or construct refused, or the word "ambiguous").
    var messagePart: String
    /// The 1-based line of the construct in the TeX.
    var line: Int
    /// The 1-based column of the construct in its line, in Unicode scalars.
    var column: Int
    /// Whether the reader must refuse it as ambiguous rather than as unreadable.
    var isAmbiguous: Bool

    var testDescription: String { tex }
}

/// Builds a refusal case.
private func refuse(
    _ tex: String, _ declarations: String, _ messagePart: String, line: Int = 1, column: Int, ambiguous: Bool = false
) -> RefusalCase {
    RefusalCase(
        tex: tex, declarations: declarations, messagePart: messagePart, line: line, column: column, isAmbiguous: ambiguous)
}

extension Fence {
    /// A layer-labelled weight without its spelling.
    static let labelledGradientUnspelled = """
        given W ∈ ℝ^(2×3), x ∈ ℝ^3, g ∈ ℝ^2
        let L = dot(g, W @ x)
        """
    /// A matrix, a vector and a scalar named `L`.
    static let matrixAndL = "given W ∈ ℝ^(2×3), x ∈ ℝ^3, L ∈ [1, 2]"
    /// A scalar given and an index.
    static let scalarWithIndex = """
        given y ∈ [0, 1]
        index i in 1...3
        """
    /// A vector and a scalar named `T`.
    static let threeAndT = "given x ∈ ℝ^3, T ∈ [1, 2]"
    /// A let whose name is also a product of two givens' letters.
    static let declaredProduct = """
        given a ∈ (0, 1), y ∈ {0, 1}
        let ay = a*y
        """
}

/// Formulas the reader must refuse, or refuse as ambiguous. The columns were counted from where each
/// construct stands in the TeX.
enum RefusalTable {
    static let cases: [RefusalCase] = [
        refuse(#"\sin x^2"#, "", "ambiguous", column: 7, ambiguous: true),
        refuse(#"\sin x y"#, "", "ambiguous", column: 8, ambiguous: true),
        refuse(#"\log x^2 = 2\log x"#, Fence.positive, "ambiguous", column: 7, ambiguous: true),
        refuse(#"\int_0^1 x\,dx"#, "", "\\int", column: 1),
        refuse(#"\lim_{h \to 0} \frac{f(x + h) - f(x)}{h}"#, Fence.functions, "\\lim", column: 1),
        refuse(#"\prod_{i=1}^{3} x_i"#, Fence.three + "\nindex i in 1...3", "\\prod", column: 1),
        refuse(#"\nabla_w L = (a - y) x"#, Fence.logistic, "\\nabla", column: 1),
        refuse(#"\sigma(z) \approx z"#, Fence.z, "\\approx", column: 11),
        refuse(#"\frac{\partial L}{\partial z} \approx a - y"#, Fence.bce, "\\approx", column: 31),
        refuse(#"L \propto (a - y)^2"#, Fence.bce, "\\propto", column: 3),
        refuse(#"\sigma(z) \sim z"#, Fence.z, "\\sim", column: 11),
        refuse(#"a \equiv b"#, "", "\\equiv", column: 3),
        refuse(#"\sigma(z) \to 1"#, Fence.z, "\\to", column: 11),
        refuse(#"x \mapsto x^2"#, Fence.x, "\\mapsto", column: 3),
        refuse(#"x \rightarrow 0"#, Fence.x, "\\rightarrow", column: 3),
        refuse(#"x = 1 \pm 2"#, "", "\\pm", column: 7),
        refuse(#"x_1 + \dots + x_3"#, Fence.three, "\\dots", column: 7),
        refuse(#"x_1 + \cdots + x_3"#, Fence.three, "\\cdots", column: 7),
        refuse(#"x_1 + x_2 + \ldots"#, Fence.three, "\\ldots", column: 13),
        refuse(#"\|x\|^2"#, Fence.three, "\\|", column: 1),
        refuse(#"\lVert x \rVert"#, Fence.three, "\\lVert", column: 1),
        refuse(#"n!"#, "", "!", column: 2),
        refuse(#"\binom{n}{k}"#, "", "\\binom", column: 1),
        refuse(#"I = \begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}"#, "", "pmatrix", column: 5),
        refuse(#"\begin{matrix} a & b \end{matrix}"#, "", "matrix", column: 1),
        refuse(#"D = \begin{vmatrix} a & b \\ c & d \end{vmatrix}"#, "", "vmatrix", column: 5),
        refuse(#"\foo{x} = 1"#, "", "\\foo", column: 1),
        refuse(#"x + \widetilde{x}"#, Fence.x, "\\widetilde", column: 5),
        refuse(#"\color{red}{x} = x"#, Fence.x, "\\color", column: 1),
        refuse(#"x + \cancel{y} - y"#, Fence.xy, "\\cancel", column: 5),
        refuse(#"\sigma(z) < \infty"#, Fence.z, "\\infty", column: 13),
        refuse(#"\mathcal{L} = L"#, Fence.bce, "\\mathcal", column: 1),
        refuse(#"W^{[l]} x"#, Fence.matrix, "label", column: 2),
        refuse(#"\frac{\partial L}{\partial W^{[l]}}"#, Fence.labelledGradientUnspelled, "label", column: 29),
        refuse(#"a^{(i)} = \sigma(z)"#, Fence.bce, "label", column: 2),
        refuse(#"W^L x"#, Fence.matrixAndL, "label or a power", column: 2, ambiguous: true),
        refuse(#"x^T x"#, Fence.threeAndT, "ambiguous", column: 2, ambiguous: true),
        refuse(#"u v"#, Fence.vectors, "ambiguous", column: 3, ambiguous: true),
        refuse(#"\mathbf{u}\mathbf{v} = c"#, Fence.vectors, "ambiguous", column: 11, ambiguous: true),
        refuse(#"y(z) = \sigma(z)"#, Fence.bce, "y(z)", column: 1, ambiguous: true),
        refuse(#"(x + y)' = 1"#, Fence.xy, "ambiguous", column: 8, ambiguous: true),
        refuse(#"(x y)'' = 0"#, Fence.xy, "ambiguous", column: 6, ambiguous: true),
        refuse(#"ay + 1"#, Fence.declaredProduct, "ay", column: 1, ambiguous: true),
        refuse(#"exp(x)"#, "", "\\exp", column: 1),
        refuse(#"\sigma(z) = 1/(1 + exp(-z))"#, Fence.z, "\\exp", column: 20),
        refuse(#"log(x) + 1"#, Fence.positive, "\\log", column: 1),
        refuse(#"W A_{prev}"#, Fence.matrix, "A_prev", column: 3),
        refuse(#"A_{prev} + 1"#, "", "prev", column: 1),
        refuse(#"\frac{\partial L}{\partial u} = 0"#, Fence.bce, "'u'", column: 28),
        refuse(#"\frac{dL}{dq} = 0"#, Fence.bce, "'q'", column: 12),
        refuse(#"f'(2x) = 12x^2 - 1"#, Fence.functions, "prime", column: 1),
        refuse(#"\frac{d}{dz}\sigma(z)\sigma(-z)"#, Fence.z, "ambiguous", column: 22, ambiguous: true),
        refuse(#"\frac{a}{b"#, "", "{", column: 9),
        refuse(#"\frac{a}{b}} + 1"#, "", "}", column: 12),
        refuse(#"\left( x + 1"#, "", "\\left", column: 1),
        refuse(#"x + 1 \right)"#, "", "\\right", column: 7),
        refuse(#"x_k + 1"#, Fence.three + "\nindex i in 1...3", "'k'", column: 3),
        refuse(#"\delta_{ik} p_k"#, Fence.softmax, "'k'", column: 10),
        refuse(#"\sin^{-1} x"#, Fence.x, "sin", column: 5),
        refuse(
            #"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a}\,\partial_z a"#, Fence.bce, "\\partial", column: 64),
        refuse(#"y_i + 1"#, Fence.scalarWithIndex, "unknown name", column: 1),
        refuse(#"x^2 + 1"#, Fence.three, "label or a power", column: 2, ambiguous: true),
        refuse(#"\sigma(z) \simeq z"#, Fence.z, "\\simeq", column: 11),
        refuse(#"max(x, y) = x"#, Fence.xy, "\\max", column: 1),
        refuse(#"\tilde{x} = x"#, Fence.x, "\\tilde", column: 1),
        refuse(#"\frac{d}{dx} f(x) g(x)"#, Fence.functions, "ambiguous", column: 19, ambiguous: true),
        refuse(
            #"\frac{\partial L}{\partial W} = g x^\top"#, Fence.labelledGradientUnspelled, "ambiguous", column: 35,
            ambiguous: true),
        refuse(#"\dot{x} = -x"#, Fence.x, "\\dot", column: 1),
        refuse(#"|x + 1 = 2"#, Fence.x, "|", column: 1),

        refuse(
            #"""
            \begin{aligned}
            a &= \sigma(z) \\
              &\approx z
            \end{aligned}
            """#, Fence.bce, "\\approx", line: 3, column: 4),
    ]
}

@Suite("The LaTeX reader's table of refusals")
struct RefusalTableTests {
    @Test("the table is large enough")
    func tableSize() {
        #expect(RefusalTable.cases.count >= 45)
    }

    @Test("each formula is refused with its construct named at its position", arguments: RefusalTable.cases.indices)
    func refuses(number: Int) throws {
        let testCase = RefusalTable.cases[number]
        let declarations = try readerDeclarations(testCase.declarations)
        let reading = readFormula(testCase.tex, declarations: declarations)
        let context = Comment(rawValue: "case \(number): \(testCase.tex)\n  read: \(describe(reading))")
        guard case .refused(let problem) = reading else {
            Issue.record(context)
            return
        }
        #expect(problem.message.contains(testCase.messagePart), context)
        #expect(problem.line == testCase.line, context)
        #expect(problem.column == testCase.column, context)
        #expect(problem.isAmbiguous == testCase.isAmbiguous, context)
    }
}
