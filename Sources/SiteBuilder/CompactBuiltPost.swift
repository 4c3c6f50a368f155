import ClaimLanguage

/// A post's judged fences as the build record stores them: arrays of values in a fixed order
/// instead of objects with named fields, which JSON decodes about three times faster — and a
/// rebuild with nothing changed is mostly decoding the record. The reports and the public
/// `Codable` form of ``BuiltPost`` keep their named fields; this form is private to the record,
/// whose format version changes with it.
struct CompactBuiltPost: Codable, Sendable {
    var post: BuiltPost

    init(_ post: BuiltPost) {
        self.post = post
    }

    func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        try fields.encode(post.path)
        try fields.encode(post.slug)
        try fields.encode(post.title)
        var fences = fields.nestedUnkeyedContainer()
        for fence in post.fences {
            var fenceFields = fences.nestedUnkeyedContainer()
            try fenceFields.encode(fence.id)
            try fenceFields.encode(fence.title)
            try fenceFields.encode(fence.info)
            try fenceFields.encode(fence.source)
            try fenceFields.encode(fence.line)
            var claims = fenceFields.nestedUnkeyedContainer()
            for claim in fence.claims {
                try Self.encode(claim, into: claims.nestedUnkeyedContainer())
            }
        }
    }

    init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        let path = try fields.decode(String.self)
        let slug = try fields.decode(String.self)
        let title = try fields.decode(String.self)
        var fenceList = try fields.nestedUnkeyedContainer()
        var fences: [JudgedFence] = []
        while !fenceList.isAtEnd {
            var fenceFields = try fenceList.nestedUnkeyedContainer()
            let id = try fenceFields.decode(String.self)
            let fenceTitle = try fenceFields.decode(String?.self)
            let info = try fenceFields.decode(String.self)
            let source = try fenceFields.decode(String.self)
            let line = try fenceFields.decode(Int.self)
            var claimList = try fenceFields.nestedUnkeyedContainer()
            var claims: [ClaimOutcome] = []
            while !claimList.isAtEnd {
                claims.append(try Self.decodeClaim(from: claimList.nestedUnkeyedContainer()))
            }
            fences.append(JudgedFence(id: id, title: fenceTitle, info: info, source: source, line: line, claims: claims))
        }
        post = BuiltPost(path: path, slug: slug, title: title, fences: fences)
    }

    private static func encode(_ claim: ClaimOutcome, into container: UnkeyedEncodingContainer) throws {
        var fields = container
        try fields.encode(claim.id)
        try fields.encode(claim.label)
        try fields.encode(claim.line)
        try fields.encode(claim.column)
        try fields.encode(claim.verdict)
        try fields.encode(claim.latex)
        try fields.encode(claim.pointsTried)
        try fields.encode(claim.pointsExcluded)
        try fields.encode(claim.largestError)
        try fields.encode(claim.seed)
        try fields.encode(claim.diagnosis)
        try fields.encode(claim.message)
        // The rarer parts keep their named form.
        try fields.encode(claim.counterexample)
        try fields.encode(claim.steps)
        try fields.encode(claim.kinksExcluded)
        try fields.encode(claim.check)
    }

    private static func decodeClaim(from container: UnkeyedDecodingContainer) throws -> ClaimOutcome {
        var fields = container
        let id = try fields.decode(String.self)
        let label = try fields.decode(String?.self)
        let line = try fields.decode(Int.self)
        let column = try fields.decode(Int.self)
        let verdict = try fields.decode(Verdict.self)
        let latex = try fields.decode(String.self)
        let pointsTried = try fields.decode(Int.self)
        let pointsExcluded = try fields.decode(Int.self)
        let largestError = try fields.decode(Double?.self)
        let seed = try fields.decode(UInt64.self)
        let diagnosis = try fields.decode(String?.self)
        let message = try fields.decode(String?.self)
        let counterexample = try fields.decode(ClaimOutcome.Counterexample?.self)
        let steps = try fields.decode([ClaimOutcome.Step].self)
        var outcome = ClaimOutcome(
            id: id, label: label, line: line, column: column, verdict: verdict, latex: latex, pointsTried: pointsTried,
            pointsExcluded: pointsExcluded, largestError: largestError, seed: seed, counterexample: counterexample,
            diagnosis: diagnosis, message: message, steps: steps)
        outcome.kinksExcluded = try fields.decode(Int.self)
        outcome.check = try fields.decode(CheckSummary.self)
        return outcome
    }
}
