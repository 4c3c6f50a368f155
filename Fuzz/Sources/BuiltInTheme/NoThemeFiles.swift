// The fuzzers never write pages, so they go without the theme's files: the main package's
// `EmbedTheme` plugin would build `ThemeGenerator` with the fuzzer's sanitizers and
// `-parse-as-library`, which a small tool with top-level code cannot take.
extension BuiltInTheme {
    static let encodedFiles: [(path: String, base64: String)] = []
}
