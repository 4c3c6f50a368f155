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

/// A set of a fence's names, by their ids in ``Program/names`` (a bit per name): built and merged without
/// hashing a string.
struct NameSet: Sendable {
    /// Bits 0–63.
    private var low: UInt64 = 0
    /// Bits from 64 on, 64 a word (empty for most fences).
    private var high: [UInt64] = []

    func contains(_ id: Int) -> Bool {
        if id < 64 { return low & (1 << UInt64(id)) != 0 }
        let word = id / 64 - 1
        return word < high.count && high[word] & (1 << UInt64(id % 64)) != 0
    }

    mutating func insert(_ id: Int) {
        if id < 64 {
            low |= 1 << UInt64(id)
            return
        }
        let word = id / 64 - 1
        while high.count <= word { high.append(0) }
        high[word] |= 1 << UInt64(id % 64)
    }

    mutating func remove(_ id: Int) {
        if id < 64 {
            low &= ~(1 << UInt64(id))
        } else if id / 64 - 1 < high.count {
            high[id / 64 - 1] &= ~(1 << UInt64(id % 64))
        }
    }

    mutating func formUnion(_ other: NameSet) {
        low |= other.low
        while high.count < other.high.count { high.append(0) }
        for k in other.high.indices { high[k] |= other.high[k] }
    }

    /// The ids in the set, ascending.
    var ids: [Int] {
        var result: [Int] = []
        for bit in 0..<64 where low & (1 << UInt64(bit)) != 0 { result.append(bit) }
        for (k, word) in high.enumerated() {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { result.append(64 * (k + 1) + bit) }
        }
        return result
    }
}

/// The resolved program of a fence: lets and givens by name, and what each let depends on.
///
/// Every name the fence mentions gets a small integer id (its place in ``names``) when the program is made,
/// and the sets of names it works out (each let's dependencies, each derivative's) are ``NameSet``s of ids.
final class Program: Sendable {
    let fence: ClaimFence
    let lets: [String: LetDefinition]
    let givens: [String: Given]
    /// Every name the fence mentions (givens, lets, parameters, called functions, `for` and sum indices), in
    /// the order first met: a name's id is its place here.
    let names: [String]
    /// Per name id, the ids of the names (givens and lets) that let refers to, transitively (empty for a name
    /// that is not a let).
    let dependencies: [NameSet]
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

    /// The id of `name`, if the fence mentions it.
    func id(of name: String) -> Int? {
        for i in names.indices where names[i] == name { return i }
        return nil
    }

