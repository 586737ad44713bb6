import CairnCore
import CairnProtocol

/// A request that a fresh catalog answers, one or more per command of the command table, with the
/// positions that hold numbers marked by the argument name and range the server checks them against.
/// The boundary test mutates every position of every template.
struct CommandTemplate: Sendable, CustomStringConvertible {
    /// The words, command name first.
    var words: [String]
    /// Positions of numeric arguments: the name the error must give, and the range it must enforce.
    var numbers: [Int: Number] = [:]
    /// Whether the template itself succeeds (false for one that exists to reach an error path).
    var succeeds = true

    struct Number: Sendable {
        var argument: String
        var range: NumericRange
    }

    var name: String { words[0] }
    var description: String { words.map { $0.count > 40 ? "<\($0.utf8.count) bytes>" : $0 }.joined(separator: " ") }

    init(_ words: [String], numbers: [Int: Number] = [:], succeeds: Bool = true) {
        self.words = words
        self.numbers = numbers
        self.succeeds = succeeds
    }

    static let dataset = "bounds/dev/task/v1"
    /// A dataset with the partition key `day`, made by ``setup``.
    static let partitioned = "bounds/dev/parted/v1"
    /// Purges select only this dataset, which nothing else uses.
    static let purged = "bounds/dev/purged/v1"
    static let artifact = "6f1c9a52-3d41-4c0e-9e2a-5b7f1d8e0a11"
    static let sha = String(repeating: "ab", count: 32)

    /// Requests that make the templates' baseline succeed.
    static let setup: [[String]] = [
        ["DATASET.CREATE", partitioned, "PARTITION", "day"],
        ["CACHE.PUT", dataset, "t1", "DATA", "o0", "v"],
        ["ARTIFACT.CREATE", partitioned, "ID", artifact, "PARTITION", "day", "d1", "TAG", "t1", "DATA", "o0", "v"],
    ]

    private static func n(_ argument: String, _ range: NumericRange) -> Number {
        Number(argument: argument, range: range)
    }

