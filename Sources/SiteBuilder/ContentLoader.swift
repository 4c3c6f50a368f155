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
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Diagnostic(path: displayPrefix, message: "the content folder does not exist or is not a folder")
        }
        var found: [SourceFile] = []
        var pending = [""]
        while let relativeFolder = pending.popLast() {
            let folderURL = relativeFolder.isEmpty ? root : root.appendingPathComponent(relativeFolder)
            let names: [String]
            do {
                names = try manager.contentsOfDirectory(atPath: folderURL.path)
            } catch {
                throw Diagnostic(path: join(displayPrefix, relativeFolder), message: "cannot read folder: \(error.localizedDescription)")
            }
            for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("_") {
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                let url = root.appendingPathComponent(relative)
                let resolved = url.resolvingSymlinksInPath().path
                guard resolved == root.path || resolved.hasPrefix(root.path + "/") else { continue }
                var childIsDirectory: ObjCBool = false
                guard manager.fileExists(atPath: url.path, isDirectory: &childIsDirectory) else { continue }
                if childIsDirectory.boolValue {
                    if !isSymbolicLink(url) { pending.append(relative) }
                } else {
                    found.append(SourceFile(displayPath: join(displayPrefix, relative), relativePath: relative, url: url))
                }
            }
        }
        return found.sorted { $0.relativePath < $1.relativePath }
    }

    /// Whether a relative path names a post.
    public static func isPost(_ relativePath: String) -> Bool {
        relativePath.hasSuffix(".md") || relativePath.hasSuffix(".markdown")
    }

    private static func isSymbolicLink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    private static func join(_ prefix: String, _ relative: String) -> String {
        if relative.isEmpty { return prefix }
        if prefix.isEmpty || prefix == "." { return relative }
        return prefix.hasSuffix("/") ? prefix + relative : prefix + "/" + relative
    }
}
