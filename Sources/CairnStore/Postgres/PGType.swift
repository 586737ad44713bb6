import CLibPQ

/// The PostgreSQL type OIDs Cairn binds and reads in binary format.
enum PGType {
    static let bool: Oid = 16
    static let bytea: Oid = 17
    static let int8: Oid = 20
    static let int2: Oid = 21
    static let int4: Oid = 23
    static let text: Oid = 25
    static let jsonb: Oid = 3802
    static let uuid: Oid = 2950
    static let timestamptz: Oid = 1184
    static let interval: Oid = 1186
    static let textArray: Oid = 1009
    static let byteaArray: Oid = 1001
    static let int8Array: Oid = 1016
    static let int4Array: Oid = 1007
    static let boolArray: Oid = 1000
    static let jsonbArray: Oid = 3807
    static let uuidArray: Oid = 2951
    static let timestamptzArray: Oid = 1185
    static let intervalArray: Oid = 1187

    /// Microseconds between the Unix epoch and PostgreSQL's, 2000-01-01 00:00:00 UTC.
    static let epochOffsetMicroseconds: Int64 = 946_684_800 * 1_000_000
}
