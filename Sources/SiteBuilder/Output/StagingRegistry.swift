import Synchronization

/// The staging folders of the builds in progress, so an interruption (SIGINT, SIGTERM) can remove them.
///
/// The caller owns it: the command line creates one, hands it to ``SiteBuild`` and to its signal
/// handler; a long-running process gives each build, or all of them, a registry of its own. Nothing
/// about staging folders is process-wide.
public final class StagingRegistry: Sendable {
    private struct State {
        var paths: [String] = []
        var interrupted = false
    }

    private let state = Mutex(State())

    /// An empty registry.
    public init() {}

    /// Whether ``interrupt()`` was called: no file is written by a build using this registry after it.
    public var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Records the staging folder at `path` (before it is created, so an interruption at any moment after finds it).
    func register(_ path: String) {
        state.withLock { $0.paths.append(path) }
    }

    /// Forgets the staging folder at `path` once it was swapped in or removed.
    func unregister(_ path: String) {
        state.withLock { $0.paths.removeAll { $0 == path } }
    }

    /// Stops every later write of the builds using this registry and removes their staging folders
    /// (called on SIGINT or SIGTERM, before the process exits).
    public func interrupt() {
        let paths = state.withLock {
            $0.interrupted = true
            return $0.paths
        }
        for path in paths { SiteWriter.removeTree(path) }
    }
}
