import CairnCore
import Crypto

/// Checks content read back against its reference as it goes: no more bytes than the reference
/// says (so a corrupt object cannot make a reader write without end), then the size and SHA-256.
final class ContentCheck {
    let reference: BlobReference
    let name: String
    private var hasher = SHA256()
    private(set) var size: Int64 = 0

    init(reference: BlobReference, name: String) {
        self.reference = reference
        self.name = name
    }

    func add(_ bytes: UnsafeRawBufferPointer) throws {
        size += Int64(bytes.count)
        guard size <= reference.size else {
            throw CairnError(
                .conflict,
                "blob \(reference.sha256.hex) in \(name) holds more than the \(reference.size) bytes of its reference")
        }
        hasher.update(bufferPointer: bytes)
    }

    func finish() throws {
        let digest = CairnCore.SHA256Digest(bytes: Array(hasher.finalize()))!
        guard size == reference.size, digest == reference.sha256 else {
            throw CairnError(
                .conflict,
                "blob \(reference.sha256.hex) in \(name) does not match its reference "
                    + "(\(size) bytes, expected \(reference.size))")
        }
    }
}
