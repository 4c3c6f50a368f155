import ClaimLanguage
import Diagnostics

/// The mark one row of a checked display carries.
public enum RowStatus: String, Sendable, Codable, Equatable, Comparable {
    /// Every equation step on the row holds against the equation's left side.
    case verified
    /// The row could not be checked: the reader refused it, or judging it was an error.
    case notChecked
    /// The row follows from the row before it, but that row is wrong, so this row's equation is false too.
    case followsWrongRow
    /// The row breaks the derivation: it holds neither against the row before nor against the left side.
    case refuted

    private var severity: Int {
        switch self {
        case .verified: 0
        case .notChecked: 1
        case .followsWrongRow: 2
        case .refuted: 3
        }
    }

    public static func < (a: RowStatus, b: RowStatus) -> Bool { a.severity < b.severity }
}

/// What checking one row of a display found.
public struct RowCheck: Sendable, Codable, Equatable {
    /// The mark.
    public var status: RowStatus
    /// Why the row was not checked, or what is wrong with it, in one sentence.
    public var message: String?
    /// A point at which the row fails, for the row where a derivation breaks.
    public var counterexample: Counterexample?
    /// A pattern in the failures, when the samples show one ("sign error").
    public var diagnosis: String?
    /// Whether the reader refused the row as ambiguous (rather than as unreadable).
    public var isAmbiguous = false
}

/// A display read and judged: one entry per row (`nil` for a row with no equation step to check, such as a
/// left side whose right side begins on the next row), and the verdicts of its equations.
public struct DisplayCheck: Sendable, Equatable {
    /// Per row, its check; `nil` when the row holds no step.
    public var rows: [RowCheck?]
    /// What the reader made of the display.
    public var reading: DisplayReading
    /// The verdict of each equation that was read as a claim, in order (`nil` for the others).
    public var verdicts: [ClaimVerdict?]

    /// The worst status of any row, `nil` when no row was checked.
    public var status: RowStatus? { rows.compactMap { $0?.status }.max() }
}

/// Reads a display and judges each of its equations with the declarations' givens and lets, marking each row.
///
/// - Parameters:
///   - tex: the display's TeX.
///   - declarations: the fence's givens, lets, spellings and indices; or ``EquationDeclarations/automatic``,
///     in which case every free letter is sampled over ``automaticDomain(of:in:)``.
///   - attributes: the fence's attributes (samples, seed, tolerances, `expect=fail`).
///   - id: the id the equations' verdicts extend (`fence-id/eq:dLdz/1`).
///   - options: the judge's options.
///   - lineOffset: see ``readDisplay(_:declarations:lineOffset:)``.
public func checkDisplay(
    _ tex: String, declarations: EquationDeclarations, attributes: FenceAttributes, id: String,
    options: JudgeOptions = JudgeOptions(), lineOffset: Int = 0
) -> DisplayCheck {
    let reading = readDisplay(tex, declarations: declarations, lineOffset: lineOffset)
    var rows: [RowCheck?] = Array(repeating: nil, count: reading.rowCount)
    var verdicts: [ClaimVerdict?] = []
    func mark(_ row: Int, _ check: RowCheck) {
        guard rows.indices.contains(row) else { return }
        if let existing = rows[row], existing.status >= check.status { return }
        rows[row] = check
    }
    let claimCount = reading.equations.filter { if case .claim = $0.outcome { true } else { false } }.count
    var ordinal = 0
    for equation in reading.equations {
        switch equation.outcome {
        case .refused(let problem):
            verdicts.append(nil)
            mark(
                equation.rows[0],
                RowCheck(status: .notChecked, message: problem.message, isAmbiguous: problem.isAmbiguous))
        case .expression:
            verdicts.append(nil)
        case .claim(let written):
            var claim = written
            var rows = equation.rows
            if declarations.isAutomatic, case .name(let defined, _) = claim.first,
                !claim.steps.contains(where: { step in mentionsName(step.expression, defined) })
            {
                // `a = σ(z)` defines `a`: automatic checking has nothing to check it against. What follows
                // the definition in a chain (`= 1/(1 + e^{-z})`) is still checked.
                guard claim.steps.count >= 2 else {
                    verdicts.append(nil)
                    mark(
                        rows[0],
                        RowCheck(status: .notChecked, message: "it defines \(defined), so there is nothing to check it against"))
                    continue
                }
                claim = Claim(
                    label: nil, first: claim.steps[0].expression, steps: Array(claim.steps.dropFirst()),
                    indices: claim.indices, range: claim.range)
                rows = Array(rows.dropFirst())
            }
            if declarations.isAutomatic, claim.steps.contains(where: { $0.relation != .equal }) {
                verdicts.append(nil)
                mark(rows[0], RowCheck(status: .notChecked, message: "automatic checking checks equalities only"))
                continue
            }
            ordinal += 1
            var fence = declarations.fence
            fence.claims = [claim]
            fence.givens += automaticGivens(equation.freeVariables, claim: claim, declarations: declarations)
            let claimID = claimCount > 1 ? "\(id)/\(ordinal)" : id
            guard let verdict = judge(parsedFence: fence, attributes: attributes, fenceID: claimID, options: options).first
            else {
                verdicts.append(nil)
                continue
            }
            verdicts.append(verdict)
            if verdict.verdict == .error, claim.steps.count > 1 {
                // One step that cannot be judged (a derivative with respect to a name its expression does not
                // mention, say) should not hide the others: judge each step on its own.
                markStepsOneByOne(
                    claim, fence: fence, rows: rows, id: claimID, attributes: attributes, options: options, mark: mark)
            } else {
                markRows(of: verdict, rows: rows, mark: mark)
            }
        }
    }
    return DisplayCheck(rows: rows, reading: reading, verdicts: verdicts)
}

