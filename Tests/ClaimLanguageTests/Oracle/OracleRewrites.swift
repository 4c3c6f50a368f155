/// Local identities: each turns one node into an expression equal to it wherever both are defined
/// (`nil` where the rule does not apply). Positivity conditions are checked by structure.
struct RewriteRule: Sendable {
    let name: String
    let apply: @Sendable (OracleExpr, inout OracleRandom) -> OracleExpr?
}

/// The identities the oracle rewrites expressions with.
let rewriteRules: [RewriteRule] = [
    RewriteRule(name: "commute") { e, _ in
        switch e {
        case .add(let a, let b): b + a
        case .multiply(let a, let b): b * a
        case .dot(let a, let b): .dot(b, a)
        default: nil
        }
    },
    RewriteRule(name: "associate") { e, _ in
        switch e {
        case .add(.add(let a, let b), let c): a + (b + c)
        case .add(let a, .add(let b, let c)): (a + b) + c
        case .multiply(.multiply(let a, let b), let c): a * (b * c)
        case .multiply(let a, .multiply(let b, let c)): (a * b) * c
        default: nil
        }
    },
    RewriteRule(name: "distribute") { e, _ in
        switch e {
        case .multiply(let a, .add(let b, let c)): a * b + a * c
        case .multiply(let a, .subtract(let b, let c)): a * b - a * c
        case .multiply(.add(let a, let b), let c): a * c + b * c
        case .divide(.add(let a, let b), let c): a / c + b / c
        default: nil
        }
    },
    RewriteRule(name: "exp of a sum") { e, _ in
        switch e {
        case .apply(.exp, .add(let a, let b)): call(.exp, a) * call(.exp, b)
        case .apply(.exp, .subtract(let a, let b)): call(.exp, a) / call(.exp, b)
        case .apply(.exp, .negate(let a)): number(1) / call(.exp, a)
        case .apply(.exp, .multiply(.constant(2), let a)): .power(call(.exp, a), 2)
        default: nil
        }
    },
    RewriteRule(name: "log of a product") { e, _ in
        switch e {
        case .apply(.log, .multiply(let p, let q)) where p.isPositiveByConstruction && q.isPositiveByConstruction:
            call(.log, p) + call(.log, q)
        case .apply(.log, .divide(let p, let q)) where p.isPositiveByConstruction && q.isPositiveByConstruction:
            call(.log, p) - call(.log, q)
        case .apply(.log, .power(let p, let n)) where p.isPositiveByConstruction: number(Double(n)) * call(.log, p)
        case .apply(.log, .apply(.exp, let a)): a
        case .apply(.log, .apply(.sqrt, let p)) where p.isPositiveByConstruction: number(0.5) * call(.log, p)
        default: nil
        }
    },
    RewriteRule(name: "sigmoid definition") { e, _ in
        guard case .apply(.sigmoid, let a) = e else { return nil }
        return number(1) / (number(1) + call(.exp, -a))
    },
    RewriteRule(name: "sigmoid symmetry") { e, _ in
        guard case .apply(.sigmoid, let a) = e else { return nil }
        return number(1) - call(.sigmoid, -a)
    },
    RewriteRule(name: "tanh via sigmoid") { e, _ in
        guard case .apply(.tanh, let a) = e else { return nil }
        return number(2) * call(.sigmoid, number(2) * a) - number(1)
    },
    RewriteRule(name: "tanh via exp") { e, _ in
        guard case .apply(.tanh, let a) = e else { return nil }
        let e2 = call(.exp, number(2) * a)
        return (e2 - number(1)) / (e2 + number(1))
    },
    RewriteRule(name: "softplus definition") { e, rng in
        guard case .apply(.softplus, let a) = e else { return nil }
        return rng.chance(0.5) ? call(.log, number(1) + call(.exp, a)) : a + call(.softplus, -a)
    },
    RewriteRule(name: "sin² + cos² = 1") { e, rng in
        switch e {
        case .power(.apply(.sin, let a), 2): return number(1) - .power(call(.cos, a), 2)
        case .power(.apply(.cos, let a), 2): return number(1) - .power(call(.sin, a), 2)
        case .constant, .variable:
            guard rng.chance(0.5) else { return nil }
            fallthrough
        default:
            // Multiply by one in disguise, with the node itself as the angle.
            let one = OracleExpr.power(call(.sin, e), 2) + .power(call(.cos, e), 2)
            return rng.chance(0.5) ? e * one : one * e
        }
    },
    RewriteRule(name: "double angle") { e, _ in
        switch e {
        case .apply(.sin, let a):
            let half = a / number(2)
            return number(2) * call(.sin, half) * call(.cos, half)
        case .apply(.cos, let a):
            let half = a * number(0.5)
            return .power(call(.cos, half), 2) - .power(call(.sin, half), 2)
        default: return nil
        }
    },
    RewriteRule(name: "expand a power") { e, _ in
        switch e {
        case .power(let a, 2): a * a
        case .power(let a, 3): a * .power(a, 2)
        case .power(let a, 4): .power(.power(a, 2), 2)
        case .power(.multiply(let a, let b), let n): .power(a, n) * .power(b, n)
        case .multiply(let a, let b) where a == b: .power(a, 2)
        default: nil
        }
    },
    RewriteRule(name: "binomial") { e, _ in
        switch e {
        case .power(.add(let a, let b), 2): .power(a, 2) + number(2) * a * b + .power(b, 2)
        case .power(.subtract(let a, let b), 2): .power(a, 2) - number(2) * a * b + .power(b, 2)
        default: nil
        }
    },
    RewriteRule(name: "exp of a log") { e, _ in
        switch e {
        case .apply(.sqrt, let p) where p.isPositiveByConstruction: call(.exp, number(0.5) * call(.log, p))
        case .apply(.sqrt, .multiply(let p, let q)) where p.isPositiveByConstruction && q.isPositiveByConstruction:
            call(.sqrt, p) * call(.sqrt, q)
        case _ where e.isPositiveByConstruction: call(.exp, call(.log, e))
        default: nil
        }
    },
    RewriteRule(name: "subtraction and division as sums and products") { e, _ in
        switch e {
        case .subtract(let a, let b): a + number(-1) * b
        case .divide(let a, let b): a * (number(1) / b)
        case .negate(let a): number(-1) * a
        default: nil
        }
    },
    RewriteRule(name: "sum and dot written out") { e, _ in
        switch e {
        case .sum(let a):
            guard let v = soleVector(of: a), let width = vectorWidths[v] else { return nil }
            return (2...width).reduce(substituteElement(a, v, 1)) { $0 + substituteElement(a, v, $1) }
        case .dot(let a, let b): return .sum(a * b)
        case .element(.softmax(let z), let k): return .element(call(.exp, z), k) / .sum(call(.exp, z))
        default: return nil
        }
    },
]

