import ArgumentParser
import Foundation
import SiteBuilder

extension BuildSiteCommand {
    /// `build-site check`: judges every claim and reports, writing no site.
    public struct Check: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Judge every claim and report, but write no site (a fast CI step).",
            discussion: """
                Reads the posts, renders their math with KaTeX (a rejected formula is still a bad input) \
                and judges every `swift-check` claim, then prints and reports exactly as `build` does; \
                the site folder is left alone. In CI: \
                `build-site check --format github --report claims.json --junit claims.xml`.

                \(BuildSiteCommand.exitStatusHelp)
                """)

        @OptionGroup
        public var common: CommonOptions

        public init() {}

        /// What this check hands to the pipeline, relative paths resolved against `directory`.
        public func invocation(in directory: URL, environment: [String: String]) -> BuildInvocation {
            // Nothing is written, but the output path is one of the settings the last build's record
            // is kept under: with the default, a check right after a plain build replays that build.
            var invocation = BuildInvocation(
                common, outputPath: BuildInvocation.defaultOutputPath, in: directory, environment: environment)
            invocation.options.checkOnly = true
            return invocation
        }

        public func run() async throws {
            try await invocation(in: .currentProcessDirectory, environment: ProcessInfo.processInfo.environment).run()
        }
    }
}
