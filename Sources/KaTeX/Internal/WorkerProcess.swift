import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running `node` process executing ``WorkerScript``.
///
/// All three pipes are non-blocking on our side and multiplexed with `poll`, so writing a large batch never
/// deadlocks against the worker writing its results, and every wait has a deadline. The child's stdin is one end
/// of a socket pair, written with `MSG_NOSIGNAL`, so a worker that dies mid-batch gives an error return instead of
/// a process-wide `SIGPIPE`.
///
/// Time limit: a formula is abandoned once the worker has spent `timeout` of CPU time on it (read from
/// `/proc/PID/stat`), so a machine busy with other work does not turn a slow but honest formula into a spurious
/// timeout and a different page. A wall-clock backstop of ``wallClockFactor`` × `timeout` bounds the wait when the
/// worker is starved or stalled. Where `/proc` is missing the limit is plain wall-clock time.
///
/// Threads: ``render(_:timeout:into:)`` blocks in `poll`, so it runs on a worker thread of the pool, never on the
/// cooperative pool of Swift concurrency. The pipes and their buffers are behind a `Mutex` held for a whole batch
/// (one thread renders on a process at a time, so it is never contended); ``sendKill()`` does not take it, so
/// shutdown can stop a batch in progress from another thread.
final class WorkerProcess: Sendable {
    /// How a batch ended.
    enum BatchEnd: Equatable {
        /// Every request of the batch has its result.
        case finished
        /// No result came within the time limit; the process has been killed. `stalled` is true when the
        /// wall-clock backstop fired before the formula had used its CPU time.
        case timedOut(stalled: Bool)
        /// The process exited or broke the protocol; it has been killed. The text says what node said.
        case crashed(String)
    }

    /// The wall-clock backstop, as a multiple of the per-formula CPU-time limit.
    static let wallClockFactor: Int64 = 10
    /// The KaTeX version the worker reported when it started.
    let version: String
    private let child: ChildReaper
    private let pipes: Mutex<Pipes>

    private init(pipes: consuming Pipes, version: String) {
        self.child = pipes.child
        self.version = version
        self.pipes = Mutex(pipes)
    }

    deinit { terminate() }

    /// Starts a worker and waits (at most `startupTimeout`) for it to report ready.
    static func spawn(
        installation: KaTeXInstallation,
        limits: MathLimits,
        startupTimeout: Duration
    ) throws(KaTeXSetupError) -> WorkerProcess {
        guard access(installation.nodePath, X_OK) == 0 else {
            throw .nodeNotFound(searched: [installation.nodePath])
        }
        var socketEnds: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        #if os(Linux)
        let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, streamType, 0, &socketEnds) == 0 else {
            throw .workerFailedToStart(detail: "socketpair failed: \(String(cString: strerror(errno)))")
        }
        // Socket pairs for stdout and stderr too: Glibc's Swift overlay has no `pipe2`, and `SOCK_CLOEXEC`
        // closes the race with a worker spawned by another thread at the same moment.
        guard socketpair(AF_UNIX, streamType, 0, &outPipe) == 0,
            socketpair(AF_UNIX, streamType, 0, &errPipe) == 0
        else {
            closeAll(socketEnds + outPipe + errPipe)
            throw .workerFailedToStart(detail: "pipe failed: \(String(cString: strerror(errno)))")
        }
        #else
        guard socketpair(AF_UNIX, SOCK_STREAM, 0, &socketEnds) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0
        else {
            closeAll(socketEnds + outPipe + errPipe)
            throw .workerFailedToStart(detail: "pipe failed: \(String(cString: strerror(errno)))")
        }
        for fd in socketEnds + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #endif

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, socketEnds[1], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = [
            installation.nodePath,
            // A formula that makes KaTeX allocate without bound ends the worker, not the machine.
            "--max-old-space-size=1024",
            "-e", WorkerScript.source,
            installation.libraryPath,
            String(limits.maxExpand),
            String(limits.maxSize),
            installation.highlightLibraryPath ?? "",
        ]
        // A fixed environment: NODE_OPTIONS or NODE_PATH from the user's shell cannot change what runs.
        let environment = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        var status = posix_spawn(&pid, installation.nodePath, &actions, &attributes, &argv, &envp)
        // ETXTBSY: another thread's child briefly holds the executable open for writing (between its fork and
        // exec, if the file was just written). Short-lived; retry a few times.
        var attempts = 0
        while status == ETXTBSY, attempts < 20 {
            attempts += 1
            usleep(10_000)
            status = posix_spawn(&pid, installation.nodePath, &actions, &attributes, &argv, &envp)
        }
        closeAll([socketEnds[1], outPipe[1], errPipe[1]])
        guard status == 0 else {
            closeAll([socketEnds[0], outPipe[0], errPipe[0]])
            if status == ENOENT { throw .nodeNotFound(searched: [installation.nodePath]) }
            throw .workerFailedToStart(
                detail: "cannot run \(installation.nodePath): \(String(cString: strerror(status)))")
        }
        for fd in [socketEnds[0], outPipe[0], errPipe[0]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        var pipes = Pipes(child: ChildReaper(pid: pid), input: socketEnds[0], output: outPipe[0], errors: errPipe[0])
        var replies: [WorkerJSON.Reply] = []
        let end = pipes.exchange(input: [], expecting: 1, timeout: startupTimeout, countsCPUTime: false) {
            replies.append($0)
            return true
        }
        guard end == .finished, case .ready(let version)? = replies.first else {
            pipes.terminate()
            let detail: String
            switch end {
            case .timedOut: detail = "node did not start KaTeX within \(formatSeconds(startupTimeout))"
            case .crashed(let text): detail = text
            case .finished: detail = "the worker's first message was not a ready message"
            }
            throw .workerFailedToStart(detail: detail)
        }
        return WorkerProcess(pipes: pipes, version: version)
    }

