import CairnClient
import CairnCore
import Foundation

/// How the client commands print values: text for people, JSON objects (sorted keys) for programs.
enum ClientOutput {
    /// Prints `object` as one line of JSON with sorted keys.
    static func printJSON(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Writes a line to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// An item's value as text: UTF-8 as it is, other bytes as `0x…` hex.
    static func text(_ value: DataItem.Value) -> String {
        switch value {
        case .inline(let bytes):
            if let text = String(validating: bytes, as: UTF8.self), !text.contains(where: \.isNewline) { return text }
            return "0x" + bytes.map { String(format: "%02x", $0) }.joined()
        case .blob(let blob): return "blob \(blob.uri) (\(blob.size) bytes, sha256 \(blob.sha256.hex))"
        case .omitted(let size): return "(\(size) bytes)"
        }
    }

    /// An item's value in JSON: a string if it is UTF-8, else `{"base64": …}`; blobs and omitted values as objects.
    static func json(_ value: DataItem.Value) -> Any {
        switch value {
        case .inline(let bytes):
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            return ["base64": Data(bytes).base64EncodedString()]
        case .blob(let blob): return json(blob)
        case .omitted(let size): return ["size": size]
        }
    }

    static func json(_ blob: BlobReference) -> [String: Any] {
        ["uri": blob.uri, "size": blob.size, "sha256": blob.sha256.hex]
    }

    static func json(_ items: [DataItem]) -> [String: Any] {
        Dictionary(items.map { ($0.name, json($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A `CACHE.GET` hit.
    static func json(_ artifact: CachedArtifact) -> [String: Any] {
        [
            "id": artifact.id.description, "data": json(artifact.items), "metadata": artifact.metadata,
            "created": milliseconds(artifact.createdAt), "expires": milliseconds(artifact.expiresAt),
            "blobs": artifact.blobs.map(json),
        ]
    }

    /// Unix milliseconds, or JSON null.
    static func milliseconds(_ date: Date?) -> Any {
        guard let date else { return NSNull() }
        return date.unixMilliseconds
    }

    /// A moment for people: ISO 8601 in UTC, with milliseconds.
    static func text(_ date: Date?) -> String {
        guard let date else { return "never" }
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
