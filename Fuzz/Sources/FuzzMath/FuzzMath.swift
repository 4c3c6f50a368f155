import Compatibility
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
    // Every engine's rules: tags in range and in order, every line kept, every formula's TeX adaptable.
    for profile in EngineProfile.allCases {
        let translation = EngineSyntaxTranslation.translate(text, profile: profile)
        precondition(
            translation.text.utf8.count { $0 == UInt8(ascii: "\n") } == text.utf8.count { $0 == UInt8(ascii: "\n") },
            "a translation moved lines")
        for message in translation.messages { precondition(message.utf8Offset <= utf8Count, "message out of range") }
        let engineProtected = ProtectedMarkdown.protect(translation.text, rules: profile.mathRules)
        for span in engineProtected.spans {
            precondition(translation.originalOffset(of: span.utf8Range.lowerBound) <= utf8Count, "offset out of range")
            _ = EngineTeX.removingRequire(
                EngineTeX.rewritingEqalign(EngineTeX.bracingScriptCommands(EngineTeX.unescapingMarkdown(span.tex))))
        }
    }
    return 0
}
