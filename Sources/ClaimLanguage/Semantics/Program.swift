import ComputeCore
import Diagnostics
import Foundation

/// What a called name refers to: a `let` (function) or a built-in.
enum Callee {
    case definition(LetDefinition)
    case builtin(BuiltinFunction)
}

/// What a name that is not fixed refers to: a constant or a let.
enum NamedValue {
    case constant(Double)
    case definition(LetDefinition)
}

/// The resolved program of a fence: lets and givens by name, and what each let depends on.
final class Program: Sendable {
    let fence: ClaimFence
    let lets: [String: LetDefinition]
    let givens: [String: Given]
    /// The names (givens and lets) each let refers to, transitively.
    let dependencies: [String: Set<String>]
    /// The givens' names, in declaration order.
    let givenNames: [String]
    /// What each name the fence calls refers to (see ``callee(_:)``).
    let mentionedCallees: [Callee]
    /// The names of `mentionedCallees`, in the same order.
    let mentionedCalleeNames: [String]
    /// What each name the fence mentions refers to besides the fixed names (see ``namedValue(_:)``).
    let mentionedNamed: [NamedValue]
    /// The names of `mentionedNamed`, in the same order.
    let mentionedNamedNames: [String]
    /// Each expression's rank, as the LaTeX printer asks for it: inferred once for every claim of the fence.
    let ranks: RankInference

    /// What a call of `name` refers to: a let, else a built-in (a let cannot take a built-in's name).
    func callee(_ name: String) -> Callee? {
        // Compare names only: copying an entry would copy (retain) a whole let definition.
        for i in mentionedCalleeNames.indices where mentionedCalleeNames[i] == name { return mentionedCallees[i] }
        return Program.callee(name, lets: lets)
    }

    static func callee(_ name: String, lets: [String: LetDefinition]) -> Callee? {
        if let definition = lets[name] { return .definition(definition) }
        return Builtin.functionIDs[name].map(Callee.builtin)
    }

    /// What the name `name` refers to besides the fixed names: a let, else a constant.
    func namedValue(_ name: String) -> NamedValue? {
        for i in mentionedNamedNames.indices where mentionedNamedNames[i] == name { return mentionedNamed[i] }
        return Program.namedValue(name, lets: lets)
    }

    static func namedValue(_ name: String, lets: [String: LetDefinition]) -> NamedValue? {
        // A let can take a constant's name only where the constant may be shadowed (`e`).
        if let definition = lets[name] { return .definition(definition) }
        return Builtin.constants[name].map(NamedValue.constant)
    }

