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

/// A cached `CACHE.GET` hit: the reply encoded for each protocol version, and what invalidation
/// and expiry need.
public struct HotReply: Sendable {
    public let artifactID: ArtifactID
    public let expiresAt: Date?
    /// The reply in the front end's first encoding (RESP2 for RESP).
    public let resp2: ByteBuffer
    /// The reply in its second encoding (RESP3), often the same storage.
    public let resp3: ByteBuffer
    /// Bytes charged to the budget: both encodings (when they differ) and a fixed overhead for the
    /// entry's bookkeeping.
    let size: Int

    /// - Parameters:
    ///   - resp2: the reply as RESP2 bytes.
    ///   - resp3: the reply as RESP3 bytes (often the same storage).
    public init(artifactID: ArtifactID, expiresAt: Date?, resp2: ByteBuffer, resp3: ByteBuffer) {
        self.artifactID = artifactID
        self.expiresAt = expiresAt
        self.resp2 = resp2
        self.resp3 = resp3
        self.size = resp2.readableBytes + (resp2 == resp3 ? 0 : resp3.readableBytes) + 160
    }

    func isExpired(at now: Date) -> Bool { expiresAt.map { $0 <= now } ?? false }
}
