import ArgumentParser
import Foundation
import SiteBuilder

extension BuildSiteCommand {
    /// `build-site build`, the default subcommand: the whole pipeline, ending in a new site.
    public struct Build: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Build the site, judging every claim on the way.",
            discussion: """
                Reads the posts in the content folder (Markdown with LaTeX math and YAML or TOML front \
                matter), renders the math with KaTeX, judges every `swift-check` claim numerically, and \
                writes the site through the Mustache templates. The previous site is replaced only when \
                the build succeeds. `build-site` with no subcommand does this.

                \(BuildSiteCommand.exitStatusHelp)
                """)

        @OptionGroup
        public var common: CommonOptions

        @Option(name: .long, help: ArgumentHelp("Where to write the site (replaced as a whole).", valueName: "dir"))
        public var output = BuildInvocation.defaultOutputPath

        @Flag(name: .long, help: "Drop raw HTML and unsafe link schemes (javascript:, data:…) from posts.")
        public var safe = false

        /// The spelling of `check` from before there were subcommands, kept for existing scripts.
        @Flag(
            name: .long,
            help: ArgumentHelp(
                "Deprecated: the same as `build-site check` (judge every claim and report, but write no site).",
                visibility: .hidden))
        public var check = false

        @Flag(name: .long, help: .hidden)
        public var benchmarkMarkdownOnly = false

        public init() {}

        /// What this build hands to the pipeline, relative paths resolved against `directory`.
        public func invocation(in directory: URL, environment: [String: String]) -> BuildInvocation {
            var invocation = BuildInvocation(common, outputPath: output, in: directory, environment: environment)
            invocation.options.safe = safe
            invocation.options.checkOnly = check
            invocation.options.markdownOnly = benchmarkMarkdownOnly
            return invocation
        }

        public func run() async throws {
            try await invocation(in: .currentProcessDirectory, environment: ProcessInfo.processInfo.environment).run()
        }
    }
}
