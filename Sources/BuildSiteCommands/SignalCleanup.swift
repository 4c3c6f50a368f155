import Dispatch
import Foundation
import SiteBuilder

#if canImport(Glibc)
import Glibc
#endif

/// Removes a half-written staging folder when the build is interrupted, and (for `serve`) hands
/// the signal to the code that stops the server.
///
/// SIGINT and SIGTERM are taken off the default action and delivered to a dispatch source, so the
/// cleanup runs on an ordinary thread (it takes a lock and allocates, which a signal handler may
/// not); then the process ends the way the signal would have ended it. Dispatch is used here and
/// nowhere else: it is the one portable way to turn a signal into ordinary code without an
/// async-signal-safe handler (`sigwait` would need the signals blocked in every thread, KaTeX's
/// worker threads included, before any starts).
///
/// The handler holds the `registry` it was given, never process-wide state; the sources are
/// cancelled, and the default actions restored, by ``cancel()``.
final class SignalCleanup {
    private let sources: [any DispatchSourceSignal]

    /// Starts handling SIGINT and SIGTERM by interrupting `registry`, then re-raising the signal.
    ///
    /// With `onSignal`, the signal is not re-raised: the signals get their default actions back (so a
    /// second Ctrl-C ends the process at once) and `onSignal` is called with the signal's number; the
    /// caller stops what it runs, then exits (with status 128 + the signal's number). A long-running command
    /// (`serve`) holds one of these for its whole life.
    init(registry: StagingRegistry, onSignal: (@Sendable (Int32) -> Void)? = nil) {
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                registry.interrupt()
                if let onSignal {
                    signal(SIGINT, SIG_DFL)
                    signal(SIGTERM, SIG_DFL)
                    onSignal(signalNumber)
                } else {
                    signal(signalNumber, SIG_DFL)
                    raise(signalNumber)
                }
            }
            source.resume()
            return source
        }
    }

    /// Stops handling the signals and gives them their default actions back.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
