import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// The acceptance table for posts written for other engines (issue 16): each case is a small post in the habits of
/// Jekyll, Hugo, Hexo, Pelican or pandoc, or a counter-case under the native rules, with the page, the math and
/// the messages it must give.
///
/// The cases of one site are built together, once (``ImportSiteBuilds``); each checks its own page and the messages
/// about its own file.
@Suite(.serialized) struct ImportTableTests {
    @Test(arguments: ImportSite.jekyll.cases) func jekyll(_ item: ImportCase) async throws { try await item.check() }

    @Test(arguments: ImportSite.hugo.cases) func hugo(_ item: ImportCase) async throws { try await item.check() }

    @Test(arguments: ImportSite.hexo.cases) func hexo(_ item: ImportCase) async throws { try await item.check() }

    @Test(arguments: ImportSite.pelican.cases) func pelican(_ item: ImportCase) async throws { try await item.check() }

    @Test(arguments: ImportSite.pandoc.cases) func pandoc(_ item: ImportCase) async throws { try await item.check() }

    @Test(arguments: ImportSite.native.cases) func native(_ item: ImportCase) async throws { try await item.check() }

    @Test(arguments: ImportSite.inferred.cases) func inferred(_ item: ImportCase) async throws { try await item.check() }

    /// An inferred profile is one note per build and profile (at the first post read with it), not one per post.
    @Test func anInferredProfileIsNotedOncePerProfile() async throws {
        let built = try await ImportSiteBuilds.shared.built(.inferred)
        let notes = built.messages.filter { $0.contains(": note: ") }
        #expect(notes.count == 3, "\(notes)")
        #expect(notes.filter { $0.hasPrefix("content/_posts/") }.count == 1, "\(notes)")
    }

    /// The table is as large as the issue asks, and no two cases of a site share a file or a page.
    @Test func theTableHasEnoughCasesAndNoCollisions() {
        let all = ImportSite.allCases.flatMap(\.cases)
        #expect(all.count >= 90, "\(all.count) cases")
        for site in ImportSite.allCases {
            #expect(Set(site.cases.map(\.path)).count == site.cases.count, "\(site): two cases share a file")
            #expect(Set(site.cases.map(\.slug)).count == site.cases.count, "\(site): two cases share a page")
        }
    }
}

// MARK: - The table's types

/// A formula a page must show: inline or display, and its TeX (as KaTeX got it, compared without surrounding
/// spaces), exactly or as a part.
struct ImportFormula: Sendable, Equatable, CustomStringConvertible {
    var isDisplay: Bool
    var tex: String
    var isExact = true

    static func inline(_ tex: String) -> ImportFormula { ImportFormula(isDisplay: false, tex: tex) }
    static func display(_ tex: String) -> ImportFormula { ImportFormula(isDisplay: true, tex: tex) }
    static func inline(containing tex: String) -> ImportFormula {
        ImportFormula(isDisplay: false, tex: tex, isExact: false)
    }
    static func display(containing tex: String) -> ImportFormula {
        ImportFormula(isDisplay: true, tex: tex, isExact: false)
    }

    /// Whether a formula found on a page is this one.
    func matches(_ found: ImportFormula) -> Bool {
        let (wanted, got) = (tex.trimmingCharacters(in: .whitespacesAndNewlines), found.tex)
        return found.isDisplay == isDisplay
            && (isExact ? got.trimmingCharacters(in: .whitespacesAndNewlines) == wanted : got.contains(wanted))
    }

    var description: String { "\(isDisplay ? "display" : "inline") \(isExact ? "" : "containing ")\"\(tex)\"" }
}

/// A message the build must give about a case's file: its severity, where (when the contract pins it) and a word
/// it must contain (compared without regard to case), not its whole wording.
struct ImportMessage: Sendable, CustomStringConvertible {
    var severity: String
    var line: Int?
    var column: Int?
    var word: String

    static func warning(_ line: Int, _ column: Int, _ word: String) -> ImportMessage {
        ImportMessage(severity: "warning", line: line, column: column, word: word)
    }
    static func note(_ line: Int, _ column: Int, _ word: String) -> ImportMessage {
        ImportMessage(severity: "note", line: line, column: column, word: word)
    }
    static func note(_ word: String) -> ImportMessage { ImportMessage(severity: "note", word: word) }

    /// Whether a diagnostic's description (`path:line:col: severity: message`) about `path` is this message.
    func matches(_ description: String, path: String) -> Bool {
        let head = "content/\(path):"
        guard description.hasPrefix(head) else { return false }
        let rest = description.dropFirst(head.count)
        if let line, let column {
            guard rest.hasPrefix("\(line):\(column): \(severity): ") else { return false }
        } else {
            guard rest.contains(": \(severity): ") else { return false }
        }
        return description.lowercased().contains(word.lowercased())
    }

    var description: String {
        let place = line.map { "\($0):\(column ?? 0): " } ?? ""
        return "\(place)\(severity) mentioning '\(word)'"
    }
}

/// One case of the table: a post (its file under `content/` and its text), the page it becomes
/// (`posts/SLUG/index.html`) and what that page and the build's messages about the file must show.
struct ImportCase: Sendable, CustomTestStringConvertible {
    var name: String
    var site: ImportSite
    var path: String
    var post: String
    var slug: String
    /// The page's `<title>` starts with this (then ` · ` and the site's title).
    var title: String?
    /// The page's `<time datetime=…>` starts with this.
    var date: String?
    /// Text the page holds (its HTML).
    var contains: [String]
    /// Text the post's body (`<div class="post-body">`) must not hold.
    var lacks: [String]
    /// Every formula of the body, in order; nil leaves the math unchecked.
    var math: [ImportFormula]?
    /// Every message about the file (an empty list: none at all).
    var messages: [ImportMessage]

    var testDescription: String { "\(site.rawValue): \(name)" }

    /// A case whose post is `body` under the site's usual front matter (the body starts on line 5).
    init(
        _ name: String, _ site: ImportSite, slug: String, path: String? = nil, body: String, title: String? = nil,
        date: String? = nil, contains: [String] = [], lacks: [String] = [], math: [ImportFormula]? = [],
        messages: [ImportMessage] = []
    ) {
        self.init(
            name, site, slug: slug, path: path, file: site.frontMatter + body + "\n", title: title, date: date,
            contains: contains, lacks: lacks, math: math, messages: messages)
    }

    /// A case whose post file is `file`, as written.
    init(
        _ name: String, _ site: ImportSite, slug: String, path: String? = nil, file: String, title: String? = nil,
        date: String? = nil, contains: [String] = [], lacks: [String] = [], math: [ImportFormula]? = [],
        messages: [ImportMessage] = []
    ) {
        self.name = name
        self.site = site
        self.slug = slug
        self.path = path ?? site.path(forSlug: slug)
        self.post = file
        self.title = title
        self.date = date
        self.contains = contains
        self.lacks = lacks
        self.math = math
        self.messages = messages
    }

