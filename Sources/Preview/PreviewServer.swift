import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// The live preview: an HTTP server (FlyingFox) over the preview site, a ``FileWatcher`` on the
/// content and templates folders, and the loop that rebuilds on every change through one
/// ``PreviewBuilder`` and tells open pages through a ``ReloadChannel``.
///
/// Builds are serialized: the loop runs one at a time, and the changes saved during a build are
/// built together by the next one.
public final class PreviewServer: Sendable {
    /// Where the server listens.
    public struct Address: Sendable, Equatable {
        /// The host to listen on: an IPv4 or IPv6 address, or `localhost`.
        public var host: String
        /// The port; 0 takes any free one.
        public var port: UInt16

        public init(host: String, port: UInt16) {
            self.host = host
            self.port = port
        }

        /// `host:port`, with an IPv6 address in brackets.
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// The server could not listen.
    public struct ListenError: Error, CustomStringConvertible {
        /// Where it tried to listen.
        public var address: Address
        /// Whether the address was in use (another server on the port).
        public var inUse: Bool
        /// The system's reason.
        public var reason: String

        public var description: String {
            inUse
                ? "build-site: error: \(address.description) is already in use; stop the other server or choose another port with --port N (--port 0 takes any free port)"
                : "build-site: error: cannot listen on \(address.description): \(reason); choose another address with --host or --port"
        }
    }

    public let builder: PreviewBuilder
    public let channel = ReloadChannel()
    private let server: HTTPServer
    private let address: Address
    private let log: @Sendable (String) -> Void
    private let runError = Mutex<(any Error)?>(nil)
    private let serverTask = Mutex<Task<Void, Never>?>(nil)

    /// A server for `builder`'s site at `address`; `log` prints a line to the terminal.
    ///
    /// - Throws: ``ListenError`` for a host that is not an IP address.
    public init(builder: PreviewBuilder, address: Address, log: @escaping @Sendable (String) -> Void) throws {
        self.builder = builder
        self.address = address
        self.log = log
        let host = address.host == "localhost" ? "127.0.0.1" : address.host
        let socketAddress: any SocketAddress
        do {
            socketAddress =
                host.contains(":")
                ? try sockaddr_in6.inet6(ip6: host, port: address.port) : try sockaddr_in.inet(ip4: host, port: address.port)
        } catch {
            throw ListenError(address: address, inUse: false, reason: "'\(address.host)' is not an IP address")
        }
        server = HTTPServer(config: HTTPServer.Configuration(address: socketAddress, logger: .disabled))
    }

    /// Starts listening and returns the address listened on (with the port taken, for `--port 0`).
    ///
    /// - Throws: ``ListenError`` when the port is in use or the address cannot be listened on.
    public func listen() async throws -> Address {
        let channel = channel
        let root = builder.options.outputDirectory
        await server.appendRoute(HTTPRoute("GET \(PreviewRoutes.events)")) { _ in
            HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
                body: HTTPBodySequence(from: EventStreamBody(events: channel.subscribe()), suggestedBufferSize: 64 * 1024))
        }
        await server.appendRoute(HTTPRoute("GET \(PreviewRoutes.status)")) { _ in
            var object: [String: Any] = ["build": channel.build]
            if let panel = channel.panel { object["overlay"] = ["headline": panel.headline, "text": panel.text] }
            let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: json)
        }
        await server.appendRoute("*", to: SiteFileHandler(root: root, channel: channel))

        let task = Task { [self] in
            do {
                try await server.run()
            } catch {
                runError.withLock { $0 = error }
            }
        }
        serverTask.withLock { $0 = task }
        // FlyingFox reports a bind failure only by ending `run()`: wait for one or the other.
        let deadline = ContinuousClock.now + .seconds(10)
        while !(await server.isListening) {
            if let error = runError.withLock({ $0 }) { throw listenError(error) }
            if ContinuousClock.now > deadline {
                throw ListenError(address: address, inUse: false, reason: "the server did not start listening")
            }
            try? await Task.sleep(for: .milliseconds(2))
        }
        var listening = address
        switch await server.listeningAddress {
        case .ip4(_, let port), .ip6(_, let port): listening.port = port
        default: break
        }
        return listening
    }

    private func listenError(_ error: any Error) -> ListenError {
        if case SocketError.failed(_, let code, let message) = error {
            return ListenError(address: address, inUse: code == EADDRINUSE, reason: message)
        }
        return ListenError(address: address, inUse: false, reason: "\(error)")
    }

    /// Builds, tells the open pages, prints the messages and the build's line; returns the result.
    @discardableResult
    public func buildAndPublish(changed: [String]) async -> PreviewBuildResult {
        let result = await builder.build()
        // An editor's or sed's scratch file, made and renamed away within the save, is not news; a
        // deleted post is, when nothing else is left to name.
        let remaining = changed.filter { FileManager.default.fileExists(atPath: $0) }
        let names = (remaining.isEmpty ? changed : remaining).map(builder.displayName(of:))
        if result.summary.wasUpToDate && !changed.isEmpty {
            // The files are back as the last written site was built (a failed build is not recorded): the
            // site stands, but a failed build's panel must go.
            if channel.panel != result.panel { channel.publish(panel: result.panel, wroteSite: false) }
            log(result.line(changed: names))
            return result
        }
        if !result.messagesText.isEmpty { log(String(result.messagesText.dropLast())) }
        channel.publish(panel: result.panel, wroteSite: result.summary.wroteSite)
        log(result.line(changed: names))
        return result
    }

    /// Rebuilds on every batch of changes `watcher` reports, until it is stopped.
    public func rebuild(on watcher: FileWatcher) async {
        for await _ in watcher.signals {
            let changed = watcher.takeChanges()
            if changed.isEmpty || builder.staging.isInterrupted { continue }
            await buildAndPublish(changed: changed)
        }
    }

    /// Ends the open pages' streams and closes the server.
    public func stop() async {
        channel.finish()
        await server.stop(timeout: 0.5)
        let task = serverTask.withLock { $0 }
        task?.cancel()
        await task?.value
    }
}
