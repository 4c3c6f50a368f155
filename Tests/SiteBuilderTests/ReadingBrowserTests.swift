import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// Pages that read right, checked in headless Chromium: at a phone's width (390 px) nothing is clipped
/// or covered, the site works opened from disk, and text is legible in both colour schemes.
/// Screenshots are left in `.build/screenshots/`.
@Suite(.serialized, .enabled(if: Browser.isAvailable, "needs Debian's chromium (./setup.sh installs it)"))
struct ReadingBrowserTests {
    static let phoneWidth = 390

    /// Builds the fixture `name` into a temporary folder and returns the site and the folder to remove.
    private static func site(_ name: String) async throws -> (site: URL, temporary: URL) {
        let temporary = Fixture.temporaryFolder()
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: Fixture.folder("\(name)/content"), output: output)
        #expect(summary.wroteSite, "\(summary.diagnostics)")
        return (output, temporary)
    }

    /// Every HTML page of the built site, by its path inside it.
    private static func pages(of site: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: site.path)
        var pages: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".html") { pages.append(path) }
        }
        return pages.sorted()
    }

    @Test func aLongChainWrapsInsideItsCard() async throws {
        let (site, temporary) = try await Self.site("reading")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let page = site.appendingPathComponent("posts/equations/index.html")
        let result = try Browser.probe(
            page, width: Self.phoneWidth,
            script: """
                const cards = [...document.querySelectorAll('.claim-card')];
                const problems = [];
                // Everything a reader can unfold is measured unfolded.
                for (const details of document.querySelectorAll('.claim-card details')) details.open = true;
                const scrolls = e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
                for (const card of cards) {
                  const box = card.getBoundingClientRect();
                  for (const element of card.querySelectorAll('*')) {
                    if (element.closest('.katex-mathml') || !element.checkVisibility()) continue;   // MathML is for screen readers
                    const rect = element.getBoundingClientRect();
                    if (rect.width === 0 || rect.height === 0) continue;
                    const style = getComputedStyle(element);
                    const scrollsX = element.scrollWidth > element.clientWidth + 1;
                    const scrollsY = element.scrollHeight > element.clientHeight + 1;
                    const name = element.className || element.tagName;
                    if ((scrollsX && style.overflowX === 'hidden') || (scrollsY && style.overflowY === 'hidden' && element.scrollHeight > element.clientHeight + 4)) {
                      problems.push('clipped: ' + name);
                    } else if (scrollsX && ['auto', 'scroll'].includes(style.overflowX)) {
                      const focusable = element.tabIndex >= 0 && element.getAttribute('role') && element.getAttribute('aria-label');
                      if (!focusable) problems.push('scrolls without keyboard access: ' + name);
                    }
                    let insideScroller = false;
                    for (let e = element.parentElement; e && e !== card; e = e.parentElement) if (scrolls(e)) insideScroller = true;
                    if (!insideScroller && (rect.right > box.right + 0.5 || rect.left < box.left - 0.5)) {
                      problems.push('outside its card: ' + name);
                    }
                  }
                }
                const chain = document.querySelector('#claim-long-chain .claim-math .katex-html');
                const tops = new Set([...chain.querySelectorAll(':scope > .base')].map(b => Math.round(b.getBoundingClientRect().top)));
                return { cards: cards.length, problems: [...new Set(problems)], chainLines: tops.size,
                         pageWidth: document.documentElement.scrollWidth };
                """)
        #expect(result["cards"] as? Int == 2)
        #expect(result["problems"] as? [String] == [], "nothing in a card is clipped or out of reach")
        #expect((result["chainLines"] as? Int ?? 0) > 1, "the long chain wraps onto several lines")
        #expect(result["pageWidth"] as? Int == Self.phoneWidth, "the page does not scroll sideways")
        #expect(
            try Browser.screenshot(page, name: "chain-card-390.png", width: Self.phoneWidth, height: 2400) > 10_000)
    }

    @Test func equationNumbersStayClearOfTheirEquationsAtPhoneWidth() async throws {
        let (site, temporary) = try await Self.site("reading")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let page = site.appendingPathComponent("posts/equations/index.html")
        let script = """
            return [...document.querySelectorAll('.katex-display > .katex > .katex-html')].filter(h => h.querySelector(':scope > .tag')).map(html => {
              const tag = html.querySelector(':scope > .tag').getBoundingClientRect();
              const bases = [...html.querySelectorAll(':scope > .base')].map(b => b.getBoundingClientRect());
              const left = Math.min(...bases.map(b => b.left)), right = Math.max(...bases.map(b => b.right));
              const top = Math.min(...bases.map(b => b.top)), bottom = Math.max(...bases.map(b => b.bottom));
              const display = html.closest('.katex-display');
              const box = display.getBoundingClientRect();
              const overlaps = tag.left < right && left < tag.right && tag.top < bottom && top < tag.bottom;
              return { overlaps, reachable: tag.right <= box.left + display.scrollWidth + 1,
                       scrolls: display.scrollWidth > display.clientWidth + 1,
                       centreOffset: Math.abs((left + right) / 2 - (box.left + box.right) / 2) };
            });
            """
        for width in [Self.phoneWidth, 1000] {
            let result = try Browser.probe(page, width: width, script: "return { equations: (() => { \(script) })() };")
            let equations = result["equations"] as? [[String: Any]] ?? []
            #expect(equations.count == 2, "both numbered equations are measured at \(width) px")
            for (index, equation) in equations.enumerated() {
                let overlaps = equation["overlaps"] as? Bool
                let reachable = equation["reachable"] as? Bool
                #expect(overlaps == false, "equation \(index + 1)'s number is clear of it at \(width) px")
                #expect(reachable == true, "equation \(index + 1)'s number can be scrolled to")
            }
            // A short equation stays centred, as KaTeX sets it; the long one scrolls on a phone.
            let centreOffset = equations.first?["centreOffset"] as? Double ?? 99
            #expect(centreOffset < 2, "at \(width) px")
            if width == Self.phoneWidth {
                let scrolls = equations.last?["scrolls"] as? Bool
                #expect(scrolls == true)
            }
        }
        #expect(try Browser.screenshot(page, name: "equations-390.png", width: Self.phoneWidth, height: 1400) > 10_000)
    }

    /// Opened from disk, every link, stylesheet, image and icon of every page names a file that
    /// exists (a folder would show a directory listing), and every fragment names an element; and
    /// nothing a reader can tab to is invisible (such as a heading's anchor before it is hovered).
    @Test func everyInternalLinkResolvesFromDisk() async throws {
        var checkedPages = 0
        for fixture in ["reading", "basic"] {
            let (site, temporary) = try await Self.site(fixture)
            defer { try? FileManager.default.removeItem(at: temporary) }
            let root = site.standardizedFileURL.path
            for path in Self.pages(of: site) {
                let page = site.appendingPathComponent(path)
                let result = try Browser.probe(
                    page,
                    script: """
                        const urls = [...document.querySelectorAll('a[href]')].map(a => a.href)
                          .concat([...document.querySelectorAll('link[href]')].map(l => l.href))
                          .concat([...document.querySelectorAll('img[src], script[src], source[src]')].map(e => e.src));
                        return { urls,
                                 brokenImages: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
                                 missingSheets: [...document.querySelectorAll('link[rel=stylesheet]')].filter(l => !l.sheet).map(l => l.href),
                                 failedFonts: [...document.fonts].filter(f => f.status === 'error').map(f => f.family),
                                 icon: document.querySelector('link[rel=icon]')?.href ?? '',
                                 hiddenFocusable: [...document.querySelectorAll('a[href], button, input, summary, [tabindex]')]
                                   .filter(e => e.tabIndex >= 0 && e.checkVisibility()).filter(e => {
                                     e.focus(); let o = 1; for (let x = e; x; x = x.parentElement) o *= Number(getComputedStyle(x).opacity);
                                     const r = e.getBoundingClientRect(); return o === 0 || r.width === 0 || r.height === 0;
                                   }).map(e => e.outerHTML.slice(0, 100)) };
                        """)
                let urls = result["urls"] as? [String] ?? []
                #expect(!urls.isEmpty, "\(fixture): \(path) was probed")
                if fixture == "reading" {  // the basic fixture's image is not a real PNG
                    #expect(result["brokenImages"] as? [String] == [], "\(fixture): \(path)")
                }
                #expect(result["missingSheets"] as? [String] == [], "\(fixture): \(path)")
                #expect(result["failedFonts"] as? [String] == [], "\(fixture): \(path)")
                #expect((result["icon"] as? String)?.hasSuffix("assets/favicon.svg") == true, "\(fixture): \(path) has an icon")
                #expect(
                    result["hiddenFocusable"] as? [String] == [], "\(fixture): \(path): nothing in the tab order is invisible")
                // The probe ran in a copy of the page beside it, named probe.html.
                for address in Set(urls.map { $0.replacingOccurrences(of: "/probe.html", with: "/" + page.lastPathComponent) }) {
                    guard let url = URL(string: address), url.isFileURL else { continue }
                    let file = url.standardizedFileURL.path
                    var isFolder: ObjCBool = false
                    let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
                    #expect(file.hasPrefix(root + "/"), "\(fixture): \(path) links outside the site: \(address)")
                    #expect(exists && !isFolder.boolValue, "\(fixture): \(path) links to \(address), which is not a file")
                    if let fragment = url.fragment, !fragment.isEmpty, exists, !isFolder.boolValue, file.hasSuffix(".html") {
                        let target = try String(contentsOfFile: file, encoding: .utf8)
                        #expect(target.contains("id=\"\(fragment)\""), "\(fixture): \(path) links to a missing #\(fragment)")
                    }
                }
                checkedPages += 1
            }
        }
        #expect(checkedPages >= 12, "every page of both sites is walked")
    }

    /// The WCAG contrast ratio of every visible piece of text (pseudo-elements included) against
    /// the background it is drawn on, in both colour schemes.
    @Test(arguments: Browser.ColorScheme.allCases) func textContrastIsAtLeastFourAndAHalf(scheme: Browser.ColorScheme)
        async throws
    {
        var failures: [String] = []
        var measured = 0
        for fixture in ["reading", "claims"] {
            let (site, temporary) = try await Self.site(fixture)
            defer { try? FileManager.default.removeItem(at: temporary) }
            for path in Self.pages(of: site) {
                let result = try Browser.probe(
                    site.appendingPathComponent(path), width: Self.phoneWidth, scheme: scheme, script: Self.contrastScript)
                measured += result["measured"] as? Int ?? 0
                failures += (result["failures"] as? [String] ?? []).map { "\(fixture)/\(path): \($0)" }
            }
            if fixture == "claims" {
                _ = try Browser.screenshot(
                    site.appendingPathComponent("posts/verdicts/index.html"), name: "verdicts-\(scheme.rawValue).png",
                    width: Self.phoneWidth, height: 2400, scheme: scheme)
            }
        }
        #expect(measured > 200, "text was found and measured")
        #expect(failures == [], "in the \(scheme.rawValue) scheme")
    }

    /// Walks every element with text of its own (or a `::before`/`::after` with content), and
    /// compares its colour, composited with the opacity of its ancestors, with the background
    /// colours under it composited from the canvas up.
    static let contrastScript = """
        const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return [0, 0, 0, 0];
          const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
        const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
        const luminance = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        const dark = matchMedia('(prefers-color-scheme: dark)').matches;
        const background = element => {
          const layers = [];
          for (let e = element; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
          let colour = dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
          for (const layer of layers.reverse()) colour = over(layer, colour);
          return colour;
        };
        const opacity = element => { let o = 1; for (let e = element; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
        const failures = []; let measured = 0;
        const check = (element, style, what) => {
          const fg = parse(style.color); fg[3] *= opacity(element) * (style.opacity && what !== 'text' ? Number(style.opacity) : 1);
          const bg = background(element);
          const value = ratio(over(fg, bg), bg);
          measured += 1;
          if (value < 4.5) failures.push(`${value.toFixed(2)}:1 ${what} of ${element.tagName.toLowerCase()}.${element.className} "${(what === 'text' ? element.textContent : style.content).trim().slice(0, 30)}"`);
        };
        for (const element of document.body.querySelectorAll('*')) {
          if (element.closest('.katex-mathml, script, style') || !element.checkVisibility()) continue;   // folded, or for screen readers
          const rects = element.getClientRects();
          if (rects.length === 0 || rects[0].bottom < 0) continue;   // not rendered, or off screen (the skip link)
          const style = getComputedStyle(element);
          if (style.visibility !== 'visible' || opacity(element) === 0) continue;
          if ([...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) check(element, style, 'text');
          for (const pseudo of ['::before', '::after']) {
            const p = getComputedStyle(element, pseudo);
            if (p.content && !['none', 'normal', '""'].includes(p.content) && p.display !== 'none') check(element, p, pseudo);
          }
        }
        return { measured, failures: [...new Set(failures)] };
        """
}
