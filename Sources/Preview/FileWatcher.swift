import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Watches folders (and every folder inside them) for saved, created, renamed and removed files,
/// through Linux's inotify. Every C pointer of the preview is in this file.
///
/// Why inotify and not polling: a poll has to stat every file of the site on every tick, and its
/// interval is added to every save's latency; inotify reports a save within microseconds and costs
/// nothing while nothing happens. Editors save in many ways (writing in place, writing a new file
/// and renaming it over the old one), so `IN_CLOSE_WRITE`, `IN_MOVED_TO`, `IN_MOVED_FROM`,
/// `IN_CREATE` and `IN_DELETE` all count; a new folder is watched as soon as it appears.
///
/// Changes are gathered into one pending set, and ``signals`` holds at most one wake-up: however
/// many files are saved while a build runs, the next ``takeChanges()`` returns all of them, so
/// changes during a build coalesce into one more build. Names starting with `.` or ending in `~`
/// (editors' swap and backup files) are ignored.
public final class FileWatcher: Sendable {
    /// Wakes the builder when changes are pending (holds at most one wake-up).
    public let signals: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let pending = Mutex<Set<String>>([])
    private let descriptor: Int32
    /// The write end of the pipe that stops the watching thread.
    private let stopPipe: (read: Int32, write: Int32)
    private let stopped = Mutex(false)

    /// How long the thread waits for more events after one, so that one save (often several events) wakes the builder once.
    static let settleMilliseconds: Int32 = 5

    /// Starts watching `folders` (those that exist) on a thread of its own.
    ///
    /// - Throws: `POSIXError` when inotify cannot be set up (too many watches, say: raise
    ///   `fs.inotify.max_user_watches`).
    public init(folders: [URL]) throws {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        descriptor = fd
        stopPipe = (ends[0], ends[1])
        (signals, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        var watches: [Int32: String] = [:]
        for folder in folders {
            try Self.watchTree(folder.standardizedFileURL.path, inotify: fd, into: &watches)
        }
        let thread = Thread { [self, watches] in self.run(watches: watches) }
        thread.name = "build-site file watcher"
        thread.start()
    }

    deinit {
        close(descriptor)
        close(stopPipe.read)
        close(stopPipe.write)
    }

    /// The paths changed since the last call (absolute, sorted), emptying the pending set.
    public func takeChanges() -> [String] {
        pending.withLock { changes in
            defer { changes.removeAll() }
            return changes.sorted()
        }
    }

    /// Stops the thread and ends ``signals``.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        wake.finish()
    }

    /// Adds a watch on `path` and every folder under it (not following links, skipping hidden folders).
    private static func watchTree(_ path: String, inotify: Int32, into watches: inout [Int32: String]) throws {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF)
        let watch = inotify_add_watch(inotify, path, mask | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW))
        guard watch >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        watches[watch] = path
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        for name in names where !name.hasPrefix(".") {
            try watchTree(path + "/" + name, inotify: inotify, into: &watches)
        }
    }

    /// Whether a changed name is an editor's scratch file rather than part of the site.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name == "4913"
    }

    /// The watching thread: reads events until ``stop()``, adding new folders' watches, and wakes the
    /// builder once the events of a save have settled.
    private func run(watches initial: [Int32: String]) {
        var watches = initial
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fresh = false
        while true {
            var descriptors = [
                pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0),
            ]
            // Wait without end for the first event; then only until the events stop coming.
            let ready = poll(&descriptors, 2, fresh ? Self.settleMilliseconds : -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if descriptors[1].revents != 0 { break }
            if ready == 0 {
                fresh = false
                wake.yield()
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { continue }
            var changes: [String] = []
            var newFolders: [String] = []
            buffer.withUnsafeBytes { bytes in
                var offset = 0
                let header = MemoryLayout<inotify_event>.size
                while offset + header <= count {
                    let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameBytes = UnsafeRawBufferPointer(
                        rebasing: bytes[(offset + header)..<(offset + header + Int(event.len))])
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    offset += header + Int(event.len)
                    if event.mask & UInt32(IN_DELETE_SELF) != 0 || event.mask & UInt32(IN_IGNORED) != 0 {
                        watches[event.wd] = nil
                    }
                    guard let folder = watches[event.wd], !name.isEmpty, !Self.isIgnored(name) else { continue }
                    let path = folder + "/" + name
                    changes.append(path)
                    if event.mask & UInt32(IN_ISDIR) != 0 && event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        newFolders.append(path)
                    }
                }
            }
            for folder in newFolders {
                try? Self.watchTree(folder, inotify: descriptor, into: &watches)
            }
            if !changes.isEmpty {
                pending.withLock { $0.formUnion(changes) }
                fresh = true
            }
        }
    }
}
