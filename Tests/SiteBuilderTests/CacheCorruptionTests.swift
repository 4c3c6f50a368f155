import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// A small seeded generator (SplitMix64), so every run tries the same damage.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Every file of the cache carries a checksum: damage of any kind is a miss, never data.
@Suite(.serialized) struct CacheCorruptionTests {
    enum Damage: CaseIterable {
        case flipByte, flipBit, truncate, insertByte, deleteByte, swapBytes
    }

    static func damage(_ data: Data, _ kind: Damage, _ random: inout SeededRandom) -> Data {
        var bytes = [UInt8](data)
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch kind {
        case .flipByte: bytes[index] ^= UInt8.random(in: 1...255, using: &random)
        case .flipBit: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
        case .truncate: bytes.removeLast(bytes.count - index)
        case .insertByte: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
        case .deleteByte: bytes.remove(at: index)
        case .swapBytes:
            let other = Int.random(in: 0..<bytes.count, using: &random)
            if bytes[index] == bytes[other] { bytes[index] ^= 0x20 } else { bytes.swapAt(index, other) }
        }
        return Data(bytes)
    }

    /// Every change of one byte, anywhere in the words or in the bytes after the last word, changes the checksum.
    @Test func everyChangeOfOneByteChangesTheChecksum() {
        let bytes = (0..<29).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let original = bytes.withUnsafeBytes { CacheFile.checksum($0) }
        var missed: [String] = []
        for index in bytes.indices {
            for change in 1...255 {
                var damaged = bytes
                damaged[index] ^= UInt8(change)
                if damaged.withUnsafeBytes({ CacheFile.checksum($0) }) == original { missed.append("\(index) ^ \(change)") }
            }
        }
        #expect(missed.isEmpty, "\(missed)")
    }

    /// 300 seeded damages spread over every cache file a build writes (record, shards, identity):
    /// each read back as a miss.
    @Test func noDamagedCacheFileIsAccepted() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let cache = temporary.appendingPathComponent("cache")
        let summary = await Fixture.build(
            content: Fixture.folder("claims/content"), output: temporary.appendingPathComponent("site")
        ) {
            $0.useCache = true
            $0.cacheDirectory = cache
        }
        #expect(summary.wroteSite)
        let files = FileTree.entries(under: cache.path).filter(\.isRegularFile).map {
            cache.appendingPathComponent($0.relativePath)
        }
        #expect(files.count >= 3)
        var random = SeededRandom(state: 20_260_101)
        let probe = temporary.appendingPathComponent("probe")
        var accepted: [String] = []
        for trial in 0..<300 {
            let file = files[trial % files.count]
            let original = try Data(contentsOf: file)
            #expect(CacheFile.read(file) != nil)
            let kind = Damage.allCases[Int.random(in: 0..<Damage.allCases.count, using: &random)]
            let damaged = Self.damage(original, kind, &random)
            guard damaged != original else { continue }
            try damaged.write(to: probe)
            if CacheFile.read(probe) != nil { accepted.append("\(file.lastPathComponent) \(kind) trial \(trial)") }
        }
        #expect(accepted.isEmpty, "accepted: \(accepted)")
    }

    /// Damaged cache files, then a build: the site and summary are exactly a clean build's.
    @Test(arguments: 0..<2) func aBuildOverADamagedCacheEqualsACleanBuild(seed: Int) async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let cache = temporary.appendingPathComponent("cache")
        let content = Fixture.folder("basic/content")
        let output = temporary.appendingPathComponent("site")
        func build(_ output: URL, cache: Bool) async -> BuildSummary {
            await Fixture.build(content: content, output: output) {
                $0.useCache = cache
                $0.cacheDirectory = temporary.appendingPathComponent("cache")
            }
        }
        _ = await build(output, cache: true)
        var random = SeededRandom(state: UInt64(seed) &+ 77)
        for entry in FileTree.entries(under: cache.path) where entry.isRegularFile {
            let file = cache.appendingPathComponent(entry.relativePath)
            let kind = Damage.allCases[Int.random(in: 0..<Damage.allCases.count, using: &random)]
            try Self.damage(try Data(contentsOf: file), kind, &random).write(to: file)
        }
        let rebuilt = await build(output, cache: true)
        let clean = await build(temporary.appendingPathComponent("clean"), cache: false)
        #expect(!rebuilt.wasUpToDate)
        #expect(rebuilt.claims == clean.claims)
        #expect(rebuilt.diagnostics == clean.diagnostics)
        #expect(try Manifest(of: output) == Manifest(of: temporary.appendingPathComponent("clean")))
    }
}
