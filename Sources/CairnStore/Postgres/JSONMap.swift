import CairnCore
import Foundation

/// Metadata maps (`[String: String]`) to and from the JSON objects stored in `jsonb` columns.
enum JSONMap {
    /// A JSON object with keys in sorted order.
    static func encode(_ map: [String: String]) -> String {
        if map.isEmpty { return "{}" }
        var text = "{"
        for (index, key) in map.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            appendQuoted(key, to: &text)
            text += ":"
            appendQuoted(map[key]!, to: &text)
        }
        return text + "}"
    }

    private static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        // Most keys and values (lineage ids, digests, times) need no escape: appended whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text += string
            text += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                text +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// Parses a JSON object; non-string values are kept as their JSON text.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [String: String] {
        if bytes.count == 2, bytes[0] == UInt8(ascii: "{"), bytes[1] == UInt8(ascii: "}") { return [:] }
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        guard let dictionary = object as? [String: Any] else {
            throw CairnError(.internalError, "metadata column holds JSON that is not an object")
        }
        var map: [String: String] = [:]
        for (key, value) in dictionary {
            if let string = value as? String {
                map[key] = string
            } else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
                map[key] = String(decoding: data, as: UTF8.self)
            }
        }
        return map
    }
}
