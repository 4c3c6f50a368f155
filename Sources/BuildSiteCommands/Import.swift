import ArgumentParser
import Compatibility
import Diagnostics
import Foundation
import SiteBuilder

extension EngineProfile: ExpressibleByArgument {}

extension BuildSiteCommand {
    /// `build-site import DIR --from jekyll|hugo|…`: another engine's blog copied in, by ``SiteImport``.
    public struct Import: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Copy another engine's blog (Jekyll, Hugo, Hexo, Pelican, pandoc) into content/.",
            discussion: """
                Copies the posts (Jekyll's _posts/, Hugo's and Pelican's content/, Hexo's source/_posts/) and \
                the files they show (assets/, images/, Hugo's static/) into the content folder, unchanged, and \
                writes content/_config.yml with 'compatibility:' when there is none, so the build reads them by \
                their engine's rules. Prints what the build will translate and, at each path:line:col, what it \
                will not. Nothing in DIR is changed and no file in the content folder is overwritten.
                """)

        @Argument(help: ArgumentHelp("The blog's folder.", valueName: "dir"))
        public var blog: String

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The engine the blog was written for.",
                valueName: EngineProfile.settingNames.replacingOccurrences(of: ", ", with: "|")))
        public var from: EngineProfile

        @Option(name: .long, help: ArgumentHelp("The folder of posts to copy into.", valueName: "dir"))
        public var content = "content"

        public init() {}

        /// What `import` prints after copying.
        public static func report(_ outcome: SiteImport.Outcome, profile: EngineProfile, content: String) -> String {
            var lines: [String] = []
            let printer = DiagnosticPrinter(format: .plain)
            for message in outcome.messages { lines.append(printer.render(message).trimmingCharacters(in: .newlines)) }
            lines.append(
                "Imported \(outcome.posts.count) post\(outcome.posts.count == 1 ? "" : "s") and \(outcome.files) other file\(outcome.files == 1 ? "" : "s") into \(content)/: "
                    + "\(outcome.translated) piece\(outcome.translated == 1 ? "" : "s") of \(profile.displayName) syntax will be translated, "
                    + "\(outcome.messages.count) cannot be (listed above).")
            if !outcome.kept.isEmpty {
                lines.append("Kept as they were (already there): " + outcome.kept.joined(separator: ", "))
            }
            if outcome.wroteConfiguration {
                lines.append(
                    "Wrote \(content)/_config.yml with 'compatibility: \(profile.rawValue)'; fill in its title and baseURL.")
            } else if outcome.configurationNeedsProfile {
                lines.append(
                    "Add 'compatibility: \(profile.rawValue)' to \(content)/_config.yml so every imported post is read by \(profile.displayName)'s rules."
                )
            }
            lines.append("Next: build-site serve")
            return lines.joined(separator: "\n") + "\n"
        }

        public func run() throws {
            let folder = URL.resolving(content, in: .currentProcessDirectory)
            let source = URL.resolving(blog, in: .currentProcessDirectory)
            do {
                let outcome = try SiteImport(blog: source, blogDisplayPath: blog, profile: from)
                    .run(intoContentFolder: folder, displayPath: content)
                FileHandle.standardOutput.write(Data(Self.report(outcome, profile: from, content: content).utf8))
            } catch {
                FileHandle.standardError.write(Data(DiagnosticPrinter(format: .plain).render(error).utf8))
                throw ExitCode(2)
            }
        }
    }
}