    init(_ fence: ClaimFence) {
        self.fence = fence
        var lets: [String: LetDefinition] = Dictionary(minimumCapacity: fence.lets.count)
        for definition in fence.lets { lets[definition.name] = definition }
        var givens: [String: Given] = Dictionary(minimumCapacity: fence.givens.count)
        for given in fence.givens { givens[given.name] = given }
        self.lets = lets
        self.givens = givens
        self.givenNames = fence.givens.map(\.name)
        self.ranks = RankInference(fence)
        // Ids: the givens and lets first, then every other name as it is met.
        var table = NameTableBuilder()
        for given in fence.givens { _ = table.id(given.name) }
        for definition in fence.lets { _ = table.id(definition.name) }
        let declaredCount = table.names.count
        // The names each let's body mentions, collected once for what follows.
        let letBodyNames = fence.lets.map { definition in
            var names = NameSet()
            table.collect(definition.body, into: &names)
            return names
        }
        // The names the fence mentions, resolved once, for lookups by a short scan instead of a hash.
        var mentioned = NameSet()
        for names in letBodyNames { mentioned.formUnion(names) }
        for claim in fence.claims {
            table.collect(claim.first, into: &mentioned)
            for step in claim.steps { table.collect(step.expression, into: &mentioned) }
        }
        let sortedNames = mentioned.ids.map { table.names[$0] }.sorted()
        let callees = sortedNames.compactMap { name in Program.callee(name, lets: lets).map { (name, $0) } }
        self.mentionedCallees = callees.map(\.1)
        self.mentionedCalleeNames = callees.map(\.0)
        let named = sortedNames.compactMap { name in Program.namedValue(name, lets: lets).map { (name, $0) } }
        self.mentionedNamed = named.map(\.1)
        self.mentionedNamedNames = named.map(\.0)
        // Parameters get ids too, to be taken out of their let's dependencies.
        let parameterIDs = fence.lets.map { $0.parameters.map { table.id($0) } }
        // Lets refer only to earlier lets, so one pass in order is enough.
        var dependencies: [NameSet] = []
        var isLet = NameSet()
        for definition in fence.lets { isLet.insert(table.id(definition.name)) }
        // Per id of a given or let (they come first): a let's dependencies, empty until its turn.
        var letDependencies = Array(repeating: NameSet(), count: declaredCount)
        for (k, definition) in fence.lets.enumerated() {
            let names = letBodyNames[k]
            var closure = names
            for parameter in parameterIDs[k] { closure.remove(parameter) }
            for id in names.ids where isLet.contains(id) {
                closure.formUnion(letDependencies[id])
            }
            letDependencies[table.id(definition.name)] = closure
        }
        var derivativeNodes: [DerivativeNode] = []
        func visit(_ e: Expression) {
            if case .derivative(let body, let variable, _, _, _, let range) = e {
                var names = NameSet()
                table.collect(body, into: &names)
                let variableID = table.id(variable)
                let depends =
                    names.contains(variableID)
                    || names.ids.contains { $0 < declaredCount && letDependencies[$0].contains(variableID) }
                let node = DerivativeNode(
                    start: range.start, depends: depends, bodyNames: names.ids.map { table.names[$0] })
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
        dependencies.reserveCapacity(table.names.count)
        for id in table.names.indices { dependencies.append(id < declaredCount ? letDependencies[id] : NameSet()) }
        self.dependencies = dependencies
        self.names = table.names
    }

    /// Gives names ids as they are met, and collects expressions' names as ids.
    private struct NameTableBuilder {
        var names: [String] = []

        /// The id of `name`, given it now if it has none.
        mutating func id(_ name: String) -> Int {
            for i in names.indices where names[i] == name { return i }
            names.append(name)
            return names.count - 1
        }

        /// ``Program/collectNames(_:into:)`` by ids.
        mutating func collect(_ expression: Expression, into set: inout NameSet) {
            switch expression {
            case .name(let n, _): set.insert(id(n))
            case .call(let f, let arguments, _):
                set.insert(id(f))
                for a in arguments { collect(a, into: &set) }
            case .derivative(let body, let variable, let indices, _, _, _):
                set.insert(id(variable))
                collect(body, into: &set)
                for i in indices { collect(i, into: &set) }
            case .sum(let index, let lower, let upper, let body, _):
                // The index is bound by the sum: it is no name of the fence's.
                collect(lower, into: &set)
                collect(upper, into: &set)
                var inside = NameSet()
                collect(body, into: &inside)
                inside.remove(id(index))
                set.formUnion(inside)
            default:
                expression.forEachChild { collect($0, into: &set) }
            }
        }
    }

    /// What is known of a derivative node before any evaluation.
    struct DerivativeNode: Sendable {
        /// The node's start, which identifies it.
        var start: SourceLocation
        /// Whether the node's function depends on its variable.
        var depends: Bool
        /// The names the node's function mentions, each once.
        var bodyNames: [String]
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
        var names: Set<String> = []
        Program.collectNames(expression, into: &names)
        return depends(names, on: name)
    }

    /// Whether an expression that mentions `names` (``collectNames(_:into:)``) refers to `name`, directly or
    /// through lets and functions.
    func depends(_ names: Set<String>, on name: String) -> Bool {
        if names.contains(name) { return true }
        // A name the fence never mentions is in no let's dependencies.
        guard let target = id(of: name) else { return false }
        return names.contains { id(of: $0).map { dependencies[$0].contains(target) } == true }
    }
}
