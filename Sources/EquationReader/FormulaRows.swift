/// The environments whose body is rows of equations (`\\` between rows, `&` for alignment).
let rowEnvironments: Set<String> = [
    "align", "align*", "aligned", "alignat", "alignat*", "alignedat", "eqnarray", "eqnarray*", "split", "gather",
    "gather*", "gathered", "equation", "equation*", "multline", "multline*", "flalign", "flalign*",
]

/// Commands that only lay out a formula or name it, and are dropped with their argument.
private let droppedWithArgument: Set<String> = ["label", "tag", "tag*"]
/// Commands dropped on their own.
private let droppedAlone: Set<String> = ["nonumber", "notag", "displaystyle", "textstyle", "hline"]

/// The name in `{…}` right after `tokens[index]` (a `\begin` or `\end`), and the index after the closing brace.
func environmentName(in tokens: [TeXToken], after index: Int) -> (name: String, next: Int)? {
    guard index + 1 < tokens.count, tokens[index + 1].kind == .open else { return nil }
    var name = ""
    var k = index + 2
    while k < tokens.count, tokens[k].kind != .close {
        name += tokens[k].text
        k += 1
    }
    guard k < tokens.count else { return nil }
    return (name, k + 1)
}

/// The index of the token that closes the group opened at `tokens[start]` (`{`), or `nil` if it is never closed.
func closingBrace(in tokens: [TeXToken], from start: Int) -> Int? {
    var depth = 0
    var k = start
    while k < tokens.count {
        switch tokens[k].kind {
        case .open: depth += 1
        case .close:
            depth -= 1
            if depth == 0 { return k }
        default: break
        }
        k += 1
    }
    return nil
}

/// The rows of a display: its outer row environment (or `\eqalign{…}`) taken off, split at top-level `\\`
/// and `\cr`, with `&`, `\label{…}`, `\tag{…}`, `\nonumber` and the like removed.
func displayRows(_ all: [TeXToken]) throws(ReadingProblem) -> [[TeXToken]] {
    var tokens = all
    try checkBalance(tokens)
    // Take off outer environments, as many as are nested (`equation` around `split`).
    while let first = tokens.first, first.kind == .command("begin"),
        let (name, bodyStart) = environmentName(
            in: tokens, after: 0), rowEnvironments.contains(name),
        let last = tokens.lastIndex(where: { $0.kind == .command("end") }),
        environmentName(in: tokens, after: last)?.name == name, environmentName(in: tokens, after: last)?.next == tokens.count
    {
        var start = bodyStart
        if name.hasPrefix("alignat") || name == "alignedat", start < tokens.count, tokens[start].kind == .open,
            let close = closingBrace(in: tokens, from: start)
        {
            start = close + 1
        }
        tokens = Array(tokens[start..<last])
    }
    // Plain TeX: `\eqalign{…}` or `\eqalignno{…}` as the whole formula.
    if let first = tokens.first, first.kind == .command("eqalign") || first.kind == .command("eqalignno"),
        tokens.count > 1, tokens[1].kind == .open, closingBrace(in: tokens, from: 1) == tokens.count - 1
    {
        tokens = Array(tokens[2..<(tokens.count - 1)])
    }
    var rows: [[TeXToken]] = []
    var row: [TeXToken] = []
    var depth = 0
    var k = 0
    while k < tokens.count {
        let token = tokens[k]
        switch token.kind {
        case .open: depth += 1
        case .close: depth -= 1
        case .command("begin"): depth += 1
        case .command("end"): depth -= 1
        default: break
        }
        if depth == 0, token.kind == .rowBreak {
            rows.append(row)
            row = []
            k += 1
            // `\\[4pt]` and `\\*`: spacing after a row break.
            if k < tokens.count, tokens[k].kind == .symbol("*") { k += 1 }
            if k < tokens.count, tokens[k].kind == .symbol("["),
                let close = tokens[k...].firstIndex(where: { $0.kind == .symbol("]") })
            {
                k = close + 1
            }
            continue
        }
        if depth == 0, token.kind == .alignmentTab {
            k += 1
            continue
        }
        if case .command(let name) = token.kind {
            if droppedAlone.contains(name) {
                k += 1
                continue
            }
            let starred = name == "tag" && k + 1 < tokens.count && tokens[k + 1].kind == .symbol("*")
            if droppedWithArgument.contains(name) {
                let argument = k + (starred ? 2 : 1)
                if argument < tokens.count, tokens[argument].kind == .open,
                    let close = closingBrace(in: tokens, from: argument)
                {
                    k = close + 1
                    continue
                }
            }
        }
        row.append(token)
        k += 1
    }
    rows.append(row)
    return rows
}

/// Refuses unbalanced braces, `\left` without `\right` and `\begin` without `\end`, at the offending token.
private func checkBalance(_ tokens: [TeXToken]) throws(ReadingProblem) {
    var braces: [TeXToken] = []
    var lefts: [TeXToken] = []
    var begins: [TeXToken] = []
    for token in tokens {
        switch token.kind {
        case .open: braces.append(token)
        case .close:
            guard braces.popLast() != nil else {
                throw ReadingProblem("'}' closes no group", line: token.line, column: token.column)
            }
        case .command("left"): lefts.append(token)
        case .command("right"):
            guard lefts.popLast() != nil else {
                throw ReadingProblem("\\right has no \\left", line: token.line, column: token.column)
            }
        case .command("begin"): begins.append(token)
        case .command("end"):
            guard begins.popLast() != nil else {
                throw ReadingProblem("\\end has no \\begin", line: token.line, column: token.column)
            }
        default: break
        }
    }
    if let open = braces.first { throw ReadingProblem("'{' is never closed", line: open.line, column: open.column) }
    if let left = lefts.first { throw ReadingProblem("\\left is never closed by \\right", line: left.line, column: left.column) }
    if let begin = begins.first {
        throw ReadingProblem("\\begin is never closed by \\end", line: begin.line, column: begin.column)
    }
}

/// The Unicode-scalar offset in `tex` at which each row of the display starts, in order (the rows as
/// ``displayRows(_:)`` splits them; an empty row starts where it ends).
public func rowStartOffsets(_ tex: String) -> [Int] {
    var tokens = tokenizeTeX(tex)
    var bodyEnd = tex.unicodeScalars.count
    while let first = tokens.first, first.kind == .command("begin"),
        let (name, bodyStart) = environmentName(in: tokens, after: 0), rowEnvironments.contains(name),
        let last = tokens.lastIndex(where: { $0.kind == .command("end") }),
        environmentName(in: tokens, after: last)?.name == name
    {
        bodyEnd = tokens[last].offset
        tokens = Array(tokens[bodyStart..<last])
    }
    var starts = [tokens.first?.offset ?? bodyEnd]
    var depth = 0
    for (k, token) in tokens.enumerated() {
        switch token.kind {
        case .open, .command("begin"): depth += 1
        case .close, .command("end"): depth -= 1
        default: break
        }
        if depth == 0, token.kind == .rowBreak {
            starts.append(k + 1 < tokens.count ? tokens[k + 1].offset : bodyEnd)
        }
    }
    return starts
}
