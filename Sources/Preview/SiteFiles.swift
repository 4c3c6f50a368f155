import FlyingFox
import Foundation

/// The paths the preview server answers besides the site's files.
public enum PreviewRoutes {
    /// The server-sent event stream open pages listen to.
    public static let events = "/__build-site/events"
    /// The latest build's number and panel as JSON (for scripts and tests).
    public static let status = "/__build-site/status"
}

/// Serves the files of the preview site: a folder's `index.html` for the folder, a redirect from a
/// folder's path without its slash (so relative links resolve), and every HTML page with the
/// ``ReloadScript`` added on the way out.
struct SiteFileHandler: HTTPHandler {
    /// The folder the preview build writes.
    let root: URL
    /// Where the latest build's number comes from.
    let channel: ReloadChannel

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed)
        }
        // The target as sent (FlyingFox's `path` drops a trailing slash), percent-decoded.
        let path = request.target.path(percentEncoded: false)
        guard let segments = Self.segments(of: path) else {
            return Self.notFound
        }
        var file = segments.reduce(root) { $0.appendingPathComponent($1) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) else {
            return Self.notFound
        }
        if isFolder.boolValue {
            if !path.hasSuffix("/") {
                let headers: HTTPHeaders = [.location: request.target.path() + "/", .cacheControl: "no-store"]
                return HTTPResponse(statusCode: .movedPermanently, headers: headers)
            }
            file.appendPathComponent("index.html")
        }
        // The site may be swapped while this is read: a file that went away is a 404, and the page reloads anyway.
        guard let data = FileManager.default.contents(atPath: file.path) else { return Self.notFound }
        let type = Self.contentType(of: file.lastPathComponent)
        let build = channel.build
        let body = type.hasPrefix("text/html") ? Data(ReloadScript.inject(into: Array(data), build: build)) : data
        let headers: HTTPHeaders = [.contentType: type, .cacheControl: "no-store"]
        return HTTPResponse(statusCode: .ok, headers: headers, body: request.method == .HEAD ? Data() : body)
    }

    static var notFound: HTTPResponse {
        let headers: HTTPHeaders = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        return HTTPResponse(statusCode: .notFound, headers: headers, body: Data("Not found\n".utf8))
    }

    /// The path's segments under the site's root; nil for a path that would leave it (`..`), names a
    /// hidden file, or holds a NUL.
    static func segments(of path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for segment in segments where segment == ".." || segment.hasPrefix(".") || segment.contains("\0") {
            return nil
        }
        return segments
    }

    /// The media type for a file name, by its extension.
    static func contentType(of name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }
}
