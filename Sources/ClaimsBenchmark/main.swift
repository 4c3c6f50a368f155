// Reports how many claims per second the judge handles over the truth table of the tests, or over
// the swift-check fences of a folder of posts (the benchmark corpus of scripts/make-corpus.py), and
// what share of that the counterexample search and the vacuity check take.
//
//     swift run -c release ClaimsBenchmark [--verbose] [--corpus DIR] [--shapes] [--dump FILE]
//
// --shapes: each claim shape of the corpus, the judge's time per claim against a hand-written check of the
// same points (ClaimShapes.swift), as a ratio; --only K: the K-th shape alone.
//
// Never a timed test: run it by hand, in release mode.
import ClaimLanguage
import Foundation

let tableURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/ClaimLanguageTests/TruthTable.txt")
guard let text = try? String(contentsOf: tableURL, encoding: .utf8) else {
    print("cannot read \(tableURL.path)")
    exit(1)
}
let entries: [(name: String, body: String)] = text.components(separatedBy: "=== ").dropFirst().compactMap { entry in
    let parts = entry.components(separatedBy: "\n---\n")
    guard parts.count == 2, let name = parts[0].split(separator: "\n").first else { return nil }
    return (String(name), parts[1].trimmingCharacters(in: .newlines))
}
let verbose = CommandLine.arguments.contains("--verbose")

if CommandLine.arguments.contains("--shapes") {
    let only = CommandLine.arguments.firstIndex(of: "--only").flatMap { i in
        i + 1 < CommandLine.arguments.count ? Int(CommandLine.arguments[i + 1]) : nil
    }
    reportClaimShapes(only: only)
    exit(0)
}

/// The `swift-check` fences of every `.md` file in `folder`, with their info strings' attributes.
func corpusFences(_ folder: String) -> [(name: String, body: String, attributes: FenceAttributes)] {
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    var fences: [(name: String, body: String, attributes: FenceAttributes)] = []
    for file in files {
        guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else { continue }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            guard line.hasPrefix("```swift-check") else { continue }
            let info = String(line.dropFirst(14))
            var body: [Substring] = []
            while let next = lines.popFirst(), !next.hasPrefix("```") { body.append(next) }
            fences.append(
                ("\(file):\(fences.count)", body.joined(separator: "\n"), (try? parseFenceAttributes(info)) ?? FenceAttributes()))
        }
    }
    return fences
}

