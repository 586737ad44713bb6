/// Metadata entries a listed dataset or artifact must all carry (`META key value`, AND-ed). A key
/// required with two different values matches nothing, as the AND of the two does; the same value
/// twice is one condition. Written as a dictionary literal when each key has one value.
public struct MetadataFilter: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    /// The values each key must have; more than one value for a key matches nothing.
    public private(set) var values: [String: Set<String>] = [:]

    /// No condition: everything matches.
    public init() {}

    /// One condition per entry.
    public init(_ entries: [String: String]) {
        for (key, value) in entries { require(key, equals: value) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        for (key, value) in elements { require(key, equals: value) }
    }

    /// Whether there is no condition.
    public var isEmpty: Bool { values.isEmpty }

    /// Adds the condition that `key` has `value`.
    public mutating func require(_ key: String, equals value: String) {
        values[key, default: []].insert(value)
    }

    /// Every condition, by key, then by value.
    public var entries: [(key: String, value: String)] {
        values.keys.sorted().flatMap { key in values[key, default: []].sorted().map { (key, $0) } }
    }
}
