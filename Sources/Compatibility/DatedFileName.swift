/// Jekyll's post file names, `YYYY-MM-DD-slug.md`: the date and the slug a post takes from its name.
public struct DatedFileName: Sendable, Equatable {
    /// The date, `YYYY-MM-DD`.
    public var date: String
    /// The name after the date, without the extension.
    public var slug: String

    /// Reads a file name (a path's last component; the extension is dropped), or nil when it has no date.
    public init?(_ fileName: String) {
        var name = Substring(fileName.split(separator: "/").last ?? "")
        if let dot = name.lastIndex(of: "."), ["md", "markdown", "html"].contains(name[name.index(after: dot)...]) {
            name = name[..<dot]
        }
        let scalars = Array(name.unicodeScalars)
        guard scalars.count > 11, scalars[4] == "-", scalars[7] == "-", scalars[10] == "-",
            [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ ("0"..."9").contains(scalars[$0]) })
        else { return nil }
        date = String(String.UnicodeScalarView(scalars[0..<10]))
        slug = String(String.UnicodeScalarView(scalars[11...]))
    }

    /// Jekyll's title for a post without one: the slug's words, each capitalised (`my-first-post` → `My First Post`).
    public var title: String { Self.titleFromSlug(slug) }

    /// Jekyll's title from a slug: its words, each capitalised.
    public static func titleFromSlug(_ slug: String) -> String {
        slug.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }

    /// The slug of the post a link names (`2017-04-07-other`, `_posts/2017-04-07-other.md`, `posts/other.md`,
    /// `other/index.md`, `/blog/other/`): the file name without its date and extension, or a bundle's folder name.
    public static func slug(fromReference reference: String) -> String {
        let parts = reference.split(separator: "/").map(String.init)
        guard var last = parts.last else { return reference }
        if let dot = last.lastIndex(of: "."), ["md", "markdown", "html"].contains(last[last.index(after: dot)...]) {
            last = String(last[..<dot])
        }
        if last == "index" || last == "_index", parts.count >= 2 { last = parts[parts.count - 2] }
        return DatedFileName(last)?.slug ?? last
    }
}
