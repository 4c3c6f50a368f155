/// The rank (0 for a scalar, 1 for a vector, 2 for a matrix) of an expression of a fence, found from its
/// givens' domains and its lets without evaluating anything.
///
/// The LaTeX printer asks it whether a product `a * b` multiplies two tensors (printed `a \odot b`, an
/// element-wise product) or involves a scalar (printed `a \cdot b`). `nil` means the rank is not known
/// statically (an unknown name, or a shape the evaluator would reject); the printer then treats it as a scalar.
struct RankInference {
    private let givens: [String: Int]
    private let lets: [String: LetDefinition]
    /// The ranks of the lets without parameters, computed once in declaration order.
    private var quantities: [String: Int?] = [:]

    /// Reads the ranks of `fence`'s givens and of its lets.
    init(_ fence: ClaimFence) {
        var givens: [String: Int] = [:]
        for given in fence.givens { givens[given.name] = given.domain.shape.count }
        var lets: [String: LetDefinition] = [:]
        for definition in fence.lets { lets[definition.name] = definition }
        self.givens = givens
        self.lets = lets
        // Lets refer only to earlier lets, so one pass in order sees every rank it needs.
        for definition in fence.lets where !definition.isFunction {
            quantities[definition.name] = rank(of: definition.body)
        }
    }

    /// An inference that knows no names: every name's rank is unknown.
    static let empty = RankInference(ClaimFence(givens: [], lets: [], claims: []))

    /// The rank of `expression`, `nil` if unknown.
    func rank(of expression: Expression) -> Int? {
        rank(of: expression, parameters: [:], depth: 0)
    }

    /// The rank of `expression`, with the parameters of the function being expanded bound to their arguments'
    /// ranks. `depth` bounds the expansion of nested function calls.
    private func rank(of expression: Expression, parameters: [String: Int?], depth: Int) -> Int? {
        guard depth < 32 else { return nil }
        func of(_ e: Expression) -> Int? { rank(of: e, parameters: parameters, depth: depth) }
        switch expression {
        case .number: return 0
        case .name(let name, _):
            if let bound = parameters[name] { return bound }
            if let given = givens[name] { return given }
            if let quantity = quantities[name] { return quantity }
            if Builtin.constants[name] != nil { return 0 }
            // An index bound by `for` is a scalar; so is anything else the evaluator would reject.
            return lets[name] == nil ? 0 : nil
        case .negate(let operand, _), .transpose(let operand, _):
            return of(operand)
        case .binary(let op, let l, let r, _):
            guard let left = of(l), let right = of(r) else { return nil }
            if op == .matrixProduct {
                // A vector is a column on the right and a row on the left; vector·vector is the inner product.
                return max(0, left + right - 2)
            }
            return max(left, right)
        case .index(let base, let indices, _):
            return of(base).map { max(0, $0 - indices.count) }
        case .derivative(let body, let variable, let indices, _, _, _):
            guard let bodyRank = of(body) else { return nil }
            if !indices.isEmpty { return bodyRank }
            guard let variableRank = of(.name(variable, expression.range)) else { return nil }
            return min(2, bodyRank + variableRank)
        case .vector: return 1
        case .sum(_, _, _, let body, _):
            // The index is a number inside the body, which `name` already takes for a scalar.
            return of(body)
        case .piecewise(let cases, let otherwise, _):
            let ranks = cases.map { of($0.value) } + (otherwise.map { [of($0)] } ?? [])
            guard let first = ranks.first, ranks.allSatisfy({ $0 == first }) else { return nil }
            return first
        case .call(let name, let arguments, _):
            let argumentRanks = arguments.map(of)
            if let definition = lets[name], definition.isFunction {
                var bound: [String: Int?] = [:]
                for (parameter, argumentRank) in zip(definition.parameters, argumentRanks) {
                    bound[parameter] = argumentRank
                }
                return rank(of: definition.body, parameters: bound, depth: depth + 1)
            }
            guard let function = Builtin.functionIDs[name] else { return nil }
            return Self.rank(of: function, arguments: argumentRanks)
        }
    }

    /// The rank of a built-in's result from its arguments' ranks.
    private static func rank(of function: BuiltinFunction, arguments: [Int?]) -> Int? {
        let first = arguments.first ?? nil
        if function.isElementwise { return first }
        switch function {
        case .leakyRelu, .transpose: return first
        case .max, .min:
            guard arguments.count >= 2 else { return 0 }
            var largest = 0
            for argument in arguments {
                guard let argument else { return nil }
                largest = max(largest, argument)
            }
            return largest
        case .logb: return max(first ?? 0, arguments.count > 1 ? (arguments[1] ?? 0) : 0)
        case .delta, .sum, .mean, .dot, .logsumexp, .mse, .bce, .crossEntropy, .l1: return 0
        case .outer: return 2
        case .diag: return first.map { $0 == 1 ? 2 : 1 }
        case .softmax, .logSoftmax: return 1
        default: return first
        }
    }
}
