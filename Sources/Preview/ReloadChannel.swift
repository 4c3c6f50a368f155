import FlyingSocks
import Foundation
import Synchronization

/// The open pages' event streams, and what the latest build left them to show.
///
/// Each page's `EventSource` is one subscriber. A new subscriber is sent ``PreviewEvent/hello(build:)``
/// and, while the latest build failed or refuted a claim, its panel; after each build every subscriber
/// is sent the panel or its removal, then ``PreviewEvent/reload(build:)`` when a new site was written.
public final class ReloadChannel: Sendable {
    private struct State {
        var build = 0
        var panel: OverlayPanel?
        var subscribers: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
        var nextSubscriber = 0
        var finished = false
    }

    private let state = Mutex(State())

    /// A channel at build 0 with no subscribers.
    public init() {}

    /// The number of the latest build (0 before the first one ends).
    public var build: Int { state.withLock { $0.build } }

    /// The panel the latest build left, if it failed or refuted a claim.
    public var panel: OverlayPanel? { state.withLock { $0.panel } }

    /// How many pages are listening.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// A new subscriber's stream of server-sent events; it ends when the page goes away or ``finish()`` is called.
    public func subscribe() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .unbounded)
        let id: Int? = state.withLock { state in
            guard !state.finished else { return nil }
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            continuation.yield(PreviewEvent.hello(build: state.build).serverSentEvent)
            if let panel = state.panel {
                continuation.yield(PreviewEvent.overlay(build: state.build, panel: panel).serverSentEvent)
            }
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Records a finished build and tells every page: the panel (or its removal), then a reload when
    /// `wroteSite`. Returns the build's number.
    @discardableResult
    public func publish(panel: OverlayPanel?, wroteSite: Bool) -> Int {
        state.withLock { state in
            state.build += 1
            let hadPanel = state.panel != nil
            state.panel = panel
            var events: [PreviewEvent] = []
            if let panel {
                events.append(.overlay(build: state.build, panel: panel))
            } else if hadPanel {
                events.append(.clear(build: state.build))
            }
            if wroteSite { events.append(.reload(build: state.build)) }
            for continuation in state.subscribers.values {
                for event in events { continuation.yield(event.serverSentEvent) }
            }
            return state.build
        }
    }

    /// Ends every stream, and every later one at once (the server is stopping).
    public func finish() {
        let subscribers = state.withLock { state in
            state.finished = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for continuation in subscribers { continuation.finish() }
    }
}

/// A subscriber's stream as the bytes of an HTTP body FlyingFox sends in chunks as they come.
struct EventStreamBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let events: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(events: events.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<[UInt8]>.Iterator
        var pending: ArraySlice<UInt8> = []

        mutating func next() async -> UInt8? {
            await nextBuffer(suggested: 1)?.first
        }

        /// The rest of the event being sent, or (waiting for it) the next event; nil once the stream ended.
        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if pending.isEmpty {
                guard let event = await events.next() else { return nil }
                pending = event[...]
            }
            let buffer = pending.prefix(Swift.max(1, count))
            pending = pending.dropFirst(buffer.count)
            return Array(buffer)
        }
    }
}
