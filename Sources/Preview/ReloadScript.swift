/// The script the server adds to every HTML page it serves, and only while serving: it listens to
/// ``PreviewRoutes/events``, reloads the page after a new build, and shows or removes the overlay
/// panel. It is never written into the site's files.
public enum ReloadScript {
    /// `html` with the script (told which build served the page) inserted before its last `</body>`,
    /// or appended when there is none.
    public static func inject(into html: [UInt8], build: Int) -> [UInt8] {
        let snippet = Array(snippet(build: build).utf8)
        guard let position = lastBodyEnd(in: html) else { return html + snippet }
        return Array(html[..<position]) + snippet + Array(html[position...])
    }

    /// Where the last `</body>` (in any case) starts in `html`.
    static func lastBodyEnd(in html: [UInt8]) -> Int? {
        let tag = Array("</body".utf8)
        guard html.count >= tag.count else { return nil }
        var start = html.count - tag.count
        while start >= 0 {
            var matches = true
            for offset in tag.indices where lowercased(html[start + offset]) != tag[offset] {
                matches = false
                break
            }
            if matches { return start }
            start -= 1
        }
        return nil
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }

    /// The style and script added to a page served after build number `build`.
    ///
    /// The page's state is kept in `window.__buildSite` (`build`, `connected`, `overlay`: the panel's
    /// text or null), which the browser check reads.
    static func snippet(build: Int) -> String {
        """
        <style id="__build-site-style">#__build-site-overlay{position:fixed;inset:0;z-index:2147483647;\
        background:rgba(20,20,24,.72);display:flex;align-items:flex-start;justify-content:center;padding:4vh 2vw;\
        overflow:auto}#__build-site-overlay .bs-overlay-box{background:#1e1e22;color:#f4f4f6;max-width:60rem;\
        width:100%;border-top:6px solid #e5484d;border-radius:6px;box-shadow:0 8px 32px rgba(0,0,0,.5);\
        padding:1rem 1.25rem;font:15px/1.45 system-ui,sans-serif}#__build-site-overlay .bs-overlay-headline{\
        font-weight:700;font-size:1.1rem;margin:0 0 .75rem;color:#ff9592}#__build-site-overlay pre.bs-overlay-messages{\
        margin:0;padding:.75rem;border:0;border-radius:4px;background:#111114!important;color:#f4f4f6!important;\
        white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.5 ui-monospace,monospace}\
        #__build-site-overlay .bs-overlay-hint{margin:.75rem 0 0;color:#b4b4bc;font-size:.9rem}</style>
        <script id="__build-site-reload">(function () {
          var state = window.__buildSite = { build: \(build), connected: false, overlay: null };
          function show(panel) {
            var element = document.getElementById("__build-site-overlay");
            if (!element) {
              element = document.createElement("div");
              element.id = "__build-site-overlay";
              document.body.appendChild(element);
            }
            element.innerHTML = panel.html;
            state.overlay = panel.text;
          }
          function hide() {
            var element = document.getElementById("__build-site-overlay");
            if (element) element.remove();
            state.overlay = null;
          }
          var source = new EventSource("\(PreviewRoutes.events)");
          source.addEventListener("hello", function (event) {
            state.connected = true;
            if (JSON.parse(event.data).build !== state.build) location.reload();
          });
          source.addEventListener("reload", function (event) {
            if (JSON.parse(event.data).build > state.build) location.reload();
          });
          source.addEventListener("overlay", function (event) { show(JSON.parse(event.data)); });
          source.addEventListener("clear", hide);
        })();</script>

        """
    }
}
