import ComputeCore
import Diagnostics
import Foundation

/// Names and values in a small table searched linearly: a fence has a handful of givens and lets, and
/// comparing a few short names is cheaper than hashing one.
struct NameTable<T: DifferentiableScalar> {
    private(set) var names: [String]
    private(set) var values: [Tensor<T>]

    init() {
        names = []
        values = []
    }

    /// A table of `names[i]` to `values[i]`; the names are distinct and the arrays equally long.
    init(names: [String], values: [Tensor<T>]) {
        self.names = names
        self.values = values
    }

    subscript(name: String) -> Tensor<T>? {
        for i in names.indices where names[i] == name { return values[i] }
        return nil
    }

    mutating func set(_ name: String, _ value: Tensor<T>) {
        for i in names.indices where names[i] == name {
            values[i] = value
            return
        }
        names.append(name)
        values.append(value)
    }
}

/// The values visible while evaluating at scalar type `T`: givens, fixed names, and lets computed on demand.
final class Scope<T: DifferentiableScalar> {
    let program: Program
    let budget: Budget
    /// Givens and names held fixed, shared between the scopes of one derivative's columns.
    let base: NameTable<T>
    /// A name held fixed over `base` (the seeded variable of a derivative, or a perturbed one).
    private(set) var seeded: (name: String, value: Tensor<T>)?
    /// Lets as they are computed (never a name of `base` or `seeded`).
    var lets: [(name: String, value: Tensor<T>)] = []
    /// Set when a non-smooth built-in was evaluated at (or next to) its kink.
    var touchedKink = false
    /// Set when a piecewise value had no case for the point (and no `otherwise`): the point is outside the
    /// claim's domain, whichever side the value stands on.
    var leftPiecewiseDomain = false
    var callDepth = 0
    var derivativeDepth: Int
    /// When set (only on `Double` scopes), every derivative is also checked against finite differences.
    var checkDerivatives = false
    /// What the finite-difference checks found.
    var derivativeReport = DerivativeReport()
    /// Derivatives already computed in this scope, by the node's start (see `Evaluator.evaluate`).
    var derivativeCache: [(start: SourceLocation, value: Tensor<T>)] = []
    func cachedDerivative(at start: SourceLocation) -> Tensor<T>? {
        for i in derivativeCache.indices where derivativeCache[i].start == start { return derivativeCache[i].value }
        return nil
    }

    func cacheDerivative(_ value: Tensor<T>, at start: SourceLocation) {
        for i in derivativeCache.indices where derivativeCache[i].start == start {
            derivativeCache[i].value = value
            return
        }
        derivativeCache.append((start, value))
    }

    /// Every fixed name (`base` and `seeded`) lifted to constant duals, made once for the derivatives taken here.
    var liftedFixed: NameTable<Dual<T>>?

    init(
        program: Program, budget: Budget, base: NameTable<T>, seeded: (name: String, value: Tensor<T>)? = nil,
        derivativeDepth: Int
    ) {
        self.program = program
        self.budget = budget
        self.base = base
        self.seeded = seeded
        self.derivativeDepth = derivativeDepth
    }

    /// Makes this scope as new, with `seeded` (if any) fixed over the same `base` (keeps the storage of its tables).
    func reset(seeded: (name: String, value: Tensor<T>)?, callDepth: Int) {
        self.seeded = seeded
        lets.removeAll(keepingCapacity: true)
        touchedKink = false
        leftPiecewiseDomain = false
        self.callDepth = callDepth
        checkDerivatives = false
        derivativeReport = DerivativeReport()
        derivativeCache.removeAll(keepingCapacity: true)
        liftedFixed = nil
    }

    /// A fixed name's value, else a let already computed here.
    @inline(__always)
    func known(_ name: String) -> Tensor<T>? {
        if let seeded, seeded.name == name { return seeded.value }
        if let v = base[name] { return v }
        for i in lets.indices where lets[i].name == name { return lets[i].value }
        return nil
    }

    /// Every fixed name with its value (`seeded` over `base`).
    var fixed: NameTable<T> {
        var table = base
        if let seeded { table.set(seeded.name, seeded.value) }
        return table
    }
}
