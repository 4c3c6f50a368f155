import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for tests that run Chromium or `build-site`.
///
/// Foundation's `Process` keeps internal references alive that LeakSanitizer reports, so the
/// tests spawn children directly; output goes to a file the caller names, or nowhere.
public struct ChildProcess {
    /// The child's process id.
    public let pid: pid_t

    /// Starts `executable` with `arguments` in `directory` (or the current one), its standard output
    /// written to `outputFile` and its standard error to `errorFile` (each discarded when nil).
    public init(
        _ executable: String, _ arguments: [String], outputFile: URL? = nil, errorFile: URL? = nil, directory: URL? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory, let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") {
            // glibc's (2.29+); Swift's Glibc module does not declare it.
            typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
            _ = unsafeBitCast(symbol, to: AddChdir.self)(&actions, directory.path)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile?.path ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile?.path ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
        self.pid = pid
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(pid, signal) }

    /// Waits for the child to end, killing it after `timeout` seconds; returns its exit status,
    /// or `nil` if it had to be killed or ended by a signal.
    @discardableResult
    public func wait(timeout: Double = 60) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 { return nil }
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return nil
            }
            usleep(20_000)
        }
        let exited = (status & 0x7f) == 0
        return exited ? (status >> 8) & 0xff : nil
    }
}
