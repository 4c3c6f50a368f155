import Testing

@testable import SiteBuilder

@Suite struct FenceMarkerTests {
    static let m0 = "\u{2063}FENCE0\u{2063}"
    static let m1 = "\u{2063}FENCE1\u{2063}"

    @Test(arguments: [
        ("<p>a</p>\n\(m0)\n<p>b</p>", "<p>a</p>\n<card0/><p>b</p>"),
        ("\(m0)\n\(m1)\n", "<card0/><card1/>"),
        ("end \(m1)", "end <card1/>"),
        ("−x \u{2063} \u{2063}FENCE \u{2063}FENCEx\u{2063}", "−x \u{2063} \u{2063}FENCE \u{2063}FENCEx\u{2063}"),
        ("\u{2063}FENCE7\u{2063}\n", "\u{2063}FENCE7\u{2063}\n"),
        ("", ""),
    ])
    func splicesKnownMarkersOnly(html: String, expected: String) {
        let cards = [Self.m0: "<card0/>", Self.m1: "<card1/>"]
        #expect(FenceMarker.replacing(in: html, with: cards) == expected)
    }
}
