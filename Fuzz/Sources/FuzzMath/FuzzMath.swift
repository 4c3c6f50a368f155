import Diagnostics
import MathFinder

/// libFuzzer entry: finds and protects math in arbitrary text and checks the round trip's invariants.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let spans = findMath(in: text)
    let utf8Count = text.utf8.count
    for span in spans {
        precondition(span.utf8Range.lowerBound >= 0 && span.utf8Range.upperBound <= utf8Count, "span out of range")
    }
    let protected = ProtectedMarkdown.protect(text)
    precondition(protected.tokenIndices(in: protected.text).count <= protected.spans.count, "more tokens than spans")
    let restored = protected.replacingTokens(in: protected.text) { protected.spans[$0].tex }
    _ = restored
    let index = LineIndex(text)
    for span in protected.spans { _ = span.location(in: index) }
    return 0
}
