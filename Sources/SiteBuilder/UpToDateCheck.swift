import Foundation

/// Recognises a build whose inputs, settings and output are exactly as the last successful
/// build left them, so a rebuild with nothing changed costs a read of the inputs and nothing else.
///
/// The comparison is on the inputs' full bytes, not on hashes or modification times: every file
/// of the content and templates folders, the settings that shape the output, and the identity of
/// the `build-site` executable and of KaTeX are laid end to end in a snapshot, and the snapshot
/// is compared with the one stored by the last build. The output folder is checked too (every
/// file's path, size, modification time and inode), so a site edited or deleted by hand is
/// rebuilt. The stored summary of that build — diagnostics and verdicts — is replayed, so exit
/// status and reports are the same as a full build's.
struct UpToDateCheck {
    let snapshot: Data
    private let directory: URL

    private var snapshotFile: URL { directory.appendingPathComponent("inputs.snapshot") }
    private var recordFile: URL { directory.appendingPathComponent("last-build.json") }

    /// What the last successful build left: its output's state and its summary.
    struct Record: Codable, Sendable {
        var output: [String]
        var summary: BuildSummary
    }

    /// Reads the last build's record (decoding it can run while the inputs are read).
    static func lastRecord(in cacheDirectory: URL) -> Record? {
        guard let data = try? Data(contentsOf: cacheDirectory.appendingPathComponent("last-build.json")) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: data)
    }

    /// Reads every input of a build with `options` into a snapshot.
    init(options: BuildOptions, settings: String, cacheDirectory: URL) {
        directory = cacheDirectory
        var snapshot = Data(settings.utf8)
        for folder in [options.contentDirectory, options.templatesDirectory] {
            snapshot.append(contentsOf: Array("\u{0}folder \(folder.standardizedFileURL.path)\u{0}".utf8))
            for file in Self.regularFiles(under: folder) {
                snapshot.append(contentsOf: Array("\u{0}\(file.relative)\u{0}".utf8))
                snapshot.append((try? Data(contentsOf: file.url)) ?? Data("\u{0}unreadable".utf8))
            }
        }
        self.snapshot = snapshot
    }

    /// The summary of the last build, if its inputs were these and its output is untouched.
    func previousSummary(from record: Record?, output: URL, checkOutput: Bool) -> BuildSummary? {
        guard let record, let stored = try? Data(contentsOf: snapshotFile), stored == snapshot else { return nil }
        if checkOutput && Self.outputState(of: output) != record.output { return nil }
        return record.summary
    }

    /// Remembers a build that wrote `output` from these inputs.
    func record(_ summary: BuildSummary, output: URL) {
        let record = Record(output: Self.outputState(of: output), summary: summary)
        guard let data = try? JSONEncoder().encode(record) else { return }
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The snapshot goes last: a crash in between leaves a record that matches no snapshot.
        try? FileManager.default.removeItem(at: snapshotFile)
        guard (try? data.write(to: recordFile, options: .atomic)) != nil else { return }
        try? snapshot.write(to: snapshotFile, options: .atomic)
    }

    /// Forgets the last build (after a failed one), so the next build does the full work.
    func forget() {
        try? FileManager.default.removeItem(at: snapshotFile)
    }

    private static func regularFiles(under folder: URL) -> [(relative: String, url: URL)] {
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var files: [(relative: String, url: URL)] = []
        while let url = enumerator.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            files.append((String(url.standardizedFileURL.path.dropFirst(root.path.count)), url))
        }
        return files.sorted { $0.relative < $1.relative }
    }

    /// One line per file under `output`: path, size, modification time and inode.
    private static func outputState(of output: URL) -> [String] {
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
