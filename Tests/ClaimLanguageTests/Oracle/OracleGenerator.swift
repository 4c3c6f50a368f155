/// Random well-conditioned expressions: `log` and `sqrt` only of arguments positive by construction,
/// divisions only by such arguments; the oracle later rejects any claim whose values overflow, grow past
/// 10⁴ or lose accuracy in double precision.
struct ExpressionGenerator {
    /// The scalar givens an expression may use.
    var variables: [String]
    /// Constants leaves are drawn from.
    static let constants: [Double] = [0.5, 1, 1.5, 2, 3, 0.25, 1.25]

    /// An expression of at most `depth` levels.
    func expression(depth: Int, rng: inout OracleRandom) -> OracleExpr {
        if depth <= 0 || rng.chance(0.2) { return leaf(rng: &rng) }
        let d = depth - 1
        switch rng.weighted([3, 2, 3, 1.5, 0.5, 1.5, 6, 1, 1, 1, 1]) {
        case 0: return expression(depth: d, rng: &rng) + expression(depth: d, rng: &rng)
        case 1: return expression(depth: d, rng: &rng) - expression(depth: d, rng: &rng)
        case 2: return expression(depth: d, rng: &rng) * expression(depth: d, rng: &rng)
        case 3: return expression(depth: d, rng: &rng) / positive(depth: d, rng: &rng)
        case 4: return -expression(depth: d, rng: &rng)
        case 5: return .power(expression(depth: d, rng: &rng), rng.pick([2, 2, 3, 4]))
        case 6: return call(rng.pick([.sin, .cos, .tanh, .sigmoid]), expression(depth: d, rng: &rng))
        case 7: return call(rng.pick([.softplus, .exp]), expression(depth: d, rng: &rng))
        case 8: return call(.log, positive(depth: d, rng: &rng))
        case 9: return call(.sqrt, positive(depth: d, rng: &rng))
        default: return number(rng.pick([0.5, 2, 3, 1.5])) * expression(depth: d, rng: &rng)
        }
    }

    /// An expression positive by construction and bounded away from zero on bounded arguments.
    func positive(depth: Int, rng: inout OracleRandom) -> OracleExpr {
        let a = expression(depth: max(0, depth - 1), rng: &rng)
        switch rng.below(8) {
        case 0: return call(.exp, a)
        case 1: return number(1) + .power(a, 2)
        case 2: return number(2) + call(.cos, a)
        case 3: return number(2) + call(.sin, a)
        case 4: return call(.sigmoid, a)
        case 5: return call(.softplus, a)
        case 6: return number(1.5) + call(.tanh, a)
        default: return number(rng.pick([0.5, 2, 3]))
        }
    }

    func leaf(rng: inout OracleRandom) -> OracleExpr {
        rng.chance(0.75) ? .variable(rng.pick(variables)) : number(rng.pick(ExpressionGenerator.constants))
    }

    /// An expression that mentions every name in `required` (tries a few times, then adds them in).
    func expression(depth: Int, mentioning required: [String], rng: inout OracleRandom) -> OracleExpr {
        var e = expression(depth: depth, rng: &rng)
        for _ in 0..<6 where !required.allSatisfy(e.mentions) {
            e = expression(depth: depth, rng: &rng)
        }
        for name in required where !e.mentions(name) {
            e = e + call(rng.pick([.sin, .tanh, .sigmoid]), .variable(name))
        }
        return e
    }
}

/// The scalar domains the generator chooses from.
let scalarDomains: [OracleDomain] = [
    OracleDomain(lower: -2, upper: 2), OracleDomain(lower: -3, upper: 3), OracleDomain(lower: -1, upper: 1),
    OracleDomain(lower: 0, upper: 1), OracleDomain(lower: 0.5, upper: 3), OracleDomain(lower: -4, upper: 1),
    OracleDomain(lower: -1.5, upper: 2.5), OracleDomain(lower: -2.5, upper: 0.5), OracleDomain(lower: 1, upper: 4),
]

/// Names for scalar givens (never a vector's name, never `d`, which would read as Leibniz notation).
let scalarNames = ["x", "t", "y", "θ", "α", "s"]

