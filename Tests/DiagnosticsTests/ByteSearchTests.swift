import Diagnostics
import Testing

/// `String.utf8Range(of:from:)`, the byte search for the tool's own markup.
@Suite struct ByteSearchTests {
    @Test(arguments: [
        // haystack, needle, UTF-8 offset to start from, expected UTF-8 offset of the match (-1: none)
        ("abc", "a", 0, 0),
        ("abc", "c", 0, 2),
        ("abc", "abc", 0, 0),
        ("abc", "abcd", 0, -1),
        ("abc", "x", 0, -1),
        ("abcabc", "abc", 1, 3),
        ("abcabc", "abc", 4, -1),
        ("aaab", "aab", 0, 1),
        ("é<pre>ü<pre>", "<pre>", 0, 2),
        ("é<pre>ü<pre>", "<pre>", 3, 9),
        ("x\\mbox{y}", "\\mbox", 0, 1),
        ("", "a", 0, -1),
        ("abc", "", 1, 1),
    ])
    func findsTheFirstOccurrence(_ haystack: String, _ needle: String, _ from: Int, _ expected: Int) {
        let start = haystack.utf8.index(haystack.utf8.startIndex, offsetBy: from)
        let range = haystack.utf8Range(of: needle, from: start)
        let offset = range.map { haystack.utf8.distance(from: haystack.utf8.startIndex, to: $0.lowerBound) } ?? -1
        #expect(offset == expected)
        if let range {
            #expect(String(haystack[range]) == needle)
        }
    }

    /// The same answers as a plain search of the bytes, for every needle drawn from a text with
    /// repeats and multi-byte characters.
    @Test func agreesWithAPlainSearch() {
        let text = "<p>aab<pre>é𝛼<pre><code>aa</code></pre>ab</p>"
        let bytes = Array(text.utf8)
        let starts = text.indices.map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
        for lower in text.indices {
            for upper in text[lower...].indices.dropFirst().prefix(6) {
                let needle = String(text[lower..<upper])
                let pattern = Array(needle.utf8)
                for from in starts {
                    let expected = (from...max(from, bytes.count - pattern.count)).first {
                        $0 + pattern.count <= bytes.count && bytes[$0..<($0 + pattern.count)].elementsEqual(pattern)
                    }
                    let start = text.utf8.index(text.utf8.startIndex, offsetBy: from)
                    let found = text.utf8Range(of: needle, from: start).map {
                        text.utf8.distance(from: text.utf8.startIndex, to: $0.lowerBound)
                    }
                    #expect(found == expected, "\(needle) from \(from)")
                }
            }
        }
    }
}
