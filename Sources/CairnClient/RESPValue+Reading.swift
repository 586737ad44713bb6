import CairnCore
import CairnProtocol
import Foundation
import NIOCore

/// Reading typed fields out of replies; a value of the wrong shape throws
/// ``CairnClientError/Code/unexpectedReply`` naming the field.
extension RESPValue {
    var isNull: Bool { self == .null }

    /// A bulk or simple string as UTF-8 text.
    func string(_ field: String) throws -> String {
        switch self {
        case .bulkString(let bytes): return String(buffer: bytes)
        case .simpleString(let text): return text
        default: throw unexpected(field, "a string")
        }
    }

    /// A bulk string's bytes.
    func bytes(_ field: String) throws -> [UInt8] {
        guard case .bulkString(let bytes) = self else { throw unexpected(field, "a bulk string") }
        return Array(bytes.readableBytesView)
    }

    /// An integer, or a string of one.
    func integer(_ field: String) throws -> Int64 {
        switch self {
        case .integer(let value): return value
        case .bulkString, .simpleString:
            guard let value = Int64(try string(field)) else { throw unexpected(field, "an integer") }
            return value
        default: throw unexpected(field, "an integer")
        }
    }

    /// An array (or RESP3 set) of values.
    func array(_ field: String) throws -> [RESPValue] {
        guard case .array(let values) = self else { throw unexpected(field, "an array") }
        return values
    }

    /// Key/value pairs: a RESP3 map, or the flat array `k1 v1 k2 v2 …` a RESP2 connection gets.
    func pairs(_ field: String) throws -> [(key: RESPValue, value: RESPValue)] {
        switch self {
        case .map(let pairs): return pairs
        case .array(let values) where values.count % 2 == 0:
            return stride(from: 0, to: values.count, by: 2).map { (key: values[$0], value: values[$0 + 1]) }
        default: throw unexpected(field, "a map")
        }
    }

    /// A map of strings to strings.
    func stringMap(_ field: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in try pairs(field) { result[try pair.key.string(field)] = try pair.value.string(field) }
        return result
    }

    /// A map keyed by text, for records.
    func record(_ field: String) throws -> [String: RESPValue] {
        var result: [String: RESPValue] = [:]
        for pair in try pairs(field) { result[try pair.key.string(field)] = pair.value }
        return result
    }

    /// Unix milliseconds as a date.
    func date(_ field: String) throws -> Date {
        Date(timeIntervalSince1970: Double(try integer(field)) / 1000)
    }

    /// Unix milliseconds, or null.
    func optionalDate(_ field: String) throws -> Date? {
        isNull ? nil : try date(field)
    }

    func unexpected(_ field: String, _ expected: String) -> CairnClientError {
        CairnClientError(
            .unexpectedReply, "\(field): expected \(expected), got \(String(describing: self).prefix(120))")
    }
}

extension CairnClientError {
    /// Runs `body`, reporting a reply that breaks a domain rule (an invalid name, a bad digest) as
    /// ``Code/unexpectedReply``: the server should never send one.
    static func decoding<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CairnError {
            throw CairnClientError(.unexpectedReply, "\(what): \(error)")
        }
    }
}
