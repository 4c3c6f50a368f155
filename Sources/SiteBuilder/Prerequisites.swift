import Diagnostics
import Foundation
import KaTeX

/// Checks for what the tool needs at run time: node, and KaTeX where a setting or Debian puts it.
public enum Prerequisites {
    /// A message naming what is missing and how to install it, or `nil` when all is there.
    ///
    /// Only `node` is checked here: where KaTeX is may be set in the site's `_config.yml`, so a build
    /// finds it (``katexInstallation(configuration:configurationPath:siteFolder:environment:)``) once
    /// it has read the configuration, and reports it missing as an error of the build.
    public static func missing(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        do {
            _ = try KaTeXInstallation.locate(environment: environment)
            return nil
        } catch KaTeXSetupError.nodeNotFound(let searched) {
            return "build-site: error: \(KaTeXSetupError.nodeNotFound(searched: searched))\n"
        } catch {
            return nil
        }
    }

    /// Where KaTeX is for a build: in the folders `BUILD_SITE_KATEX` names when it is set, else in
    /// those of `katex:` in `_config.yml` (relative ones resolved against `siteFolder`), else in
    /// Debian's places.
    ///
    /// - Throws: a ``Diagnostic`` naming the setting that is wrong (at the `katex:` value's
    ///   `path:line:col` for the configuration's), or what to install when no setting is made.
    public static func katexInstallation(
        configuration: SiteConfiguration, configurationPath: String, siteFolder: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(Diagnostic) -> KaTeXInstallation {
        do {
            if KaTeXInstallation.folders(fromEnvironment: environment) != nil || configuration.katexFolders.isEmpty {
                return try KaTeXInstallation.locate(environment: environment)
            }
        } catch {
            throw Diagnostic(path: "build-site", message: "\(error)")
        }
        let folders = configuration.katexFolders.map { folder in
            let expanded = (folder as NSString).expandingTildeInPath
            return expanded.hasPrefix("/") ? expanded : siteFolder.appendingPathComponent(expanded).standardizedFileURL.path
        }
        do {
            return try KaTeXInstallation.locate(inFolders: folders, setting: "katex", environment: environment)
        } catch {
            throw Diagnostic(
                path: configurationPath, location: configuration.katexLocation, message: "\(error)",
                sourceLine: configuration.katexSourceLine)
        }
    }
}
