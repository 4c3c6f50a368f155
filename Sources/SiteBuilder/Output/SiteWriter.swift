import Diagnostics
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes a whole site into a staging folder beside the output folder, then swaps it in
/// at once, so a failed or interrupted build leaves the previous site exactly as it was. Full
/// builds and updates both go through it: an update hard-links the files it keeps from the
/// previous site (``keep(_:)``) and writes the rest.
///
/// The swap uses `renameat2(RENAME_EXCHANGE)` where the kernel has it (one atomic step),
/// and otherwise two renames. Files are written with `O_NOFOLLOW | O_EXCL` into folders
/// the writer created itself, so a symbolic link planted in the output never redirects a write.
///
/// Pages may be written from several tasks at once as long as they go to different paths and
/// their common folders exist (``makeFolder(_:)``): a write only creates its own folder and file.
///
/// The staging folder is recorded in the caller's ``StagingRegistry`` while it exists, so a signal
/// handler can remove it; once the registry is interrupted, every write fails.
final class SiteWriter: Sendable {
    let output: URL
    let staging: URL
    /// The most bytes this writer writes, all files together (`maxOutputBytes`).
    private let maxBytes: Int
    private let registry: StagingRegistry
    /// Whether ``commit()`` flushes the file system before and after the swap (``BuildOptions/flushesToDisk``).
    private let flushes: Bool
    /// Whether ``commit()`` updates the output folder in place instead of swapping the staged site in
    /// (``BuildOptions/updatesOutputInPlace``): then ``keep(_:)`` leaves the previous site's files where they are.
    private let inPlace: Bool
    private struct Progress {
        var finished = false
        var bytesWritten = 0
        /// The paths ``keep(_:)`` was given, when updating in place.
        var kept: Set<String> = []
    }
    private let progress = Mutex(Progress())

