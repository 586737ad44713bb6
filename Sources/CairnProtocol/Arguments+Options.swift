import CairnCore
import Foundation

/// Option values shared by `CACHE.PUT` and the catalog commands, read after their option word.
extension Arguments {
    /// The value after `option`.
    public mutating func value(of option: String) throws -> String {
        guard let text = nextString() else { throw CommandError("\(option) needs a value") }
        return text
    }

    /// `TTL <seconds>`: a whole number of seconds in ``NumericRange/ttlSeconds``.
    public mutating func ttl() throws -> Duration {
        .seconds(try integer("TTL", in: .ttlSeconds))
    }

    /// `META <key> <value>`; a repeated key keeps the last value.
    public mutating func metadataEntry(into metadata: inout [String: String]) throws {
        guard let key = nextString(), let value = nextString() else {
            throw CommandError("META needs a key and a value")
        }
        metadata[key] = value
    }

    /// `META <key> <value>` of a listing: a condition added to the others (a repeated key is AND-ed).
    public mutating func metadataCondition(into filter: inout MetadataFilter) throws {
        guard let key = nextString(), let value = nextString() else {
            throw CommandError("META needs a key and a value")
        }
        filter.require(key, equals: value)
    }

    /// `PARTITION <key> <value>` (artifacts); a repeated key keeps the last value.
    public mutating func partitionEntry(into partitions: inout [String: String]) throws {
        guard let key = nextString(), let value = nextString() else {
            throw CommandError("PARTITION needs a key and a value")
        }
        partitions[key] = value
    }

    /// `BLOB <uri> <size> <sha256>`.
    public mutating func blob() throws -> BlobReference {
        guard let uri = nextString() else { throw CommandError("BLOB needs a uri, a size and a sha256") }
        let size = try integer("BLOB size", in: .byteCount)
        guard let hex = nextString() else { throw CommandError("BLOB needs a uri, a size and a sha256") }
        return try CommandError.wrap { try BlobReference(uri: uri, size: size, sha256: SHA256Digest(hex: hex)) }
    }

    /// `DATA <name> <value> [<name> <value>]…`: every argument left, as inline items.
    public mutating func data() throws -> [DataItem] {
        guard remaining > 0, remaining % 2 == 0 else { throw CommandError("DATA needs name value pairs") }
        var items: [DataItem] = []
        while let name = nextString() {
            let value = next()!
            items.append(try CommandError.wrap { try DataItem.inline(name, Array(value.readableBytesView)) })
        }
        return items
    }

    /// `LIMIT <n>`: a page size in ``NumericRange/pageSize`` (the store clamps it to its maximum).
    public mutating func pageLimit() throws -> Int {
        Int(try integer("LIMIT", in: .pageSize))
    }

    /// A Unix time in milliseconds (``NumericRange/unixMilliseconds``), after `option`.
    public mutating func unixMilliseconds(_ option: String) throws -> Date {
        Date(unixMilliseconds: try integer(option, in: .unixMilliseconds))
    }

    /// An artifact id (a UUID).
    public mutating func artifactID() throws -> ArtifactID {
        let text = nextString() ?? ""
        return try CommandError.wrap { try ArtifactID(parsing: text) }
    }

    /// `<artifact-id>` or `<dataset> <tag>`: a dataset token contains `/`, an id never does.
    public mutating func artifactReference(command: String) throws -> ArtifactReference {
        guard let first = peekString(), first.contains("/") else { return .id(try artifactID()) }
        let dataset = try self.dataset()
        guard remaining > 0 else { throw CommandError("\(command) needs a tag after the dataset \(dataset)") }
        return .tag(dataset, try tag())
    }

    /// The next option word, upper-cased, or `nil` at the end.
    /// - Throws: a syntax error naming `command` when the word is not one of `allowed`.
    public mutating func option(of command: String, allowed: Set<String>) throws -> String? {
        guard let option = nextString()?.uppercased() else { return nil }
        guard allowed.contains(option) else {
            throw CommandError(
                "syntax error: unknown \(command) option '\(option.prefix(32))' "
                    + "(expected \(allowed.sorted().joined(separator: ", ")))")
        }
        return option
    }
}
