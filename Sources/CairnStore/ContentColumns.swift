import CairnCore

/// Artifact content flattened into the parallel arrays the SQL functions take: data items
/// (name, inline value, blob uri, size, digest) and blob references (uri, size, digest), each row
/// naming the artifact it belongs to by its 1-based position in the statement.
struct ContentColumns {
    var itemOwner: [Int32?] = []
    var names: [String?] = []
    var values: [[UInt8]?] = []
    var itemURIs: [String?] = []
    var itemSizes: [Int64?] = []
    var itemDigests: [[UInt8]?] = []
    var blobOwner: [Int32?] = []
    var blobURIs: [String?] = []
    var blobSizes: [Int64?] = []
    var blobDigests: [[UInt8]?] = []

    mutating func add(_ content: ArtifactContent, owner: Int32) {
        for item in content.items {
            itemOwner.append(owner)
            names.append(item.name)
            switch item.value {
            case .inline(let bytes):
                values.append(bytes)
                itemURIs.append(nil)
                itemSizes.append(nil)
                itemDigests.append(nil)
            case .blob(let reference):
                values.append(nil)
                itemURIs.append(reference.uri)
                itemSizes.append(reference.size)
                itemDigests.append(reference.sha256.bytes)
            case .omitted:
                preconditionFailure("ArtifactContent never holds omitted values")
            }
        }
        for blob in content.blobs {
            blobOwner.append(owner)
            blobURIs.append(blob.uri)
            blobSizes.append(blob.size)
            blobDigests.append(blob.sha256.bytes)
        }
    }
}

extension PGBind {
    /// The item arrays, prefixed by their owner array when `owners` is set.
    mutating func appendItems(_ columns: ContentColumns, owners: Bool) {
        if owners { append(int4Array: columns.itemOwner) }
        append(textArray: columns.names)
        append(byteaArray: columns.values)
        append(textArray: columns.itemURIs)
        append(int8Array: columns.itemSizes)
        append(byteaArray: columns.itemDigests)
    }

    /// The blob arrays, prefixed by their owner array when `owners` is set.
    mutating func appendBlobs(_ columns: ContentColumns, owners: Bool) {
        if owners { append(int4Array: columns.blobOwner) }
        append(textArray: columns.blobURIs)
        append(int8Array: columns.blobSizes)
        append(byteaArray: columns.blobDigests)
    }
}
