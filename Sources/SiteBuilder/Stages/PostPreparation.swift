import Compatibility
import Diagnostics
import Foundation
import Markdown
import MathFinder

/// A formula found in a post, with where it stands in the file.
struct Formula: Sendable {
    var tex: String
    var isDisplay: Bool
    /// Where the formula's opening delimiter stands.
    var location: SourceLocation
    /// Where ``tex`` stands in the file, verbatim; `nil` for TeX the build wrote (a claim's LaTeX), whose
    /// problems are reported at ``location``.
    var texFragment: SourceFragment?
    /// Whether the formula is in the post's title or summary: one KaTeX cannot render is a warning (the title
    /// then shows its source), not an error.
    var isInFrontMatter = false
    /// The post's own TeX and how ``tex`` was made from it, when equation labels or references were rewritten
    /// (``EquationNumbering``); positions in ``tex`` are mapped back through it.
    var rewriting: (sourceTeX: String, changes: RewrittenTeX)?
    /// For a display whose rows were checked, the list of its rows' checks shown below it (``EquationMarks``).
    var checkHTML: String?
    /// The TeX as the author wrote it.
    var sourceTeX: String { rewriting?.sourceTeX ?? tex }

    /// The position in the file of a line and column of ``sourceTeX``.
    func location(inSourceTeX position: SourceLocation) -> SourceLocation {
        texFragment?.fileLocation(of: position) ?? location
    }

    /// The position of the `offset`-th Unicode scalar of ``tex`` in the file (KaTeX's error position).
    func location(ofTeXScalarOffset offset: Int) -> SourceLocation {
        guard let texFragment else { return location }
        var sourceTeX = tex
        var sourceOffset = offset
        if let rewriting {
            let prefix = tex.unicodeScalars.prefix(offset).reduce(0) { $0 + UTF8.width($1) }
            let original = rewriting.changes.originalOffset(of: prefix)
            sourceTeX = rewriting.sourceTeX
            sourceOffset = String(decoding: sourceTeX.utf8.prefix(original), as: UTF8.self).unicodeScalars.count
        }
        var inTeX = SourceLocation(line: 1, column: 1)
        for scalar in sourceTeX.unicodeScalars.prefix(sourceOffset) {
            if scalar == "\n" {
                inTeX = SourceLocation(line: inTeX.line + 1, column: 1)
            } else {
                inTeX.column += 1
            }
        }
        return texFragment.fileLocation(of: inTeX)
    }
}

/// A `swift-check` fence taken out of a post.
struct PreparedFence: Sendable {
    var ordinal: Int
    var info: String
    var content: String
    /// The line of the opening fence in the file.
    var line: Int
    /// The column of the opening fence in the file.
    var column: Int
    var marker: String
    /// Where the info string (`swift-check id=…`) starts in the file: after the fence's backticks or
    /// tildes, however many, and the spaces after them.
    var infoFragment: SourceFragment
    /// Where the body starts in the file: the line after the opening fence, its lines indented as the
    /// fence is (inside a list item or a block quote).
    var bodyFragment: SourceFragment {
        SourceFragment(start: SourceLocation(line: line + 1, column: column), indentation: column - 1)
    }
}

/// A file a post links to, copied beside the post's page so the relative link keeps working.
struct CompanionFile: Sendable, Hashable {
    /// The file's path relative to the content folder.
    var contentPath: String
    /// The path relative to the post's page folder, as the link writes it.
    var pagePath: String
    /// Where the first link to the file stands in the post (for the warning when the file is missing).
    var linkLocation: SourceLocation
}

/// A title or a summary from the front matter with math in it (`The $\sigma$ function`).
///
/// Its formulas are rendered with the post's (they are the last of ``PreparedPost/formulas``); the pages show
/// ``html(formulaHTML:)``, and the `<title>`, the feed and the reports show ``plainText``, each formula's TeX
/// without its dollars.
struct MathInText: Sendable {
    /// The text with each formula replaced by its token.
    var protected: ProtectedMarkdown
    /// The index in ``PreparedPost/formulas`` of the text's first formula.
    var firstFormula: Int