    init(_ fence: ClaimFence) {
        self.fence = fence
        var lets: [String: LetDefinition] = [:]
        for definition in fence.lets { lets[definition.name] = definition }
        var givens: [String: Given] = [:]
        for given in fence.givens { givens[given.name] = given }
        self.lets = lets
        self.givens = givens
        self.givenNames = fence.givens.map(\.name)
        self.ranks = RankInference(fence)
        // The names each let's body mentions, collected once for what follows.
        let letBodyNames = fence.lets.map { definition in
            var names: Set<String> = []
            Program.collectNames(definition.body, into: &names)
            return names
        }
        // The names the fence mentions, resolved once, for lookups by a short scan instead of a hash.
        var mentioned: Set<String> = []
        for names in letBodyNames { mentioned.formUnion(names) }
        for claim in fence.claims {
            Program.collectNames(claim.first, into: &mentioned)
            for step in claim.steps { Program.collectNames(step.expression, into: &mentioned) }
        }
        let sortedNames = mentioned.sorted()
        let callees = sortedNames.compactMap { name in Program.callee(name, lets: lets).map { (name, $0) } }
        self.mentionedCallees = callees.map(\.1)
        self.mentionedCalleeNames = callees.map(\.0)
        let named = sortedNames.compactMap { name in Program.namedValue(name, lets: lets).map { (name, $0) } }
        self.mentionedNamed = named.map(\.1)
        self.mentionedNamedNames = named.map(\.0)
        var dependencies: [String: Set<String>] = [:]
        // Lets refer only to earlier lets, so one pass in order is enough.
        for (definition, names) in zip(fence.lets, letBodyNames) {
            var closure = names.subtracting(definition.parameters)
            for name in names where lets[name] != nil {
                closure.formUnion(dependencies[name] ?? [])
            }
            dependencies[definition.name] = closure
        }
        self.dependencies = dependencies
        var derivativeNodes: [DerivativeNode] = []
        func visit(_ e: Expression) {
            if case .derivative(let body, let variable, _, _, _, let range) = e {
                var names: Set<String> = []
                Program.collectNames(body, into: &names)
                let node = DerivativeNode(
                    start: range.start, depends: Program.depends(names, on: variable, dependencies: dependencies),
                    bodyNames: names)
                // Nodes are told apart by their start; a later one replaces an earlier one.
                if let i = derivativeNodes.firstIndex(where: { $0.start == range.start }) {
                    derivativeNodes[i] = node
                } else {
                    derivativeNodes.append(node)
                }
            }
            e.forEachChild { visit($0) }
        }
        for definition in fence.lets { visit(definition.body) }
        for claim in fence.claims {
            visit(claim.first)
            for step in claim.steps { visit(step.expression) }
        }
        self.derivativeNodes = derivativeNodes
    }

    /// What is known of a derivative node before any evaluation.
    struct DerivativeNode: Sendable {
        /// The node's start, which identifies it.
        var start: SourceLocation
        /// Whether the node's function depends on its variable.
        var depends: Bool
        /// The names the node's function mentions.
        var bodyNames: Set<String>
    }

    /// Every derivative node of the fence (a handful), searched by start.
    let derivativeNodes: [DerivativeNode]

    /// The derivative node starting at `start`.
    func derivativeNode(at start: SourceLocation) -> DerivativeNode? {
        for node in derivativeNodes where node.start == start { return node }
        return nil
    }

    /// Names and called functions appearing in `expression`.
    static func collectNames(_ expression: Expression, into names: inout Set<String>) {
        switch expression {
        case .name(let n, _): names.insert(n)
        case .call(let f, let arguments, _):
            names.insert(f)
            for a in arguments { collectNames(a, into: &names) }
        case .derivative(let body, let variable, let indices, _, _, _):
            names.insert(variable)
            collectNames(body, into: &names)
            for i in indices { collectNames(i, into: &names) }
        case .sum(let index, let lower, let upper, let body, _):
            // The index is bound by the sum: it is no name of the fence's.
            collectNames(lower, into: &names)
            collectNames(upper, into: &names)
            var inside: Set<String> = []
            collectNames(body, into: &inside)
            inside.remove(index)
            names.formUnion(inside)
        default:
            expression.forEachChild { collectNames($0, into: &names) }
        }
    }

    /// Whether `expression` refers to `name`, directly or through lets and functions.
    func computeDepends(_ expression: Expression, on name: String) -> Bool {
        Program.computeDepends(expression, on: name, dependencies: dependencies)
    }

    static func computeDepends(
        _ expression: Expression, on name: String, dependencies: [String: Set<String>]
    ) -> Bool {
        var names: Set<String> = []
        Program.collectNames(expression, into: &names)
        return depends(names, on: name, dependencies: dependencies)
    }

    /// Whether an expression that mentions `names` (``collectNames(_:into:)``) refers to `name`, directly or
    /// through lets and functions.
    func depends(_ names: Set<String>, on name: String) -> Bool {
        Program.depends(names, on: name, dependencies: dependencies)
    }

    static func depends(_ names: Set<String>, on name: String, dependencies: [String: Set<String>]) -> Bool {
        if names.contains(name) { return true }
        return names.contains { dependencies[$0]?.contains(name) == true }
    }
}
