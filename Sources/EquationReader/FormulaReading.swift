import ClaimLanguage
import Diagnostics

/// Why a formula, or one equation of it, is not checked: a construct the reader cannot read, or a
/// reading it will not choose between.
public struct ReadingProblem: Error, Sendable, Equatable {
    /// The message, naming the command or construct (`\int is not read: an integral cannot be checked by sampling`).
    public var message: String
    /// The 1-based line of the construct in the TeX that was read.
    public var line: Int
    /// The 1-based column (in Unicode scalars) of the construct in its line.
    public var column: Int
    /// `true` when the formula has more than one reading and the reader will not choose (`\sin x^2`).
    public var isAmbiguous: Bool

    /// Creates a problem.
    public init(_ message: String, line: Int = 1, column: Int, isAmbiguous: Bool = false) {
        self.message = message
        self.line = line
        self.column = column
        self.isAmbiguous = isAmbiguous
    }
}

/// What the reader made of one formula.
public enum FormulaReading: Sendable, Equatable {
    /// The formula states one or more equations (or inequalities), each a claim; a chain `a = b = c`, or
    /// rows continued by `&=`, is one claim of several steps.
    case claims([Claim])
    /// The formula is one expression with no relation in it.
    case expression(Expression)
    /// The formula, or one of its equations, could not be read.
    case refused(ReadingProblem)
}
