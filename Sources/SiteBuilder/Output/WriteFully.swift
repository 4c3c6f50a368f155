#if canImport(Glibc)
import Glibc
#endif

/// Writes all of `bytes` to the open file `descriptor`, retrying short and interrupted writes; returns
/// 0, or the `errno` of the write that failed (`EIO` for one that wrote nothing). The one write loop of
/// the tool: the site writer and the cache files both go through it.
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
