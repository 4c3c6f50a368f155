import RealModule

/// Element-wise arithmetic with scalar broadcasting.
///
/// Two operands combine when their shapes are equal or when one of them is a rank-0 scalar,
/// which is then used with every element of the other. Any other pair throws ``ShapeError``;
/// a 1-vector or 1×1 matrix does not broadcast.
extension Tensor {
    /// Combines two tensors element by element, broadcasting a scalar operand.
    ///
    /// - Throws: ``ShapeError`` naming `operation` when the shapes differ and neither is a scalar.
    @inlinable
    public static func elementwise(
        _ lhs: Tensor, _ rhs: Tensor, operation: String, _ combine: (Element, Element) -> Element
    ) throws -> Tensor {
        var result: [Element] = []
        if lhs.shape == rhs.shape {
            result.reserveCapacity(lhs.elements.count)
            lhs.elements.withUnsafeBufferPointer { l in
                rhs.elements.withUnsafeBufferPointer { r in
                    for index in 0..<l.count { result.append(combine(l[index], r[index])) }
                }
            }
            return Tensor(uncheckedShape: lhs.shape, elements: result)
        }
        if rhs.shape.isEmpty, let r = rhs.elements.first {
            result.reserveCapacity(lhs.elements.count)
            for l in lhs.elements { result.append(combine(l, r)) }
            return Tensor(uncheckedShape: lhs.shape, elements: result)
        }
        if lhs.shape.isEmpty, let l = lhs.elements.first {
            result.reserveCapacity(rhs.elements.count)
            for r in rhs.elements { result.append(combine(l, r)) }
            return Tensor(uncheckedShape: rhs.shape, elements: result)
        }
        throw ShapeError(operation: operation, left: lhs.shape, right: rhs.shape)
    }

    /// Element-wise sum, broadcasting a scalar.
    ///
    /// - Throws: ``ShapeError`` on mismatched shapes.
    @inlinable
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try elementwise(lhs, rhs, operation: "addition") { $0 + $1 }
    }

    /// Element-wise difference, broadcasting a scalar.
    ///
    /// - Throws: ``ShapeError`` on mismatched shapes.
    @inlinable
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try elementwise(lhs, rhs, operation: "subtraction") { $0 - $1 }
    }

    /// Element-wise (Hadamard) product, broadcasting a scalar.
    ///
    /// - Throws: ``ShapeError`` on mismatched shapes.
    @inlinable
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try elementwise(lhs, rhs, operation: "element-wise product") { $0 * $1 }
    }

    /// Element-wise quotient, broadcasting a scalar.
    ///
    /// - Throws: ``ShapeError`` on mismatched shapes.
    @inlinable
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try elementwise(lhs, rhs, operation: "element-wise quotient") { $0 / $1 }
    }

    /// Element-wise negation.
    @inlinable
    public static prefix func - (operand: Tensor) -> Tensor {
        operand.map { -$0 }
    }

    /// Every element multiplied by a scalar.
    @inlinable
    public func scaled(by factor: Element) -> Tensor {
        map { $0 * factor }
    }
}
