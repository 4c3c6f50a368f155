import Foundation

/// Where node, the KaTeX library and KaTeX's CSS and fonts are on this machine.
///
/// On Debian and Ubuntu they come from the packages `nodejs`, `katex` (the library for node, in
/// `/usr/share/nodejs/katex`) and `libjs-katex` (CSS and fonts, in `/usr/share/javascript/katex`).
public struct KaTeXInstallation: Sendable, Hashable {
    /// The `node` executable.
    public var nodePath: String
    /// The KaTeX package folder, the argument of `require(…)`.
    public var libraryPath: String
    /// The folder holding `katex.min.css` and `fonts/`; copy both into the site, side by side, so the CSS's
    /// relative `url(fonts/…)` references resolve.
    public var assetsPath: String
    /// KaTeX's version, from its `package.json` (`0.16.4` on Debian 12).
    public var version: String
    /// The highlight.js package folder (Debian package `node-highlight.js`), the workers' `require(…)` for
    /// highlighting code blocks; `nil` when it is not installed, and code blocks then stay plain.
    public var highlightLibraryPath: String?
    /// highlight.js's version, from its `package.json` (`9.18.5` on Debian 12), or `nil`.
    public var highlightVersion: String?

    /// Describes an installation explicitly (tests use it to name a missing `node`).
    public init(
        nodePath: String, libraryPath: String, assetsPath: String, version: String, highlightLibraryPath: String? = nil,
        highlightVersion: String? = nil
    ) {
        self.nodePath = nodePath
        self.libraryPath = libraryPath
        self.assetsPath = assetsPath
        self.version = version
        self.highlightLibraryPath = highlightLibraryPath
        self.highlightVersion = highlightVersion
    }

    /// The stylesheet to link from every page with math.
    public var stylesheetPath: String { assetsPath + "/katex.min.css" }
    /// The folder of KaTeX's fonts (woff2, woff and ttf), referenced by the stylesheet as `fonts/`.
    public var fontsPath: String { assetsPath + "/fonts" }

    /// Where `node` is looked for, in order, before the folders of `PATH`.
    public static let defaultNodeCandidates = ["/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"]
    /// Where the KaTeX library is looked for, in order.
    public static let defaultLibraryCandidates = ["/usr/share/nodejs/katex", "/usr/lib/nodejs/katex"]
    /// Where KaTeX's CSS and fonts are looked for, in order.
    public static let defaultAssetCandidates = ["/usr/share/javascript/katex"]
    /// Where highlight.js is looked for, in order.
    public static let defaultHighlightCandidates = ["/usr/share/nodejs/highlight.js", "/usr/lib/nodejs/highlight.js"]

    /// The environment variable that names KaTeX's folders (separated by `:`), instead of Debian's.
    public static let environmentVariable = "BUILD_SITE_KATEX"

    /// Finds node, the KaTeX library and its assets: in the folders ``environmentVariable`` names when
    /// it is set, otherwise in the usual Debian places.
    ///
    /// - Throws: ``KaTeXSetupError`` naming what is missing and the package that provides it, or the
    ///   environment variable when its folders do not hold KaTeX.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> KaTeXInstallation
    {
        if let folders = folders(fromEnvironment: environment) {
            return try locate(inFolders: folders, setting: environmentVariable, environment: environment)
        }
        var installation = try locate(
            nodeCandidates: nodeCandidates(environment: environment),
            libraryCandidates: defaultLibraryCandidates,
            assetCandidates: defaultAssetCandidates
        )
        installation.locateHighlighter(candidates: defaultHighlightCandidates)
        return installation
    }

    /// Sets ``highlightLibraryPath`` and ``highlightVersion`` to the first of `candidates` holding highlight.js
    /// (a `package.json` with a version and `lib/index.js`), or to `nil` when none does.
    public mutating func locateHighlighter(candidates: [String]) {
        highlightLibraryPath = nil
        highlightVersion = nil
        for candidate in candidates {
            if let version = Self.libraryVersion(at: candidate),
                FileManager.default.fileExists(atPath: candidate + "/lib/index.js")
            {
                highlightLibraryPath = candidate
                highlightVersion = version
                return
            }
        }
    }

    /// The folders ``environmentVariable`` names in `environment`, or nil when it is unset or empty.
    public static func folders(fromEnvironment environment: [String: String]) -> [String]? {
        guard let value = environment[environmentVariable] else { return nil }
        let folders = value.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        return folders.isEmpty ? nil : folders
    }

