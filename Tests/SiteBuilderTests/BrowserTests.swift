import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// Headless Chromium, from Debian's `chromium` package (installed by setup.sh).
enum Browser {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static var isAvailable: Bool { path != nil }

    /// Where screenshots are kept for a person to look at: `.build/screenshots/` in the package.
    static let screenshots = Fixture.repository.appendingPathComponent(".build/screenshots")

    /// Runs Chromium headless with `arguments` and returns what it printed, or `nil` if it did not finish in a minute.
    static func run(_ arguments: [String], capturingOutput: Bool = true) throws -> String? {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let child = try ChildProcess(
            path ?? "/usr/bin/chromium",
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"] + arguments,
            outputFile: capturingOutput ? output : nil)
        guard child.wait(timeout: 60) != nil else { return nil }
        return capturingOutput ? try String(contentsOf: output, encoding: .utf8) : ""
    }

    /// The colour schemes a page is looked at in (`prefers-color-scheme`), as Chromium's switch sets them.
    enum ColorScheme: String, CaseIterable, Sendable {
        case light, dark

        var argument: String { "--blink-settings=preferredColorScheme=\(self == .dark ? 0 : 1)" }
    }

    /// Headless Chromium lays a page out at least 500 pixels wide whatever its window size, so a
    /// narrower screen is a frame of that width in a page of its own, written beside `page` (so that
    /// `file://` lets it load) and removed by the caller.
    private static func frame(_ page: URL, width: Int, height: Int, probing: Bool) throws -> URL {
        let frame = page.deletingLastPathComponent().appendingPathComponent("frame-\(UUID().uuidString).html")
        let relay = probing ? "<script>addEventListener('message', e => { document.body.dataset.probe = e.data; });</script>" : ""
        try """
        <!doctype html><html><head><meta charset="utf-8"><style>html, body { margin: 0; overflow: hidden; } \
        iframe { display: block; border: 0; width: \(width)px; height: \(height)px; }</style></head>\
        <body><iframe src="\(page.lastPathComponent)"></iframe>\(relay)</body></html>
        """.write(to: frame, atomically: true, encoding: .utf8)
        return frame
    }

    /// Saves a PNG of `page` at the given screen size and colour scheme and returns its size in bytes.
    static func screenshot(
        _ page: URL, name: String, width: Int = 1000, height: Int = 1800, scheme: ColorScheme = .light
    ) throws -> Int {
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
        let file = screenshots.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: file)
        let frame = try frame(page, width: width, height: height, probing: false)
        defer { try? FileManager.default.removeItem(at: frame) }
        _ = try run(
            [
                "--screenshot=\(file.path)", "--window-size=\(width),\(height)", "--virtual-time-budget=5000", scheme.argument,
                frame.absoluteString,
            ],
            capturingOutput: false)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Loads `page` with `script` appended, on a screen `width` pixels wide in the colour scheme
    /// `scheme`, waits for fonts, and returns the JSON the script returned.
    static func probe(_ page: URL, width: Int = 1000, scheme: ColorScheme = .light, script: String) throws -> [String: Any] {
        let html = try String(contentsOf: page, encoding: .utf8)
        let probePage = page.deletingLastPathComponent().appendingPathComponent("probe.html")
        let wrapped = """
            <script>document.fonts.ready.then(() => { const probe = JSON.stringify((() => { \(script) })()); \
            document.body.dataset.probe = probe; parent.postMessage(probe, '*'); });</script></body>
            """
        try html.replacingOccurrences(of: "</body>", with: wrapped).write(to: probePage, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: probePage) }
        let frame = try frame(probePage, width: width, height: 1200, probing: true)
        defer { try? FileManager.default.removeItem(at: frame) }
        let dom =
            try run([
                "--virtual-time-budget=5000", "--window-size=\(max(width, 500)),1200", scheme.argument, "--dump-dom",
                frame.absoluteString,
            ]) ?? ""
        guard let start = dom.range(of: "data-probe=\""), let end = dom[start.upperBound...].firstIndex(of: "\"") else {
            return [:]
        }
        let json = dom[start.upperBound..<end]
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&nbsp;", with: "\u{A0}")
            .replacingOccurrences(of: "&amp;", with: "&")
        return (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) ?? [:]
    }
}

