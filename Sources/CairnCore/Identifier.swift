/// The rules every name in the catalog follows. Documented in `docs/catalog.md`.
///
/// Names are ASCII so that they compare byte-for-byte the same in Swift, in PostgreSQL (C collation
/// or not) and in every client, and so that a dataset written as one `project/domain/name/version`
/// token splits unambiguously.
public enum Identifier {
    /// Characters allowed in dataset parts, data item names, metadata and partition keys:
    /// `A-Z a-z 0-9 . _ - : + = @`.
    public static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"),
            UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    /// Visible ASCII, `!` through `~`: allowed in tags, owners and partition values.
    public static func isVisibleCharacter(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte <= 0x7E
    }

    /// Checks a name: 1...`maxLength` bytes of ``isNameCharacter(_:)``.
    /// - Throws: ``CairnError/Code/invalidArgument`` naming `field`.
    public static func validateName(_ value: String, field: String, maxLength: Int) throws {
        try validate(
            value, field: field, maxLength: maxLength, allowed: isNameCharacter,
            alphabet: "letters, digits and . _ - : + = @")
    }

    /// Checks a token: 1...`maxLength` bytes of visible ASCII (no spaces or control characters).
    /// - Throws: ``CairnError/Code/invalidArgument`` naming `field`.
    public static func validateToken(_ value: String, field: String, maxLength: Int) throws {
        try validate(
            value, field: field, maxLength: maxLength, allowed: isVisibleCharacter,
            alphabet: "visible ASCII without spaces")
    }

    private static func validate(
        _ value: String, field: String, maxLength: Int, allowed: (UInt8) -> Bool, alphabet: String
    ) throws {
        let bytes = value.utf8
        if bytes.isEmpty { throw CairnError.invalid(field, "must not be empty") }
        if bytes.count > maxLength {
            throw CairnError.invalid(field, "is \(bytes.count) bytes long, at most \(maxLength) allowed")
        }
        if let bad = bytes.firstIndex(where: { !allowed($0) }) {
            let offset = bytes.distance(from: bytes.startIndex, to: bad)
            throw CairnError.invalid(field, "has a character outside \(alphabet) at offset \(offset)")
        }
    }
}