    /// At least one template per command of ``CommandTable/all`` (a test checks it).
    static let all: [CommandTemplate] = [
        CommandTemplate(["PING", "hello"]),
        CommandTemplate(["ECHO", "hello"]),
        CommandTemplate(["QUIT"]),
        CommandTemplate(["SELECT", "0"]),
        CommandTemplate(["HELLO", "2", "SETNAME", "bounds"]),
        CommandTemplate(["AUTH", "reader", "secret"], succeeds: false),
        CommandTemplate(["CLIENT", "SETNAME", "bounds"]),
        CommandTemplate(["CLIENT", "SETINFO", "LIB-NAME", "bounds"]),
        CommandTemplate(["CLIENT", "GETNAME"]),
        CommandTemplate(["CLIENT", "ID"]),
        CommandTemplate(["COMMAND", "DOCS", "CACHE.GET"]),
        CommandTemplate(["COMMAND", "INFO", "PING"]),
        CommandTemplate(["COMMAND", "COUNT"]),
        CommandTemplate(["INFO", "server", "stats"]),
        CommandTemplate(["CACHE.GET", dataset, "t1"]),
        CommandTemplate(["CACHE.MGET", dataset, "t1", dataset, "t2"]),
        CommandTemplate(
            [
                "CACHE.PUT", dataset, "p1", "TTL", "60", "SLIDING", "META", "k", "v", "BLOB", "s3://b/k", "5", sha,
                "FENCE", "1", "OVERWRITE", "INPUT", "x", sha, "1", "DATA", "o0", "v",
            ],
            numbers: [4: n("TTL", .ttlSeconds), 11: n("BLOB size", .byteCount), 14: n("FENCE", .fencingToken)]),
        CommandTemplate(["CACHE.EVICT", dataset, "gone"]),
        CommandTemplate(["CACHE.EXPLAIN", dataset, "p1", "x=\(sha)", "y=\(sha.prefix(62))00"]),
        CommandTemplate(
            ["CACHE.RESERVE", dataset, "r1", "owner-1", "1000"], numbers: [4: n("lease-ms", .leaseMilliseconds)]),
        CommandTemplate(["CACHE.RELEASE", dataset, "r1", "owner-1"]),
        CommandTemplate(["DATASET.CREATE", "bounds/dev/made/v1", "META", "k", "v"]),
        CommandTemplate(["DATASET.GET", partitioned]),
        CommandTemplate(
            ["DATASET.LIST", "PROJECT", "bounds", "DOMAIN", "dev", "PREFIX", "pa", "LIMIT", "10", "META", "k", "v"],
            numbers: [8: n("LIMIT", .pageSize)]),
        CommandTemplate(["DATASET.LIST", "CURSOR", "not-a-cursor"], succeeds: false),
        CommandTemplate(
            [
                "ARTIFACT.CREATE", partitioned, "TTL", "60", "META", "k", "v", "PARTITION", "day", "d2", "TAG", "c1",
                "BLOB", "s3://b/k", "5", sha, "DATA", "o0", "v",
            ],
            numbers: [3: n("TTL", .ttlSeconds), 14: n("BLOB size", .byteCount)]),
        CommandTemplate(["ARTIFACT.GET", partitioned, "t1"]),
        CommandTemplate(["ARTIFACT.GET", artifact]),
        CommandTemplate(
            [
                "ARTIFACT.LIST", partitioned, "TAG", "t1", "PARTITION", "day", "d1", "CREATED-FROM", "0",
                "CREATED-BEFORE", "253402300799999", "VALUES", "LIMIT", "5", "META", "k", "v",
            ],
            numbers: [
                8: n("CREATED-FROM", .unixMilliseconds), 10: n("CREATED-BEFORE", .unixMilliseconds),
                13: n("LIMIT", .pageSize),
            ]),
        CommandTemplate(["ARTIFACT.LIST", partitioned, "CURSOR", "not-a-cursor"], succeeds: false),
        CommandTemplate(
            [
                "ARTIFACT.UPDATE", partitioned, "t1", "TTL", "60", "META", "k", "v", "BLOB", "s3://b/k", "5", sha,
                "DATA", "o0", "w",
            ],
            numbers: [4: n("TTL", .ttlSeconds), 10: n("BLOB size", .byteCount)]),
        CommandTemplate(["ARTIFACT.UPDATE", artifact, "PERSIST", "DATA", "o0", "v"]),
        CommandTemplate(["ARTIFACT.DELETE", "0b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]),
        CommandTemplate(["TAG.ADD", partitioned, "t9", artifact, "OVERWRITE"]),
        CommandTemplate(
            [
                "ADMIN.PURGE", "DRYRUN", "DATASET", purged, "TAG", "t1", "CREATED-BEFORE", "1d", "NOT-HIT-SINCE",
                "2026-01-01T00:00:00Z", "EXPIRED", "MAX-TOTAL-SIZE", "1MiB", "BATCH", "10",
            ],
            numbers: [14: n("BATCH", .purgeBatch)]),
        CommandTemplate(["ADMIN.PURGE", "PROJECT", "bounds", "DOMAIN", "dev", "NAME-PREFIX", "purged", "DRYRUN"]),
    ]

    /// The boundary values every position gets: numbers at and past the edges of Int64 and of
    /// floating point, text that is empty, huge, not UTF-8 or not a keyword.
    static let values: [(label: String, bytes: [UInt8])] = [
        ("0", Array("0".utf8)), ("-1", Array("-1".utf8)), ("-0", Array("-0".utf8)),
        ("Int64.max", Array("9223372036854775807".utf8)), ("Int64.min", Array("-9223372036854775808".utf8)),
        ("2^63", Array("9223372036854775808".utf8)), ("9223372036854", Array("9223372036854".utf8)),
        ("9223372036854776", Array("9223372036854776".utf8)), ("1e308", Array("1e308".utf8)),
        ("NaN", Array("NaN".utf8)), ("huge digits", Array(String(repeating: "9", count: 400).utf8)),
        ("empty", []), ("1 MiB", [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)),
        ("non-UTF-8", [0xff, 0xfe, 0x00, 0xc3, 0x28]), ("wrong keyword", Array("BOGUS".utf8)),
        ("keyword of another command", Array("PERSIST".utf8)),
    ]
}
