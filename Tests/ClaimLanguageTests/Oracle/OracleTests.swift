import ClaimLanguage
import Foundation
import Testing

/// One generated claim: its fence and the verdict the oracle expects.
struct OracleCase: Sendable {
    let index: Int
    let family: String
    let fence: String
    let expected: Verdict
}

/// How a generated run is configured: by default a fixed seed and size (reproducible in CI); the
/// environment makes it bigger (`scripts/oracle.sh`).
struct OracleRunConfiguration {
    /// `ORACLE_CLAIMS`: how many claims (half true, half false).
    var claims = 10_000
    /// `ORACLE_SEED`: the generator's seed.
    var seed: UInt64 = 0x5EED_0_C1A1
    /// `ORACLE_SAMPLES`: `samples=` on every fence (`0`: the judge's own default). A false claim breaks at
    /// 30 % of the domain or more, so 50 points miss it with probability below 10⁻⁷.
    var samples: Int? = 50
    /// `ORACLE_GRID`: grid points per scalar given in the oracle (random points come on top).
    var grid = 48
    /// `ORACLE_REPORT=1`: print every family's counts and disagreements.
    var report = false

    static func fromEnvironment() -> OracleRunConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var c = OracleRunConfiguration()
        if let v = environment["ORACLE_CLAIMS"].flatMap({ Int($0) }) { c.claims = v }
        if let v = environment["ORACLE_SEED"].flatMap({ UInt64($0) }) { c.seed = v }
        if let v = environment["ORACLE_SAMPLES"].flatMap({ Int($0) }) { c.samples = v > 0 ? v : nil }
        if let v = environment["ORACLE_GRID"].flatMap({ Int($0) }) { c.grid = v }
        c.report = environment["ORACLE_REPORT"] == "1"
        return c
    }
}

/// What generating one item gave: the claim (unless the generator gave up), and the fences it built to
/// hold that the oracle found broken (bugs of the generator or of the oracle, which fail the test too).
struct OracleItem: Sendable {
    var claim: OracleCase?
    var generatorBugs: [String] = []
    var verdict: ClaimVerdict?
}

/// Generates claim `index` (true for even indices, false for odd ones), decided by the oracle before it
/// is kept. Each item has its own random source, so items can be made in any order or concurrently.
func generateOracleCase(index i: Int, seed: UInt64, oracle: Oracle) -> OracleItem {
    let generator = ClaimGenerator()
    let families = ClaimFamily.allCases
    let weights = families.map(\.weight)
    var item = OracleItem()
    var rng = OracleRandom.forItem(seed: seed, index: i)
    let wantTrue = i % 2 == 0
    var family = families[rng.weighted(weights)]
    for attempt in 0..<80 {
        if attempt > 0, attempt % 20 == 0 { family = families[rng.weighted(weights)] }
        guard let spec = generator.candidate(family, wantTrue: wantTrue, rng: &rng) else { continue }
        switch oracle.decide(spec, rng: &rng) {
        case .holds where wantTrue:
            item.claim = OracleCase(index: i, family: spec.family, fence: spec.fence, expected: .verified)
        case .breaks where !wantTrue:
            item.claim = OracleCase(index: i, family: spec.family, fence: spec.fence, expected: .refuted)
        case .breaks:
            item.generatorBugs.append("[\(spec.family)] built to hold but the oracle finds it broken:\n\(spec.fence)")
            continue
        default:
            continue
        }
        break
    }
    return item
}

/// A judge verdict next to the oracle's.
struct OracleDisagreement: Sendable {
    let claim: OracleCase
    let verdict: ClaimVerdict?

    var description: String {
        var text = "[\(claim.family)] g\(claim.index): oracle says \(claim.expected.rawValue), judge says "
        if let verdict {
            text += verdict.verdict.rawValue
            if let message = verdict.message { text += " (\(message))" }
            if let c = verdict.counterexample {
                text += " at " + c.variables.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                text += ": lhs \(c.lhs), rhs \(c.rhs)"
            }
        } else {
            text += "no single verdict"
        }
        return text + "\n" + claim.fence.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
    }
}