    /// The text with each formula's TeX in place of the formula (and each equation reference as written).
    var plainText: String {
        protected.replacingReferenceTokens(
            in: protected.replacingTokens(in: protected.text) { protected.spans[$0].tex }
        ) { protected.references[$0].sourceText }
    }

    /// The text escaped for HTML, with each formula's HTML (`formulaHTML(i)` for ``PreparedPost/formulas``'s
    /// `i`-th) in its place (and each equation reference as written).
    func html(formulaHTML: (Int) -> String) -> String {
        protected.replacingReferenceTokens(
            in: protected.replacingTokens(in: HTML.escape(protected.text)) { formulaHTML(firstFormula + $0) }
        ) { HTML.escape(protected.references[$0].sourceText) }
    }
}

/// A post after its Markdown is parsed: HTML with placeholders for math and claim cards.
struct PreparedPost: Sendable {
    var source: SourceFile
    var metadata: PostMetadata
    var slug: String
    var title: String
    var html: String
    var protected: ProtectedMarkdown
    var formulas: [Formula]
    /// The post's equation labels, their numbers and anchors, and the HTML of its prose references.
    var equations: EquationNumbering
    /// How the check of each labelled display came out, for the references to it (``EquationMarks``).
    var equationStatuses: [String: EquationReferenceStatus] = [:]
    var fences: [PreparedFence]
    var headings: [Heading]
    /// The front matter's title, when it has math (``title`` is then its plain text).
    var titleMath: MathInText?
    /// The front matter's summary, when it has math.
    var summaryMath: MathInText?
    /// Files beside the post that it links to.
    var companionFiles: [CompanionFile]
    /// Messages about a post that is still built: warnings (its front matter's misspelt keys…) and the errors
    /// about its equation labels and references (the page shows such a reference as `(??)`).
    var warnings: [Diagnostic] = []
    /// The lines of the file as it was read, for the source lines of messages about it.
    var lines: LineIndex
    /// The engine profile the post was read with.
    var profile: EngineProfile = .native
    /// When nothing chose the profile: the sign it was inferred from (for the build's one note about it).
    var profileSign: String?
}

/// Reads one post file and turns it into a ``PreparedPost``: checks the bytes, reads the
/// front matter, protects the math from Markdown, and renders the Markdown.
struct PostPreparation: Sendable {
    var limits: InputLimits
    var safe: Bool
    /// With `--keep-going` a problem with an equation label or reference is a warning, not an error.
    var keepGoing = false
    /// The site's `compatibility:` (a post's own wins; `nil`: inferred per post).
    var siteProfile: EngineProfile?
    /// The site's macros (`macros:` and `macros.tex`), under each post's own.
    var siteMacros: [String: String] = [:]

    static let claimFenceLanguage = "swift-check"

    /// Prepares the post `source` from `file`, the snapshot's reading of it (its bytes, or nil when it
    /// was over the size limit, which was checked on its size before it was read).
    func prepare(_ source: SourceFile, from file: InputSnapshot.File) throws(Diagnostic) -> PreparedPost {
        // A file over the limit is refused before it is read (it may be a 100 MB log or a sparse file).
        if file.identity.size > Int64(limits.maxPostBytes) {
            throw Diagnostic(
                path: source.displayPath, location: SourceLocation(line: 1, column: 1),
                message:
                    "post is \(file.identity.size) bytes, over the limit of \(limits.maxPostBytes) bytes (--limit maxPostBytes=…)"
            )
        }
        guard let bytes = file.bytes else {
            throw Diagnostic(
                path: source.displayPath, location: SourceLocation(line: 1, column: 1), message: "cannot read the file")
        }
        let text = try decodeText(bytes, path: source.displayPath)
        // Every message about the decoded post shows its source line, from the bytes read once.
        let lines = LineIndex(utf8: bytes)
        do throws(Diagnostic) {
            return try prepare(source, text: text, lines: lines)
        } catch {
            throw error.showingSource(from: lines)
        }
    }

