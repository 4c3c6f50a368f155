import ArgumentParser
import ClaimLanguage
import EquationReader
import Foundation

extension BuildSiteCommand {
    /// `build-site read-latex 'TEX'`: what the equation reader makes of a formula.
    public struct ReadLaTeX: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "read-latex",
            abstract: "Print what the equation reader makes of a formula, in the claim language.",
            discussion: """
                Reads TEX as a display's LaTeX (environments such as aligned included) and prints each \
                equation as the claim it is checked as, with the rows it stands on, or the precise reason \
                it is not read. Without --let the formula is read as check-equations: auto reads it: single \
                letters are free variables. Each --let is one line of a verify fence: \
                --let "given z ∈ [-8, 8]" --let "let a = σ(z)" --let "latex \\hat{y} = a" --let "index i in 1...3". \
                With --check each row is also judged and its mark printed.

                Exit status: 0 when every equation was read (and, with --check, held), 1 when one was not \
                read (or, with --check, a row was refuted), 2 when a --let line is bad.
                """)

        @Argument(help: "The formula's TeX, without $$ delimiters.")
        public var tex: String

        @Option(name: .customLong("let"), help: "A line of the fence: given, let, latex or index (repeatable).")
        public var lines: [String] = []

        @Flag(help: "Also judge each row and print its mark.")
        public var check = false

        public init() {}

        public func run() throws {
            let declarations: EquationDeclarations
            if lines.isEmpty {
                declarations = .automatic
            } else {
                do {
                    declarations = try EquationDeclarations(lines.joined(separator: "\n"))
                } catch {
                    FileHandle.standardError.write(Data("error: --let line \(error.location.line): \(error.message)\n".utf8))
                    throw ExitCode(2)
                }
            }
            let text = Self.report(tex, declarations: declarations, judging: check)
            print(text.report, terminator: "")
            if !text.allRead { throw ExitCode(1) }
        }

        /// The printed report, and whether every equation was read (and held, when judged).
        static func report(_ tex: String, declarations: EquationDeclarations, judging: Bool) -> (
            report: String, allRead: Bool
        ) {
            let reading = readDisplay(tex, declarations: declarations)
            var lines: [String] = []
            var allRead = true
            for equation in reading.equations {
                let rows = Array(Set(equation.rows)).sorted().map { String($0 + 1) }.joined(separator: ", ")
                let place = reading.rowCount > 1 ? "rows \(rows): " : ""
                switch equation.outcome {
                case .claim(let claim):
                    let free =
                        equation.freeVariables.isEmpty ? "" : "   (free: \(equation.freeVariables.joined(separator: ", ")))"
                    lines.append(place + claimSyntax(claim) + free)
                case .expression(let expression):
                    lines.append(place + "expression: " + claimSyntax(expression))
                case .refused(let problem):
                    allRead = false
                    let kind = problem.isAmbiguous ? "ambiguous" : "not read"
                    lines.append(place + "\(kind) at \(problem.line):\(problem.column): \(problem.message)")
                }
            }
            if judging {
                let check = checkDisplay(tex, declarations: declarations, attributes: FenceAttributes(), id: "read-latex")
                for (row, mark) in check.rows.enumerated() {
                    guard let mark else { continue }
                    let symbol =
                        switch mark.status {
                        case .verified: "✓"
                        case .refuted, .followsWrongRow: "✗"
                        case .notChecked: "–"
                        }
                    if mark.status == .refuted || mark.status == .followsWrongRow { allRead = false }
                    var line = "row \(row + 1): \(symbol) \(mark.status.rawValue)"
                    if let message = mark.message { line += ": \(message)" }
                    if let counterexample = mark.counterexample {
                        let point = counterexample.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                        line += " (at \(point): \(counterexample.lhs) vs \(counterexample.rhs))"
                    }
                    lines.append(line)
                }
            }
            return (lines.map { $0 + "\n" }.joined(), allRead)
        }
    }
}
