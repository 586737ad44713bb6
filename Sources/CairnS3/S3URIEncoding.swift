/// S3's URI encoding: every byte but `A-Z a-z 0-9 - _ . ~` as `%XX` (uppercase hex), `/` kept in paths.
public enum S3URIEncoding {
    /// Encodes a query name or value (or one path segment): `/` becomes `%2F`.
    public static func encode(_ text: String) -> String { encode(text, keepSlash: false) }

    /// Encodes an object path (`/bucket/key`), keeping its `/` separators.
    public static func encodePath(_ path: String) -> String { encode(path, keepSlash: true) }

    static func encode(_ text: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
