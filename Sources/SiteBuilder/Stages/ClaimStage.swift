import ClaimLanguage
import Diagnostics
import EquationReader
import Foundation

/// Judges every `swift-check` fence of every post, concurrently across fences.
struct ClaimStage: Sendable {
    let overrides: ClaimOverrides
    let skip: Bool
    /// The loosest `rtol` or `atol` a fence may set (`maxTolerance` in `_config.yml`).
    var maximumTolerance = defaultMaximumTolerance

    /// A fence ready to judge, and where its claims go.
    private struct Job: Sendable {
        var postIndex: Int
        /// The fence's place among its post's judged fences.
        var fenceIndex: Int
        var fence: PreparedFence
        var id: String
        var attributes: FenceAttributes
    }

    /// The judged fences of each post, in the posts' order, and the fence errors found on the way
    /// (malformed info strings, duplicate ids).
    func judge(_ posts: [PreparedPost], concurrency: Int, cache: inout BuildCache) async -> (
        fences: [[JudgedFence]], diagnostics: [Diagnostic]
    ) {
        var jobs: [Job] = []
        var results = posts.map { _ in [JudgedFence]() }
        var diagnostics: [Diagnostic] = []
        var idOwners: [String: String] = [:]
        for (postIndex, post) in posts.enumerated() {
            for fence in post.fences {
                let attributes: FenceAttributes
                switch Self.attributes(ofInfo: fence.info) {
                case .success(let parsed):
                    attributes = parsed
                case .failure(let error):
                    // Reported here, once; the fence's stand-in claim only shows it on the page.
                    var diagnostic = error.diagnostic(path: post.source.displayPath, in: fence.infoFragment)
                    diagnostic.message = "swift-check fence: \(error.message)"
                    diagnostics.append(diagnostic.showingSource(from: post.lines))
                    results[postIndex].append(errorFence(fence, id: "\(post.slug)-\(fence.ordinal + 1)", message: error.message))
                    continue
                }
                let id = attributes.id ?? "\(post.slug)-\(fence.ordinal + 1)"
                if let owner = idOwners[id] {
                    diagnostics.append(
                        Diagnostic(
                            path: post.source.displayPath, location: SourceLocation(line: fence.line, column: fence.column),
                            message: "claim id '\(id)' is already used by a fence in \(owner); ids must be unique within the site"
                        ).showingSource(from: post.lines))
                }
                idOwners[id] = idOwners[id] ?? "\(post.source.displayPath):\(fence.line)"
                results[postIndex].append(
                    JudgedFence(
                        id: id, title: attributes.title, info: fence.info, source: fence.content, line: fence.line, claims: []))
                jobs.append(
                    Job(
                        postIndex: postIndex, fenceIndex: results[postIndex].count - 1, fence: fence, id: id,
                        attributes: attributes))
            }
        }
        let options = JudgeOptions(
            samplesOverride: overrides.samples, seedOverride: overrides.seed, maximumTolerance: maximumTolerance)
        let skip = self.skip
        let pattern = overrides.onlyPattern
        let lookup = cache
        let judged = await concurrentMap(jobs, limit: concurrency) { job -> (key: String, verdicts: [ClaimVerdict]) in
            var attributes = job.attributes
            if skip { attributes.skipReason = "claims not judged (--benchmark-markdown-only)" }
            let key = BuildCache.key(
                body: job.fence.content, info: job.fence.info + (skip ? "\u{3}skip" : ""), fenceID: job.id, options: options)
            if let cached = lookup.cachedVerdicts(for: key) { return (key, cached) }
            if !attributes.verify.isEmpty {
                // A verifying fence may hold `latex` and `index` lines, which only the equation reader reads.
                do throws(LocatedError) {
                    let declarations = try EquationDeclarations(job.fence.content)
                    return (
                        key,
                        ClaimLanguage.judge(
                            parsedFence: declarations.fence, attributes: attributes, fenceID: job.id, options: options)
                    )
                } catch {
                    let seed = options.seedOverride ?? attributes.seed ?? defaultSeed(forFenceID: job.id)
                    return (key, [.unreadFence(id: job.id, message: error.message, at: error.location, seed: seed)])
                }
            }
            return (key, ClaimLanguage.judge(fence: job.fence.content, attributes: attributes, fenceID: job.id, options: options))
        }
        let outcomes = zip(jobs, judged).map { job, result -> [ClaimOutcome] in
            // An outcome that hit the time limit depends on the machine, not the claim: never kept.
            if !result.verdicts.contains(where: \.check.hitTimeLimit) {
                cache.store(verdicts: result.verdicts, for: result.key, post: posts[job.postIndex].source.relativePath)
            }
            return result.verdicts.map { verdict in
                var outcome = ClaimOutcome(verdict, in: job.fence.bodyFragment)
                if let pattern, !Self.matches(outcome.id, pattern: pattern) {
                    outcome = Self.skipped(outcome, reason: "not selected by --only \(pattern)")
                }
                return outcome
            }
        }
        for (job, claims) in zip(jobs, outcomes) {
            results[job.postIndex][job.fenceIndex].claims = claims
        }
        return (results, diagnostics)
    }

    /// The attributes of a fence whose whole info string is `info` (`swift-check id=…`), or the error in
    /// them with its location counted from the info string's first character.
    static func attributes(ofInfo info: String) -> Result<FenceAttributes, LocatedError> {
        let language = PostPreparation.claimFenceLanguage
        do throws(LocatedError) {
            return .success(try parseFenceAttributes(String(info.dropFirst(language.count))))
        } catch {
            var error = error
            error.location = SourceLocation(line: 1, column: language.unicodeScalars.count + error.location.column)
            return .failure(error)
        }
    }

    private func errorFence(_ fence: PreparedFence, id: String, message: String) -> JudgedFence {
        JudgedFence(
            id: id, title: nil, info: fence.info, source: fence.content, line: fence.line,
            claims: [
                ClaimOutcome(
                    id: id, label: nil, line: fence.line, column: fence.column, verdict: .error, latex: "", pointsTried: 0,
                    pointsExcluded: 0, largestError: nil, seed: 0, counterexample: nil, diagnosis: nil,
                    message: message, steps: [])
            ])
    }

    private static func skipped(_ outcome: ClaimOutcome, reason: String) -> ClaimOutcome {
        var outcome = outcome
        outcome.verdict = .skipped
        outcome.message = reason
        outcome.counterexample = nil
        outcome.diagnosis = nil
        outcome.steps = []
        return outcome
    }

    /// Whether `id` matches `pattern`: a `*` glob when the pattern has one, otherwise a substring.
    static func matches(_ id: String, pattern: String) -> Bool {
        guard pattern.contains("*") else { return id.contains(pattern) }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(id)
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if index == parts.count - 1 {
                return part.isEmpty || rest.hasSuffix(part)
            } else if let range = rest.range(of: part) {
                rest = rest[range.upperBound...]
            } else {
                return false
            }
        }
        return rest.isEmpty
    }
}

extension JudgedFence {
    /// Whether the fence's info string has an error in its attributes. The claim stage reports that error
    /// once, as an input error at its place in the info string; the fence's one claim in error stands in
    /// for the fence on the page and in the reports, and is not reported again.
    var hasMalformedAttributes: Bool {
        if case .failure = ClaimStage.attributes(ofInfo: info) { return true }
        return false
    }
}
