import SiteBuilder

/// libFuzzer entry: splits arbitrary text into front matter (YAML or TOML) and body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for allowsUnopenedYAML in [false, true] {
        if let split = try? FrontMatterReader.read(text, path: "fuzz.md", allowsUnopenedYAML: allowsUnopenedYAML) {
            precondition(split.bodyLineOffset >= 0, "negative line offset")
            precondition(text.hasSuffix(split.body), "the body is not the end of the text")
        }
    }
    return 0
}
