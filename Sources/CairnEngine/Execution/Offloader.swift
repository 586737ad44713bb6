import CairnBlobs
import CairnCore

/// Moves large output literals to the blob store and brings them back for readers.
struct Offloader: Sendable {
    let blobs: (any BlobStore)?
    let minimum: Int
    let maximum: Int

    /// The literal itself, or a reference to its canonical encoding in the blob store when that is
    /// at least ``minimum`` bytes. Blocking: it waits for the store (call it on a thread of its own).
    /// - Throws: ``EngineError/Code/limitExceeded`` at ``maximum`` bytes or more, naming both.
    func offload(_ value: Literal, type: LiteralType, name: String) throws -> Literal {
        let bytes = value.canonicalBytes()
        if bytes.count >= maximum {
            throw EngineError(
                .limitExceeded,
                "output \(name) is \(bytes.count) bytes, at or over offload_max (\(maximum) bytes)")
        }
        guard bytes.count >= minimum else { return value }
        guard let blobs else {
            throw EngineError(.io, "output \(name) is \(bytes.count) bytes and needs a blob store, none is configured")
        }
        let reference = try BlobBridge.wait { try await blobs.put(bytes) }
        return .offloaded(
            OffloadedLiteral(uri: reference.uri, size: reference.size, sha256: reference.sha256, type: type))
    }

    /// The value behind a reference, with any nested references resolved. Blocking.
    /// - Throws: ``EngineError/Code/blobUnreadable`` when a blob is missing, does not match its
    ///   reference or does not decode to its recorded type; other errors when it cannot be read here
    ///   at all (no blob store, another store's reference, a read error).
    func resolve(_ value: Literal) throws -> Literal {
        switch value {
        case .offloaded(let reference):
            guard let blobs else { throw EngineError(.io, "\(reference.uri) needs a blob store, none is configured") }
            let blob = try BlobReference(uri: reference.uri, size: reference.size, sha256: reference.sha256)
            let bytes: [UInt8]
            do {
                bytes = try BlobBridge.wait { try await blobs.get(blob) }
            } catch let error as CairnError where error.code == .notFound || error.code == .conflict {
                throw EngineError(.blobUnreadable, error.message)
            }
            let value: Literal
            do {
                value = try Literal(canonicalBytes: bytes)
            } catch let error as CairnError {
                throw EngineError(
                    .blobUnreadable, "blob \(reference.sha256.hex) does not hold a value: \(error.message)")
            }
            guard value.conforms(to: reference.type) else {
                throw EngineError(
                    .blobUnreadable, "blob \(reference.sha256.hex) does not hold a value of type \(reference.type)")
            }
            return try resolve(value)
        case .list(let values): return .list(try values.map(resolve))
        case .map(let values): return .map(try values.mapValues(resolve))
        case .structure(let fields): return .structure(try fields.mapValues(resolve))
        default: return value
        }
    }

    /// Why the blobs behind `values` cannot be used: the first that is missing, damaged or does not
    /// decode, or `nil` when every one reads back intact (or there are none). Blocking: it reads them all.
    /// - Throws: what says nothing about the blobs themselves (no blob store, a read error).
    func damage(in values: [Literal]) throws -> String? {
        do {
            for value in values { _ = try resolve(value) }
            return nil
        } catch let error as EngineError where error.code == .blobUnreadable {
            return error.message
        }
    }

    /// The blob references of outputs, to declare with the put.
    static func references(_ values: [Literal]) -> [BlobReference] {
        var references: [BlobReference] = []
        func visit(_ value: Literal) {
            switch value {
            case .offloaded(let reference):
                if let blob = try? BlobReference(uri: reference.uri, size: reference.size, sha256: reference.sha256) {
                    references.append(blob)
                }
            case .list(let values): values.forEach(visit)
            case .map(let values), .structure(let values): values.values.forEach(visit)
            default: break
            }
        }
        values.forEach(visit)
        return references
    }
}