/// The kinds of claim the generator makes, each true by construction or made false by one mistake.
enum ClaimFamily: String, CaseIterable {
    case rewrite, chain, derivative
    case secondDerivative = "second derivative"
    case mixedPartial = "mixed partial"
    case
        inequality, vector, decoy, kink, undefined

    /// Relative frequency.
    var weight: Double {
        switch self {
        case .rewrite: 3
        case .chain: 1.5
        case .derivative: 3
        case .secondDerivative: 1.5
        case .mixedPartial: 1
        case .inequality: 1.5
        case .vector: 1.5
        case .decoy: 0.3
        case .kink: 1
        case .undefined: 0.2
        }
    }
}

/// Builds claims of every ``ClaimFamily``, true or false.
struct ClaimGenerator {
    /// Builds one candidate claim of `family`: true by construction when `wantTrue`, else mutated. `nil`
    /// when this attempt did not produce one (the caller tries again).
    func candidate(_ family: ClaimFamily, wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let spelling = OracleSpelling.random(&rng)
        var spec: ClaimSpec?
        switch family {
        case .rewrite: spec = rewriteClaim(wantTrue: wantTrue, rng: &rng)
        case .chain: spec = chainClaim(wantTrue: wantTrue, rng: &rng)
        case .derivative: spec = derivativeClaim(order: 1, wantTrue: wantTrue, rng: &rng)
        case .secondDerivative: spec = derivativeClaim(order: 2, wantTrue: wantTrue, rng: &rng)
        case .mixedPartial: spec = mixedPartialClaim(wantTrue: wantTrue, rng: &rng)
        case .inequality: spec = inequalityClaim(wantTrue: wantTrue, rng: &rng)
        case .vector: spec = vectorClaim(wantTrue: wantTrue, rng: &rng)
        case .decoy: spec = decoyClaim(wantTrue: wantTrue, rng: &rng)
        case .kink: spec = kinkClaim(wantTrue: wantTrue, rng: &rng)
        case .undefined: spec = wantTrue ? kinkClaim(wantTrue: true, rng: &rng) : undefinedClaim(rng: &rng)
        }
        spec?.spelling = spelling
        return spec
    }

    private func oneScalar(_ rng: inout OracleRandom) -> (name: String, domain: OracleDomain) {
        (rng.pick(scalarNames), rng.pick(scalarDomains))
    }

    // MARK: - Equalities by rewriting

    /// `E = R(E)`, `R` one to three identities at random nodes; false: the right side mutated.
    func rewriteClaim(wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let givens = rng.chance(0.7) ? [oneScalar(&rng)] : twoScalars(&rng)
        let generator = ExpressionGenerator(variables: givens.map(\.name))
        let e = generator.expression(depth: rng.pick([2, 3, 3, 4]), rng: &rng)
        var right = e
        var rules: [String] = []
        for _ in 0..<(1 + rng.below(3)) {
            guard let (next, rule) = rewriteOnce(right, rng: &rng) else { break }
            right = next
            rules.append(rule)
        }
        guard let firstRule = rules.first, right != e else { return nil }
        var family = "rewrite/" + firstRule
        if !wantTrue {
            guard let (mutant, mutation) = mutateOnce(right, rng: &rng) else { return nil }
            right = mutant
            family = "rewrite/mutant: " + mutation
        }
        var spec = ClaimSpec(
            family: family, givens: givens, meanings: rng.chance(0.5) ? [e, right] : [right, e], texts: [nil, nil],
            relations: [.equal], builtTrue: wantTrue)
        if rng.chance(0.3) { spec.lets = randomLets(in: e, rng: &rng) }
        return spec
    }

    private func twoScalars(_ rng: inout OracleRandom) -> [(name: String, domain: OracleDomain)] {
        let first = rng.pick(scalarNames)
        let second = rng.pick(scalarNames.filter { $0 != first })
        return [(first, rng.pick(scalarDomains)), (second, rng.pick(scalarDomains))]
    }