    /// Prepares the post `source` from its decoded `text`, whose lines `lines` indexes.
    private func prepare(_ source: SourceFile, text: String, lines: LineIndex) throws(Diagnostic) -> PreparedPost {
        try limits.check(text, path: source.displayPath)
        let split = try FrontMatterReader.read(
            text, path: source.displayPath, limits: limits, allowsUnopenedYAML: siteProfile == .hexo)
        var metadata = split.metadata
        metadata.macros.merge(siteMacros) { own, _ in own }
        var profile = metadata.compatibility ?? siteProfile ?? .native
        var profileSign: String?
        if metadata.compatibility == nil, siteProfile == nil,
            let (inferred, sign) = EngineProfile.inferred(
                relativePath: source.relativePath, frontMatter: split.style, hasLayoutKey: metadata.fieldLines["layout"] != nil)
        {
            (profile, profileSign) = (inferred, sign)
        }
        let datedName = profile == .native ? nil : DatedFileName(source.relativePath)
        if metadata.date == nil, let datedName { metadata.date = PostDate(parsing: datedName.date) }
        if metadata.title == nil, profile == .jekyll {
            metadata.title = datedName?.title ?? DatedFileName.titleFromSlug(ContentLoader.slug(fromPath: source.relativePath))
        }

        // Another engine's template syntax becomes Markdown first; every line stays where it was.
        let translation = EngineSyntaxTranslation.translate(split.body, profile: profile)
        var protected = ProtectedMarkdown.protect(translation.text, rules: profile.mathRules)
        let bodyIndex = LineIndex(split.body)
        let body = SourceFragment(line: split.bodyLineOffset + 1)
        var engineMessages = translation.messages.map { message in
            Diagnostic(
                message.severity, path: source.displayPath,
                location: body.fileLocation(of: bodyIndex.location(ofUTF8Offset: message.utf8Offset)), message: message.text)
        }
        engineMessages += Self.adaptTeX(of: &protected, profile: profile) { offset in
            (source.displayPath, body.fileLocation(of: bodyIndex.location(ofUTF8Offset: translation.originalOffset(of: offset))))
        }
        try limits.checkMarkdown(protected.text, path: source.displayPath) { line in
            protected.originalLine(ofProtectedLine: line) + split.bodyLineOffset
        }
        var locator = ForwardLocator(split.body)
        let numbering = EquationNumbering(
            spans: protected.spans, references: protected.references, path: source.displayPath,
            severity: keepGoing ? .warning : .error
        ) { offset in body.fileLocation(of: locator.location(ofUTF8Offset: translation.originalOffset(of: offset))) }
        let rendered = MarkdownRenderer.render(
            protected.text,
            options: MarkdownOptions(safe: safe, extractedFenceLanguage: Self.claimFenceLanguage),
            plainText: { text in
                protected.replacingReferenceTokens(
                    in: protected.replacingTokens(in: text) { index in protected.spans[index].tex }
                ) { numbering.referencePlainText($0) }
            }
        )
        var equations = numbering
        // The template's own `id`s (the post's `main`) are taken too.
        equations.assignAnchors(avoiding: Self.elementIDs(in: rendered.html).union(["main"]))
        // The spans are in order, so the locator finds each position from the last (many formulas on a long line).
        let formulas = protected.spans.enumerated().map { index, span in
            var formula = Formula(
                tex: span.tex, isDisplay: span.isDisplay,
                location: body.fileLocation(
                    of: locator.location(ofUTF8Offset: translation.originalOffset(of: span.utf8Range.lowerBound))),
                texFragment: SourceFragment(
                    start: body.fileLocation(
                        of: locator.location(ofUTF8Offset: translation.originalOffset(of: span.texUTF8Start)))))
            if let rewritten = equations.rewrittenTeX(ofFormula: index) {
                formula.tex = rewritten.tex
                formula.rewriting = (span.tex, rewritten)
            }
            return formula
        }
        let fences = rendered.fences.map { fence in
            let line = protected.originalLine(ofProtectedLine: fence.line) + split.bodyLineOffset
            return PreparedFence(
                ordinal: fence.ordinal, info: fence.info, content: fence.content, line: line, column: fence.column,
                marker: fence.marker, infoFragment: SourceFragment(start: SourceLocation(line: line, column: fence.infoColumn)))
        }
        let slug: String
        if metadata.slug == nil, let datedName {
            slug = Slug.make(from: datedName.slug)
        } else {
            slug = try self.slug(for: source, metadata: metadata)
        }
        var title = metadata.title ?? rendered.headings.first?.text ?? slug
        var metadataWithPlainSummary = metadata
        var allFormulas = formulas
        let titleMath = metadata.title.flatMap {
            mathInText($0, field: "title", metadata: metadata, lines: lines, formulas: &allFormulas)
        }
        if let titleMath { title = titleMath.plainText }
        let summaryMath = metadata.summary.flatMap {
            mathInText($0, field: "summary", metadata: metadata, lines: lines, formulas: &allFormulas)
        }
        if let summaryMath { metadataWithPlainSummary.summary = summaryMath.plainText }
        var warnings = split.warnings + engineMessages + equations.diagnostics
        if metadata.date == nil && !metadata.draft {
            warnings.append(
                Diagnostic(
                    .warning, path: source.displayPath, location: SourceLocation(line: 1, column: 1),
                    message:
                        "this post has no date: it is listed after the dated posts, and the feed dates it \(PostPreparation.undatedFeedDateDescription); add 'date: YYYY-MM-DD' to its front matter"
                ))
        }
        var companionFiles = companionFiles(
            of: source, destinations: rendered.destinations + translation.linkedFiles, body: split.body,
            bodyIndex: bodyIndex, bodyFragment: body)
        var html = profile == .jekyll ? KramdownAttributes.applying(to: rendered.html) : rendered.html
        if profile != .native {
            let rootFiles = siteRootFiles(of: source, destinations: rendered.destinations + translation.linkedFiles)
            companionFiles = (companionFiles + rootFiles.files).sorted { $0.pagePath < $1.pagePath }
            for (written, relative) in rootFiles.links {
                for attribute in ["src=\"", "href=\""] {
                    html = html.replacingOccurrences(of: attribute + written + "\"", with: attribute + relative + "\"")
                }
            }
        }
        let post = PreparedPost(
            source: source, metadata: metadataWithPlainSummary, slug: slug, title: title, html: html,
            protected: protected, formulas: allFormulas, equations: equations, fences: fences,
            headings: rendered.headings.map { heading in
                var heading = heading
                heading.line = protected.originalLine(ofProtectedLine: heading.line) + split.bodyLineOffset
                return heading
            },
            titleMath: titleMath, summaryMath: summaryMath,
            companionFiles: companionFiles,
            warnings: warnings.map { $0.showingSource(from: lines) }, lines: lines, profile: profile, profileSign: profileSign)
        try limits.checkWork(post)
        return post
    }

