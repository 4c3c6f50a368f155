import Foundation

/// The theme compiled into `build-site`: the Mustache templates and assets a site uses when its own
/// templates folder does not override them.
///
/// Its source of truth is the folder `Sources/BuiltInTheme/theme/`; the `EmbedTheme` build-tool plugin
/// turns that folder into Swift source at build time (`encodedFiles`), so the executable needs no
/// resource bundle beside it.
public enum BuiltInTheme {
    /// One file of the theme.
    public struct File: Sendable, Hashable {
        /// The path inside the theme, with `/` (`post.mustache`, `assets/site.css`).
        public var path: String
        public var bytes: [UInt8]
    }

    /// The theme's files, in byte order of their paths.
    public static let files: [File] = encodedFiles.map { entry in
        guard let data = Data(base64Encoded: entry.base64) else {
            preconditionFailure("the generated theme source holds bad base64 for \(entry.path)")
        }
        return File(path: entry.path, bytes: Array(data))
    }

    /// The file at `path` inside the theme, if there is one.
    public static func file(_ path: String) -> File? {
        files.first { Array($0.path.utf8) == Array(path.utf8) }
    }
}
