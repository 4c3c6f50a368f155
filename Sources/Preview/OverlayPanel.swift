import SiteBuilder

/// What open pages show over themselves after a build that failed or refuted a claim: the messages
/// exactly as the terminal printed them, every character escaped.
public struct OverlayPanel: Sendable, Equatable {
    /// The headline: why the panel is shown.
    public var headline: String
    /// The messages as `DiagnosticPrinter` printed them (`path:line:col: …`, the source line and its caret,
    /// the notes with a refuted claim's counterexample).
    public var text: String

    /// A panel with `headline` over `text`.
    public init(headline: String, text: String) {
        self.headline = headline
        self.text = text
    }

    /// The panel's HTML, made of escaped text only: a message cannot add markup to the page.
    public var html: String {
        """
        <div class="bs-overlay-box" role="alertdialog" aria-label="build-site"><p class="bs-overlay-headline">\
        \(HTML.escape(headline))</p><pre class="bs-overlay-messages">\(HTML.escape(text))</pre>\
        <p class="bs-overlay-hint">Fix the post and save it: this panel goes away on the next good build.</p></div>
        """
    }
}
