import SiteBuilder

/// libFuzzer entry: splits arbitrary text into front matter (YAML or TOML) and body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let split = try? FrontMatterReader.read(text, path: "fuzz.md") {
        precondition(split.bodyLineOffset >= 0, "negative line offset")
    }
    return 0
}
