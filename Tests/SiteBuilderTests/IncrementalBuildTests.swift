import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// A rebuild after an edit must give exactly what a full build of the edited posts gives —
/// whether it rebuilt only the changed posts or, when it could not be sure, everything.
@Suite(.serialized) struct IncrementalBuildTests {
    struct Edit: CustomTestStringConvertible, Sendable {
        var name: String
        /// How many posts the rebuild should build again (nil: a full build).
        var postsRebuilt: Int?
        var apply: @Sendable (URL) throws -> Void
        var testDescription: String { name }
    }

    static func appending(_ text: String, to post: String) -> @Sendable (URL) throws -> Void {
        { content in
            let url = content.appendingPathComponent(post)
            try (String(contentsOf: url, encoding: .utf8) + text).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static func replacing(_ old: String, with new: String, in post: String) -> @Sendable (URL) throws -> Void {
        { content in
            let url = content.appendingPathComponent(post)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old), "the fixture has \(old)")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static let edits: [Edit] = [
        Edit(name: "a paragraph with a new formula", postsRebuilt: 1, apply: appending("\nMore: $y^2 + 1$.\n", to: "second.md")),
        Edit(
            name: "a post's title", postsRebuilt: 1,
            apply: replacing("title: Everything at once", with: "title: All of it", in: "everything.md")),
        Edit(
            name: "a title in a post with one of the site's two tags (the other tag's page is kept)", postsRebuilt: 1,
            apply: replacing("title = \"A TOML post\"", with: "title = \"A TOML post, retitled\"", in: "second.md")),
        Edit(name: "a tag renamed", postsRebuilt: 1, apply: replacing("Test Tag", with: "Other Tag", in: "everything.md")),
        Edit(
            name: "a post's date (it moves in every list)", postsRebuilt: 1,
            apply: replacing("date: 2026-02-01", with: "date: 2025-12-24", in: "everything.md")),
        Edit(
            name: "the slug", postsRebuilt: 1,
            apply: replacing("slug = \"toml-post\"", with: "slug = \"toml-two\"", in: "second.md")),
        Edit(
            name: "a new post", postsRebuilt: 1,
            apply: {
                try "---\ntitle: New\ndate: 2026-05-01\n---\nNew $z$.\n".write(
                    to: $0.appendingPathComponent("new.md"), atomically: true, encoding: .utf8)
            }),
        Edit(
            name: "a post removed", postsRebuilt: 0,
            apply: { try FileManager.default.removeItem(at: $0.appendingPathComponent("second.md")) }),
        Edit(
            name: "a claim's body, same verdict", postsRebuilt: 1,
            apply: replacing("given x ∈ [-2, 2]", with: "given x ∈ [-3, 3]", in: "verdicts.md")),
        Edit(
            name: "a claim that now fails (the site's totals change; only the site's pages show them)", postsRebuilt: 1,
            apply: replacing("claim d/dz σ(z) = σ(z)*(1 - σ(z))", with: "claim d/dz σ(z) = σ(z)", in: "verdicts.md")),
        Edit(
            name: "the post with every claim of the site removed (every footer loses its line)", postsRebuilt: nil,
            apply: { try FileManager.default.removeItem(at: $0.appendingPathComponent("verdicts.md")) }),
        Edit(name: "the configuration", postsRebuilt: nil, apply: appending("language: de\n", to: "_config.yml")),
        Edit(name: "a formula KaTeX rejects", postsRebuilt: nil, apply: appending("\nBad $\\frac{1}{$ here.\n", to: "second.md")),
        Edit(name: "a draft", postsRebuilt: 0, apply: appending("\nStill a draft.\n", to: "draft.md")),
    ]

    /// Both ways of writing an update: staged and swapped in (`build`), and in place (the preview's).
    @Test(arguments: edits, [false, true]) func aRebuildEqualsAFullBuild(edit: Edit, inPlace: Bool) async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        try FileManager.default.copyItem(
            at: Fixture.folder("claims/content/verdicts.md"), to: content.appendingPathComponent("verdicts.md"))
        let output = temporary.appendingPathComponent("site")
        func build(into output: URL, cache: Bool) async -> BuildSummary {
            await Fixture.build(content: content, output: output) {
                $0.useCache = cache
                $0.cacheDirectory = temporary.appendingPathComponent("cache")
                $0.keepGoing = false
                $0.updatesOutputInPlace = inPlace
            }
        }
        let first = await build(into: output, cache: true)
        #expect(first.wroteSite && first.postsRebuilt == nil)

        try edit.apply(content)
        let rebuilt = await build(into: output, cache: true)
        #expect(rebuilt.postsRebuilt == edit.postsRebuilt)
        let reference = temporary.appendingPathComponent("reference")
        let full = await build(into: reference, cache: false)
        #expect(rebuilt.exitStatus == full.exitStatus)
        #expect(rebuilt.diagnostics.map(\.description) == full.diagnostics.map(\.description))
        #expect(rebuilt.claims == full.claims)
        #expect(rebuilt.posts.map(\.path) == full.posts.map(\.path))
        #expect(rebuilt.formulasRendered == full.formulasRendered)
        if full.wroteSite {
            let (got, want) = (try Manifest(of: output), try Manifest(of: reference))
            #expect(got.files.keys.sorted() == want.files.keys.sorted())
            for (path, bytes) in want.files where got.files[path] != bytes {
                let (gotLines, wantLines) = (
                    String(decoding: got.files[path] ?? Data(), as: UTF8.self).split(separator: "\n"),
                    String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                )
                let line = Array(zip(gotLines, wantLines)).firstIndex { $0 != $1 } ?? min(gotLines.count, wantLines.count)
                Issue.record(
                    "\(path) differs from a full build's at line \(line + 1): \(line < gotLines.count ? gotLines[line] : "(end)") versus \(line < wantLines.count ? wantLines[line] : "(end)")"
                )
            }
            // And the next build finds nothing to do.
            let againUpToDate = await build(into: output, cache: true).wasUpToDate
            #expect(againUpToDate)
        }
    }

    @Test func aSiteEditedByHandIsRebuiltWhole() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        let output = temporary.appendingPathComponent("site")
        func build() async -> BuildSummary {
            await Fixture.build(content: content, output: output) {
                $0.useCache = true
                $0.cacheDirectory = temporary.appendingPathComponent("cache")
            }
        }
        _ = await build()
        try "edited by hand".write(
            to: output.appendingPathComponent("posts/everything/index.html"), atomically: true, encoding: .utf8)
        try Self.appending("\nMore.\n", to: "second.md")(content)
        let rebuilt = await build()
        #expect(rebuilt.wroteSite && rebuilt.postsRebuilt == nil, "a full build, not an update of a site it did not leave")
        #expect(try !Fixture.read(output, "posts/everything/index.html").contains("edited by hand"))
    }

