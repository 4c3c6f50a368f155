import ClaimLanguage
import Diagnostics
import EquationReader

/// Reads and judges the displayed equations of the posts: those a fence names with `verify=`, and, with
/// `check-equations: auto`, every other display of the post.
///
/// Each equation read becomes a ``ClaimOutcome`` of its fence (or, checked automatically, of the post's
/// "equations" fence), so the reports, the claims page and the exit status count it like any claim; each
/// display keeps a ``DisplayCheck`` with one mark per row, which ``EquationMarks`` puts on the page.
struct EquationStage: Sendable {
    /// The judge's options (samples, seed, limits, the loosest tolerance).
    let options: JudgeOptions
    /// The site's `check-equations:` (a post's own setting wins).
    let siteChecking: EquationChecking

    /// Lines added to the positions of claims read from a formula, so they never meet a fence's own positions.
    static let lineOffset = 1_000_000

    /// One display, read and judged.
    struct CheckedDisplay: Sendable {
        /// The display's place among the post's formulas.
        var formula: Int
        var check: DisplayCheck
        /// Whether the display was checked without a fence.
        var isAutomatic: Bool
        /// The id its rows' checks are reported under.
        var id: String
    }

    /// What checking one post's displays found.
    struct PostEquations: Sendable {
        var displays: [CheckedDisplay] = []
        /// The outcomes of each verifying fence's equations, by the fence's place in the post.
        var fenceOutcomes: [Int: [ClaimOutcome]] = [:]
        /// The outcomes of the displays checked automatically.
        var automaticOutcomes: [ClaimOutcome] = []
        /// Problems with `verify=` and with the fences' declarations (errors), and rows a fence asked to verify
        /// that could not be read (warnings).
        var diagnostics: [Diagnostic] = []
    }

    /// Checks one post's displays.
    ///
    /// - Parameters:
    ///   - post: the prepared post.
    ///   - fences: its judged fences, in the order of `post.fences`.
    ///   - labels: each equation label of the post and the formula it labels.
    func check(_ post: PreparedPost, fences: [JudgedFence], labels: [String: Int]) -> PostEquations {
        var result = PostEquations()
        var verified: Set<Int> = []
        for (fenceIndex, (fence, judged)) in zip(post.fences, fences).enumerated() {
            // A skipped fence (`skip="…"`) verifies nothing either.
            guard case .success(let attributes) = ClaimStage.attributes(ofInfo: fence.info), !attributes.verify.isEmpty,
                attributes.skipReason == nil
            else { continue }
            let declarations: EquationDeclarations
            do {
                declarations = try EquationDeclarations(fence.content)
            } catch {
                // The fence's own claims report the same parse error; say it once.
                continue
            }
            var outcomes: [ClaimOutcome] = []
            for label in attributes.verify {
                // `verify=above`: the formula just before the fence, for a post whose displays carry no labels.
                let above = post.formulas.indices.last { index in
                    !post.formulas[index].isInFrontMatter && post.formulas[index].location.line < fence.line
                }
                guard let formulaIndex = label == "above" ? above : labels[label] else {
                    result.diagnostics.append(
                        Diagnostic(
                            path: post.source.displayPath, location: fence.infoFragment.start,
                            message:
                                label == "above"
                                ? "swift-check fence: verify=above, but no formula stands above the fence"
                                : "swift-check fence: verify=\(label) names no equation of this post; label a display with \\label{\(label)} or {#\(label)}"
                        ).showingSource(from: post.lines))
                    continue
                }
                let formula = post.formulas[formulaIndex]
                let id = "\(judged.id)/\(label)"
                let check = checkDisplay(
                    formula.sourceTeX, declarations: declarations, attributes: attributes, id: id, options: options,
                    lineOffset: Self.lineOffset)
                verified.insert(formulaIndex)
                result.displays.append(CheckedDisplay(formula: formulaIndex, check: check, isAutomatic: false, id: id))
                outcomes += Self.outcomes(of: check, formula: formula, id: id, reportsUnread: true)
                outcomes += driftChecks(
                    declarations: declarations, check: check, label: label, fence: fence, attributes: attributes, id: id)
                result.diagnostics += Self.unreadRows(check, formula: formula, label: label, post: post)
            }
            result.fenceOutcomes[fenceIndex] = outcomes
        }
        guard (post.metadata.equationChecking ?? siteChecking) == .auto else { return result }
        for (index, formula) in post.formulas.enumerated()
        where formula.isDisplay && !formula.isInFrontMatter && !verified.contains(index) {
            let id = "\(post.slug)-equation-\(index + 1)"
            let check = checkDisplay(
                formula.sourceTeX, declarations: .automatic, attributes: FenceAttributes(), id: id, options: options,
                lineOffset: Self.lineOffset)
            result.displays.append(CheckedDisplay(formula: index, check: check, isAutomatic: true, id: id))
            result.automaticOutcomes += Self.outcomes(of: check, formula: formula, id: id, reportsUnread: true)
        }
        return result
    }

