import ArgumentParser
import BuildSiteCommands
import Diagnostics
import Foundation
import SiteBuilder
import Testing

/// The folder relative paths are resolved against in these tests.
private let project = URL(fileURLWithPath: "/project", isDirectory: true)

/// What a parsed command line hands to the pipeline, in terms a test can compare.
struct Parsed: Equatable, Sendable {
    var subcommand = "build"
    var content = "content"
    var templates = "templates"
    var output = "site"
    var checkOnly = false
    var markdownOnly = false
    var drafts = false
    var keepGoing = false
    var safe = false
    var useCache = true
    var sourceDateEpoch: Int?
    var limits = InputLimits()
    var overrides = ClaimOverrides()
    var strict = false
    var format = DiagnosticPrinter.Format.plain
    var report: String?
    var junit: String?
    var quiet = false
    var timings = false

    init() {}

    init(subcommand: String, _ invocation: BuildInvocation) {
        let options = invocation.options
        self.subcommand = subcommand
        // A path as written: relative ones come back inside the project folder they were resolved in.
        func written(_ url: URL) -> String {
            url.path.hasPrefix(project.path + "/") ? String(url.path.dropFirst(project.path.count + 1)) : url.path
        }
        content = written(options.contentDirectory)
        templates = written(options.templatesDirectory)
        output = written(options.outputDirectory)
        // Relative paths are resolved against the given folder, absolute ones kept.
        #expect(options.contentDirectory.absoluteURL == URL(fileURLWithPath: content, relativeTo: project).absoluteURL)
        #expect(options.outputDirectory.absoluteURL == URL(fileURLWithPath: output, relativeTo: project).absoluteURL)
        #expect(invocation.contentDisplayPath == content)
        #expect(invocation.templatesDisplayPath == templates)
        checkOnly = options.checkOnly
        markdownOnly = options.markdownOnly
        drafts = options.includeDrafts
        keepGoing = options.keepGoing
        safe = options.safe
        useCache = options.useCache
        sourceDateEpoch = options.sourceDateEpoch
        limits = options.limits
        overrides = options.claimOverrides
        strict = invocation.strict
        format = invocation.reporting.format
        report = invocation.reporting.report
        junit = invocation.reporting.junit
        quiet = invocation.reporting.quiet
        timings = invocation.reporting.timings
    }
}

/// Parses `arguments` as `build-site` does, and returns the subcommand chosen and what it would run.
func parse(_ arguments: [String], environment: [String: String] = [:]) throws -> Parsed {
    switch try BuildSiteCommand.parseAsRoot(arguments) {
    case let build as BuildSiteCommand.Build:
        return Parsed(subcommand: "build", build.invocation(in: project, environment: environment))
    case let check as BuildSiteCommand.Check:
        return Parsed(subcommand: "check", check.invocation(in: project, environment: environment))
    case let serve as BuildSiteCommand.Serve:
        return Parsed(subcommand: "serve", serve.invocation(in: project, environment: environment))
    case let other:
        Issue.record("unexpected command \(type(of: other))")
        return Parsed()
    }
}

/// One command line and what it should parse to: the plain build's defaults, changed by `change`.
struct AcceptedLine: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let expected: Parsed

    init(_ arguments: [String], _ change: (inout Parsed) -> Void = { _ in }) {
        self.arguments = arguments
        var expected = Parsed()
        change(&expected)
        self.expected = expected
    }

    var testDescription: String { arguments.isEmpty ? "build-site" : "build-site " + arguments.joined(separator: " ") }
}

/// A command line that must be refused, and the message and exit status it is refused with.
struct RefusedLine: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let message: String

    init(_ arguments: [String], _ message: String) {
        self.arguments = arguments
        self.message = message
    }

    var testDescription: String { "build-site " + arguments.joined(separator: " ") }
}

private let allLimits = InputLimits.names.keys.sorted().joined(separator: ", ")

@Suite struct ArgumentParsingTests {
    @Test(arguments: [
        AcceptedLine([]),
        AcceptedLine(["build"]),
        AcceptedLine(["--output", "x", "--quiet"]) {
            $0.output = "x"
            $0.quiet = true
        },
        AcceptedLine(["build", "--output", "/tmp/out", "--timings"]) {
            $0.output = "/tmp/out"
            $0.timings = true
        },
        AcceptedLine(["--content", "posts", "--templates", "theme", "--drafts", "--keep-going", "--safe", "--no-cache"]) {
            $0.content = "posts"
            $0.templates = "theme"
            $0.drafts = true
            $0.keepGoing = true
            $0.safe = true
            $0.useCache = false
        },
        AcceptedLine(["check"]) {
            $0.subcommand = "check"
            $0.checkOnly = true
        },
        AcceptedLine(["serve"]) {
            $0.subcommand = "serve"
            $0.output = ".cache/build-site-preview"
        },
        AcceptedLine(["serve", "--drafts", "--port", "0", "--host", "::1", "--open", "--output", "preview", "--keep-going"]) {
            $0.subcommand = "serve"
            $0.output = "preview"
            $0.drafts = true
            $0.keepGoing = true
        },
        AcceptedLine(["check", "--format", "github", "--report", "claims.json", "--junit", "claims.xml"]) {
            $0.subcommand = "check"
            $0.checkOnly = true
            $0.format = .github
            $0.report = "claims.json"
            $0.junit = "claims.xml"
        },
        AcceptedLine(["check", "--strict", "--samples", "50", "--seed", "7", "--only", "bce-*", "--content", "posts"]) {
            $0.subcommand = "check"
            $0.checkOnly = true
            $0.strict = true
            $0.overrides = ClaimOverrides(samples: 50, seed: 7, onlyPattern: "bce-*")
            $0.content = "posts"
        },
        // The spelling from before subcommands: a build that writes no site.
        AcceptedLine(["--check", "--format", "github"]) {
            $0.checkOnly = true
            $0.format = .github
        },
        AcceptedLine(["--limit", "maxPostBytes=10"]) { $0.limits.maxPostBytes = 10 },
        AcceptedLine(["--limit", "maxPostBytes=10", "--limit", "maxTableColumns=256", "--limit", "maxPostBytes=20"]) {
            $0.limits.maxPostBytes = 20
            $0.limits.markdown.maxTableColumns = 256
        },
        AcceptedLine(["check", "--limit", "maxClaimsPerPost=5"]) {
            $0.subcommand = "check"
            $0.checkOnly = true
            $0.limits.maxClaimsPerPost = 5
        },
        AcceptedLine(["--benchmark-markdown-only", "--output", "site-md"]) {
            $0.markdownOnly = true
            $0.output = "site-md"
        },
    ])
    func parsesTheSubcommandAndItsOptions(_ line: AcceptedLine) throws {
        #expect(try parse(line.arguments) == line.expected)
    }