    /// Renders `requests` in order, appending one result per request to `results` until the batch ends.
    ///
    /// Each formula gets `timeout` from the moment the previous result arrived (or the batch started): the worker
    /// writes every result as soon as it has it, so the first request without a result is the one being rendered.
    func render(_ requests: ArraySlice<WorkerRequest>, timeout: Duration, into results: inout [MathResult]) -> BatchEnd {
        var input: [UInt8] = []
        input.reserveCapacity(requests.reduce(0) { $0 + $1.text.utf8.count + 32 })
        for request in requests { WorkerJSON.appendRequest(request, to: &input) }
        var next = requests.startIndex
        return pipes.withLock { pipes in
            pipes.exchange(input: input, expecting: requests.count, timeout: timeout, countsCPUTime: true) { reply in
                switch reply {
                case .rendered(let html, let warnings):
                    results.append(.rendered(html: html, warnings: warnings))
                case .failed(let message, let position):
                    results.append(
                        .failed(
                            message: message,
                            position: position.map { Self.scalarOffset(ofUTF16Offset: $0, in: requests[next].text) })
                    )
                case .ready:
                    return false
                }
                next += 1
                return true
            }
        }
    }

    /// The 0-based Unicode-scalar offset in `tex` of KaTeX's 0-based UTF-16 offset `utf16Offset`.
    static func scalarOffset(ofUTF16Offset utf16Offset: Int, in tex: String) -> Int {
        var utf16Seen = 0
        var scalars = 0
        for scalar in tex.unicodeScalars {
            if utf16Seen >= utf16Offset { break }
            utf16Seen += UTF16.width(scalar)
            scalars += 1
        }
        return scalars
    }

    /// Sends SIGKILL unless the process has already been reaped (its PID could belong to someone else by then).
    /// The only method meant for another thread than the one rendering: it does not wait for the batch.
    func sendKill() {
        child.sendKill()
    }

    /// Kills the process (SIGKILL), reaps it and closes the pipes. Safe to call more than once.
    func terminate() {
        pipes.withLock { $0.terminate() }
    }
}

/// A child process's PID and whether it was reaped, so a kill from another thread never hits a recycled PID.
private final class ChildReaper: Sendable {
    let pid: pid_t
    private let reaped = Mutex(false)

    init(pid: pid_t) {
        self.pid = pid
    }

