/// Judges every `swift-check` fence of every post.
struct ClaimStage: Sendable {
    let overrides: ClaimOverrides
    let skip: Bool

    /// The judged fences of each post, in the posts' order.
    func judge(_ posts: [PreparedPost], concurrency: Int) async -> [[JudgedFence]] {
        posts.map { _ in [] }
    }
}