    /// One or two lets naming proper subtrees of `e` (the printer writes the names wherever they occur).
    private func randomLets(in e: OracleExpr, rng: inout OracleRandom) -> [(name: String, body: OracleExpr)] {
        let inner = e.paths.filter { !$0.isEmpty }.map { e.node(at: $0) }.filter { $0.size >= 3 }
        guard !inner.isEmpty else { return [] }
        let names = ["g", "h", "k"]
        var lets: [(name: String, body: OracleExpr)] = []
        for name in names.prefix(1 + rng.below(2)) {
            let body = rng.pick(inner)
            if lets.contains(where: { $0.body == body }) { continue }
            lets.append((name, body))
        }
        // Definition order: smaller bodies first, so a let may use an earlier one.
        return lets.sorted { $0.body.size < $1.body.size }
    }

    // MARK: - Chains

    /// `A = B = C (= D)`, each step a rewrite of the one before; false: one step mutated (the later steps
    /// rewrite the mutant, or go back to the truth, an error made and silently dropped).
    func chainClaim(wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let given = oneScalar(&rng)
        let generator = ExpressionGenerator(variables: [given.name])
        var steps = [generator.expression(depth: rng.pick([2, 3, 3]), rng: &rng)]
        let count = 2 + rng.below(2)
        let broken = wantTrue ? -1 : 1 + rng.below(count)
        var mutation = ""
        var truth = steps[0]
        for k in 1...count {
            guard let (next, _) = rewriteOnce(steps[k - 1], rng: &rng) else { return nil }
            var step = next
            if k == broken {
                guard let (mutant, name) = mutateOnce(step, rng: &rng) else { return nil }
                mutation = name
                truth = next
                step = mutant
            } else if k > broken, broken > 0, rng.chance(0.3), let (back, _) = rewriteOnce(truth, rng: &rng) {
                step = back  // the error silently dropped
            }
            steps.append(step)
        }
        var spec = ClaimSpec(
            family: wantTrue ? "chain/true" : "chain/mutant: " + mutation, givens: [given], meanings: steps,
            texts: steps.map { _ in nil }, relations: Array(repeating: .equal, count: count), builtTrue: wantTrue)
        spec.multiline = rng.chance(0.5)
        return spec
    }

    // MARK: - Derivatives

    /// How the derivative operator is written: `d/dx(E)`, `∂/∂x(E)`, `d/dx E`, or Leibniz on a let.
    private func derivativeText(
        order: Int, variable: String, body: String, bodyIsCall: Bool, leibnizName: String?, rng: inout OracleRandom
    ) -> String {
        let (d, sup) = rng.chance(0.5) ? ("d", order == 2 ? "²" : "") : ("∂", order == 2 ? "²" : "")
        if let name = leibnizName {
            return "\(d)\(sup)\(name)/\(d)\(variable)\(sup)"
        }
        if order == 1, bodyIsCall, rng.chance(0.3) { return "\(d)/\(d)\(variable) \(body)" }
        return "\(d)\(sup)/\(d)\(variable)\(sup)(\(body))"
    }

