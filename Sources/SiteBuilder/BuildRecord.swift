import Foundation

/// Every input of a build laid end to end — the settings that shape the output, then each file
/// of the content and templates folders — with where each file's bytes sit.
///
/// Inputs are compared on their full bytes, never on hashes or modification times.
struct InputSnapshot: Sendable {
    /// The key of the settings (the build's options, the executable's and KaTeX's identity).
    static let settingsKey = "settings"
    static let contentPrefix = "content:"
    static let templatesPrefix = "templates:"

    var bytes: Data
    /// Where each input's bytes are in ``bytes``: the settings under ``settingsKey``, files under
    /// ``contentPrefix`` or ``templatesPrefix`` and their path relative to the folder.
    var ranges: [String: Range<Int>]

    init(bytes: Data, ranges: [String: Range<Int>]) {
        self.bytes = bytes
        self.ranges = ranges
    }

    /// Reads every input of a build with `options`.
    init(options: BuildOptions, settings: String) {
        var bytes = Data()
        var ranges: [String: Range<Int>] = [:]
        func append(_ data: Data, as key: String) {
            bytes.append(contentsOf: Array("\u{0}\(key)\u{0}".utf8))
            let start = bytes.count
            bytes.append(data)
            ranges[key] = start..<bytes.count
        }
        let folders = "content \(options.contentDirectory.standardizedFileURL.path)\ntemplates \(options.templatesDirectory.standardizedFileURL.path)"
        append(Data((settings + "\n" + folders).utf8), as: Self.settingsKey)
        for (folder, prefix) in [(options.contentDirectory, Self.contentPrefix), (options.templatesDirectory, Self.templatesPrefix)] {
            for file in Self.regularFiles(under: folder) {
                append((try? Data(contentsOf: file.url)) ?? Data("\u{0}unreadable".utf8), as: prefix + file.relative)
            }
        }
        self.bytes = bytes
        self.ranges = ranges
    }

    /// The inputs whose bytes differ between `old` and this snapshot, added or removed included.
    func changedKeys(since old: InputSnapshot) -> [String] {
        var changed: [String] = []
        for (key, range) in ranges {
            guard let oldRange = old.ranges[key], oldRange.count == range.count,
                old.bytes[oldRange].elementsEqual(bytes[range])
            else {
                changed.append(key)
                continue
            }
        }
        changed += old.ranges.keys.filter { ranges[$0] == nil }
        return changed.sorted()
    }

    private static func regularFiles(under folder: URL) -> [(relative: String, url: URL)] {
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var files: [(relative: String, url: URL)] = []
        while let url = enumerator.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            files.append((String(url.standardizedFileURL.path.dropFirst(root.path.count + 1)), url))
        }
        return files.sorted { $0.relative < $1.relative }
    }
}

/// What the last successful build left behind, so the next one can do only what changed:
/// its inputs, the state of the site it wrote, its summary, and what the pages made of every
/// post need of each post.
///
/// The record is two files in the cache folder: the inputs' bytes (`inputs.snapshot`) and the
/// rest (`last-build.plist`, a binary property list). The snapshot is written last and removed
/// first, so a crash in between leaves a record that matches no snapshot.
struct BuildRecord: Codable, Sendable {
    private static let formatVersion = 1
    static let snapshotFileName = "inputs.snapshot"
    static let recordFileName = "last-build.plist"

    /// One post of the site as the pages made of every post see it.
    struct Post: Codable, Sendable {
        /// The post's path relative to the content folder.
        var sourcePath: String
        var listing: PostListing
        /// The distinct formulas of the post (its math and its claims' LaTeX).
        var formulaCount: Int
    }

    private var formatVersion = Self.formatVersion
    /// One line per file of the site: path, mode, size, modification time and inode.
    var output: [String]
    var summary: BuildSummary
    /// The site's posts in the content folder's order (``summary``'s `posts` has the same order).
    var posts: [Post]
    /// The pages made of every post (index, tags, claims page, feed), relative to the site.
    var sitePages: [String]
    var inputRanges: [String: [Int]]
    /// The inputs' bytes (stored in a file of their own, not in the property list).
    var snapshot: InputSnapshot {
        get { InputSnapshot(bytes: snapshotBytes, ranges: inputRanges.compactMapValues { $0.count == 2 ? $0[0]..<$0[1] : nil }) }
        set {
            snapshotBytes = newValue.bytes
            inputRanges = newValue.ranges.mapValues { [$0.lowerBound, $0.upperBound] }
        }
    }
    private var snapshotBytes = Data()

    private enum CodingKeys: String, CodingKey {
        case formatVersion, output, summary, posts, sitePages, inputRanges
    }

    init(snapshot: InputSnapshot, output: URL, summary: BuildSummary, posts: [Post], sitePages: [String]) {
        self.output = Self.outputState(of: output)
        self.summary = summary
        self.posts = posts
        self.sitePages = sitePages
        self.inputRanges = [:]
        self.snapshot = snapshot
    }

    /// Reads the last build's record from `cacheDirectory`, or nil when there is none that can be trusted.
    static func load(from cacheDirectory: URL) -> BuildRecord? {
        guard let data = try? Data(contentsOf: cacheDirectory.appendingPathComponent(recordFileName)),
            var record = try? PropertyListDecoder().decode(BuildRecord.self, from: data),
            record.formatVersion == formatVersion,
            let bytes = try? Data(contentsOf: cacheDirectory.appendingPathComponent(snapshotFileName))
        else { return nil }
        record.snapshotBytes = bytes
        guard record.inputRanges.values.allSatisfy({ $0.count == 2 && 0 <= $0[0] && $0[0] <= $0[1] && $0[1] <= bytes.count })
        else { return nil }
        return record
    }

    /// Whether the site at `output` is exactly as this build left it.
    func outputIsUntouched(_ output: URL) -> Bool {
        Self.outputState(of: output) == self.output
    }

    /// Writes the record into `cacheDirectory` (failures are ignored: the next build is then a full one).
    func save(to cacheDirectory: URL) {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        guard let data = try? encoder.encode(self) else { return }
        try? FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
        Self.forget(in: cacheDirectory)
        guard (try? data.write(to: cacheDirectory.appendingPathComponent(Self.recordFileName), options: .atomic)) != nil else { return }
        try? snapshotBytes.write(to: cacheDirectory.appendingPathComponent(Self.snapshotFileName), options: .atomic)
    }

    /// Forgets the last build (before the site is changed, and after a failed build), so the next build does the full work.
    static func forget(in cacheDirectory: URL) {
        try? FileManager.default.removeItem(at: cacheDirectory.appendingPathComponent(snapshotFileName))
    }

    /// One line per file under `output`: path, mode, size, modification time and inode.
    static func outputState(of output: URL) -> [String] {
        let root = output.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var lines: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0 else { continue }
            lines.append("\(relative) \(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)")
        }
        return lines.sorted()
    }
}
