import ClaimLanguage
import Diagnostics
import Testing

/// One error case: a fence body, the message (a substring) and the position (relative to the body).
struct ErrorRow: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let message: String
    let line: Int
    let column: Int
    var testDescription: String { name }
}

let errorRows: [ErrorRow] = [
    ErrorRow(
        name: "syntax: missing operand", source: "given z ∈ ℝ\nclaim z + = 1", message: "expected an expression, found '='",
        line: 2, column: 11),
    ErrorRow(
        name: "syntax: no comparison", source: "given z ∈ ℝ\nclaim z + 1", message: "expected a comparison", line: 2, column: 12),
    ErrorRow(
        name: "syntax: unknown statement", source: "given z ∈ ℝ\nassert z = z", message: "expected 'given', 'let' or 'claim'",
        line: 2, column: 1),
    ErrorRow(
        name: "syntax: unexpected character", source: "given z ∈ ℝ\nclaim z $ 1 = 2", message: "unexpected character '$'",
        line: 2, column: 9),
    ErrorRow(
        name: "syntax: unclosed parenthesis", source: "given z ∈ ℝ\nclaim (z + 1 = 2", message: "expected ')'", line: 2,
        column: 14),
    ErrorRow(
        name: "unknown name", source: "given z ∈ ℝ\nlet a = σ(z)\nclaim a = q + 1", message: "unknown name 'q'", line: 3,
        column: 11),
    ErrorRow(
        name: "unknown function", source: "given z ∈ ℝ\nclaim sigma(z) = 1", message: "unknown function 'sigma'", line: 2,
        column: 7),
    ErrorRow(
        name: "name used before its given", source: "let a = z\ngiven z ∈ ℝ\nclaim a = z", message: "unknown name 'z'", line: 1,
        column: 9),
    ErrorRow(
        name: "redefinition", source: "given z ∈ ℝ\nlet z = 1\nclaim z = z", message: "'z' is already defined (line 1)", line: 2,
        column: 5),
    ErrorRow(
        name: "built-in redefined", source: "let exp = 2\nclaim exp = 2", message: "'exp' is a built-in", line: 1, column: 5),
    ErrorRow(
        name: "wrong argument count", source: "given z ∈ ℝ\nclaim leaky_relu(z) = z",
        message: "'leaky_relu' takes 2 arguments, found 1", line: 2, column: 7),
    ErrorRow(
        name: "bad domain: empty interval", source: "given z ∈ [3, 1]\nclaim z = z", message: "empty interval", line: 1,
        column: 11),
    ErrorRow(
        name: "bad domain: not a domain", source: "given z ∈ 5\nclaim z = z", message: "expected a domain", line: 1, column: 11),
    ErrorRow(
        name: "shape mismatch", source: "given u ∈ ℝ^3, v ∈ ℝ^2\nclaim u + v = u", message: "shape mismatch", line: 2, column: 7),
    ErrorRow(
        name: "index out of range", source: "given u ∈ ℝ^3\nclaim u[4] = 0", message: "index 4 is out of range 1...3", line: 2,
        column: 9),
    ErrorRow(
        name: "index range conflict", source: "given u ∈ ℝ^3, v ∈ ℝ^2\nclaim u[i] = v[i] for i",
        message: "index 'i' ranges over 1...3", line: 2, column: 16),
    ErrorRow(
        name: "derivative of an expression that does not depend on the variable",
        source: "given z ∈ ℝ, w ∈ ℝ\nlet a = σ(z)\nclaim ∂a/∂w = 0", message: "does not depend on 'w'", line: 3, column: 7),
    ErrorRow(
        name: "derivative of too high a rank", source: "given W ∈ ℝ^(2×2)\nclaim d/dW (W @ W) = W", message: "index one of them",
        line: 2, column: 7),
    ErrorRow(
        name: "derivative with respect to a non-variable", source: "given z ∈ ℝ\nclaim ∂z/∂q = 1",
        message: "cannot differentiate with respect to 'q'", line: 2, column: 10),
    ErrorRow(
        name: "most points outside the domain", source: "given x ∈ [-5, 1]\nclaim log(x) = log(x)", message: "narrow the domain",
        line: 2, column: 7),
    ErrorRow(
        name: "expression too deep",
        source: "given x ∈ ℝ\nclaim " + String(repeating: "(", count: 150) + "x" + String(repeating: ")", count: 150) + " = x",
        message: "nested too deeply", line: 2, column: 107),
    ErrorRow(
        name: "tensor too large", source: "given W ∈ ℝ^(100×100)\nclaim W = W", message: "exceeds the limit of 4096", line: 1,
        column: 11),
    ErrorRow(
        name: "calling a quantity", source: "given a ∈ ℝ\nclaim a(1 - a) = 0", message: "'a' is not a function", line: 2,
        column: 7),
]

