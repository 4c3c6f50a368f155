// ComputeCore's public API is built on swift-numerics' protocols (`AlgebraicField`,
// `ElementaryFunctions`), so clients that use `Dual` and `Tensor` need their operators
// and functions (`/`, `.exp`, `.log`). Re-exporting RealModule spares every client a
// direct dependency on swift-numerics.
@_exported import RealModule
