import ClaimLanguage
import Testing

/// The claim printer writes what an author would: `⊙` for element-wise products of tensors, `e^{…}` for
/// `exp`, and function arguments against the function's name.
@Suite("LaTeX as the prose would print it")
struct ProsePrintingTests {
    /// Givens of every rank, a vector let and a function let.
    static let header = """
        given s ∈ ℝ, t ∈ ℝ, u ∈ ℝ^3, v ∈ ℝ^3, W ∈ ℝ^(3×3), p ∈ simplex(3), i ∈ {1, 2, 3}
        let a = σ(W @ u)
        let c = sum(u)
        let g(x) = x * x
        """

    @Test(
        "claim text → LaTeX",
        arguments: [
            // Element-wise products of tensors: ⊙, whichever way the tensors come.
            ("u * v", "u \\odot v"),
            ("a * (1 - a)", "a \\odot (1 - a)"),
            ("(W @ u) * v", "W u \\odot v"),
            ("p * log(p)", "p \\odot \\log(p)"),
            ("σ(u) * (1 - σ(u))", "\\sigma(u) \\odot (1 - \\sigma(u))"),
            ("W * W", "W \\odot W"),
            ("g(u)", "g(u)"),
            ("g(u) * v", "g(u) \\odot v"),
            ("∂c/∂u * u", "\\frac{\\partial c}{\\partial u} \\odot u"),
            // A scalar in the product: ·, a scalar times a tensor or a scalar product.
            ("s * u", "s \\cdot u"),
            ("u * s", "u \\cdot s"),
            ("s * t", "s \\cdot t"),
            ("c * u", "c \\cdot u"),
            ("u[i] * v[i]", "u_{i} \\cdot v_{i}"),
            ("sum(u * v)", "\\sum (u \\odot v)"),
            ("dot(u, v) * s", "u \\cdot v \\cdot s"),
            ("g(s) * t", "g(s) \\cdot t"),
            ("(u @ v) * s", "u v \\cdot s"),
            // exp as a power of e.
            ("exp(s)", "e^{s}"),
            ("exp(-s)", "e^{-s}"),
            ("1/(1 + exp(-s))", "\\frac{1}{1 + e^{-s}}"),
            ("exp(s)^2", "(e^{s})^{2}"),
            ("exp(s + t) * exp(s)", "e^{s + t} \\cdot e^{s}"),
            ("-exp(s)", "-e^{s}"),
            ("exp(u) * v", "e^{u} \\odot v"),
            // No stray space between a function and its parenthesis: plain parentheses on a line of text,
            // and tall ones that sit against the name.
            ("σ(s)", "\\sigma(s)"),
            ("sigmoid(s + t)", "\\sigma(s + t)"),
            ("log(1 - σ(s))", "\\log(1 - \\sigma(s))"),
            ("softplus(s)", "\\operatorname{softplus}(s)"),
            ("σ(s/t)", "\\sigma\\mathopen{}\\left(\\frac{s}{t}\\right)\\mathclose{}"),
            ("abs(s)", "\\lvert s \\rvert"),
            ("abs(s/t)", "\\left|\\frac{s}{t}\\right|"),
            ("(s + t)/2", "\\frac{s + t}{2}"),
            ("s * (t + 1/s)", "s \\cdot \\mathopen{}\\left(t + \\frac{1}{s}\\right)\\mathclose{}"),
            ("max(s, t)", "\\max(s, t)"),
        ])
    func printed(_ expression: String, _ expected: String) throws {
        let fence = try parseClaimFence(Self.header + "\nclaim " + expression + " = 0")
        #expect(latex(fence.claims[0].first, in: fence) == expected)
        #expect(latex(for: fence.claims[0], in: fence) == expected + " = 0")
    }

    @Test("without its fence, a product reads as a scalar product")
    func withoutFence() throws {
        let fence = try parseClaimFence(Self.header + "\nclaim u * v = v * u")
        #expect(latex(for: fence.claims[0]) == "u \\cdot v = v \\cdot u")
        #expect(latex(for: fence.claims[0], in: fence) == "u \\odot v = v \\odot u")
    }

    @Test("a chain prints ⊙ in every step")
    func chain() throws {
        let fence = try parseClaimFence(Self.header + "\nclaim ∂a/∂u = a * (1 - a) = a - a * a")
        #expect(
            latex(for: fence.claims[0], in: fence)
                == "\\frac{\\partial a}{\\partial u} = a \\odot (1 - a) = a - a \\odot a")
    }
}
