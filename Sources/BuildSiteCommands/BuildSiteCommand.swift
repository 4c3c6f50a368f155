import ArgumentParser

/// The `build-site` command: `build` (the default) writes the site, `check` only judges its claims,
/// `init` starts a new site and `new` a new post.
///
/// A subcommand is one type here plus one line in `subcommands:`. The option groups the
/// subcommands share are in `OptionGroups.swift`; a subcommand that runs the pipeline turns its
/// arguments into a ``BuildInvocation`` and calls ``BuildInvocation/run()``, so every subcommand
/// prints, reports and exits the same way.
public struct BuildSiteCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build-site",
        abstract: "Build a static site from Markdown posts and check every claim they state.",
        discussion: """
            Reads the posts in the content folder (Markdown with LaTeX math and YAML or TOML front \
            matter), renders the math with KaTeX, judges every `swift-check` claim numerically, and \
            writes the site through the Mustache templates. `build-site` with no subcommand is \
            `build-site build`; `build-site check` judges and reports without writing the site; \
            `build-site init` starts a new site, and `build-site new "Title"` a new post.

            \(exitStatusHelp)
            """,
        subcommands: [Build.self, Check.self, Serve.self, Init.self, New.self, Import.self, ReadLaTeX.self],
        defaultSubcommand: Build.self)

    /// The exit statuses every subcommand that runs the pipeline shares, for `--help`.
    static let exitStatusHelp = """
        Exit status: 0 when every claim came out as expected, 1 when a claim was refuted, \
        unexpectedly verified or in error, 2 when an input is bad.
        """

    public init() {}
}