    /// Ways the record of the last build can be damaged; each must mean a full build, never a wrong site.
    static let damages: [(name: String, file: String, damage: @Sendable (Data) -> Data)] = [
        ("record replaced by garbage", BuildRecord.recordFileName, { _ in Data("not json\n{}\n".utf8) }),
        ("record cut in the middle of a post's line", BuildRecord.recordFileName, { $0.prefix($0.count / 2) }),
        ("record emptied", BuildRecord.recordFileName, { _ in Data() }),
        (
            "an input's digest in the record changed, checksum intact", BuildRecord.recordFileName,
            { data in
                // A forged record: right format, wrong digest, and no valid checksum for it.
                var text = String(decoding: data, as: UTF8.self)
                if let range = text.range(of: "\"content:second.md\",\"") {
                    text.replaceSubrange(range, with: "\"content:second.md\",\"0")
                }
                return Data(text.utf8)
            }
        ),
    ]

    @Test(arguments: damages.indices) func aDamagedRecordMeansAFullBuild(damageIndex: Int) async throws {
        let damage = Self.damages[damageIndex]
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        let output = temporary.appendingPathComponent("site")
        let cache = temporary.appendingPathComponent("cache")
        func build() async -> BuildSummary {
            await Fixture.build(content: content, output: output) {
                $0.useCache = true
                $0.cacheDirectory = cache
            }
        }
        _ = await build()
        let file = cache.appendingPathComponent(damage.file)
        try damage.damage(try Data(contentsOf: file)).write(to: file)
        try Self.appending("\nMore $q$.\n", to: "second.md")(content)
        let rebuilt = await build()
        #expect(rebuilt.wroteSite && rebuilt.postsRebuilt == nil, "\(damage.name): a full build")
        #expect(try Fixture.read(output, "posts/toml-post/index.html").contains("More"))
        let again = await build()
        #expect(again.wasUpToDate, "\(damage.name): the full build left a good record")
    }
}

@Suite struct BuildRecordTests {
    /// Every field of a judged post survives the record, infinite errors included.
    @Test func everyFieldSurvivesTheRecord() throws {
        let full = ClaimOutcome(
            id: "a", label: "gradient", line: 12, column: 3, verdict: .refuted, latex: "x = y", pointsTried: 100,
            pointsExcluded: 2, largestError: .infinity, seed: .max,
            counterexample: ClaimOutcome.Counterexample(
                variables: [ClaimOutcome.Variable(name: "z", value: "0.5")], left: "1", right: "2", difference: "-1",
                index: "[0, 1]"),
            diagnosis: "sign error", message: "step 2 breaks the chain",
            steps: [ClaimOutcome.Step(index: 1, latex: "y", verdict: .refuted, note: "does not follow")])
        let bare = ClaimOutcome(
            id: "b", label: nil, line: 1, column: 1, verdict: .skipped, latex: "", pointsTried: 0, pointsExcluded: 0,
            largestError: nil, seed: 0, counterexample: nil, diagnosis: nil, message: nil, steps: [])
        let post = BuiltPost(
            path: "content/p.md", slug: "p", title: "P",
            fences: [
                JudgedFence(
                    id: "f", title: "T", info: "swift-check id=f", source: "claim 1 = 1\n", line: 4, claims: [full, bare]),
                JudgedFence(id: "g", title: nil, info: "swift-check", source: "", line: 9, claims: []),
            ])
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoded = try decoder.decode(BuiltPost.self, from: encoder.encode(post))
        #expect(decoded.path == post.path && decoded.slug == post.slug && decoded.title == post.title)
        #expect(decoded.fences.map(\.id) == ["f", "g"])
        #expect(decoded.fences.map(\.title) == ["T", nil])
        #expect(decoded.fences.flatMap(\.claims) == [full, bare])
    }
}
