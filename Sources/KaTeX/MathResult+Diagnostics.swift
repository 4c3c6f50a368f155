import Diagnostics

extension MathResult {
    /// The failure message without the trailing ` at position N` (for a diagnostic that already shows the
    /// position as `line:col`); `nil` for a rendered formula.
    public var failureReason: String? {
        guard case .failed(let message) = self else { return nil }
        if errorPosition != nil, let range = message.range(of: Self.positionMarker, options: .backwards) {
            return String(message[..<range.lowerBound])
        }
        return message
    }

    /// The failure as an error located in the file the formula came from: `math: <KaTeX's message>` at the
    /// character KaTeX points to, or at the formula's first character when KaTeX gave no position.
    ///
    /// - Parameters:
    ///   - request: the request this result answers.
    ///   - formulaUTF8Offset: the UTF-8 offset in the file of the first character of `request.tex` (just after
    ///     the opening delimiter); `request.tex` must be the file's text verbatim from there.
    ///   - lineIndex: the index of the whole file.
    /// - Returns: `nil` for a rendered formula.
    public func locatedError(for request: MathRequest, formulaUTF8Offset: Int, in lineIndex: LineIndex)
        -> LocatedError?
    {
        guard let reason = failureReason else { return nil }
        let offset = formulaUTF8Offset + (errorPosition.map { request.utf8Offset(ofScalarOffset: $0) } ?? 0)
        return LocatedError("math: " + reason, at: lineIndex.location(ofUTF8Offset: offset))
    }

    /// The warnings of a rendered formula (refused `\href`s, non-LaTeX input) as errors located at the
    /// formula's first character, to be reported with severity `.warning`; empty for a failure.
    public func locatedWarnings(formulaUTF8Offset: Int, in lineIndex: LineIndex) -> [LocatedError] {
        guard case .rendered(_, let warnings) = self else { return [] }
        let location = lineIndex.location(ofUTF8Offset: formulaUTF8Offset)
        return warnings.map { LocatedError("math: " + $0, at: location) }
    }
}
