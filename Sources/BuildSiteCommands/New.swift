import ArgumentParser
import Diagnostics
import Foundation
import SiteBuilder

extension BuildSiteCommand {
    /// `build-site new "Title" [--tags a,b] [--bundle]`: a new post, made by ``PostScaffold``.
    public struct New: ParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Start a new post, with front matter and a starter claim.",
            discussion: """
                Writes content/SLUG.md (or content/SLUG/index.md with --bundle, for a post with images \
                beside it), SLUG made from the title, with the title, today's date and the tags in its \
                front matter and a swift-check claim that verifies. An existing file, or another post \
                with the same slug, is never overwritten.
                """)

        @Argument(help: ArgumentHelp("The post's title.", valueName: "title"))
        public var title: String

        @Option(name: .long, help: ArgumentHelp("The post's tags, separated by commas.", valueName: "a,b"))
        public var tags: String?

        @Flag(name: .long, help: "Make a page bundle (SLUG/index.md) instead of SLUG.md.")
        public var bundle = false

        @Option(name: .long, help: ArgumentHelp("The folder of posts.", valueName: "dir"))
        public var content = "content"

        public init() {}

        /// The post these arguments describe, dated `date`.
        public func scaffold(date: Date = Date()) -> PostScaffold {
            PostScaffold(title: title, tags: (tags ?? "").split(separator: ",").map(String.init), bundle: bundle, date: date)
        }

        public func run() throws {
            let folder = URL.resolving(content, in: .currentProcessDirectory)
            do {
                let written = try scaffold().create(inContentFolder: folder, displayPath: content)
                FileHandle.standardOutput.write(Data("Wrote \(written)\n".utf8))
            } catch {
                FileHandle.standardError.write(Data(DiagnosticPrinter(format: .plain).render(error).utf8))
                throw ExitCode(2)
            }
        }
    }
}
