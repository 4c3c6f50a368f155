import RealModule

/// A scalar, vector or matrix of ``DifferentiableScalar`` elements in contiguous row-major storage.
///
/// `shape` is `[]` for a scalar, `[n]` for a vector and `[m, n]` for a matrix (`m` rows,
/// `n` columns); ranks above 2 are rejected. Indices are 0-based. Vectors are neither
/// rows nor columns: a product decides from its position (see ``matmul(_:)``).
/// Operations that cannot combine their operands' shapes throw ``ShapeError``; none crash.
public struct Tensor<Element: DifferentiableScalar>: Sendable {
    /// The extent of each axis: `[]`, `[n]` or `[m, n]`.
    public var shape: [Int]
    /// The elements, row-major: element `(i, j)` of an `m×n` matrix is at `i·n + j`.
    public var elements: [Element]

    /// A rank-0 tensor holding one value.
    @inlinable
    public init(_ scalar: Element) {
        self.shape = []
        self.elements = [scalar]
    }

    /// A vector of the given elements (shape `[count]`).
    @inlinable
    public init(vector: [Element]) {
        self.shape = [vector.count]
        self.elements = vector
    }

    /// A matrix from its rows.
    ///
    /// - Throws: ``ShapeError`` when the rows differ in length.
    public init(rows: [[Element]]) throws {
        let columns = rows.first?.count ?? 0
        var elements: [Element] = []
        elements.reserveCapacity(rows.count * columns)
        for row in rows {
            guard row.count == columns else {
                throw ShapeError(
                    operation: "matrix from rows", left: [columns], right: [row.count],
                    reason: "rows differ in length")
            }
            elements.append(contentsOf: row)
        }
        self.shape = [rows.count, columns]
        self.elements = elements
    }

    /// A tensor with the given shape and row-major elements.
    ///
    /// - Throws: ``ShapeError`` when the rank exceeds 2, an extent is negative, or the
    ///   element count is not the product of the extents.
    public init(shape: [Int], elements: [Element]) throws {
        guard shape.count <= 2 else {
            throw ShapeError(operation: "tensor", shape: shape, reason: "has rank above 2")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw ShapeError(operation: "tensor", shape: shape, reason: "has a negative extent")
        }
        guard shape.reduce(1, *) == elements.count else {
            throw ShapeError(
                operation: "tensor", shape: shape,
                reason: "does not hold \(elements.count) element(s)")
        }
        self.shape = shape
        self.elements = elements
    }

    /// Internal unchecked initializer; callers guarantee `shape` and `elements` agree.
    @inlinable
    init(uncheckedShape shape: [Int], elements: [Element]) {
        self.shape = shape
        self.elements = elements
    }

    /// A tensor of the given shape with every element equal to `value`.
    ///
    /// - Throws: ``ShapeError`` for an invalid shape.
    public init(repeating value: Element, shape: [Int]) throws {
        try self.init(shape: shape, elements: Array(repeating: value, count: shape.reduce(1, *)))
    }

    /// The number of axes: 0, 1 or 2.
    @inlinable
    public var rank: Int { shape.count }

    /// The number of elements.
    @inlinable
    public var count: Int { elements.count }

    /// Whether this is a rank-0 tensor.
    @inlinable
    public var isScalar: Bool { shape.isEmpty }

    /// Whether this is a rank-1 tensor.
    @inlinable
    public var isVector: Bool { shape.count == 1 }

    /// Whether this is a rank-2 tensor.
    @inlinable
    public var isMatrix: Bool { shape.count == 2 }

    /// The single element of a tensor that holds exactly one element, whatever its rank
    /// (a scalar, a 1-vector or a 1×1 matrix); `nil` otherwise.
    @inlinable
    public var scalarValue: Element? { elements.count == 1 ? elements[0] : nil }

    /// The element at a 0-based flat (row-major) index; for a vector, its `index`-th entry.
    ///
    /// The index must be in `0..<count` (as for an array).
    @inlinable
    public subscript(index: Int) -> Element {
        get { elements[index] }
        set { elements[index] = newValue }
    }

    /// The element at a 0-based row and column of a matrix.
    ///
    /// The tensor must be a matrix and the indices in range (as for an array).
    @inlinable
    public subscript(row: Int, column: Int) -> Element {
        get { elements[row * shape[1] + column] }
        set { elements[row * shape[1] + column] = newValue }
    }

    /// The element at a 0-based row and column, or `nil` when out of range or not a matrix.
    public func element(row: Int, column: Int) -> Element? {
        guard shape.count == 2, (0..<shape[0]).contains(row), (0..<shape[1]).contains(column) else {
            return nil
        }
        return elements[row * shape[1] + column]
    }

    /// A tensor of the same shape with `f` applied to every element.
    @inlinable
    public func map<U>(_ f: (Element) throws -> U) rethrows -> Tensor<U> {
        var result: [U] = []
        result.reserveCapacity(elements.count)
        for element in elements { result.append(try f(element)) }
        return Tensor<U>(uncheckedShape: shape, elements: result)
    }

    /// The same elements under another shape with the same element count.
    ///
    /// - Throws: ``ShapeError`` when the counts differ or the rank exceeds 2.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        try Tensor(shape: newShape, elements: elements)
    }

    /// The plain values of every element.
    @inlinable
    public var primals: Tensor<Double> { map { $0.primal } }
}

extension Tensor: Equatable {
    /// Exact equality of shapes and elements (never approximate).
    @inlinable
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.elements == rhs.elements
    }
}

extension Tensor: CustomStringConvertible {
    /// The elements, e.g. `2.0`, `[1.0, 2.0]` or `[[1.0, 2.0], [3.0, 4.0]]`.
    public var description: String {
        switch shape.count {
        case 0:
            return elements.first.map { "\($0)" } ?? "[]"
        case 1:
            return "[" + elements.map { "\($0)" }.joined(separator: ", ") + "]"
        default:
            let columns = shape[1]
            let rows = (0..<shape[0]).map { row in
                "["
                    + elements[(row * columns)..<((row + 1) * columns)].map { "\($0)" }
                    .joined(separator: ", ") + "]"
            }
            return "[" + rows.joined(separator: ", ") + "]"
        }
    }
}

extension Tensor where Element == Double {
    /// The same values as constants of another scalar type (zero tangents).
    @inlinable
    public func lifted<T: DifferentiableScalar>(to type: T.Type) -> Tensor<T> {
        map { T($0) }
    }

    /// The values as first-order duals, with the tangent of flat element `index` set to 1
    /// and every other tangent 0: the input for a partial derivative with respect to that element.
    @inlinable
    public func seeded(at index: Int) -> Tensor<Dual<Double>> {
        var result = map { Dual<Double>($0) }
        result.elements[index].derivative = 1
        return result
    }

    /// The values as first-order duals whose tangents are `direction` (same shape):
    /// the input for a directional derivative.
    ///
    /// - Throws: ``ShapeError`` when `direction` has another shape.
    public func seeded(along direction: Tensor<Double>) throws -> Tensor<Dual<Double>> {
        guard direction.shape == shape else {
            throw ShapeError(operation: "seed direction", left: shape, right: direction.shape)
        }
        var result: [Dual<Double>] = []
        result.reserveCapacity(count)
        for index in elements.indices {
            result.append(Dual(value: elements[index], derivative: direction.elements[index]))
        }
        return Tensor<Dual<Double>>(uncheckedShape: shape, elements: result)
    }
}
