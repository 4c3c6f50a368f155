import Diagnostics

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

extension ClaimVerdict {
    /// A claim that was not judged because its fence could not be read: an error at `location` (relative to
    /// the fence body), for readers of fences other than the claim language's parser.
    public static func unreadFence(id: String, message: String, at location: SourceLocation, seed: UInt64) -> ClaimVerdict {
        ClaimVerdict(
            id: id, label: nil, line: location.line, verdict: .error, seed: seed, message: message, errorPosition: location,
            latex: "")
    }
}