    /// Finds the KaTeX library and its CSS and fonts in `folders`, which a setting named (`setting`:
    /// the environment variable, or the configuration key, as messages name it), and node as usual.
    ///
    /// Each folder may be KaTeX's node package (with `package.json` and `dist/katex.js`; its
    /// `dist/` then holds `katex.min.css` and `fonts/` too, as in KaTeX's npm package), or a folder
    /// with `katex.min.css` and `fonts/` (as Debian's `libjs-katex` has); Debian's two folders are
    /// `/usr/share/nodejs/katex` and `/usr/share/javascript/katex`.
    ///
    /// - Throws: ``KaTeXSetupError/notInSetting(setting:folders:missing:)`` naming the setting and what
    ///   its folders lack.
    public static func locate(
        inFolders folders: [String], setting: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KaTeXInstallation {
        do {
            var installation = try locate(
                nodeCandidates: nodeCandidates(environment: environment), libraryCandidates: folders,
                assetCandidates: folders + folders.map { $0 + "/dist" })
            installation.locateHighlighter(candidates: defaultHighlightCandidates)
            return installation
        } catch KaTeXSetupError.libraryNotFound {
            throw KaTeXSetupError.notInSetting(
                setting: setting, folders: folders, missing: "the KaTeX library for node (package.json and dist/katex.js)")
        } catch KaTeXSetupError.assetsNotFound {
            throw KaTeXSetupError.notInSetting(setting: setting, folders: folders, missing: "KaTeX's katex.min.css and fonts/")
        }
    }

    /// Where `node` is looked for: the usual places, then the folders of `PATH`.
    private static func nodeCandidates(environment: [String: String]) -> [String] {
        defaultNodeCandidates + (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/node" }
    }

    /// Finds the first usable candidate of each kind.
    ///
    /// - Parameters:
    ///   - nodeCandidates: paths of possible `node` executables.
    ///   - libraryCandidates: possible KaTeX package folders (each with `package.json` and `dist/katex.js`).
    ///   - assetCandidates: possible folders with `katex.min.css` and `fonts/`.
    /// - Throws: ``KaTeXSetupError`` for the first kind with no usable candidate.
    public static func locate(
        nodeCandidates: [String],
        libraryCandidates: [String],
        assetCandidates: [String]
    ) throws -> KaTeXInstallation {
        let files = FileManager.default
        guard let node = nodeCandidates.first(where: { files.isExecutableFile(atPath: $0) }) else {
            throw KaTeXSetupError.nodeNotFound(searched: nodeCandidates)
        }
        var library: (path: String, version: String)?
        for candidate in libraryCandidates {
            if let version = libraryVersion(at: candidate),
                files.fileExists(atPath: candidate + "/dist/katex.js")
            {
                library = (candidate, version)
                break
            }
        }
        guard let library else {
            throw KaTeXSetupError.libraryNotFound(searched: libraryCandidates)
        }
        guard
            let assets = assetCandidates.first(where: {
                files.fileExists(atPath: $0 + "/katex.min.css") && files.fileExists(atPath: $0 + "/fonts")
            })
        else {
            throw KaTeXSetupError.assetsNotFound(searched: assetCandidates)
        }
        return KaTeXInstallation(nodePath: node, libraryPath: library.path, assetsPath: assets, version: library.version)
    }

    /// The `version` field of `<folder>/package.json`, or `nil` if there is none.
    static func libraryVersion(at folder: String) -> String? {
        guard let data = FileManager.default.contents(atPath: folder + "/package.json"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let version = object["version"] as? String
        else { return nil }
        return version
    }
}

/// Why KaTeX cannot run on this machine; each message says what to install.
public enum KaTeXSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No `node` executable among the searched paths.
    case nodeNotFound(searched: [String])
    /// No KaTeX library (`package.json` and `dist/katex.js`) among the searched folders.
    case libraryNotFound(searched: [String])
    /// No folder with KaTeX's `katex.min.css` and `fonts/`.
    case assetsNotFound(searched: [String])
    /// A worker could not be started or did not report ready; `detail` is what node said.
    case workerFailedToStart(detail: String)
    /// The folders a setting (`BUILD_SITE_KATEX`, or `katex:` in `_config.yml`) names do not hold
    /// `missing`.
    case notInSetting(setting: String, folders: [String], missing: String)

    /// The command that installs everything the renderer needs.
    public static let installHint =
        "install it with `./setup.sh` (the project's setup script) or `sudo apt-get install nodejs katex libjs-katex`"

    /// What is missing and how to install it, in one line.
    public var description: String {
        switch self {
        case .nodeNotFound(let searched):
            return "node (the JavaScript runtime KaTeX runs in) was not found (looked at "
                + searched.prefix(4).joined(separator: ", ") + "); " + Self.installHint
        case .libraryNotFound(let searched):
            return "the KaTeX library for node (Debian package `katex`) was not found in "
                + searched.joined(separator: ", ") + "; " + Self.installHint
        case .assetsNotFound(let searched):
            return "KaTeX's CSS and fonts (Debian package `libjs-katex`) were not found in "
                + searched.joined(separator: ", ") + "; " + Self.installHint
        case .workerFailedToStart(let detail):
            return "could not start KaTeX in node: \(detail); " + Self.installHint
        case .notInSetting(let setting, let folders, let missing):
            return "\(setting) names " + folders.joined(separator: ", ") + ", but none of them holds \(missing); "
                + "name the folder of KaTeX's node package and the folder of its katex.min.css and fonts/ "
                + "(on Debian: /usr/share/nodejs/katex and /usr/share/javascript/katex), or remove the setting to use those"
        }
    }
}