    /// `d/dx(E) = E′` or `d²/dx²(E) = E″` from the oracle's differentiator; false: a hand-differentiation
    /// mistake at one node, or the right side mutated.
    func derivativeClaim(order: Int, wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let givens = rng.chance(0.75) ? [oneScalar(&rng)] : twoScalars(&rng)
        let x = givens[0].name
        let generator = ExpressionGenerator(variables: givens.map(\.name))
        let e = generator.expression(
            depth: order == 1 ? rng.pick([2, 3, 3, 4]) : rng.pick([2, 2, 3]), mentioning: [x], rng: &rng)
        var differentiator = OracleDifferentiator(variable: x)
        guard let first = differentiator.derivative(e) else { return nil }
        var truth = first
        if order == 2 {
            var again = OracleDifferentiator(variable: x)
            guard let second = again.derivative(first) else { return nil }
            truth = second
        }
        var right = truth
        let kind = order == 1 ? "derivative" : "second derivative"
        var family = kind + "/true"
        if !wantTrue {
            if rng.chance(0.6) {
                // A mistake at one node of one pass.
                let fault = rng.pick(DerivativeFault.allCases)
                let inSecondPass = order == 2 && rng.chance(0.5)
                let target = inSecondPass ? first : e
                var faulty = OracleDifferentiator(variable: x, fault: (fault, rng.below(target.size)))
                guard let wrong = faulty.derivative(target), faulty.faultMade else { return nil }
                if order == 2 && !inSecondPass {
                    var again = OracleDifferentiator(variable: x)
                    guard let second = again.derivative(wrong) else { return nil }
                    right = second
                } else {
                    right = wrong
                }
                family = kind + "/fault: " + fault.rawValue
            } else if order == 2, rng.chance(0.25) {
                right = first
                family = kind + "/fault: first derivative for the second"
            } else {
                guard let (mutant, mutation) = mutateOnce(truth, rng: &rng) else { return nil }
                right = mutant
                family = kind + "/mutant: " + mutation
            }
        }
        var spec = ClaimSpec(
            family: family, givens: givens, meanings: [truth, right], texts: [nil, nil], relations: [.equal],
            builtTrue: wantTrue)
        spec.bodies = [e, first]
        let leibniz = rng.chance(0.35)
        if leibniz {
            spec.lets = rng.chance(0.4) ? randomLets(in: e, rng: &rng) : []
            spec.lets.append(("f", e))
        }
        let printer = OraclePrinter(spelling: spec.spelling, lets: spec.lets)
        var bodyIsCall = false
        if case .apply = e { bodyIsCall = true }
        spec.texts[0] = derivativeText(
            order: order, variable: x, body: printer.print(e, letLimit: max(0, spec.lets.count - 1)),
            bodyIsCall: bodyIsCall, leibnizName: leibniz ? "f" : nil, rng: &rng)
        return spec
    }

    /// `∂/∂y(∂/∂x(E)) = ∂²E/∂y∂x` by the oracle, or the symmetry `∂/∂x(∂/∂y(E)) = ∂/∂y(∂/∂x(E))`;
    /// false: a mistake in one pass, or the right side mutated.
    func mixedPartialClaim(wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let givens = twoScalars(&rng)
        let (x, y) = (givens[0].name, givens[1].name)
        let generator = ExpressionGenerator(variables: [x, y])
        let e = generator.expression(depth: rng.pick([2, 3]), mentioning: [x, y], rng: &rng)
        var dx = OracleDifferentiator(variable: x)
        guard let ex = dx.derivative(e), ex.mentions(y) else { return nil }
        var dyx = OracleDifferentiator(variable: y)
        guard let exy = dyx.derivative(ex) else { return nil }
        // The other order, from the oracle's differentiator too: it must agree (checked as the claim's truth).
        var dy = OracleDifferentiator(variable: y)
        guard let ey = dy.derivative(e), ey.mentions(x) else { return nil }
        var dxy = OracleDifferentiator(variable: x)
        guard let eyx = dxy.derivative(ey) else { return nil }
        let body = OraclePrinter(spelling: OracleSpelling()).print(e)
        let symmetric = rng.chance(0.3)
        var right = exy
        var family = "mixed partial/true"
        if !wantTrue {
            if rng.chance(0.5) {
                let fault = rng.pick(DerivativeFault.allCases)
                var faulty = OracleDifferentiator(variable: y, fault: (fault, rng.below(ex.size)))
                guard let wrong = faulty.derivative(ex), faulty.faultMade else { return nil }
                right = wrong
                family = "mixed partial/fault: " + fault.rawValue
            } else {
                guard let (mutant, mutation) = mutateOnce(exy, rng: &rng) else { return nil }
                right = mutant
                family = "mixed partial/mutant: " + mutation
            }
        }
        let left = "∂/∂\(y)(∂/∂\(x)(\(body)))"
        if symmetric {
            // Both sides written as derivatives; a false one differentiates a mutated expression on the right.
            var rightText = "∂/∂\(x)(∂/∂\(y)(\(body)))"
            var rightMeaning = eyx
            if !wantTrue {
                guard let (mutant, mutation) = mutateOnce(e, rng: &rng), mutant.mentions(x), mutant.mentions(y) else {
                    return nil
                }
                var my = OracleDifferentiator(variable: y)
                guard let mey = my.derivative(mutant), mey.mentions(x) else { return nil }
                var mx = OracleDifferentiator(variable: x)
                guard let meyx = mx.derivative(mey) else { return nil }
                rightMeaning = meyx
                rightText = "∂/∂\(x)(∂/∂\(y)(\(OraclePrinter(spelling: OracleSpelling()).print(mutant))))"
                family = "mixed partial/symmetry of a mutant: " + mutation
            } else {
                family = "mixed partial/symmetry"
            }
            var spec = ClaimSpec(
                family: family, givens: givens, meanings: [exy, rightMeaning], texts: [left, rightText],
                relations: [.equal], builtTrue: wantTrue)
            spec.bodies = [e, ex, ey]
            return spec
        }
        var spec = ClaimSpec(
            family: family, givens: givens, meanings: [exy, right], texts: [left, nil], relations: [.equal],
            builtTrue: wantTrue)
        spec.bodies = [e, ex]
        return spec
    }