    @Test(arguments: [
        RefusedLine(
            ["--limit", "maxPostBytes=0"],
            "The value 'maxPostBytes=0' is invalid for '--limit <name=value>': limit maxPostBytes must be a positive whole number, not '0'"
        ),
        RefusedLine(
            ["check", "--limit", "maxPostBytes=lots"],
            "The value 'maxPostBytes=lots' is invalid for '--limit <name=value>': limit maxPostBytes must be a positive whole number, not 'lots'"
        ),
        RefusedLine(
            ["--limit", "maxPostSize=10"],
            "The value 'maxPostSize=10' is invalid for '--limit <name=value>': unknown limit 'maxPostSize'; the limits are \(allLimits)"
        ),
        RefusedLine(
            ["--limit", "maxPostBytes"],
            "The value 'maxPostBytes' is invalid for '--limit <name=value>': unknown limit 'maxPostBytes'; the limits are \(allLimits)"
        ),
        RefusedLine(["--samples", "0"], "--samples must be between 1 and 100000"),
        RefusedLine(["check", "--samples", "100001"], "--samples must be between 1 and 100000"),
        RefusedLine(
            ["--format", "xml"], "The value 'xml' is invalid for '--format <format>'. Please provide one of 'plain' and 'github'."
        ),
        // `check` writes nothing, so it has no output folder and no HTML to make safe.
        RefusedLine(["check", "--output", "x"], "Unknown option '--output'"),
        RefusedLine(["check", "--safe"], "Unknown option '--safe'. Did you mean '--seed'?"),
        RefusedLine(["serve", "--port", "65536"], "The value '65536' is invalid for '--port <n>'"),
        RefusedLine(["serve", "--report", "x.json"], "Unknown option '--report'. Did you mean '--port'?"),
    ])
    func refusesABadCommandLineAsAUsageError(_ line: RefusedLine) {
        do {
            let command = try BuildSiteCommand.parseAsRoot(line.arguments)
            Issue.record("parsed as \(type(of: command))")
        } catch {
            #expect(BuildSiteCommand.message(for: error) == line.message)
            #expect(BuildSiteCommand.exitCode(for: error) == .validationFailure)
        }
    }

    @Test func serveTakesItsAddressAndOpenFlag() throws {
        let plain = try #require(try BuildSiteCommand.parseAsRoot(["serve"]) as? BuildSiteCommand.Serve)
        #expect(plain.port == 4000 && plain.host == "127.0.0.1" && !plain.open)
        let chosen = try #require(
            try BuildSiteCommand.parseAsRoot(["serve", "--port", "0", "--host", "::1", "--open"]) as? BuildSiteCommand.Serve)
        #expect(chosen.port == 0 && chosen.host == "::1" && chosen.open)
    }

    @Test func readsTheSourceDateEpochFromTheEnvironment() throws {
        #expect(try parse(["check"], environment: ["SOURCE_DATE_EPOCH": "1700000000"]).sourceDateEpoch == 1_700_000_000)
        #expect(try parse([], environment: ["SOURCE_DATE_EPOCH": "soon"]).sourceDateEpoch == nil)
    }

    @Test func helpNamesEachSubcommandAndWhatItDoes() {
        let root = BuildSiteCommand.helpMessage()
        #expect(root.contains("build (default)"))
        #expect(root.contains("Judge every claim and report, but write no site"))
        let check = BuildSiteCommand.helpMessage(for: BuildSiteCommand.Check.self)
        #expect(check.contains("--report <path>"))
        #expect(check.contains("Exit status: 0 when every claim came out as expected"))
        #expect(!check.contains("--output"))
        let build = BuildSiteCommand.helpMessage(for: BuildSiteCommand.Build.self)
        #expect(build.contains("--output <dir>"))
        #expect(build.contains("--limit <name=value>"))
        #expect(!build.contains("--check"))
        #expect(!build.contains("--benchmark-markdown-only"))
    }
}
