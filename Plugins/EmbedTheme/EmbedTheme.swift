import Foundation
import PackagePlugin

/// Compiles the built-in theme (the target's `theme/` folder) into the target: `ThemeGenerator` turns
/// the folder into one Swift file at build time, so the theme's files are the one source of truth and
/// the executable carries them (no resource bundle to lose when the binary is copied).
@main struct EmbedTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        // `Target.directoryURL` needs tools version 6.1; the package's folder and the target's name say the same.
        let theme = context.package.directoryURL.appending(path: "Sources/\(target.name)/theme")
        let output = context.pluginWorkDirectoryURL.appending(path: "ThemeFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding the built-in theme from \(theme.path)",
                executable: try context.tool(named: "ThemeGenerator").url,
                arguments: [theme.path, output.path],
                inputFiles: Self.files(under: theme),
                outputFiles: [output])
        ]
    }

    /// Every file under `folder` (the generator's inputs: a change to any of them runs it again).
    static func files(under folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
        }
    }
}
