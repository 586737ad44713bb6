import CairnCore
import Foundation

extension CairnStore {
    /// Why `tag` of `dataset` has no live artifact, in one statement (``ExplainSQL``): live, expired
    /// (still stored), removed (when, by what), or how the nearest earlier result of the same task
    /// differs from a key with these `inputs`; never seen when there is none.
    /// - Parameter inputs: the key's input digests (previews, if given, are shown as the new values).
    public func explain(_ dataset: DatasetID, _ tag: TagName, inputs: [InputDigest]) async throws -> CacheExplanation {
        try InputDigest.validate(inputs)
        var bind = PGBind()
        bind.append(dataset.project)
        bind.append(dataset.domain)
        bind.append(dataset.name)
        bind.append(dataset.version)
        bind.append(tag.value)
        bind.append(textArray: inputs.map(\.name))
        bind.append(byteaArray: inputs.map(\.digest.bytes))
        bind.append(Int64(ExplainSQL.perInputCandidates))
        return try await pool.run(.prepared(.explain, bind)) { result in
            try Self.explanation(result, dataset: dataset, inputs: inputs)
        }
    }

    static func explanation(_ result: PGResult, dataset: DatasetID, inputs: [InputDigest]) throws -> CacheExplanation {
        guard result.rowCount == 1 else { throw CairnError(.internalError, "explain returned \(result.rowCount) rows") }
        if !result.isNull(0, 0) {
            let expires = result.optionalDate(0, 2)
            return CacheExplanation(
                cause: expires.map { $0 <= Date() } == true ? .expired : .live, artifact: try result.artifactID(0, 0),
                createdAt: result.date(0, 1), expiresAt: expires, inputCount: inputs.count)
        }
        if !result.isNull(0, 3) {
            return CacheExplanation(
                cause: .removed, artifact: try result.artifactID(0, 3), createdAt: result.date(0, 4),
                expiresAt: result.optionalDate(0, 5), removedAt: result.date(0, 6), removedBy: result.string(0, 7),
                inputCount: inputs.count)
        }
        guard !result.isNull(0, 8) else { return CacheExplanation(cause: .neverSeen, inputCount: inputs.count) }
        let nearestDataset = try DatasetID(
            project: result.string(0, 9), domain: result.string(0, 10), name: result.string(0, 11),
            version: result.string(0, 12))
        let names = try result.textArray(0, 16)
        let digests = try result.textArray(0, 17)
        let previews = try result.textArray(0, 18)
        var recorded: [InputDigest] = []
        for index in names.indices {
            guard let name = names[index], let hex = digests[index] else { continue }
            recorded.append(
                InputDigest(name: name, digest: try SHA256Digest(hex: hex), preview: previews[index]))
        }
        let nearest = CacheExplanation.Nearest(
            dataset: nearestDataset, artifact: try result.artifactID(0, 8), createdAt: result.date(0, 13),
            sharedInputs: Int(result.int64(0, 14)), metadata: try result.jsonMap(0, 15))
        return CacheExplanation(
            cause: .differs, nearest: nearest,
            differences: CacheExplanation.differences(
                dataset: dataset, inputs: inputs, nearestDataset: nearestDataset, nearestInputs: recorded),
            inputCount: inputs.count)
    }
}
