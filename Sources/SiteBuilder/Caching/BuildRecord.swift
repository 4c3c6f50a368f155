import Crypto
import Diagnostics
import Foundation

/// What the last successful build left behind, so the next one can do only what changed:
/// its inputs, the state of the site it wrote, its summary, and what the pages made of every
/// post need of each post.
///
/// The record is one file of the cache folder, `last-build.jsonl`: a line of JSON for the site
/// (with the SHA-256 digest of every input, never a copy of it), then one per post, so a rebuild
/// re-encodes only the posts it built and the lines decode concurrently. It is written through
/// ``CacheFile`` (checksummed, owner-only, replaced atomically).
struct BuildRecord: Sendable {
    private static let formatVersion = 7
    static let recordFileName = "last-build.jsonl"

    /// One post of the site as the pages made of every post see it.
    struct Post: Codable, Sendable {
        /// The post's path relative to the content folder.
        var sourcePath: String
        var listing: PostListing
        /// The distinct formulas of the post (its math and its claims' LaTeX).
        var formulaCount: Int
        /// How many of them KaTeX could not render (with `--keep-going`).
        var failedFormulaCount = 0
        /// What the pages made of every post show of it (``PageAssembler/shownDigest(_:fences:)``).
        var shownDigest = ""
    }

    /// The first line: what is not about one post.
    fileprivate struct Header: Codable {
        var formatVersion: Int
        var outputState: String
        var sitePagesKey: String
        var diagnostics: [Diagnostic]
        /// Each input's key and digest (pairs, not a JSON object: keys are compared byte for byte).
        var inputs: [[String]]
    }

    /// The line of one post.
    fileprivate struct PostLine: Codable {
        var post: Post
        var built: BuiltPost
    }

    /// How the record writes numbers JSON has no word for (a claim's largest error may be infinite).
    fileprivate static let infinities = (positive: "inf", negative: "-inf", nan: "nan")

