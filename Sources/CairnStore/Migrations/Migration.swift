/// One numbered step of the schema's history. Applied in order, each in its own transaction,
/// recorded in `cairn_schema_version`. Never edit a released migration: add the next one and
/// update `schema.sql` to the new whole.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    /// Every migration, in order.
    public static let all: [Migration] = [
        .initial, .executions, .purge, .leases, .metadataIndexes, .slidingExpiry, .lineage, .catalogSize, .putPath,
    ]
}
