import BuiltInTheme
import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A path compared byte for byte: Swift's `String` equality is canonical equivalence, which would
/// make `café.md` written in NFC and in NFD one file.
struct PathKey: Hashable, Sendable, Comparable {
    let bytes: [UInt8]

    init(_ path: String) { bytes = Array(path.utf8) }

    static func < (left: PathKey, right: PathKey) -> Bool { left.bytes.lexicographicallyPrecedes(right.bytes) }
}

/// Every input of a build, read once: each regular file of the content and templates folders with
/// its bytes (in memory, for this build only), their SHA-256 digest and the file's identity when
/// read, the built-in theme's files (``BuiltInTheme``) with their digests, and a digest of the
/// settings that shape the output.
///
/// The templates a build uses are the built-in theme's, each replaced by the templates folder's file
/// at the same path when there is one (``templates``); a missing templates folder is no templates
/// overridden.
///
/// The build uses these bytes and nothing else for posts, `_config.yml`, companion files and
/// assets, so the record of a build (which keeps only the digests) describes exactly what was
/// built. Symbolic links are never followed (each is reported and left out), a file's size is
/// checked before it is read, names are compared byte for byte, and names that are not UTF-8 are
/// reported. ``changedSinceRead()`` tells, at the end of a build, which files changed meanwhile.
struct InputSnapshot: Sendable {
    /// The key of the settings (the build's options, the executable's and KaTeX's identity).
    static let settingsKey = "settings"
    static let contentPrefix = "content:"
    static let templatesPrefix = "templates:"
    /// The prefix of the built-in theme's files (they are part of the executable, not of a folder).
    static let themePrefix = "theme:"
    /// How messages name the folder of the built-in theme's files.
    static let themeDisplayPath = "(built-in theme)"

