import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A server-sent event as the test receives it.
struct ReceivedEvent: Equatable {
    var name: String
    var data: String

    /// The data's JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]) ?? [:]
    }
}

/// Listens to a server-sent event stream and keeps every event received, for a test to wait on.
///
/// A `URLSessionDataDelegate` has to be an `NSObject`, so the compiler cannot check this class's
/// sendability: what it holds is behind one `Mutex`, and URLSession calls it on its own queue.
final class EventStreamClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let received = Mutex<(bytes: [UInt8], events: [ReceivedEvent])>(([], []))
    private var session: URLSession?

    /// Connects to `url`.
    init(url: URL) {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 600
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        session?.dataTask(with: url).resume()
    }

    /// Closes the connection.
    func close() {
        session?.invalidateAndCancel()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        received.withLock { state in
            state.bytes += data
            // Events end in a blank line; each has `event:` and `data:` lines.
            while let end = Self.blankLine(in: state.bytes) {
                let text = String(decoding: state.bytes[..<end], as: UTF8.self)
                state.bytes.removeFirst(end + 2)
                var event = ReceivedEvent(name: "message", data: "")
                for line in text.split(separator: "\n") {
                    if line.hasPrefix("event: ") { event.name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { event.data += String(line.dropFirst(6)) }
                }
                state.events.append(event)
            }
        }
    }

    private static func blankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 10 && bytes[index + 1] == 10 { return index }
        return nil
    }

    /// Every event so far.
    var events: [ReceivedEvent] { received.withLock { $0.events } }

    /// Waits (at most `timeout` seconds, so a broken server fails the test instead of hanging it) for
    /// an event after the first `skipping` events that satisfies `matches`.
    func waitForEvent(
        after skipping: Int = 0, timeout: Double = 120, where matches: (ReceivedEvent) -> Bool
    ) async -> ReceivedEvent? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let event = events.dropFirst(skipping).first(where: matches) { return event }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

/// The body of `url` as text, or nil (after a few seconds at most).
func fetch(_ url: URL) async -> (status: Int, body: String)? {
    var request = URLRequest(url: url)
    request.timeoutInterval = 120
    guard let (data, response) = try? await URLSession.shared.data(for: request) else { return nil }
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}