// --dump FILE: every verdict of the truth table (and of the corpus, with --corpus DIR) as JSON, one a line, to
// compare two builds of the judge byte for byte.
if let flag = CommandLine.arguments.firstIndex(of: "--dump"), flag + 1 < CommandLine.arguments.count {
    var selected = entries.map { (name: $0.name, body: $0.body, attributes: FenceAttributes()) }
    if let corpus = CommandLine.arguments.firstIndex(of: "--corpus"), corpus + 1 < CommandLine.arguments.count {
        selected += corpusFences(CommandLine.arguments[corpus + 1])
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var lines = ""
    for (i, fence) in selected.enumerated() {
        for verdict in judge(fence: fence.body, attributes: fence.attributes, fenceID: "f\(i)") {
            guard let data = try? encoder.encode(verdict) else { continue }
            lines += fence.name + " " + String(decoding: data, as: UTF8.self) + "\n"
        }
    }
    FileManager.default.createFile(atPath: CommandLine.arguments[flag + 1], contents: Data(lines.utf8))
    exit(0)
}

if let flag = CommandLine.arguments.firstIndex(of: "--corpus"), flag + 1 < CommandLine.arguments.count {
    let fences = corpusFences(CommandLine.arguments[flag + 1])
    func run(_ options: JudgeOptions) -> (claims: Int, seconds: Double) {
        let clock = ContinuousClock()
        var claims = 0
        let elapsed = clock.measure {
            for (i, fence) in fences.enumerated() {
                claims += judge(fence: fence.body, attributes: fence.attributes, fenceID: "f\(i)", options: options).count
            }
        }
        return (claims, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    var bare = JudgeOptions()
    bare.searchesForCounterexamples = false
    bare.checksVacuity = false
    var searchOnly = JudgeOptions()
    searchOnly.checksVacuity = false
    _ = run(JudgeOptions())
    // Alternating runs; the fastest of three of each.
    var best: [String: Double] = [:]
    var count = 0
    for _ in 0..<3 {
        for (label, options) in [
            ("all", JudgeOptions()), ("no search, no vacuity check", bare), ("search, no vacuity check", searchOnly),
        ] {
            let (claims, seconds) = run(options)
            count = claims
            best[label] = min(best[label] ?? .infinity, seconds)
        }
    }
    let all = best["all"] ?? 0, none = best["no search, no vacuity check"] ?? 0, search = best["search, no vacuity check"] ?? 0
    print(String(format: "corpus: %d fences, %d claims: %.0f claims/s (%.3f s)", fences.count, count, Double(count) / all, all))
    print(String(format: "  without the search and the vacuity check: %.0f claims/s (%.3f s)", Double(count) / none, none))
    print(
        String(
            format: "  share of the time: search %.0f%%, vacuity check %.0f%%", 100 * (search - none) / all,
            100 * (all - search) / all))
    exit(0)
}
if verbose {
    for entry in entries {
        for v in judge(fence: entry.body, attributes: FenceAttributes(), fenceID: "t") {
            print("\(entry.name): \(v.verdict.rawValue) tried \(v.pointsTried) excluded \(v.pointsExcluded)")
            if let c = v.counterexample {
                print(
                    "   at \(c.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")): \(c.lhs) vs \(c.rhs)"
                        + (c.worstIndex.map { " at \($0)" } ?? "") + (c.note.map { " (\($0))" } ?? ""))
            }
            if let d = v.diagnosis { print("   diagnosis: \(d)") }
            if let m = v.message { print("   message: \(m)") }
            print("   latex: \(v.latex)")
        }
    }
}

func measure(_ label: String, _ selected: [(name: String, body: String)], rounds: Int) {
    let clock = ContinuousClock()
    var claims = 0
    let elapsed = clock.measure {
        for _ in 0..<rounds {
            for entry in selected {
                claims += judge(fence: entry.body, attributes: FenceAttributes(), fenceID: "bench").count
            }
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let perClaim = seconds / Double(max(claims, 1))
    print(
        String(
            format: "%@: %d claims in %.3f s: %.0f claims/s, %.1f µs per claim (100 samples)",
            label, claims, seconds, 1 / perClaim, perClaim * 1e6))
}

// Warm up once, then measure.
measure("warm-up", entries, rounds: 1)
measure("truth table (all \(entries.count) fences)", entries, rounds: 5)
let scalar = entries.filter { !$0.body.contains("^") || !$0.body.contains("given") || !$0.body.contains("ℝ^") }
    .filter {
        !$0.body.contains("]^") && !$0.body.contains(")^") && !$0.body.contains("onehot") && !$0.body.contains("simplex")
            && !$0.body.contains("ℝ^")
    }
measure("scalar claims (\(scalar.count) fences)", scalar, rounds: 5)

// The slowest fences, to show where the time goes.
let clock = ContinuousClock()
var timings: [(Duration, String)] = []
for entry in entries {
    let t = clock.measure {
        for _ in 0..<3 { _ = judge(fence: entry.body, attributes: FenceAttributes(), fenceID: "bench") }
    }
    timings.append((t / 3, entry.name))
}
let sortedTimings = timings.sorted { $0.0 > $1.0 }
print("slowest fences:")
for (t, name) in sortedTimings.prefix(8) { print("  \(t)  \(name)") }
print("median fence: \(sortedTimings[sortedTimings.count / 2].0)")