    /// What a file was when it was read: a later `lstat` that differs means it changed.
    struct Identity: Hashable, Sendable {
        var device: UInt64, inode: UInt64, size: Int64
        var modified: Int64, changed: Int64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        }
    }

    /// One regular file of the content or templates folder, or of the built-in theme.
    struct File: Sendable {
        /// ``contentPrefix``, ``templatesPrefix`` or ``themePrefix``, and the path relative to the folder.
        var key: String
        /// The path relative to its folder, with `/`.
        var relativePath: String
        /// Where it is on disk (empty for a file of the built-in theme).
        var path: String
        var identity: Identity
        /// The bytes read; nil when the file was over its size limit (and so not read) or unreadable.
        var bytes: [UInt8]?
        /// The digest of ``bytes`` (or of the identity, when the file was not read).
        var digest: Digest

        /// Whether the file is the built-in theme's, not one on disk.
        var isBuiltIn: Bool { key.hasPrefix(InputSnapshot.themePrefix) }

        /// How messages name a template or asset: under `templatesDisplayPath`, or under
        /// ``InputSnapshot/themeDisplayPath`` for the built-in theme's.
        func templateDisplayPath(in templatesDisplayPath: String) -> String {
            ContentLoader.join(isBuiltIn ? InputSnapshot.themeDisplayPath : templatesDisplayPath, relativePath)
        }
    }

    /// The digest of each input by key: what the record of a build keeps.
    var digests: [PathKey: Digest]
    /// The files of the content and templates folders, sorted by key (byte order).
    private(set) var files: [File] = []
    /// The built-in theme's files, in byte order of their paths.
    private var themeFiles: [File] = []
    /// The folders the snapshot was read from, as the settings' digest names them.
    private var folders = ""
    /// The content folder's files by path relative to it.
    private var contentFiles: [PathKey: Int] = [:]
    /// Warnings about what was left out: symbolic links, names that are not UTF-8, files of other formats.
    private(set) var messages: [Diagnostic] = []

    /// A snapshot known only by its digests (as the record of the last build keeps it).
    init(digests: [PathKey: Digest]) {
        self.digests = digests
    }

    /// Reads every input of a build with `options`; messages name files under the display paths.
    ///
    /// - Parameter settings: what besides the files shapes the output (see ``recordSettings(_:)``).
    init(options: BuildOptions, settings: String, contentDisplayPath: String, templatesDisplayPath: String) {
        folders =
            "content \(options.contentDirectory.standardizedFileURL.path)\ntemplates \(options.templatesDirectory.standardizedFileURL.path)"
        digests = [:]
        recordSettings(settings)
        let identity = Identity(stat())
        for theme in BuiltInTheme.files {
            let file = File(
                key: Self.themePrefix + theme.path, relativePath: theme.path, path: "", identity: identity, bytes: theme.bytes,
                digest: Digest(of: theme.bytes))
            themeFiles.append(file)
            digests[PathKey(file.key)] = file.digest
        }
        for (folder, prefix, display) in [
            (options.contentDirectory, Self.contentPrefix, contentDisplayPath),
            (options.templatesDirectory, Self.templatesPrefix, templatesDisplayPath),
        ] {
            // The folder named on the command line may itself be a link; nothing below it is followed.
            let root = folder.standardizedFileURL.resolvingSymlinksInPath().path
            for entry in FileTree.entries(under: root) {
                let shown = ContentLoader.join(display, entry.relativePath)
                if !entry.hasValidName {
                    digests[PathKey(prefix + entry.relativePath)] = Digest(of: Array("\u{0}name not UTF-8".utf8))
                    messages.append(
                        Diagnostic(
                            .warning, path: shown, location: SourceLocation(line: 1, column: 1),
                            message: "this name is not valid UTF-8, so the file (or folder) is left out; rename it"))
                    continue
                }
                if entry.isSymbolicLink {
                    // Not read, but an input all the same: adding or removing one changes what the build reports.
                    digests[PathKey(prefix + entry.relativePath)] = Digest(of: Array("\u{0}symbolic link".utf8))
                    if ContentLoader.isListed(entry.relativePath) {
                        messages.append(
                            Diagnostic(
                                .warning, path: shown, location: SourceLocation(line: 1, column: 1),
                                message: "symbolic links are not followed, so this one is left out; put the file itself here"))
                    }
                    continue
                }
                guard entry.isRegularFile else { continue }
                if prefix == Self.contentPrefix, ContentLoader.isListed(entry.relativePath),
                    let format = ContentLoader.unsupportedFormat(entry.relativePath)
                {
                    messages.append(
                        Diagnostic(
                            .warning, path: shown, location: SourceLocation(line: 1, column: 1),
                            message:
                                "\(format) files are not posts, so this one is left out; rename it to .md if it is plain Markdown"
                        ))
                }
                let limit =
                    prefix == Self.contentPrefix && ContentLoader.isPost(entry.relativePath)
                    ? options.limits.maxPostBytes : options.limits.maxFileBytes
                let path = root + "/" + entry.relativePath
                let (identity, bytes) = Self.read(path, limit: limit) ?? (InputSnapshot.Identity(entry.info), nil)
                let key = prefix + entry.relativePath
                let digest =
                    bytes.map { Digest(of: $0) }
                    ?? Digest(
                        of: Array(
                            "\u{0}unread \(identity.device) \(identity.inode) \(identity.size) \(identity.modified) \(identity.changed)"
                                .utf8))
                if prefix == Self.contentPrefix { contentFiles[PathKey(entry.relativePath)] = files.count }
                files.append(
                    File(key: key, relativePath: entry.relativePath, path: path, identity: identity, bytes: bytes, digest: digest)
                )
                digests[PathKey(key)] = digest
            }
        }
    }

    /// The content folder's file at `relativePath`, if the snapshot has it.
    func contentFile(_ relativePath: String) -> File? {
        contentFiles[PathKey(relativePath)].map { files[$0] }
    }

    /// The content folder's files.
    var content: [File] { files.filter { $0.key.hasPrefix(Self.contentPrefix) } }

    /// The templates the build uses: the templates folder's files, and the built-in theme's files that
    /// none of them overrides (has the same path as), in byte order of their paths.
    var templates: [File] {
        let overrides = files.filter { $0.key.hasPrefix(Self.templatesPrefix) }
        let overridden = Set(overrides.map { PathKey($0.relativePath) })
        return (overrides + themeFiles.filter { !overridden.contains(PathKey($0.relativePath)) }).sorted {
            PathKey($0.relativePath) < PathKey($1.relativePath)
        }
    }

    /// A digest of the templates the build uses (``templates``: each one's path, and whether it is the
    /// built-in theme's or an override, and its digest).
    var templatesDigest: String {
        Digest(of: Array(templates.map { "\($0.key)\u{0}\($0.digest)\n" }.joined().utf8)).description
    }

    /// Replaces the digest of the settings (``settingsKey``) with one of `settings` and the folders read,
    /// once the build knows all of them (where KaTeX is comes from `_config.yml`, which is read here).
    mutating func recordSettings(_ settings: String) {
        digests[PathKey(Self.settingsKey)] = Digest(of: Array((settings + "\n" + folders).utf8))
    }

    /// The inputs whose digests differ between `old` and this snapshot, added or removed included,
    /// sorted by their bytes.
    func changedKeys(since old: InputSnapshot) -> [PathKey] {
        var changed = old.digests.keys.filter { digests[$0] == nil }
        for (key, digest) in digests where old.digests[key] != digest { changed.append(key) }
        return changed.sorted()
    }

    /// The files that are no longer what they were when read (changed, replaced or removed).
    func changedSinceRead() -> [File] {
        files.filter { file in
            var info = stat()
            return lstat(file.path, &info) != 0 || Identity(info) != file.identity
        }
    }

    /// Opens `path` without following a link, checks it is a regular file of at most `limit` bytes,
    /// and only then reads it. Nil when it cannot be opened or is not a regular file; bytes nil when
    /// it is over the limit or cannot be read whole.
    private static func read(_ path: String, limit: Int) -> (Identity, [UInt8]?)? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let identity = Identity(info)
        let size = Int(info.st_size)
        guard size <= limit else { return (identity, nil) }
        // One byte more than the size, to see a file that grew (it is then read again by the next build).
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while count < bytes.count {
            let result = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if result < 0 && errno == EINTR { continue }
            if result < 0 { return (identity, nil) }
            if result == 0 { break }
            count += result
        }
        guard count <= size else { return (identity, nil) }
        bytes.removeLast(bytes.count - count)
        return (identity, bytes)
    }
}

extension InputSnapshot {
    /// The posts of the content folder (not hidden, not `_`-prefixed), with how messages name them,
    /// in byte order of their paths.
    func posts(displayPrefix: String) -> [(source: SourceFile, file: File)] {
        content.filter { ContentLoader.isListed($0.relativePath) && ContentLoader.isPost($0.relativePath) }.map { file in
            (
                SourceFile(
                    displayPath: ContentLoader.join(displayPrefix, file.relativePath), relativePath: file.relativePath,
                    url: URL(fileURLWithPath: file.path)), file
            )
        }
    }

    /// The bytes of the content folder's `_config.yml`, if there is one.
    var configurationBytes: Data? { contentFile("_config.yml")?.bytes.map { Data($0) } }
}
