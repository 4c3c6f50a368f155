import RealModule

/// A tensor operation received operands whose shapes it cannot combine.
///
/// The description names the operation and the shapes, for example
/// `matrix product: shapes 2×3 and 2×3 do not match`.
public struct ShapeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation that failed, e.g. `"matrix product"`.
    public var operation: String
    /// The shapes involved, in operand order (one or two of them).
    public var shapes: [[Int]]
    /// What is wrong, e.g. `"do not match"` or `"expects a vector"`.
    public var reason: String

    /// An error for a binary operation whose two shapes do not fit together.
    public init(operation: String, left: [Int], right: [Int], reason: String = "do not match") {
        self.operation = operation
        self.shapes = [left, right]
        self.reason = reason
    }

    /// An error for an operation that cannot accept one operand's shape.
    public init(operation: String, shape: [Int], reason: String) {
        self.operation = operation
        self.shapes = [shape]
        self.reason = reason
    }

    /// `operation: shapes A and B reason` or `operation: shape A reason`.
    public var description: String {
        let names = shapes.map(ShapeError.describe)
        let list = names.count == 1 ? "shape \(names[0])" : "shapes " + names.joined(separator: " and ")
        return "\(operation): \(list) \(reason)"
    }

    /// A shape written as people write it: `scalar`, `3` (a vector), `2×3` (a matrix).
    public static func describe(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
    }
}
