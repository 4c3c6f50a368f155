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
/// (`_config.yml`, `_drafts/`…). Symbolic links are never followed out of the content folder.
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
        let entries = FileTree.entries(under: root.path, skipping: { $0.hasPrefix(".") || $0.hasPrefix("_") }, unreadable: &unreadable)
        for entry in entries {
            let url = root.appendingPathComponent(entry.relativePath)
            if entry.isSymbolicLink {
                // A link is followed only to a regular file inside the content folder; linked folders are not entered.
                let resolved = url.resolvingSymlinksInPath().path
                var target = stat()
                guard resolved.hasPrefix(root.path + "/"), stat(resolved, &target) == 0, target.st_mode & S_IFMT == S_IFREG else { continue }
            } else if !entry.isRegularFile {
                continue
            }
            found.append(SourceFile(displayPath: join(displayPrefix, entry.relativePath), relativePath: entry.relativePath, url: url))
        }
        if let unreadable {
            throw Diagnostic(path: join(displayPrefix, unreadable), message: "cannot read folder")
        }
        return found.sorted { $0.relativePath < $1.relativePath }
    }

    /// Whether a relative path names a post.
    public static func isPost(_ relativePath: String) -> Bool {
        relativePath.hasSuffix(".md") || relativePath.hasSuffix(".markdown")
    }

    private static func join(_ prefix: String, _ relative: String) -> String {
        if relative.isEmpty { return prefix }
        if prefix.isEmpty || prefix == "." { return relative }
        return prefix.hasSuffix("/") ? prefix + relative : prefix + "/" + relative
    }
}