/// Marks each step of a chain by judging it against the first expression and against the step before it,
/// each as a claim of its own.
private func markStepsOneByOne(
    _ claim: Claim, fence: ClaimFence, rows: [Int], id: String, attributes: FenceAttributes, options: JudgeOptions,
    mark: (Int, RowCheck) -> Void
) {
    let expressions = [claim.first] + claim.steps.map(\.expression)
    for (k, step) in claim.steps.enumerated() where k + 1 < rows.count {
        func verdict(from left: Expression) -> ClaimVerdict? {
            var single = fence
            single.claims = [
                Claim(
                    label: nil, first: left, steps: [step], indices: claim.indices,
                    range: SourceRange(start: left.range.start, end: step.expression.range.end))
            ]
            return judge(parsedFence: single, attributes: attributes, fenceID: "\(id)/step-\(k + 1)", options: options).first
        }
        guard let againstFirst = verdict(from: expressions[0]),
            let againstPrevious = k == 0 ? againstFirst : verdict(from: expressions[k])
        else { continue }
        let row = rows[k + 1]
        if againstFirst.verdict == .verified || againstFirst.verdict == .unexpectedlyVerified {
            mark(row, RowCheck(status: .verified))
        } else if againstPrevious.verdict == .error || againstFirst.verdict == .error {
            let failed = againstPrevious.verdict == .error ? againstPrevious : againstFirst
            mark(row, RowCheck(status: .notChecked, message: failed.message))
        } else if againstPrevious.verdict == .verified || againstPrevious.verdict == .unexpectedlyVerified {
            mark(
                row,
                RowCheck(
                    status: .followsWrongRow,
                    message: "follows from the row before it, but that row is wrong, so this row is wrong too"))
        } else {
            mark(
                row,
                RowCheck(
                    status: .refuted, message: "this row does not follow from the row before it",
                    counterexample: againstPrevious.counterexample, diagnosis: againstPrevious.diagnosis))
        }
    }
}

/// Marks each step's row from a claim's verdict.
private func markRows(of verdict: ClaimVerdict, rows: [Int], mark: (Int, RowCheck) -> Void) {
    let stepRows = Array(rows.dropFirst())
    switch verdict.verdict {
    case .verified, .unexpectedlyVerified:
        for row in stepRows { mark(row, RowCheck(status: .verified)) }
    case .refuted, .refutedAsExpected:
        if verdict.steps.isEmpty {
            for row in stepRows {
                mark(
                    row,
                    RowCheck(
                        status: .refuted, message: verdict.message, counterexample: verdict.counterexample,
                        diagnosis: verdict.diagnosis))
            }
            return
        }
        var decisiveMarked = false
        for (k, step) in verdict.steps.enumerated() where k < stepRows.count {
            if step.holdsAgainstFirst {
                mark(stepRows[k], RowCheck(status: .verified))
            } else if step.holdsAgainstPrevious {
                mark(
                    stepRows[k],
                    RowCheck(
                        status: .followsWrongRow,
                        message: "follows from the row before it, but that row is wrong, so this row is wrong too"))
            } else {
                let decisive = !decisiveMarked
                decisiveMarked = true
                mark(
                    stepRows[k],
                    RowCheck(
                        status: .refuted, message: "this row does not follow from the row before it",
                        counterexample: decisive ? verdict.counterexample : nil, diagnosis: decisive ? verdict.diagnosis : nil))
            }
        }
    case .error, .skipped:
        let check = RowCheck(status: .notChecked, message: verdict.message)
        for row in stepRows { mark(row, check) }
        if stepRows.isEmpty, let row = rows.first { mark(row, check) }
    }
}

