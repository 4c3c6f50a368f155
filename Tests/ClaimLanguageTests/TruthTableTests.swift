import ClaimLanguage
import Foundation
import Testing

/// One row of the truth table: a fence body, the verdict its (only or last) claim must get, and for
/// refutations the diagnosis and counterexample variables it must carry.
struct TruthRow: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    var expected: Verdict
    var diagnosis: String? = nil
    var counterexample: [String: String]? = nil

    var testDescription: String { name }
}

/// The truth table, read from `TruthTable.txt` next to this file (the benchmark reads it too).
///
/// Each entry is `=== NAME`, then `expect: VERDICT`, optional `diagnosis: TEXT` (a substring the
/// diagnosis must contain) and `counterexample: z = 0, y = [1, 0]` (values the shrunk point must show),
/// then `---` and the fence body. Names starting `T` are true claims, `F` false ones of the kinds people
/// really make, `E` fences that cannot be judged (a shape mismatch, an index range conflict); together they
/// cover every construct and the whole of dense-layer backpropagation.
let truthTable: [TruthRow] = loadTruthTable()

func loadTruthTable() -> [TruthRow] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("TruthTable.txt")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    var rows: [TruthRow] = []
    for entry in text.components(separatedBy: "=== ").dropFirst() {
        let parts = entry.components(separatedBy: "\n---\n")
        guard parts.count == 2 else { continue }
        let header = parts[0].split(separator: "\n").map(String.init)
        var row = TruthRow(name: header[0], source: parts[1].trimmingCharacters(in: .newlines), expected: .error)
        for line in header.dropFirst() {
            if line.hasPrefix("expect: ") { row.expected = Verdict(rawValue: String(line.dropFirst(8))) ?? .error }
            if line.hasPrefix("diagnosis: ") { row.diagnosis = String(line.dropFirst(11)) }
            if line.hasPrefix("counterexample: ") {
                var values: [String: String] = [:]
                for pair in splitAtTopLevelCommas(String(line.dropFirst(16))) {
                    let sides = pair.components(separatedBy: " = ")
                    if sides.count == 2 { values[sides[0]] = sides[1] }
                }
                row.counterexample = values
            }
        }
        rows.append(row)
    }
    return rows
}

/// Splits `z = [0, 0], y = 1` at the commas outside brackets: `["z = [0, 0]", "y = 1"]`.
func splitAtTopLevelCommas(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    for character in text {
        switch character {
        case "[", "(": depth += 1
        case "]", ")": depth -= 1
        default: break
        }
        if character == ",", depth == 0 {
            parts.append(current.trimmingCharacters(in: .whitespaces))
            current = ""
        } else {
            current.append(character)
        }
    }
    parts.append(current.trimmingCharacters(in: .whitespaces))
    return parts.filter { !$0.isEmpty }
}

@Suite("Truth table")
struct TruthTableTests {
    @Test("every claim gets its expected verdict", arguments: truthTable)
    func verdict(_ row: TruthRow) {
        let verdicts = judge(fence: row.source, attributes: FenceAttributes(), fenceID: "t", options: JudgeOptions())
        guard let verdict = verdicts.last else {
            Issue.record("no verdict")
            return
        }
        #expect(verdict.verdict == row.expected, "\(verdict)")
        if let diagnosis = row.diagnosis {
            #expect(verdict.diagnosis?.contains(diagnosis) == true, "diagnosis: \(verdict.diagnosis ?? "none")")
        }
        if let expected = row.counterexample {
            let actual = Dictionary(
                uniqueKeysWithValues: (verdict.counterexample?.variables ?? []).map { ($0.name, $0.value) })
            for (name, value) in expected {
                #expect(actual[name] == value, "counterexample: \(actual)")
            }
        }
        if row.expected == .refuted {
            #expect(verdict.counterexample != nil)
        }
    }

    @Test("the table is large, about a third false, and its names are unique and say the verdict")
    func tableShape() {
        #expect(truthTable.count >= 300)
        let refuted = truthTable.filter { $0.expected == .refuted }.count
        #expect(refuted >= 100)
        #expect(refuted * 4 >= truthTable.count)
        let names = truthTable.map(\.name)
        #expect(Set(names).count == names.count, "names are unique")
        for row in truthTable {
            let initial: Character =
                switch row.expected {
                case .verified: "T"
                case .refuted: "F"
                default: "E"
                }
            #expect(row.name.first == initial, "\(row.name): expected \(row.expected)")
        }
    }
}
