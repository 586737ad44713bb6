import Foundation

/// One value from `JSONSerialization.jsonObject` or `Yams.load(yaml:)`, sorted into the kinds that
/// typed conversion cares about.
///
/// The two sources bridge differently. JSONSerialization gives `NSNumber`s, whose booleans are
/// `__NSCFBoolean` with `objCType` `c`; on Linux any `NSNumber` holding 0 or 1 (even `1.0`) casts to
/// `Bool`, so `as? Bool` cannot tell `true` from `1`. Yams gives Swift `Bool`, `Int` and `Double`,
/// which in turn cast to `NSNumber`. So exact Swift types are checked first, then `objCType`.
enum JSONInput {
    case null
    case bool(Bool)
    /// A number with an exact `Int64` value (`1`, `1.0`, `-9223372036854775808`).
    case integer(Int64)
    /// Any other number: fractional, or integral beyond `Int64`.
    case number(Double)
    case string(String)
    case date(Date)
    case data([UInt8])
    case array([Any])
    case object([String: Any])
    /// Something else, described for messages.
    case other(String)

    init(_ value: Any) {
        switch ObjectIdentifier(type(of: value)) {
        case ObjectIdentifier(Bool.self): self = .bool(value as! Bool)
        case ObjectIdentifier(Int.self): self = .integer(Int64(value as! Int))
        case ObjectIdentifier(Int64.self): self = .integer(value as! Int64)
        case ObjectIdentifier(Int32.self): self = .integer(Int64(value as! Int32))
        case ObjectIdentifier(UInt64.self): self = Self.unsigned(value as! UInt64)
        case ObjectIdentifier(UInt.self): self = Self.unsigned(UInt64(value as! UInt))
        case ObjectIdentifier(Double.self): self = Self.double(value as! Double)
        case ObjectIdentifier(Float.self): self = Self.double(Double(value as! Float))
        case ObjectIdentifier(String.self): self = .string(value as! String)
        case ObjectIdentifier(Substring.self): self = .string(String(value as! Substring))
        case ObjectIdentifier([Any].self): self = .array(value as! [Any])
        case ObjectIdentifier([String: Any].self): self = .object(value as! [String: Any])
        case ObjectIdentifier([AnyHashable: Any].self): self = Self.mapping(value as! [AnyHashable: Any])
        case ObjectIdentifier(Date.self): self = .date(value as! Date)
        default: self = Self.bridged(value)
        }
    }

    /// Foundation objects and anything that only casts. Class checks go by metatype: `value is
    /// NSNull` would bridge a Swift dictionary to an NSDictionary just to answer no.
    private static func bridged(_ value: Any) -> JSONInput {
        let valueType = type(of: value)
        if valueType is NSNull.Type { return .null }
        if valueType is NSNumber.Type, let number = value as? NSNumber {
            return Self.number(number)
        }
        if let text = value as? String { return .string(text) }
        if let array = value as? [Any] { return .array(array) }
        if let object = value as? [String: Any] { return .object(object) }
        if let date = value as? Date { return .date(date) }
        if let data = value as? Data { return .data(Array(data)) }
        return .other("a value of type \(type(of: value))")
    }

    /// A YAML mapping, which Yams gives as `[AnyHashable: Any]` (with string keys).
    private static func mapping(_ mapping: [AnyHashable: Any]) -> JSONInput {
        var object = [String: Any](minimumCapacity: mapping.count)
        for (key, value) in mapping {
            guard let name = key.base as? String else { return .other("a mapping with \(type(of: key.base)) keys") }
            object[name] = value
        }
        return .object(object)
    }

    private static func number(_ number: NSNumber) -> JSONInput {
        switch String(cString: number.objCType) {
        case "c", "B":
            // JSON booleans; JSONSerialization never makes a char-sized number otherwise.
            return .bool(number.boolValue)
        case "d", "f":
            if number is NSDecimalNumber {
                // JSONSerialization keeps long numbers (and negative integers past 2^53) as decimals,
                // whose doubleValue is off by an ulp or more and whose int64Value wraps; their text
                // converts exactly, or with correct rounding.
                let text = number.description
                if let exact = Int64(text) { return .integer(exact) }
                return double(Double(text) ?? number.doubleValue)
            }
            return double(number.doubleValue)
        case "Q", "L", "I", "S":
            return unsigned(number.uint64Value)
        default:
            return .integer(number.int64Value)
        }
    }

    private static func unsigned(_ value: UInt64) -> JSONInput {
        Int64(exactly: value).map(JSONInput.integer) ?? .number(Double(value))
    }

    private static func double(_ value: Double) -> JSONInput {
        Int64(exactly: value).map(JSONInput.integer) ?? .number(value)
    }

    /// What this is, for messages: `string "abc"`, `number 1.5`, `array of 3 values`.
    var summary: String {
        switch self {
        case .null: "null"
        case .bool(let value): "boolean \(value)"
        case .integer(let value): "number \(value)"
        case .number(let value): "number \(value)"
        case .string(let text): "string \(Literal.quoted(text))"
        case .date(let date): "timestamp \(date)"
        case .data(let data): "binary data (\(data.count) bytes)"
        case .array(let values): "array of \(Literal.count(values.count, "value"))"
        case .object(let entries) where entries.isEmpty: "empty object"
        case .object(let entries): "object with keys \(entries.keys.sorted().prefix(8).joined(separator: ", "))"
        case .other(let description): description
        }
    }
}
