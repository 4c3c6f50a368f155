#if canImport(Glibc)
import Glibc
#endif

/// Writes all of `bytes` to the open file `descriptor`, retrying short and interrupted writes; returns
/// 0, or the `errno` of the write that failed (`EIO` for one that wrote nothing). The one write loop of
/// the tool: the site writer, the cache files and the starter files all go through it.
func writeFully(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    var written = 0
    while written < bytes.count {
        guard let base = bytes.baseAddress else { return EIO }
        let result = write(descriptor, base + written, bytes.count - written)
        if result < 0 && errno == EINTR { continue }
        if result < 0 { return errno }
        if result == 0 { return EIO }
        written += result
    }
    return 0
}

/// Creates the file at `path` — never over an existing file (`O_EXCL`), never through a symbolic link — with
/// `mode` (less the umask), and writes all of `bytes` into it; a file left half-written is removed. Returns 0,
/// or the `errno` of the step that failed (`EEXIST` when something is at `path`).
func createFile(atPath path: String, writing bytes: UnsafeRawBufferPointer, mode: mode_t) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
    guard descriptor >= 0 else { return errno }
    let failure = writeFully(descriptor, bytes)
    close(descriptor)
    if failure != 0 { unlink(path) }
    return failure
}
