/// Makes heading ids the way GitHub does, unique within one document.
///
/// Lower-cases the text, keeps letters, digits, `-` and `_`, turns spaces into `-`, drops
/// everything else, and appends `-1`, `-2`, … to repeats. An empty result becomes `section`.
public struct HeadingSlugger: Sendable {
    private var used: [String: Int] = [:]

    /// A slugger with no ids taken.
    public init() {}

    /// The id for a heading whose plain text is `text`.
    public mutating func slug(for text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" {
                slug.unicodeScalars.append(scalar)
            } else if scalar == " " {
                slug.append("-")
            }
        }
        if slug.isEmpty { slug = "section" }
        let count = used[slug, default: 0]
        used[slug] = count + 1
        guard count > 0 else { return slug }
        var candidate = "\(slug)-\(count)"
        while used[candidate] != nil { candidate += "-1" }
        used[candidate] = 1
        return candidate
    }
}