/// The givens automatic mode adds: each free letter over its default domain.
private func automaticGivens(_ letters: [String], claim: Claim, declarations: EquationDeclarations) -> [Given] {
    guard declarations.isAutomatic else { return [] }
    let range = claim.range
    return letters.map { letter in
        Given(name: letter, domain: automaticDomain(of: letter, in: claim), range: range)
    }
}

/// The domain automatic checking samples a free letter over: the positive reals `ℝ⁺` when the letter stands
/// inside a `log`, a `sqrt`, a denominator or the base of a power that is not a whole number; else the reals `ℝ`.
public func automaticDomain(of letter: String, in claim: Claim) -> DomainSyntax {
    var needsPositive = false
    func mentions(_ e: Expression) -> Bool {
        var found = false
        visitNames(e) { if $0 == letter { found = true } }
        return found
    }
    func visit(_ e: Expression) {
        switch e {
        case .call(let name, let arguments, _):
            if ["log", "ln", "sqrt", "log10", "log2", "logb"].contains(name), arguments.contains(where: mentions) {
                needsPositive = true
            }
            arguments.forEach(visit)
        case .binary(.divide, let a, let b, _):
            if mentions(b) { needsPositive = true }
            visit(a)
            visit(b)
        case .binary(.power, let a, let b, _):
            if case .number(let n, _) = b, n == n.rounded() {} else if mentions(a) { needsPositive = true }
            visit(a)
            visit(b)
        default:
            forEachChild(e, visit)
        }
    }
    visit(claim.first)
    for step in claim.steps { visit(step.expression) }
    // The reals as the claim language samples `ℝ`; the positive reals as it samples `ℝ⁺`, the half-line `(0, ∞)`.
    return needsPositive
        ? .elements(.interval(lower: 0, upper: .infinity, lowerClosed: false, upperClosed: false), shape: [])
        : .elements(.reals, shape: [])
}

/// Whether `e` mentions the name `name`.
func mentionsName(_ e: Expression, _ name: String) -> Bool {
    var found = false
    visitNames(e) { if $0 == name { found = true } }
    return found
}

/// Calls `body` with every name an expression mentions.
func visitNames(_ e: Expression, _ body: (String) -> Void) {
    if case .name(let n, _) = e { body(n) }
    forEachChild(e) { visitNames($0, body) }
}

/// Calls `body` with each direct child of `e`.
func forEachChild(_ e: Expression, _ body: (Expression) -> Void) {
    switch e {
    case .number, .name: break
    case .negate(let a, _), .transpose(let a, _): body(a)
    case .binary(_, let a, let b, _):
        body(a)
        body(b)
    case .index(let b, let i, _):
        body(b)
        i.forEach(body)
    case .call(_, let a, _): a.forEach(body)
    case .derivative(let b, _, let i, _, _, _):
        body(b)
        i.forEach(body)
    case .vector(let entries, _): entries.forEach(body)
    case .sum(_, let lower, let upper, let b, _):
        body(lower)
        body(upper)
        body(b)
    case .piecewise(let cases, let otherwise, _):
        for piece in cases {
            body(piece.condition.left)
            body(piece.condition.right)
            body(piece.value)
        }
        if let otherwise { body(otherwise) }
    }
}

/// Whether two expressions are the same tree, wherever they were written.
public func sameExpression(_ a: Expression, _ b: Expression) -> Bool {
    switch (a, b) {
    case (.number(let x, _), .number(let y, _)): return x == y
    case (.name(let x, _), .name(let y, _)): return x == y
    case (.negate(let x, _), .negate(let y, _)), (.transpose(let x, _), .transpose(let y, _)): return sameExpression(x, y)
    case (.binary(let o, let x1, let x2, _), .binary(let p, let y1, let y2, _)):
        return o == p && sameExpression(x1, y1) && sameExpression(x2, y2)
    case (.index(let x, let i, _), .index(let y, let j, _)):
        return sameExpression(x, y) && i.count == j.count && zip(i, j).allSatisfy(sameExpression)
    case (.call(let f, let x, _), .call(let g, let y, _)):
        return canonicalFunction(f) == canonicalFunction(g) && x.count == y.count && zip(x, y).allSatisfy(sameExpression)
    case (.derivative(let x, let v, let i, let o, _, _), .derivative(let y, let w, let j, let p, _, _)):
        return v == w && o == p && sameExpression(x, y) && i.count == j.count && zip(i, j).allSatisfy(sameExpression)
    default: return false
    }
}

/// A built-in's one name (`ln` is `log`, `σ` is `sigmoid`).
private func canonicalFunction(_ name: String) -> String {
    switch name {
    case "ln": "log"
    case "σ": "sigmoid"
    case "δ": "delta"
    default: name
    }
}
