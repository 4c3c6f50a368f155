import Testing

@testable import SiteBuilder

/// How many KaTeX workers a build starts.
@Suite struct MathFeedTests {
    @Test(arguments: [
        ([String: String](), nil as Int?, RendererStart.defaultWorkers),
        (["BUILD_SITE_KATEX_WORKERS": "2"], nil, 2),
        (["BUILD_SITE_KATEX_WORKERS": "3"], 10, 3),
        (["BUILD_SITE_KATEX_WORKERS": "0"], nil, RendererStart.defaultWorkers),
        (["BUILD_SITE_KATEX_WORKERS": "two"], nil, RendererStart.defaultWorkers),
        ([:], 10, 1),
    ])
    func workerCountComesFromTheEnvironmentOrTheMeasuredDefault(
        environment: [String: String], formulas: Int?, expected: Int
    ) {
        #expect(RendererStart.workerCount(formulas: formulas, environment: environment) == expected)
    }
}