    // MARK: - Inequalities

    /// Inequalities true for every real `E` (with the margins the oracle checks); false: direction flipped.
    static let inequalityTemplates:
        [(name: String, build: @Sendable (OracleExpr) -> (sides: [OracleExpr], relations: [OracleRelation]))] = [
            ("E² + 1 > 0", { e in ([.power(e, 2) + number(1), number(0)], [.greater]) }),
            ("exp(E) > 0", { e in ([call(.exp, e), number(0)], [.greater]) }),
            ("σ(E) < 1", { e in ([call(.sigmoid, e), number(1)], [.less]) }),
            ("0 < σ(E) < 1", { e in ([number(0), call(.sigmoid, e), number(1)], [.less, .less]) }),
            ("E ≤ E + 1", { e in ([e, e + number(1)], [.lessOrEqual]) }),
            ("E < E + 0.5", { e in ([e, e + number(0.5)], [.less]) }),
            ("exp(E) ≥ 1 + E", { e in ([call(.exp, e), number(1) + e], [.greaterOrEqual]) }),
            ("log(1 + E²) ≤ E²", { e in ([call(.log, number(1) + .power(e, 2)), .power(e, 2)], [.lessOrEqual]) }),
            ("softplus(E) > E", { e in ([call(.softplus, e), e], [.greater]) }),
            ("softplus(E) > 0", { e in ([call(.softplus, e), number(0)], [.greater]) }),
            ("tanh(E)² < 1", { e in ([.power(call(.tanh, e), 2), number(1)], [.less]) }),
            ("-1 ≤ sin(E) ≤ 1", { e in ([number(-1), call(.sin, e), number(1)], [.lessOrEqual, .lessOrEqual]) }),
            ("cos(E) ≤ 1", { e in ([call(.cos, e), number(1)], [.lessOrEqual]) }),
            ("1 + E² ≥ 2E", { e in ([number(1) + .power(e, 2), number(2) * e], [.greaterOrEqual]) }),
            ("sqrt(1 + E²) ≥ 1", { e in ([call(.sqrt, number(1) + .power(e, 2)), number(1)], [.greaterOrEqual]) }),
            (
                "σ(E)(1 − σ(E)) ≤ 0.25",
                { e in
                    ([call(.sigmoid, e) * (number(1) - call(.sigmoid, e)), number(0.25)], [.lessOrEqual])
                }
            ),
            ("exp(E) ≥ 1 + E > E", { e in ([call(.exp, e), number(1) + e, e], [.greaterOrEqual, .greater]) }),
        ]

    func inequalityClaim(wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let given = oneScalar(&rng)
        let generator = ExpressionGenerator(variables: [given.name])
        let e = generator.expression(depth: rng.pick([1, 2, 3]), mentioning: [given.name], rng: &rng)
        let template = rng.pick(ClaimGenerator.inequalityTemplates)
        var (sides, relations) = template.build(e)
        var family = "inequality/" + template.name
        if !wantTrue {
            let k = rng.below(relations.count)
            relations[k] = relations[k].flipped
            family = "inequality/flipped: " + template.name
        }
        return ClaimSpec(
            family: family, givens: [given], meanings: sides, texts: sides.map { _ in nil }, relations: relations,
            builtTrue: wantTrue)
    }

    // MARK: - Vectors

