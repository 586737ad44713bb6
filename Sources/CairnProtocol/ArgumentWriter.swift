import CairnCore
import NIOCore

/// Collects a request's arguments, as a client writes them.
public struct ArgumentWriter: Sendable {
    /// The arguments so far.
    public private(set) var arguments: [ByteBuffer] = []

    public init() {}

    /// Appends one argument, as UTF-8.
    public mutating func append(_ text: String) { arguments.append(ByteBuffer(string: text)) }

    /// Appends one binary-safe argument.
    public mutating func append(bytes: [UInt8]) { arguments.append(ByteBuffer(bytes: bytes)) }

    /// Appends one binary-safe argument.
    public mutating func append(buffer: ByteBuffer) { arguments.append(buffer) }

    /// Appends an integer in decimal.
    public mutating func append<I: BinaryInteger>(_ value: I) { append(String(value)) }

    /// Appends `option` then `value`, when there is a value.
    public mutating func append(_ option: String, _ value: String?) {
        guard let value else { return }
        append(option)
        append(value)
    }

    /// Appends `option` alone when `flag` is set.
    public mutating func append(flag option: String, _ flag: Bool) {
        if flag { append(option) }
    }
}

/// Option values shared by several commands, written as ``Arguments`` reads them.
extension ArgumentWriter {
    /// `TTL <seconds>`, rounded up to whole seconds (saturating: an absurd TTL reaches the server
    /// as a number it refuses).
    public mutating func append(ttl: Duration?) {
        guard let ttl else { return }
        append("TTL")
        append(Int64(clamping: Int128(ttl.components.seconds) + (ttl.components.attoseconds > 0 ? 1 : 0)))
    }

    /// `META <key> <value>` per entry, in key order.
    public mutating func append(metadata: [String: String]) {
        for key in metadata.keys.sorted() {
            append("META")
            append(key)
            append(metadata[key]!)
        }
    }

    /// `META <key> <value>` per condition of a listing's filter, by key, then value.
    public mutating func append(metadataFilter filter: MetadataFilter) {
        for (key, value) in filter.entries {
            append("META")
            append(key)
            append(value)
        }
    }

    /// `BLOB <uri> <size> <sha256>` per reference.
    public mutating func append(blobs: [BlobReference]) {
        for blob in blobs {
            append("BLOB")
            append(blob.uri)
            append(blob.size)
            append(blob.sha256.hex)
        }
    }

    /// `DATA <name> <value> …`. Only inline values have a place here: the definitions that send
    /// `DATA` refuse the others in ``CommandDefinition/validate()`` (blob items are declared with
    /// ``append(blobs:)``), so none reaches this.
    public mutating func append(data items: [DataItem]) {
        append("DATA")
        for item in items {
            guard case .inline(let bytes) = item.value else { continue }
            append(item.name)
            append(bytes: bytes)
        }
    }

    /// `LIMIT <n> [CURSOR <c>]`.
    public mutating func append(page: PageRequest) {
        append("LIMIT")
        append(page.limit)
        append("CURSOR", page.cursor)
    }

    /// `<artifact-id>` or `<dataset> <tag>`.
    public mutating func append(reference: ArtifactReference) {
        switch reference {
        case .id(let id): append(id.description)
        case .tag(let dataset, let tag):
            append(dataset.description)
            append(tag.value)
        }
    }
}
