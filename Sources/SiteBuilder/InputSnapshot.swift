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
        if bytes == old.bytes && ranges == old.ranges { return [] }
        var changed = old.ranges.keys.filter { ranges[$0] == nil }
        bytes.withUnsafeBytes { newBytes in
            old.bytes.withUnsafeBytes { oldBytes in
                for (key, range) in ranges {
                    guard let oldRange = old.ranges[key], oldRange.count == range.count else {
                        changed.append(key)
                        continue
                    }
                    if let new = newBytes.baseAddress, let previous = oldBytes.baseAddress,
                        memcmp(new + range.lowerBound, previous + oldRange.lowerBound, range.count) != 0
                    {
                        changed.append(key)
                    }
                }
            }
        }
        return changed.sorted()
    }

    /// The regular files under `folder` (a symbolic link counts as the file it points to), sorted by path.
    private static func regularFiles(under folder: URL) -> [(relative: String, url: URL)] {
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        return FileTree.entries(under: root.path).compactMap { entry -> (relative: String, url: URL)? in
            var target = stat()
            let isFile =
                entry.isRegularFile
                || (entry.isSymbolicLink && stat(root.path + "/" + entry.relativePath, &target) == 0 && target.st_mode & S_IFMT == S_IFREG)
            return isFile ? (entry.relativePath, root.appendingPathComponent(entry.relativePath)) : nil
        }
    }
}
