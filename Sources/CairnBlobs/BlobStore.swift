import CairnCore
import Foundation

/// Where large values live outside the catalog: objects addressed by the SHA-256 of their content.
///
/// Every call is async; implementations do their file I/O and zlib work on threads of their own,
/// never on an event loop or the cooperative pool. Content is streamed: a value is put from a file
/// (or an async sequence of chunks, see ``BlobStore/put(chunks:)``) and read back into a file, its
/// size and SHA-256 computed on the way and checked at the end, so a large value is never whole in
/// memory. ``put(_:)`` and ``get(_:)`` are for small values.
public protocol BlobStore: Sendable, CustomStringConvertible {
    /// Stores the content of the file at `path`; the reference's `size` and `sha256` describe that
    /// content. Storing the same content twice stores one object.
    func put(file path: String) async throws -> BlobReference
    /// Stores `bytes` (a small value, held in memory).
    func put(_ bytes: [UInt8]) async throws -> BlobReference
    /// Writes the content a reference stands for to the file at `path` (created or truncated),
    /// checked against the reference's size and SHA-256 once the last byte is written.
    /// - Throws: ``CairnError/Code/notFound`` when the object is gone, ``CairnError/Code/conflict``
    ///   when it does not match the reference, ``CairnError/Code/unavailable`` when the store cannot
    ///   be read (which says nothing about the object).
    func get(_ reference: BlobReference, into path: String) async throws
    /// The content a reference stands for (a small value), checked as ``get(_:into:)`` checks it.
    func get(_ reference: BlobReference) async throws -> [UInt8]
    /// Whether the object a reference names exists (a cheap check, no content read).
    /// - Throws: ``CairnError/Code/unavailable`` when the store cannot tell.
    func exists(_ reference: BlobReference) async throws -> Bool
    /// The stored size and last write of the object for `digest`, or `nil` when there is none.
    /// - Throws: ``CairnError/Code/unavailable`` when the store cannot tell (never `nil` then).
    func object(_ digest: SHA256Digest) async throws -> StoredObject?
    /// Deletes the object for a digest; returns whether there was one.
    @discardableResult
    func delete(_ digest: SHA256Digest) async throws -> Bool
    /// Every object in the store, read a page at a time (for fsck).
    func list() -> AsyncThrowingStream<ListedObject, any Error>
    /// The URI of the object holding content with `digest`.
    func uri(of digest: SHA256Digest) -> String
    /// Whether `uri` names an object of this store (as opposed to a blob kept elsewhere).
    func owns(_ uri: String, digest: SHA256Digest) -> Bool
    /// Releases connections; the store cannot be used afterwards.
    func shutdown() async
}

/// What the store says about a stored object.
public struct StoredObject: Sendable, Equatable {
    /// Bytes stored (compressed).
    public var storedSize: Int64
    /// When it was last written or reused by a put.
    public var modified: Date

    public init(storedSize: Int64, modified: Date) {
        self.storedSize = storedSize
        self.modified = modified
    }
}

/// One entry of ``BlobStore/list()``.
public struct ListedObject: Sendable, Equatable {
    /// Where it is: a path for the local store, the key for S3.
    public var name: String
    /// The content digest its name says, or `nil` for a name that is no object of the store
    /// (a temporary file, something else).
    public var digest: SHA256Digest?
    /// Whether the name is a temporary file of an unfinished write.
    public var isTemporary: Bool
    /// Size and last write.
    public var object: StoredObject

    public init(name: String, digest: SHA256Digest?, isTemporary: Bool = false, object: StoredObject) {
        self.name = name
        self.digest = digest
        self.isTemporary = isTemporary
        self.object = object
    }
}
