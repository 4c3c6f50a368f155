import Diagnostics
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The rules for the folder a build replaces with its site: it is replaced only when the tool can
/// be sure it holds nothing but a site the tool made.
///
/// Every site the tool writes carries a marker file (``markerName``) at its root. The output folder
/// is replaced only when it is absent, empty, or carries the marker — or, for sites written before
/// the marker existed, when every entry at its root is a name the tool writes (``siteNames``). It
/// is refused when it is a symbolic link or a file, when it is, contains or lies inside the content
/// folder, the templates folder or the cache folder, and when it holds anything else.
enum OutputFolder {
    /// The marker file at the root of every site the tool writes.
    static let markerName = ".build-site"
    /// What the marker file says.
    static let markerContents =
        "This folder is a site written by build-site, which replaces it whole at every build.\n"
        + "Anything else put into it is deleted by the next build.\n"

    /// The names the tool writes at the root of a site.
    static let siteNames: Set<String> = ["index.html", "feed.xml", "posts", "tags", "claims", "assets", markerName]

    /// Throws a diagnostic naming `displayPath` and why, unless `output` may be replaced by a site.
    ///
    /// - Parameters:
    ///   - protected: the folders the output must neither be, contain nor lie inside, with how
    ///     messages name them (the content, templates and cache folders).
    static func checkReplaceable(_ output: URL, displayPath: String, protected: [(url: URL, name: String)]) throws(Diagnostic) {
        let path = output.standardizedFileURL.path
        func refuse(_ why: String) -> Diagnostic {
            Diagnostic(path: displayPath, message: "refusing to use this as the output folder: \(why)")
        }
        var info = stat()
        let exists = lstat(path, &info) == 0
        if exists && info.st_mode & S_IFMT == S_IFLNK {
            throw refuse("it is a symbolic link; name the folder it points to, or another one")
        }
        if exists && info.st_mode & S_IFMT != S_IFDIR {
            throw refuse("it exists and is not a folder")
        }
        let real = realPath(of: path)
        for folder in protected {
            let other = realPath(of: folder.url.standardizedFileURL.path)
            if real == other {
                throw refuse("it is the \(folder.name) folder, and building would delete it")
            }
            if other.hasPrefix(real == "/" ? "/" : real + "/") {
                throw refuse("it contains the \(folder.name) folder (\(other)), and building would delete it")
            }
            if real.hasPrefix(other == "/" ? "/" : other + "/") {
                throw refuse("it lies inside the \(folder.name) folder (\(other))")
            }
        }
        guard exists else { return }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        if names.isEmpty { return }
        var marker = stat()
        if lstat(path + "/" + markerName, &marker) == 0 && marker.st_mode & S_IFMT == S_IFREG { return }
        if let stranger = names.first(where: { !siteNames.contains($0) }) {
            throw refuse(
                "it holds '\(stranger)', which build-site did not write; it replaces its output folder whole, so it only "
                    + "replaces a folder that is empty or holds a site it built (marked by a '\(markerName)' file)")
        }
    }

    /// The path with every symbolic link resolved; for a path that does not exist yet, its nearest
    /// existing ancestor resolved and the rest appended.
    private static func realPath(of path: String) -> String {
        var missing: [String] = []
        var current = path
        while true {
            if let resolved = realpath(current, nil) {
                defer { free(resolved) }
                let base = String(cString: resolved)
                return missing.reversed().reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
            }
            let url = URL(fileURLWithPath: current)
            let parent = url.deletingLastPathComponent().path
            if parent == current || parent.isEmpty { return path }
            missing.append(url.lastPathComponent)
            current = parent
        }
    }
}
