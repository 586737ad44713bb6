import Foundation

extension Literal {
    /// The one NaN the canonical encoding writes: the quiet NaN `0x7FF8000000000000`.
    public static let canonicalNaN = Double(bitPattern: 0x7FF8_0000_0000_0000)

    /// This value in the normal form the canonical encoding writes, so that values that mean the
    /// same thing encode (and hash) the same:
    ///
    /// - `-0.0` becomes `0.0`, and every NaN becomes ``canonicalNaN``;
    /// - strings, map keys and struct field names become Unicode Normalization Form C.
    ///
    /// File and offloaded URIs are left byte for byte: they locate data, and the content digest
    /// never reads them.
    public func normalized() -> Literal {
        switch self {
        case .int, .bool, .bytes, .datetime, .duration, .file, .offloaded:
            self
        case .float(let value):
            .float(Self.normalizedFloat(value))
        case .string(let text):
            .string(Self.nfc(text))
        case .list(let values):
            .list(values.map { $0.normalized() })
        case .map(let entries):
            .map(Self.normalized(entries))
        case .structure(let fields):
            .structure(Self.normalized(fields))
        }
    }

    private static func normalized(_ entries: [String: Literal]) -> [String: Literal] {
        var result = [String: Literal](minimumCapacity: entries.count)
        for (key, value) in entries {
            result[nfc(key)] = value.normalized()
        }
        return result
    }

    /// `0.0` for `-0.0`, ``canonicalNaN`` for every NaN, otherwise `value`.
    @inline(__always)
    static func normalizedFloat(_ value: Double) -> Double {
        if value.isNaN { return canonicalNaN }
        return value == 0 ? 0 : value
    }

    /// `text` in Unicode Normalization Form C.
    static func nfc(_ text: String) -> String {
        isBelowCombiningMarks(text) ? text : text.precomposedStringWithCanonicalMapping
    }

    static func isNFC(_ text: String) -> Bool {
        if isBelowCombiningMarks(text) { return true }
        return text.utf8.elementsEqual(text.precomposedStringWithCanonicalMapping.utf8)
    }

    /// Whether every scalar is below U+0300, the first combining mark: such text is already NFC
    /// (nothing below U+0300 decomposes or combines), which covers ASCII and Latin-1 cheaply.
    /// In UTF-8 those scalars use lead bytes below 0xCC and continuation bytes 0x80–0xBF.
    @inline(__always)
    private static func isBelowCombiningMarks(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            for byte in utf8 where byte >= 0xCC { return false }
            return true
        }
    }
}
