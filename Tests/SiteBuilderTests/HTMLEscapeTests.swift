import Testing

@testable import SiteBuilder

/// `HTML.escape`, the one escaping rule of the pages (the templates' `{{value}}` included).
@Suite struct HTMLEscapeTests {
    @Test(arguments: [
        ("", ""),
        ("plain text, ünïcödé and 𝛼", "plain text, ünïcödé and 𝛼"),
        ("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"),
        ("say \"hi\" and 'bye'", "say &quot;hi&quot; and &#39;bye&#39;"),
        // A combining mark after a markup character: still escaped (one `Character`, two scalars).
        ("\"\u{0301}<\u{0338}", "&quot;\u{0301}&lt;\u{0338}"),
        // Control characters XML does not allow are dropped; tab, newline and carriage return stay.
        ("a\u{0}b\u{1B}c\td\ne\rf", "abc\td\ne\rf"),
        ("&amp;", "&amp;amp;"),
    ])
    func escapes(_ text: String, _ expected: String) {
        #expect(HTML.escape(text) == expected)
    }

    /// What the scalar-by-scalar rule gives, for every ASCII byte and some others around markup.
    @Test func agreesWithTheScalarRule() {
        func scalarRule(_ text: String) -> String {
            var escaped = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": escaped += "&amp;"
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                default:
                    if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                    escaped.unicodeScalars.append(scalar)
                }
            }
            return escaped
        }
        let scalars = (0..<128).compactMap(Unicode.Scalar.init) + ["é", "\u{0301}", "€", "𝛼", "\u{FEFF}"]
        for first in scalars {
            for second in ["a", "<", "\u{0301}"] as [Unicode.Scalar] {
                var text = ""
                text.unicodeScalars.append(contentsOf: [first, second, first])
                #expect(HTML.escape(text) == scalarRule(text), "\(Array(text.unicodeScalars))")
            }
        }
    }
}
