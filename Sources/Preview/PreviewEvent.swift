import Foundation

/// One message the server sends to open pages over server-sent events (``PreviewRoutes/events``).
public enum PreviewEvent: Sendable, Equatable {
    /// Sent first on every connection: the number of the build the server now serves. A page built by
    /// another build reloads.
    case hello(build: Int)
    /// A build wrote a new site: pages reload.
    case reload(build: Int)
    /// A build failed, or refuted a claim: pages show the panel (sent again to every page that connects
    /// until a good build).
    case overlay(build: Int, panel: OverlayPanel)
    /// A good build: pages remove the panel.
    case clear(build: Int)

    /// The event's name on the wire (`event:` of a server-sent event).
    public var name: String {
        switch self {
        case .hello: "hello"
        case .reload: "reload"
        case .overlay: "overlay"
        case .clear: "clear"
        }
    }

    /// The event's data: one line of JSON with the build number (and the panel's headline, text and HTML).
    public var data: String {
        var object: [String: Any] = [:]
        switch self {
        case .hello(let build), .reload(let build), .clear(let build):
            object["build"] = build
        case .overlay(let build, let panel):
            object = ["build": build, "headline": panel.headline, "text": panel.text, "html": panel.html]
        }
        let json = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: json ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The event as it is written to the stream: `event:`, `data:` and a blank line.
    public var serverSentEvent: [UInt8] {
        Array("event: \(name)\ndata: \(data)\n\n".utf8)
    }
}
