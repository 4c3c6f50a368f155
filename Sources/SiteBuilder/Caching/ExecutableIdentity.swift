import Foundation

/// Names the running program, so that cached verdicts and formulas are reused only by the same
/// build of `build-site`.
///
/// The name is the GNU build ID the linker stamps into the executable — a hash of its contents —
/// so the same program keeps its cache wherever it is copied or relinked, and any change to the
/// compute core, the claim language or the pipeline starts a new one. (A clean rebuild of the
/// same sources is not bit-for-bit the same program, so it starts a new cache too.) Without a
/// build ID it is the executable's path, size and modification time.
enum ExecutableIdentity {
    /// The identity of the running executable (computed once).
    static let current: String = {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            // The notes sit near the start of an executable: the program headers point at them.
            if let head = try? handle.read(upToCount: 1 << 16),
                let id = buildID(
                    ofELF: head,
                    readingAt: { offset, count in
                        guard (try? handle.seek(toOffset: UInt64(offset))) != nil else { return nil }
                        return try? handle.read(upToCount: count)
                    })
            {
                return "build-id " + id
            }
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "unknown" }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path)|\(size)|\(modified)"
    }()

    /// The GNU build ID (lowercase hex) of a 64-bit little-endian ELF file whose first bytes are
    /// `head`; `read(offset, count)` returns other bytes of the file. Nil when there is none, or the
    /// bytes are not such a file.
    static func buildID(ofELF head: Data, readingAt read: (Int, Int) -> Data?) -> String? {
        let header = [UInt8](head)
        // "\u{7f}ELF", 64-bit, little-endian.
        guard header.count >= 64, header[0...3] == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2, header[5] == 1 else { return nil }
        let programHeaders = integer(header, at: 0x20, size: 8)
        let entrySize = integer(header, at: 0x36, size: 2)
        let entryCount = integer(header, at: 0x38, size: 2)
        guard entrySize >= 56, entryCount > 0, entryCount < 4096,
            let table = bytes(of: header, read: read, offset: programHeaders, count: entrySize * entryCount)
        else { return nil }
        for index in 0..<entryCount {
            let entry = index * entrySize
            guard integer(table, at: entry, size: 4) == 4 else { continue }  // PT_NOTE
            let offset = integer(table, at: entry + 8, size: 8)
            let size = integer(table, at: entry + 32, size: 8)
            guard size > 0, size < 1 << 20, let notes = bytes(of: header, read: read, offset: offset, count: size) else {
                continue
            }
            var position = 0
            while position + 12 <= notes.count {
                let nameSize = integer(notes, at: position, size: 4)
                let descriptionSize = integer(notes, at: position + 4, size: 4)
                let type = integer(notes, at: position + 8, size: 4)
                let name = position + 12
                let description = name + (nameSize + 3) / 4 * 4
                let next = description + (descriptionSize + 3) / 4 * 4
                guard next <= notes.count, next > position else { break }
                // NT_GNU_BUILD_ID, named "GNU\0".
                if type == 3, nameSize == 4, notes[name..<name + 4] == [0x47, 0x4E, 0x55, 0x00], descriptionSize > 0 {
                    return notes[description..<description + descriptionSize].map { String(format: "%02x", $0) }.joined()
                }
                position = next
            }
        }
        return nil
    }

    /// `count` bytes at `offset` of the file: from `head` when they are in it, otherwise through `read`.
    private static func bytes(of head: [UInt8], read: (Int, Int) -> Data?, offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= Int.max - count else { return nil }
        if offset + count <= head.count { return Array(head[offset..<offset + count]) }
        guard let data = read(offset, count), data.count == count else { return nil }
        return [UInt8](data)
    }

    /// The little-endian unsigned integer of `size` bytes at `offset` (0 when out of range).
    private static func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> Int {
        guard offset >= 0, offset + size <= bytes.count else { return 0 }
        var value: UInt64 = 0
        for index in (0..<size).reversed() {
            value = value << 8 | UInt64(bytes[offset + index])
        }
        return value > UInt64(Int.max) ? Int.max : Int(value)
    }
}
