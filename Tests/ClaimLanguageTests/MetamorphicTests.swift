import ClaimLanguage
import Testing

// Metamorphic tests over the truth table: rewrites of a claim that do not change its meaning must not
// change its verdict. Each rewrite is textual and applied only where it is certainly meaning-preserving;
// a row the rewrite cannot handle safely is left alone.

/// The last line of a fence, when it is a whole one-relation claim: `claim [LABEL: ]LEFT REL RIGHT [for i, j]`.
struct ClaimLine: Equatable {
    /// `claim ` and the label, if any (`claim sig: `).
    var head: String
    var left: String
    var relation: String
    var right: String
    /// ` for i, j`, or empty.
    var forClause: String
    /// Every line of the fence before the claim.
    var preamble: [String]

    /// The claim written back with the given parts.
    func written(left: String? = nil, relation: String? = nil, right: String) -> String {
        (preamble + ["\(head)\(left ?? self.left) \(relation ?? self.relation) \(right)\(forClause)"])
            .joined(separator: "\n")
    }
}

/// Relations of the claim language, longest spellings first so `<=` is not read as `<`.
let relationSpellings = ["<=", ">=", "==", "≤", "≥", "≈", "=", "<", ">"]

/// Positions (in `text`) of the top-level occurrences of `tokens` (outside parentheses and brackets),
/// longest match first.
func topLevelOccurrences(of tokens: [String], in text: String) -> [(offset: Int, token: String)] {
    let characters = Array(text)
    var result: [(Int, String)] = []
    var depth = 0
    var i = 0
    while i < characters.count {
        let c = characters[i]
        if c == "(" || c == "[" {
            depth += 1
        } else if c == ")" || c == "]" {
            depth -= 1
        } else if depth == 0,
            let token = tokens.first(where: { t in
                let t = Array(t)
                return i + t.count <= characters.count && Array(characters[i..<(i + t.count)]) == t
            })
        {
            result.append((i, token))
            i += token.count
            continue
        }
        i += 1
    }
    return result
}

/// Splits a fence's last line into a ``ClaimLine``, or `nil` when it is not a single-line claim with exactly
/// one top-level relation (chains, continuations and comments are left alone).
func parseClaimLine(_ source: String) -> ClaimLine? {
    var lines = source.components(separatedBy: "\n")
    guard let last = lines.popLast(), last.hasPrefix("claim "), !last.contains("#") else { return nil }
    var body = String(last.dropFirst("claim ".count))
    var head = "claim "
    // A label: a name followed by ': '.
    if let colon = body.range(of: ": "), body[..<colon.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
        head += String(body[..<colon.upperBound])
        body = String(body[colon.upperBound...])
    }
    var forClause = ""
    if let range = body.range(of: " for ", options: .backwards) {
        let names = body[range.upperBound...].components(separatedBy: ", ")
        if names.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0 == "_" } }) {
            forClause = String(body[range.lowerBound...])
            body = String(body[..<range.lowerBound])
        }
    }
    let relations = topLevelOccurrences(of: relationSpellings, in: body)
    guard relations.count == 1, let relation = relations.first else { return nil }
    let characters = Array(body)
    let left = String(characters[..<relation.offset]).trimmingCharacters(in: .whitespaces)
    let right = String(characters[(relation.offset + relation.token.count)...]).trimmingCharacters(in: .whitespaces)
    guard !left.isEmpty, !right.isEmpty else { return nil }
    return ClaimLine(
        head: head, left: left, relation: relation.token, right: right, forClause: forClause, preamble: lines)
}

/// Whether `expression` contains a derivative in operator form (`d/dz …`, `∂/∂z …`), whose operand extends
/// further than its text suggests, so that moving or wrapping pieces of it is not certainly safe.
func containsOperatorDerivative(_ expression: String) -> Bool {
    ["d/d", "∂/∂", "d²/", "∂²/", "d³/", "∂³/"].contains { expression.contains($0) }
}

/// Whether `expression` contains any derivative (operator or Leibniz form).
func containsDerivative(_ expression: String) -> Bool {
    containsOperatorDerivative(expression) || expression.contains("∂") || expression.contains("/d")
}

