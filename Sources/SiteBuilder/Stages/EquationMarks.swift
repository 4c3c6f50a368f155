import ClaimLanguage
import EquationReader

/// Puts a checked display's marks on the page: a ✓ or ✗ at the right of each checked row (beside its number,
/// when it has one), linked to the row's entry in a list below the display that gives its counterexample.
enum EquationMarks {
    /// The anchor of a display's list of checked rows.
    static func anchor(post: PreparedPost, formula: Int) -> String { "eqcheck-\(formula + 1)" }

    /// The anchor of one row's entry.
    static func anchor(post: PreparedPost, formula: Int, row: Int) -> String { "eqcheck-\(formula + 1)-row-\(row + 1)" }

    /// Rewrites the checked displays of `post`: their TeX gets the marks, and each gets the HTML of its list.
    static func apply(_ displays: [EquationStage.CheckedDisplay], to post: inout PreparedPost) {
        for display in displays {
            let check = display.check
            // Automatic checking leaves the rows it could not read unmarked: it was not asked to read them.
            let shown: [RowCheck?] = check.rows.map { row in
                guard let row else { return nil }
                return display.isAutomatic && row.status == .notChecked ? nil : row
            }
            guard shown.contains(where: { $0 != nil }) else { continue }
            let formula = display.formula
            let snapshot = post
            var marks: [Int: EquationRowMark] = [:]
            for (row, check) in shown.enumerated() {
                guard let check else { continue }
                let anchor = anchor(post: snapshot, formula: formula, row: row)
                marks[row] =
                    switch check.status {
                    case .verified: .verified(anchor: anchor)
                    case .refuted, .followsWrongRow: .refuted(anchor: anchor)
                    case .notChecked: .notChecked(anchor: anchor)
                    }
            }
            // From the author's TeX again: the numbers and the marks in one tag per row (and `aligned`, which KaTeX
            // lets carry one tag only, set as `align*`).
            if let rewritten = post.equations.rewrittenTeX(ofFormula: formula, marks: marks) {
                post.formulas[formula].rewriting = (post.formulas[formula].sourceTeX, rewritten)
                post.formulas[formula].tex = rewritten.tex
            }
            post.formulas[formula].checkHTML = listHTML(shown, post: snapshot, formula: formula)
            // The references to the display's labels show how its check came out ("Eq. (3) ✓").
            if let worst = shown.compactMap({ $0?.status }).max() {
                let status: EquationReferenceStatus =
                    switch worst {
                    case .verified: .verified
                    case .refuted, .followsWrongRow: .refuted
                    case .notChecked: .notChecked
                    }
                for entry in post.equations.entries where entry.formula == formula {
                    post.equationStatuses[entry.label] = status
                }
            }
        }
    }

    /// The CSS class of a row's entry in the list.
    static func cssClass(_ status: RowStatus) -> String {
        switch status {
        case .verified: "verified"
        case .refuted: "refuted"
        case .followsWrongRow: "follows-wrong-row"
        case .notChecked: "not-checked"
        }
    }

    /// The list below a display: one entry per marked row.
    static func listHTML(_ rows: [RowCheck?], post: PreparedPost, formula: Int) -> String {
        let refuted = rows.contains { $0?.status == .refuted || $0?.status == .followsWrongRow }
        let counts = Dictionary(grouping: rows.compactMap { $0?.status }, by: { $0 }).mapValues(\.count)
        var summary: [String] = []
        if let n = counts[.verified] { summary.append("\(n) ✓") }
        let wrong = (counts[.refuted] ?? 0) + (counts[.followsWrongRow] ?? 0)
        if wrong > 0 { summary.append("\(wrong) ✗") }
        if let n = counts[.notChecked] { summary.append("\(n) not checked") }
        var html =
            "<details class=\"equation-check\(refuted ? " has-refuted" : "")\" id=\"\(anchor(post: post, formula: formula))\"\(refuted ? " open" : "")>"
            + "<summary>Rows checked: \(summary.joined(separator: ", "))</summary><ol class=\"equation-rows\">"
        for (row, check) in rows.enumerated() {
            guard let check else { continue }
            let cssClass = cssClass(check.status)
            html +=
                "<li id=\"\(anchor(post: post, formula: formula, row: row))\" class=\"eq-row eq-row-\(cssClass)\" value=\"\(row + 1)\">"
            html += "<span class=\"eq-row-mark\">\(symbol(check.status))</span> " + HTML.escape(sentence(for: check, row: row))
            html += "</li>"
        }
        return html + "</ol></details>\n"
    }

    private static func symbol(_ status: RowStatus) -> String {
        switch status {
        case .verified: "✓"
        case .refuted, .followsWrongRow: "✗"
        case .notChecked: "–"
        }
    }

    /// What a row's entry says.
    static func sentence(for check: RowCheck, row: Int) -> String {
        switch check.status {
        case .verified:
            return "Row \(row + 1) holds: it equals the equation's left side at every point tried."
        case .notChecked:
            return "Row \(row + 1) is not checked: \(check.message ?? "it could not be read")."
        case .followsWrongRow:
            return "Row \(row + 1) follows from the row before it, but that row is wrong, so this row is wrong too."
        case .refuted:
            var text = "Row \(row + 1) does not follow from the row before it"
            if let counterexample = check.counterexample {
                let point = counterexample.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                text += point.isEmpty ? "" : ": at \(point)"
                text += ", the two sides compared are \(counterexample.lhs) and \(counterexample.rhs)"
            }
            if let diagnosis = check.diagnosis { text += " (\(diagnosis))" }
            return text + "."
        }
    }
}
