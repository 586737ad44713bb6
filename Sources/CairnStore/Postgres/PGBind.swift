import CLibPQ
import CairnCore
import Foundation

/// Query parameters encoded in PostgreSQL's binary format, kept in one flat buffer so that
/// sending them allocates nothing per parameter.
struct PGBind: Sendable {
    private(set) var types: [Oid] = []
    private var buffer: [UInt8] = []
    /// Offset of each value in `buffer`, or -1 for SQL NULL.
    private var offsets: [Int] = []
    private var lengths: [Int32] = []

    init() {}

    var count: Int { types.count }

    mutating func appendNull(_ type: Oid) {
        types.append(type)
        offsets.append(-1)
        lengths.append(0)
    }

    private mutating func begin(_ type: Oid) -> Int {
        types.append(type)
        offsets.append(buffer.count)
        return buffer.count
    }

    private mutating func end(_ start: Int) { lengths.append(Int32(buffer.count - start)) }

    private mutating func appendRaw<I: FixedWidthInteger>(_ value: I) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }

    mutating func append(_ value: String) {
        let start = begin(PGType.text)
        buffer.append(contentsOf: value.utf8)
        end(start)
    }

    mutating func append(_ value: String?) {
        if let value { append(value) } else { appendNull(PGType.text) }
    }

    mutating func append(_ value: Int64) {
        let start = begin(PGType.int8)
        appendRaw(value)
        end(start)
    }

    mutating func append(_ value: Int64?) {
        if let value { append(value) } else { appendNull(PGType.int8) }
    }

    mutating func append(_ value: Bool) {
        let start = begin(PGType.bool)
        buffer.append(value ? 1 : 0)
        end(start)
    }

    mutating func append(bytes: [UInt8]) {
        let start = begin(PGType.bytea)
        buffer.append(contentsOf: bytes)
        end(start)
    }

    mutating func append(_ value: ArtifactID) {
        let start = begin(PGType.uuid)
        buffer.append(contentsOf: value.bytes)
        end(start)
    }

    mutating func append(_ value: ArtifactID?) {
        if let value { append(value) } else { appendNull(PGType.uuid) }
    }

    mutating func append(_ value: Date?) {
        guard let value else { return appendNull(PGType.timestamptz) }
        let start = begin(PGType.timestamptz)
        appendRaw(Self.microseconds(value))
        end(start)
    }

    /// An `interval` of `duration`, in whole microseconds.
    mutating func append(interval duration: Duration) {
        let start = begin(PGType.interval)
        Self.encode(interval: duration, into: &buffer)
        end(start)
    }

    /// Microseconds, days (0), months (0). Saturating: callers bound durations (leases, TTLs), and
    /// one beyond Int64 microseconds reaches PostgreSQL as a value it rejects rather than a trap here.
    private static func encode(interval duration: Duration, into target: inout [UInt8]) {
        let (seconds, attoseconds) = duration.components
        let micros = Int64(clamping: Int128(seconds) * 1_000_000 + Int128(attoseconds / 1_000_000_000_000))
        withUnsafeBytes(of: micros.bigEndian) { target.append(contentsOf: $0) }
        withUnsafeBytes(of: Int32(0).bigEndian) { target.append(contentsOf: $0) }  // days
        withUnsafeBytes(of: Int32(0).bigEndian) { target.append(contentsOf: $0) }  // months
    }

    /// A `jsonb` object of string values, keys sorted so equal maps give equal bytes.
    mutating func append(json map: [String: String]) {
        let start = begin(PGType.jsonb)
        buffer.append(1)  // jsonb binary format version
        buffer.append(contentsOf: JSONMap.encode(map).utf8)
        end(start)
    }

    mutating func append(textArray values: [String?]) {
        appendArray(PGType.textArray, element: PGType.text, values) { $0.append(contentsOf: $1.utf8) }
    }

    mutating func append(byteaArray values: [[UInt8]?]) {
        appendArray(PGType.byteaArray, element: PGType.bytea, values) { $0.append(contentsOf: $1) }
    }

    mutating func append(int8Array values: [Int64?]) {
        appendArray(PGType.int8Array, element: PGType.int8, values) { target, value in
            withUnsafeBytes(of: value.bigEndian) { target.append(contentsOf: $0) }
        }
    }

    mutating func append(int4Array values: [Int32?]) {
        appendArray(PGType.int4Array, element: PGType.int4, values) { target, value in
            withUnsafeBytes(of: value.bigEndian) { target.append(contentsOf: $0) }
        }
    }

    mutating func append(boolArray values: [Bool]) {
        appendArray(PGType.boolArray, element: PGType.bool, values.map { $0 }) { $0.append($1 ? 1 : 0) }
    }

    mutating func append(jsonArray maps: [[String: String]]) {
        appendArray(PGType.jsonbArray, element: PGType.jsonb, maps.map { $0 }) { target, map in
            target.append(1)
            target.append(contentsOf: JSONMap.encode(map).utf8)
        }
    }

    mutating func append(uuidArray values: [ArtifactID]) {
        appendArray(PGType.uuidArray, element: PGType.uuid, values.map { $0 }) { $0.append(contentsOf: $1.bytes) }
    }

    mutating func append(timestamptzArray values: [Date?]) {
        appendArray(PGType.timestamptzArray, element: PGType.timestamptz, values) { target, value in
            withUnsafeBytes(of: Self.microseconds(value).bigEndian) { target.append(contentsOf: $0) }
        }
    }

    mutating func append(intervalArray values: [Duration?]) {
        appendArray(PGType.intervalArray, element: PGType.interval, values) { target, value in
            Self.encode(interval: value, into: &target)
        }
    }

    /// One-dimensional array: ndim, has-null flag, element OID, length, lower bound, then each
    /// element as a length (-1 for NULL) and its bytes.
    private mutating func appendArray<T>(
        _ type: Oid, element: Oid, _ values: [T?], encode: (inout [UInt8], T) -> Void
    ) {
        let start = begin(type)
        appendRaw(Int32(values.isEmpty ? 0 : 1))
        appendRaw(Int32(values.contains { $0 == nil } ? 1 : 0))
        appendRaw(UInt32(element))
        if !values.isEmpty {
            appendRaw(Int32(values.count))
            appendRaw(Int32(1))
        }
        for value in values {
            guard let value else {
                appendRaw(Int32(-1))
                continue
            }
            let lengthAt = buffer.count
            appendRaw(Int32(0))
            encode(&buffer, value)
            let length = Int32(buffer.count - lengthAt - 4).bigEndian
            withUnsafeBytes(of: length) { bytes in
                for index in 0..<4 { buffer[lengthAt + index] = bytes[index] }
            }
        }
        end(start)
    }

    /// PostgreSQL's binary timestamp: microseconds since 2000-01-01. Never traps: a date beyond what
    /// an Int64 holds (callers range-check their inputs, this is the backstop) saturates one short of
    /// PostgreSQL's ±infinity, which the server then rejects as out of range instead of storing.
    static func microseconds(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000_000).rounded() - Double(PGType.epochOffsetMicroseconds)
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else {
            return value < 0 ? Int64.min + 1 : Int64.max - 1
        }
        return Int64(value)
    }

    /// Calls `body` with the C arrays libpq takes: values, lengths and formats (all binary).
    func withParameters<R>(
        _ body: (_ values: [UnsafePointer<CChar>?], _ lengths: [Int32], _ formats: [Int32]) -> R
    ) -> R {
        // A zero-length value needs a non-NULL pointer, so the buffer is never empty.
        var storage = buffer
        storage.append(0)
        let formats = [Int32](repeating: 1, count: count)
        return storage.withUnsafeBufferPointer { base in
            let start = UnsafeRawPointer(base.baseAddress!)
            let values = offsets.map { offset -> UnsafePointer<CChar>? in
                offset < 0 ? nil : (start + offset).assumingMemoryBound(to: CChar.self)
            }
            return body(values, lengths, formats)
        }
    }
}
