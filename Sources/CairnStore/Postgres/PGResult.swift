import CLibPQ
import CairnCore
import Foundation

/// A query result in binary format. Owns the `PGresult` and clears it when released.
///
/// Not `Sendable`: it is read on the worker thread that received it, inside the request's decode
/// closure, and never escapes that closure.
final class PGResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    var status: ExecStatusType { PQresultStatus(handle) }
    var rowCount: Int { Int(PQntuples(handle)) }
    var columnCount: Int { Int(PQnfields(handle)) }
    /// Rows a command touched (`UPDATE`, `DELETE`, `INSERT`).
    var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// The raw binary value; empty for NULL.
    func raw(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer {
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let pointer = PQgetvalue(handle, Int32(row), Int32(column)) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    func string(_ row: Int, _ column: Int) -> String {
        String(decoding: raw(row, column), as: UTF8.self)
    }

    func optionalString(_ row: Int, _ column: Int) -> String? {
        isNull(row, column) ? nil : string(row, column)
    }

    func bytes(_ row: Int, _ column: Int) -> [UInt8] { Array(raw(row, column)) }

    func int64(_ row: Int, _ column: Int) -> Int64 { PGBinary.integer(raw(row, column)) }

    func optionalInt64(_ row: Int, _ column: Int) -> Int64? { isNull(row, column) ? nil : int64(row, column) }

    func bool(_ row: Int, _ column: Int) -> Bool { raw(row, column).first == 1 }

    func date(_ row: Int, _ column: Int) -> Date { PGBinary.date(raw(row, column)) }

    func optionalDate(_ row: Int, _ column: Int) -> Date? { isNull(row, column) ? nil : date(row, column) }

    func artifactID(_ row: Int, _ column: Int) throws -> ArtifactID {
        guard let id = ArtifactID(bytes: raw(row, column)) else {
            throw CairnError(.internalError, "column \(column) is not a 16-byte uuid")
        }
        return id
    }

    func optionalArtifactID(_ row: Int, _ column: Int) throws -> ArtifactID? {
        isNull(row, column) ? nil : try artifactID(row, column)
    }

    /// A `jsonb` object of strings (binary jsonb is a version byte, then JSON text).
    func jsonMap(_ row: Int, _ column: Int) throws -> [String: String] {
        let value = raw(row, column)
        guard value.count >= 1 else { return [:] }
        return try JSONMap.decode(UnsafeRawBufferPointer(rebasing: value.dropFirst()))
    }

    /// A one-dimensional array; NULL arrays read as empty, NULL elements as `nil`.
    func array<T>(_ row: Int, _ column: Int, _ element: (UnsafeRawBufferPointer) throws -> T) throws -> [T?] {
        if isNull(row, column) { return [] }
        return try PGBinary.array(raw(row, column), element)
    }

    func textArray(_ row: Int, _ column: Int) throws -> [String?] {
        try array(row, column) { String(decoding: $0, as: UTF8.self) }
    }
}

/// Decoding of PostgreSQL binary values.
enum PGBinary {
    static func integer<I: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer) -> I {
        var value: I = 0
        for byte in bytes { value = value << 8 | I(byte) }
        return value
    }

    static func date(_ bytes: UnsafeRawBufferPointer) -> Date {
        let micros: Int64 = integer(bytes)
        // In Double: ±infinity (Int64.max/min, written by SQL) must not overflow the addition.
        return Date(timeIntervalSince1970: (Double(micros) + Double(PGType.epochOffsetMicroseconds)) / 1_000_000)
    }

    static func array<T>(_ bytes: UnsafeRawBufferPointer, _ element: (UnsafeRawBufferPointer) throws -> T) throws
        -> [T?]
    {
        var cursor = 0
        func next(_ count: Int) throws -> UnsafeRawBufferPointer {
            guard cursor + count <= bytes.count else {
                throw CairnError(.internalError, "truncated binary array from PostgreSQL")
            }
            defer { cursor += count }
            return UnsafeRawBufferPointer(rebasing: bytes[cursor..<cursor + count])
        }
        let dimensions: Int32 = integer(try next(4))
        _ = try next(8)  // has-null flag, element type
        if dimensions == 0 { return [] }
        guard dimensions == 1 else { throw CairnError(.internalError, "unexpected \(dimensions)-dimensional array") }
        let count: Int32 = integer(try next(4))
        _ = try next(4)  // lower bound
        var values: [T?] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length: Int32 = integer(try next(4))
            if length < 0 {
                values.append(nil)
            } else {
                values.append(try element(try next(Int(length))))
            }
        }
        return values
    }
}
