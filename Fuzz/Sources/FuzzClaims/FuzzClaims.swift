import ClaimLanguage

/// libFuzzer entry: parses an arbitrary fence body and info string with the claim language.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClaims(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // The first line is the info string after `swift-check`, the rest the fence body.
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    _ = try? parseFenceAttributes(String(parts.first ?? ""))
    _ = try? parseClaimFence(parts.count > 1 ? String(parts[1]) : "")
    return 0
}
