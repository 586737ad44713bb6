import CairnCore
import Foundation

/// Opaque keyset cursors: the sort key of the last item returned, base64url-encoded. A cursor is
/// only valid for the listing that produced it.
enum Cursor {
    static func encode(_ parts: [String]) -> String {
        Data(parts.joined(separator: "\u{1F}").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// - Throws: ``CairnError/Code/invalidArgument`` with field `cursor` unless it has `count` parts.
    static func decode(_ cursor: String, count: Int) throws -> [String] {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard cursor.utf8.count <= 4096, let data = Data(base64Encoded: base64) else {
            throw CairnError.invalid("cursor", "is not a cursor this listing returned")
        }
        let parts = String(decoding: data, as: UTF8.self).components(separatedBy: "\u{1F}")
        guard parts.count == count else { throw CairnError.invalid("cursor", "is not a cursor this listing returned") }
        return parts
    }
}
