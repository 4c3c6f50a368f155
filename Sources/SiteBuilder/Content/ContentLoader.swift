import Diagnostics
import Foundation

/// A post's file as read from the content folder.
public struct SourceFile: Sendable, Hashable {
    /// The path printed in diagnostics: the content folder's path joined with the file's relative path.
    public var displayPath: String
    /// The path relative to the content folder, with `/` separators.
    public var relativePath: String
    /// The file's location on disk.
    public var url: URL
}

/// Finds posts and their companion files in the content folder.
///
/// Posts are `*.md` and `*.markdown` files. Names starting with `_` or `.` are not posts
/// (`_config.yml`, `_drafts/`…), except Jekyll's `_posts/` folder. Symbolic links are never followed, and names that are not UTF-8
/// are left out (``InputSnapshot`` reports both).
/// The result is sorted by path, so the build never depends on the file system's order.
public enum ContentLoader {
    /// Lists the posts under `directory`.
    ///
    /// - Parameter displayPrefix: How the content folder is named in diagnostics (as the user typed it).
    /// - Throws: a ``Diagnostic`` when the folder can't be read.
    public static func posts(in directory: URL, displayPrefix: String) throws(Diagnostic) -> [SourceFile] {
        try files(in: directory, displayPrefix: displayPrefix).filter { isPost($0.relativePath) }
    }

    /// Lists every regular file under `directory` that is not hidden or `_`-prefixed, posts included.
    public static func files(in directory: URL, displayPrefix: String) throws(Diagnostic) -> [SourceFile] {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostic(path: displayPrefix, message: "the content folder does not exist or is not a folder")
        }
        var found: [SourceFile] = []
        var unreadable: String?
        // Hidden and `_`-prefixed names are skipped, and so is everything below such a folder.
        let entries = FileTree.entries(
            under: root.path, skipping: isSkipped, unreadable: &unreadable)
        for entry in entries where entry.isRegularFile && entry.hasValidName {
            let url = root.appendingPathComponent(entry.relativePath)
            found.append(
                SourceFile(displayPath: join(displayPrefix, entry.relativePath), relativePath: entry.relativePath, url: url))
        }
        if let unreadable {
            throw Diagnostic(path: join(displayPrefix, unreadable), message: "cannot read folder")
        }
        return found.sorted { FileTree.precedes($0.relativePath, $1.relativePath) }
    }

    /// Whether a relative path is one the build looks at: no part of it starts with `_` or `.`.
    public static func isListed(_ relativePath: String) -> Bool {
        !relativePath.split(separator: "/").contains { isSkipped(String($0)) }
    }

    /// Whether files and folders of this name are left out: hidden ones, and `_`-prefixed ones but `_posts`.
    static func isSkipped(_ name: String) -> Bool {
        name.hasPrefix(".") || (name.hasPrefix("_") && name != "_posts")
    }

    /// The name of the format of a file that looks like a post of another tool's flavour of
    /// Markdown (R Markdown, Quarto, MDX), which the build leaves out; nil for any other file.
    public static func unsupportedFormat(_ relativePath: String) -> String? {
        let lowered = relativePath.lowercased()
        if lowered.hasSuffix(".rmd") { return "R Markdown (.Rmd)" }
        if lowered.hasSuffix(".qmd") { return "Quarto (.qmd)" }
        if lowered.hasSuffix(".mdx") { return "MDX (.mdx)" }
        return nil
    }

    /// The slug a post at `relativePath` has when its front matter sets none: its file's name without
    /// the extension, or its folder's name for a page bundle (`NAME/index.md`).
    static func slug(fromPath relativePath: String) -> String {
        var name = (relativePath as NSString).lastPathComponent
        name = (name as NSString).deletingPathExtension
        if name == "index" {
            // A page bundle: content/NAME/index.md takes its folder's name.
            let folder = ((relativePath as NSString).deletingLastPathComponent as NSString).lastPathComponent
            if !folder.isEmpty { name = folder }
        }
        return Slug.make(from: name)
    }

    /// Whether a relative path names a post.
    public static func isPost(_ relativePath: String) -> Bool {
        relativePath.hasSuffix(".md") || relativePath.hasSuffix(".markdown")
    }

    static func join(_ prefix: String, _ relative: String) -> String {
        if relative.isEmpty { return prefix }
        if prefix.isEmpty || prefix == "." { return relative }
        return prefix.hasSuffix("/") ? prefix + relative : prefix + "/" + relative
    }
}
