import Diagnostics
import Foundation

/// A new site, as `build-site init` makes it: `content/_config.yml` (title, author and `baseURL` to
/// fill in, with comments), one sample post (a short derivation, a displayed equation and a
/// `swift-check` claim that verifies) and a `.gitignore` for the cache and the site. The templates
/// are the built-in theme's, so there is no `templates/` folder.
public struct SiteScaffold: Sendable {
    /// What ``create(in:displayPath:force:)`` did.
    public struct Outcome: Sendable, Equatable {
        /// The files written, relative to the site's folder, in the order of ``SiteScaffold/files``.
        public var written: [String] = []
        /// The files that were there already and were kept as they were (only with `force`).
        public var kept: [String] = []

        /// An outcome that wrote `written` and kept `kept`.
        public init(written: [String] = [], kept: [String] = []) {
            self.written = written
            self.kept = kept
        }
    }

    /// The day the sample post is dated.
    public var date: Date

    /// A scaffold whose sample post is dated `date` (today, for the command).
    public init(date: Date = Date()) {
        self.date = date
    }

    /// The path of the sample post, relative to the site's folder.
    public static let samplePostPath = "content/sigmoid-derivative.md"

    /// Each file of a new site: its path relative to the site's folder, and its text.
    public var files: [(path: String, text: String)] {
        [
            ("content/_config.yml", Self.configuration),
            (Self.samplePostPath, samplePost),
            (".gitignore", Self.gitignore),
        ]
    }

    /// Names in a folder that do not make it "not empty": a repository made before the site.
    static let ignoredNames: Set<String> = [".git"]

    /// Makes a new site in `folder` (created when missing); messages name it `displayPath`.
    ///
    /// - Parameter force: make the site in a folder that is not empty; an existing file is never
    ///   overwritten even then (``Outcome/kept`` names it).
    /// - Throws: a ``Diagnostic`` when `folder` is not empty (without `force`), is not a folder, or a
    ///   file cannot be written.
    public func create(in folder: URL, displayPath: String, force: Bool = false) throws(Diagnostic) -> Outcome {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw Diagnostic(
                    path: displayPath, message: "this is a file, not a folder; name a new or empty folder for the site")
            }
            let names = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !Self.ignoredNames.contains($0) }
            if !names.isEmpty && !force {
                let shown = names.sorted().prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
                throw Diagnostic(
                    path: displayPath,
                    message:
                        "the folder is not empty (it has \(shown)), so no site was made in it; name a new or empty folder, "
                        + "or add --force to add the site's files (existing files are never overwritten)")
            }
        }
        var outcome = Outcome()
        for file in files {
            let shown = displayPath == "." ? file.path : ContentLoader.join(displayPath, file.path)
            switch try StarterFiles.write(file.text, to: folder.appendingPathComponent(file.path), displayPath: shown) {
            case .written: outcome.written.append(file.path)
            case .kept: outcome.kept.append(file.path)
            }
        }
        return outcome
    }

    static let configuration = """
        # Site-wide settings for build-site.

        # The site's name, shown in every page's header and in the feed.
        title: "My checked derivations"
        # One sentence under the title and in the feed.
        description: "Derivations worked out by hand, every stated result checked by machine."
        # The author named in the feed.
        author: "Your Name"
        # The absolute URL the site will be served from, such as "https://example.org/blog/": the feed's
        # links need it. Fill it in before you publish.
        baseURL: ""
        # The `lang` of every page.
        language: "en"

        # Where KaTeX is, when it is not where Debian's packages put it: the folder of its node package and
        # the folder of its katex.min.css and fonts/ (or one folder of KaTeX's npm package). The
        # environment variable BUILD_SITE_KATEX (folders separated by ':') takes precedence.
        # katex: [/usr/share/nodejs/katex, /usr/share/javascript/katex]

        """

    static let gitignore = """
        # build-site's output and its cache: both are made again by `build-site`.
        /site/
        /.cache/

        """

    /// The sample post, dated ``date``.
    var samplePost: String {
        """
        ---
        title: "The derivative of the sigmoid"
        date: \(StarterFiles.day(date))
        tags: [calculus, activations]
        summary: "A short derivation of σ′(z) = σ(z)(1 − σ(z)), checked by machine."
        ---

        The logistic sigmoid squashes any real number into $(0, 1)$:

        $$\\sigma(z) = \\frac{1}{1 + e^{-z}}.$$

        Write $q = 1 + e^{-z}$, so that $\\sigma = q^{-1}$ and $q' = -e^{-z}$. The chain rule gives

        $$\\sigma'(z) = -q^{-2}\\,q' = \\frac{e^{-z}}{(1 + e^{-z})^2}
        = \\frac{1}{1 + e^{-z}} \\cdot \\frac{e^{-z}}{1 + e^{-z}},$$

        and since $\\frac{e^{-z}}{1 + e^{-z}} = 1 - \\sigma(z)$, the slope is the sigmoid times its complement:
        $\\sigma'(z) = \\sigma(z)\\bigl(1 - \\sigma(z)\\bigr)$.

        The block below states both steps. `build-site` checks them at hundreds of points before the page is
        written, and the page shows ✓ verified or ✗ refuted, with a counterexample, beside them. Change
        `s*(1 - s)` to `s*(1 + s)` and build again to see a refuted claim.

        ```swift-check id=sigmoid-derivative title="The sigmoid's derivative"
        given z ∈ [-8, 8]
        let s = σ(z)
        claim ∂s/∂z = exp(-z)/(1 + exp(-z))^2
        = s*(1 - s)
        ```

        """
    }
}