/// The default look, checked in a real browser: the math is typeset with KaTeX's fonts and a
/// refuted claim is impossible to miss. Screenshots are left in `.build/screenshots/`.
@Suite(.serialized, .enabled(if: Browser.isAvailable, "needs Debian's chromium (./setup.sh installs it)"))
struct BrowserTests {
    @Test func mathIsVisiblyTypeset() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        _ = await Fixture.build(content: Fixture.folder("basic/content"), output: output)
        let page = output.appendingPathComponent("posts/everything/index.html")
        let result = try Browser.probe(
            page,
            script: """
                const math = document.querySelector('.katex-display .katex-html').getBoundingClientRect();
                const mathml = document.querySelector('.katex-mathml').getBoundingClientRect();
                return { font: [...document.fonts].some(f => f.family.includes('KaTeX_Main') && f.status === 'loaded'),
                         width: math.width, height: math.height, mathmlArea: mathml.width * mathml.height };
                """)
        #expect(result["font"] as? Bool == true, "KaTeX's fonts load from the site's own assets")
        #expect((result["width"] as? Double ?? 0) > 50)
        #expect((result["height"] as? Double ?? 0) > 20)
        #expect((result["mathmlArea"] as? Double ?? 1) <= 1, "the MathML copy is visually hidden")
        #expect(try Browser.screenshot(page, name: "post-math.png") > 20_000)
    }

    @Test func aRefutedClaimShowsPlainly() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        _ = await Fixture.build(content: Fixture.folder("claims/content"), output: output)
        let page = output.appendingPathComponent("posts/verdicts/index.html")
        let result = try Browser.probe(
            page,
            script: """
                const card = document.getElementById('claim-false-claim');
                const chip = card.querySelector('.status-chip');
                const verified = document.querySelector('#claim-true-claim .status-chip');
                const table = card.querySelector('table.counterexample').getBoundingClientRect();
                return { word: chip.innerText.replace(/\\s+/g, ' ').trim(), visible: chip.getBoundingClientRect().height > 0,
                         colour: getComputedStyle(chip).backgroundColor, verifiedColour: getComputedStyle(verified).backgroundColor,
                         cardText: card.innerText, tableHeight: table.height };
                """)
        #expect(result["word"] as? String == "✗ Refuted")
        #expect(result["visible"] as? Bool == true)
        #expect(result["colour"] as? String != result["verifiedColour"] as? String, "status is shown by colour too")
        #expect((result["cardText"] as? String)?.contains("sign error") == true)
        #expect((result["tableHeight"] as? Double ?? 0) > 40, "the counterexample table is shown, not folded")
        #expect(try Browser.screenshot(page, name: "refuted-claim.png", height: 2400) > 20_000)
    }
}

/// A claim card prints an element-wise product of tensors as ⊙, never as a dot (issue 14).
@Suite(.serialized, .enabled(if: Browser.isAvailable, "needs Debian's chromium (./setup.sh installs it)"))
struct ClaimCardPrintingBrowserTests {
    @Test func anElementwiseProductShowsTheOdotGlyph() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        let post = """
            ---
            title: Tanh layer
            date: 2026-01-01
            ---
            ```swift-check id=tanh-layer title="The tanh layer's gradient"
            given z ∈ [-2, 2]^3, g ∈ [-1, 1]^3
            let a = tanh(z)
            let L = sum(g * a)
            claim ∂L/∂z = g * (1 - a * a) = g * (1 - exp(z) * exp(-z) * a * a)
            ```
            """
        try Data(post.utf8).write(to: content.appendingPathComponent("p.md"))
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output)
        #expect(summary.claims.map(\.verdict) == [.verified], "\(summary.diagnostics)")
        let page = output.appendingPathComponent("posts/p/index.html")
        let result = try Browser.probe(
            page,
            script: """
                const card = document.getElementById('claim-tanh-layer');
                const math = card.querySelector('.claim-math .katex-html');
                return { text: math.innerText, tex: card.querySelector('.claim-math annotation').textContent,
                         width: math.getBoundingClientRect().width };
                """)
        let text = try #require(result["text"] as? String)
        #expect(text.contains("⊙"), "\(text)")
        #expect(!text.contains("·") && !text.contains("⋅"), "no dot reads as a dot product: \(text)")
        #expect((result["tex"] as? String)?.contains("e^{z} \\odot e^{-z}") == true, "\(result)")
        #expect((result["width"] as? Double ?? 0) > 100)
        #expect(try Browser.screenshot(page, name: "odot-card.png", height: 1200) > 20_000)
    }
}