    /// Sums, dot products, gradients and softmax over vector givens; false: the right side mutated.
    func vectorClaim(wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let vectorDomains = [
            OracleDomain(lower: -2, upper: 2, width: 3), OracleDomain(lower: -1, upper: 1, width: 3),
            OracleDomain(lower: 0, upper: 1, width: 3), OracleDomain(lower: -3, upper: 3, width: 3),
        ]
        let v = "v", w = "w"
        var givens: [(name: String, domain: OracleDomain)] = [(v, rng.pick(vectorDomains))]
        let scalar = ExpressionGenerator(variables: ["τ"])
        let body = scalar.expression(depth: rng.pick([1, 2, 3]), mentioning: ["τ"], rng: &rng)
        let ev = substitute(body, "τ", with: .variable(v))
        var elementwise = OracleDifferentiator(variable: "τ")
        guard let dbody = elementwise.derivative(body) else { return nil }
        let dev = substitute(dbody, "τ", with: .variable(v))
        let printer = OraclePrinter(spelling: OracleSpelling())
        var meanings: [OracleExpr]
        var texts: [String?] = [nil, nil]
        let name: String
        switch rng.below(8) {
        case 0:
            name = "sum written out"
            meanings = [.sum(ev), (2...3).reduce(substituteElement(ev, v, 1)) { $0 + substituteElement(ev, v, $1) }]
        case 1:
            name = "dot as a sum"
            givens.append((w, rng.pick(vectorDomains)))
            meanings = [.dot(.variable(w), ev), .sum(.variable(w) * ev)]
        case 2:
            name = "gradient of a sum"
            meanings = [dev, dev]
            texts[0] = "\(rng.chance(0.5) ? "d/d" : "∂/∂")\(v)(sum(\(printer.print(ev))))"
        case 3:
            name = "gradient of a dot product"
            givens.append((w, rng.pick(vectorDomains)))
            meanings = [.variable(w) * dev, .variable(w) * dev]
            texts[0] = "d/d\(v)(dot(\(w), \(printer.print(ev))))"
        case 4:
            name = "softmax sums to 1"
            meanings = [.sum(.softmax(ev)), number(1)]
        case 5:
            name = "softmax element"
            let k = 1 + rng.below(3)
            meanings = [.element(.softmax(ev), k), call(.exp, substituteElement(ev, v, k)) / .sum(call(.exp, ev))]
        case 6:
            name = "softmax shift"
            meanings = [.softmax(ev + number(rng.pick([1, 2.5, -3]))), .softmax(ev)]
        default:
            name = "softmax definition"
            meanings = [.softmax(ev), call(.exp, ev) / .sum(call(.exp, ev))]
        }
        var family = "vector/" + name
        if !wantTrue {
            guard let (mutant, mutation) = mutateOnce(meanings[1], rng: &rng) else { return nil }
            meanings[1] = mutant
            family = "vector/mutant: " + mutation
        }
        var spec = ClaimSpec(
            family: family, givens: givens, meanings: meanings, texts: texts, relations: [.equal],
            builtTrue: wantTrue)
        spec.bodies = [.sum(ev)]
        return spec
    }

    // MARK: - Decoys

    /// A rewrite or derivative claim next to a large magnitude that has nothing to do with it: an unused
    /// given, an unused let, or a let added as `0 · big`. Its truth does not change.
    func decoyClaim(wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        guard
            var spec = rng.chance(0.5)
                ? rewriteClaim(wantTrue: wantTrue, rng: &rng)
                : derivativeClaim(order: 1, wantTrue: wantTrue, rng: &rng)
        else { return nil }
        let variant = rng.below(3)
        switch variant {
        case 0:
            spec.extraLines = ["given W ∈ [1e11, 1e12]"]
            spec.family = "decoy/unused given: " + spec.family
        case 1:
            spec.extraLines = ["let big = exp(28)"]
            spec.family = "decoy/unused let: " + spec.family
        default:
            spec.extraLines = ["let big = exp(28)"]
            spec.sideSuffix = " + 0 * big"
            spec.family = "decoy/0 · big: " + spec.family
        }
        return spec
    }

    // MARK: - Kinks