/// The width of each vector given the generator uses (fixed names, so rules can expand sums).
let vectorWidths: [String: Int] = ["v": 3, "w": 3, "z": 3, "q": 2, "r": 4]

/// The one vector given an element-wise expression is built from (scalar givens and constants aside), if
/// it is element-wise (no `sum`, `dot`, `softmax` or indexing) and mentions exactly one vector.
func soleVector(of e: OracleExpr) -> String? {
    var found: Set<String> = []
    func walk(_ x: OracleExpr) -> Bool {
        switch x {
        case .sum, .dot, .softmax, .element: return false
        case .variable(let n):
            if vectorWidths[n] != nil { found.insert(n) }
            return true
        default: return x.children.allSatisfy(walk)
        }
    }
    guard walk(e), found.count == 1 else { return nil }
    return found.first
}

/// `e` (an element-wise expression of the vector `v`) at element `k`: every `v` becomes `v[k]`.
func substituteElement(_ e: OracleExpr, _ v: String, _ k: Int) -> OracleExpr {
    if case .variable(let n) = e, n == v { return .element(e, k) }
    return e.replacingChildren(e.children.map { substituteElement($0, v, k) })
}

/// `e` with every occurrence of the given `name` replaced by `replacement`.
func substitute(_ e: OracleExpr, _ name: String, with replacement: OracleExpr) -> OracleExpr {
    if case .variable(let n) = e, n == name { return replacement }
    return e.replacingChildren(e.children.map { substitute($0, name, with: replacement) })
}

