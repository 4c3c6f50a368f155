import ClaimLanguage
import Foundation
import KaTeX
import Synchronization

/// Verdicts and rendered formulas kept between builds, so a rebuild does no KaTeX and no
/// claim work for what did not change.
///
/// Entries are keyed by their whole input — a formula's TeX, mode and macros; a fence's body,
/// info string and overrides — never by a hash, so a hit is always right for its input. The
/// cache is kept in one shard per post (a JSON file in `posts/` of the cache folder,
/// holding what that post used), so a build that re-renders one post reads and writes only that
/// post's shard, and a full build reads all of them. Shards go through ``CacheFile``: checksummed
/// (a damaged shard is a miss), readable by the owner only. Every shard is keyed by the identity of the
/// running `build-site` executable (its build ID, see ``ExecutableIdentity``) and the KaTeX version, so a
/// rebuilt compute core, claim language or KaTeX never reuses an old result. Shards are written
/// atomically and only when they changed; one that cannot be read is ignored and rebuilt, never
/// trusted. Only entries used by the latest build are written back, so the cache does not grow
/// without bound.
struct BuildCache: Sendable {
    private static let formatVersion = 4
    /// The folder of shards inside the cache folder.
    static let shardFolderName = "posts"
    /// The file in the shard folder naming the executable and KaTeX the shards are for.
    static let identityFileName = "identity"

    fileprivate struct Shard: Codable, Sendable {
        var formatVersion: Int
        var identity: String
        var formulas: [String: String] = [:]
        var verdicts: [String: [ClaimVerdict]] = [:]
    }

    private let identity: String
    private let directory: URL?
    /// The shards a long-running caller keeps between builds, read instead of their files.
    private let memory: BuildCacheMemory?
    /// Entries read from the shards loaded so far, all posts together.
    private var oldFormulas: [String: String] = [:]
    private var oldVerdicts: [String: [ClaimVerdict]] = [:]
    /// The key sets of the shards as read, by post.
    private var loadedKeys: [PathKey: (formulas: Set<String>, verdicts: Set<String>)] = [:]
    /// What each post used in this build (by path, byte for byte).
    private var used: [PathKey: Shard] = [:]

    /// A cache for this executable and KaTeX version kept in `directory` (nil: kept nowhere), and also in
    /// `memory` when the caller holds one across builds.
    init(directory: URL?, katexVersion: String, memory: BuildCacheMemory? = nil) {
        identity = ExecutableIdentity.current + "|katex " + katexVersion
        self.directory = directory
        self.memory = memory
    }

    /// Where `memory` keeps this cache's shards: its folder and whose shards they are.
    private var memoryKey: String { (shardFolder?.path ?? "") + "\u{2}" + identity }

    /// Reads the shards of `posts` (paths relative to the content folder), concurrently; those `memory`
    /// holds are taken from it and not read again.
    mutating func load(posts: [String], concurrency: Int) async {
        guard let folder = shardFolder else { return }
        let remembered = memory?.shards(for: memoryKey) ?? [:]
        var shards = posts.map { remembered[PathKey($0)] }
        let unread = posts.indices.filter { shards[$0] == nil }
        // Shards of another executable or KaTeX are not even read (each one says whose it is too).
        if !unread.isEmpty, CacheFile.read(folder.appendingPathComponent(Self.identityFileName)) == Data(identity.utf8) {
            let read = await readShards(unread.map { posts[$0] }, from: folder, concurrency: concurrency)
            for (index, shard) in zip(unread, read) { shards[index] = shard }
        }
        for (post, shard) in zip(posts, shards) {
            guard let shard else { continue }
            oldFormulas.merge(shard.formulas) { first, _ in first }
            oldVerdicts.merge(shard.verdicts) { first, _ in first }
            loadedKeys[PathKey(post)] = (Set(shard.formulas.keys), Set(shard.verdicts.keys))
        }
    }

    /// The shard files of `posts` in `folder` that are this cache's, in order (nil where there is none).
    private func readShards(_ posts: [String], from folder: URL, concurrency: Int) async -> [Shard?] {
        let identity = identity
        return await concurrentMap(posts, limit: concurrency) { post -> Shard? in
            guard let data = CacheFile.read(folder.appendingPathComponent(Self.shardName(for: post))),
                let shard = try? JSONDecoder().decode(Shard.self, from: data),
                shard.formatVersion == Self.formatVersion, shard.identity == identity
            else { return nil }
            return shard
        }
    }

    // MARK: Formulas

    static func key(for request: MathRequest) -> String {
        let macros = request.macros.keys.sorted().map { "\($0)=\(request.macros[$0] ?? "")" }.joined(separator: "\u{1}")
        return (request.displayMode ? "D" : "I") + "\u{2}" + macros + "\u{2}" + request.tex
    }

    func cachedHTML(for request: MathRequest) -> String? {
        oldFormulas[Self.key(for: request)]
    }

    /// Keeps `html` for `request` in the shard of `post`.
    mutating func store(html: String, for request: MathRequest, post: String) {
        used[PathKey(post), default: Shard(formatVersion: Self.formatVersion, identity: identity)].formulas[
            Self.key(for: request)] = html
    }

    // MARK: Highlighted code (kept with the formulas; "H" keys never meet a formula's "D" or "I")