    /// Makes each formula's TeX what the post's engine handed to MathJax (Markdown's escapes undone where it
    /// ran over the math) and what KaTeX accepts of MathJax's (`x^\vec{v}` braced, `\require` dropped).
    /// - Parameter place: the path and position of a UTF-8 offset in the protected post's text.
    /// - Returns: a note for each `\require`, and under the native rules a warning at a post's first `\_`.
    static func adaptTeX(
        of protected: inout ProtectedMarkdown, profile: EngineProfile, place: (Int) -> (String, SourceLocation)
    ) -> [Diagnostic] {
        var messages: [Diagnostic] = []
        var escapedUnderscores: [Int] = []
        for index in protected.spans.indices {
            let span = protected.spans[index]
            var tex = span.tex
            if profile.ranMarkdownOver(span.delimiter) {
                tex = EngineTeX.unescapingMarkdown(tex)
            } else if profile == .native {
                escapedUnderscores += EngineTeX.escapedUnderscoreOffsets(in: tex).map { span.texUTF8Start + $0 }
            }
            tex = EngineTeX.rewritingMbox(
                EngineTeX.rewritingEqalign(EngineTeX.rewritingEqnarray(EngineTeX.bracingScriptCommands(tex))))
            let (withoutRequire, required) = EngineTeX.removingRequire(tex)
            if !required.isEmpty {
                let (path, location) = place(span.texUTF8Start)
                messages.append(
                    Diagnostic(
                        .note, path: path, location: location,
                        message:
                            "math: \\require{\(required.joined(separator: "}, \\require{"))} is MathJax's; KaTeX has its extensions built in, so it is left out"
                    ))
            }
            protected.spans[index].tex = withoutRequire
        }
        if let first = escapedUnderscores.first {
            let (path, location) = place(first)
            let more = escapedUnderscores.count > 1 ? " (and \(escapedUnderscores.count - 1) more in this post)" : ""
            messages.append(
                Diagnostic(
                    .warning, path: path, location: location,
                    message:
                        "math: '\\_' renders as an underscore, not a subscript\(more); write '_' for a subscript, or set 'compatibility:' if the post was written for an engine that ran Markdown over its math (Hugo, Hexo, Jekyll)"
                ))
        }
        return messages
    }