/// The signed terms of a top-level sum `a + b - c` (split only at spaced binary `+` and `-`), or `nil`
/// when there is only one term.
func sumTerms(_ expression: String) -> [(negative: Bool, term: String)]? {
    let operators = topLevelOccurrences(of: [" + ", " - ", " − "], in: expression)
    guard !operators.isEmpty else { return nil }
    let characters = Array(expression)
    var terms: [(Bool, String)] = []
    var start = 0
    var negative = false
    for (offset, token) in operators {
        // A binary operator follows an operand, not another operator.
        let before = String(characters[start..<offset]).trimmingCharacters(in: .whitespaces)
        guard let previous = before.last, !"+-−*/^@·×⊙(,".contains(previous) else { return nil }
        terms.append((negative, before))
        negative = token != " + "
        start = offset + token.count
    }
    let lastTerm = String(characters[start...]).trimmingCharacters(in: .whitespaces)
    guard !lastTerm.isEmpty else { return nil }
    terms.append((negative, lastTerm))
    return terms
}

/// The factors of a top-level product `a*b*c`, or `nil` when the expression has any other top-level
/// operator (so that `2*x-1` is never split at its `*`).
func productFactors(_ expression: String) -> [String]? {
    let others = topLevelOccurrences(of: ["+", "-", "−", "/", "@", "·", "×", "⊙", " "], in: expression)
    guard others.allSatisfy({ $0.offset == 0 && $0.token != " " }) else { return nil }
    let stars = topLevelOccurrences(of: ["*"], in: expression)
    guard !stars.isEmpty else { return nil }
    let characters = Array(expression)
    var factors: [String] = []
    var start = 0
    for (offset, _) in stars {
        factors.append(String(characters[start..<offset]))
        start = offset + 1
    }
    factors.append(String(characters[start...]))
    guard factors.allSatisfy({ !$0.isEmpty }) else { return nil }
    return factors
}

/// The sum with its terms in reverse order, every term parenthesised: `a - b + c` → `(c) - (b) + (a)`.
func reversedSum(_ expression: String) -> String? {
    guard !containsOperatorDerivative(expression), let terms = sumTerms(expression) else { return nil }
    var result = ""
    for (k, (negative, term)) in terms.reversed().enumerated() {
        if k == 0 {
            result += negative ? "-(\(term))" : "(\(term))"
        } else {
            result += negative ? " - (\(term))" : " + (\(term))"
        }
    }
    return result
}

/// The product with its factors in reverse order, every factor parenthesised: `-y*log(a)` → `(log(a))*(-y)`.
func reversedProduct(_ expression: String) -> String? {
    guard !containsOperatorDerivative(expression), let factors = productFactors(expression) else { return nil }
    return factors.reversed().map { "(\($0))" }.joined(separator: "*")
}

/// The name the let-naming rewrite introduces.
let namedRightSide = "rhs_named_by_rewrite"

/// A rewrite of a claim that keeps its meaning.
enum Rewrite: String, CaseIterable, Sendable {
    /// `claim L = R` → `let r = R` and `claim L = r` (only where `R` has no derivative and no `for` index).
    case nameTheRightSide = "name the right side with let"
    /// The top-level terms of the right side in reverse order.
    case reorderRightSum = "reorder the right side's sum"
    /// The top-level terms of the left side in reverse order.
    case reorderLeftSum = "reorder the left side's sum"
    /// The top-level factors of the right side in reverse order.
    case reorderRightProduct = "reorder the right side's product"
    /// `claim L = R` → `claim L = R = R`.
    case repeatAsChain = "repeat the right side as a chain"
    /// `claim L = R` → `claim L = (R)`.
    case parenthesiseRight = "parenthesise the right side"

    /// The rewritten fence, or `nil` when this rewrite does not apply safely to `source`.
    func apply(to source: String) -> String? {
        guard let claim = parseClaimLine(source) else { return nil }
        switch self {
        case .nameTheRightSide:
            guard claim.forClause.isEmpty, !containsDerivative(claim.right), !source.contains(namedRightSide) else {
                return nil
            }
            var named = claim
            named.preamble.append("let \(namedRightSide) = \(claim.right)")
            return named.written(right: namedRightSide)
        case .reorderRightSum:
            return reversedSum(claim.right).map { claim.written(right: $0) }
        case .reorderLeftSum:
            return reversedSum(claim.left).map { claim.written(left: $0, right: claim.right) }
        case .reorderRightProduct:
            return reversedProduct(claim.right).map { claim.written(right: $0) }
        case .repeatAsChain:
            return claim.written(right: "\(claim.right) = \(claim.right)")
        case .parenthesiseRight:
            return claim.written(right: "(\(claim.right))")
        }
    }
}

