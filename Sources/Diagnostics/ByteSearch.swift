#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// The range of the first occurrence of `needle` at or after `start` (the string's start when nil),
    /// compared byte for byte in UTF-8, or nil when there is none.
    ///
    /// For markup the tool finds by its bytes (`<pre><code class="language-`, `\mbox`): C's `memchr` for
    /// the first byte and `memcmp` for the rest, not Foundation's Unicode-aware `range(of:)` or a generic
    /// collection search. A valid UTF-8 needle
    /// only matches whole characters' bytes, so the range's bounds are valid indices of the string.
    public func utf8Range(of needle: String, from start: Index? = nil) -> Range<Index>? {
        let offset = start.map { utf8.distance(from: utf8.startIndex, to: $0) } ?? 0
        var (haystack, needle) = (self, needle)
        let found = haystack.withUTF8 { haystack in
            needle.withUTF8 { needle -> Int? in
                guard offset + needle.count <= haystack.count else { return nil }
                guard !needle.isEmpty else { return offset }
                guard let base = haystack.baseAddress, let pattern = needle.baseAddress else { return nil }
                let last = haystack.count - needle.count
                var position = offset
                while position <= last {
                    guard let candidate = memchr(base + position, Int32(pattern.pointee), last - position + 1) else {
                        return nil
                    }
                    position = UnsafeRawPointer(candidate) - UnsafeRawPointer(base)
                    if memcmp(base + position, pattern, needle.count) == 0 { return position }
                    position += 1
                }
                return nil
            }
        }
        guard let found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: found)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Whether `needle` occurs in the string, compared byte for byte in UTF-8 (``utf8Range(of:from:)``).
    public func containsUTF8(_ needle: String) -> Bool {
        utf8Range(of: needle) != nil
    }
}
