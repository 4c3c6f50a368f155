import Diagnostics

/// The `key=value` attributes of a fence's info string, after `swift-check`.
public struct FenceAttributes: Sendable, Equatable, Codable {
    /// `id=`: letters, digits, `-`, `_` and `.`; `nil` when the pipeline should derive one.
    public var id: String?
    /// `title=`: a human title for the fence.
    public var title: String?
    /// `samples=`: points per claim (default 100, at most ``Limits/maximumSamples``).
    public var samples: Int?
    /// `seed=`: the random seed (decimal or `0x` hexadecimal); default derived from the id.
    public var seed: UInt64?
    /// `rtol=`: the relative tolerance.
    public var rtol: Double?
    /// `atol=`: the absolute tolerance.
    public var atol: Double?
    /// `expect=fail`: the fence documents a wrong result.
    public var expectFailure: Bool
    /// `skip="reason"`: the fence is not judged.
    public var skipReason: String?
    /// `verify=eq:a,eq:b`: the labels of the displayed equations the fence verifies, row by row, with its givens,
    /// lets, `latex` spellings and `index` declarations.
    public var verify: [String] = []

    /// Creates attributes; every field is optional.
    public init(
        id: String? = nil, title: String? = nil, samples: Int? = nil, seed: UInt64? = nil, rtol: Double? = nil,
        atol: Double? = nil, expectFailure: Bool = false, skipReason: String? = nil
    ) {
        self.id = id
        self.title = title
        self.samples = samples
        self.seed = seed
        self.rtol = rtol
        self.atol = atol
        self.expectFailure = expectFailure
        self.skipReason = skipReason
    }
}

/// Parses the info string of a `swift-check` fence (the text after `swift-check`).
///
/// Attributes are `key=value`, separated by spaces; a value containing spaces is written in double
/// quotes (`title="Sigmoid + cross-entropy"`), with `\"` and `\\` escapes.
///
/// - Parameter info: the info string after `swift-check`.
/// - Returns: the attributes.
/// - Throws: a `LocatedError` on line 1 whose column counts Unicode scalars within `info`, naming the
///   key for an unknown key or a malformed value, with the length of the key or value at fault.
public func parseFenceAttributes(_ info: String) throws(LocatedError) -> FenceAttributes {
    let scalars = Array(info.unicodeScalars)
    var i = 0
    var attributes = FenceAttributes()
    var seen: Set<String> = []
    func at(_ index: Int) -> SourceLocation { SourceLocation(line: 1, column: index + 1) }
    while i < scalars.count {
        if scalars[i] == " " || scalars[i] == "\t" {
            i += 1
            continue
        }
        let keyStart = i
        var key = ""
        while i < scalars.count, scalars[i] != "=", scalars[i] != " ", scalars[i] != "\t" {
            key.unicodeScalars.append(scalars[i])
            i += 1
        }
        guard i < scalars.count, scalars[i] == "=" else {
            throw LocatedError("expected '=' and a value after attribute '\(key)'", at: at(i))
        }
        i += 1
        let valueStart = i
        var value = ""
        if i < scalars.count, scalars[i] == "\"" {
            i += 1
            var closed = false
            while i < scalars.count {
                let c = scalars[i]
                if c == "\\", i + 1 < scalars.count {
                    value.unicodeScalars.append(scalars[i + 1])
                    i += 2
                    continue
                }
                if c == "\"" {
                    closed = true
                    i += 1
                    break
                }
                value.unicodeScalars.append(c)
                i += 1
            }
            guard closed else {
                throw LocatedError("unterminated quoted value for attribute '\(key)'", at: at(valueStart))
            }
        } else {
            while i < scalars.count, scalars[i] != " ", scalars[i] != "\t" {
                value.unicodeScalars.append(scalars[i])
                i += 1
            }
        }
        guard !seen.contains(key) else {
            throw LocatedError("attribute '\(key)' is given twice", at: at(keyStart), length: key.unicodeScalars.count)
        }
        seen.insert(key)
        // The value as written, quotes included.
        let valueLength = i > valueStart ? i - valueStart : nil
        func malformed(_ expectation: String) -> LocatedError {
            LocatedError(
                "malformed value '\(value)' for attribute '\(key)': expected \(expectation)", at: at(valueStart),
                length: valueLength)
        }
        switch key {
        case "id":
            let allowed = value.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
                    || $0 == "."
            }
            guard !value.isEmpty, allowed else { throw malformed("letters, digits, '-', '_' and '.'") }
            attributes.id = value
        case "title":
            attributes.title = value
        case "samples":
            guard let n = Int(value), n >= 1 else { throw malformed("a positive integer") }
            guard n <= Limits.maximumSamples else {
                throw LocatedError(
                    "samples=\(n) exceeds the limit of \(Limits.maximumSamples) for attribute 'samples'",
                    at: at(valueStart), length: valueLength)
            }
            attributes.samples = n
        case "seed":
            let parsed: UInt64? =
                value.hasPrefix("0x") || value.hasPrefix("0X")
                ? UInt64(value.dropFirst(2), radix: 16) : UInt64(value)
            guard let seed = parsed else { throw malformed("a non-negative integer (decimal or 0x hexadecimal)") }
            attributes.seed = seed
        case "rtol", "atol":
            guard let t = Double(value), t.isFinite, t >= 0 else { throw malformed("a non-negative number") }
            if key == "rtol" { attributes.rtol = t } else { attributes.atol = t }
        case "expect":
            guard value == "fail" else { throw malformed("'fail'") }
            attributes.expectFailure = true
        case "skip":
            guard !value.isEmpty else { throw malformed("a reason") }
            attributes.skipReason = value
        case "verify":
            let labels = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let allowed = labels.allSatisfy { label in
                !label.isEmpty
                    && label.unicodeScalars.allSatisfy {
                        ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0)
                            || ":_.-".unicodeScalars.contains($0)
                    }
            }
            guard allowed else { throw malformed("equation labels separated by commas, such as 'eq:dLdz,eq:dadz'") }
            attributes.verify = labels
        default:
            throw LocatedError(
                "unknown attribute '\(key)' (known: id, title, samples, seed, rtol, atol, expect, skip, verify)",
                at: at(keyStart), length: key.unicodeScalars.count)
        }
    }
    return attributes
}

/// The default seed of a fence: the FNV-1a 64-bit hash of its id's UTF-8 bytes.
///
/// Offset basis `0xcbf29ce484222325`, prime `0x100000001b3`. It depends on nothing but the id, so a
/// verdict never depends on the machine or on other fences.
public func defaultSeed(forFenceID id: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in id.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}
