import CairnCore

/// Where large values live outside the catalog: objects addressed by the SHA-256 of their content.
///
/// Calls block (file or network I/O): run them on a thread of their own, never on an event loop.
public protocol BlobStore: Sendable {
    /// Stores `bytes` (compressed as the store sees fit) and returns a reference whose `size` and
    /// `sha256` describe `bytes` themselves. Storing the same bytes twice stores one object.
    func put(_ bytes: [UInt8]) throws -> BlobReference
    /// The bytes a reference stands for, checked against its size and SHA-256.
    /// - Throws: ``CairnError/Code/notFound`` when the object is gone, ``CairnError/Code/conflict``
    ///   when it does not match the reference, ``CairnError/Code/unavailable`` when the store cannot
    ///   be read (which says nothing about the object).
    func get(_ reference: BlobReference) throws -> [UInt8]
    /// Whether the object a reference names exists (a cheap check, no content read).
    func exists(_ reference: BlobReference) throws -> Bool
    /// Deletes the object for a digest; returns whether there was one.
    @discardableResult
    func delete(_ digest: SHA256Digest) throws -> Bool
}