/// Applies one applicable rule at one node, both chosen at random (a few dozen tries); `nil` when none
/// was found.
func rewriteOnce(_ e: OracleExpr, rng: inout OracleRandom) -> (OracleExpr, String)? {
    let paths = e.paths
    var fallback: ([Int], RewriteRule)?
    for _ in 0..<48 {
        let path = rng.pick(paths)
        let rule = rng.pick(rewriteRules)
        var probe = rng
        guard rule.apply(e.node(at: path), &probe) != nil else { continue }
        // "sin² + cos² = 1" applies almost everywhere: keep it from crowding out the others.
        if rule.name == "sin² + cos² = 1", rng.chance(0.85) {
            fallback = fallback ?? (path, rule)
            continue
        }
        guard let replacement = rule.apply(e.node(at: path), &rng) else { continue }
        return (e.replacing(at: path, with: replacement), rule.name)
    }
    guard let (path, rule) = fallback, let replacement = rule.apply(e.node(at: path), &rng) else { return nil }
    return (e.replacing(at: path, with: replacement), rule.name)
}

/// A change that makes an expression wrong by a clearly detectable amount (checked by the oracle).
struct Mutation: Sendable {
    let name: String
    let apply: @Sendable (OracleExpr, inout OracleRandom) -> OracleExpr?
}

/// The mutations false claims are made with.
let mutations: [Mutation] = [
    Mutation(name: "sign flip") { e, _ in
        if case .constant = e { return nil }
        return Simplify.negate(e)
    },
    Mutation(name: "factor 2") { e, _ in
        if case .constant = e { return nil }
        return number(2) * e
    },
    Mutation(name: "factor 1.5") { e, _ in
        if case .constant = e { return nil }
        return e * number(1.5)
    },
    Mutation(name: "added constant") { e, rng in e + number(rng.pick([0.1, 0.25, 0.5, 1])) },
    Mutation(name: "dropped term") { e, rng in
        switch e {
        case .add(let a, let b): rng.chance(0.5) ? a : b
        case .subtract(let a, let b): rng.chance(0.5) ? a : -b
        default: nil
        }
    },
    Mutation(name: "wrong sign in a sum") { e, _ in
        switch e {
        case .add(let a, let b): a - b
        case .subtract(let a, let b): a + b
        default: nil
        }
    },
    Mutation(name: "wrong function") { e, _ in
        guard case .apply(let f, let a) = e else { return nil }
        switch f {
        case .sin: return call(.cos, a)
        case .cos: return call(.sin, a)
        case .tanh: return call(.sigmoid, a)
        case .sigmoid: return call(.tanh, a)
        case .exp: return number(1) + a
        case .log: return a - number(1)
        case .sqrt: return a
        case .softplus: return call(.exp, a)
        case .relu: return call(.abs, a)
        case .abs: return call(.relu, a)
        case .step: return call(.sign, a)
        case .sign: return call(.step, a)
        }
    },
    Mutation(name: "wrong argument sign") { e, _ in
        guard case .apply(let f, let a) = e, f != .log, f != .sqrt else { return nil }
        return call(f, Simplify.negate(a))
    },
    Mutation(name: "wrong power") { e, _ in
        guard case .power(let a, let n) = e else { return nil }
        return .power(a, n == 2 ? 3 : n - 1)
    },
    Mutation(name: "wrong index") { e, _ in
        guard case .element(let v, let k) = e, case .variable(let name) = v, let width = vectorWidths[name] else {
            return nil
        }
        return .element(v, k % width + 1)
    },
]

/// Applies one random mutation at a random node (the root with probability ½); `nil` when none applies.
func mutateOnce(_ e: OracleExpr, rng: inout OracleRandom) -> (OracleExpr, String)? {
    let paths = e.paths
    for _ in 0..<8 {
        let path = rng.chance(0.5) ? [] : rng.pick(paths)
        let mutation = rng.pick(mutations)
        if let changed = mutation.apply(e.node(at: path), &rng) {
            return (e.replacing(at: path, with: changed), mutation.name)
        }
    }
    return nil
}
