import Foundation
import Testing

@testable import SiteBuilder

@Suite struct ExecutableIdentityTests {
    private static let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""

    private static func read(_ path: String, offset: Int, count: Int) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil else { return nil }
        return try? handle.read(upToCount: count)
    }

    @Test func theRunningExecutableHasABuildID() throws {
        let head = try #require(Self.read(Self.executable, offset: 0, count: 1 << 16))
        let id = try #require(
            ExecutableIdentity.buildID(ofELF: head, readingAt: { Self.read(Self.executable, offset: $0, count: $1) }))
        #expect(id.count >= 16 && id.allSatisfy(\.isHexDigit))
        #expect(ExecutableIdentity.current.hasPrefix("build-id "))
    }

    /// An ELF header (64-bit, little-endian) whose program headers are said to start at `offset`.
    private static func header(programHeadersAt offset: UInt32) -> Data {
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1])
        withUnsafeBytes(of: offset.littleEndian) { bytes.replaceSubrange(0x20..<0x24, with: $0) }
        bytes[0x36] = 56
        bytes[0x38] = 9
        return Data(bytes)
    }

    static let malformed: [(name: String, bytes: Data)] = [
        ("empty", Data()),
        ("a shell script", Data("#!/bin/sh\necho hello\n".utf8) + Data(count: 64)),
        ("a 32-bit ELF file", Data([0x7F, 0x45, 0x4C, 0x46, 1, 1]) + Data(count: 60)),
        ("program headers past the end", header(programHeadersAt: 0x7FFF_FFFF)),
        ("program headers that are zeros", header(programHeadersAt: 64) + Data(count: 56 * 9)),
    ]

    @Test(arguments: malformed.indices) func malformedFilesHaveNone(index: Int) {
        let file = Self.malformed[index]
        #expect(ExecutableIdentity.buildID(ofELF: file.bytes, readingAt: { _, _ in nil }) == nil, "\(file.name)")
    }

    @Test func aTruncatedExecutableHasNone() throws {
        let head = try #require(Self.read(Self.executable, offset: 0, count: 200))
        #expect(ExecutableIdentity.buildID(ofELF: head, readingAt: { _, _ in nil }) == nil)
    }
}