    /// Checks the case against its site's build.
    func check() async throws {
        let built = try await ImportSiteBuilds.shared.built(site)
        let own = built.messages.filter { $0.hasPrefix("content/\(path):") }
        var unmatched = own
        for expected in messages {
            if let index = unmatched.firstIndex(where: { expected.matches($0, path: path) }) {
                unmatched.remove(at: index)
            } else {
                Issue.record("no \(expected) about \(path); its messages: \(own)")
            }
        }
        #expect(unmatched.isEmpty, "messages about \(path) the table does not expect: \(unmatched)")
        let page = try #require(
            built.pages[slug], "no page posts/\(slug)/index.html was written; the build said: \(built.errors)")
        let body = Self.postBody(page)
        for text in contains {
            #expect(page.contains(text), "the page lacks \(text.debugDescription); its body: \(body.prefix(1500))")
        }
        for text in lacks {
            #expect(!body.contains(text), "the body holds \(text.debugDescription): \(body.prefix(1500))")
        }
        if let title {
            #expect(page.contains("<title>\(title) · "), "title: \(Self.between(page, "<title>", "</title>"))")
        }
        if let date {
            #expect(page.contains("<time datetime=\"\(date)"), "date: \(Self.between(page, "<time", "</time>"))")
        }
        if let math {
            let found = Self.formulas(in: body)
            let same = found.count == math.count && zip(math, found).allSatisfy { $0.matches($1) }
            #expect(same, "formulas: expected \(math), found \(found)")
        }
    }

    /// The post's own HTML: from `<div class="post-body">` to the end of the article.
    static func postBody(_ page: String) -> String {
        guard let start = page.range(of: "<div class=\"post-body\">") else { return page }
        let end = page.range(of: "</article>", range: start.upperBound..<page.endIndex)?.lowerBound ?? page.endIndex
        return String(page[start.upperBound..<end])
    }

    static func between(_ text: String, _ open: String, _ close: String) -> String {
        guard let start = text.range(of: open) else { return "<none>" }
        let end = text.range(of: close, range: start.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
        return String(text[start.upperBound..<end])
    }

    /// The formulas KaTeX rendered in `html`, in order: each `<span class="katex">`'s TeX annotation, display when
    /// the span sits directly in a `<span class="katex-display">`.
    static func formulas(in html: String) -> [ImportFormula] {
        let opening = "<span class=\"katex\">"
        let annotation = "<annotation encoding=\"application/x-tex\">"
        var found: [ImportFormula] = []
        var position = html.startIndex
        while let open = html.range(of: opening, range: position..<html.endIndex) {
            let isDisplay = html[..<open.lowerBound].hasSuffix("<span class=\"katex-display\">")
            guard let start = html.range(of: annotation, range: open.upperBound..<html.endIndex),
                let end = html.range(of: "</annotation>", range: start.upperBound..<html.endIndex)
            else { break }
            found.append(ImportFormula(isDisplay: isDisplay, tex: unescaped(String(html[start.upperBound..<end.lowerBound]))))
            position = end.upperBound
        }
        return found
    }

    static func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#x27;", with: "'")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// One built site of the table: each case's page (missing when it was not written) and every message.
struct BuiltImportSite: Sendable {
    var pages: [String: String] = [:]
    var messages: [String] = []
    /// The build's errors, for a case whose page is missing.
    var errors: [String] = []
}

/// Builds each site of the table once, one at a time, and keeps what the cases read from it.
actor ImportSiteBuilds {
    static let shared = ImportSiteBuilds()
    private var builds: [ImportSite: Task<BuiltImportSite, any Error>] = [:]
    private var last: Task<Void, Never>?

    func built(_ site: ImportSite) async throws -> BuiltImportSite {
        if let task = builds[site] { return try await task.value }
        let previous = last
        let task = Task {
            await previous?.value
            return try await Self.build(site)
        }
        builds[site] = task
        last = Task { _ = try? await task.value }
        return try await task.value
    }

    /// Builds all of `site`'s cases together; when an error keeps the site from being written, builds each case
    /// alone, so that one case's error does not hide the others' pages.
    static func build(_ site: ImportSite) async throws -> BuiltImportSite {
        var files = site.extraFiles
        files["_config.yml"] = site.configuration
        for item in site.cases { files[item.path] = item.post }
        let (together, wrote) = try await build(files, slugs: site.cases.map(\.slug))
        if wrote { return together }
        var alone = BuiltImportSite(errors: together.errors)
        for item in site.cases {
            var files = site.extraFiles
            files["_config.yml"] = site.configuration
            files[item.path] = item.post
            let (built, _) = try await build(files, slugs: [item.slug])
            alone.pages[item.slug] = built.pages[item.slug]
            alone.messages += built.messages.filter { $0.hasPrefix("content/\(item.path):") }
        }
        return alone
    }

    static func build(_ files: [String: String], slugs: [String]) async throws -> (BuiltImportSite, Bool) {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        for (path, text) in files {
            let file = content.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: content, output: output)
        var built = BuiltImportSite()
        built.messages = summary.diagnostics.map(\.description)
        built.errors = summary.diagnostics.filter { $0.severity == .error }.map(\.description)
        for slug in slugs {
            built.pages[slug] = try? Fixture.read(output, "posts/\(slug)/index.html")
        }
        return (built, summary.wroteSite)
    }
}

/// The sites of the table: one per profile chosen in `_config.yml`, one with the native rules (where posts choose
/// their own), and one where nothing chooses and each post's signs decide.
enum ImportSite: String, Sendable, CaseIterable, Hashable {
    case jekyll, hugo, hexo, pelican, pandoc, native, inferred

    static let siteTitle = "Import"

    var configuration: String {
        let common = "title: \(Self.siteTitle)\nbaseURL: https://example.org/\n"
        switch self {
        case .native: return common + #"macros: {"\\R": "\\mathbb{R}"}"# + "\n"
        case .inferred: return common
        default: return common + "compatibility: \(rawValue)\n"
        }
    }

    /// Files beside the posts: images the posts show, the native site's `macros.tex`.
    var extraFiles: [String: String] {
        switch self {
        case .jekyll: ["img/a.png": "PNG"]
        case .hugo: ["posts/fig.png": "PNG", "posts/fig2.png": "PNG"]
        case .hexo: ["diagram.png": "PNG"]
        case .native:
            [
                "macros.tex": #"""
                \newcommand{\Loss}{\mathcal{L}}
                \DeclareMathOperator{\tr}{tr}
                \renewcommand{\Re}{\operatorname{Re}}

                """#
            ]
        default: [:]
        }
    }

    /// The front matter a post of this site usually starts with: four lines, so its body starts on line 5.
    var frontMatter: String {
        switch self {
        case .jekyll: "---\nlayout: post\ntitle: \"A post\"\n---\n"
        case .hugo: "+++\ntitle = \"A post\"\ndate = 2020-01-01\n+++\n"
        case .pelican: "Title: A post\nDate: 2020-01-01\nCategory: notes\n\n"
        case .pandoc: "% A post\n% A. Author\n% 2020-01-01\n\n"
        case .hexo, .native, .inferred: "---\ntitle: A post\ndate: 2020-01-01\n---\n"
        }
    }

    /// Where a post of this site lives, by the engine's habits.
    func path(forSlug slug: String) -> String {
        switch self {
        case .jekyll: "_posts/2017-04-07-\(slug).md"
        case .hugo: "posts/\(slug).md"
        default: "\(slug).md"
        }
    }

    var cases: [ImportCase] {
        switch self {
        case .jekyll: Self.jekyllCases
        case .hugo: Self.hugoCases
        case .hexo: Self.hexoCases
        case .pelican: Self.pelicanCases
        case .pandoc: Self.pandocCases
        case .native: Self.nativeCases
        case .inferred: Self.inferredCases
        }
    }
}

// MARK: - Jekyll (kramdown, Liquid, MathJax)

extension ImportSite {
    static let jekyllCases: [ImportCase] = [
        // kramdown's $$: display only as a paragraph of its own.
        ImportCase(
            "$$ that is its own paragraph stays display", .jekyll, slug: "dd-paragraph",
            body: "Before.\n\n$$x^2 + y^2$$\n\nAfter.", math: [.display("x^2 + y^2")]),
        ImportCase(
            "$$ inside a sentence is inline", .jekyll, slug: "dd-inline", body: "a $$x^2$$ b", math: [.inline("x^2")]),
        ImportCase(
            "a $$ block over several lines, its own paragraph, is display", .jekyll, slug: "dd-multiline",
            body: #"""
                Text.

                $$
                \sum_i a_i
                $$

                More.
                """#,
            math: [.display(#"\sum_i a_i"#)]),
        ImportCase(
            "$$ followed by text on its line is inline", .jekyll, slug: "dd-text-after",
            body: "$$a+b$$ is the sum.", math: [.inline("a+b")]),
        ImportCase(
            "$$ on a paragraph's second line is inline", .jekyll, slug: "dd-second-line",
            body: "Some text\n$$b^2$$\n\nNext.", math: [.inline("b^2")]),
        ImportCase(
            "$$ on the line after a heading opens a paragraph: display", .jekyll, slug: "dd-after-heading",
            body: "## Result\n$$c^2$$\n\nText.", math: [.display("c^2")]),
        ImportCase(
            "two $$ spans in one paragraph are both inline", .jekyll, slug: "dd-two",
            body: "$$a$$ and $$b$$", math: [.inline("a"), .inline("b")]),
        ImportCase(
            "$$ keeps Markdown escapes: kramdown leaves it verbatim", .jekyll, slug: "dd-verbatim",
            body: #"$$a\_b$$"#, math: [.display(#"a\_b"#)]),
        // MathJax's other delimiters, which kramdown ran Markdown over.
        ImportCase(
            "single $ is inline math", .jekyll, slug: "single-dollar", body: #"The $\alpha$ value."#,
            math: [.inline(#"\alpha"#)]),
        ImportCase(
            #"\_ in $…$ is a subscript"#, .jekyll, slug: "unescape-underscore", body: #"$a\_1 + b\_2$"#,
            math: [.inline("a_1 + b_2")]),
        ImportCase(
            #"\* in $…$ is a star"#, .jekyll, slug: "unescape-star", body: #"$a\*b$"#, math: [.inline("a*b")]),
        ImportCase(
            #"\\\\ in $…$ is a row break"#, .jekyll, slug: "unescape-rows",
            body: #"$\begin{matrix}a \\\\ b\end{matrix}$"#, math: [.inline(#"\begin{matrix}a \\ b\end{matrix}"#)]),
        ImportCase(
            #"\\( \\) is inline math"#, .jekyll, slug: "double-paren", body: #"Then \\(x+1\\) follows."#,
            math: [.inline("x+1")]),
        ImportCase(
            #"\\[ \\] is display math"#, .jekyll, slug: "double-bracket", body: "Here:\n\n" + #"\\[x = 2\\]"# + "\n\nDone.",
            math: [.display("x = 2")]),
        ImportCase(
            #"\\{ \\} are braces"#, .jekyll, slug: "unescape-braces", body: #"$\\{a\\}$"#, math: [.inline(#"\{a\}"#)]),
        ImportCase(
            #"\\, \\; \\! are spaces"#, .jekyll, slug: "unescape-spaces", body: #"$a\\,b\\;c\\!d$"#,
            math: [.inline(#"a\,b\;c\!d"#)]),
        ImportCase(
            ##"\\# \\% \\& \\| take one backslash"##, .jekyll, slug: "unescape-punctuation",
            body: ##"$\\#x \\% y \\& z \\|v\\|$"##, math: [.inline(##"\#x \% y \& z \|v\|"##)]),
        ImportCase(
            #"\\$ in \\( \\) is a dollar sign"#, .jekyll, slug: "unescape-dollar", body: #"Cost \\(\\$5\\) each."#,
            math: [.inline(#"\$5"#)]),
        ImportCase(
            #"\_ inside \text{} stays"#, .jekyll, slug: "text-underscore", body: #"$\text{max\_iter} + x\_1$"#,
            math: [.inline(#"\text{max\_iter} + x_1"#)]),
        ImportCase(
            #"\_ inside \mathrm{} and \operatorname{} stays"#, .jekyll, slug: "mathrm-underscore",
            body: #"$\mathrm{d\_t} + \operatorname{arg\_max} f$"#,
            math: [.inline(#"\mathrm{d\_t} + \operatorname{arg\_max} f"#)]),
        ImportCase(
            #"\_ inside \textrm{} and \texttt{} stays"#, .jekyll, slug: "textrm-underscore",
            body: #"$\textrm{a\_b} \texttt{c\_d} g\_h$"#, math: [.inline(#"\textrm{a\_b} \texttt{c\_d} g_h"#)]),
        ImportCase(
            #"\_ inside \mbox{} stays, and the formula renders"#, .jekyll, slug: "mbox-underscore",
            body: #"$\mbox{e\_f} + g\_h$"#, math: [.inline(containing: #"{e\_f} + g_h"#)]),
        ImportCase(
            #"\begin{align\*} is align* display math"#, .jekyll, slug: "align-star",
            body: #"""
                \begin{align\*}
                a &= b \\\\
                c &= d
                \end{align\*}
                """#,
            math: [.display("\\begin{align*}\na &= b \\\\\nc &= d\n\\end{align*}")]),
        ImportCase(
            "$ x $ with spaces inside is math", .jekyll, slug: "spaced-dollars", body: "Let $ x + y $ be.",
            math: [.inline("x + y")]),
        ImportCase(
            "$5 and $10 is text", .jekyll, slug: "prices", body: "It costs $5 and $10.",
            contains: ["It costs $5 and $10."]),
        ImportCase(
            "a $ alone on a line opens display math closed by a $ ending a later line", .jekyll, slug: "dollar-line",
            body: #"""
                $
                f(x) = \begin{cases} 1 & x > 0 \\\\ 0 & \text{else} \end{cases}$
                """#,
            math: [.display(containing: #"\begin{cases} 1 & x > 0 \\ 0"#)]),
        ImportCase(
            #"x^\vec{v} gets braces and renders"#, .jekyll, slug: "vec-superscript", body: #"$x^\vec{v}$"#,
            math: [.inline(#"x^{\vec{v}}"#)]),
        ImportCase(
            #"\require{cancel} is left out with a note"#, .jekyll, slug: "require",
            body: #"$$\require{cancel}\cancel{x}$$"#, math: [.display(#"\cancel{x}"#)], messages: [.note("require")]),
        ImportCase(
            #"CJK inside \text{} gives no warning"#, .jekyll, slug: "cjk", body: #"$\text{损失} = L$"#,
            math: [.inline(#"\text{损失} = L"#)]),
        // Engine syntax left alone in code.
        ImportCase(
            "math and Liquid in code spans stay as written", .jekyll, slug: "code-spans",
            body: "Use `$x$` and `{{ page.title }}` or `{% include a.html %}`.",
            contains: ["<code>$x$</code>", "<code>{{ page.title }}</code>", "<code>{% include a.html %}</code>"]),
        ImportCase(
            "Liquid, math and attribute lists in a fenced code block stay as written", .jekyll, slug: "code-fence",
            body: #"""
                ```
                {% include foo.html %}
                {{ site.baseurl }} $a\_b$ {: .center}
                ```
                """#,
            contains: ["{% include foo.html %}", #"{{ site.baseurl }} $a\_b$ {: .center}"#]),
        ImportCase(
            "Liquid in an indented code block stays as written", .jekyll, slug: "code-indented",
            body: "Text.\n\n    {% include x.html %} $y$", contains: ["{% include x.html %} $y$"]),
        ImportCase(
            "attribute lists in a fenced code block stay as written", .jekyll, slug: "code-fence-ial",
            body: "```\n{: .center}\n{:toc}\n```", contains: ["{: .center}\n{:toc}"]),
        // Liquid.
        ImportCase(
            "{{ site.baseurl }} before a path is empty", .jekyll, slug: "baseurl",
            body: "![plot]({{ site.baseurl }}/img/a.png)", contains: ["img/a.png\" alt=\"plot\""],
            lacks: ["site.baseurl", "{{"]),
        ImportCase(
            "{{ site.baseurl }} before a path that is no file is empty", .jekyll, slug: "baseurl-link",
            body: "[About]({{ site.baseurl }}/about/)", contains: ["<a href=\"/about/\">About</a>"],
            lacks: ["site.baseurl"]),
        ImportCase(
            "{{ site.url }} is empty", .jekyll, slug: "site-url", body: "Root: [{{ site.url }}] end.",
            contains: ["Root: [] end."], lacks: ["site.url"]),
        ImportCase(
            "{% post_url %} links to that post's page", .jekyll, slug: "post-url",
            body: "See [the other post]({% post_url 2017-04-07-other %}).",
            contains: ["<a href=\"../other/index.html\">the other post</a>"], lacks: ["post_url"]),
        ImportCase(
            "{% link %} links to that post's page", .jekyll, slug: "link-tag",
            body: "See [Other]({% link _posts/2017-04-07-other.md %}).",
            contains: ["<a href=\"../other/index.html\">Other</a>"], lacks: ["{%"]),
        ImportCase(
            "{% highlight python %} is a code block, verbatim, its math not scanned", .jekyll, slug: "highlight",
            body: """
                {% highlight python %}
                def f(x):
                    return x  # cost $a_b$ and {{ page.x }}
                {% endhighlight %}
                """,
            contains: ["<pre><code class=\"language-python", "# cost $a_b$ and {{ page.x }}"],
            lacks: ["{% highlight", "endhighlight"]),
        ImportCase(
            "{% raw %} keeps its content as written, without the tags", .jekyll, slug: "raw",
            body: "{% raw %}Use {{ page.title }} and {% include x %} as is.{% endraw %}",
            contains: ["Use {{ page.title }} and {% include x %} as is."], lacks: ["raw %}"]),
        ImportCase(
            "{% include %} is a warning at the tag and leaves the page", .jekyll, slug: "include",
            body: "Intro.\n\n{% include figure.html src=\"a.png\" %}\n\nOutro.", contains: ["Outro."],
            lacks: ["figure.html", "{%"], messages: [.warning(7, 1, "include")]),
        ImportCase(
            "{{ page.author }} is a warning at the variable and leaves the page", .jekyll, slug: "page-variable",
            body: "Written by {{ page.author }}.", contains: ["Written by"], lacks: ["page.author", "{{"],
            messages: [.warning(5, 12, "page.author")]),
        ImportCase(
            "an unknown tag in a sentence is a warning at its column", .jekyll, slug: "unknown-tag",
            body: "See {% cite smith2020 %} for details.", contains: ["for details."], lacks: ["smith2020"],
            messages: [.warning(5, 5, "cite")]),
        ImportCase(
            "each unknown construct has its own warning", .jekyll, slug: "two-unknowns",
            body: "{{ page.a }}\n\nx {% assign y = 1 %}", lacks: ["page.a", "assign"],
            messages: [.warning(5, 1, "page.a"), .warning(7, 3, "assign")]),
        // kramdown's attribute lists and table of contents.
        ImportCase(
            "{: .center} after a paragraph is removed", .jekyll, slug: "ial-class",
            body: "A centred line.\n{: .center}", contains: ["A centred line."], lacks: ["{:", ".center"]),
        ImportCase(
            "{: #id .cls key=\"v\"} after a heading is removed", .jekyll, slug: "ial-heading",
            body: "## Results\n{: #res .wide key=\"v\"}\n\nText.", contains: ["Results</h2>", "Text."],
            lacks: ["{:", "key=&quot;v&quot;", ".wide"]),
        ImportCase(
            "* TOC with {:toc} is a table of contents", .jekyll, slug: "toc",
            body: "* TOC\n{:toc}\n\n## First part\n\nA.\n\n## Second part\n\nB.",
            contains: ["<nav class=\"toc\"", "href=\"#first-part\"", "href=\"#second-part\""],
            lacks: ["{:toc}", ">TOC<"]),
        // Jekyll's file names and front matter.
        ImportCase(
            "a post in _posts takes its date and slug from its name", .jekyll, slug: "other",
            body: "The post the others link to.", title: "A post", date: "2017-04-07",
            contains: ["The post the others link to."]),
        ImportCase(
            "without a title, the title comes from the file name", .jekyll, slug: "my-first-post",
            file: "---\nlayout: post\n---\nHello.\n", title: "My First Post", date: "2017-04-07"),
        ImportCase(
            "without front matter, the title comes from the file name", .jekyll, slug: "plain-notes",
            path: "_posts/2017-04-08-plain-notes.md", file: "# A Heading\n\nText.\n", title: "Plain Notes",
            date: "2017-04-08"),
        ImportCase(
            "name: is the title", .jekyll, slug: "named", file: "---\nlayout: post\nname: Named Post\n---\nText.\n",
            title: "Named Post"),
        ImportCase(
            "compatibility: native in the front matter wins over the site's", .jekyll, slug: "native-override",
            file: """
                ---
                layout: post
                title: Native
                date: 2017-04-07
                slug: native-override
                compatibility: native
                ---
                A $$x$$ b and {{ site.baseurl }} here.
                """,
            contains: ["{{ site.baseurl }} here."], math: [.display("x")]),
        ImportCase(
            "$$ whose paragraph goes on past the closing $$ is inline", .jekyll, slug: "dd-paragraph-continues",
            body: "$$x$$\nmore text.", math: [.inline("x")]),
        ImportCase(
            #"$$ keeps \\\\ as written: kramdown leaves it verbatim"#, .jekyll, slug: "dd-verbatim-rows",
            body: #"$$\begin{matrix} a \\\\ b \end{matrix}$$"#, math: [.display(#"\begin{matrix} a \\\\ b \end{matrix}"#)]),
        ImportCase(
            #"\_ in \\[ \\] is a subscript"#, .jekyll, slug: "bracket-underscore", body: #"\\[a\_1\\]"#,
            math: [.display("a_1")]),
        ImportCase(
            #"\_ in \\( \\) is a subscript"#, .jekyll, slug: "paren-underscore", body: #"So \\(x\_i\\) it is."#,
            math: [.inline("x_i")]),
        ImportCase(
            "{% highlight ruby linenos %} is a ruby code block", .jekyll, slug: "highlight-linenos",
            body: "{% highlight ruby linenos %}\nputs 1 # {{ x }}\n{% endhighlight %}",
            contains: ["<pre><code class=\"language-ruby", "# {{ x }}"], lacks: ["linenos", "{%"]),
        ImportCase(
            "Liquid in a ~~~ code block stays as written", .jekyll, slug: "code-tilde",
            body: "~~~\n{% include x.html %} {{ page.y }}\n~~~", contains: ["{% include x.html %} {{ page.y }}"]),
        ImportCase(
            "{%- include -%} with whitespace control is a warning naming include", .jekyll, slug: "include-dashes",
            body: "{%- include nav.html -%}\n\nText.", contains: ["Text."], lacks: ["nav.html"],
            messages: [.warning(5, 1, "include")]),
        ImportCase(
            #"\\$ inside $…$ is a dollar sign and does not close the formula"#, .jekyll, slug: "escaped-dollar-in-dollar",
            body: #"Pay $\\$5 + x$ now."#, math: [.inline(#"\$5 + x"#)]),
    ]
}

// MARK: - Hugo (Goldmark, shortcodes)

extension ImportSite {
    static let hugoCases: [ImportCase] = [
        ImportCase(
            "{{< figure >}} is a figure with its caption", .hugo, slug: "figure",
            body: #"{{< figure src="fig.png" caption="Cap" alt="A" >}}"#,
            contains: [#"<figure><img src="fig.png" alt="A"><figcaption>Cap</figcaption></figure>"#],
            lacks: ["{{"]),
        ImportCase(
            "{{% figure %}} is the same as {{< figure >}}", .hugo, slug: "figure-percent",
            body: #"{{% figure src="fig2.png" caption="Two" alt="B" %}}"#,
            contains: [#"<figure><img src="fig2.png" alt="B"><figcaption>Two</figcaption></figure>"#],
            lacks: ["{{"]),
        ImportCase(
            "{{< katex >}} is inline math", .hugo, slug: "katex-inline",
            body: "The loss {{< katex >}}x^2{{< /katex >}} is small.", lacks: ["katex &gt;"], math: [.inline("x^2")]),
        ImportCase(
            "{{< katex display >}} is display math", .hugo, slug: "katex-display",
            body: #"""
                {{< katex display >}}
                \int_0^1 x\,dx
                {{< /katex >}}
                """#,
            math: [.display(#"\int_0^1 x\,dx"#)]),
        ImportCase(
            "{{< math >}} is display math", .hugo, slug: "math-shortcode",
            body: "{{< math >}}\na^2 + b^2 = c^2\n{{< /math >}}", math: [.display("a^2 + b^2 = c^2")]),
        ImportCase(
            "{{< highlight go >}} is a code block, its math not scanned", .hugo, slug: "highlight",
            body: "{{< highlight go >}}\n// cost $x$ here\nfunc f() {}\n{{< /highlight >}}",
            contains: ["<pre><code class=\"language-go", "// cost $x$ here"], lacks: ["highlight go", "{{"]),
        ImportCase(
            "{{< ref \"other.md\" >}} links to that post's page", .hugo, slug: "ref",
            body: #"See [the other]({{< ref "other.md" >}})."#,
            contains: [#"<a href="../other/index.html">the other</a>"#]),
        ImportCase(
            "{{< relref \"other\" >}} links to that post's page", .hugo, slug: "relref",
            body: #"See [it]({{< relref "other" >}})."#, contains: [#"<a href="../other/index.html">it</a>"#]),
        ImportCase(
            "the post the others link to", .hugo, slug: "other", body: "Linked to.", title: "A post",
            date: "2020-01-01"),
        ImportCase(
            "an unknown shortcode is a warning naming it; its content stays Markdown", .hugo, slug: "notice",
            body: "{{< notice warning >}}\nBe **careful** here.\n{{< /notice >}}",
            contains: ["<strong>careful</strong> here."], lacks: ["notice", "{{"],
            messages: [.warning(5, 1, "notice")]),
        ImportCase(
            "an unknown {{% %}} shortcode is a warning naming it; its content stays", .hugo, slug: "notice-percent",
            body: "{{% notice info %}}Mind the gap.{{% /notice %}}", contains: ["Mind the gap."],
            lacks: ["notice", "{{"], messages: [.warning(5, 1, "notice")]),
        ImportCase(
            "an unknown shortcode in a sentence is a warning at its column", .hugo, slug: "youtube",
            body: "Watch {{< youtube abc123 >}} now.", contains: ["now."], lacks: ["youtube", "abc123"],
            messages: [.warning(5, 7, "youtube")]),
        ImportCase(
            "a shortcode in a code span stays as written", .hugo, slug: "code-span",
            body: #"Write `{{< figure src="a.png" >}}` for a figure."#,
            contains: ["<code>{{&lt; figure src=&quot;a.png&quot; &gt;}}</code>"], lacks: ["<figure>"]),
        ImportCase(
            "shortcodes and math in a fenced code block stay as written", .hugo, slug: "code-fence",
            body: "```\n{{< notice >}}\n{{< katex >}}x{{< /katex >}} $y$\n```",
            contains: ["{{&lt; notice &gt;}}", "{{&lt; katex &gt;}}x{{&lt; /katex &gt;}} $y$"]),
        ImportCase(
            #"\_ in $…$ is a subscript"#, .hugo, slug: "unescape-underscore", body: #"$a\_1$"#,
            math: [.inline("a_1")]),
        ImportCase(
            #"\_ in $$…$$ is a subscript too"#, .hugo, slug: "unescape-double-dollar",
            body: "$$\n" + #"x\_i = y\_i"# + "\n$$", math: [.display("x_i = y_i")]),
        ImportCase(
            #"\\\\ in $$…$$ is a row break"#, .hugo, slug: "unescape-rows",
            body: "$$\n" + #"\begin{pmatrix} a \\\\ b \end{pmatrix}"# + "\n$$",
            math: [.display(#"\begin{pmatrix} a \\ b \end{pmatrix}"#)]),
        ImportCase(
            #"\_ inside \text{} stays"#, .hugo, slug: "text-underscore", body: #"$\text{lr\_max} \cdot x\_t$"#,
            math: [.inline(#"\text{lr\_max} \cdot x_t"#)]),
        ImportCase(
            #"\_ inside \texttt{} and \operatorname{} stays"#, .hugo, slug: "texttt-underscore",
            body: #"$\texttt{n\_iter} + \operatorname{soft\_max}(z\_j)$"#,
            math: [.inline(#"\texttt{n\_iter} + \operatorname{soft\_max}(z_j)"#)]),
        ImportCase(
            #"\* in $…$ is a star"#, .hugo, slug: "unescape-star", body: #"$a\*b\*c$"#, math: [.inline("a*b*c")]),
        ImportCase(
            #"\\{ \\} are braces"#, .hugo, slug: "unescape-braces", body: #"$\\{ x \\}$"#,
            math: [.inline(#"\{ x \}"#)]),
        ImportCase(
            "$ a + b $ with spaces inside is math", .hugo, slug: "spaced-dollars", body: "Take $ a + b $ now.",
            math: [.inline("a + b")]),
        ImportCase(
            "$5 and $10 is text", .hugo, slug: "prices", body: "Between $5 and $10 a month.",
            contains: ["Between $5 and $10 a month."]),
        ImportCase(
            #"\begin{align\*} is align* display math"#, .hugo, slug: "align-star",
            body: #"\begin{align\*}"# + "\nx &= 1\n" + #"\end{align\*}"#,
            math: [.display("\\begin{align*}\nx &= 1\n\\end{align*}")]),
        ImportCase(
            "compatibility = \"native\" in the front matter wins over the site's", .hugo, slug: "native-override",
            file: """
                +++
                title = "Native"
                date = 2020-01-01
                compatibility = "native"
                +++
                {{< figure src="nowhere.png" >}} stays.
                """,
            contains: ["{{&lt; figure src=&quot;nowhere.png&quot; &gt;}} stays."], lacks: ["<figure>"]),
        ImportCase(
            #"\_ inside braces inside \text{} stays"#, .hugo, slug: "text-nested-underscore",
            body: #"$\text{rate {lr\_0}} \cdot y\_0$"#, math: [.inline(#"\text{rate {lr\_0}} \cdot y_0"#)]),
        ImportCase(
            "a shortcode in an indented code block stays as written", .hugo, slug: "code-indented",
            body: "Text.\n\n    {{< notice >}} $z$", contains: ["{{&lt; notice &gt;}} $z$"]),
        ImportCase(
            "a dated file name gives the date and slug", .hugo, slug: "hugo-dated", path: "posts/2021-06-07-hugo-dated.md",
            file: "+++\ntitle = \"Dated\"\n+++\nBody.\n", title: "Dated", date: "2021-06-07"),
        ImportCase(
            #"\\$ inside $…$ is a dollar sign and does not close the formula"#, .hugo, slug: "escaped-dollar-in-dollar",
            body: #"Pay $\\$5 + x\_1$ now."#, math: [.inline(#"\$5 + x_1"#)]),
    ]
}

// MARK: - Hexo (Nunjucks tags, its Markdown renderer)

extension ImportSite {
    static let hexoCases: [ImportCase] = [
        ImportCase(
            "{% asset_img %} is an image with its caption as alt", .hexo, slug: "asset-img",
            body: "{% asset_img diagram.png A caption %}", contains: [#"<img src="diagram.png" alt="A caption""#],
            lacks: ["asset_img"]),
        ImportCase(
            "{% codeblock lang:python %} is a code block, verbatim", .hexo, slug: "codeblock",
            body: "{% codeblock lang:python %}\nprint(1)  # $x$ {{ page.x }}\n{% endcodeblock %}",
            contains: ["<pre><code class=\"language-python", "# $x$ {{ page.x }}"], lacks: ["codeblock"]),
        ImportCase(
            "front matter closed by --- without an opening --- is front matter", .hexo, slug: "unopened",
            file: "title: Unopened\ndate: 2020-03-04\n---\nBody text.\n", title: "Unopened", date: "2020-03-04",
            contains: ["Body text."], lacks: ["date: 2020", "<hr"]),
        ImportCase(
            #"\_ in $…$ is a subscript"#, .hexo, slug: "unescape-underscore", body: #"$x\_1$"#,
            math: [.inline("x_1")]),
        ImportCase(
            #"\_ in $$…$$ is a subscript"#, .hexo, slug: "unescape-double-dollar", body: #"$$a\_1 + a\_2$$"#,
            math: [.display("a_1 + a_2")]),
        ImportCase(
            #"\\\\ in $$…$$ is a row break"#, .hexo, slug: "unescape-rows",
            body: "$$\n" + #"\begin{matrix} 1 \\\\ 2 \end{matrix}"# + "\n$$",
            math: [.display(#"\begin{matrix} 1 \\ 2 \end{matrix}"#)]),
        ImportCase(
            #"\\{ \\} are braces"#, .hexo, slug: "unescape-braces", body: #"$\\{1, 2\\}$"#,
            math: [.inline(#"\{1, 2\}"#)]),
        ImportCase(
            #"\_ inside \textrm{} stays"#, .hexo, slug: "textrm-underscore", body: #"$\textrm{w\_in} + w\_1$"#,
            math: [.inline(#"\textrm{w\_in} + w_1"#)]),
        ImportCase(
            "$ y $ with spaces inside is math", .hexo, slug: "spaced-dollars", body: "So $ y $ grows.",
            math: [.inline("y")]),
        ImportCase(
            "$5 and $10 is text", .hexo, slug: "prices", body: "Only $5 and $10 today.",
            contains: ["Only $5 and $10 today."]),
        ImportCase(
            "an unknown tag is a warning at the tag", .hexo, slug: "include-code",
            body: "{% include_code lang:js demo.js %}", lacks: ["demo.js", "{%"],
            messages: [.warning(5, 1, "include_code")]),
        ImportCase(
            "an unknown variable is a warning at its column", .hexo, slug: "page-variable",
            body: "By {{ page.author }}.", lacks: ["page.author"], messages: [.warning(5, 4, "page.author")]),
        ImportCase(
            "{% raw %} keeps its content as written", .hexo, slug: "raw",
            body: "{% raw %}{{ x }} and {% y %}{% endraw %}", contains: ["{{ x }} and {% y %}"], lacks: ["raw"]),
        ImportCase(
            "tags and math in code spans stay as written", .hexo, slug: "code-span",
            body: "Use `{% asset_img a.png %}` and `$x$`.",
            contains: ["<code>{% asset_img a.png %}</code>", "<code>$x$</code>"]),
        ImportCase(
            "tags and math in a fenced code block stay as written", .hexo, slug: "code-fence",
            body: "```js\n// {% codeblock %} $x$ {{ y }}\n```", contains: ["// {% codeblock %} $x$ {{ y }}"]),
        ImportCase(
            "{{ site.baseurl }} is empty", .hexo, slug: "baseurl", body: "Root is [{{ site.baseurl }}].",
            contains: ["Root is []."]),
        ImportCase(
            #"w_\mathbf{x} gets braces and renders"#, .hexo, slug: "mathbf-subscript", body: #"$w_\mathbf{x}$"#,
            math: [.inline(#"w_{\mathbf{x}}"#)]),
        ImportCase(
            #"\begin{align\*} is align* display math"#, .hexo, slug: "align-star",
            body: #"\begin{align\*}"# + "\ny &= 2\n" + #"\end{align\*}"#,
            math: [.display("\\begin{align*}\ny &= 2\n\\end{align*}")]),
        ImportCase(
            "a dated file name gives the date and slug", .hexo, slug: "hexo-dated", path: "2021-08-09-hexo-dated.md",
            file: "---\ntitle: Dated\n---\nBody.\n", title: "Dated", date: "2021-08-09"),
    ]
}

// MARK: - Pelican

extension ImportSite {
    static let pelicanCases: [ImportCase] = [
        ImportCase(
            "the Pelican header is metadata, not body text", .pelican, slug: "custom-pelican-slug",
            path: "pelican-meta.md",
            file: """
                Title: Pelican Metadata
                Date: 2020-05-06
                Tags: alpha, beta
                Slug: custom-pelican-slug
                Summary: A short summary.

                The body.
                """,
            title: "Pelican Metadata", date: "2020-05-06",
            contains: ["rel=\"tag\">alpha</a>", "rel=\"tag\">beta</a>", "The body."],
            lacks: ["Title:", "Slug:", "Summary:", "A short summary", "Tags:"]),
        ImportCase(
            "$ x $ with spaces inside is math", .pelican, slug: "spaced-dollars", body: "Let $ x $ be.",
            math: [.inline("x")]),
        ImportCase(
            #"\_ in math stays as written, with no warning"#, .pelican, slug: "underscore-kept", body: #"$a\_b$"#,
            math: [.inline(#"a\_b"#)]),
        ImportCase(
            "$5 and $10 is text", .pelican, slug: "prices", body: "From $5 and $10.", contains: ["From $5 and $10."]),
        ImportCase(
            "a dated file name gives the date and slug", .pelican, slug: "pelican-dated",
            path: "2019-05-06-pelican-dated.md", file: "Title: Dated\n\nBody.\n", title: "Dated", date: "2019-05-06"),
        ImportCase(
            #"a bare \begin{aligned} is display math"#, .pelican, slug: "aligned",
            body: #"\begin{aligned}"# + "\na &= b\n" + #"\end{aligned}"#,
            math: [.display("\\begin{aligned}\na &= b\n\\end{aligned}")]),
        ImportCase(
            "$ x $ in a code span stays as written", .pelican, slug: "code-span", body: "Type `$ x $` there.",
            contains: ["<code>$ x $</code>"]),
        ImportCase(
            #"x^\hat{y} gets braces and renders"#, .pelican, slug: "hat-superscript", body: #"$x^\hat{y}$"#,
            math: [.inline(#"x^{\hat{y}}"#)]),
        ImportCase(
            "a Pelican header with CRLF line ends is metadata", .pelican, slug: "pelican-crlf",
            file: "Title: Crlf Post\r\nDate: 2020-02-02\r\n\r\nBody.\r\n", title: "Crlf Post", date: "2020-02-02",
            contains: ["Body."], lacks: ["Title:", "Date:"]),
    ]
}

// MARK: - pandoc

extension ImportSite {
    static let pandocCases: [ImportCase] = [
        ImportCase(
            "a % title block is metadata", .pandoc, slug: "title-block",
            file: "% The Pandoc Title\n% Jane Doe\n% 2021-02-03\n\nBody.\n", title: "The Pandoc Title",
            date: "2021-02-03", contains: ["Body."], lacks: ["Jane Doe", "% The"]),
        ImportCase(
            "$ x $ with spaces inside is text", .pandoc, slug: "spaced-dollars", body: "A $ x $ here.",
            contains: ["A $ x $ here."]),
        ImportCase(
            #"\_ in math stays as written, with no warning"#, .pandoc, slug: "underscore-kept", body: #"$a\_b$"#,
            math: [.inline(#"a\_b"#)]),
        ImportCase(
            "$5 and $10 is text", .pandoc, slug: "prices", body: "Pay $5 and $10.", contains: ["Pay $5 and $10."]),
        ImportCase(
            "$$ inside a sentence is display math", .pandoc, slug: "dd-inline", body: "a $$x^2$$ b",
            math: [.display("x^2")]),
        ImportCase(
            #"a bare \begin{eqnarray} is display math, rendered without error"#, .pandoc, slug: "eqnarray",
            body: #"\begin{eqnarray}"# + "\na &=& b\n" + #"\end{eqnarray}"#, math: [.display(containing: "a &=& b")]),
        ImportCase(
            "a $ alone on a line opens display math closed by a $ ending a later line", .pandoc, slug: "dollar-line",
            body: "$\n" + #"g = \begin{cases} 0 & x < 0 \\ x & \text{otherwise} \end{cases}$"#,
            math: [.display(containing: #"\begin{cases} 0 & x < 0 \\ x"#)]),
    ]
}

// MARK: - Native rules (counter-cases), site macros, a post's own compatibility

extension ImportSite {
    static let nativeCases: [ImportCase] = [
        ImportCase(
            "{{< figure >}} stays as written", .native, slug: "figure-text", body: #"{{< figure src="a.png" >}}"#,
            contains: ["{{&lt; figure src=&quot;a.png&quot; &gt;}}"], lacks: ["<figure>"]),
        ImportCase(
            "$ x $ with spaces inside is text", .native, slug: "spaced-text", body: "A $ x $ here.",
            contains: ["A $ x $ here."]),
        ImportCase(
            #"\_ in math is a warning at the \_"#, .native, slug: "underscore-warning", body: #"Loss $a\_b$ here."#,
            math: [.inline(#"a\_b"#)], messages: [.warning(5, 8, #"\_"#)]),
        ImportCase(
            #"\_ inside \text{} is no warning"#, .native, slug: "text-underscore", body: #"$\text{a\_b} + c$"#,
            math: [.inline(#"\text{a\_b} + c"#)]),
        ImportCase(
            "Liquid stays as written", .native, slug: "liquid-text",
            body: "Path {{ site.baseurl }}/x and {% include a.html %}.",
            contains: ["Path {{ site.baseurl }}/x and {% include a.html %}."]),
        ImportCase(
            "an attribute list stays as written", .native, slug: "ial-text", body: "Para.\n{: .center}",
            contains: ["{: .center}"]),
        ImportCase(
            "{{< katex >}} stays as written", .native, slug: "katex-text", body: "So {{< katex >}}x{{< /katex >}}.",
            contains: ["{{&lt; katex &gt;}}x{{&lt; /katex &gt;}}"]),
        ImportCase(
            "$$ inside a sentence is display math", .native, slug: "dd-inline", body: "a $$x^2$$ b",
            math: [.display("x^2")]),
        ImportCase(
            #"a bare \begin{aligned} is display math"#, .native, slug: "aligned",
            body: #"""
                \begin{aligned}
                a &= b \\
                c &= d
                \end{aligned}
                """#,
            math: [.display("\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}")]),
        ImportCase(
            #"\begin{aligned} inside $$ is one formula"#, .native, slug: "aligned-in-dollars",
            body: "$$\n" + #"\begin{aligned} a &= b \end{aligned}"# + "\n$$",
            math: [.display(#"\begin{aligned} a &= b \end{aligned}"#)]),
        ImportCase(
            #"a bare \begin{eqnarray} is display math, rendered without error"#, .native, slug: "eqnarray",
            body: #"\begin{eqnarray}"# + "\na &=& b\n" + #"\end{eqnarray}"#, math: [.display(containing: "a &=& b")]),
        ImportCase(
            #"a bare \begin{eqnarray*} is display math, rendered without error"#, .native, slug: "eqnarray-star",
            body: #"""
                \begin{eqnarray*}
                x &=& 1 \\
                y &=& 2
                \end{eqnarray*}
                """#,
            math: [.display(containing: "x &=& 1")]),
        ImportCase(
            #"x^\vec{v} gets braces and renders"#, .native, slug: "vec-superscript", body: #"$x^\vec{v}$"#,
            math: [.inline(#"x^{\vec{v}}"#)]),
        ImportCase(
            #"x_\mathbf{w} gets braces and renders"#, .native, slug: "mathbf-subscript", body: #"$x_\mathbf{w}$"#,
            math: [.inline(#"x_{\mathbf{w}}"#)]),
        ImportCase(
            #"A^\mathrm{T} gets braces and renders"#, .native, slug: "mathrm-superscript", body: #"$A^\mathrm{T} x$"#,
            math: [.inline(#"A^{\mathrm{T}} x"#)]),
        ImportCase(
            #"CJK inside \text{} gives no warning"#, .native, slug: "cjk", body: #"$\text{损失} = -\log p$"#,
            math: [.inline(#"\text{损失} = -\log p"#)]),
        ImportCase(
            #"\require{cancel} is left out with a note"#, .native, slug: "require",
            body: #"$\require{cancel}\cancel{5}$"#, math: [.inline(#"\cancel{5}"#)], messages: [.note("require")]),
        ImportCase(
            "a $ alone on a line opens display math closed by a $ ending a later line", .native, slug: "dollar-line",
            body: "$\n" + #"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}$"#,
            math: [.display(containing: #"\begin{cases} 1 & x > 0 \\ 0"#)]),
        ImportCase(
            "math and shortcodes in code spans stay as written", .native, slug: "code-span",
            body: "`$x$` and `{{< katex >}}`", contains: ["<code>$x$</code>", "<code>{{&lt; katex &gt;}}</code>"]),
        ImportCase(
            "$5 and $10 is text", .native, slug: "prices", body: "A price of $5 and $10.",
            contains: ["A price of $5 and $10."]),
        ImportCase(
            "the site's macros: are every post's", .native, slug: "site-macro", body: #"$x \in \R$"#,
            contains: [#"<mi mathvariant="double-struck">R</mi>"#], math: [.inline(#"x \in \R"#)]),
        ImportCase(
            #"macros.tex's \newcommand is every post's"#, .native, slug: "macros-file", body: #"$\Loss(\theta)$"#,
            contains: [#"<mi mathvariant="script">L</mi>"#], math: [.inline(#"\Loss(\theta)"#)]),
        ImportCase(
            #"macros.tex's \DeclareMathOperator is every post's"#, .native, slug: "macros-operator",
            body: #"$\tr A$"#, math: [.inline(#"\tr A"#)]),
        ImportCase(
            #"macros.tex's \renewcommand is every post's"#, .native, slug: "macros-renew", body: #"$\Re z$"#,
            lacks: ["ℜ"], math: [.inline(#"\Re z"#)]),
        ImportCase(
            "a post's own macros: win over the site's", .native, slug: "post-macro",
            file: "---\ntitle: Own\ndate: 2020-01-01\nmacros:\n  " + #"\R: \mathbf{R}"# + "\n---\n" + #"$\R^n$"# + "\n",
            contains: [#"<mi mathvariant="bold">R</mi>"#], lacks: ["double-struck"], math: [.inline(#"\R^n"#)]),
        ImportCase(
            "compatibility: jekyll in the front matter: kramdown's inline $$, Liquid, no note", .native,
            slug: "jekyll-override",
            file: "---\ntitle: J\ndate: 2020-01-01\ncompatibility: jekyll\n---\na $$x$$ b{{ site.baseurl }}.\n",
            contains: ["b."], lacks: ["site.baseurl"], math: [.inline("x")]),
        ImportCase(
            "compatibility: hugo in the front matter: shortcodes, no note", .native, slug: "hugo-override",
            file: "---\ntitle: H\ndate: 2020-01-01\ncompatibility: hugo\n---\nSo {{< katex >}}y{{< /katex >}}.\n",
            math: [.inline("y")]),
        ImportCase(
            "a layout: key reads the post as Jekyll's, with a note", .native, slug: "layout-inferred",
            file: "---\nlayout: post\ntitle: L\ndate: 2020-01-01\n---\na $$x$$ b\n", math: [.inline("x")],
            messages: [.note(1, 1, "jekyll")]),
        ImportCase(
            "a dated file name keeps its name as the slug (native URLs never change)", .native,
            slug: "2020-01-02-dated-native", path: "2020-01-02-dated-native.md", file: "---\ntitle: Dated\n---\nBody.\n",
            title: "Dated", messages: [.warning(1, 1, "date")]),
        ImportCase(
            "without front matter, a dated name: title from the heading, the name as the slug", .native,
            slug: "2020-01-03-headed",
            path: "2020-01-03-headed.md", file: "# First Heading\n\nText.\n", title: "First Heading",
            messages: [.warning(1, 1, "date")]),
        ImportCase(
            #"\_ inside \operatorname{} is no warning"#, .native, slug: "operatorname-underscore",
            body: #"$\operatorname{arg\_min} f$"#, math: [.inline(#"\operatorname{arg\_min} f"#)]),
        ImportCase(
            "without front matter the title is the first heading (and the post has no date)", .native,
            slug: "no-front-matter", file: "# Only A Heading\n\nText.\n", title: "Only A Heading",
            messages: [.warning(1, 1, "date")]),
        ImportCase(
            "name: is the title", .native, slug: "named", file: "---\nname: Named Native\ndate: 2020-01-01\n---\nText.\n",
            title: "Named Native"),
        ImportCase(
            #"\_ in display math is a warning at the \_"#, .native, slug: "underscore-warning-display",
            body: "$$\n" + #"a\_1"# + "\n$$", math: [.display(#"a\_1"#)], messages: [.warning(6, 2, #"\_"#)]),
        ImportCase(
            #"\_ in a code span is no warning"#, .native, slug: "underscore-code-span", body: #"Write `$a\_b$` there."#,
            contains: [#"<code>$a\_b$</code>"#]),
    ]
}

// MARK: - Inferred profiles

extension ImportSite {
    static let inferredCases: [ImportCase] = [
        ImportCase(
            "a post in _posts is read as Jekyll's, with a note at its first line", .inferred, slug: "inferred",
            path: "_posts/2017-04-07-inferred.md", file: "---\ntitle: Inferred\n---\na $$x$$ b\n", date: "2017-04-07",
            math: [.inline("x")], messages: [.note(1, 1, "jekyll")]),
        ImportCase(
            "+++ front matter is read as Hugo's, with a note", .inferred, slug: "toml-inferred",
            file: "+++\ntitle = \"Toml\"\ndate = 2020-01-01\n+++\nSo {{< katex >}}z{{< /katex >}}.\n",
            math: [.inline("z")], messages: [.note(1, 1, "hugo")]),
        ImportCase(
            "a Pelican header is read as Pelican's, with a note", .inferred, slug: "pelican-inferred",
            file: "Title: Pel\nDate: 2020-01-01\n\nLet $ q $ be.\n", title: "Pel", math: [.inline("q")],
            messages: [.note(1, 1, "pelican")]),
        ImportCase(
            "a post with no signs is read by the native rules, with no note", .inferred, slug: "plain",
            body: "a $$x$$ b and $ y $.", contains: ["$ y $."], math: [.display("x")]),
        ImportCase(
            "a second post in _posts gets no note of its own", .inferred, slug: "inferred-second",
            path: "_posts/2017-04-08-inferred-second.md", file: "---\ntitle: Second\n---\na $$y$$ b\n", date: "2017-04-08",
            math: [.inline("y")]),
    ]
}