    /// The values of the `id="…"` attributes in `html` (cmark's headings and footnotes, the author's raw HTML).
    static func elementIDs(in html: String) -> Set<String> {
        var ids: Set<String> = []
        let bytes = Array(html.utf8)
        let marker = Array(" id=\"".utf8)
        var index = 0
        while index + marker.count <= bytes.count {
            guard bytes[index] == marker[0], bytes[index..<(index + marker.count)].elementsEqual(marker) else {
                index += 1
                continue
            }
            let start = index + marker.count
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += 1 }
            ids.insert(String(decoding: bytes[start..<end], as: UTF8.self))
            index = end
        }
        return ids
    }

    /// How the feed dates a post without a date, for the warning about it.
    static let undatedFeedDateDescription = "at SOURCE_DATE_EPOCH, or 1970-01-01 when that is not set"

    /// The math in the front matter's `field` (its text `text`), its formulas appended to `formulas`; `nil` when the
    /// text has none. Each formula is located at its dollar sign on the field's line.
    private func mathInText(
        _ text: String, field: String, metadata: PostMetadata, lines: LineIndex, formulas: inout [Formula]
    ) -> MathInText? {
        let protected = ProtectedMarkdown.protect(text)
        guard !protected.spans.isEmpty else { return nil }
        let line = metadata.fieldLines[field] ?? 1
        let lineText = lines.lineText(line) ?? ""
        let dollar = lineText.firstIndex(of: "$").map { lineText.distance(from: lineText.startIndex, to: $0) + 1 } ?? 1
        let first = formulas.count
        for span in protected.spans {
            formulas.append(
                Formula(
                    tex: span.tex, isDisplay: false, location: SourceLocation(line: line, column: dollar), texFragment: nil,
                    isInFrontMatter: true))
        }
        return MathInText(protected: protected, firstFormula: first)
    }

    /// Decodes UTF-8, refusing binary files and naming the first invalid byte's position.
    private func decodeText(_ bytes: [UInt8], path: String) throws(Diagnostic) -> String {
        if let nul = bytes.prefix(8192).firstIndex(of: 0) {
            let location = LineIndex(utf8: Array(bytes[..<nul])).location(ofUTF8Offset: nul)
            throw Diagnostic(
                path: path, location: location,
                message: "this looks like a binary file (it contains a NUL byte), not a Markdown post")
        }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            case .error:
                let location = LineIndex(utf8: Array(bytes[..<offset])).location(ofUTF8Offset: offset)
                throw Diagnostic(
                    path: path, location: location,
                    message:
                        "the file is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at byte offset \(offset)); save it as UTF-8"
                )
            }
        }
    }

    private func slug(for source: SourceFile, metadata: PostMetadata) throws(Diagnostic) -> String {
        if let written = metadata.slug {
            guard Slug.isValid(written) else {
                throw Diagnostic(
                    path: source.displayPath,
                    location: SourceLocation(line: metadata.fieldLines["slug"] ?? 1, column: 1),
                    message:
                        "slug '\(written)' is not allowed: use lower-case letters, digits, '-', '_' and '.', not starting with '.' or '-'"
                )
            }
            return written
        }
        return ContentLoader.slug(fromPath: source.relativePath)
    }

    /// Relative link and image destinations that name files beside the post, inside the content folder, each with
    /// where its first link stands (found in `body`, which `bodyIndex` indexes and `bodyFragment` places in the file).
    private func companionFiles(
        of source: SourceFile, destinations: [String], body: String, bodyIndex: LineIndex, bodyFragment: SourceFragment
    ) -> [CompanionFile] {
        let folder = (source.relativePath as NSString).deletingLastPathComponent
        var files: [String: CompanionFile] = [:]
        func linkLocation(_ destination: String, _ decoded: String) -> SourceLocation {
            // The destination after a link's `](` or `(` or a reference's `]:`, else anywhere.
            for written in [destination, decoded] {
                for opening in ["](", "](<", "]: ", "]: <", ""] {
                    if let range = body.range(of: opening + written) {
                        let offset = body.utf8.distance(from: body.startIndex, to: range.lowerBound) + opening.utf8.count
                        return bodyFragment.fileLocation(of: bodyIndex.location(ofUTF8Offset: offset))
                    }
                }
            }
            return bodyFragment.fileLocation(of: SourceLocation(line: 1, column: 1))
        }
        for destination in destinations {
            guard !destination.isEmpty, !destination.hasPrefix("/"), !destination.hasPrefix("#"),
                !destination.contains(":")
            else { continue }
            let path = String(destination.prefix { $0 != "?" && $0 != "#" })
            let decoded = path.removingPercentEncoding ?? path
            let components = decoded.split(separator: "/")
            guard !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") })
            else { continue }
            let relative = folder.isEmpty ? decoded : folder + "/" + decoded
            guard !ContentLoader.isPost(relative), isInsideContent(relative, of: source) else { continue }
            if files[decoded] == nil {
                files[decoded] = CompanionFile(
                    contentPath: relative, pagePath: decoded, linkLocation: linkLocation(destination, decoded))
            }
        }
        return files.values.sorted { $0.pagePath < $1.pagePath }
    }

    /// The files an imported post links to from its site's root (`/images/a.png`, as Jekyll and Hugo serve a
    /// site's `images/` and Hugo's `static/images/`): those found in the content folder (or its `static/` folder)
    /// are copied beside the page, and each link is rewritten from the written destination to the relative one.
    private func siteRootFiles(
        of source: SourceFile, destinations: [String]
    ) -> (files: [CompanionFile], links: [(written: String, relative: String)]) {
        var files: [CompanionFile] = []
        var links: [(String, String)] = []
        var seen: Set<String> = []
        for destination in destinations where destination.hasPrefix("/") && !destination.hasPrefix("//") {
            let path = String(destination.dropFirst().prefix { $0 != "?" && $0 != "#" })
            let decoded = path.removingPercentEncoding ?? path
            let components = decoded.split(separator: "/")
            guard !components.isEmpty, !components.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") }),
                !ContentLoader.isPost(decoded), seen.insert(destination).inserted
            else { continue }
            for candidate in [decoded, "static/" + decoded] where isRegularFileInsideContent(candidate, of: source) {
                files.append(
                    CompanionFile(contentPath: candidate, pagePath: decoded, linkLocation: SourceLocation(line: 1, column: 1)))
                links.append((destination, String(destination.dropFirst())))
                break
            }
        }
        return (files, links)
    }

    /// Whether `relative` is a regular file inside the content folder (``isInsideContent(_:of:)``) that exists.
    private func isRegularFileInsideContent(_ relative: String, of source: SourceFile) -> Bool {
        guard isInsideContent(relative, of: source) else { return false }
        let root = String(source.url.path.dropLast(source.relativePath.count))
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: root + relative, isDirectory: &isFolder) && !isFolder.boolValue
    }

    /// Whether `relative` names a regular file, not a symbolic link, whose real path (every folder
    /// resolved) lies inside the content folder: a link never pulls a file from outside into the site.
    private func isInsideContent(_ relative: String, of source: SourceFile) -> Bool {
        guard source.url.path.hasSuffix("/" + source.relativePath) else { return false }
        let root = URL(fileURLWithPath: String(source.url.path.dropLast(source.relativePath.count + 1)))
            .resolvingSymlinksInPath().path
        let file = URL(fileURLWithPath: root).appendingPathComponent(relative)
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: file.path)) != nil { return false }
        let resolved = file.resolvingSymlinksInPath().path
        return resolved.hasPrefix(root + "/")
    }
}
