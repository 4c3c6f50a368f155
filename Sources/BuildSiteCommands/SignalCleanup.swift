import Foundation
import SiteBuilder

#if canImport(Glibc)
import Glibc
#endif

/// Removes a half-written staging folder when the build is interrupted.
///
/// SIGINT and SIGTERM are taken off the default action and delivered to a dispatch source, so the
/// cleanup runs on an ordinary thread (it may take locks and allocate, which a signal handler may
/// not); then the process ends the way the signal would have ended it.
enum SignalCleanup {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                SiteBuildCleanup.removeStagingFolders()
                signal(signalNumber, SIG_DFL)
                raise(signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
