import ClaimLanguage
import EquationReader
import Testing

/// How a display's rows become claims: chains, continuation rows, new left sides, and what is ignored.
@Suite("How rows become claims")
struct ReadingStructureTests {
    /// The claims of `tex`, without ranges, or an issue naming what was read instead.
    private func claims(_ tex: String, _ declarations: String) throws -> [Claim] {
        let reading = readFormula(tex, declarations: try readerDeclarations(declarations))
        guard case .claims(let claims) = reading else {
            Issue.record("\(tex) read as \(describe(reading))")
            return []
        }
        return claims.map(rangeless)
    }

    /// The claims of claim-language text, after `declarations`.
    private func expected(_ text: String, _ declarations: String) throws -> [Claim] {
        guard case .claims(let claims) = try parseExpected(text, declarations: declarations) else { return [] }
        return claims
    }

    @Test("a chain with a wrong middle row still reads: reading does not judge")
    func wrongMiddleRowReads() throws {
        let tex = #"""
            \begin{aligned}
            \frac{\partial L}{\partial z} &= \frac{\partial L}{\partial a}\frac{\partial a}{\partial z} \\
              &= 2(a - y) \\
              &= a - y
            \end{aligned}
            """#
        let read = try claims(tex, Fence.bce)
        #expect(read == (try expected("∂L/∂z = (∂L/∂a)*(∂a/∂z) = 2*(a - y) = a - y", Fence.bce)))
        #expect(read.first?.steps.count == 3)
    }

    @Test("rows with their own left sides are separate claims, on their own rows")
    func newLeftSidesSeparate() throws {
        let tex =
            #"\begin{align} a &= \sigma(z) \\ \frac{da}{dz} &= a(1 - a) \\ \frac{dL}{da} &= \frac{a - y}{a(1-a)} \end{align}"#
        let read = try claims(tex, Fence.bce)
        #expect(read == (try expected("a = σ(z); da/dz = a*(1 - a); dL/da = (a - y)/(a*(1 - a))", Fence.bce)))
        let display = readDisplay(tex, declarations: try readerDeclarations(Fence.bce))
        #expect(display.rowCount == 3)
        #expect(display.equations.map(\.rows) == [[0, 0], [1, 1], [2, 2]])
    }

    @Test("a row starting with &= continues the previous row's chain")
    func continuationRowsContinue() throws {
        let tex =
            #"\begin{aligned} \sigma'(z) &= \frac{e^{-z}}{(1 + e^{-z})^2} \\ &= \sigma(z)\sigma(-z) \\ &= \sigma(z)(1 - \sigma(z)) \end{aligned}"#
        let read = try claims(tex, Fence.z)
        #expect(read.count == 1)
        #expect(read.first?.steps.count == 3)
        let display = readDisplay(tex, declarations: try readerDeclarations(Fence.z))
        #expect(display.equations.map(\.rows) == [[0, 0, 1, 2]])
    }

    @Test("a continuation row after a new left side continues that new claim, not the first")
    func continuationFollowsTheLatestClaim() throws {
        let tex = #"\begin{aligned} a &= \sigma(z) \\ \frac{da}{dz} &= \sigma(z)\sigma(-z) \\ &= a(1 - a) \end{aligned}"#
        let read = try claims(tex, Fence.bce)
        #expect(read == (try expected("a = σ(z); da/dz = σ(z)*σ(-z) = a*(1 - a)", Fence.bce)))
    }

    @Test(
        "\\label, \\tag, \\nonumber and \\notag do not change the reading",
        arguments: [
            #"\begin{align} a &= \sigma(z) \label{eq:a} \\ \frac{da}{dz} &= a(1 - a) \tag{2} \end{align}"#,
            #"\begin{align} a &= \sigma(z) \nonumber \\ \frac{da}{dz} &= a(1 - a) \notag \end{align}"#,
            #"\begin{align} \label{eq:first} a &= \sigma(z) \\ \frac{da}{dz} &= a(1 - a) \tag*{(ii)} \label{eq:second} \end{align}"#,
        ])
    func numberingIgnored(tex: String) throws {
        let plain = try claims(#"\begin{align} a &= \sigma(z) \\ \frac{da}{dz} &= a(1 - a) \end{align}"#, Fence.bce)
        #expect(plain.count == 2)
        #expect(try claims(tex, Fence.bce) == plain)
    }

    @Test("a refused equation is reported without hiding the equations beside it")
    func refusalStandsAlone() throws {
        let tex = #"\begin{align} a &= \sigma(z) \\ L &\approx a - y \\ \frac{da}{dz} &= a(1 - a) \end{align}"#
        let display = readDisplay(tex, declarations: try readerDeclarations(Fence.bce))
        #expect(display.equations.count == 3)
        guard display.equations.count == 3 else { return }
        if case .claim = display.equations[0].outcome {} else { Issue.record("the first row did not read as a claim") }
        if case .refused(let problem) = display.equations[1].outcome {
            #expect(problem.message.contains("\\approx"))
        } else {
            Issue.record("the \\approx row was not refused")
        }
        if case .claim = display.equations[2].outcome {} else { Issue.record("the third row did not read as a claim") }
    }

    @Test("a continuation row after a refused row does not join the claim before the refusal")
    func continuationAfterRefusalStaysApart() throws {
        let tex = #"\begin{aligned} a &= \sigma(z) \\ &\approx \frac12 \\ &= \frac12 \end{aligned}"#
        let display = readDisplay(tex, declarations: try readerDeclarations(Fence.bce))
        for equation in display.equations {
            if case .claim = equation.outcome {
                #expect(
                    !(equation.rows.contains(0) && equation.rows.contains(2)),
                    "rows \(equation.rows) joined across the refused row")
            }
        }
        #expect(
            display.equations.contains {
                if case .refused = $0.outcome { return true }
                return false
            })
        if case .claims = readFormula(tex, declarations: try readerDeclarations(Fence.bce)) {
            Issue.record("a display with a refused row read as claims")
        }
    }

    @Test("automatic mode reads single letters as free variables, in order of first use")
    func automaticFreeVariables() {
        let display = readDisplay(#"(x + y)^2 = x^2 + 2xy + y^2"#, declarations: .automatic)
        #expect(display.equations.map(\.freeVariables) == [["x", "y"]])
    }
}
