// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swift-check-site",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "build-site", targets: ["BuildSite"]),
        .library(name: "ComputeCore", targets: ["ComputeCore"]),
        .library(name: "ClaimLanguage", targets: ["ClaimLanguage"]),
        .library(name: "SiteBuilder", targets: ["SiteBuilder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // MARK: - Public API

        /// Source locations and `path:line:col` diagnostics shared by every stage.
        .target(name: "Diagnostics"),

        /// Forward-mode automatic differentiation, tensors, sampling and comparison.
        .target(
            name: "ComputeCore",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),

        /// The `swift-check` claim language: parser, evaluator, judge and LaTeX printer.
        .target(name: "ClaimLanguage", dependencies: ["ComputeCore", "Diagnostics"]),

        /// Finds LaTeX math in Markdown before the Markdown parser sees it.
        .target(name: "MathFinder", dependencies: ["Diagnostics"]),
        // Other engines' conventions (Jekyll, Hugo, …): profiles, their template syntax, their escaped TeX.
        .target(name: "Compatibility", dependencies: ["MathFinder", "Diagnostics"]),
        /// Displayed LaTeX read into the claim language's expression tree, row by row.
        .target(name: "EquationReader", dependencies: ["ClaimLanguage", "Diagnostics"]),

        /// Renders TeX to HTML through a pool of long-lived KaTeX workers (node).
        .target(name: "KaTeX", dependencies: ["Diagnostics"]),

        /// A safe Swift layer over cmark-gfm.
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),

        /// The theme compiled into the executable (its files are in `Sources/BuiltInTheme/theme/`).
        .target(name: "BuiltInTheme", exclude: ["theme"], plugins: ["EmbedTheme"]),

        /// The site pipeline: load posts, find math, parse Markdown, judge claims, render, write.
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

        /// `build-site serve`: an HTTP server over the built site that rebuilds on every change and
        /// reloads open pages, showing failed builds and refuted claims in an overlay.
        .target(
            name: "Preview",
            dependencies: [
                "Diagnostics", "SiteBuilder", "KaTeX",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),

        /// The `build-site` command line: the subcommands and their shared option groups, over SiteBuilder.
        .target(
            name: "BuildSiteCommands",
            dependencies: [
                "Diagnostics", "SiteBuilder", "Compatibility", "Preview", "ClaimLanguage", "EquationReader",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        /// The `build-site` executable: runs `BuildSiteCommand`, nothing else.
        .executableTarget(name: "BuildSite", dependencies: ["BuildSiteCommands"]),

        // MARK: - Implementation details

        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),

        /// Turns the built-in theme's folder into Swift source at build time (run by `EmbedTheme`).
        .executableTarget(name: "ThemeGenerator"),
        .plugin(name: "EmbedTheme", capability: .buildTool(), dependencies: ["ThemeGenerator"]),

        // MARK: - Benchmarks (run in release mode; never timed in tests)

        .executableTarget(name: "CoreBenchmark", dependencies: ["ComputeCore"]),
        .executableTarget(name: "ClaimsBenchmark", dependencies: ["ClaimLanguage"]),

        // MARK: - Tests

        /// Helpers the test targets share: temporary folders, child processes, XML outlines.
        .target(name: "_TestSupport", path: "Tests/_TestSupport"),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
        .testTarget(name: "ComputeCoreTests", dependencies: ["ComputeCore"]),
        .testTarget(name: "ClaimLanguageTests", dependencies: ["ClaimLanguage", "_TestSupport"], exclude: ["TruthTable.txt"]),
        .testTarget(name: "EquationReaderTests", dependencies: ["EquationReader", "ClaimLanguage", "Diagnostics"]),
        .testTarget(name: "MathFinderTests", dependencies: ["MathFinder", "Diagnostics"]),
        .testTarget(name: "CompatibilityTests", dependencies: ["Compatibility", "MathFinder"]),
        .testTarget(name: "KaTeXTests", dependencies: ["KaTeX"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown"]),
        .testTarget(name: "PreviewTests", dependencies: ["Preview", "Diagnostics", "_TestSupport"]),
        .testTarget(
            name: "BuildSiteCommandsTests",
            dependencies: ["BuildSiteCommands", "Diagnostics", "SiteBuilder", "EquationReader", "_TestSupport"]),
        .testTarget(
            name: "SiteBuilderTests",
            dependencies: ["SiteBuilder", "Compatibility", "MathFinder", "KaTeX", "BuiltInTheme", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
