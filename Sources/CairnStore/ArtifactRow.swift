import CairnCore
import Foundation

/// Reads rows of ``ArtifactSQL`` into ``Artifact`` values.
enum ArtifactRow {
    typealias C = ArtifactSQL.Column

    static func decode(_ result: PGResult, row: Int) throws -> Artifact {
        let names = try result.textArray(row, C.itemNames)
        let sizes = try result.array(row, C.itemSizes, PGBinary.integer) as [Int64?]
        let values = try result.array(row, C.itemValues) { Array($0) }
        let itemURIs = try result.textArray(row, C.itemBlobURIs)
        let itemBlobSizes = try result.array(row, C.itemBlobSizes, PGBinary.integer) as [Int64?]
        let itemSHAs = try result.array(row, C.itemBlobSHA256) { Array($0) }
        var items: [DataItem] = []
        items.reserveCapacity(names.count)
        for index in names.indices {
            let value: DataItem.Value
            if let uri = itemURIs[index] {
                value = .blob(try reference(uri, itemBlobSizes[index], itemSHAs[index]))
            } else if index < values.count, let bytes = values[index] {
                value = .inline(bytes)
            } else {
                value = .omitted(size: sizes[index] ?? 0)
            }
            items.append(try DataItem(name: names[index] ?? "", value: value))
        }
        let blobs = try result.blobReferences(row, uris: C.blobURIs, sizes: C.blobSizes, digests: C.blobSHA256)
        let keys = try result.textArray(row, C.partitionKeys)
        let partitionValues = try result.textArray(row, C.partitionValues)
        var partitions: [String: String] = [:]
        for (key, value) in zip(keys, partitionValues) { partitions[key ?? ""] = value ?? "" }
        guard let checksum = SHA256Digest(bytes: result.raw(row, C.checksum)) else {
            throw CairnError(.internalError, "artifact checksum is not 32 bytes")
        }
        return Artifact(
            id: try result.artifactID(row, C.id),
            dataset: try DatasetID(
                project: result.string(row, C.project), domain: result.string(row, C.domain),
                name: result.string(row, C.name), version: result.string(row, C.version)),
            items: items, blobs: blobs, metadata: try result.jsonMap(row, C.metadata),
            partitions: partitions, tags: try result.textArray(row, C.tags).compactMap { $0 },
            createdAt: result.date(row, C.createdAt), updatedAt: result.optionalDate(row, C.updatedAt),
            expiresAt: result.optionalDate(row, C.expiresAt), lastHitAt: result.optionalDate(row, C.lastHitAt),
            hitCount: result.int64(row, C.hitCount), size: result.int64(row, C.totalSize), checksum: checksum)
    }

    static func reference(_ uri: String?, _ size: Int64?, _ sha: [UInt8]?) throws -> BlobReference {
        guard let uri, let size, let sha, let digest = SHA256Digest(bytes: sha) else {
            throw CairnError(.internalError, "incomplete blob reference in the catalog")
        }
        return try BlobReference(uri: uri, size: size, sha256: digest)
    }
}

extension PGResult {
    /// Blob references stored as three parallel array columns (uris, sizes, digests).
    func blobReferences(_ row: Int, uris: Int, sizes: Int, digests: Int) throws -> [BlobReference] {
        let uriValues = try textArray(row, uris)
        let sizeValues = try array(row, sizes, PGBinary.integer) as [Int64?]
        let digestValues = try array(row, digests) { Array($0) }
        return try uriValues.indices.map {
            try ArtifactRow.reference(uriValues[$0], sizeValues[$0], digestValues[$0])
        }
    }
}

extension PGBind {
    /// `project, domain, name, version` as four text parameters.
    mutating func append(_ dataset: DatasetID) {
        append(dataset.project)
        append(dataset.domain)
        append(dataset.name)
        append(dataset.version)
    }

    /// Cache keys as five parallel text arrays: projects, domains, names, versions, tags.
    mutating func append(keys: [(DatasetID, TagName)]) {
        append(textArray: keys.map(\.0.project))
        append(textArray: keys.map(\.0.domain))
        append(textArray: keys.map(\.0.name))
        append(textArray: keys.map(\.0.version))
        append(textArray: keys.map(\.1.value))
    }

    /// Items as five parallel arrays, declared blobs as three, then total size and checksum:
    /// the content parameters of `cairn_put`, `cairn_create_artifact` and `cairn_update_artifact`.
    mutating func append(_ content: ArtifactContent) {
        var columns = ContentColumns()
        columns.add(content, owner: 1)
        appendItems(columns, owners: false)
        appendBlobs(columns, owners: false)
        append(content.size)
        append(bytes: content.checksum.bytes)
    }
}
