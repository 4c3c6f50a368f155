import Compatibility
import Diagnostics
import Foundation

/// `build-site import`: copies another engine's blog into the content folder, posts and the files they show,
/// with the engine's profile recorded, and says what the build will translate and what it cannot.
///
/// Nothing in the blog is changed, and no file already in the content folder is overwritten.
public struct SiteImport: Sendable {
    /// Where the blog's posts and files are, relative to its folder, and where they go in `content/`.
    struct Layout {
        /// `(from, to)`: a folder of posts (and the files beside them) and its place in the content folder.
        var postFolders: [(from: String, to: String)]
        /// Folders of files the posts link to from the site's root (`/images/a.png`), copied as they are.
        var fileFolders: [String]
    }

    /// The blog's folder.
    public var blog: URL
    /// The blog's folder as the user named it, for messages.
    public var blogDisplayPath: String
    /// The engine the blog was written for.
    public var profile: EngineProfile

    /// Creates an import of `blog` written for `profile`.
    public init(blog: URL, blogDisplayPath: String, profile: EngineProfile) {
        self.blog = blog
        self.blogDisplayPath = blogDisplayPath
        self.profile = profile
    }

    /// What an import did.
    public struct Outcome: Sendable {
        /// The posts copied, as content-folder paths.
        public var posts: [String] = []
        /// The other files copied (images, data).
        public var files = 0
        /// Files already in the content folder, kept as they were.
        public var kept: [String] = []
        /// How many pieces of the engine's syntax the build will translate.
        public var translated = 0
        /// What the build will not translate: a warning at each (the imported copy's `path:line:col`).
        public var messages: [Diagnostic] = []
        /// Whether `_config.yml` was written (with `compatibility:`); false when one was there already.
        public var wroteConfiguration = false
        /// Whether the existing `_config.yml` chooses another profile, or none.
        public var configurationNeedsProfile = false
    }

    var layout: Layout {
        switch profile {
        case .jekyll: Layout(postFolders: [("_posts", "_posts")], fileFolders: ["assets", "images", "img", "figures", "files"])
        case .hugo: Layout(postFolders: [("content", "")], fileFolders: ["static"])
        case .hexo: Layout(postFolders: [("source/_posts", "_posts")], fileFolders: ["source/images", "source/img"])
        case .pelican: Layout(postFolders: [("content", "")], fileFolders: [])
        case .pandoc, .native: Layout(postFolders: [("", "")], fileFolders: [])
        }
    }

    /// Copies the blog into `content`.
    /// - Parameter displayPath: the content folder as the user named it.
    /// - Throws: a ``Diagnostic`` when the blog has no posts where its engine keeps them, or a file cannot be written.
    public func run(intoContentFolder content: URL, displayPath: String) throws(Diagnostic) -> Outcome {
        var outcome = Outcome()
        var copies: [(from: String, to: String)] = []
        for folder in layout.postFolders {
            let root = folder.from.isEmpty ? blog.path : blog.appendingPathComponent(folder.from).path
            for entry in FileTree.entries(under: root) where entry.isRegularFile && entry.hasValidName {
                let parts = entry.relativePath.split(separator: "/")
                if parts.contains(where: { $0.hasPrefix(".") || $0 == "node_modules" || $0 == "public" || $0 == "_site" }) {
                    continue
                }
                let target = folder.to.isEmpty ? entry.relativePath : folder.to + "/" + entry.relativePath
                copies.append((root + "/" + entry.relativePath, target))
            }
        }
        guard copies.contains(where: { ContentLoader.isPost($0.to) }) else {
            let places = layout.postFolders.map { $0.from.isEmpty ? "the folder itself" : $0.from + "/" }
            throw Diagnostic(
                path: blogDisplayPath,
                message:
                    "no posts to import: a \(profile.displayName) blog keeps them in \(places.joined(separator: " or ")), and there are no .md files there"
            )
        }
        for folder in layout.fileFolders {
            let root = blog.appendingPathComponent(folder).path
            let name = (folder as NSString).lastPathComponent
            let target = folder == "static" ? "static" : name
            for entry in FileTree.entries(under: root) where entry.isRegularFile && entry.hasValidName {
                guard !entry.relativePath.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                copies.append((root + "/" + entry.relativePath, target + "/" + entry.relativePath))
            }
        }
        let manager = FileManager.default
        for copy in copies {
            let destination = content.appendingPathComponent(copy.to)
            let shown = ContentLoader.join(displayPath, copy.to)
            if manager.fileExists(atPath: destination.path)
                || (try? manager.destinationOfSymbolicLink(atPath: destination.path)) != nil
            {
                outcome.kept.append(shown)
                continue
            }
            guard let data = manager.contents(atPath: copy.from) else {
                throw Diagnostic(path: copy.from, message: "cannot read the file")
            }
            do {
                try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: destination, options: .withoutOverwriting)
            } catch {
                throw Diagnostic(path: shown, message: "cannot write the file: \(error.localizedDescription)")
            }
            guard ContentLoader.isPost(copy.to) else {
                outcome.files += 1
                continue
            }
            outcome.posts.append(shown)
            survey(String(decoding: data, as: UTF8.self), path: shown, into: &outcome)
        }
        try recordProfile(in: content, displayPath: displayPath, outcome: &outcome)
        return outcome
    }

    /// Counts what the build will translate in a post and collects what it will report.
    private func survey(_ text: String, path: String, into outcome: inout Outcome) {
        guard let split = try? FrontMatterReader.read(text, path: path, allowsUnopenedYAML: profile == .hexo) else { return }
        let translation = EngineSyntaxTranslation.translate(split.body, profile: profile)
        let index = LineIndex(split.body)
        let body = SourceFragment(line: split.bodyLineOffset + 1)
        outcome.translated += translation.translatedCount
        outcome.messages += translation.messages.map { message in
            Diagnostic(
                message.severity, path: path, location: body.fileLocation(of: index.location(ofUTF8Offset: message.utf8Offset)),
                message: message.text)
        }
    }

    /// Writes `_config.yml` with `compatibility:` when the content folder has none; otherwise notes whether it
    /// chooses the profile.
    private func recordProfile(in content: URL, displayPath: String, outcome: inout Outcome) throws(Diagnostic) {
        let url = content.appendingPathComponent("_config.yml")
        if let data = FileManager.default.contents(atPath: url.path) {
            let configuration = try? SiteConfiguration.parse(data, path: ContentLoader.join(displayPath, "_config.yml"))
            outcome.configurationNeedsProfile = configuration?.compatibility != profile
            return
        }
        let text = """
            # Written by build-site import: the posts were written for \(profile.displayName).
            title: "\(blog.standardizedFileURL.lastPathComponent)"
            baseURL: ""
            compatibility: \(profile.rawValue)

            """
        let shown = ContentLoader.join(displayPath, "_config.yml")
        outcome.wroteConfiguration = try StarterFiles.write(text, to: url, displayPath: shown) == .written
    }
}
