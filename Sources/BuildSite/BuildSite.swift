// The `build-site` executable: it only runs `BuildSiteCommand`. The subcommands and their options
// are in the BuildSiteCommands library, where the tests parse them.
import BuildSiteCommands

@main
extension BuildSiteCommand {}