    /// Identities and derivatives of `relu`, `abs` around a smooth `E` (the judge's conventions at 0:
    /// `relu′(0) = 0`, `abs′(0) = 0`, `step(0) = 0`, `sign(0) = 0`); false: the right side mutated, or the
    /// kink forgotten (`relu(E) = E`, `d/dx relu(E) = E′`).
    func kinkClaim(wantTrue: Bool, rng: inout OracleRandom) -> ClaimSpec? {
        let given = oneScalar(&rng)
        let x = given.name
        let generator = ExpressionGenerator(variables: [x])
        let e = generator.expression(depth: rng.pick([1, 2, 2, 3]), mentioning: [x], rng: &rng)
        var differentiator = OracleDifferentiator(variable: x)
        guard let de = differentiator.derivative(e) else { return nil }
        let relu = call(.relu, e), abs = call(.abs, e)
        let printer = OraclePrinter(spelling: OracleSpelling())
        var meanings: [OracleExpr]
        var texts: [String?] = [nil, nil]
        var relations: [OracleRelation] = [.equal]
        let name: String
        switch rng.below(7) {
        case 0:
            name = "relu(E) = (E + abs(E))/2"
            meanings = [relu, (e + abs) / number(2)]
        case 1:
            name = "relu(E) − relu(−E) = E"
            meanings = [relu - call(.relu, -e), e]
        case 2:
            name = "abs(E) = relu(E) + relu(−E)"
            meanings = [abs, relu + call(.relu, -e)]
        case 3:
            name = "d/dx relu(E) = step(E)·E′"
            meanings = [Simplify.multiply(call(.step, e), de), Simplify.multiply(call(.step, e), de)]
            texts[0] = "d/d\(x)(\(printer.print(relu)))"
        case 4:
            name = "d/dx abs(E) = sign(E)·E′"
            meanings = [Simplify.multiply(call(.sign, e), de), Simplify.multiply(call(.sign, e), de)]
            texts[0] = "d/d\(x)(\(printer.print(abs)))"
        case 5:
            name = "relu(E) ≥ 0"
            meanings = [relu, number(0)]
            relations = [.greaterOrEqual]
        default:
            name = "abs(E) ≥ E"
            meanings = [abs, e]
            relations = [.greaterOrEqual]
        }
        var family = "kink/" + name
        if !wantTrue {
            if relations[0] != .equal {
                relations[0] = .less
                family = "kink/flipped: " + name
            } else if rng.chance(0.4), meanings[0] == relu || meanings[0] == abs || texts[0] != nil {
                // The kink forgotten: the formula of the positive side only (`relu(E) = E`, `d/dx relu(E) = E′`).
                meanings[1] = texts[0] == nil ? e : de
                family = "kink/forgotten: " + name
            } else {
                guard let (mutant, mutation) = mutateOnce(meanings[1], rng: &rng) else { return nil }
                meanings[1] = mutant
                family = "kink/mutant: " + mutation
            }
        }
        var spec = ClaimSpec(
            family: family, givens: [given], meanings: meanings, texts: texts, relations: relations,
            builtTrue: wantTrue)
        spec.bodies = [relu, abs]
        return spec
    }

    /// The README's rule "where the first expression is finite and another step is not, the claim fails
    /// there", through a kinked built-in: `claim F = F + relu(sqrt(N))` with `N < 0` everywhere, so the right
    /// side is undefined at every point (NaN must not become a number on its way through `relu`).
    func undefinedClaim(rng: inout OracleRandom) -> ClaimSpec? {
        let given = oneScalar(&rng)
        let generator = ExpressionGenerator(variables: [given.name])
        let e = generator.expression(depth: rng.pick([1, 2]), mentioning: [given.name], rng: &rng)
        let negative = -(number(1) + .power(e, 2))
        let undefined = call(rng.pick([.sqrt, .log]), negative)
        let wrapper = rng.pick([OracleFunction.relu, .abs, .step, .sign])
        let first = call(.tanh, e)
        var spec = ClaimSpec(
            family: "undefined/NaN through \(wrapper.rawValue)", givens: [given], meanings: [first, first],
            texts: [nil, nil], relations: [.equal], builtTrue: false)
        let printer = OraclePrinter(spelling: OracleSpelling())
        spec.texts[1] = printer.print(first + call(wrapper, undefined))
        spec.undefinedArgument = negative
        return spec
    }
}