    /// Prepares a fresh staging folder beside `output`, removing stale ones from earlier crashed builds,
    /// and records it in `registry` until it is swapped in or discarded.
    ///
    /// With `inPlace`, ``commit()`` moves what was staged into the output folder entry by entry and removes what
    /// was neither staged nor kept, leaving the kept files where they are (the preview's way: see
    /// ``BuildOptions/updatesOutputInPlace``).
    init(
        output: URL, maxBytes: Int = .max, registry: StagingRegistry, flushes: Bool = true, inPlace: Bool = false
    ) throws(Diagnostic) {
        let output = output.standardizedFileURL
        self.output = output
        self.maxBytes = maxBytes
        self.registry = registry
        self.flushes = flushes
        self.inPlace = inPlace
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(
                path: parent.path, message: "cannot create the output's parent folder: \(error.localizedDescription)")
        }
        let stalePrefix = ".\(name).staging-"
        for stale in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] where stale.hasPrefix(stalePrefix) {
            let pid = Int32(stale.dropFirst(stalePrefix.count)) ?? 0
            if pid == 0 || kill(pid, 0) != 0 {
                Self.removeTree(parent.appendingPathComponent(stale).path)
            }
        }
        staging = parent.appendingPathComponent("\(stalePrefix)\(getpid())")
        Self.removeTree(staging.path)
        // Registered before it exists, so an interruption at any moment after this finds it.
        registry.register(staging.path)
        guard mkdir(staging.path, 0o755) == 0 else {
            let reason = String(cString: strerror(errno))
            registry.unregister(staging.path)
            throw Diagnostic(
                path: output.path, message: "cannot create the staging folder \(staging.lastPathComponent) beside it: \(reason)")
        }
    }

    deinit {
        if !progress.withLock({ $0.finished }) { discard() }
    }

    /// Writes `contents` at `relativePath` (with `/` separators) inside the staging folder.
    func write(_ contents: some DataProtocol, to relativePath: String) throws(Diagnostic) {
        try Self.checkInside(relativePath)
        try count(contents.count)
        guard !registry.isInterrupted else {
            throw Diagnostic(path: relativePath, message: "the build was interrupted")
        }
        try Self.writeNewFile(Array(contents), at: staging.appendingPathComponent(relativePath), displayPath: relativePath)
    }

    /// Adds `bytes` to what the site holds, refusing to go over the limit.
    private func count(_ bytes: Int) throws(Diagnostic) {
        let total = progress.withLock {
            $0.bytesWritten += bytes
            return $0.bytesWritten
        }
        if total > maxBytes {
            throw Diagnostic(
                path: output.path,
                message: "the site would be over the limit of \(maxBytes) bytes (--limit maxOutputBytes=…); nothing was written")
        }
    }

    /// Creates the folder at `relativePath` (and those above it) inside the staging folder.
    func makeFolder(_ relativePath: String) throws(Diagnostic) {
        let url = staging.appendingPathComponent(relativePath)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw Diagnostic(path: url.path, message: "cannot create folder: \(error.localizedDescription)")
        }
    }

    /// Writes `text` as UTF-8.
    func write(_ text: String, to relativePath: String) throws(Diagnostic) {
        try write(Array(text.utf8), to: relativePath)
    }

    /// Copies the regular file at `source` (never through a symbolic link) to `relativePath`, with `suffix` after
    /// its bytes.
    func copy(_ source: URL, to relativePath: String, appending suffix: [UInt8] = []) throws(Diagnostic) {
        let descriptor = open(source.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Diagnostic(path: source.path, message: "cannot read the file: \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            throw Diagnostic(path: source.path, message: "cannot read the file: \(error.localizedDescription)")
        }
        try write(suffix.isEmpty ? data : data + suffix, to: relativePath)
    }

    /// Makes the staged site durable, swaps it in as the output and removes the previous site.
    ///
    /// Every file and folder staged is flushed to disk (`syncfs` of the staging folder's file system)
    /// before the swap, and the parent folder after it, so a power cut never leaves a swapped-in site
    /// whose files are empty.
    func commit() throws(Diagnostic) {
        let manager = FileManager.default
        if flushes { Self.flush(fileSystemOf: staging.path) }
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: output.path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw Diagnostic(path: output.path, message: "the output path exists and is not a folder")
        }
        if exists && inPlace {
            let kept = progress.withLock { $0.kept }
            var keptFolders: Set<String> = []
            for path in kept {
                var folder = Substring(path)
                while let slash = folder.lastIndex(of: "/") {
                    folder = folder[..<slash]
                    keptFolders.insert(String(folder))
                }
            }
            try update(folder: "", kept: kept, holdingKept: keptFolders)
            Self.removeTree(staging.path)
        } else if exists {
            if Self.exchange(staging.path, output.path) {
                // The old site now sits at the staging path.
                Self.removeTree(staging.path)
            } else {
                let old = staging.deletingLastPathComponent().appendingPathComponent(staging.lastPathComponent + ".old")
                guard rename(output.path, old.path) == 0 else {
                    throw Diagnostic(
                        path: output.path, message: "cannot move the previous site aside: \(String(cString: strerror(errno)))")
                }
                guard rename(staging.path, output.path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    _ = rename(old.path, output.path)
                    throw Diagnostic(path: output.path, message: "cannot move the new site in place: \(reason)")
                }
                Self.removeTree(old.path)
            }
        } else {
            guard rename(staging.path, output.path) == 0 else {
                throw Diagnostic(
                    path: output.path, message: "cannot move the new site in place: \(String(cString: strerror(errno)))")
            }
        }
        if flushes { Self.flush(folder: output.deletingLastPathComponent().path) }
        progress.withLock { $0.finished = true }
        registry.unregister(staging.path)
    }

    private typealias SyncFS = @convention(c) (Int32) -> Int32

    /// Flushes the file system holding `path` (Linux's `syncfs`; `sync` where it is missing).
    private static func flush(fileSystemOf path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") {
            _ = unsafeBitCast(symbol, to: SyncFS.self)(descriptor)
        } else {
            sync()
        }
    }

    /// Flushes the entries of the folder at `path` (after a rename in it).
    private static func flush(folder path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Makes the output's `folder` what the staged site's is, but for the `kept` paths, which are left as they are:
    /// an entry staged replaces the output's, one neither staged nor kept is removed, and a folder holding kept
    /// paths (`holdingKept`) is updated entry by entry in the same way.
    private func update(folder: String, kept: Set<String>, holdingKept: Set<String>) throws(Diagnostic) {
        let prefix = folder.isEmpty ? "" : folder + "/"
        let outputFolder = folder.isEmpty ? output.path : output.path + "/" + folder
        let stagedFolder = folder.isEmpty ? staging.path : staging.path + "/" + folder
        let staged = Set(Self.names(in: stagedFolder))
        for name in Self.names(in: outputFolder) where !staged.contains(name) {
            let path = prefix + name
            if kept.contains(path) { continue }
            if holdingKept.contains(path) {
                try update(folder: path, kept: kept, holdingKept: holdingKept)
            } else {
                Self.removeTree(outputFolder + "/" + name)
            }
        }
        for name in staged.sorted() {
            let path = prefix + name
            let (from, to) = (stagedFolder + "/" + name, outputFolder + "/" + name)
            var info = stat()
            let existing = lstat(to, &info) == 0
            if holdingKept.contains(path), existing, info.st_mode & S_IFMT == S_IFDIR {
                try update(folder: path, kept: kept, holdingKept: holdingKept)
            } else if existing && Self.exchange(from, to) {
                Self.removeTree(from)
            } else {
                if existing { Self.removeTree(to) }
                guard rename(from, to) == 0 else {
                    throw Diagnostic(path: to, message: "cannot move the new file in place: \(String(cString: strerror(errno)))")
                }
            }
        }
    }

    /// The names in the folder at `path` (none when it cannot be read).
    private static func names(in path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes the staging folder and leaves the output as it was.
    func discard() {
        Self.removeTree(staging.path)
        progress.withLock { $0.finished = true }
        registry.unregister(staging.path)
    }

    // MARK: Keeping files of the previous site

    /// Puts the previous site's file at `relativePath`, or every regular file in its folder there, into
    /// the staged site as hard links, so an update stages a whole site without copying what it keeps
    /// (they are copied when the file system refuses links). Nothing there is nothing kept.
    func keep(_ relativePath: String) throws(Diagnostic) {
        try Self.checkInside(relativePath)
        if inPlace {
            // Left where it is; only its bytes count towards the limit.
            var size = 0
            for entry in FileTree.entries(under: output.path + "/" + relativePath) where entry.isRegularFile {
                size += Int(entry.info.st_size)
            }
            var info = stat()
            if lstat(output.path + "/" + relativePath, &info) == 0, info.st_mode & S_IFMT == S_IFREG { size = Int(info.st_size) }
            try count(size)
            progress.withLock { _ = $0.kept.insert(relativePath) }
            return
        }
        var info = stat()
        let isFile = lstat(output.path + "/" + relativePath, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        let files =
            isFile
            ? [relativePath]
            : FileTree.entries(under: output.path + "/" + relativePath).filter(\.isRegularFile).map {
                relativePath + "/" + $0.relativePath
            }
        for file in files {
            let target = staging.appendingPathComponent(file)
            try Self.makeFolders(target.deletingLastPathComponent().path)
            if Glibc.link(output.path + "/" + file, target.path) == 0, lstat(target.path, &info) == 0 {
                try count(Int(info.st_size))
            } else {
                try copy(output.appendingPathComponent(file), to: file)
            }
        }
    }

    // MARK: Writing one file

    /// Refuses a relative path that is empty or could lead out of the folder it is relative to.
    private static func checkInside(_ relativePath: String) throws(Diagnostic) {
        let components = relativePath.split(separator: "/")
        guard !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw Diagnostic(path: relativePath, message: "refusing to write outside the output folder")
        }
    }

    /// Creates the file at `url` (never through a symbolic link, never over an existing file) with
    /// its folders, and writes all of `bytes` into it; a file left half-written is removed.
    private static func writeNewFile(_ bytes: [UInt8], at url: URL, displayPath: String) throws(Diagnostic) {
        try makeFolders(url.deletingLastPathComponent().path)
        let failure = bytes.withUnsafeBytes { createFile(atPath: url.path, writing: $0, mode: 0o644) }
        if failure != 0 {
            throw Diagnostic(path: displayPath, message: "cannot write the file: \(String(cString: strerror(failure)))")
        }
    }

    /// Creates the folder at `path` and the missing ones above it (`mkdir -p`, without Foundation's
    /// per-call cost: an update makes a folder per post).
    private static func makeFolders(_ path: String) throws(Diagnostic) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else {
            throw Diagnostic(path: path, message: "cannot create folder: \(String(cString: strerror(errno)))")
        }
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path else {
            throw Diagnostic(path: path, message: "cannot create folder: \(String(cString: strerror(ENOENT)))")
        }
        try makeFolders(parent)
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw Diagnostic(path: path, message: "cannot create folder: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the folder tree at `path` (links removed, never followed).
    static func removeTree(_ path: String) {
        for entry in FileTree.entries(under: path).reversed() {
            let full = path + "/" + entry.relativePath
            if entry.isDirectory { rmdir(full) } else { unlink(full) }
        }
        if rmdir(path) != 0 { unlink(path) }
    }

    // MARK: Atomic exchange

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Exchanges two paths atomically with Linux's `renameat2(RENAME_EXCHANGE)`, when available.
    private static func exchange(_ first: String, _ second: String) -> Bool {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
        #else
        return false
        #endif
    }
}