/// One rewritten truth-table row.
struct MetamorphicCase: CustomTestStringConvertible, Sendable {
    let row: String
    let rewrite: Rewrite
    let original: String
    let rewritten: String

    var testDescription: String { "\(row) — \(rewrite.rawValue)" }
}

/// Every rewrite that applies to a truth-table row whose expected verdict is verified or refuted.
let metamorphicCases: [MetamorphicCase] = truthTable.flatMap { row -> [MetamorphicCase] in
    guard row.expected == .verified || row.expected == .refuted else { return [] }
    return Rewrite.allCases.compactMap { rewrite in
        rewrite.apply(to: row.source).map {
            MetamorphicCase(row: row.name, rewrite: rewrite, original: row.source, rewritten: $0)
        }
    }
}

@Suite("Metamorphic rewrites of the truth table")
struct MetamorphicTests {
    /// The verdict of a fence's last claim, judged as the truth table judges it.
    func verdict(of source: String) -> ClaimVerdict? {
        judge(fence: source, attributes: FenceAttributes(), fenceID: "t", options: JudgeOptions()).last
    }

    @Test("a meaning-preserving rewrite keeps the verdict", arguments: metamorphicCases)
    func rewriteKeepsTheVerdict(_ testCase: MetamorphicCase) {
        guard let original = verdict(of: testCase.original), let rewritten = verdict(of: testCase.rewritten) else {
            Issue.record("no verdict")
            return
        }
        // Only a definite verdict of the original is an invariant to keep.
        guard original.verdict == .verified || original.verdict == .refuted else { return }
        #expect(
            rewritten.verdict == original.verdict,
            "original \(original.verdict), rewritten \(rewritten.verdict) (\(rewritten.message ?? "no message")):\n\(testCase.rewritten)"
        )
    }

    @Test("the rewrites reach most of the table")
    func coverage() {
        let judged = truthTable.filter { $0.expected == .verified || $0.expected == .refuted }.count
        func count(_ rewrite: Rewrite) -> Int { metamorphicCases.filter { $0.rewrite == rewrite }.count }
        #expect(count(.repeatAsChain) * 10 >= judged * 8, "chain: \(count(.repeatAsChain)) of \(judged)")
        #expect(count(.parenthesiseRight) * 10 >= judged * 8)
        #expect(count(.nameTheRightSide) >= 100, "let: \(count(.nameTheRightSide))")
        #expect(count(.reorderRightSum) >= 50, "sum: \(count(.reorderRightSum))")
        #expect(count(.reorderRightProduct) >= 25, "product: \(count(.reorderRightProduct))")
    }

    @Test("the textual rewrites are what they claim to be")
    func rewritesByExample() {
        let source = "given z ∈ ℝ\nlet a = σ(z)\nclaim sig: ∂a/∂z = a - a*a + 0"
        #expect(
            Rewrite.reorderRightSum.apply(to: source)
                == "given z ∈ ℝ\nlet a = σ(z)\nclaim sig: ∂a/∂z = (0) - (a*a) + (a)")
        #expect(
            Rewrite.nameTheRightSide.apply(to: source)
                == "given z ∈ ℝ\nlet a = σ(z)\nlet \(namedRightSide) = a - a*a + 0\nclaim sig: ∂a/∂z = \(namedRightSide)")
        #expect(
            Rewrite.repeatAsChain.apply(to: "given u ∈ ℝ^2\nclaim u[i] ≤ u[i] + 1 for i")
                == "given u ∈ ℝ^2\nclaim u[i] ≤ u[i] + 1 = u[i] + 1 for i")
        #expect(
            Rewrite.reorderRightProduct.apply(to: "given y ∈ ℝ\nclaim y = -y*exp(y)") == "given y ∈ ℝ\nclaim y = (exp(y))*(-y)")
        // Not certainly safe: an unspaced binary minus next to a product, an operator-form derivative, a chain.
        #expect(Rewrite.reorderRightProduct.apply(to: "given x ∈ ℝ\nclaim x = 2*x-1") == nil)
        #expect(Rewrite.reorderRightSum.apply(to: "given x ∈ ℝ\nclaim 1 = d/dx x + 0") == nil)
        #expect(Rewrite.parenthesiseRight.apply(to: "given x ∈ ℝ\nclaim x = x = x") == nil)
        #expect(Rewrite.nameTheRightSide.apply(to: "given x ∈ ℝ\nclaim 2 = d/dx x^2") == nil)
    }
}
