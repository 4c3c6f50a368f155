// swift-tools-version:6.0
// libFuzzer targets for build-site's own scanners and parsers (issue 6). A separate package so the main one
// never needs the fuzzer: its targets are symbolic links to the main package's source folders.
//
//     swift build --sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library
//     scripts/fuzz.sh 20
import PackageDescription

let package = Package(
    name: "build-site-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "Diagnostics"),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm"),
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        .target(name: "MathFinder", dependencies: ["Diagnostics"]),
        .target(name: "Compatibility", dependencies: ["MathFinder", "Diagnostics"]),
        .target(name: "ComputeCore", dependencies: [.product(name: "RealModule", package: "swift-numerics")]),
        .target(name: "ClaimLanguage", dependencies: ["ComputeCore", "Diagnostics"]),
        .target(name: "KaTeX", dependencies: ["Diagnostics"]),
        .target(name: "EquationReader", dependencies: ["ClaimLanguage", "Diagnostics"]),
        // The main package's BuiltInTheme without its files (see Sources/BuiltInTheme/NoThemeFiles.swift).
        .target(name: "BuiltInTheme"),
        .target(
            name: "SiteBuilder",
            dependencies: [
                "Diagnostics", "Markdown", "MathFinder", "Compatibility", "KaTeX", "ClaimLanguage", "EquationReader",
                "BuiltInTheme",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(name: "FuzzMath", dependencies: ["MathFinder", "Compatibility", "Diagnostics"]),
        .executableTarget(name: "FuzzFrontMatter", dependencies: ["SiteBuilder"]),
        .executableTarget(name: "FuzzClaims", dependencies: ["ClaimLanguage"]),
        .executableTarget(name: "FuzzEquations", dependencies: ["EquationReader", "ClaimLanguage"]),
        .executableTarget(name: "MarkdownLeakCheck", dependencies: ["Markdown"]),
        .executableTarget(name: "FuzzMarkdown", dependencies: ["SiteBuilder", "Markdown", "MathFinder", "Diagnostics"]),
    ]
)
