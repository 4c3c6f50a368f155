import Diagnostics
import Foundation
import Testing
import _TestSupport

@testable import SiteBuilder

/// The output folder is replaced only when it holds nothing but a site the tool made: every other
/// folder is refused with a message naming it, and the user's files are left exactly as they were.
@Suite struct OutputFolderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Makes the output folder inside the temporary folder (which holds `content/` and `templates/`);
        /// returns its path relative to the temporary folder.
        var make: @Sendable (URL) throws -> String
        /// The reason the message must give, or nil when the build must go ahead.
        var refusal: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "the content folder", make: { _ in "content" }, refusal: "it is the content folder"),
        Case(name: "the templates folder", make: { _ in "templates" }, refusal: "it is the templates folder"),
        Case(name: "'.', a parent of the content folder", make: { _ in "." }, refusal: "it contains the content folder"),
        Case(
            name: "a folder inside the content folder", make: { _ in "content/site" },
            refusal: "it lies inside the content folder"),
        Case(
            name: "a folder inside the templates folder", make: { _ in "templates/assets" },
            refusal: "it lies inside the templates folder"),
        Case(
            name: "a folder of other files",
            make: { temporary in
                let folder = temporary.appendingPathComponent("mine")
                try FileManager.default.createDirectory(
                    at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
                try Data("notes".utf8).write(to: folder.appendingPathComponent("README.md"))
                try Data("ref".utf8).write(to: folder.appendingPathComponent(".git/HEAD"))
                return "mine"
            }, refusal: "it holds '.git', which build-site did not write"),
        Case(
            name: "a site of the tool's names plus one other file",
            make: { temporary in
                let folder = temporary.appendingPathComponent("site")
                try FileManager.default.createDirectory(
                    at: folder.appendingPathComponent("posts"), withIntermediateDirectories: true)
                try Data("old".utf8).write(to: folder.appendingPathComponent("index.html"))
                try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
                return "site"
            }, refusal: "it holds 'notes.txt', which build-site did not write"),
        Case(
            name: "a file",
            make: { temporary in
                try Data("a file".utf8).write(to: temporary.appendingPathComponent("file.txt"))
                return "file.txt"
            }, refusal: "it exists and is not a folder"),
        Case(
            name: "a symbolic link to a folder",
            make: { temporary in
                let target = temporary.appendingPathComponent("elsewhere")
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                try Data("x".utf8).write(to: target.appendingPathComponent("index.html"))
                try FileManager.default.createSymbolicLink(
                    atPath: temporary.appendingPathComponent("link").path, withDestinationPath: target.path)
                return "link"
            }, refusal: "it is a symbolic link"),
        Case(
            name: "a symbolic link to the content folder",
            make: { temporary in
                try FileManager.default.createSymbolicLink(
                    atPath: temporary.appendingPathComponent("link").path,
                    withDestinationPath: temporary.appendingPathComponent("content").path)
                return "link"
            }, refusal: "it is a symbolic link"),
        Case(
            name: "a folder under a symbolic link into the content folder",
            make: { temporary in
                try FileManager.default.createSymbolicLink(
                    atPath: temporary.appendingPathComponent("link").path,
                    withDestinationPath: temporary.appendingPathComponent("content").path)
                return "link/site"
            }, refusal: "it lies inside the content folder"),
        Case(name: "a folder that does not exist", make: { _ in "new/site" }, refusal: nil),
        Case(
            name: "an empty folder",
            make: { temporary in
                try FileManager.default.createDirectory(
                    at: temporary.appendingPathComponent("empty"), withIntermediateDirectories: true)
                return "empty"
            }, refusal: nil),
        Case(
            name: "a site without the marker (written before it existed), only the tool's names",
            make: { temporary in
                let folder = temporary.appendingPathComponent("site")
                try FileManager.default.createDirectory(
                    at: folder.appendingPathComponent("posts/old"), withIntermediateDirectories: true)
                try Data("old".utf8).write(to: folder.appendingPathComponent("index.html"))
                return "site"
            }, refusal: nil),
        Case(
            name: "a site with the marker",
            make: { temporary in
                let folder = temporary.appendingPathComponent("site")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(OutputFolder.markerContents.utf8).write(to: folder.appendingPathComponent(OutputFolder.markerName))
                try Data("stale".utf8).write(to: folder.appendingPathComponent("stale.html"))
                return "site"
            }, refusal: nil),
    ]

    @Test(arguments: cases) func theOutputFolderIsReplacedOnlyWhenItIsASite(_ testCase: Case) async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let content = temporary.appendingPathComponent("content")
        let templates = temporary.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Fixture.folder("basic/content"), to: content)
        try FileManager.default.copyItem(
            at: Fixture.repository.appendingPathComponent("Sources/BuiltInTheme/theme"), to: templates)
        let relative = try testCase.make(temporary)
        let output = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: temporary.path, isDirectory: true))
        let before = try TreeListing(of: temporary)
        let summary = await Fixture.build(content: content, output: output) {
            $0.templatesDirectory = templates
            $0.useCache = true
            $0.cacheDirectory = temporary.appendingPathComponent(".cache")
        }
        if let refusal = testCase.refusal {
            #expect(summary.exitStatus == 2 && !summary.wroteSite)
            let message = summary.diagnostics.map(\.description).first ?? ""
            #expect(message.hasPrefix("\(relative): error: refusing to use this as the output folder: \(refusal)"), "\(message)")
            #expect(try TreeListing(of: temporary) == before, "nothing the user had was touched")
        } else {
            #expect(summary.wroteSite, "\(summary.diagnostics)")
            let marker = try String(contentsOf: output.appendingPathComponent(OutputFolder.markerName), encoding: .utf8)
            #expect(marker == OutputFolder.markerContents)
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("stale.html").path))
            // The next build replaces the site it made.
            let again = await Fixture.build(content: content, output: output) { $0.templatesDirectory = templates }
            #expect(again.wroteSite, "\(again.diagnostics)")
        }
    }

    @Test func theCacheFolderIsNeverInsideTheOutput() async throws {
        let temporary = Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temporary) }
        let output = temporary.appendingPathComponent("site")
        let summary = await Fixture.build(content: Fixture.folder("basic/content"), output: output) {
            $0.useCache = true
            $0.cacheDirectory = output.appendingPathComponent("cache")
        }
        #expect(summary.exitStatus == 2)
        #expect(
            summary.diagnostics.first?.message.hasPrefix(
                "refusing to use this as the output folder: it contains the cache folder") == true)
    }

    @Test func theCommittedSiteCarriesTheMarker() {
        #expect(
            FileManager.default.fileExists(
                atPath: Fixture.repository.appendingPathComponent("site/\(OutputFolder.markerName)").path))
    }
}

/// Every entry under a folder (links not followed) with its kind and, for files, its bytes.
struct TreeListing: Equatable {
    var entries: [String: String]

    init(of folder: URL) throws {
        entries = [:]
        for entry in FileTree.entries(under: folder.standardizedFileURL.path) {
            let url = folder.appendingPathComponent(entry.relativePath)
            if entry.isSymbolicLink {
                entries[entry.relativePath] = "link " + (try FileManager.default.destinationOfSymbolicLink(atPath: url.path))
            } else if entry.isDirectory {
                entries[entry.relativePath] = "folder"
            } else {
                entries[entry.relativePath] = "file " + (try Data(contentsOf: url)).base64EncodedString()
            }
        }
    }
}
