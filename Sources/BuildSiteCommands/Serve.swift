import ArgumentParser
import Diagnostics
import Foundation
import KaTeX
import Preview
import SiteBuilder

#if canImport(Glibc)
import Glibc
#endif

extension BuildSiteCommand {
    /// `build-site serve`: builds the site into the preview folder, serves it, and rebuilds and
    /// reloads open pages on every change. The logic is in the `Preview` module.
    public struct Serve: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Serve a live preview: rebuild on every save and reload open pages, showing refuted claims.",
            discussion: """
                Builds the site (drafts too with --drafts) into \(defaultOutputPath)/, never into the published \
                site/, serves it on http://127.0.0.1:4000/, and watches the content and templates folders. \
                Every save rebuilds in this process (KaTeX's workers and the caches stay warm, and only the \
                posts that changed are built again) and reloads the open pages. When a build fails or a claim \
                is refuted, the pages show its messages, as the terminal prints them, over themselves until the \
                next good build. The reload script is added to pages as they are served, never written to the \
                site's files. Ctrl-C stops the server.
                """)

        /// Where the preview is written when `--output` is not given: beside the cache, never the published site.
        public static let defaultOutputPath = ".cache/build-site-preview"

        @OptionGroup(title: "Posts")
        public var input: InputOptions

        @OptionGroup(title: "Build")
        public var pipeline: PipelineOptions

        @OptionGroup(title: "Claims")
        public var judging: JudgingOptions

        @Option(name: .long, help: ArgumentHelp("The port to listen on (0: any free port).", valueName: "n"))
        public var port: UInt16 = 4000

        @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "address"))
        public var host = "127.0.0.1"

        @Option(name: .long, help: ArgumentHelp("Where to write the preview site (replaced as a whole).", valueName: "dir"))
        public var output = defaultOutputPath

        @Flag(name: .long, help: "Open the preview in a browser (xdg-open), or print its address when there is none.")
        public var open = false

        public init() {}

        /// What the preview's builds hand to the pipeline, relative paths resolved against `directory`.
        public func invocation(in directory: URL, environment: [String: String]) -> BuildInvocation {
            // Parsed from nothing (every default), then given this command's groups.
            var common = (try? CommonOptions.parse([])) ?? CommonOptions()
            common.input = input
            common.pipeline = pipeline
            common.judging = judging
            return BuildInvocation(common, outputPath: output, in: directory, environment: environment)
        }

        public func run() async throws {
            let invocation = invocation(in: .currentProcessDirectory, environment: ProcessInfo.processInfo.environment)
            if let missing = Prerequisites.missing() {
                FileHandle.standardError.write(Data(missing.utf8))
                throw ExitCode(2)
            }
            let staging = StagingRegistry()
            let (stopSignals, stopSignal) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(1))
            let signals = SignalCleanup(registry: staging, onSignal: { stopSignal.yield($0) })
            defer { signals.cancel() }

            let renderer: KaTeXRenderer
            do {
                renderer = try await KaTeXRenderer.start(installation: try Self.katexInstallation(for: invocation))
            } catch let diagnostic as Diagnostic {
                Self.printError(DiagnosticPrinter().render(diagnostic))
                throw ExitCode(2)
            } catch {
                Self.printError("build-site: error: \(error)\n")
                throw ExitCode(2)
            }
            defer { renderer.shutdown() }
            let builder = PreviewBuilder(
                options: invocation.options, contentDisplayPath: invocation.contentDisplayPath,
                templatesDisplayPath: invocation.templatesDisplayPath, staging: staging, printer: DiagnosticPrinter(),
                renderer: renderer)
            let server: PreviewServer
            let address: PreviewServer.Address
            do {
                server = try PreviewServer(builder: builder, address: .init(host: host, port: port)) { line in
                    FileHandle.standardError.write(Data((line + "\n").utf8))
                }
                address = try await server.listen()
            } catch let error as PreviewServer.ListenError {
                Self.printError("\(error)\n")
                throw ExitCode(2)
            }
            let watcher: FileWatcher
            do {
                watcher = try FileWatcher(folders: [invocation.options.contentDirectory, invocation.options.templatesDirectory])
            } catch {
                await server.stop()
                Self.printError("build-site: error: cannot watch \(invocation.contentDisplayPath): \(error)\n")
                throw ExitCode(2)
            }

            await server.buildAndPublish(changed: [])
            let url = "http://\(address.description)/"
            let announcement =
                "Serving the preview at \(url) (written to \(output)/; watching \(invocation.contentDisplayPath)/ and "
                + "\(invocation.templatesDisplayPath)/). Ctrl-C stops it.\n"
            FileHandle.standardOutput.write(Data(announcement.utf8))
            if open { Self.openInBrowser(url) }

            let rebuilding = Task { await server.rebuild(on: watcher) }
            var received: Int32 = SIGTERM
            for await signal in stopSignals {
                received = signal
                break
            }
            // The staging registry was interrupted by the handler: a build in progress writes nothing more.
            watcher.stop()
            renderer.shutdown()
            await rebuilding.value
            await server.stop()
            FileHandle.standardError.write(Data("Stopped the preview server.\n".utf8))
            // The status a shell gives a process ended by the signal (130 for Ctrl-C).
            throw ExitCode(128 + received)
        }

        /// KaTeX where the builds will look for it: `BUILD_SITE_KATEX`, else `katex:` in the site's
        /// `_config.yml`, else Debian's places. A configuration that cannot be read yet is left to the
        /// first build to report; the pool then starts from the other two.
        private static func katexInstallation(for invocation: BuildInvocation) throws(Diagnostic) -> KaTeXInstallation {
            let content = invocation.options.contentDirectory
            let path = (invocation.contentDisplayPath as NSString).appendingPathComponent("_config.yml")
            let configuration =
                (try? SiteConfiguration.load(from: content.appendingPathComponent("_config.yml"), path: path))
                ?? SiteConfiguration()
            return try Prerequisites.katexInstallation(
                configuration: configuration, configurationPath: path,
                siteFolder: content.standardizedFileURL.deletingLastPathComponent())
        }

        private static func printError(_ text: String) {
            FileHandle.standardError.write(Data(text.utf8))
        }

        /// Opens `url` with `xdg-open` when it is on the PATH; prints it otherwise.
        private static func openInBrowser(_ url: String) {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            let opener = path.split(separator: ":").map { "\($0)/xdg-open" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let opener else {
                FileHandle.standardOutput.write(Data("No xdg-open here: open \(url) in a browser.\n".utf8))
                return
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            process.arguments = [url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                FileHandle.standardOutput.write(Data("Could not run xdg-open: open \(url) in a browser.\n".utf8))
            }
        }
    }
}