    fileprivate static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: infinities.positive, negativeInfinity: infinities.negative, nan: infinities.nan)
        return encoder
    }

    fileprivate static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: infinities.positive, negativeInfinity: infinities.negative, nan: infinities.nan)
        return decoder
    }

    /// The state of the site the build wrote (see ``outputState(of:)``).
    var outputState: String
    /// What the pages made of every post show (``PageAssembler/sitePagesKey(shown:)``, from each post's ``Post/shownDigest``).
    var sitePagesKey: String
    var summary: BuildSummary
    /// The site's posts in the content folder's order (``summary``'s `posts` has the same order).
    var posts: [Post]
    var snapshot: InputSnapshot
    /// Each post's line as read, reused when the post is kept (nil: encode it).
    private var postLines: [Data?]

    /// A record of a build that wrote `output` from `snapshot` (the site is walked for its state).
    init(snapshot: InputSnapshot, output: URL, summary: BuildSummary, posts: [Post], sitePagesKey: String) {
        self.init(
            snapshot: snapshot, outputState: Self.outputState(of: output), sitePagesKey: sitePagesKey, summary: summary,
            posts: posts)
    }

    /// Keeps the encoded line of post `index` of `record` as the line of post `position` of this one.
    mutating func reuseLine(ofPost index: Int, of record: BuildRecord, at position: Int) {
        postLines[position] = record.postLines[index]
    }

    /// The last build's record as read from the cache folder, before its posts are decoded: enough
    /// to tell which inputs changed.
    struct Stored: Sendable {
        /// Where the record comes from: the file's lines, or a record held in memory that the file still is.
        private enum Source: Sendable {
            case file(header: Header, postLines: [Data])
            case held(BuildRecord)
        }

        /// The last build's inputs.
        let snapshot: InputSnapshot
        private let source: Source
        /// The state of the site that build wrote.
        var outputState: String {
            switch source {
            case .file(let header, _): header.outputState
            case .held(let record): record.outputState
            }
        }

        /// Whether the record is one held in memory (its file was not read).
        var isHeld: Bool {
            if case .held = source { true } else { false }
        }

        /// Reads the record in `cacheDirectory`, or nil when there is none that can be trusted; `held`'s record
        /// instead, when the file is still the one it saved (then nothing is read).
        init?(from cacheDirectory: URL, held: HeldBuildRecord? = nil) {
            let file = cacheDirectory.appendingPathComponent(BuildRecord.recordFileName)
            if let record = held?.record(savedAs: file) {
                snapshot = record.snapshot
                source = .held(record)
                return
            }
            guard let data = CacheFile.read(file) else { return nil }
            let lines = Self.lines(of: data)
            guard let first = lines.first, let header = try? BuildRecord.makeDecoder().decode(Header.self, from: first),
                header.formatVersion == BuildRecord.formatVersion
            else { return nil }
            var digests: [PathKey: Digest] = [:]
            for pair in header.inputs {
                guard pair.count == 2, let digest = Digest(hex: pair[1]) else { return nil }
                digests[PathKey(pair[0])] = digest
            }
            source = .file(header: header, postLines: Array(lines.dropFirst()))
            snapshot = InputSnapshot(digests: digests)
        }

        /// The non-empty lines of `data` (`Data.split` is several times slower).
        private static func lines(of data: Data) -> [Data] {
            data.withUnsafeBytes { bytes -> [Data] in
                guard let base = bytes.baseAddress else { return [] }
                var lines: [Data] = []
                var start = 0
                while start < bytes.count {
                    var end = bytes.count
                    if let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
                        end = UnsafeRawPointer(newline) - base
                    }
                    if end > start { lines.append(Data(bytes: base + start, count: end - start)) }
                    start = end + 1
                }
                return lines
            }
        }

        /// Decodes the posts' lines (concurrently), or nil if one cannot be read.
        func decode(concurrency: Int) async -> BuildRecord? {
            switch source {
            case .held(let record): return record
            case .file(let header, let postLines):
                return await Self.decode(header: header, postLines: postLines, snapshot: snapshot, concurrency: concurrency)
            }
        }

        private static func decode(
            header: Header, postLines: [Data], snapshot: InputSnapshot, concurrency: Int
        ) async -> BuildRecord? {
            let chunkSize = max(64, (postLines.count + concurrency - 1) / max(1, concurrency))
            let chunks = stride(from: 0, to: postLines.count, by: chunkSize).map {
                Array(postLines[$0..<min($0 + chunkSize, postLines.count)])
            }
            let decoded = await concurrentMap(chunks, limit: concurrency) { chunk -> [PostLine]? in
                // One JSON array per chunk: a decode call has a fixed cost that 5,000 calls would pay 5,000 times.
                var array = Data("[".utf8)
                for (index, line) in chunk.enumerated() {
                    if index > 0 { array.append(UInt8(ascii: ",")) }
                    array.append(line)
                }
                array.append(UInt8(ascii: "]"))
                return try? BuildRecord.makeDecoder().decode([PostLine].self, from: array)
            }
            var posts: [PostLine] = []
            for chunk in decoded {
                guard let chunk else { return nil }
                posts += chunk
            }
            return BuildRecord(
                asRead: snapshot, outputState: header.outputState, sitePagesKey: header.sitePagesKey,
                diagnostics: header.diagnostics, posts: posts.map(\.post), built: posts.map(\.built), postLines: postLines)
        }
    }

    /// The record as decoding its file gives it: the inputs' digests only, and the summary made of the header's
    /// messages and the posts' lines.
    private init(
        asRead snapshot: InputSnapshot, outputState: String, sitePagesKey: String, diagnostics: [Diagnostic], posts: [Post],
        built: [BuiltPost], postLines: [Data]
    ) {
        var summary = BuildSummary()
        summary.diagnostics = diagnostics
        summary.posts = built
        summary.formulasRendered = posts.map(\.formulaCount).reduce(0, +)
        summary.formulasFailed = posts.map(\.failedFormulaCount).reduce(0, +)
        summary.wroteSite = true
        self.init(snapshot: snapshot, outputState: outputState, sitePagesKey: sitePagesKey, summary: summary, posts: posts)
        self.postLines = postLines
    }

    private init(snapshot: InputSnapshot, outputState: String, sitePagesKey: String, summary: BuildSummary, posts: [Post]) {
        self.outputState = outputState
        self.sitePagesKey = sitePagesKey
        self.summary = summary
        self.posts = posts
        self.snapshot = snapshot
        postLines = posts.map { _ in nil }
    }

    /// Writes the record into `cacheDirectory` (failures are ignored: the next build is then a full one), and
    /// holds it in `held` as the file now says it, to be used instead of reading the file while it is unchanged.
    func save(to cacheDirectory: URL, holdingIn held: HeldBuildRecord? = nil) {
        let file = cacheDirectory.appendingPathComponent(Self.recordFileName)
        let encoder = Self.makeEncoder()
        let header = Header(
            formatVersion: Self.formatVersion, outputState: outputState, sitePagesKey: sitePagesKey,
            diagnostics: summary.diagnostics,
            inputs: snapshot.digests.sorted { $0.key < $1.key }.map {
                [String(decoding: $0.key.bytes, as: UTF8.self), $0.value.description]
            })
        // Until the file is written, nothing is held: a failed save leaves the old file, which is then read.
        held?.hold(self, savedAs: file, identity: nil)
        guard posts.count == summary.posts.count, var data = try? encoder.encode(header) else { return }
        var lines: [Data] = []
        for (index, post) in posts.enumerated() {
            guard let line = postLines[index] ?? (try? encoder.encode(PostLine(post: post, built: summary.posts[index]))) else {
                return
            }
            data.append(UInt8(ascii: "\n"))
            data.append(line)
            lines.append(line)
        }
        data.append(UInt8(ascii: "\n"))
        CacheFile.removeAbandonedTemporaries(of: file)
        let identity = CacheFile.write(data, to: file)
        if let held, identity != nil {
            let asRead = BuildRecord(
                asRead: InputSnapshot(digests: snapshot.digests), outputState: outputState, sitePagesKey: sitePagesKey,
                diagnostics: summary.diagnostics, posts: posts, built: summary.posts, postLines: lines)
            held.hold(asRead, savedAs: file, identity: identity)
        }
    }

    /// The digest of what is under `output`: each entry's path, mode, size, modification time and
    /// inode. A site changed by anyone but this tool has another state, and is then built in full.
    static func outputState(of output: URL) -> String {
        Digest(feeding: { hasher in
            for entry in FileTree.entries(under: output.standardizedFileURL.path) {
                var path = entry.relativePath
                path.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
                let info = entry.info
                // After the path, a zero byte (no path has one), then the fields as five 64-bit integers.
                var end: UInt8 = 0
                var fields = (
                    UInt64(info.st_mode), UInt64(bitPattern: Int64(info.st_size)),
                    UInt64(bitPattern: Int64(info.st_mtim.tv_sec)), UInt64(bitPattern: Int64(info.st_mtim.tv_nsec)),
                    UInt64(info.st_ino)
                )
                withUnsafeBytes(of: &end) { hasher.update(bufferPointer: $0) }
                withUnsafeBytes(of: &fields) { hasher.update(bufferPointer: $0) }
            }
        }).description
    }
}
