import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// A checked derivation, looked at in headless Chromium: each row carries its mark at the right, the wrong
/// row's mark links to its counterexample, and the references link to the numbered equation with its status.
@Suite(.serialized, .enabled(if: Browser.isAvailable, "needs Debian's chromium (./setup.sh installs it)"))
struct EquationBrowserTests {
    static let post =
        EquationSiteTests.chain.replacingOccurrences(of: "ROW4", with: "-y - ay + a - ay")
        + "\nThe result is \\eqref{eq:chain}, and @eq:chain says so too.\n"

    @Test(arguments: [1000, 375]) func rowMarksAndReferencesWorkInABrowser(width: Int) async throws {
        let (_, output, temporary) = try await AuthorWarningTests.build([
            "_config.yml": AuthorWarningTests.configured, "p.md": Self.post,
        ])
        defer { try? FileManager.default.removeItem(at: temporary) }
        let page = output.appendingPathComponent("posts/p/index.html")
        let result = try Browser.probe(
            page, width: width,
            script: """
                const display = document.querySelector('.math-display .katex-display').getBoundingClientRect();
                const body = document.querySelector('.math-display .katex-html .base').getBoundingClientRect();
                const marks = [...document.querySelectorAll('.math-display .eq-mark')];
                const boxes = marks.map(m => m.getBoundingClientRect());
                const wrong = document.querySelector('.math-display .eq-mark-refuted a');
                const target = wrong && document.getElementById(wrong.getAttribute('href').slice(1));
                const refs = [...document.querySelectorAll('a.eqref')];
                const anchor = refs[0] && document.getElementById(refs[0].getAttribute('href').slice(1));
                return { marks: marks.length, visible: boxes.every(b => b.width > 0 && b.height > 0),
                         rightOfFormula: boxes.every(b => b.left >= body.right - 1 || b.top >= body.bottom - 1),
                         insideDisplay: boxes.every(b => b.right <= Math.max(display.right, innerWidth) + 1),
                         verified: document.querySelectorAll('.math-display .eq-mark-verified').length,
                         refuted: document.querySelectorAll('.math-display .eq-mark-refuted').length,
                         wrongHref: wrong ? wrong.getAttribute('href') : '', targetText: target ? target.innerText : '',
                         refs: refs.map(r => r.innerText.replace(/\\s+/g, ' ').trim()),
                         refsTarget: anchor ? anchor.id : '' };
                """)
        #expect(result["marks"] as? Int == 5)
        #expect(result["visible"] as? Bool == true)
        #expect(result["rightOfFormula"] as? Bool == true, "the marks stand clear of the formula, at \(width) px")
        #expect(result["verified"] as? Int == 4)
        #expect(result["refuted"] as? Int == 1)
        #expect(result["wrongHref"] as? String == "#eqcheck-1-row-4")
        #expect((result["targetText"] as? String)?.contains("Row 4 does not follow from the row before it") == true)
        let refs = result["refs"] as? [String] ?? []
        #expect(refs.count == 2)
        #expect(refs.first?.hasPrefix("(1)") == true && refs.first?.contains("✗") == true, "\(refs)")
        #expect(refs.last?.hasPrefix("Eq. (1)") == true, "\(refs)")
        #expect(result["refsTarget"] as? String == "eq-chain")
        #expect(try Browser.screenshot(page, name: "checked-derivation-\(width).png", width: width, height: 900) > 10_000)
    }
}
