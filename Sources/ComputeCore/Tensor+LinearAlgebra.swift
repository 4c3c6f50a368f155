import RealModule

/// Products, transpose, diagonal and reductions.
extension Tensor {
    /// The matrix product, with vectors placed where they fit.
    ///
    /// - `m×k · k×n` → `m×n`;
    /// - `m×k · k` (matrix·vector) → vector of `m`;
    /// - `k · k×n` (vector·matrix, the vector as a row) → vector of `n`;
    /// - `k · k` (vector·vector) → the scalar inner product.
    ///
    /// - Throws: ``ShapeError`` ("matrix product") when the inner extents differ or an operand is a scalar.
    @inlinable
    public func matmul(_ other: Tensor) throws -> Tensor {
        let operation = "matrix product"
        guard !shape.isEmpty, !other.shape.isEmpty else {
            throw ShapeError(operation: operation, left: shape, right: other.shape)
        }
        let rows = shape.count == 2 ? shape[0] : 1
        let inner = shape.count == 2 ? shape[1] : shape[0]
        let otherInner = other.shape[0]
        let columns = other.shape.count == 2 ? other.shape[1] : 1
        guard inner == otherInner else {
            throw ShapeError(operation: operation, left: shape, right: other.shape)
        }
        let result =
            rows * columns * inner == 0
            ? [Element](repeating: Element(0.0), count: rows * columns)
            : [Element](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
                elements.withUnsafeBufferPointer { a in
                    other.elements.withUnsafeBufferPointer { b in
                        FlatKernels.matmul(
                            a.baseAddress!, b.baseAddress!, rows: rows, inner: inner, columns: columns,
                            into: buffer.baseAddress!)
                    }
                }
                initialized = rows * columns
            }
        let resultShape: [Int]
        switch (shape.count, other.shape.count) {
        case (2, 2): resultShape = [rows, columns]
        case (2, _): resultShape = [rows]
        case (_, 2): resultShape = [columns]
        default: resultShape = []
        }
        return Tensor(uncheckedShape: resultShape, elements: result)
    }

    /// The transpose of a matrix; a scalar or a vector is returned unchanged.
    ///
    /// Vectors have no orientation here (``matmul(_:)`` reads them by position), so `xᵀ`
    /// of a vector is the vector itself, and `xᵀ·y` on vectors is the inner product.
    @inlinable
    public func transposed() -> Tensor {
        guard shape.count == 2 else { return self }
        let rows = shape[0], columns = shape[1]
        var result: [Element] = []
        result.reserveCapacity(count)
        for j in 0..<columns {
            for i in 0..<rows { result.append(elements[i * columns + j]) }
        }
        return Tensor(uncheckedShape: [columns, rows], elements: result)
    }

    /// The inner product `Σᵢ aᵢbᵢ` of two tensors of the same shape (the Frobenius
    /// product for matrices), as a scalar.
    ///
    /// - Throws: ``ShapeError`` ("dot product") when the shapes differ.
    @inlinable
    public func dot(_ other: Tensor) throws -> Tensor {
        guard shape == other.shape else {
            throw ShapeError(operation: "dot product", left: shape, right: other.shape)
        }
        guard !elements.isEmpty else { return Tensor(Element(0.0)) }
        return Tensor(
            elements.withUnsafeBufferPointer { a in
                other.elements.withUnsafeBufferPointer { b in FlatKernels.dot(a.baseAddress!, b.baseAddress!, count: a.count) }
            })
    }

    /// The outer product `aᵢbⱼ` of two vectors, an `m×n` matrix.
    ///
    /// - Throws: ``ShapeError`` ("outer product") unless both operands are vectors.
    @inlinable
    public func outer(_ other: Tensor) throws -> Tensor {
        guard shape.count == 1, other.shape.count == 1 else {
            throw ShapeError(
                operation: "outer product", left: shape, right: other.shape,
                reason: "are not both vectors")
        }
        var result: [Element] = []
        result.reserveCapacity(count * other.count)
        for a in elements {
            for b in other.elements { result.append(a * b) }
        }
        return Tensor(uncheckedShape: [count, other.count], elements: result)
    }

    /// A vector's diagonal matrix, or a matrix's diagonal as a vector (of `min(m, n)` entries).
    ///
    /// - Throws: ``ShapeError`` ("diag") for a scalar.
    @inlinable
    public func diag() throws -> Tensor {
        switch shape.count {
        case 1:
            let n = count
            var result = Array(repeating: Element(0.0), count: n * n)
            for i in 0..<n { result[i * n + i] = elements[i] }
            return Tensor(uncheckedShape: [n, n], elements: result)
        case 2:
            let n = Swift.min(shape[0], shape[1])
            var result: [Element] = []
            result.reserveCapacity(n)
            for i in 0..<n { result.append(elements[i * shape[1] + i]) }
            return Tensor(uncheckedShape: [n], elements: result)
        default:
            throw ShapeError(operation: "diag", shape: shape, reason: "is neither a vector nor a matrix")
        }
    }

    /// The sum of all elements, a scalar (0 for an empty tensor).
    @inlinable
    public func sum() -> Tensor {
        guard !elements.isEmpty else { return Tensor(Element(0.0)) }
        return Tensor(elements.withUnsafeBufferPointer { FlatKernels.sum($0.baseAddress!, count: $0.count) })
    }

    /// The mean of all elements, a scalar (NaN for an empty tensor).
    @inlinable
    public func mean() -> Tensor {
        let total =
            elements.isEmpty
            ? Element(0.0) : elements.withUnsafeBufferPointer { FlatKernels.sum($0.baseAddress!, count: $0.count) }
        return Tensor(total / Element(Double(count)))
    }

    /// The largest element by plain value, a scalar carrying that element's derivative.
    ///
    /// Ties go to the first such element; a NaN element is returned if present;
    /// an empty tensor gives −∞.
    @inlinable
    public func max() -> Tensor {
        guard var best = elements.first else { return Tensor(Element(-.infinity)) }
        for element in elements.dropFirst() {
            if best.primal.isNaN { break }
            if element.primal > best.primal || element.primal.isNaN { best = element }
        }
        return Tensor(best)
    }

    /// The smallest element by plain value, a scalar carrying that element's derivative.
    ///
    /// Ties go to the first such element; a NaN element is returned if present;
    /// an empty tensor gives +∞.
    @inlinable
    public func min() -> Tensor {
        guard var best = elements.first else { return Tensor(Element(.infinity)) }
        for element in elements.dropFirst() {
            if best.primal.isNaN { break }
            if element.primal < best.primal || element.primal.isNaN { best = element }
        }
        return Tensor(best)
    }
}