    /// Sends SIGKILL unless the process has been reaped.
    func sendKill() {
        reaped.withLock { if !$0 { kill(pid, SIGKILL) } }
    }

    /// Sends SIGKILL and waits for the process to end.
    func killAndReap() {
        reaped.withLock { reaped in
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            reaped = true
        }
    }
}

/// The worker's end of its pipes and what has been read from them; used by one thread at a time.
private struct Pipes {
    let child: ChildReaper
    let input: Int32
    let output: Int32
    var errors: Int32
    var readBuffer: [UInt8] = []
    var scanned = 0
    var searched = 0
    var stderrTail: [UInt8] = []
    var scratch = [UInt8](repeating: 0, count: 1 << 16)
    var outputClosed = false
    var terminated = false

    init(child: ChildReaper, input: Int32, output: Int32, errors: Int32) {
        self.child = child
        self.input = input
        self.output = output
        self.errors = errors
    }

    var pid: pid_t { child.pid }

    /// Kills the process (SIGKILL), reaps it and closes the pipes. Safe to call more than once.
    mutating func terminate() {
        guard !terminated else { return }
        terminated = true
        child.killAndReap()
        close(input)
        close(output)
        if errors >= 0 {
            close(errors)
            errors = -1
        }
    }

    /// Writes `input`, reads `expecting` reply lines, each within `timeout` of the previous one (CPU time of the
    /// worker when `countsCPUTime` and `/proc` allow, wall-clock time otherwise). `onReply` returns `false` for a
    /// reply that breaks the protocol, which ends the exchange like a crash.
    mutating func exchange(
        input: [UInt8],
        expecting count: Int,
        timeout: Duration,
        countsCPUTime: Bool,
        onReply: (WorkerJSON.Reply) -> Bool
    ) -> WorkerProcess.BatchEnd {
        if terminated { return .crashed("the KaTeX worker was stopped") }
        let limit = nanoseconds(timeout)
        let batchStart = monotonicNow()
        let batchStartCPU = countsCPUTime ? cpuTime() : nil
        var formulaStart = batchStart
        var deadline = batchStart &+ limit
        var written = 0
        var received = 0
        while received < count {
            // Replies already buffered count first.
            while received < count, let line = nextLine() {
                guard let reply = WorkerJSON.decodeReply(line) else {
                    terminate()
                    return .crashed("the KaTeX worker wrote something that is not a reply" + stderrSuffix())
                }
                guard onReply(reply) else {
                    terminate()
                    return .crashed("the KaTeX worker answered out of turn" + stderrSuffix())
                }
                received += 1
                formulaStart = monotonicNow()
                deadline = formulaStart &+ limit
            }
            if received == count { break }
            if outputClosed {
                terminate()
                return .crashed("the KaTeX worker exited" + stderrSuffix())
            }
            let now = monotonicNow()
            if now >= deadline {
                // The earlier formulas of the batch used at most their wall time of CPU, so what is left of the
                // CPU time since the batch started is a lower bound for the current formula's share.
                let waited = now - formulaStart
                if let startCPU = batchStartCPU, let nowCPU = cpuTime() {
                    let used = (nowCPU - startCPU) - (formulaStart - batchStart)
                    if used < limit {
                        let backstop = limit.multipliedReportingOverflow(by: WorkerProcess.wallClockFactor).partialValue
                        if waited >= backstop {
                            terminate()
                            return .timedOut(stalled: true)
                        }
                        deadline = min(formulaStart &+ backstop, now &+ max(10_000_000, limit - used))
                        continue
                    }
                }
                terminate()
                return .timedOut(stalled: false)
            }
            let wantsWrite = written < input.count
            var fds = [
                pollfd(fd: output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wantsWrite ? self.input : -1, events: Int16(POLLOUT), revents: 0),
            ]
            let waitMilliseconds = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            let ready = poll(&fds, nfds_t(fds.count), waitMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                terminate()
                return .crashed("poll failed: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { continue }
            if wantsWrite, fds[2].revents != 0 {
                let sent = input.withUnsafeBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return sendBytes(base + written, input.count - written)
                }
                if sent > 0 {
                    written += sent
                } else if sent < 0, errno != EAGAIN, errno != EINTR, errno != EWOULDBLOCK {
                    // The worker is gone; its stdout will report the end.
                    written = input.count
                }
            }
            if fds[1].revents != 0 { drainErrors() }
            if fds[0].revents != 0 { readOutput() }
        }
        return .finished
    }

    func sendBytes(_ pointer: UnsafeRawPointer, _ length: Int) -> Int {
        #if os(Linux)
        return send(input, pointer, length, Int32(MSG_NOSIGNAL))
        #else
        return write(input, pointer, length)
        #endif
    }

    /// The next complete line in the read buffer, without its newline.
    ///
    /// `searched` remembers how far a previous call looked for a newline, so a long line arriving in many reads is
    /// scanned once, not once per read.
    mutating func nextLine() -> ArraySlice<UInt8>? {
        let from = max(scanned, searched)
        guard let newline = readBuffer[from...].firstIndex(of: 0x0A) else {
            searched = readBuffer.count
            compact()
            return nil
        }
        let line = readBuffer[scanned..<newline]
        scanned = newline + 1
        searched = scanned
        return line
    }

    /// Drops consumed bytes once they are the larger part of the buffer, keeping the work linear.
    mutating func compact() {
        if scanned > 0, scanned * 2 >= readBuffer.count {
            readBuffer.removeSubrange(0..<scanned)
            searched -= scanned
            scanned = 0
        }
    }

    mutating func readOutput() {
        while true {
            let count = scratch.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count > 0 {
                readBuffer.append(contentsOf: scratch[0..<count])
                if count < scratch.count { return }
            } else if count == 0 {
                outputClosed = true
                return
            } else {
                if errno == EINTR { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK { outputClosed = true }
                return
            }
        }
    }

    mutating func drainErrors() {
        guard errors >= 0 else { return }
        while true {
            let count = scratch.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
            if count > 0 {
                stderrTail.append(contentsOf: scratch[0..<count])
                if stderrTail.count > 4096 { stderrTail.removeFirst(stderrTail.count - 4096) }
            } else if count < 0, errno == EINTR {
                continue
            } else {
                if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                    close(errors)
                    errors = -1
                }
                return
            }
        }
    }

    /// What the worker wrote on stderr, as `: <text>`, or nothing.
    mutating func stderrSuffix() -> String {
        drainErrors()
        let text = String(decoding: stderrTail, as: UTF8.self)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !text.isEmpty else { return "" }
        // Node prints the source line and a caret before the error itself; the error line is the informative one.
        let errorLine = text.first(where: { $0.contains("Error") }) ?? text[text.count - 1]
        return ": " + errorLine
    }

    /// The CPU time (user + system, all threads) the worker has used, in nanoseconds; `nil` without `/proc`.
    func cpuTime() -> Int64? {
        #if os(Linux)
        // /proc/PID/stat: "pid (comm) state ppid …"; utime and stime are fields 14 and 15, in clock ticks.
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let bytes = [UInt8](data)
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        // After the command: state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12,
            let user = Int64(String(decoding: fields[11], as: UTF8.self)),
            let system = Int64(String(decoding: fields[12], as: UTF8.self))
        else { return nil }
        let ticks = Int64(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return (user + system) * (1_000_000_000 / ticks)
        #else
        return nil
        #endif
    }
}

/// Closes every non-negative descriptor in `fds`.
private func closeAll(_ fds: [Int32]) {
    for fd in fds where fd >= 0 { close(fd) }
}

/// Nanoseconds on the monotonic clock.
func monotonicNow() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}

/// `duration` in nanoseconds, at least 1 ms.
func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    let total = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    if total.overflow { return Int64.max / 2 }
    return max(1_000_000, min(Int64.max / 2, total.partialValue + attoseconds / 1_000_000_000))
}

/// `duration` as people write it: `1 s`, `0.25 s`.
func formatSeconds(_ duration: Duration) -> String {
    let milliseconds = nanoseconds(duration) / 1_000_000
    if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
    var text = String(format: "%.3f", Double(milliseconds) / 1000)
    while text.hasSuffix("0") { text.removeLast() }
    return text + " s"
}