    /// The drift check: each claim of the fence whose left side is an equation's left side must agree with that
    /// equation's last row at the fence's own points, so that neither can be edited without the other.
    func driftChecks(
        declarations: EquationDeclarations, check: DisplayCheck, label: String, fence: PreparedFence,
        attributes: FenceAttributes, id: String
    ) -> [ClaimOutcome] {
        var outcomes: [ClaimOutcome] = []
        for equation in check.reading.equations {
            guard case .claim(let read) = equation.outcome, let lastRow = read.steps.last else { continue }
            for (ordinal, claim) in declarations.fence.claims.enumerated() {
                guard let stated = claim.steps.last, sameExpression(claim.first, read.first) else { continue }
                var drift = declarations.fence
                drift.claims = [
                    Claim(
                        label: nil, first: stated.expression,
                        steps: [ClaimStep(relation: .equal, expression: lastRow.expression)],
                        indices: Array(Set(claim.indices + read.indices)).sorted(), range: claim.range)
                ]
                let name = claim.label ?? "\(ordinal + 1)"
                var single = attributes
                single.expectFailure = false
                guard
                    var verdict = judge(
                        parsedFence: drift, attributes: single, fenceID: "\(id)/agrees-with-\(name)", options: options
                    ).first
                else { continue }
                if verdict.verdict == .refuted {
                    verdict.message =
                        "the claim '\(name)' and the last row of \(label) state different results for the same left side; one of them was edited without the other"
                }
                var outcome = ClaimOutcome(verdict, in: fence.bodyFragment)
                let place = fence.bodyFragment.fileLocation(of: claim.range.start)
                outcome.line = place.line
                outcome.column = place.column
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// One outcome per equation of a display: its verdict, at the row where it breaks (or its first row); an
    /// equation the reader refused is a skipped outcome saying why.
    static func outcomes(of check: DisplayCheck, formula: Formula, id: String, reportsUnread: Bool) -> [ClaimOutcome] {
        let starts = rowStartOffsets(formula.sourceTeX)
        func location(ofRow row: Int) -> SourceLocation {
            Self.location(ofSourceOffset: starts.indices.contains(row) ? starts[row] : 0, in: formula)
        }
        var outcomes: [ClaimOutcome] = []
        for (ordinal, (equation, verdict)) in zip(check.reading.equations, check.verdicts).enumerated() {
            let firstRow = equation.rows.first ?? 0
            guard let verdict else {
                guard reportsUnread, case .refused(let problem) = equation.outcome else { continue }
                let place = Self.location(ofReaderLine: problem.line, column: problem.column, in: formula)
                outcomes.append(
                    ClaimOutcome(
                        id: "\(id)/row-\(firstRow + 1)" + (check.reading.equations.count > 1 ? "-\(ordinal + 1)" : ""),
                        label: nil, line: place.line, column: place.column,
                        verdict: .skipped, latex: "", pointsTried: 0, pointsExcluded: 0, largestError: nil, seed: 0,
                        counterexample: nil, diagnosis: nil, message: "not checked: \(problem.message)", steps: []))
                continue
            }
            var outcome = ClaimOutcome(verdict, in: SourceFragment(start: SourceLocation(line: 1, column: 1), indentation: 0))
            let broken = equation.rows.dropFirst().first { check.rows[$0]?.status == .refuted } ?? firstRow
            let place = location(ofRow: verdict.verdict == .refuted ? broken : firstRow)
            outcome.line = place.line
            outcome.column = place.column
            outcome.message = outcome.message.map { fileLines(in: $0, formula: formula) }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// `message` with each "(line N)" the judge wrote for a claim read from a formula (N counting from
    /// ``lineOffset``) turned into the line of the post it stands on.
    static func fileLines(in message: String, formula: Formula) -> String {
        var result = ""
        var rest = Substring(message)
        while let start = rest.range(of: "(line ") {
            result += rest[..<start.upperBound]
            rest = rest[start.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if let line = Int(digits), line > lineOffset {
                result += String(formula.location(inSourceTeX: SourceLocation(line: line - lineOffset, column: 1)).line)
                rest = rest.dropFirst(digits.count)
            }
        }
        return result + rest
    }

    /// A warning for each row a fence asked to verify that the reader could not read.
    static func unreadRows(_ check: DisplayCheck, formula: Formula, label: String, post: PreparedPost) -> [Diagnostic] {
        let starts = rowStartOffsets(formula.sourceTeX)
        return check.reading.equations.compactMap { equation in
            guard case .refused(let problem) = equation.outcome else { return nil }
            let place = location(ofReaderLine: problem.line, column: problem.column, in: formula)
            // The row the construct stands in.
            let offset = scalarOffset(ofLine: problem.line, column: problem.column, in: formula.sourceTeX)
            let row = starts.lastIndex { $0 <= offset } ?? (equation.rows.first ?? 0)
            var diagnostic = Diagnostic(
                path: post.source.displayPath, location: place,
                message: "row \(row + 1) of \(label) is not checked: \(problem.message)")
            diagnostic.severity = .warning
            return diagnostic.showingSource(from: post.lines)
        }
    }

    /// The file position of a line and column the reader reported inside a formula's TeX as written.
    static func location(ofReaderLine line: Int, column: Int, in formula: Formula) -> SourceLocation {
        formula.location(inSourceTeX: SourceLocation(line: line, column: column))
    }

    /// The Unicode-scalar offset of a line and column in `tex`.
    static func scalarOffset(ofLine line: Int, column: Int, in tex: String) -> Int {
        var offset = 0
        var current = SourceLocation(line: 1, column: 1)
        for scalar in tex.unicodeScalars {
            if current.line > line || (current.line == line && current.column >= column) { break }
            if scalar == "\n" {
                current = SourceLocation(line: current.line + 1, column: 1)
            } else {
                current.column += 1
            }
            offset += 1
        }
        return offset
    }

    /// The file position of a Unicode-scalar offset in a formula's TeX as written.
    static func location(ofSourceOffset offset: Int, in formula: Formula) -> SourceLocation {
        var inTeX = SourceLocation(line: 1, column: 1)
        for scalar in formula.sourceTeX.unicodeScalars.prefix(offset) {
            if scalar == "\n" {
                inTeX = SourceLocation(line: inTeX.line + 1, column: 1)
            } else {
                inTeX.column += 1
            }
        }
        return formula.location(inSourceTeX: inTeX)
    }
}
