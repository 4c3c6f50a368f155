/// Encoding of worker requests and decoding of worker replies.
///
/// Hand-written for speed and to keep the work linear: requests are appended byte by byte to one buffer per batch,
/// and replies are parsed straight from the bytes read from the pipe. The decoder accepts any JSON value (the
/// worker writes `JSON.stringify` output) but only the reply fields are interpreted.
enum WorkerJSON {
    /// Appends the request line for `request` (with its newline) to `buffer`.
    static func appendRequest(_ request: WorkerRequest, to buffer: inout [UInt8]) {
        switch request {
        case .math(let math): appendRequest(math, to: &buffer)
        case .code(let code):
            buffer.append(contentsOf: #"{"k":"code","l":"#.utf8)
            appendString(code.language, to: &buffer)
            buffer.append(contentsOf: #","c":"#.utf8)
            appendString(code.code, to: &buffer)
            buffer.append(contentsOf: "}\n".utf8)
        }
    }

    /// Appends the request line for the formula `request` (with its newline) to `buffer`.
    static func appendRequest(_ request: MathRequest, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: #"{"t":"#.utf8)
        appendString(request.tex, to: &buffer)
        buffer.append(contentsOf: request.displayMode ? #","d":true"#.utf8 : #","d":false"#.utf8)
        if !request.macros.isEmpty {
            buffer.append(contentsOf: #","m":{"#.utf8)
            // Sorted, so the bytes sent (and any order KaTeX might depend on) are the same on every run.
            for (index, name) in request.macros.keys.sorted().enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                appendString(name, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
                appendString(request.macros[name] ?? "", to: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.append(contentsOf: "}\n".utf8)
    }

    /// Appends `text` as a JSON string literal.
    static func appendString(_ text: String, to buffer: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0..<0x20:
                buffer.append(contentsOf: "\\u00".utf8)
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// A decoded reply line.
    enum Reply: Equatable {
        case ready(version: String)
        case rendered(html: String, warnings: [String])
        /// `position` is KaTeX's 0-based UTF-16 offset into the formula.
        case failed(message: String, position: Int?)
    }

    /// A JSON value, as far as replies need one.
    indirect enum Value: Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.string(let a), .string(let b)): return a == b
            case (.number(let a), .number(let b)): return a == b
            case (.bool(let a), .bool(let b)): return a == b
            case (.null, .null): return true
            case (.array(let a), .array(let b)): return a == b
            case (.object(let a), .object(let b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: return false
            }
        }
    }

    /// Decodes one reply line (without its newline); `nil` if it is not a reply.
    static func decodeReply(_ bytes: ArraySlice<UInt8>) -> Reply? {
        var parser = Parser(bytes: bytes)
        guard let value = parser.parseValue(), case .object(let fields) = value else { return nil }
        func field(_ name: String) -> Value? { fields.first(where: { $0.0 == name })?.1 }
        if case .string(let html)? = field("h") {
            var warnings: [String] = []
            if case .array(let items)? = field("w") {
                for case .string(let warning) in items { warnings.append(warning) }
            }
            return .rendered(html: html, warnings: warnings)
        }
        if case .string(let message)? = field("e") {
            var position: Int?
            if case .number(let offset)? = field("p"), offset >= 0, offset < 1e15 { position = Int(offset) }
            return .failed(message: message, position: position)
        }
        if case .string(let version)? = field("ready") { return .ready(version: version) }
        return nil
    }

    /// A recursive-descent JSON parser over UTF-8 bytes, depth-capped.
    struct Parser {
        let bytes: ArraySlice<UInt8>
        var index: Int
        var depth = 0

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.index = bytes.startIndex
        }

        mutating func skipSpace() {
            while index < bytes.endIndex {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func parseValue() -> Value? {
            skipSpace()
            guard index < bytes.endIndex else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return parseString().map(Value.string)
            case UInt8(ascii: "{"): return parseObject()
            case UInt8(ascii: "["): return parseArray()
            case UInt8(ascii: "t"): return parseLiteral("true", .bool(true))
            case UInt8(ascii: "f"): return parseLiteral("false", .bool(false))
            case UInt8(ascii: "n"): return parseLiteral("null", .null)
            default: return parseNumber()
            }
        }

        mutating func parseLiteral(_ word: String, _ value: Value) -> Value? {
            for byte in word.utf8 {
                guard index < bytes.endIndex, bytes[index] == byte else { return nil }
                index += 1
            }
            return value
        }

        mutating func parseNumber() -> Value? {
            let start = index
            while index < bytes.endIndex {
                switch bytes[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                    UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                    index += 1
                default:
                    return Double(String(decoding: bytes[start..<index], as: UTF8.self)).map(Value.number)
                }
            }
            return Double(String(decoding: bytes[start..<index], as: UTF8.self)).map(Value.number)
        }

        mutating func parseArray() -> Value? {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { return nil }
            index += 1
            var items: [Value] = []
            skipSpace()
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                guard let item = parseValue() else { return nil }
                items.append(item)
                skipSpace()
                guard index < bytes.endIndex else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                } else {
                    return nil
                }
            }
        }

        mutating func parseObject() -> Value? {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { return nil }
            index += 1
            var fields: [(String, Value)] = []
            skipSpace()
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(fields)
            }
            while true {
                skipSpace()
                guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\""), let key = parseString() else {
                    return nil
                }
                skipSpace()
                guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let value = parseValue() else { return nil }
                fields.append((key, value))
                skipSpace()
                guard index < bytes.endIndex else { return nil }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(fields)
                } else {
                    return nil
                }
            }
        }

        /// Parses a string literal starting at the opening quote.
        mutating func parseString() -> String? {
            index += 1
            let start = index
            // Fast path: no escapes, the literal's bytes are the string's UTF-8.
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: bytes[start..<index], as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                index += 1
            }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.endIndex - start)
            output.append(contentsOf: bytes[start..<index])
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: output, as: UTF8.self)
                }
                if byte != UInt8(ascii: "\\") {
                    // Copy the run up to the next quote or backslash in one go.
                    var end = index + 1
                    while end < bytes.endIndex, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") {
                        end += 1
                    }
                    output.append(contentsOf: bytes[index..<end])
                    index = end
                    continue
                }
                index += 1
                guard index < bytes.endIndex else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    guard var unit = parseHex4() else { return nil }
                    var scalarValue = UInt32(unit)
                    if (0xD800..<0xDC00).contains(unit) {
                        // A high surrogate: combine with the following low surrogate if there is one.
                        let save = index
                        if index + 1 < bytes.endIndex, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        {
                            index += 2
                            if let low = parseHex4(), (0xDC00..<0xE000).contains(low) {
                                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                                unit = 0
                            } else {
                                index = save
                            }
                        }
                    }
                    let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                    output.append(contentsOf: Array(String(scalar).utf8))
                default: return nil
                }
            }
            return nil
        }

        mutating func parseHex4() -> UInt16? {
            guard index + 4 <= bytes.endIndex else { return nil }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt16(digit)
                index += 1
            }
            return value
        }
    }
}