/// Items written from several threads, each into its own slot.
private final class ItemSlots: @unchecked Sendable {
    private var slots: [OracleItem]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: OracleItem(), count: count) }

    func set(_ i: Int, _ item: OracleItem) {
        lock.lock()
        slots[i] = item
        lock.unlock()
    }

    var all: [OracleItem] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

/// Generates and judges `count` items on two threads (the judge is thread-safe and deterministic, and
/// each item has its own seed, so the result does not depend on the scheduling).
func runOracle(count: Int, seed: UInt64, samples: Int?, oracle: Oracle) -> [OracleItem] {
    let slots = ItemSlots(count: count)
    let workers = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for i in stride(from: worker, to: count, by: workers) {
            var item = generateOracleCase(index: i, seed: seed, oracle: oracle)
            if let c = item.claim {
                let verdicts = judge(fence: c.fence, attributes: FenceAttributes(samples: samples), fenceID: "g\(i)")
                item.verdict = verdicts.count == 1 ? verdicts[0] : nil
            }
            slots.set(i, item)
        }
    }
    return slots.all
}

/// A differential test of the judge against an oracle that shares none of its code.
///
/// Claims are generated true by construction (rewrites by identities, derivatives from the oracle's own
/// symbolic differentiator, inequalities that hold for every real number) or made false by one mistake;
/// the oracle decides each in `Float80` on a dense grid plus random points and keeps only those it can
/// decide clearly. The judge, called only through its public `judge(fence:attributes:fenceID:options:)`,
/// must verify every true claim and refute every false one.
@Suite("Oracle")
struct OracleTests {
    @Test("the judge agrees with an independent extended-precision oracle on generated claims")
    func judgeAgreesWithOracle() {
        let configuration = OracleRunConfiguration.fromEnvironment()
        var oracle = Oracle()
        oracle.gridPoints = configuration.grid
        let started = Date()
        let items = runOracle(
            count: configuration.claims, seed: configuration.seed, samples: configuration.samples, oracle: oracle)
        let elapsed = Date().timeIntervalSince(started)
        let bugs = items.flatMap(\.generatorBugs)
        let judged = items.compactMap { item in item.claim.map { ($0, item.verdict) } }
        let cases = judged.map(\.0)

        var disagreements: [OracleDisagreement] = []
        var perFamily: [String: (total: Int, disagreeing: Int)] = [:]
        for (c, v) in judged {
            let agrees = v?.verdict == c.expected
            perFamily[c.family, default: (0, 0)].total += 1
            if !agrees {
                perFamily[c.family, default: (0, 0)].disagreeing += 1
                disagreements.append(OracleDisagreement(claim: c, verdict: v))
            }
        }
        let trueCount = cases.filter { $0.expected == .verified }.count
        print(
            "oracle: \(cases.count) claims (\(trueCount) true, \(cases.count - trueCount) false), seed \(configuration.seed), "
                + "samples \(configuration.samples.map(String.init) ?? "default"): generated, decided and judged in "
                + "\(String(format: "%.1f", elapsed)) s; \(disagreements.count) disagreements")
        if configuration.report || !disagreements.isEmpty {
            for (family, counts) in perFamily.sorted(by: { $0.key < $1.key })
            where configuration.report || counts.disagreeing > 0 {
                print("oracle:   \(family): \(counts.disagreeing) of \(counts.total) disagree")
            }
        }

        #expect(cases.count >= configuration.claims * 99 / 100, "the generator gave up on too many claims")
        #expect(
            bugs.count == 0,
            "\(bugs.count) claims built to hold are broken by the oracle's own measure:\n\(bugs.prefix(10).joined(separator: "\n"))"
        )
        // One example of each family that disagrees, then the first twenty in order.
        var examples: [String: OracleDisagreement] = [:]
        for d in disagreements where examples[d.claim.family] == nil { examples[d.claim.family] = d }
        let perFamilyExamples = examples.sorted { $0.key < $1.key }.map(\.value.description).joined(separator: "\n")
        if configuration.report, !disagreements.isEmpty {
            print("oracle: one disagreement of each family:\n" + perFamilyExamples)
        }
        let firstDisagreements = disagreements.prefix(20).map(\.description).joined(separator: "\n")
        #expect(
            disagreements.count == 0,
            "\(disagreements.count) of \(cases.count) claims: the judge disagrees with the oracle. First ones:\n\(firstDisagreements)"
        )
    }
}
