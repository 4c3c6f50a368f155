import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How every file of the cache folder is written and read: with a checksum of its contents, so a
/// damaged file (a flipped bit, a cut-off write, another program's edit) is a miss, never data;
/// readable by the owner only; and replaced atomically.
///
/// A file is its contents followed by a 27-byte trailer: `\n#fnv1a64w ` and the contents' 64-bit FNV-1a
/// hash taken a little-endian 64-bit word at a time (the last bytes one at a time), in 16 hexadecimal
/// digits. The hash changes its state bijectively at every step, so every change within one word (every
/// change of a single byte among them) is caught; a random larger damage escapes with probability 2⁻⁶⁴.
/// A word at a time, it is eight times fewer multiplications than byte by byte: the record and the
/// shards are megabytes, read and written by every build.
/// Folders are created with mode 0700 and files with 0600.
enum CacheFile {
    private static let trailerTag = Array("\n#fnv1a64w ".utf8)
    static let trailerLength = trailerTag.count + 16

    /// FNV-1a 64 of `bytes`, a little-endian word at a time, then byte by byte for the last `count % 8`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let words = bytes.count / 8
        for index in 0..<words {
            hash = (hash ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))) &* prime
        }
        for byte in bytes[(words * 8)...] {
            hash = (hash ^ UInt64(byte)) &* prime
        }
        return hash
    }

    /// The contents of the cache file at `url`, or nil when it is missing, unreadable, or its
    /// checksum does not match.
    static func read(_ url: URL) -> Data? {
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard let data = try? handle.readToEnd(), data.count >= trailerLength else { return nil }
        let bodyCount = data.count - trailerLength
        let valid = data.withUnsafeBytes { raw -> Bool in
            let trailer = Array(raw[bodyCount...])
            guard Array(trailer.prefix(trailerTag.count)) == trailerTag,
                let written = UInt64(String(decoding: trailer.dropFirst(trailerTag.count), as: UTF8.self), radix: 16),
                trailer.dropFirst(trailerTag.count).allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
            else { return false }
            return checksum(UnsafeRawBufferPointer(rebasing: raw[..<bodyCount])) == written
        }
        return valid ? data.prefix(bodyCount) : nil
    }

    /// What tells one version of a file from another without reading it: its device, inode, size, and
    /// modification and change times. A file replaced or written to by anyone has another identity.
    struct Identity: Equatable, Sendable {
        fileprivate var fields: [Int]

        fileprivate init(_ info: stat) {
            fields = [
                Int(info.st_dev), Int(info.st_ino), Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec,
                info.st_ctim.tv_sec, info.st_ctim.tv_nsec,
            ]
        }
    }

    /// The identity of the file at `url` (not following a link), or nil when there is none.
    static func identity(of url: URL) -> Identity? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        return Identity(info)
    }

    /// Writes `contents` with its checksum to `url` atomically (a temporary file renamed over it),
    /// creating the folders above it; returns the identity of the file written, or nil when it failed.
    @discardableResult
    static func write(_ contents: Data, to url: URL) -> Identity? {
        guard makeFolder(url.deletingLastPathComponent()) else { return nil }
        var data = contents
        let hash = contents.withUnsafeBytes { checksum($0) }
        let hex = String(hash, radix: 16)
        data.append(contentsOf: trailerTag)
        data.append(contentsOf: Array((String(repeating: "0", count: 16 - hex.count) + hex).utf8))
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let complete = data.withUnsafeBytes { writeFully(descriptor, $0) } == 0
        guard complete, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            return nil
        }
        // From the descriptor, after the rename (which sets the change time): the identity of the file this wrote,
        // even if another process replaced it since.
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Identity(info) : nil
    }

    /// Removes the temporary files beside `url` that writers killed before their rename left behind
    /// (their process is gone).
    static func removeAbandonedTemporaries(of url: URL) {
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(prefix) {
            let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) ?? 0
            if pid == 0 || (pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH) {
                unlink(folder.appendingPathComponent(name).path)
            }
        }
    }

    /// Creates `folder` and those above it that are missing, each with mode 0700.
    @discardableResult
    static func makeFolder(_ folder: URL) -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) { return isDirectory.boolValue }
        guard makeFolder(folder.deletingLastPathComponent()) else { return false }
        return mkdir(folder.path, 0o700) == 0 || errno == EEXIST
    }
}