@Suite("Errors")
struct ErrorTests {
    @Test("each error kind has its message, line and column", arguments: errorRows)
    func error(_ row: ErrorRow) {
        let verdicts = judge(fence: row.source, attributes: FenceAttributes(), fenceID: "e")
        guard let verdict = verdicts.first else {
            Issue.record("no verdict")
            return
        }
        #expect(verdict.verdict == .error)
        #expect(verdict.message?.contains(row.message) == true, "message: \(verdict.message ?? "none")")
        #expect(verdict.errorPosition == SourceLocation(line: row.line, column: row.column))
        #expect(verdict.locatedError?.location == SourceLocation(line: row.line, column: row.column))
    }

    @Test("the evaluation limit is named when hit")
    func evaluationLimit() {
        // Each function calls the previous one twice: 2^16 calls per evaluation.
        var source = "given x ∈ ℝ\nlet f0(t) = t\n"
        for k in 1...16 { source += "let f\(k)(t) = f\(k - 1)(t) + f\(k - 1)(t)\n" }
        source += "claim f16(x) = 65536*x"
        let options = JudgeOptions(limits: Limits(evaluationSteps: 100_000))
        let verdict = judge(fence: source, attributes: FenceAttributes(), fenceID: "e", options: options)[0]
        #expect(verdict.verdict == .error)
        #expect(verdict.message?.contains("evaluation limit hit") == true)
        #expect(verdict.errorPosition == SourceLocation(line: 19, column: 1))
    }

    @Test(
        "attribute errors name the key and its column",
        arguments: [
            ("id=a samples=lots", "malformed value 'lots' for attribute 'samples'", 14),
            ("colour=red", "unknown attribute 'colour'", 1),
            ("samples=200000", "exceeds the limit of 100000", 9),
            ("expect=pass", "attribute 'expect'", 8),
            ("title=\"unterminated", "unterminated quoted value for attribute 'title'", 7),
            ("id=a id=b", "attribute 'id' is given twice", 6),
            ("seed", "expected '=' and a value after attribute 'seed'", 5),
        ])
    func attributeError(_ info: String, _ message: String, _ column: Int) {
        #expect {
            _ = try parseFenceAttributes(info)
        } throws: { error in
            guard let error = error as? LocatedError else { return false }
            return error.message.contains(message) && error.location == SourceLocation(line: 1, column: column)
        }
    }

    @Test("attributes parse")
    func attributes() throws {
        let a = try parseFenceAttributes(
            #" id=bce-dz title="Sigmoid + cross-entropy" samples=200 seed=0x2A rtol=1e-9 atol=0 expect=fail skip="later""#)
        #expect(a.id == "bce-dz")
        #expect(a.title == "Sigmoid + cross-entropy")
        #expect(a.samples == 200)
        #expect(a.seed == 42)
        #expect(a.rtol == 1e-9)
        #expect(a.atol == 0)
        #expect(a.expectFailure)
        #expect(a.skipReason == "later")
    }
}
