import ClaimLanguage
import Diagnostics

/// What a `verify` fence tells the reader that the LaTeX cannot: `given` domains, `let` definitions,
/// `latex TEX = EXPR` spellings and `index i in 1...3` declarations.
public struct EquationDeclarations: Sendable {
    /// The givens and lets, parsed by the claim language's parser (no claims).
    public var fence: ClaimFence

    /// No declarations: automatic mode, in which single letters are free scalar variables.
    public static let automatic = EquationDeclarations(fence: ClaimFence(givens: [], lets: [], claims: []))

    init(fence: ClaimFence) {
        self.fence = fence
    }

    /// Parses declarations written in the fence language.
    /// - Throws: a `LocatedError` relative to the first line of `source`.
    public init(_ source: String) throws(LocatedError) {
        self.fence = try parseClaimFence(source)
    }
}

/// Reads one formula (a display's TeX, without its delimiters) into claims.
public func readFormula(_ tex: String, declarations: EquationDeclarations) -> FormulaReading {
    .refused(ReadingProblem("the reader is not written yet", column: 1))
}