    static func key(for code: HighlightRequest) -> String {
        "H\u{2}" + code.language + "\u{2}" + code.code
    }

    func cachedHTML(for code: HighlightRequest) -> String? {
        oldFormulas[Self.key(for: code)]
    }

    /// Keeps the highlighted `html` of `code` in the shard of `post`.
    mutating func store(html: String, for code: HighlightRequest, post: String) {
        used[PathKey(post), default: Shard(formatVersion: Self.formatVersion, identity: identity)].formulas[
            Self.key(for: code)] = html
    }

    // MARK: Verdicts

    static func key(body: String, info: String, fenceID: String, options: JudgeOptions) -> String {
        [
            fenceID, info, options.samplesOverride.map(String.init) ?? "-", options.seedOverride.map(String.init) ?? "-",
            String(options.maximumTolerance), body,
        ].joined(separator: "\u{2}")
    }

    func cachedVerdicts(for key: String) -> [ClaimVerdict]? {
        oldVerdicts[key]
    }

    /// Keeps `verdicts` for `key` in the shard of `post`.
    mutating func store(verdicts: [ClaimVerdict], for key: String, post: String) {
        used[PathKey(post), default: Shard(formatVersion: Self.formatVersion, identity: identity)].verdicts[key] = verdicts
    }

    // MARK: Saving

    /// Writes the shard of every post in `posts` whose entries changed (concurrently and
    /// atomically; failures are ignored: the cache is an optimisation, never a reason for a build to
    /// fail), and deletes the shards of posts neither in `posts` nor in `kept`.
    func save(posts: [String], keeping kept: [String] = [], concurrency: Int = 1) async {
        guard let folder = shardFolder else { return }
        memory?.remember(
            posts.map { (PathKey($0), used[PathKey($0)] ?? Shard(formatVersion: Self.formatVersion, identity: identity)) },
            keeping: Set(kept.map(PathKey.init)), for: memoryKey)
        guard CacheFile.makeFolder(folder) else { return }
        let identityFile = folder.appendingPathComponent(Self.identityFileName)
        if CacheFile.read(identityFile) != Data(identity.utf8) {
            CacheFile.write(Data(identity.utf8), to: identityFile)
        }
        let changed = posts.filter { post in
            let shard = used[PathKey(post)]
            // Keys unchanged, and a key's value never changes: the file is already right.
            guard let loaded = loadedKeys[PathKey(post)] else { return true }
            return loaded.formulas != Set(shard?.formulas.keys ?? [:].keys)
                || loaded.verdicts != Set(shard?.verdicts.keys ?? [:].keys)
        }
        let shards = changed.map {
            (
                name: Self.shardName(for: $0),
                shard: used[PathKey($0)] ?? Shard(formatVersion: Self.formatVersion, identity: identity)
            )
        }
        _ = await concurrentMap(shards, limit: concurrency) { item in
            // JSON, not a binary property list: KaTeX's HTML has non-ASCII characters, which a property list
            // keeps as UTF-16, and it hashes every string to share duplicates — 3× slower to write, 2× larger.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            guard let data = try? encoder.encode(item.shard) else { return }
            CacheFile.write(data, to: folder.appendingPathComponent(item.name))
        }
        let keep = Set((posts + kept).map(Self.shardName(for:)) + [Self.identityFileName])
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !keep.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    private var shardFolder: URL? { directory?.appendingPathComponent(Self.shardFolderName) }

    /// The file name of a post's shard: its path made safe for one file name, and a hash of the
    /// whole path so two paths that read the same once made safe still get files of their own.
    static func shardName(for post: String) -> String {
        let safe = String(
            post.unicodeScalars.prefix(80).map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return Character(scalar)
                default: return "_"
                }
            })
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a: a name, not a key; a collision only costs a miss.
        for byte in post.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return safe + "-" + String(hash, radix: 16) + ".json"
    }
}

/// The cache's shards kept in memory between builds, for a long-running caller (a server rebuilding on every
/// change): a build given one takes the shards it holds instead of reading their files, and leaves its own
/// there as well as on disk. The files are still written, so a later command-line build finds them.
public final class BuildCacheMemory: Sendable {
    private struct Contents {
        /// The cache folder and identity the shards belong to; shards of another are dropped.
        var key = ""
        var shards: [PathKey: BuildCache.Shard] = [:]
    }

    private let contents = Mutex(Contents())
    /// The last build's record, used instead of its file while the file is the one it saved.
    let record = HeldBuildRecord()

    /// An empty memory.
    public init() {}

    /// The shards kept for `key`.
    fileprivate func shards(for key: String) -> [PathKey: BuildCache.Shard] {
        contents.withLock { $0.key == key ? $0.shards : [:] }
    }

    /// Keeps `shards` for `key`, and of the shards kept before those of the posts in `kept`, as
    /// ``BuildCache/save(posts:keeping:concurrency:)`` does with the files.
    fileprivate func remember(_ shards: [(PathKey, BuildCache.Shard)], keeping kept: Set<PathKey>, for key: String) {
        contents.withLock { contents in
            var next = contents.key == key ? contents.shards.filter { kept.contains($0.key) } : [:]
            for (post, shard) in shards { next[post] = shard }
            contents = Contents(key: key, shards: next)
        }
    }
}
