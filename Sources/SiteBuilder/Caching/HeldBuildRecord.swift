import Foundation
import Synchronization

/// The last build's record, kept in memory for a caller that builds again and again (a server; it is held by
/// ``BuildCacheMemory``), with the identity of the file it was saved as.
///
/// A build uses it instead of reading and decoding `last-build.jsonl` only while that file is still the one this
/// memory saved (same path, device, inode, size and times): a record written or replaced by anyone else, or
/// removed, sends the build back to the file. It holds exactly what decoding that file would give.
final class HeldBuildRecord: Sendable {
    private struct Held {
        var path: String
        var identity: CacheFile.Identity
        var record: BuildRecord
    }

    private let held = Mutex<Held?>(nil)

    /// Nothing held.
    init() {}

    /// The record saved last as `file`, while the file there is still the one saved; nil otherwise.
    func record(savedAs file: URL) -> BuildRecord? {
        guard let held = held.withLock({ $0 }), held.path == file.standardizedFileURL.path,
            CacheFile.identity(of: file) == held.identity
        else { return nil }
        return held.record
    }

    /// Holds `record`, just saved as `file` with `identity`; with no identity (the save failed), holds nothing.
    func hold(_ record: BuildRecord, savedAs file: URL, identity: CacheFile.Identity?) {
        held.withLock { held in
            held = identity.map { Held(path: file.standardizedFileURL.path, identity: $0, record: record) }
        }
    }
}
