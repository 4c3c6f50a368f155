import Foundation
import Testing

@testable import Preview

/// The preview's pieces on their own: the injected script, the overlay's escaping, the events and the file paths.
@Suite struct PreviewPieceTests {
    @Test(arguments: [
        ("<html><body><p>x</p></body></html>", "<html><body><p>x</p>", "</body></html>"),
        ("<HTML><BODY>x</BODY></HTML>", "<HTML><BODY>x", "</BODY></HTML>"),
        ("<p>no body end</p>", "<p>no body end</p>", ""),
        ("<body>a</body> <!-- </body> -->", "<body>a</body> <!-- ", "</body> -->"),
    ])
    func theScriptGoesBeforeTheLastBodyEnd(html: String, before: String, after: String) {
        let injected = String(decoding: ReloadScript.inject(into: Array(html.utf8), build: 7), as: UTF8.self)
        #expect(injected.hasPrefix(before + "<style id=\"__build-site-style\">"))
        #expect(injected.hasSuffix("</script>\n" + after))
        #expect(injected.contains("build: 7"))
    }

    @Test func theOverlayEscapesEveryMessage() {
        let panel = OverlayPanel(
            headline: "<b>1</b> claim", text: "a.md:1:2: error: '<script>alert(\"x\")</script>' & more\n")
        #expect(
            panel.html.contains(
                "<pre class=\"bs-overlay-messages\">a.md:1:2: error: &#39;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; &amp; more\n</pre>"
            ))
        #expect(panel.html.contains("&lt;b&gt;1&lt;/b&gt; claim"))
        #expect(!panel.html.contains("<script"))
    }

    @Test func eventsAreOneLineOfJSONEach() throws {
        let panel = OverlayPanel(headline: "h", text: "line 1\nline 2\n")
        let event = String(decoding: PreviewEvent.overlay(build: 3, panel: panel).serverSentEvent, as: UTF8.self)
        let lines = event.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[0] == "event: overlay" && lines[2].isEmpty && lines[3].isEmpty)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[1].dropFirst(6).utf8)) as? [String: Any])
        #expect(json["text"] as? String == "line 1\nline 2\n")
        #expect(json["build"] as? Int == 3)
        #expect(
            String(decoding: PreviewEvent.reload(build: 4).serverSentEvent, as: UTF8.self)
                == "event: reload\ndata: {\"build\":4}\n\n")
    }

    @Test func aNewPageIsToldTheBuildAndThePanel() async {
        let channel = ReloadChannel()
        channel.publish(panel: OverlayPanel(headline: "h", text: "t"), wroteSite: true)
        var events = channel.subscribe().makeAsyncIterator()
        let hello = await events.next().map { String(decoding: $0, as: UTF8.self) }
        let overlay = await events.next().map { String(decoding: $0, as: UTF8.self) }
        #expect(hello == "event: hello\ndata: {\"build\":1}\n\n")
        #expect(overlay?.hasPrefix("event: overlay\n") == true)
        channel.publish(panel: nil, wroteSite: true)
        #expect(await events.next().map { String(decoding: $0, as: UTF8.self) } == "event: clear\ndata: {\"build\":2}\n\n")
        #expect(await events.next().map { String(decoding: $0, as: UTF8.self) } == "event: reload\ndata: {\"build\":2}\n\n")
        channel.finish()
        #expect(await events.next() == nil)
    }

    @Test(arguments: [
        ("/", [String]()), ("/posts/x/", ["posts", "x"]), ("/posts//x", ["posts", "x"]),
    ])
    func pathsInsideTheSite(path: String, segments: [String]) {
        #expect(SiteFileHandler.segments(of: path) == segments)
    }

    @Test(arguments: ["/../etc/passwd", "/posts/../../x", "/.cache/x", "/a/.hidden", "/a\0b"])
    func pathsOutsideTheSiteAreRefused(path: String) {
        #expect(SiteFileHandler.segments(of: path) == nil)
    }
}
