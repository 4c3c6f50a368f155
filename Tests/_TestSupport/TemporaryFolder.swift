import Foundation

/// A new, empty folder under the system's temporary folder, named `prefix` and a UUID; the test
/// that asks for it removes it.
public func makeTemporaryFolder(_ prefix: String = "build-site-tests") -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The root of this repository (the folder holding `Package.swift`).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
