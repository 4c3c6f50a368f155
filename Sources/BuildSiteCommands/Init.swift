import ArgumentParser
import Diagnostics
import Foundation
import SiteBuilder

extension BuildSiteCommand {
    /// `build-site init [DIR] [--force]`: a new site, made by ``SiteScaffold``.
    public struct Init: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Start a new site: a configuration, a sample post with a checked claim, and a .gitignore.",
            discussion: """
                Makes DIR (the current folder by default) into a site: content/_config.yml (the title, \
                the author and the baseURL to fill in), content/sigmoid-derivative.md (a short \
                derivation with a displayed equation and a swift-check claim that verifies) and a \
                .gitignore for .cache/ and site/. The pages use the built-in theme; a templates/ folder \
                overrides it file by file. A folder that is not empty is refused unless --force is given, \
                and even then no existing file is overwritten.
                """)

        @Argument(help: ArgumentHelp("The folder of the new site (made when missing).", valueName: "dir"))
        public var directory: String = "."

        @Flag(name: .long, help: "Add the site's files to a folder that is not empty (existing files are kept).")
        public var force = false

        public init() {}

        /// What `init` prints after making the site in `directory`.
        public static func report(_ outcome: SiteScaffold.Outcome, directory: String) -> String {
            let place = directory == "." ? "this folder" : directory
            var lines = [
                outcome.written.isEmpty
                    ? "Nothing to add to \(place): every file of a new site is there." : "Made a new site in \(place):"
            ]
            lines += outcome.written.map { "  " + $0 }
            if !outcome.kept.isEmpty {
                lines.append("Kept as they were (already there):")
                lines += outcome.kept.map { "  " + $0 }
            }
            lines.append("Next, preview it (it rebuilds as you save):")
            if directory != "." { lines.append("  cd \(Self.shellQuoted(directory))") }
            lines.append("  build-site serve")
            return lines.joined(separator: "\n") + "\n"
        }

        /// `text` as one word for a POSIX shell.
        static func shellQuoted(_ text: String) -> String {
            let plain = text.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./~+@%:,".unicodeScalars.contains($0)
            }
            return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }

        public func run() throws {
            let folder = URL.resolving(directory, in: .currentProcessDirectory)
            do {
                let outcome = try SiteScaffold().create(in: folder, displayPath: directory, force: force)
                FileHandle.standardOutput.write(Data(Self.report(outcome, directory: directory).utf8))
            } catch {
                FileHandle.standardError.write(Data(DiagnosticPrinter(format: .plain).render(error).utf8))
                throw ExitCode(2)
            }
        }
    }
}
