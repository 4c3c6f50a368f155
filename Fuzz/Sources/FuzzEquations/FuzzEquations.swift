import ClaimLanguage
import EquationReader

/// libFuzzer entry: reads an arbitrary display with the equation reader, with no declarations and with the
/// declarations written before a line `===` (a verify fence's text), and finds where each row starts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEquations(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = text.components(separatedBy: "\n===\n")
    let tex = parts.last ?? ""
    _ = readDisplay(tex, declarations: .automatic)
    if parts.count > 1, let declarations = try? EquationDeclarations(parts[0]) {
        _ = readDisplay(tex, declarations: declarations)
    }
    _ = rowStartOffsets(tex)
    return 0
}
