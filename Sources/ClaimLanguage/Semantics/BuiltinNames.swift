/// What other readers of mathematics (the LaTeX reader) may ask about the claim language's names without
/// knowing its tables.
public enum ClaimNames {
    /// The number of arguments the built-in function `name` takes (an alias such as `σ` or `ln` counts), or
    /// `nil` when `name` is not a built-in function.
    public static func builtinArity(_ name: String) -> ClosedRange<Int>? {
        Builtin.functions[name]
    }

    /// Whether `name` is a built-in constant (`π`).
    public static func isBuiltinConstant(_ name: String) -> Bool {
        Builtin.constants[name] != nil
    }

    /// The rank (0 scalar, 1 vector, 2 matrix) of `expression` in the context of `fence`'s givens and lets,
    /// found without evaluating; `nil` when it cannot be known statically.
    public static func rank(of expression: Expression, in fence: ClaimFence) -> Int? {
        RankInference(fence).rank(of: expression)
    }
}
