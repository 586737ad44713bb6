import CairnCore
import Foundation
import NIOCore

/// Reading typed fields out of replies; a value of the wrong shape throws ``UnexpectedReply``
/// naming the field.
extension RESPValue {
    /// Whether this is the null reply.
    public var isNull: Bool { self == .null }

    /// A bulk or simple string as UTF-8 text.
    public func string(_ field: String) throws -> String {
        switch self {
        case .bulkString(let bytes): return String(buffer: bytes)
        case .simpleString(let text): return text
        default: throw unexpected(field, "a string")
        }
    }

    /// A bulk string's bytes.
    public func bytes(_ field: String) throws -> [UInt8] {
        guard case .bulkString(let bytes) = self else { throw unexpected(field, "a bulk string") }
        return Array(bytes.readableBytesView)
    }

    /// An integer, or a string of one.
    public func integer(_ field: String) throws -> Int64 {
        switch self {
        case .integer(let value): return value
        case .bulkString, .simpleString:
            guard let value = Int64(try string(field)) else { throw unexpected(field, "an integer") }
            return value
        default: throw unexpected(field, "an integer")
        }
    }

    /// `:1` as true, `:0` as false (also RESP3 booleans).
    public func flag(_ field: String) throws -> Bool {
        if case .boolean(let value) = self { return value }
        switch try integer(field) {
        case 0: return false
        case 1: return true
        default: throw unexpected(field, "0 or 1")
        }
    }

    /// An array (or RESP3 set) of values.
    public func array(_ field: String) throws -> [RESPValue] {
        guard case .array(let values) = self else { throw unexpected(field, "an array") }
        return values
    }

    /// An array of exactly `count` values.
    public func array(_ field: String, count: Int, shape: String) throws -> [RESPValue] {
        let values = try array(field)
        guard values.count == count else { throw unexpected(field, shape) }
        return values
    }

    /// Key/value pairs: a RESP3 map, or the flat array `k1 v1 k2 v2 …` a RESP2 connection gets.
    public func pairs(_ field: String) throws -> [(key: RESPValue, value: RESPValue)] {
        switch self {
        case .map(let pairs): return pairs
        case .array(let values) where values.count % 2 == 0:
            return stride(from: 0, to: values.count, by: 2).map { (key: values[$0], value: values[$0 + 1]) }
        default: throw unexpected(field, "a map")
        }
    }

    /// A map of strings to strings.
    public func stringMap(_ field: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in try pairs(field) { result[try pair.key.string(field)] = try pair.value.string(field) }
        return result
    }

    /// A map keyed by text, for records.
    public func record(_ field: String) throws -> [String: RESPValue] {
        var result: [String: RESPValue] = [:]
        for pair in try pairs(field) { result[try pair.key.string(field)] = pair.value }
        return result
    }

    /// Unix milliseconds as a date.
    public func date(_ field: String) throws -> Date {
        Date(unixMilliseconds: try integer(field))
    }

    /// Unix milliseconds, or null.
    public func optionalDate(_ field: String) throws -> Date? {
        isNull ? nil : try date(field)
    }

    /// The error for this value where `field` should be `expected`.
    public func unexpected(_ field: String, _ expected: String) -> UnexpectedReply {
        UnexpectedReply("\(field): expected \(expected), got \(String(describing: self).prefix(120))")
    }
}

extension UnexpectedReply {
    /// Runs `body`, reporting a reply that breaks a domain rule (an invalid name, a bad digest) as
    /// an unexpected reply: the server should never send one.
    public static func decoding<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CairnError {
            throw UnexpectedReply("\(what): \(error)")
        }
    }

    /// `record[name]`, or an unexpected reply naming the missing field.
    public static func field(_ record: [String: RESPValue], _ name: String) throws -> RESPValue {
        guard let value = record[name] else {
            throw UnexpectedReply("record has no \(name): keys \(record.keys.sorted())")
        }
        return value
    }
}
