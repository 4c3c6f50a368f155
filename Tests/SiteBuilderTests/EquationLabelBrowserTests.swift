import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// Labelled equations in headless Chromium at a phone's width (375 px) and a desktop's: every number (one per
/// labelled row) is clear of its formula and can be scrolled to, and a reference's link lands on its equation.
/// Screenshots are left in `.build/screenshots/`.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: Browser.isAvailable, "needs Debian's chromium (./setup.sh installs it)"))
struct EquationLabelBrowserTests {
    static let post =
        EquationLabelTests.front
        + "By @eq:long and \\eqref{eq:r2}.\n\n"
        + "$$L(\\hat y, y) = -\\frac{1}{N}\\sum_{i=1}^{N} \\Bigl( y_i \\log \\sigma(z_i) + (1 - y_i) \\log\\bigl(1 - \\sigma(z_i)\\bigr) \\Bigr) + \\lambda \\lVert W \\rVert_2^2$$ {#eq:long}\n\n"
        + "\\begin{align}\n"
        + "\\frac{\\partial L}{\\partial z} &= \\frac{\\partial L}{\\partial a}\\,\\frac{\\partial a}{\\partial z} \\label{eq:r1} \\\\\n"
        + "&= \\left(-\\frac{y}{a} + \\frac{1 - y}{1 - a}\\right) a (1 - a) \\label{eq:r2} \\\\\n"
        + "&= a - y \\label{eq:r3}\n"
        + "\\end{align}\n\n"
        + "$$\\begin{aligned} u &= v \\label{eq:al1} \\\\ w &= \\sum_{k=1}^{n} \\frac{\\partial L}{\\partial Z_k}\\,\\frac{\\partial Z_k}{\\partial W_{ij}} + \\text{a long tail of words} \\label{eq:al2}\\end{aligned}$$\n"

    @Test(arguments: [375, 1000])
    func everyNumberIsClearOfItsRowAndReachable(width: Int) async throws {
        let (summary, output, temporary) = try await EquationLabelTests.build(["p.md": Self.post])
        defer { try? FileManager.default.removeItem(at: temporary) }
        #expect(summary.diagnostics.isEmpty, "\(summary.diagnostics)")
        let page = output.appendingPathComponent("posts/p/index.html")
        let result = try Browser.probe(
            page, width: width,
            script: """
                const displays = [...document.querySelectorAll('.katex-display > .katex > .katex-html')]
                  .filter(h => h.querySelector(':scope > .tag'));
                const measured = displays.map(html => {
                  const tag = html.querySelector(':scope > .tag').getBoundingClientRect();
                  const bases = [...html.querySelectorAll(':scope > .base')].map(b => b.getBoundingClientRect());
                  const right = Math.max(...bases.map(b => b.right)), left = Math.min(...bases.map(b => b.left));
                  const display = html.closest('.katex-display');
                  const box = display.getBoundingClientRect();
                  return { clear: tag.left >= right || tag.right <= left,
                           reachable: tag.right <= box.left + display.scrollWidth + 1 };
                });
                const anchors = [...document.querySelectorAll('a.eqref')].map(a => {
                  const target = document.getElementById(a.getAttribute('href').slice(1));
                  return target !== null && target.nextElementSibling !== null
                    && target.parentElement.querySelector('.katex-display') !== null;
                });
                return { measured, anchors, pageWidth: document.documentElement.scrollWidth };
                """)
        let measured = result["measured"] as? [[String: Any]] ?? []
        #expect(measured.count == 3, "the three labelled displays are measured at \(width) px")
        for (index, display) in measured.enumerated() {
            #expect(display["clear"] as? Bool == true, "display \(index + 1)'s numbers are clear of it at \(width) px")
            #expect(display["reachable"] as? Bool == true, "display \(index + 1)'s numbers can be scrolled to")
        }
        #expect(result["anchors"] as? [Bool] == [true, true], "each reference's link lands on its equation")
        #expect(result["pageWidth"] as? Int == width, "the page does not scroll sideways")
        #expect(try Browser.screenshot(page, name: "equation-labels-\(width).png", width: width, height: 1400) > 10_000)
    }
}
