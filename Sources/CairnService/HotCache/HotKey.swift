import CairnCore
import Foundation
import NIOCore

/// A (dataset, tag) pair as the bytes a client sends: lookups hash the request's own buffers,
/// with no parsing. Entries are inserted under the canonical spelling, which is the only spelling
/// that passes validation, so a hit implies the arguments were valid.
struct HotKey: Hashable, Sendable {
    let dataset: ByteBuffer
    let tag: ByteBuffer

    init(dataset: ByteBuffer, tag: ByteBuffer) {
        self.dataset = dataset
        self.tag = tag
    }

    /// A key that owns its bytes (not slices of a connection's read buffer, which it would pin).
    init(_ dataset: DatasetID, _ tag: TagName) {
        self.dataset = ByteBuffer(string: dataset.description)
        self.tag = ByteBuffer(string: tag.description)
    }

    var size: Int { dataset.readableBytes + tag.readableBytes }
}

/// A cached hit: the artifact itself, which every front end can answer from, and the RESP front
/// end's encodings of it (absent when another front end's lookup filled the entry), with what
/// invalidation and expiry need.
///
/// A class, immutable: the hot path hands it out on every hit, and copying a reference is one
/// retain where copying the artifact's fields was one per field (10% of a hot hit's CPU went to
/// retains and releases).
public final class HotReply: Sendable {
    /// The hit, as the store returned it.
    public let hit: CachedArtifact
    /// The reply as RESP2 bytes; `nil` when the entry was filled without it.
    public let resp2: ByteBuffer?
    /// The reply as RESP3 bytes (often the same storage as ``resp2``); `nil` when filled without it.
    public let resp3: ByteBuffer?
    /// Bytes charged to the budget: the hit's inline values and metadata, both encodings (when they
    /// differ), and a fixed overhead for the entry's bookkeeping.
    let size: Int

    public var artifactID: ArtifactID { hit.id }
    public var expiresAt: Date? { hit.expiresAt }

    /// - Parameters:
    ///   - resp2: the reply as RESP2 bytes.
    ///   - resp3: the reply as RESP3 bytes (often the same storage).
    public init(hit: CachedArtifact, resp2: ByteBuffer? = nil, resp3: ByteBuffer? = nil) {
        self.hit = hit
        self.resp2 = resp2
        self.resp3 = resp3
        let values = hit.items.reduce(0) { total, item in
            if case .inline(let bytes) = item.value { total + bytes.count + item.name.utf8.count } else { total + 96 }
        }
        let metadata = hit.metadata.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 32 }
        let encodings = (resp2?.readableBytes ?? 0) + (resp2 == resp3 ? 0 : resp3?.readableBytes ?? 0)
        self.size = values + metadata + encodings + 160
    }

    func isExpired(at now: Date) -> Bool { expiresAt.map { $0 <= now } ?? false }
}
