import Foundation

/// An artifact's identity: a UUID, written in its canonical lowercase text form.
public struct ArtifactID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID) { self.uuid = uuid }

    /// A new random (version 4) identifier. Drawn from the system generator directly: Foundation's
    /// `UUID()` opens and reads `/dev/urandom` on every call on Linux, a cost the put path notices.
    public static func random() -> ArtifactID {
        var generator = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Array($0) }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        return ArtifactID(bytes: bytes)!
    }

    /// Parses the text form of a UUID.
    /// - Throws: ``CairnError/Code/invalidArgument`` with field `artifact`.
    public init(parsing text: String) throws {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: text) else {
            throw CairnError.invalid("artifact", "\"\(text.prefix(64))\" is not a UUID")
        }
        self.uuid = uuid
    }

    /// The 16 bytes of the UUID, in network order.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: uuid.uuid) { Array($0) }
    }

    /// Builds an identifier from 16 bytes in network order.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { target in
            for (index, byte) in bytes.enumerated() { target[index] = byte }
        }
        self.uuid = UUID(uuid: raw)
    }

    public var description: String { uuid.uuidString.lowercased() }

    public static func < (lhs: ArtifactID, rhs: ArtifactID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
